"""Runs of the pipeline that several test files read, each made once per test session.

pytest-xdist gives every worker a session of its own, so a session fixture alone would make
a run once per worker. ``shared_run`` makes it under a file lock in the folder the workers
share; a worker that asks second waits for it and reads it. Tests only read a shared run;
one that runs again into an output location makes its own (the manifest records ``--out``,
so a copy elsewhere is not up to date).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock


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
    root = _shared_folder(factory) / "shared-runs"
    root.mkdir(exist_ok=True)
    folder, ended = root / name, root / f"{name}.returncode"
    with FileLock(root / f"{name}.lock"):
        if not ended.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done = run_cli(*arguments(folder), "--out", str(folder / "out"))
            (root / f"{name}.stderr").write_text(done.stderr, encoding="utf-8")
            ended.write_text(str(done.returncode), encoding="utf-8")
    return SharedRun(folder / "out", int(ended.read_text(encoding="utf-8")),
                     (root / f"{name}.stderr").read_text(encoding="utf-8"))


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder: under xdist, the parent of the workers' folders."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
