"""Export figures: offline HTML and the numbers each draws, then PNG, SVG and PDF.

Beside every chart, ``NAME.csv`` holds the numbers it draws (``analysis.charts.data``),
written like every other table (``analysis.inputs.tables.write_csv``: formulas neutralised).
The static files come from one browser for the whole batch (``analysis.charts.static_export``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import plotly.graph_objects as go

from analysis.charts.data import chart_data
from analysis.charts.sizing import DEFAULT_SIZE, size_named
from analysis.charts.static_export import StaticExportUnavailableError, write_static
from analysis.inputs.tables import write_csv

logger = logging.getLogger(__name__)


def write_html(fig: go.Figure, path: Path) -> Path:
    """Write a self-contained HTML file (plotly.js inlined, works offline)."""
    fig.write_html(path, include_plotlyjs=True, full_html=True,
                   config={"displaylogo": False, "responsive": True}, div_id=path.stem)
    return path


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
