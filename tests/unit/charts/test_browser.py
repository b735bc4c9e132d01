"""The browser static export and the report's PDF drive: asked its version once per process."""

from __future__ import annotations

from pathlib import Path

from analysis.charts import browser


def _counting_browser(path: Path, answer: str) -> Path:
    """A script that answers --version with ``answer`` and notes each time it is asked."""
    path.write_text(f'#!/bin/sh\necho asked >> {path}.asked\necho "{answer}"\n')
    path.chmod(0o755)
    return path


def _times_asked(path: Path) -> int:
    asked = Path(f"{path}.asked")
    return len(asked.read_text().split()) if asked.exists() else 0


def test_browser_problem__a_browser_that_answered_is_not_asked_again(tmp_path, monkeypatch):
    """A run checks its browser four times (the run, the exporter, the printer, the
    manifest): each --version costs 0.04-0.09 s, two of them on the run's critical path."""
    chrome = _counting_browser(tmp_path / "chrome", "Chromium 156.0.0.0")
    monkeypatch.setenv("BROWSER_PATH", str(chrome))
    assert browser.browser_problem() is None
    assert browser.browser_problem() is None
    assert browser.browser_version() == "Chromium 156.0.0.0"
    assert _times_asked(chrome) == 1


def test_browser_problem__a_browser_that_failed_is_asked_again(tmp_path, monkeypatch):
    """Only an answer like Chrome's is kept: a failure may pass (a machine under load)."""
    liar = _counting_browser(tmp_path / "liar", "not a browser")
    monkeypatch.setenv("BROWSER_PATH", str(liar))
    first = browser.browser_problem()
    assert "not a Chrome or Chromium version" in first
    assert browser.browser_problem() == first
    assert _times_asked(liar) == 2
