"""Every value that reaches a page is escaped by one path; only http(s) becomes a link."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.publish import comparison, html_tables, report, views

IMG = "<img src=x onerror=alert(1)>"
LATEX = "$x^2$"


def _frame() -> pd.DataFrame:
    return pd.DataFrame({IMG: [IMG], "count": [1234], LATEX: [LATEX]},
                        index=pd.Index([IMG], name=IMG))


def test_styled__headers_caption_and_cells_are_escaped():
    page = html_tables.styled(_frame(), "t", caption=IMG)
    assert "<img" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") == 3  # caption, header, cell
    assert "1,234" in page


def test_styled__tables_are_not_typeset_as_latex():
    page = html_tables.styled(_frame(), "t", caption="c")
    assert "mathjax_ignore" in page
    assert "tex2jax_ignore" in page


def test_frame_html__index_and_headers_escaped_for_notebooks():
    page = html_tables.frame_html(_frame())
    assert "<img" not in page
    # index name and label, header, cell
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") == 4
    assert "mathjax_ignore" in page
    assert page == html_tables.frame_html(_frame())  # no random ids: nbval compares it


def test_period_table__hostile_place_names_stay_text():
    selected = pd.DataFrame({"period_start": ["2023-11-01"] * 2, "place": [IMG, LATEX],
                             "attacks": [2, 1]})
    page = html_tables.styled(report.period_table(selected, "site"), "periods", caption="c")
    assert "<img" not in page
    assert "&lt;img" in page


@pytest.mark.parametrize("url", ["data:text/html,<script>alert(1)</script>",
                                 "javascript:alert(1)", "file:///etc/passwd",
                                 "JAVASCRIPT:alert(1)", " https://x.org"])
def test_source_links__only_http_becomes_a_link(url):
    shown = html_tables.source_links(url)
    assert "href" not in shown or 'href="https://x.org"' in shown
    assert "<script" not in shown


def test_unmatched_table__escaped_not_typeset_and_links_only_http():
    rows = pd.DataFrame({"status": ["only_project"], "project_date": ["2023-11-01"],
                         "project_incident_id": [LATEX], "project_confidence": ["low"],
                         "project_site_name": [IMG],
                         "project_region": ["Jordan"],
                         "project_source_urls": ["javascript:alert(1) ; https://x.org/a"]})
    page = comparison.unmatched_table(rows, "only_project")._repr_html_()
    assert "<img" not in page
    assert "javascript:alert(1)" in page
    assert 'href="javascript' not in page
    assert 'href="https://x.org/a"' in page
    assert "mathjax_ignore" in page


def test_incident_table__notebook_output_not_typeset():
    incidents = pd.DataFrame({"event_date": ["2023-11-01"], "site_name": [LATEX],
                              "source_urls": ["data:text/html,x"]})
    page = views.incident_table(incidents).data
    assert "mathjax_ignore" in page
    assert 'href="data:' not in page
