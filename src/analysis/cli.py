"""``python -m analysis run``: the command-line contract (see README).

Exit codes: 0 done (or nothing to do), 2 bad input or parameter (one line on
stderr, no traceback), 1 anything unexpected (including a failing notebook cell).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import time
from pathlib import Path

from analysis import config, manifest, params
from analysis.errors import InputError, ParameterError

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2
INTERRUPTED = "interrupted: previous outputs left as they were"
_INPUT_ERRORS = ("InputError", "ParameterError")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``python -m analysis``."""
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Run the attack-frequency notebooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the notebooks in order with papermill")
    run.add_argument("--input", type=Path, help="raw incident file: project format, "
                     "ACLED or UCDP GED export (default: data/raw/incidents.csv)")
    run.add_argument("--format", choices=params.INPUT_FORMATS, default="auto",
                     help="input format (default: detected from the header)")
    run.add_argument("--sites", type=Path, default=config.RAW_SITES, help="gazetteer CSV")
    run.add_argument("--totals", type=Path, default=config.RAW_TOTALS,
                     help="published totals CSV")
    run.add_argument("--out", type=Path, help="write every output under this folder")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                     metavar=("NAME", "VALUE"), help="a notebook parameter (repeatable)")
    run.add_argument("--config", type=Path, help="YAML file of parameters")
    run.add_argument("--force", action="store_true", help="re-run even if nothing changed")
    run.add_argument("--compare", type=Path, metavar="EXPORT", help="also run notebook 3: "
                     "the run's incidents against an ACLED or UCDP GED export (format "
                     "detected from the header; --format applies to it too)")
    check = commands.add_parser("check", help="validate the raw dataset without running "
                                "the notebooks")
    check.add_argument("folder", nargs="?", type=Path, default=config.RAW_DIR,
                       help="folder laid out as data/raw (default: data/raw)")
    return parser


def check_command(args: argparse.Namespace) -> int:
    """Print one line per problem of a raw dataset folder; 0 when clean, 2 otherwise."""
    from analysis.check import check_raw

    folder = resolve_given(args.folder, "check")
    if not folder.is_dir():
        raise InputError(folder, "not a folder; expected a folder laid out as data/raw")
    problems = check_raw(folder)
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    print(f"ok: {folder} is valid (schemas, ids, dates, sites, groups, weapons, month table)",
          file=sys.stderr)
    return EXIT_OK


def _parameters(args: argparse.Namespace) -> dict[str, object]:
    values = dict(params.DEFAULTS)
    if args.config:
        values.update(params.read_config(args.config))
    values.update({name: params.coerce(value) for name, value in args.parameter})
    checked = params.validate(values)
    checked["input_format"] = args.format
    return checked


def resolve_given(path: Path, option: str) -> Path:
    """The absolute path a user gave, links followed.

    Raises:
        InputError: the path runs into a loop of symbolic links.
    """
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:  # RuntimeError up to Python 3.12, OSError after
        raise InputError(path.absolute(), f"cannot be resolved (given with {option}): "
                         f"{getattr(exc, 'strerror', None) or 'a loop of symbolic links'}"
                         ) from None


def _input_file(path: Path, option: str) -> str:
    """The resolved path of an input file, refused unless it is a regular file."""
    resolved = resolve_given(path, option)
    if not resolved.exists():
        raise InputError(resolved, f"file not found (given with {option})")
    if not resolved.is_file():
        raise InputError(resolved, f"not a regular file (given with {option}); expected a "
                         "CSV file")
    return str(resolved)


def _paths(args: argparse.Namespace) -> dict[str, str]:
    paths = {"raw_path": _input_file(args.input or config.RAW_INCIDENTS, "--input"),
             "sites_path": _input_file(args.sites, "--sites"),
             "totals_path": _input_file(args.totals, "--totals")}
    if args.compare:  # run --compare: notebook 3's export
        paths["compare_path"] = _input_file(args.compare, "--compare")
    return paths


def route_parameters(values: dict[str, object],
                     notebooks: tuple[str, ...] = config.NOTEBOOKS) -> dict[str, dict]:
    """Give each notebook the parameters its parameters cell declares.

    Raises:
        RuntimeError: a value no notebook declares (the notebooks and ``params`` disagree).
    """
    from analysis.pipeline import notebook_parameters

    declared = {name: notebook_parameters(config.NOTEBOOKS_DIR / name)
                for name in notebooks}
    unknown = set(values) - set().union(*declared.values())
    if unknown:
        raise RuntimeError(f"no notebook declares {', '.join(sorted(unknown))}")
    return {nb: {k: v for k, v in values.items() if k in names}
            for nb, names in declared.items()}


def run(args: argparse.Namespace) -> int:
    """Run the pipeline unless nothing changed; return the exit code."""
    values = _parameters(args)
    paths = _paths(args)
    from analysis import outputs
    from analysis.pipeline import Layout

    layout = Layout.under(resolve_given(args.out, "--out")) if args.out else Layout.default()
    inputs = [Path(paths[key]) for key in ("raw_path", "sites_path", "totals_path")]
    recorded = {**values, "out": str(args.out) if args.out else ""}
    if args.compare:  # run --compare: the export is an input and recorded
        inputs.append(Path(paths["compare_path"]))
        recorded["compare"] = str(args.compare)
    fingerprint = manifest.fingerprint(inputs, recorded)
    with outputs.locked(layout):
        if not args.force and manifest.is_current(layout.manifest, fingerprint):
            print(f"up to date: inputs, notebooks, code and parameters are unchanged since "
                  f"the last run ({layout.manifest}); use --force to re-run", file=sys.stderr)
            return EXIT_OK
        return _execute(values, paths, layout, inputs, recorded, fingerprint)


def _execute(values: dict, paths: dict, layout, inputs: list[Path], recorded: dict,
             fingerprint: str) -> int:
    from analysis import outputs

    _check_reference_files(paths, values["input_format"])
    values = {**values, "export_static": _static_export_possible(values)}
    began = time.perf_counter()
    root = outputs.staging_root(layout)
    try:
        stage = layout.staging(root)
        record = _produce(values, paths, stage, layout, inputs, recorded, fingerprint)
        interrupted = outputs.switch(stage, layout)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    if interrupted:
        print("interrupted: the run had finished, its outputs are in place "
              f"({layout.manifest})", file=sys.stderr)
        return EXIT_UNEXPECTED
    print(f"done in {time.perf_counter() - began:.1f} s: {record['counts']['incidents']} "
          f"incidents; manifest at {layout.manifest}", file=sys.stderr)
    return EXIT_OK


def _static_export_possible(values: dict) -> bool:
    """False when static export is off or impossible; says once why it is impossible."""
    from analysis.export import browser_problem

    if not values.get("export_static"):
        return False
    if problem := browser_problem():
        print(f"warning: {problem}", file=sys.stderr)
        return False
    return True


def _produce(values: dict, paths: dict, stage, layout, inputs: list[Path], recorded: dict,
             fingerprint: str) -> dict:
    """Run the notebooks and the report into the staging layout; write its manifest."""
    from analysis import pipeline

    comparing = "compare_path" in paths
    routed = route_parameters({**values, **paths, "processed_dir": str(stage.tables),
                               "figures_dir": str(stage.figures),
                               **_compare_values(values, stage, comparing)},
                              config.notebooks(compare=comparing))
    pipeline.execute(routed, stage, layout)
    _publish(values, paths, stage, layout,
             sections=_compare_sections(values, paths, stage) if comparing else ())
    stage.figures.mkdir(parents=True, exist_ok=True)
    record = pipeline.build_manifest(stage, layout, parameters=recorded, inputs=inputs,
                                     fingerprint=fingerprint)
    manifest.write(stage.manifest, record)
    return record


def _publish(values: dict, paths: dict, stage, layout, sections: tuple[str, ...] = ()) -> None:
    """Write the report (HTML, and PDF with static export when a browser is there)."""
    import os

    from analysis import pipeline, sources
    from analysis.publish import pdf, report

    page = report.build_report(
        tables_dir=stage.tables, frequency_notebook=stage.notebooks / config.NOTEBOOKS[1],
        target=stage.report, parameters=values, dataset_version=pipeline.dataset_version(),
        source=sources.describe(paths["raw_path"], values["input_format"]),
        totals_path=Path(paths["totals_path"]),
        downloads=os.path.relpath(layout.tables, layout.report.parent), sections=sections)
    if not values.get("export_static"):
        return
    try:
        pdf.print_pdf(page, stage.report_pdf, charts=report.chart_count(page),
                      date=pipeline.dataset_released())
    except pdf.PdfUnavailableError as exc:
        print(f"warning: {exc}; the HTML report was written", file=sys.stderr)


def _compare_values(values: dict, stage, comparing: bool) -> dict[str, str]:
    """Notebook 3's format and output folder under run --compare (nothing without it)."""
    if not comparing:
        return {}
    return {"compare_format": values["input_format"], "comparison_dir": str(stage.tables)}


def _compare_sections(values: dict, paths: dict, stage) -> tuple[str, ...]:
    """The report's comparison section under run --compare, from the tables notebook 3 wrote."""
    from analysis.compare import build_report_section

    return (build_report_section(
        stage.tables, raw_path=paths["raw_path"], input_format=values["input_format"],
        compare_path=paths["compare_path"], compare_format=values["input_format"],
        start=values["start"], end=values["end"]),)


def _check_reference_files(paths: dict[str, str], input_format: str = "auto") -> None:
    """Validate the gazetteer and the published totals before any notebook starts.

    Raises:
        InputError: names the file, row and column of the first problem.
    """
    from analysis.gazetteer import load_sites
    from analysis.load import load_totals

    load_sites(Path(paths["sites_path"]))
    load_totals(paths["totals_path"])
    if "compare_path" in paths:  # run --compare: refuse a file that is not an export
        from analysis.compare import export_format

        export_format(Path(paths["compare_path"]), input_format)


def main(argv: list[str] | None = None) -> int:
    """Entry point; maps errors to exit codes with one clear line on stderr.

    SIGTERM is handled as SIGINT: the run stops, its staging is removed, the previous
    outputs stay in place, and the exit code is 1.
    """
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return check_command(args) if args.command == "check" else run(args)
    except (InputError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - the contract's "anything unexpected"
        return _unexpected(exc)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _unexpected(exc: Exception) -> int:
    from analysis.pipeline import NotebookFailedError

    if isinstance(exc, NotebookFailedError) and exc.ename in _INPUT_ERRORS:
        print(f"error: {exc.evalue}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_UNEXPECTED
