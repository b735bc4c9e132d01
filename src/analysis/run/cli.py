"""``python -m analysis run``: the command-line contract (see README).

Exit codes: 0 done (or nothing to do), 2 bad input or parameter (one line on
stderr, no traceback), 1 anything unexpected (including a failing notebook cell).
"""

from __future__ import annotations

import argparse
import errno
import resource
import signal
import sys
import warnings
from pathlib import Path

from analysis import config
from analysis.errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_UNEXPECTED,
    InputError,
    NotebookFailedError,
    ParameterError,
)
from analysis.run import location, manifest, params
from analysis.run.location import Layout

INTERRUPTED = "interrupted: previous outputs left as they were"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
# Open files a run may need: one with static export was measured to use about 100 (kernels,
# sockets, a browser); below 64 a notebook kernel hangs or dies while starting.
MIN_OPEN_FILES = 256


class OpenFilesError(RuntimeError):
    """The process may open too few files for a run, and the limit cannot be raised."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"too many open files: a run needs up to {MIN_OPEN_FILES} and this "
                         f"shell allows {limit}; raise the limit (ulimit -n 1024) and run again")


def ensure_open_files() -> None:
    """Raise the soft open-file limit to ``MIN_OPEN_FILES`` when the hard limit allows.

    Raises:
        OpenFilesError: the hard limit is below ``MIN_OPEN_FILES``.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= MIN_OPEN_FILES:
        return
    if hard != resource.RLIM_INFINITY and hard < MIN_OPEN_FILES:
        raise OpenFilesError(soft)
    resource.setrlimit(resource.RLIMIT_NOFILE, (MIN_OPEN_FILES, hard))
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
    from analysis.run.check import check_raw  # here: pandas and pandera only when checking

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


def run(args: argparse.Namespace) -> int:
    """Run the pipeline unless nothing changed; return the exit code."""
    values = _parameters(args)
    paths = _paths(args)
    ensure_open_files()
    layout = Layout.under(resolve_given(args.out, "--out")) if args.out else Layout.default()
    inputs = [Path(paths[key]) for key in ("raw_path", "sites_path", "totals_path")]
    recorded = {**values, "out": str(args.out) if args.out else ""}
    if args.compare:  # run --compare: the export is an input and recorded
        inputs.append(Path(paths["compare_path"]))
        recorded["compare"] = str(args.compare)
    run_inputs = manifest.RunInputs.of(inputs, recorded)
    with location.locked(layout):
        if not args.force and manifest.is_current(layout.manifest, run_inputs.fingerprint):
            print(f"up to date: inputs, notebooks, code and parameters are unchanged since "
                  f"the last run ({layout.manifest}); use --force to re-run", file=sys.stderr)
            return EXIT_OK
        # Here, not at the top: a no-op run stays fast. Notebook 1's kernel starts on the
        # other core while this process loads the rest and checks the reference files.
        from analysis.run.kernel import LaunchedKernel

        first = LaunchedKernel.launch(config.NOTEBOOKS_DIR)
        try:
            from analysis.run import produce

            return produce.execute(values, paths, layout, run_inputs, first)
        finally:
            with location.signals_held():
                first.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point; maps errors to exit codes with one clear line on stderr.

    SIGTERM and SIGHUP (a closed terminal) are handled as SIGINT: the run stops, its
    kernels and staging are removed, the previous outputs stay in place, and the exit
    code is 1. A signal the caller ignores (SIGHUP under nohup) stays ignored.
    """
    args = build_parser().parse_args(argv)
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, signal.default_int_handler)
    try:
        return check_command(args) if args.command == "check" else run(args)
    except (InputError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _end_quietly()
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - the contract's "anything unexpected"
        return _unexpected(exc)
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: set outside Python, left as it is
                signal.signal(signum, handler)


def _end_quietly() -> None:
    """After an interruption, let the process end with the run's last line.

    A second Ctrl-C is ignored while the process ends. What the signal cut short (an event
    loop half set up, a kernel start never awaited) is finalised at exit, and Python would
    report each on stderr after that line: those reports are dropped.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.unraisablehook = lambda _unraisable: None
    warnings.simplefilter("ignore")


def _unexpected(exc: Exception) -> int:
    if isinstance(exc, NotebookFailedError) and exc.ename in _INPUT_ERRORS:
        print(f"error: {exc.evalue}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE):
        exc = OpenFilesError(resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_UNEXPECTED
