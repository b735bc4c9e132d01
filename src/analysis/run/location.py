"""The output location: one run at a time, staging inside it, results made visible at once.

Two layouts (``Layout``):

* ``--out DIR``: every run is written, complete with its manifest, into its own folder
  ``DIR/.runs/<run id>/``. ``DIR/current`` is a symbolic link to the run a reader sees, and
  ``DIR/tables``, ``figures``, ``notebooks``, ``report.html`` and ``manifest.json`` are links
  through ``current``. Putting a run in place is one ``rename`` of a new link over
  ``current``: at every instant a reader of DIR sees one complete run whose manifest
  matches its files.
* The default layout (tables and manifest in ``data/processed``, which git tracks, the rest
  in ``reports/``) cannot be switched by one rename: its files are replaced one by one,
  following a journal written before the first move. Signals are held back while the
  journal is followed; a run killed outright (SIGKILL, power loss) leaves the journal, and
  the next run completes the switch before it does anything else.

A lock (``filelock``) keeps a second run out of a location; a lock left by a dead run is
released by the system and taken over. Staging left by dead runs is removed by the next run.

An ``--out`` folder is the project's only when it says so: a marker file, written before
anything else, names the project and the layout version. A folder is used when it is empty
or carries the marker; anything else, the repository's own folders, a folder inside another
location and one that contains the project are refused before anything is written, so a
run never moves or deletes what it did not write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis import config
from analysis.errors import InputError

LOCK_NAME, HOLDER_NAME = ".lock", ".lock-holder.json"
RUNS_DIR, CURRENT = ".runs", "current"
JOURNAL_NAME, STAGING_PREFIX = ".switch-journal.json", ".staging-"
# The entries of an --out folder that are links through ``current``.
LINKED = ("tables", "figures", "notebooks", "report.html", "report.pdf", "manifest.json")
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
MARKER_NAME = ".analysis-location.json"
MARKER = {"project": "iraq-militia-attacks", "layout": 1}
# Folders of the repository that only their own code or the default layout writes.
PROJECT_FOLDERS = (".git", ".ci", ".venv", "benchmarks", "data", "docs", "notebooks", "reports",
                   "scripts", "src", "tests")


@dataclass(frozen=True)
class Layout:
    """Where a run's outputs go."""

    tables: Path
    figures: Path
    notebooks: Path
    report: Path
    manifest: Path
    store: Path | None = None  # --out DIR: runs kept in DIR/.runs, ``current`` links one

    @classmethod
    def default(cls) -> Layout:
        """Tables and manifest in data/processed, the rest in reports/."""
        return cls(config.PROCESSED_DIR, config.REPORTS_DIR / "figures",
                   config.REPORTS_DIR / "notebooks", config.REPORTS_DIR / "report.html",
                   config.PROCESSED_DIR / "manifest.json")

    @classmethod
    def under(cls, out: Path) -> Layout:
        """Everything under one folder."""
        out = Path(out).resolve()
        return cls(out / "tables", out / "figures", out / "notebooks", out / "report.html",
                   out / "manifest.json", store=out)

    def staging(self, root: Path) -> Layout:
        """The same shape inside a staging folder (a default layout's manifest by its tables)."""
        manifest = root / "manifest.json" if self.store else root / "tables" / "manifest.json"
        return Layout(root / "tables", root / "figures", root / "notebooks",
                      root / "report.html", manifest)

    @property
    def report_pdf(self) -> Path:
        """The report printed to PDF, beside the HTML."""
        return self.report.with_suffix(".pdf")

    def from_report(self, folder: Path) -> str:
        """``folder`` as the report links it: relative to the report's own folder."""
        return os.path.relpath(folder, self.report.parent)

    def failed_dir(self) -> Path:
        """Where the executed notebook of a failed run is kept."""
        return self.notebooks.parent / "failed-run"


class LocationBusyError(InputError):
    """Another live run holds the output location's lock."""


def _after_step(step: int) -> None:
    """Called after each step of a switch; the fault-injection tests replace it."""


def location_root(layout: Layout) -> Path:
    """The folder that is locked and staged in: ``--out`` DIR, or data/processed."""
    return layout.store if layout.store is not None else layout.manifest.parent


def claim(root: Path) -> None:
    """Make sure an ``--out`` folder is the project's, and mark a new one as such.

    Nothing is written before every check passed; the marker is then the first file.

    Raises:
        InputError: the folder is the project's own (or holds it), lies inside another
            output location, or holds files this project did not write.
    """
    _refuse_project_folders(root)
    for parent in root.parents:
        if _is_location(parent):
            raise InputError(root, f"inside the output location {parent}; choose a folder "
                             "outside it")
    if root.exists() and not root.is_dir():
        raise InputError(root, "the output location is not a folder")
    if root.is_dir():
        _refuse_foreign_entries(root)
    if not (root / MARKER_NAME).is_file():
        try:
            root.mkdir(parents=True, exist_ok=True)
            _write_marker(root)
        except OSError as exc:
            raise _unwritable(root, exc) from None


def _refuse_project_folders(root: Path) -> None:
    project = config.PROJECT_ROOT
    if root == project or root in project.parents:
        raise InputError(root, f"contains the project ({project}); choose an empty folder "
                         "outside it")
    if root.is_relative_to(project) and root.relative_to(project).parts[0] in PROJECT_FOLDERS:
        raise InputError(root, "is one of the project's own folders (written only by a run "
                         "without --out); choose another --out")


def _is_location(folder: Path) -> bool:
    """A folder this project writes runs into: marked, or laid out by an earlier version."""
    return (folder / MARKER_NAME).is_file() or (
        (folder / RUNS_DIR).is_dir() and (folder / CURRENT).is_symlink())


def _refuse_foreign_entries(root: Path) -> None:
    """Refuse a folder holding anything but this project's own entries."""
    if _is_location(root):
        foreign = sorted(name for name in LINKED
                         if (root / name).exists() and not (root / name).is_symlink())
    else:
        entries = sorted(root.iterdir())
        if nested := next((path for path in entries if _is_location(path)), None):
            raise InputError(root, f"contains the output location {nested}; choose that "
                             "folder or an empty one")
        foreign = [path.name for path in entries]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3
                                          else "")
        raise InputError(root, f"holds files this project did not write ({shown}); choose "
                         "an empty folder or one an earlier run wrote")


def _write_marker(root: Path) -> None:
    temporary = root / f"{MARKER_NAME}.{os.getpid()}"
    temporary.write_text(json.dumps(MARKER) + "\n", encoding="utf-8")
    os.replace(temporary, root / MARKER_NAME)


def _run_id() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def _prepare_root(root: Path) -> None:
    """Create the location if needed and refuse one that cannot be written."""
    if root.exists() and not root.is_dir():
        raise InputError(root, "the output location is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise _unwritable(root, exc) from None


def _unwritable(root: Path, exc: OSError) -> InputError:
    return InputError(root, f"the output location cannot be written ({exc.strerror or exc}); "
                      "choose another --out")


@contextlib.contextmanager
def locked(layout: Layout) -> Iterator[Path]:
    """Hold the location's lock; complete an interrupted switch and clear dead runs' staging.

    Yields:
        The location's root folder.

    Raises:
        InputError: the location is not a writable folder.
        LocationBusyError: another live run holds the lock (names its pid and start time).
    """
    from filelock import FileLock, Timeout

    root = location_root(layout)
    if layout.store is not None:
        claim(root)
    _prepare_root(root)
    lock = FileLock(root / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LocationBusyError(root, f"another run is writing here ({_holder(root)}); wait "
                                "for it to finish or stop it") from None
    try:
        (root / HOLDER_NAME).write_text(json.dumps({
            "pid": os.getpid(), "started": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC",
            "command": " ".join(sys.argv)}) + "\n", encoding="utf-8")
        recover(layout)
        yield root
    finally:
        lock.release()


def _holder(root: Path) -> str:
    try:
        holder = json.loads((root / HOLDER_NAME).read_text(encoding="utf-8"))
        return f"pid {holder['pid']}, started {holder['started']}"
    except (OSError, ValueError, KeyError):
        return "holder unknown"


def recover(layout: Layout) -> None:
    """Complete a switch a killed run left half done, then remove dead runs' staging."""
    root = location_root(layout)
    journal = root / JOURNAL_NAME
    if journal.exists():
        _follow(json.loads(journal.read_text(encoding="utf-8")))
        journal.unlink()
    if layout.store is not None:
        current = _current_run(root)
        for run in (root / RUNS_DIR).glob("*"):
            if run.name != current:
                shutil.rmtree(run, ignore_errors=True)
        for link in root.glob(f".{CURRENT}-*"):
            link.unlink(missing_ok=True)
    for staging in root.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(staging, ignore_errors=True)


def _current_run(root: Path) -> str | None:
    try:
        return Path(os.readlink(root / CURRENT)).name
    except OSError:
        return None


def staging_root(layout: Layout) -> Path:
    """Create the folder a new run writes into, inside the output location."""
    root = location_root(layout)
    if layout.store is not None:
        folder = root / RUNS_DIR / _run_id()
    else:
        folder = root / f"{STAGING_PREFIX}{_run_id()}"
    folder.mkdir(parents=True)
    return folder


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back; a signal that came meanwhile is delivered on exit."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def switch(stage: Layout, layout: Layout) -> bool:
    """Make a staged, complete run (manifest written) the one readers of the location see.

    Returns:
        True when SIGINT or SIGTERM came during the switch: it was held back until the new
        run was in place (the caller reports it), False otherwise.
    """
    steps = _link_steps(stage, layout) if layout.store is not None else _journal_steps(
        stage, layout)
    completed = False
    try:
        with signals_held():
            for number, step in enumerate(steps, start=1):
                step()
                _after_step(number)
            completed = True
    except KeyboardInterrupt:
        if not completed:
            raise
        return True
    return False


def _link_steps(stage: Layout, layout: Layout) -> list[Callable[[], None]]:
    root = layout.store
    run = stage.manifest.parent
    new_link = root / f".{CURRENT}-{run.name}"
    target = os.path.relpath(run, root)

    def ensure_links() -> None:
        for name in LINKED:
            _link(root / name, f"{CURRENT}/{name}")

    def replace_current() -> None:
        os.replace(new_link, root / CURRENT)

    def remove_old_runs() -> None:
        for old in (root / RUNS_DIR).glob("*"):
            if old.name != run.name:
                shutil.rmtree(old, ignore_errors=True)

    return [ensure_links, lambda: os.symlink(target, new_link), replace_current,
            remove_old_runs]


def _link(path: Path, target: str) -> None:
    """Make ``path`` a link to ``target``; only a link of ours is ever replaced.

    Raises:
        InputError: a real file or folder appeared there during the run.
    """
    if path.is_symlink() and os.readlink(path) == target:
        return
    if path.exists() and not path.is_symlink():
        raise InputError(path, "appeared during the run and was not written by this project; "
                         "the run's outputs were not put in place")
    temporary = path.parent / f".{path.name}.link-{os.getpid()}"
    os.symlink(target, temporary)
    os.replace(temporary, path)


def _journal_steps(stage: Layout, layout: Layout) -> list[Callable[[], None]]:
    root = location_root(layout)
    plan = _plan(stage, layout)

    def write_journal() -> None:
        temporary = root / f"{JOURNAL_NAME}.{os.getpid()}"
        temporary.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, root / JOURNAL_NAME)

    def follow() -> None:
        _follow(plan)

    def close() -> None:
        (root / JOURNAL_NAME).unlink()
        shutil.rmtree(plan["staging"], ignore_errors=True)

    return [write_journal, follow, close]


def _plan(stage: Layout, layout: Layout) -> dict:
    """Every move of a journalled switch, the manifest last, and the files to remove."""
    moves = [(stage.figures, layout.figures), (stage.notebooks, layout.notebooks),
             (stage.report, layout.report)]
    if stage.report_pdf.is_file():
        moves.append((stage.report_pdf, layout.report_pdf))
    new_tables = sorted(p for p in stage.tables.iterdir() if p.name != stage.manifest.name)
    moves += [(path, layout.tables / path.name) for path in new_tables]
    moves.append((stage.manifest, layout.manifest))
    kept = {path.name for path in new_tables} | {layout.manifest.name}
    stale = [str(path) for path in sorted(layout.tables.glob("*"))
             if path.is_file() and not path.name.startswith(".") and path.name not in kept]
    if not stage.report_pdf.is_file() and layout.report_pdf.is_file():
        stale.append(str(layout.report_pdf))  # a run without static export prints no PDF
    staging = stage.manifest.parent.parent if stage.manifest.parent == stage.tables else (
        stage.manifest.parent)
    return {"moves": [[str(a), str(b)] for a, b in moves], "remove": stale,
            "staging": str(staging)}


def _follow(plan: dict) -> None:
    """Carry out a journal's moves and removals; safe to repeat after an interruption."""
    old = Path(plan["staging"]) / ".replaced"
    for source, target in map(lambda pair: (Path(pair[0]), Path(pair[1])), plan["moves"]):
        if not source.exists():
            continue  # moved before the interruption
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir() and target.exists():
            old.mkdir(parents=True, exist_ok=True)
            aside = old / f"{len(list(old.iterdir()))}-{target.name}"
            os.replace(target, aside)
        os.replace(source, target)
    for path in map(Path, plan["remove"]):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    shutil.rmtree(old, ignore_errors=True)
