"""A run that has work to do: check the reference files, run the notebooks, publish, switch.

Imported by the command line only once it knows the outputs are out of date, so that a
run with nothing to do never pays for papermill, pandas or plotly.
"""

from __future__ import annotations

import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from analysis import config
from analysis.charts.browser import browser_problem
from analysis.charts.sizing import size_named
from analysis.charts.static_export import StaticExporter, StaticExportUnavailableError
from analysis.charts.worker import end_processes
from analysis.clean.exports import check_export_header
from analysis.clean.incidents import check_raw_file
from analysis.errors import EXIT_OK, EXIT_UNEXPECTED, InputError
from analysis.inputs import sources
from analysis.inputs.exports import resolve_format
from analysis.inputs.gazetteer import load_sites
from analysis.inputs.load import load_totals
from analysis.measure.matching import export_format
from analysis.publish import pdf, report
from analysis.publish.comparison import build_report_section
from analysis.run import location, manifest, pipeline
from analysis.run.kernel import LaunchedKernel
from analysis.run.location import Layout
from analysis.run.manifest import RunInputs
from analysis.run.pipeline import notebook_parameters


def route_parameters(values: dict[str, object],
                     notebooks: tuple[str, ...] = config.NOTEBOOKS) -> dict[str, dict]:
    """Give each notebook the parameters its parameters cell declares.

    Raises:
        RuntimeError: a value no notebook declares (the notebooks and ``params`` disagree).
    """
    declared = {name: notebook_parameters(config.NOTEBOOKS_DIR / name)
                for name in notebooks}
    unknown = set(values) - set().union(*declared.values())
    if unknown:
        raise RuntimeError(f"no notebook declares {', '.join(sorted(unknown))}")
    return {nb: {k: v for k, v in values.items() if k in names}
            for nb, names in declared.items()}


def execute(values: dict, paths: dict, layout: Layout, run_inputs: RunInputs,
            first: LaunchedKernel | None = None) -> int:
    """Produce a run in staging and put it in place; return the exit code.

    ``first`` is notebook 1's kernel when the caller launched it ahead.

    Raises:
        InputError: the gazetteer, the totals or the export to compare with is unusable,
            or an input changed while the run read it.
        NotebookFailedError: a notebook cell raised (the staging is removed).
    """
    _check_reference_files(paths, values["input_format"])
    _check_raw_file(Path(paths["raw_path"]), values["input_format"])
    values = {**values, "export_static": _static_export_possible(values)}
    began = time.perf_counter()
    root = location.staging_root(layout)
    children = _child_pids()
    try:
        stage = layout.staging(root)
        record = _produce(values, paths, stage, layout, run_inputs, first)
        interrupted = location.switch(stage, layout)
    except BaseException:
        with location.signals_held():
            shutil.rmtree(root, ignore_errors=True)
        raise
    finally:
        with location.signals_held():
            _end_children(children)
    if interrupted:
        print("interrupted: the run had finished, its outputs are in place "
              f"({layout.manifest})", file=sys.stderr)
        return EXIT_UNEXPECTED
    print(f"done in {time.perf_counter() - began:.1f} s: {record['counts']['incidents']} "
          f"incidents; manifest at {layout.manifest}", file=sys.stderr)
    return EXIT_OK


def _child_pids() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def _end_children(before: set[int]) -> None:
    """End every process this run started that is still running (kernels, browsers)."""
    end_processes([child for child in psutil.Process().children(recursive=True)
                   if child.pid not in before])


def _static_export_possible(values: dict) -> bool:
    """False when static export is off or impossible; says once why it is impossible."""
    if not values.get("export_static"):
        return False
    if problem := browser_problem():
        print(f"warning: {problem}", file=sys.stderr)
        return False
    return True


def _produce(values: dict, paths: dict, stage: Layout, layout: Layout,
             run_inputs: RunInputs, first: LaunchedKernel | None = None) -> dict:
    """Run the notebooks and the report into the staging layout; write its manifest.

    Raises:
        InputError: an input's bytes changed after the run took its digest, so the
            tables may come from bytes the manifest would not describe.
    """
    comparing = "compare_path" in paths
    # The notebook writes each chart as HTML and CSV; the PNG, SVG and PDF files are written
    # here, by a browser of their own, while the report is written and printed.
    notebook_values = {k: v for k, v in values.items() if k != "export_static"}
    routed = route_parameters({**notebook_values, **paths, "processed_dir": str(stage.tables),
                               "figures_dir": str(stage.figures),
                               **_compare_values(values, stage, comparing)},
                              config.notebooks(compare=comparing))
    # The exporter's browser opens while notebook 2 draws the charts.
    exporters: list[StaticExporter] = []
    beside = ({config.NOTEBOOKS[1]: lambda: exporters.append(StaticExporter.start())}
              if values["export_static"] else {})
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="static-export")
    try:
        pipeline.execute(routed, stage, layout, first, beside)
        static = pool.submit(_export_static, exporters[0], values, stage) if exporters else None
        _publish(values, paths, stage, layout,
                 sections=_compare_sections(values, paths, stage, layout) if comparing else ())
        if static is not None and (problem := static.result()):
            print(f"warning: {problem}", file=sys.stderr)
    finally:  # failed or interrupted: the exporter is stopped, browser included
        pool.shutdown(wait=False, cancel_futures=True)
        for exporter in exporters:
            exporter.stop()
    stage.figures.mkdir(parents=True, exist_ok=True)
    if changed := manifest.changed_since(run_inputs.digests):
        raise InputError(changed, "changed while the run was reading it; the outputs were not "
                         "put in place: run again once the file is final")
    pipeline.write_rendered_record(stage, layout)
    record = pipeline.build_manifest(stage, layout, run_inputs)
    manifest.write(stage.manifest, record)
    return record


def _export_static(exporter: StaticExporter, values: dict, stage: Layout) -> str | None:
    """Write the charts notebook 2 showed as PNG, SVG and PDF at the run's chart size.

    Returns:
        None, or why no static file was written (a browser that failed or overran its
        deadline): the run reports it once it completes; an interrupted run does not.
    """
    shown = report.figures_of(stage.notebooks / config.NOTEBOOKS[1])
    try:
        exporter.write(shown, stage.figures, size=size_named(values["chart_size"]))
    except StaticExportUnavailableError as exc:
        return str(exc)
    return None


def _publish(values: dict, paths: dict, stage, layout, sections: tuple[str, ...] = ()) -> None:
    """Write the report (HTML, and PDF with static export when a browser is there)."""
    page = report.build_report(
        tables_dir=stage.tables, frequency_notebook=stage.notebooks / config.NOTEBOOKS[1],
        target=stage.report, parameters=values, dataset_version=pipeline.dataset_version(),
        source=sources.describe(paths["raw_path"], values["input_format"]),
        totals_path=Path(paths["totals_path"]),
        downloads=layout.from_report(layout.tables), sections=sections,
        released=pipeline.dataset_released(),
        figures=layout.from_report(layout.figures))
    if not values.get("export_static"):
        return
    try:
        pdf.print_pdf(page, stage.report_pdf, charts=report.chart_count(page),
                      date=pipeline.dataset_released(),
                      header=f"{report.TITLE}, dataset version {pipeline.dataset_version()}")
    except pdf.PdfUnavailableError as exc:
        print(f"warning: {exc}; the HTML report was written", file=sys.stderr)


def _compare_values(values: dict, stage, comparing: bool) -> dict[str, str]:
    """Notebook 3's format and output folder under run --compare (nothing without it)."""
    if not comparing:
        return {}
    return {"compare_format": values["input_format"], "comparison_dir": str(stage.tables)}


def _compare_sections(values: dict, paths: dict, stage, layout: Layout) -> tuple[str, ...]:
    """The report's comparison section under run --compare, from the tables notebook 3 wrote."""
    return (build_report_section(
        stage.tables, raw_path=paths["raw_path"], input_format=values["input_format"],
        compare_path=paths["compare_path"], compare_format=values["input_format"],
        start=values["start"], end=values["end"], min_confidence=values["min_confidence"],
        show_low_confidence=values["show_low_confidence"],
        figures=layout.from_report(layout.figures)),)


def _check_reference_files(paths: dict[str, str], input_format: str = "auto") -> None:
    """Validate the gazetteer and the published totals before any notebook starts.

    Raises:
        InputError: names the file, row and column of the first problem.
    """
    load_sites(Path(paths["sites_path"]))
    load_totals(paths["totals_path"])
    if "compare_path" in paths:  # run --compare: refuse a file that is not an export
        export_format(Path(paths["compare_path"]), input_format)


def _check_raw_file(path: Path, input_format: str) -> None:
    """Refuse a raw file that notebook 1 would refuse as a whole, before any notebook starts.

    Its header (format, columns) always; in the project's format, its rows too (shape,
    field sizes, repeated ids: the project's file is small). An export's rows are read
    once, by the notebook: reading a large export twice would cost more than a kernel.

    Raises:
        InputError: names the file, row and column, as the notebook would.
    """
    fmt = resolve_format(path, input_format)
    if fmt == "project":
        check_raw_file(path)
    else:
        check_export_header(path, fmt)
