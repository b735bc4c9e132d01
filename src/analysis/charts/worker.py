"""A process that drives a browser: started ahead, sent one job, then ended with all it started.

The static export runs in one (``analysis.charts.static_worker``). The worker opens its browser
as it starts, then reads its job, JSON, from standard input; the caller meanwhile does other
work. A browser that hangs can hang its worker, never the caller: the caller ends the worker
and every process it started (``stop``), browser included, at its deadline, or when the run
fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import psutil


class WorkerTimeoutError(RuntimeError):
    """The worker did not finish its job within the deadline (it was stopped)."""


class WorkerFailedError(RuntimeError):
    """The worker ended with an error: the message is the last line it wrote on stderr."""


class BrowserWorker:
    """``python -m MODULE`` in a session of its own, waiting for its job on stdin."""

    def __init__(self, module: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
        self._stopped = False

    @property
    def pid(self) -> int:
        """The worker's process id (its process group's too)."""
        return self._process.pid

    def run(self, job: object, timeout: float | None = None) -> None:
        """Send the job and wait for the worker to end; it is stopped either way.

        Raises:
            WorkerTimeoutError: not done within ``timeout`` seconds.
            WorkerFailedError: the worker failed.
        """
        try:
            _, errors = self._process.communicate(json.dumps(job), timeout=timeout)
        except subprocess.TimeoutExpired:
            raise WorkerTimeoutError(f"not done within {timeout:g} s") from None
        finally:
            self.stop()
        if self._process.returncode != 0:
            raise WorkerFailedError((errors.strip().splitlines() or ["no message"])[-1][:300])

    def stop(self) -> None:
        """End the worker and every process it started; a second call does nothing.

        A browser may run in a session of its own, out of reach of the worker's process
        group: its processes are found as the worker's descendants.
        """
        if self._stopped:
            return
        self._stopped = True
        try:
            family = psutil.Process(self._process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)
        end_processes(family)
        self._process.wait()


def end_processes(processes: list[psutil.Process], timeout: float = 5) -> None:
    """Kill each process, then wait until each has ended, without reaping any.

    psutil's wait reaps a child of this process, and its owner then finds it gone: asyncio's
    child watcher, waiting on the PDF printer's driver, prints a warning to stderr.
    """
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    deadline = time.monotonic() + timeout
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            while (process.status() != psutil.STATUS_ZOMBIE
                   and time.monotonic() < deadline):
                time.sleep(0.01)


def serve(do_job: Callable[[Callable[[], str]], None]) -> int:
    """Run a worker: ``do_job`` opens its browser, then reads its job with the function given.

    Returns:
        The exit code: 0, or 1 with one line on stderr saying what failed.
    """
    try:
        do_job(sys.stdin.read)
    except Exception as exc:  # noqa: BLE001 - reported to the caller as one line
        print(f"{type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0
