"""The data source named under every chart and in the report follows the run's input."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from analysis import config
from analysis.charts import sizing, style
from analysis.errors import ParameterError
from analysis.inputs import sources

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_describe__project_file_keeps_the_project_note():
    source = sources.describe(config.RAW_INCIDENTS)
    assert (source.fmt, source.chart_note) == ("project", config.SOURCE_NOTE)
    assert "compiled by hand from public reporting" in source.report_sentence


@pytest.mark.parametrize(("fixture", "provider"), [("acled_sample.csv", "ACLED"),
                                                   ("ucdp_sample.csv", "UCDP")])
def test_describe__exports_credit_their_provider_and_file(fixture, provider):
    source = sources.describe(FIXTURES / fixture)
    for text in (source.chart_note, source.report_sentence):
        assert provider in text
        assert fixture in text
        assert "project's incident dataset" not in text
        assert "data/raw/incidents.csv" not in text
        assert str(FIXTURES) not in text  # the file's name, not the machine's folders


def test_describe__forced_format_is_not_detected_again(tmp_path):
    missing = tmp_path / "export.csv"  # not read: the format is given
    assert sources.describe(missing, "ucdp").fmt == "ucdp"


def test_describe__unknown_format():
    with pytest.raises(ParameterError, match="input_format"):
        sources.describe(FIXTURES / "acled_sample.csv", "gdelt")


def test_set_source_note__replaces_only_the_source_line():
    fig = style.apply_layout(go.Figure(), "Title", "Subtitle")
    fig.add_annotation(text="an event label")
    sizing.fit(fig, sizing.WEB, note="Source: A & B <export.csv>")
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["Source: A &amp; B &lt;export.csv&gt;", "an event label"]
