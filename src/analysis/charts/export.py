"""Export figures as offline HTML, PNG and SVG (one browser start for all static files).

Beside every chart, ``NAME.csv`` holds the numbers it draws (``analysis.charts.data``),
written like every other table (``analysis.inputs.tables.write_csv``: formulas neutralised).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import plotly.graph_objects as go
import psutil

from analysis.charts.data import chart_data
from analysis.charts.repeatable import make_repeatable
from analysis.charts.sizing import DEFAULT_SIZE, WEB, ChartSize, size_named
from analysis.inputs.tables import write_csv

logger = logging.getLogger(__name__)

# Chart PDFs carry this creation date, not the time of export, so their bytes repeat.
PDF_DATE = "2000-01-01"
# Static export starts a browser and renders every figure; on this project's 2-core machine
# it takes 3-10 s. A browser that hangs is stopped after this long (environment variable
# ANALYSIS_STATIC_EXPORT_TIMEOUT, in seconds, overrides it: the tests use a few seconds).
STATIC_EXPORT_TIMEOUT_S = 120.0
TIMEOUT_VARIABLE = "ANALYSIS_STATIC_EXPORT_TIMEOUT"
# Chromium answers --version in under 0.1 s; something that does not in 5 s is no browser.
BROWSER_CHECK_TIMEOUT_S = 5
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# plotly gives SVG defs, clip paths, legends, colour-bar gradients and bar patterns ids made of six
# random hex digits; they are renumbered in order of appearance.
_SVG_RANDOM_IDS = re.compile(r"(defs-|clip|topdefs-|legend|\b[gp](?=[0-9a-f]{6}-))([0-9a-f]{6})")
CHROMIUM_HELP = (
    "static PNG/SVG export needs Chrome or Chromium: on Debian/Ubuntu run "
    "'apt-get install -y chromium' (or set BROWSER_PATH to a Chrome binary), then re-run; "
    "the HTML charts were written"
)


class StaticExportUnavailableError(RuntimeError):
    """No browser for kaleido: HTML was written, PNG and SVG were not."""


def write_html(fig: go.Figure, path: Path) -> Path:
    """Write a self-contained HTML file (plotly.js inlined, works offline)."""
    fig.write_html(path, include_plotlyjs=True, full_html=True,
                   config={"displaylogo": False, "responsive": True}, div_id=path.stem)
    return path


def browser_available() -> bool:
    """Return True when kaleido can find a Chrome or Chromium to drive (see ``browser_problem``)."""
    return browser_problem() is None


def chosen_browser() -> str | None:
    """BROWSER_PATH when set, else the first of ``_BROWSER_NAMES`` on the PATH, else None."""
    return os.environ.get("BROWSER_PATH") or next(
        filter(None, map(shutil.which, _BROWSER_NAMES)), None)


def browser_problem() -> str | None:
    """Say what stops static export, in one line; None when a browser answers like Chrome.

    The browser is BROWSER_PATH when set, else the first of chromium, chromium-browser,
    google-chrome or chrome on the PATH; it must run ``--version`` within
    ``BROWSER_CHECK_TIMEOUT_S`` and name Chrome or Chromium.
    """
    chosen = chosen_browser()
    if not os.environ.get("BROWSER_PATH"):
        return None if chosen and _version_problem(chosen) is None else CHROMIUM_HELP
    if not Path(chosen).is_file():
        return _fix_browser_path(chosen, "is not a file")
    if not os.access(chosen, os.X_OK):
        return _fix_browser_path(chosen, "is not executable")
    problem = _version_problem(chosen)
    return _fix_browser_path(chosen, problem) if problem else None


def browser_version() -> str:
    """What the chosen browser answers to ``--version`` ("" when there is none)."""
    browser = chosen_browser()
    answer, problem = _version_answer(browser) if browser else ("", "none")
    return "" if problem else answer[:120]


def _version_problem(browser: str) -> str | None:
    """Why ``browser --version`` shows no Chrome or Chromium, or None when it does."""
    return _version_answer(browser)[1]


def _version_answer(browser: str) -> tuple[str, str | None]:
    """What ``browser --version`` printed (one line), and why it is no Chrome, or None."""
    try:
        done = subprocess.run([browser, "--version"], capture_output=True, text=True,
                              errors="replace", timeout=BROWSER_CHECK_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return "", f"did not answer --version within {BROWSER_CHECK_TIMEOUT_S} s"
    except OSError as exc:
        return "", f"could not be started ({exc.strerror})"
    answer = " ".join(done.stdout.split())
    if "chrom" not in answer.lower():
        return answer, (f"answered --version with {answer[:80]!r}, not a Chrome or Chromium "
                        "version")
    return answer, None


def _fix_browser_path(browser: str, problem: str) -> str:
    return (f"static PNG/SVG export skipped: BROWSER_PATH={browser} {problem}; set BROWSER_PATH "
            "to a Chrome or Chromium binary, or unset it and use chromium (on Debian/Ubuntu "
            "'apt-get install -y chromium'), then re-run; the HTML charts were written")


def static_export_timeout() -> float:
    """Seconds static export may take: ANALYSIS_STATIC_EXPORT_TIMEOUT, else the default."""
    try:
        seconds = float(os.environ.get(TIMEOUT_VARIABLE, STATIC_EXPORT_TIMEOUT_S))
    except ValueError:
        return STATIC_EXPORT_TIMEOUT_S
    return seconds if seconds > 0 else STATIC_EXPORT_TIMEOUT_S


def write_static(figures: Mapping[str, go.Figure | dict], directory: Path,
                 formats: tuple[str, ...] = ("png", "svg", "pdf"), *,
                 size: ChartSize = WEB) -> list[Path]:
    """Write every figure in every format in one kaleido batch, within a deadline.

    A figure may be given as plotly's JSON (a notebook's output), which is passed on as it
    is: building a ``go.Figure`` of it would only validate it again.

    ``size`` is the size the figures were laid out for: its ``scale`` sets the PNG's pixels,
    its ``vector_scale`` the physical size of the SVG and PDF (``analysis.charts.sizing``).

    kaleido runs in a process of its own (``analysis.charts.static_worker``), stopped with every
    process it started, browser included, when ``static_export_timeout()`` seconds passed.

    Raises:
        StaticExportUnavailableError: no usable browser, the browser failed, or the
            deadline passed; no PNG or SVG is left behind.
    """
    if problem := browser_problem():
        raise StaticExportUnavailableError(problem)
    directory = Path(directory)
    paths = [directory / f"{name}.{fmt}" for name in figures for fmt in formats]
    with tempfile.TemporaryDirectory(prefix="static-export-") as work:
        job = _write_job(figures, formats, directory, Path(work), size)
        failure = _run_worker(job, static_export_timeout())
    if failure is None and (missing := [str(path) for path in paths if not path.exists()]):
        failure = f"kaleido wrote no file for {', '.join(missing)}"
    if failure is not None:
        for path in paths:
            path.unlink(missing_ok=True)
        raise StaticExportUnavailableError(f"static PNG/SVG export skipped: {failure}; the HTML "
                                           "charts were written")
    for path in paths:
        if path.suffix == ".svg":
            _normalise_svg(path)
        elif path.suffix == ".pdf":
            make_repeatable(path, PDF_DATE)
    return paths


def _write_job(figures: Mapping[str, go.Figure | dict], formats: tuple[str, ...],
               directory: Path, work: Path, size: ChartSize) -> Path:
    """Each figure as JSON in ``work``, and the job file listing what to render."""
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
    path = work / "job.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    return path


def _run_worker(job: Path, timeout: float) -> str | None:
    """Run the static worker on a job; None when it succeeded, else what went wrong."""
    worker = subprocess.Popen([sys.executable, "-m", "analysis.charts.static_worker", str(job)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              errors="replace", start_new_session=True)
    try:
        _, errors = worker.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return (f"the browser ({os.environ.get('BROWSER_PATH') or 'chromium'}) did not finish "
                f"within {timeout:g} s; check that it is a working Chrome or Chromium, or "
                f"raise {TIMEOUT_VARIABLE}")
    finally:
        _stop_group(worker)
    if worker.returncode != 0:
        last = (errors.strip().splitlines() or ["no message"])[-1]
        return f"kaleido failed ({last[:300]})"
    return None


def _stop_group(worker: subprocess.Popen) -> None:
    """Kill the worker and every process it started, then reap the worker.

    The browser runs in a session of its own (choreographer starts it so), out of reach
    of the worker's process group: its processes are found as the worker's descendants.
    """
    try:
        family = psutil.Process(worker.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    for process in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    worker.wait()
    psutil.wait_procs(family, timeout=5)


def _normalise_svg(path: Path) -> None:
    """Replace the random ids plotly gives SVG defs with stable ones."""
    text = path.read_text(encoding="utf-8")
    seen: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        key = match.group(0)
        seen.setdefault(key, f"{match.group(1)}{len(seen):06x}")
        return seen[key]

    path.write_text(_SVG_RANDOM_IDS.sub(stable, text), encoding="utf-8")


def write_chart_data(fig: go.Figure, path: Path) -> Path:
    """Write the numbers a chart draws (``chart_data``) as a CSV table."""
    return write_csv(chart_data(fig), path)


def export_figures(figures: dict[str, go.Figure], directory: Path,
                   static: bool = True, size: str = DEFAULT_SIZE) -> dict[str, list[Path]]:
    """Write each figure as HTML with its data (CSV), and as PNG and SVG with a browser.

    ``size`` names the size the figures were laid out for: it sets the PNG's pixels.

    Returns:
        ``{"html": [...], "data": [...], "static": [...]}``; a missing browser is logged
        with what to do.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {"html": [write_html(fig, directory / f"{name}.html")
                        for name, fig in figures.items()],
               "data": [write_chart_data(fig, directory / f"{name}.csv")
                        for name, fig in figures.items()], "static": []}
    if static:
        try:
            written["static"] = write_static(figures, directory, size=size_named(size))
        except StaticExportUnavailableError as exc:
            logger.warning("%s", exc)
    return written
