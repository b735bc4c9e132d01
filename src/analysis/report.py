"""Build one HTML report from the executed notebooks: narrative, tables and charts, no code.

nbconvert drops charts stored only as the plotly mimetype, so a preprocessor adds an
HTML rendering of each one (with fixed element ids) and plotly.js is inlined once.
"""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import plotly.io as pio
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from analysis import config
from analysis.sources import Source

PLOTLY_MIME = "application/vnd.plotly.v1+json"
REPORTED_PARAMETERS = ("freq", "region_level", "target", "start", "end", "min_confidence")


class PlotlyHtmlPreprocessor(Preprocessor):
    """Give every plotly output an HTML twin that nbconvert can show."""

    def preprocess(self, nb, resources):  # noqa: D102 - nbconvert's interface
        counter = 0
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if PLOTLY_MIME in data:
                    counter += 1
                    fig = pio.from_json(_as_json(data[PLOTLY_MIME]), skip_invalid=True)
                    data["text/html"] = pio.to_html(
                        fig, include_plotlyjs=False, full_html=False,
                        div_id=f"chart-{counter}", config={"displaylogo": False})
                    del data[PLOTLY_MIME]
        return nb, resources


def _as_json(value: object) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value)


def merge_notebooks(paths: list[Path], title: str) -> nbformat.NotebookNode:
    """Concatenate executed notebooks into one, dropping the parameter cells."""
    merged = nbformat.v4.new_notebook()
    merged.metadata["title"] = title
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        merged.metadata.setdefault("kernelspec", notebook.metadata.get("kernelspec", {}))
        merged.metadata.setdefault("language_info", notebook.metadata.get("language_info", {}))
        for cell in notebook.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags or "report-skip" in tags:
                continue
            merged.cells.append(cell)
    return merged


def front_matter(title: str, parameters: dict, dataset_version: str,
                 source: Source | None = None) -> str:
    """The report's opening: title, what it shows, its data source, parameters, data version."""
    shown = ", ".join(f"{name} = {html.escape(str(value))}" for name, value in
                      sorted(parameters.items()) if name in REPORTED_PARAMETERS)
    source = source or Source("project", config.RAW_INCIDENTS.name)
    return (f"# {html.escape(title)}\n\n"
            "How often, and where, Iran-aligned militias based in Iraq (the Islamic Resistance "
            "in Iraq and its factions) attacked US forces in Iraq, Syria and Jordan, and Israel, "
            f"from October 2023. {html.escape(source.report_sentence, quote=False)}\n\n"
            f"Dataset version {html.escape(dataset_version)}; run parameters: {shown}.")


def build_report(notebooks: list[Path], target: Path, *, parameters: dict | None = None,
                 dataset_version: str = "unknown", source: Source | None = None,
                 title: str = "Attacks by Iraq-based, Iran-aligned militias",
                 sections: tuple[str, ...] = ()) -> Path:
    """Write a self-contained HTML report (code hidden, charts interactive, works offline).

    ``source`` says where the incidents come from (default: the project's dataset).
    ``sections``: HTML fragments appended after the notebooks (``run --compare`` gives
    ``analysis.compare.report_section``); their text must already be escaped.
    """
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(PlotlyHtmlPreprocessor(), enabled=True)
    merged = merge_notebooks(notebooks, title)
    opening = nbformat.v4.new_markdown_cell(front_matter(title, parameters or {},
                                                         dataset_version, source))
    opening.id = "front-matter"  # a fixed id keeps the report byte-identical across runs
    merged.cells.insert(0, opening)
    merged.cells.extend(_html_cell(fragment, number) for number, fragment in
                        enumerate(sections, start=1))
    body, _ = exporter.from_notebook_node(merged)
    body = body.replace("</head>", _plotly_script() + "</head>", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def _html_cell(fragment: str, number: int) -> nbformat.NotebookNode:
    """A code cell with no source whose output is an HTML fragment (fixed id)."""
    cell = nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": fragment})])
    cell.id = f"section-{number}"
    return cell


def _plotly_script() -> str:
    from plotly.offline import get_plotlyjs

    return f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
