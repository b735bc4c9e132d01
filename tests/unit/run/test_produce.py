"""The command line writes the static chart files from what notebook 2 showed."""

from __future__ import annotations

import shutil

from analysis import config
from analysis.charts import export
from analysis.charts.sizing import SIZES
from analysis.run import produce
from analysis.run.location import Layout


def _stage_with_notebook(tmp_path) -> Layout:
    stage = Layout.under(tmp_path / "stage")
    stage.notebooks.mkdir(parents=True)
    shutil.copyfile(config.NOTEBOOKS_DIR / config.NOTEBOOKS[1],
                    stage.notebooks / config.NOTEBOOKS[1])
    return stage


def test_export_static__every_shown_chart_at_the_run_size(tmp_path, monkeypatch):
    asked = {}
    monkeypatch.setattr(export, "write_static", lambda figures, directory, size: asked.update(
        names=sorted(figures), directory=directory, size=size))
    stage = _stage_with_notebook(tmp_path)
    assert produce._export_static({"chart_size": "print"}, stage) is None
    assert asked["names"] == sorted(["attacks_stacked", "attacks_heatmap", "attacks_cumulative",
                                     "attacks_small_multiples", "attacks_map",
                                     "claims_vs_recorded_2026", "attacks_by_phase",
                                     "coverage_by_month"])
    assert asked["directory"] == stage.figures
    assert asked["size"] == SIZES["print"]


def test_export_static__a_failed_browser_is_said_once_by_the_run(tmp_path, monkeypatch):
    def fail(*_args, **_kwargs):
        raise export.StaticExportUnavailableError("static PNG/SVG export skipped: it hung")

    monkeypatch.setattr(export, "write_static", fail)
    problem = produce._export_static({"chart_size": "web"}, _stage_with_notebook(tmp_path))
    assert problem == "static PNG/SVG export skipped: it hung"
