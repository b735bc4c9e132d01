"""``python -m analysis run``: the command-line contract (see README).

Exit codes: 0 done (or nothing to do), 2 bad input or parameter (one line on
stderr, no traceback), 1 anything unexpected (including a failing notebook cell).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis import config, manifest, params
from analysis.errors import InputError, ParameterError

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2
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
    return parser


def _parameters(args: argparse.Namespace) -> dict[str, object]:
    values = dict(params.DEFAULTS)
    if args.config:
        values.update(params.read_config(args.config))
    values.update({name: params.coerce(value) for name, value in args.parameter})
    values["input_format"] = args.format
    return params.validate(values)


def _paths(args: argparse.Namespace) -> dict[str, str]:
    raw = (args.input or config.RAW_INCIDENTS).resolve()
    if not raw.is_file():
        raise InputError(raw, "file not found")
    return {"raw_path": str(raw), "sites_path": str(args.sites.resolve()),
            "totals_path": str(args.totals.resolve())}


def route_parameters(values: dict[str, object]) -> dict[str, dict]:
    """Give each notebook the parameters its parameters cell declares.

    Raises:
        ParameterError: a parameter no notebook declares.
    """
    from analysis.pipeline import notebook_parameters

    declared = {name: notebook_parameters(config.NOTEBOOKS_DIR / name)
                for name in config.NOTEBOOKS}
    known = set().union(*declared.values())
    for name in values:
        if name not in known:
            raise ParameterError(name, values[name],
                                 "a parameter declared by the notebooks: "
                                 + ", ".join(sorted(known)))
    return {nb: {k: v for k, v in values.items() if k in names}
            for nb, names in declared.items()}


def run(args: argparse.Namespace) -> int:
    """Run the pipeline unless nothing changed; return the exit code."""
    values = _parameters(args)
    paths = _paths(args)
    from analysis.pipeline import Layout

    layout = Layout.under(args.out) if args.out else Layout.default()
    inputs = [Path(paths[key]) for key in ("raw_path", "sites_path", "totals_path")]
    recorded = {**values, "out": str(args.out) if args.out else ""}
    fingerprint = manifest.fingerprint(inputs, recorded)
    if not args.force and manifest.is_current(layout.manifest, fingerprint):
        print(f"up to date: inputs, notebooks, code and parameters are unchanged since the "
              f"last run ({layout.manifest}); use --force to re-run", file=sys.stderr)
        return EXIT_OK
    return _execute(values, paths, layout, inputs, recorded, fingerprint)


def _execute(values: dict, paths: dict, layout, inputs: list[Path], recorded: dict,
             fingerprint: str) -> int:
    from analysis import pipeline, sources
    from analysis.export import browser_problem
    from analysis.report import build_report

    if values.get("export_static") and (problem := browser_problem()):
        print(f"warning: {problem}", file=sys.stderr)

    began = time.perf_counter()
    staging_parent = layout.manifest.parent.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=".staging-", dir=staging_parent))
    try:
        stage = layout.staging(root)
        routed = route_parameters({**values, **paths, "processed_dir": str(stage.tables),
                                   "figures_dir": str(stage.figures)})
        pipeline.execute(routed, stage, layout)
        build_report([stage.notebooks / name for name in config.NOTEBOOKS], stage.report,
                     parameters=values, dataset_version=pipeline.dataset_version(),
                     source=sources.describe(paths["raw_path"], values["input_format"]))
        stage.figures.mkdir(parents=True, exist_ok=True)
        record = pipeline.build_manifest(stage, layout, parameters=recorded, inputs=inputs,
                                         fingerprint=fingerprint)
        manifest.write(stage.manifest, record)
        pipeline.commit(stage, layout)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"done in {time.perf_counter() - began:.1f} s: {record['counts']['incidents']} "
          f"incidents; manifest at {layout.manifest}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point; maps errors to exit codes with one clear line on stderr."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except (InputError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted: previous outputs left as they were", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - the contract's "anything unexpected"
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    from analysis.pipeline import NotebookFailedError

    if isinstance(exc, NotebookFailedError) and exc.ename in _INPUT_ERRORS:
        print(f"error: {exc.evalue}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_UNEXPECTED
