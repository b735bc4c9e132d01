"""Write charts as PNG, SVG and PDF with kaleido: one browser for a whole batch.

kaleido runs in a worker process of its own (``analysis.charts.static_worker``, run by
``analysis.charts.worker``). It can be started ahead (``StaticExporter.start``): it opens its
browser and loads plotly.js while the caller does other work, then draws the one batch it is
sent. When the batch has not finished within ``static_export_timeout()`` seconds, the worker is
stopped with every process it started, browser included, and no PNG, SVG or PDF of the batch
is left behind.

The same figures give the same bytes. plotly gives SVG elements random ids, and sets an
element's attributes in an order that depends on what the page drew before: the ids are
renumbered in order of appearance and each element's attributes put in name order. A PDF's
dates and ids are fixed by ``analysis.charts.repeatable``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import plotly.graph_objects as go

from analysis.charts.browser import browser_problem
from analysis.charts.repeatable import make_repeatable
from analysis.charts.sizing import WEB, ChartSize
from analysis.charts.worker import BrowserWorker, WorkerFailedError, WorkerTimeoutError

FORMATS = ("png", "svg", "pdf")
# Chart PDFs carry this creation date, not the time of export, so their bytes repeat.
PDF_DATE = "2000-01-01"
# Rendering a run's 24 files takes 5-10 s on this project's 2-core machine. A browser that
# hangs is stopped after this long (environment variable ANALYSIS_STATIC_EXPORT_TIMEOUT, in
# seconds, overrides it: the tests use a few seconds).
STATIC_EXPORT_TIMEOUT_S = 120.0
TIMEOUT_VARIABLE = "ANALYSIS_STATIC_EXPORT_TIMEOUT"
# plotly gives SVG defs, clip paths, legends, colour-bar gradients and bar patterns ids made of six
# random hex digits; they are renumbered in order of appearance.
_SVG_RANDOM_IDS = re.compile(r"(defs-|clip|topdefs-|legend|\b[gp](?=[0-9a-f]{6}-))([0-9a-f]{6})")
# A start tag with attributes, and one attribute. The browser's serialiser quotes every value
# with double quotes and escapes '"', '<' and '>' inside it.
_SVG_START_TAG = re.compile(r'<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")+)(\s*/?>)')
_SVG_ATTRIBUTE = re.compile(r'\s+([\w:.-]+)="([^"]*)"')


class StaticExportUnavailableError(RuntimeError):
    """No browser for kaleido, or it failed: HTML was written, PNG, SVG and PDF were not."""


def static_export_timeout() -> float:
    """Seconds a batch may take: ANALYSIS_STATIC_EXPORT_TIMEOUT, else the default."""
    try:
        seconds = float(os.environ.get(TIMEOUT_VARIABLE, STATIC_EXPORT_TIMEOUT_S))
    except ValueError:
        return STATIC_EXPORT_TIMEOUT_S
    return seconds if seconds > 0 else STATIC_EXPORT_TIMEOUT_S


def write_static(figures: Mapping[str, go.Figure | dict], directory: Path,
                 formats: tuple[str, ...] = FORMATS, *, size: ChartSize = WEB) -> list[Path]:
    """Start an exporter and write one batch with it (``StaticExporter.write``)."""
    return StaticExporter.start().write(figures, directory, formats, size=size)


class StaticExporter:
    """A static worker (``analysis.charts.worker``): started ahead, sent one batch, ended."""

    def __init__(self, worker: BrowserWorker | None, problem: str | None = None) -> None:
        self._worker = worker
        self._problem = problem

    @classmethod
    def start(cls) -> StaticExporter:
        """Start the worker; its browser opens at once. No usable browser is said by ``write``."""
        if problem := browser_problem():
            return cls(None, problem)
        return cls(BrowserWorker("analysis.charts.static_worker"))

    def write(self, figures: Mapping[str, go.Figure | dict], directory: Path,
              formats: tuple[str, ...] = FORMATS, *, size: ChartSize = WEB) -> list[Path]:
        """Write every figure in every format, within the deadline; the worker then ends.

        A figure may be given as plotly's JSON (a notebook's output), which is passed on as
        it is: building a ``go.Figure`` of it would only validate it again. ``size`` is the
        size the figures were laid out for: its ``scale`` sets the PNG's pixels, its
        ``vector_scale`` the physical size of the SVG and PDF (``analysis.charts.sizing``).

        Raises:
            StaticExportUnavailableError: no usable browser, the browser failed, or the
                deadline passed; no file of the batch is left behind.
        """
        if self._worker is None:
            raise StaticExportUnavailableError(self._problem)
        directory = Path(directory)
        paths = [directory / f"{name}.{fmt}" for name in figures for fmt in formats]
        with tempfile.TemporaryDirectory(prefix="static-export-") as work:
            failure = _failure(self._worker, _job(figures, formats, directory, Path(work), size))
        if failure is None and (missing := [str(path) for path in paths if not path.exists()]):
            failure = f"kaleido wrote no file for {', '.join(missing)}"
        if failure is not None:
            for path in paths:
                path.unlink(missing_ok=True)
            raise StaticExportUnavailableError(f"static PNG/SVG export skipped: {failure}; the "
                                               "HTML charts were written")
        for path in paths:
            if path.suffix == ".svg":
                normalise_svg(path)
            elif path.suffix == ".pdf":
                make_repeatable(path, PDF_DATE)
        return paths

    def stop(self) -> None:
        """End the worker and every process it started (nothing when there is none)."""
        if self._worker is not None:
            self._worker.stop()


def _failure(worker: BrowserWorker, job: list[dict]) -> str | None:
    """Run the batch; None when it succeeded, else what went wrong, in words."""
    timeout = static_export_timeout()
    try:
        worker.run(job, timeout)
    except WorkerTimeoutError:
        return (f"the browser ({os.environ.get('BROWSER_PATH') or 'chromium'}) did not finish "
                f"within {timeout:g} s; check that it is a working Chrome or Chromium, or "
                f"raise {TIMEOUT_VARIABLE}")
    except WorkerFailedError as exc:
        return f"kaleido failed ({exc})"
    return None


def _job(figures: Mapping[str, go.Figure | dict], formats: tuple[str, ...],
         directory: Path, work: Path, size: ChartSize) -> list[dict]:
    """Each figure as JSON in ``work``, and the list of images to render from them."""
    job = []
    for name, fig in figures.items():
        source = work / f"{name}.json"
        if isinstance(fig, dict):
            source.write_text(json.dumps(fig), encoding="utf-8")
        else:
            fig.write_json(source, remove_uids=False)  # fixed uids keep SVGs byte-identical
        job += [{"figure": str(source), "image": str(directory / f"{name}.{fmt}"),
                 "scale": size.scale if fmt == "png" else size.vector_scale}
                for fmt in formats]
    return job


def normalise_svg(path: Path) -> None:
    """Give an SVG the same bytes for the same drawing: stable ids, attributes in name order."""
    text = path.read_text(encoding="utf-8")
    seen: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        key = match.group(0)
        seen.setdefault(key, f"{match.group(1)}{len(seen):06x}")
        return seen[key]

    path.write_text(_SVG_START_TAG.sub(_sorted_attributes, _SVG_RANDOM_IDS.sub(stable, text)),
                    encoding="utf-8")


def _sorted_attributes(tag: re.Match[str]) -> str:
    attributes = sorted(_SVG_ATTRIBUTE.findall(tag.group(2)))
    return (f"<{tag.group(1)}" + "".join(f' {name}="{value}"' for name, value in attributes)
            + tag.group(3))
