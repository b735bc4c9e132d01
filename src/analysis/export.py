"""Export figures as offline HTML, PNG and SVG (one browser start for all static files)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import warnings
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

logger = logging.getLogger(__name__)

PNG_SCALE = 2  # 1100 px layouts become 2200 px wide PNGs, legible in print.
# plotly gives SVG defs, clip paths, legends and colour-bar gradients ids made of six
# random hex digits; they are renumbered in order of appearance.
_SVG_RANDOM_IDS = re.compile(r"(defs-|clip|topdefs-|legend|\bg(?=[0-9a-f]{6}-))([0-9a-f]{6})")
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
    """Return True when kaleido can find a Chrome or Chromium to drive."""
    if os.environ.get("BROWSER_PATH"):
        return Path(os.environ["BROWSER_PATH"]).exists()
    return any(shutil.which(name) for name in ("chromium", "chromium-browser",
                                                "google-chrome", "chrome"))


def write_static(figures: dict[str, go.Figure], directory: Path,
                 formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write every figure in every format in one kaleido batch.

    Raises:
        StaticExportUnavailableError: no browser is installed.
    """
    if not browser_available():
        raise StaticExportUnavailableError(CHROMIUM_HELP)
    import kaleido

    paths, figs = [], []
    for name, fig in figures.items():
        for fmt in formats:
            paths.append(directory / f"{name}.{fmt}")
            figs.append(fig)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            pio.write_images(figs, paths, scale=PNG_SCALE,
                             width=[fig.layout.width for fig in figs],
                             height=[fig.layout.height for fig in figs])
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise RuntimeError(f"kaleido wrote no file for: {', '.join(missing)}")
    for path in paths:
        if path.suffix == ".svg":
            _normalise_svg(path)
    return paths


def _normalise_svg(path: Path) -> None:
    """Replace the random ids plotly gives SVG defs with stable ones."""
    text = path.read_text(encoding="utf-8")
    seen: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        key = match.group(0)
        seen.setdefault(key, f"{match.group(1)}{len(seen):06x}")
        return seen[key]

    path.write_text(_SVG_RANDOM_IDS.sub(stable, text), encoding="utf-8")


def export_figures(figures: dict[str, go.Figure], directory: Path,
                   static: bool = True) -> dict[str, list[Path]]:
    """Write each figure as HTML, and as PNG and SVG when a browser is available.

    Returns:
        ``{"html": [...], "static": [...]}``; a missing browser is logged with what to do.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {"html": [write_html(fig, directory / f"{name}.html")
                        for name, fig in figures.items()], "static": []}
    if static:
        try:
            written["static"] = write_static(figures, directory)
        except StaticExportUnavailableError as exc:
            logger.warning("%s", exc)
    return written
