"""Runs of the pipeline that several test files read, each made once per test session.

pytest-xdist gives every worker a session of its own, so a session fixture alone would make
a run once per worker. ``shared_run`` and ``shared_clone`` make theirs under a file lock in
the folder the workers share, and record how it ended; a worker that asks second waits for
it and reads the record. Tests only read a shared run; one that runs again into an output
location makes its own (the manifest records ``--out``, so a copy elsewhere is not up to
date).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from analysis import config
from analysis.run.manifest import sha256


@dataclass(frozen=True)
class SharedRun:
    """Where a shared run wrote its outputs, and how it ended."""

    out: Path
    returncode: int
    stderr: str


def shared_run(factory: pytest.TempPathFactory, name: str,
               arguments: Callable[[Path], list[str]],
               run_cli: Callable[..., subprocess.CompletedProcess]) -> SharedRun:
    """Run the command line (``run_cli``) with ``arguments(folder)`` once per session.

    ``arguments`` gets the run's own folder (for inputs it writes there); the run writes
    to ``folder / "out"``, added as ``--out``.
    """
    def make(folder: Path) -> dict:
        done = run_cli(*arguments(folder), "--out", str(folder / "out"))
        return {"returncode": done.returncode, "stderr": done.stderr}

    folder, record = _made_once(factory, name, make)
    return SharedRun(folder / "out", record["returncode"], record["stderr"])


def _made_once(factory: pytest.TempPathFactory, name: str,
               make: Callable[[Path], dict]) -> tuple[Path, dict]:
    """``make(folder)`` once per session, in a fresh ``folder``; its folder and its record.

    The record (JSON) is written only once ``make`` returns: a worker that finds it reads
    it, one that finds the lock held waits.
    """
    root = _shared_folder(factory) / "shared-runs"
    root.mkdir(exist_ok=True)
    folder, record = root / name, root / f"{name}.json"
    with FileLock(root / f"{name}.lock"):
        if not record.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            record.write_text(json.dumps(make(folder)), encoding="utf-8")
    return folder, json.loads(record.read_text(encoding="utf-8"))


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder: under xdist, the parent of the workers' folders."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@dataclass(frozen=True)
class SharedClone:
    """A clone of the committed project after one run, and what that run rendered.

    ``rendered`` maps each file of ``reports/figures`` and ``reports/report.pdf`` (relative
    to ``reports``) to its SHA-256 as the run left it: tests may change the clone's files
    afterwards, the record stays.
    """

    root: Path
    returncode: int
    stderr: str
    rendered: dict[str, str]


def shared_clone(factory: pytest.TempPathFactory) -> SharedClone:
    """Clone the project's repository and run it there (its own code), once per session."""
    def make(folder: Path) -> dict:
        target = folder / "project"
        subprocess.run(["git", "clone", "-q", str(config.PROJECT_ROOT), str(target)],
                       check=True, capture_output=True)
        done = subprocess.run([sys.executable, "-m", "analysis", "run"], cwd=target,
                              capture_output=True, text=True, timeout=900,
                              env={**os.environ, "PYTHONPATH": str(target / "src")})
        reports = target / "reports"
        rendered = {str(path.relative_to(reports)): sha256(path) for path in
                    [*sorted((reports / "figures").iterdir()), reports / "report.pdf"]
                    if path.is_file()}
        return {"returncode": done.returncode, "stderr": done.stderr, "rendered": rendered}

    folder, record = _made_once(factory, "clone", make)
    return SharedClone(folder / "project", record["returncode"], record["stderr"],
                       record["rendered"])


def project_is_committed() -> bool:
    """True when the project's files are all as committed: a clone runs the same code."""
    if not shutil.which("git") or not (config.PROJECT_ROOT / ".git").exists():
        return False
    status = subprocess.run(["git", "status", "--porcelain"], cwd=config.PROJECT_ROOT,
                            capture_output=True, text=True)
    return status.returncode == 0 and status.stdout == ""
