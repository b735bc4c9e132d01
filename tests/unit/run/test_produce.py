"""The command line writes the static chart files from what notebook 2 showed."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys

import pytest

from analysis import config
from analysis.charts.sizing import SIZES
from analysis.charts.static_export import StaticExportUnavailableError
from analysis.errors import NotebookFailedError
from analysis.run import pipeline, produce
from analysis.run.location import Layout


def _stage_with_notebook(tmp_path) -> Layout:
    stage = Layout.under(tmp_path / "stage")
    stage.notebooks.mkdir(parents=True)
    shutil.copyfile(config.NOTEBOOKS_DIR / config.NOTEBOOKS[1],
                    stage.notebooks / config.NOTEBOOKS[1])
    return stage


class _Exporter:
    """Stands for the exporter started ahead: records what it is asked to write."""

    def __init__(self, failure: str | None = None) -> None:
        self.asked: dict = {}
        self.failure = failure

    def write(self, figures, directory, *, size):
        if self.failure:
            raise StaticExportUnavailableError(self.failure)
        self.asked.update(names=sorted(figures), directory=directory, size=size)


def test_export_static__every_shown_chart_at_the_run_size(tmp_path):
    exporter = _Exporter()
    stage = _stage_with_notebook(tmp_path)
    assert produce._export_static(exporter, {"chart_size": "print"}, stage) is None
    asked = exporter.asked
    assert asked["names"] == sorted(["attacks_stacked", "attacks_heatmap", "attacks_cumulative",
                                     "attacks_small_multiples", "attacks_map",
                                     "claims_vs_recorded_2026", "attacks_by_phase",
                                     "coverage_by_month"])
    assert asked["directory"] == stage.figures
    assert asked["size"] == SIZES["print"]


def test_export_static__a_failed_browser_is_said_once_by_the_run(tmp_path):
    problem = produce._export_static(_Exporter("static PNG/SVG export skipped: it hung"),
                                     {"chart_size": "web"}, _stage_with_notebook(tmp_path))
    assert problem == "static PNG/SVG export skipped: it hung"


class _Kernel:
    def stop(self) -> None:
        pass


def test_execute__work_beside_a_notebook_starts_when_that_notebook_begins(tmp_path, monkeypatch):
    events = []
    monkeypatch.setattr(pipeline.LaunchedKernel, "launch", classmethod(lambda cls, cwd: _Kernel()))
    monkeypatch.setattr(pipeline, "_execute_one",
                        lambda name, *_args: events.append(f"ran {name}"))
    notebooks = {name: {} for name in config.NOTEBOOKS}
    pipeline.execute(notebooks, Layout.under(tmp_path / "stage"), Layout.under(tmp_path),
                     beside={config.NOTEBOOKS[1]: lambda: events.append("exporter started")})
    assert events == [f"ran {config.NOTEBOOKS[0]}", "exporter started",
                      f"ran {config.NOTEBOOKS[1]}"]


def test_produce__a_failed_notebook_stops_the_exporter_started_beside_it(tmp_path, monkeypatch):
    stopped = []

    class Started(_Exporter):
        def stop(self) -> None:
            stopped.append(self)

    def fail_in_notebook_2(routed, stage, layout, first, beside):
        beside[config.NOTEBOOKS[1]]()
        raise NotebookFailedError(config.NOTEBOOKS[1], 3, "ValueError", "bad", tmp_path)

    monkeypatch.setattr(produce.StaticExporter, "start", classmethod(lambda cls: Started()))
    monkeypatch.setattr(produce.pipeline, "execute", fail_in_notebook_2)
    values = {"export_static": True, "chart_size": "web", "input_format": "auto"}
    with pytest.raises(NotebookFailedError):
        produce._produce(values, {"raw_path": str(config.RAW_INCIDENTS)},
                         Layout.under(tmp_path / "stage"), Layout.under(tmp_path), None)
    assert len(stopped) == 1


def test_end_children__leaves_a_child_for_its_owner_to_collect():
    """A child the run kills is not reaped by the run: its owner (asyncio's child watcher
    for the PDF printer's driver) still collects its exit status, and logs no 'Unknown child
    process' line to the run's stderr."""
    before = produce._child_pids()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    produce._end_children(before)
    assert child.wait(timeout=5) == -signal.SIGKILL
