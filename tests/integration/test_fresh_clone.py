"""A fresh clone stays clean after a full run: the tracked manifest holds only what the inputs
determine, and what a browser rendered is recorded beside the figures, untracked."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis import config
from analysis.charts.browser import browser_available
from analysis.run import manifest
from analysis.run.pipeline import RENDERED, RENDERED_RECORD
from tests.shared_runs import shared_clone

pytestmark = pytest.mark.integration


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clone of the committed project, run once with static export (its own code)."""
    if not shutil.which("git") or not (config.PROJECT_ROOT / ".git").exists():
        pytest.skip("needs git and the project's repository")
    if not browser_available():
        pytest.skip("needs Chromium for the rendered outputs")
    made = shared_clone(tmp_path_factory)
    assert made.returncode == 0, made.stderr[-2000:]
    return made.root


def test_fresh_clone__clean_after_a_run(clone):
    assert _git("status", "--porcelain", cwd=clone) == ""


def test_fresh_clone__rendered_outputs_hashed_in_the_untracked_record(clone):
    record_path = clone / "reports" / "figures" / RENDERED_RECORD
    record = json.loads(record_path.read_text())
    assert record["browser"]
    assert "Liberation Sans" in record["fonts"]
    hashed = {(record_path.parent / entry["path"]).resolve(): entry["sha256"]
              for entry in record["outputs"]}
    tracked = json.loads((clone / "data" / "processed" / "manifest.json").read_text())
    base = clone / "data" / "processed"
    rendered = [out for out in tracked["outputs"] if out["path"].endswith(RENDERED)]
    assert len(rendered) >= 25  # 8 charts in three formats and the report's PDF
    for out in rendered:
        assert "sha256" not in out, out["path"]
        path = (base / out["path"]).resolve()
        assert hashed[path] == manifest.sha256(path), out["path"]
    for out in tracked["outputs"]:
        if not out["path"].endswith((*RENDERED, RENDERED_RECORD)):
            assert manifest.sha256(base / out["path"]) == out["sha256"], out["path"]


def test_fresh_clone__a_changed_png_is_not_current(clone):
    fingerprint = json.loads((clone / "data" / "processed" / "manifest.json").read_text())[
        "fingerprint"]
    path = clone / "data" / "processed" / "manifest.json"
    assert manifest.is_current(path, fingerprint)
    png = clone / "reports" / "figures" / "attacks_stacked.png"
    kept = png.read_bytes()
    png.write_bytes(kept + b"\0")
    try:
        assert not manifest.is_current(path, fingerprint)
    finally:
        png.write_bytes(kept)
