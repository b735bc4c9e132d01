"""A run under faults from outside: an input replaced mid-run, a closed terminal, two quick
Ctrl-C, too few file descriptors. Each ends with one line and leaves no process behind."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from analysis import config
from tests.conftest import start_cli

pytestmark = pytest.mark.integration


def _start(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    return start_cli(*args, "-p", "export_static", "false", prefix=prefix)


def _wait_for_line(run: subprocess.Popen, text: str, timeout: float = 120) -> list[str]:
    """Read the run's stderr until a line contains ``text``; return the lines read."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = run.stderr.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return lines
    pytest.fail(f"never saw {text!r}: {lines}")


def _kernels(run: subprocess.Popen) -> list[psutil.Process]:
    found = []
    for process in psutil.Process(run.pid).children(recursive=True):
        # A short-lived child that ends while it is listed (a zombie not yet reaped, seen
        # once in a fresh clone's test run) has no command line to read.
        with contextlib.suppress(psutil.NoSuchProcess):
            if "ipykernel" in " ".join(process.cmdline()):
                found.append(process)
    return found


def _wait_for_kernel(run: subprocess.Popen, timeout: float = 60,
                     count: int = 1) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(kernels := _kernels(run)) >= count:
            time.sleep(0.5)  # started, executing notebook 1
            return kernels
        time.sleep(0.05)
    pytest.fail(f"fewer than {count} kernels started")


def _assert_gone(processes: list[psutil.Process], grace: float = 5) -> None:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return
        time.sleep(0.1)
    for process in alive:
        process.kill()
    pytest.fail(f"left running: {[p.pid for p in alive]}")


def test_run__input_replaced_after_it_was_read_exits_2(tmp_path):
    raw = Path(shutil.copy(config.RAW_INCIDENTS, tmp_path / "incidents.csv"))
    out = tmp_path / "out"
    run = _start("--input", str(raw), "--out", str(out))
    _wait_for_line(run, "01_clean.ipynb done")
    lines = raw.read_text(encoding="utf-8").splitlines(keepends=True)
    raw.write_text("".join(lines[:-1]), encoding="utf-8")  # one report fewer
    _, rest = run.communicate(timeout=300)
    assert run.returncode == 2, rest
    errors = [line for line in rest.splitlines() if not line.startswith("[")]  # no progress
    assert len(errors) == 1, errors
    assert str(raw) in errors[0]
    assert "changed" in errors[0]
    assert "Traceback" not in rest
    assert not (out / "manifest.json").exists()


@pytest.mark.parametrize("signals", [(signal.SIGHUP,), (signal.SIGINT, signal.SIGINT)],
                         ids=["sighup", "two-ctrl-c"])
def test_run__ended_by_signals_leaves_no_kernel(tmp_path, signals):
    """Neither notebook 1's kernel nor notebook 2's, started while notebook 1 runs."""
    run = _start("--out", str(tmp_path / "out"))
    kernels = _wait_for_kernel(run, count=2)
    for number, signum in enumerate(signals):
        if number:
            time.sleep(0.05)
        run.send_signal(signum)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1, err
    assert err.strip().splitlines()[-1] == "interrupted: previous outputs left as they were"
    assert "Traceback" not in err
    _assert_gone(kernels)


def test_run__too_few_file_descriptors_is_one_line(tmp_path):
    if not shutil.which("prlimit"):
        pytest.skip("prlimit (util-linux) is not installed")
    began = time.monotonic()
    run = _start("--out", str(tmp_path / "out"), prefix=("prlimit", "--nofile=40"))
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert "open files" in lines[0]
    assert "ulimit -n" in lines[0]
    assert time.monotonic() - began < 10
    assert not (tmp_path / "out").exists()


def test_run__under_nohup_a_hangup_does_not_stop_it(tmp_path):
    """A run started with SIGHUP ignored (nohup) goes on when its terminal closes."""
    run = _start("--out", str(tmp_path / "out"), prefix=("nohup",))
    _wait_for_kernel(run)
    run.send_signal(signal.SIGHUP)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err[-2000:]
    assert (tmp_path / "out" / "manifest.json").is_file()


@pytest.mark.browser
def test_run__ctrl_c_while_charts_export_and_report_prints_is_one_line(tmp_path):
    """Static export and the report's PDF run at once: an interrupt ends both browsers, and
    the export cut short is no warning of its own."""
    from analysis.charts.browser import browser_available

    if not browser_available():
        pytest.skip("needs Chromium")
    run = start_cli("--out", str(tmp_path / "out"))
    _wait_for_line(run, "02_frequency.ipynb done")
    time.sleep(2)  # both browsers at work by now
    started = psutil.Process(run.pid).children(recursive=True)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1, err
    assert err.strip().splitlines() == ["interrupted: previous outputs left as they were"], err
    assert started
    _assert_gone(started)
    assert not (tmp_path / "out" / "manifest.json").exists()
