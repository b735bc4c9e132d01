"""The output location under faults: kills at every step of the switch, signals, two runs.

At every instant a reader of ``--out`` sees one complete run whose manifest hashes match
its files; a default layout (two folders) is completed by the next run; a second run is
kept out by the lock; nothing a killed run leaves survives the next run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analysis import config
from analysis.errors import InputError
from analysis.run import location, manifest
from analysis.run.location import Layout
from tests.conftest import start_cli

pytestmark = pytest.mark.integration
FILES = {"tables": ["a.csv", "b.csv"], "figures": ["f.html"], "notebooks": ["n.ipynb"]}


def _default_like(root: Path) -> Layout:
    """The shape of the default layout (manifest beside the tables) inside ``root``."""
    return Layout(root / "processed", root / "reports" / "figures",
                  root / "reports" / "notebooks", root / "reports" / "report.html",
                  root / "processed" / "manifest.json")


def _stage_run(layout: Layout, tag: str) -> Layout:
    """Write a small complete run (tag in every file) into new staging; return its layout."""
    stage = layout.staging(location.staging_root(layout))
    finals = []
    for kind, names in FILES.items():
        for name in names:
            staged = getattr(stage, kind) / name
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(f"{tag} {name}\n")
            finals.append((staged, getattr(layout, kind) / name))
    stage.report.write_text(f"{tag} report\n")
    finals.append((stage.report, layout.report))
    record = {"tag": tag, "outputs": [
        {"path": os.path.relpath(final, layout.manifest.parent), "sha256": manifest.sha256(s)}
        for s, final in finals]}
    stage.manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write(stage.manifest, record)
    return stage


def _seen(layout: Layout) -> str:
    """The tag of the run a reader sees; fails unless every listed file matches its hash."""
    record = json.loads(layout.manifest.read_text())
    base = layout.manifest.parent
    for entry in record["outputs"]:
        path = base / entry["path"]
        assert path.is_file(), entry["path"]
        assert manifest.sha256(path) == entry["sha256"], entry["path"]
        assert path.read_text().split()[0] == record["tag"], entry["path"]
    return record["tag"]


_DRIVER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from analysis.run import location
    from analysis.run.location import Layout
    from tests.reliability.test_output_location import _default_like, _stage_run

    root, mode, kill_after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    layout = Layout.under(root / "out") if mode == "out" else _default_like(root)
    stage = _stage_run(layout, "new")
    def stop(step):
        if step == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
    location._after_step = stop
    location.switch(stage, layout)
""")


def _steps(mode: str) -> int:
    return 4 if mode == "out" else 3


@pytest.mark.parametrize("mode", ["out", "default"])
def test_switch__killed_after_every_step(tmp_path, mode):
    for kill_after in range(1, _steps(mode) + 1):
        root = tmp_path / f"k{kill_after}"
        layout = Layout.under(root / "out") if mode == "out" else _default_like(root)
        with location.locked(layout):
            location.switch(_stage_run(layout, "old"), layout)
        done = subprocess.run([sys.executable, "-c", _DRIVER, str(root), mode, str(kill_after)],
                              cwd=config.PROJECT_ROOT, capture_output=True, text=True)
        assert done.returncode == -signal.SIGKILL, done.stderr
        if mode == "out":  # the strict promise: consistent even before any recovery
            assert _seen(layout) in ("old", "new")
        with location.locked(layout):  # what the next run does first
            pass
        expected = "old" if mode == "out" and kill_after < 3 else "new"
        assert _seen(layout) == expected, kill_after
        _assert_no_leftovers(layout)


def _assert_no_leftovers(layout: Layout) -> None:
    root = location.location_root(layout)
    names = {p.name for p in root.iterdir()}
    assert not {n for n in names if n.startswith((".staging-", ".current-", ".switch"))}
    if layout.store is not None:
        assert len(list((root / ".runs").iterdir())) == 1


def test_locked__second_holder_refused_naming_the_first(tmp_path):
    layout = Layout.under(tmp_path / "out")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from analysis.run import location
        from analysis.run.location import Layout
        with location.locked(Layout.under(Path({str(tmp_path / "out")!r}))):
            print("held", flush=True)
            time.sleep(60)
    """)], cwd=config.PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with (pytest.raises(location.LocationBusyError, match=f"pid {holder.pid}, started "),
              location.locked(layout)):
            pass
    finally:
        holder.kill()
        holder.wait()
    with location.locked(layout):  # a dead holder's lock is taken over
        pass


_cli = start_cli


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """An --out location holding one complete run of the shipped dataset.

    A run of its own, not a copy of the shared one: the manifest records ``--out``, so a
    copy elsewhere would not be up to date.
    """
    out = tmp_path_factory.mktemp("location") / "out"
    done = _cli("--out", str(out), "-p", "export_static", "false")
    _, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    return out


def _intact(out: Path) -> None:
    record = json.loads((out / "manifest.json").read_text())
    assert record["outputs"]
    for entry in record["outputs"]:
        assert manifest.sha256(out / entry["path"]) == entry["sha256"], entry["path"]


def _wait_for_second_run(out: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(list((out / ".runs").iterdir())) > 1:
            time.sleep(1.5)  # inside notebook 1 by now
            return
        time.sleep(0.1)
    pytest.fail("the second run never started staging")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_cli__signal_during_run_leaves_previous_outputs(finished, signum):
    before = (finished / "manifest.json").read_bytes()
    run = _cli("--out", str(finished), "-p", "export_static", "false", "--force")
    _wait_for_second_run(finished)
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1, err[-2000:]
    assert err.strip().splitlines()[-1] == "interrupted: previous outputs left as they were", \
        err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    assert (finished / "manifest.json").read_bytes() == before
    _intact(finished)
    assert len(list((finished / ".runs").iterdir())) == 1


def test_cli__sigkill_leftovers_removed_by_the_next_run(finished):
    run = _cli("--out", str(finished), "-p", "export_static", "false", "--force")
    _wait_for_second_run(finished)
    run.kill()
    run.communicate(timeout=60)
    _intact(finished)
    assert len(list((finished / ".runs").iterdir())) == 2  # the dead run's staging
    again = _cli("--out", str(finished), "-p", "export_static", "false")
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert "up to date" in err
    assert len(list((finished / ".runs").iterdir())) == 1
    _intact(finished)


def test_cli__second_run_into_the_same_out_exits_2_naming_the_first(finished):
    first = _cli("--out", str(finished), "-p", "export_static", "false", "--force")
    _wait_for_second_run(finished)
    second = _cli("--out", str(finished), "-p", "export_static", "false", "--force")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"another run is writing here (pid {first.pid}, started " in lines[0]
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    _intact(finished)


@pytest.mark.parametrize("make", ["file", "proc"])
def test_cli__unusable_out_refused_before_any_notebook(tmp_path, make):
    out = tmp_path / "a-file" if make == "file" else Path("/proc/version/out")
    if make == "file":
        out.write_text("not a folder")
    began = time.monotonic()
    run = _cli("--out", str(out), "-p", "export_static", "false")
    _, err = run.communicate(timeout=60)
    assert run.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert str(out) in lines[0]
    assert time.monotonic() - began < 10


def test_cli__staging_stays_inside_out(tmp_path):
    parent = tmp_path / "parent"
    run = _cli("--out", str(parent / "out"), "-p", "export_static", "false", "-p", "start",
               "2024-03-01", "-p", "end", "2024-03-31")
    _, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    assert [p.name for p in parent.iterdir()] == ["out"]


# --- A run never writes into, moves or deletes what it did not write -------------------


def _listing(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders and links)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink()
                                         else None)
            for p in sorted(folder.rglob("*")) if ".git" not in p.parts[len(folder.parts):]
            and "__pycache__" not in p.parts}


def _refused(*args: str) -> str:
    """Run the CLI, expect exit 2 with one line and no traceback; return that line."""
    run = _cli(*args, "-p", "export_static", "false")
    _, err = run.communicate(timeout=120)
    lines = err.strip().splitlines()
    assert run.returncode == 2, err
    assert len(lines) == 1, lines
    assert "Traceback" not in err
    return lines[0]


# What a run leaves in a location: nothing of it may appear in a folder the run refused.
RUN_TRACES = {location.MARKER_NAME, location.LOCK_NAME, location.HOLDER_NAME,
              location.RUNS_DIR, location.CURRENT, location.JOURNAL_NAME}


def _run_traces(folder: Path, deep: bool = True) -> set[str]:
    """Entries under ``folder`` that a run writes: marker, lock, runs, links, staging."""
    found = folder.rglob("*") if deep else folder.iterdir()
    return {str(p.relative_to(folder)) for p in found
            if ".git" not in p.parts and ".venv" not in p.parts and (
                p.name in RUN_TRACES or p.name.startswith(location.STAGING_PREFIX)
                or (p.is_symlink() and p.name in location.LINKED))}


@pytest.mark.parametrize("where", [".", "data/raw", "data", "notebooks", "reports", "src"])
def test_cli__out_in_the_projects_own_folders_refused(where):
    folder = (config.PROJECT_ROOT / where).resolve()
    deep = where != "."
    before = _run_traces(folder, deep)
    notebooks = sorted(p.name for p in config.NOTEBOOKS_DIR.iterdir())
    line = _refused("--out", str(folder))
    assert str(folder) in line
    assert _run_traces(folder, deep) == before
    assert not config.NOTEBOOKS_DIR.is_symlink()
    assert sorted(p.name for p in config.NOTEBOOKS_DIR.iterdir()) == notebooks


def test_cli__out_holding_the_users_files_refused_and_untouched(tmp_path):
    out = tmp_path / "mine"
    for name in ("tables", "figures", "notebooks"):
        (out / name).mkdir(parents=True)
        (out / name / "keep.txt").write_text(name)
    (out / "report.html").write_text("<p>my report</p>")
    before = _listing(out)
    line = _refused("--out", str(out))
    assert str(out) in line
    assert "figures" in line
    assert "did not write" in line
    assert _listing(out) == before


def test_claim__switch_never_replaces_a_real_folder(tmp_path):
    layout = Layout.under(tmp_path / "out")
    with location.locked(layout):
        location.switch(_stage_run(layout, "old"), layout)
    (tmp_path / "out" / "report.html").unlink()
    (tmp_path / "out" / "report.html").write_text("the user's")  # put there after the run
    with pytest.raises(InputError, match="did not write"), location.locked(layout):
        pass
    stage = _stage_run(layout, "new")
    with pytest.raises(InputError, match="not written by this project"):
        location.switch(stage, layout)
    assert (tmp_path / "out" / "report.html").read_text() == "the user's"


def test_claim__empty_folder_marked_first(tmp_path):
    out = tmp_path / "new"
    out.mkdir()
    location.claim(out)
    assert [p.name for p in out.iterdir()] == [location.MARKER_NAME]
    assert json.loads((out / location.MARKER_NAME).read_text()) == location.MARKER
    location.claim(out)  # a marked folder is taken again


@pytest.mark.parametrize("inner", ["current", "current/x", ".runs/mine", "sub/deeper"])
def test_cli__out_inside_another_location_refused(finished, inner):
    before = _listing(finished)
    line = _refused("--out", str(finished / inner))
    assert f"inside the output location {finished}" in line
    assert _listing(finished) == before


def test_cli__out_containing_another_location_refused(finished):
    line = _refused("--out", str(finished.parent))
    assert f"contains the output location {finished}" in line


@pytest.mark.parametrize("option", ["--input", "--sites", "--compare", "--out"])
def test_cli__symlink_loop_refused(tmp_path, option):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(tmp_path / "loop.csv")
    line = _refused(option, str(loop))
    assert str(loop) in line
    assert option in line
    assert "loop" in line
