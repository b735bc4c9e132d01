"""Text from the data cannot run as script in any exported HTML (charts and report)."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis import config
from analysis.charts import export
from analysis.charts.frequency import chart_stacked
from analysis.charts.map import chart_map
from tests.conftest import RAW_COLUMNS, make_row, write_csv

pytestmark = pytest.mark.browser
HOSTILE = ["<img src=x onerror=\"window.__xss='img'\">", "<script>window.__xss='script'</script>"]


# Hover labels are built only on hover: show each trace's first point's label in turn.
HOVER_EVERY_POINT = """() => {
  let shown = 0;
  if (!window.Plotly) return shown;
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    (gd.data || []).forEach((trace, i) => {
      if (trace.hoverinfo === 'skip') return;
      const point = trace.type === 'heatmap' ? [0, 0] : 0;
      try { Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: point}]); } catch (e) { return; }
      shown += document.querySelectorAll('.hovertext').length;
    });
  }
  return shown;
}"""


def _hostile_incidents() -> pd.DataFrame:
    rows = [("2023-10-20", "Jordan", "Jordan", "us", HOSTILE[0], 33.3, 38.7),
            ("2023-11-20", "Iraq - Anbar/West", "Iraq", "us", HOSTILE[1], 33.8, 42.4)]
    return pd.DataFrame(rows, columns=["event_date", "region", "country", "target_type",
                                       "site_name", "latitude", "longitude"])


def _xss_after_hover(browser, path, selector) -> tuple[object, list[str], int]:
    """Open a page, hover every trace, return (window.__xss, dialogs seen, labels shown)."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(selector, timeout=30_000)
    hovered = page.evaluate(HOVER_EVERY_POINT)
    page.wait_for_timeout(300)
    flag = page.evaluate("window.__xss")
    page.close()
    return flag, dialogs, hovered


def _assert_inert(browser, path, selector):
    flag, dialogs, hovered = _xss_after_hover(browser, path, selector)
    assert (flag, dialogs) == (None, [])
    assert hovered > 0


def test_chart_html__hostile_site_names_stay_text(browser, tmp_path):
    incidents = _hostile_incidents()
    figure = chart_map(incidents, window="test")
    table = pd.DataFrame({"period_start": ["2023-10-01"], "place": [HOSTILE[1]], "attacks": [1]})
    stacked = chart_stacked(table, level="site", freq="month", window=HOSTILE[0],
                                   start="2023-10-17", end="2023-10-31")
    for name, fig in {"map": figure, "stacked": stacked}.items():
        path = export.write_html(fig, tmp_path / f"{name}.html")
        _assert_inert(browser, path, ".js-plotly-plot .main-svg")


def test_report_html__hostile_rows_stay_text(browser, tmp_path):
    rows = [make_row(site="Ain al-Asad Air Base"),
            make_row(report_id="r-2", event_date="2023-12-01", claimed_by=HOSTILE[0],
                     summary=HOSTILE[1], outlet=HOSTILE[0], source_url="https://example.org/x")]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "analysis", "run", "--input", str(raw), "--out",
                           str(out), "-p", "export_static", "false"], capture_output=True,
                          text=True, cwd=config.PROJECT_ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    report = out / "report.html"
    text = report.read_text()
    assert "&lt;img src=x onerror" in text  # in the incident table and the charts' labels
    assert HOSTILE[0] not in text
    assert HOSTILE[1] not in text
    _assert_inert(browser, report, "table#incidents.dataTable")


def test_xss_check__catches_live_markup(browser, tmp_path):
    page = tmp_path / "live.html"
    page.write_text("<html><body><div class='js-plotly-plot'><svg class='main-svg'></svg></div>"
                    f"{HOSTILE[0]}</body></html>")
    flag, _, _ = _xss_after_hover(browser, page, ".js-plotly-plot .main-svg")
    assert flag == "img"
