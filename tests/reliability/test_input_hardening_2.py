"""Hostile input, second round, through the command line: runaway dates, future rows,
duplicated header columns, physical line numbers, hostile YAML and broken auxiliary files.

Each refusal is exit 2 with exactly one line on stderr, no traceback and no manifest."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from tests.conftest import RAW_COLUMNS, assert_refused, make_row, write_csv

pytestmark = pytest.mark.integration
ACLED_SAMPLE = config.PROJECT_ROOT / "tests" / "fixtures" / "acled_sample.csv"
UCDP_SAMPLE = config.PROJECT_ROOT / "tests" / "fixtures" / "ucdp_sample.csv"
# Nine levels of nine aliases under one parameter: 9**9 "lol"s once expanded.
BILLION_LAUGHS = "\n".join(
    ["actors:", '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"  - &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)]
    + [""])


def _command(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True,
                          text=True, cwd=config.PROJECT_ROOT, timeout=timeout)


def _run_input(path: Path, out: Path, *extra: str, timeout: float = 180
               ) -> subprocess.CompletedProcess:
    return _command("run", "--input", str(path), "--out", str(out), "-p", "export_static",
                    "false", *extra, timeout=timeout)


def _acled_with(path: Path, edit, header_edit=None, sample: Path = ACLED_SAMPLE) -> Path:
    """An export fixture (ACLED unless ``sample`` says otherwise) with its rows changed."""
    with sample.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    edit(rows)
    return write_csv(path, list(rows[0]), rows)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, folder, ignore=shutil.ignore_patterns("research_log"))
    return folder


# Dates and windows ---------------------------------------------------------------------------

def test_acled__far_future_events_are_rejected_and_never_widen_the_window(tmp_path):
    far_dates = ["9999-12-31", "2261-01-01"]

    def edit(rows: list[dict[str, str]]) -> None:
        for row, date in zip(rows, far_dates, strict=False):
            row["event_date"] = date

    export = _acled_with(tmp_path / "acled.csv", edit)
    done = _run_input(export, tmp_path / "out", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    tables = tmp_path / "out" / "tables"
    rejected = pd.read_csv(tables / "rejected.csv", dtype=str)
    far = rejected[rejected["event_date"].isin(far_dates)]
    assert len(far) == len(far_dates)
    assert far["reason"].str.contains(f"after {dt.date.today().year}-12-31").all()
    months = pd.read_csv(tables / "frequency_month_region.csv")["period_start"]
    assert months.max() <= f"{dt.date.today().year}-12-01"


def test_ucdp__far_future_event_is_rejected_and_never_widens_the_window(tmp_path):
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["date_start"] = rows[0]["date_end"] = "2261-01-01"

    export = _acled_with(tmp_path / "ucdp.csv", edit, sample=UCDP_SAMPLE)
    done = _run_input(export, tmp_path / "out", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    tables = tmp_path / "out" / "tables"
    reasons = pd.read_csv(tables / "rejected.csv", dtype=str)["reason"]
    assert reasons.str.contains(f"after {dt.date.today().year}-12-31").sum() == 1
    months = pd.read_csv(tables / "frequency_month_region.csv")["period_start"]
    assert months.max() <= f"{dt.date.today().year}-12-01"


def test_check__future_row_in_project_format_is_flagged(raw_copy):
    rows = list(csv.DictReader((raw_copy / "incidents.csv").open(encoding="utf-8",
                                                                 newline="")))
    rows.append(make_row(report_id="zz-future", event_date="2099-01-01"))
    write_csv(raw_copy / "incidents.csv", RAW_COLUMNS, rows)
    done = _command("check", str(raw_copy), timeout=60)
    line = assert_refused(done, None, "incidents.csv", f"row {len(rows) + 1}",
                           "column 'event_date'", "after today")
    assert "cannot postdate the run" in line


# Headers and messages ------------------------------------------------------------------------

def test_project_format__column_named_twice_exits_2(tmp_path):
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, [make_row()])
    text = raw.read_text(encoding="utf-8").splitlines()
    raw.write_text("\n".join([text[0] + ",site", text[1] + ",Erbil", ""]), encoding="utf-8")
    assert_refused(_run_input(raw, tmp_path / "out"), tmp_path / "out", str(raw),
                    "column 'site'", "twice")


def test_acled__column_named_twice_exits_2(tmp_path):
    lines = ACLED_SAMPLE.read_text(encoding="utf-8").splitlines()
    export = tmp_path / "acled.csv"
    export.write_text("\n".join([lines[0] + ",actor1", *(line + ",Someone" for line in lines[1:]),
                                 ""]), encoding="utf-8")
    assert_refused(_run_input(export, tmp_path / "out"), tmp_path / "out", str(export),
                    "column 'actor1'", "twice")


def test_project_format__row_numbers_are_physical_lines(tmp_path):
    rows = [make_row(summary="first line\nsecond line\nthird line"), make_row(report_id="r-2")]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    with raw.open("a", encoding="utf-8") as handle:  # two blank lines, then a repeated id
        handle.write("\n\n")
    with raw.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, RAW_COLUMNS, lineterminator="\n").writerow(make_row())
    # header 1, record 1 on lines 2-4, r-2 on 5, blanks 6-7, the repeated r-001 on line 8
    assert_refused(_run_input(raw, tmp_path / "out"), tmp_path / "out", str(raw), "row 8",
                    "column 'report_id'", "rows 2, 8")


def test_acled__row_numbers_are_physical_lines(tmp_path):
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["notes"] = "one\ntwo\nthree"
        rows[2]["notes"] = "y" * 200_000

    export = _acled_with(tmp_path / "acled.csv", edit)
    # header 1, first record on lines 2-4, second on 5, the third on line 6
    assert_refused(_run_input(export, tmp_path / "out"), tmp_path / "out", str(export),
                    "row 6", "column 'notes'")


def test_config__billion_laughs_exits_2_at_once_with_a_short_line(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    line = assert_refused(_command("run", "--out", str(tmp_path / "out"), "--config",
                                    str(bomb), timeout=30), tmp_path / "out", str(bomb),
                           "alias")
    assert len(line) < 400


def test_config__oversized_file_exits_2(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("freq: month\n" + "# padding\n" * 10_000, encoding="utf-8")
    line = assert_refused(_command("run", "--out", str(tmp_path / "out"), "--config",
                                    str(big), timeout=30), tmp_path / "out", str(big), "KiB")
    assert len(line) < 400


def test_config__long_value_is_cut_in_the_message(tmp_path):
    long_value = tmp_path / "long.yaml"
    long_value.write_text("freq: " + "w" * 5000 + "\n", encoding="utf-8")
    line = assert_refused(_command("run", "--out", str(tmp_path / "out"), "--config",
                                    str(long_value), timeout=30), tmp_path / "out",
                           "parameter 'freq'")
    assert len(line) < 300


def test_config__list_where_text_is_expected_exits_2(tmp_path):
    listed = tmp_path / "actors.yaml"
    listed.write_text("actors: [Kataib Hezbollah]\n", encoding="utf-8")
    assert_refused(_command("run", "--out", str(tmp_path / "out"), "--config", str(listed),
                             timeout=30), tmp_path / "out", "parameter 'actors'", "text",
                    "not a list")


def test_config__latin1_file_exits_2_with_the_byte_position(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("freq: month\nactors: Kata\u00efb\n".encode("latin-1"))
    assert_refused(_command("run", "--out", str(tmp_path / "out"), "--config", str(latin),
                             timeout=30), tmp_path / "out", str(latin), "UTF-8", "0xef",
                    "byte 25", "line 2")


# analysis check on broken auxiliary files ----------------------------------------------------

def _break_codebook_month(folder: Path) -> None:
    codebook = folder / "README.md"
    text = codebook.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 2024-03 |"))
    codebook.write_text(text.replace(row, row + "\n" + row), encoding="utf-8")


@pytest.mark.parametrize(("case", "words"), [
    ("no codebook", ("README.md", "not found")),
    ("no groups", ("groups.json", "not found")),
    ("weapons a list", ("weapons.json", "expected a JSON object")),
    ("weapons words a string", ("weapons.json", "'drone'", "list of strings")),
    ("month twice", ("README.md", "2024-03", "twice", "line")),
    ("codebook latin-1", ("README.md", "UTF-8", "line", "byte")),
])
def test_check__broken_auxiliary_files_exit_2_naming_the_file(raw_copy, case, words):
    mappings = raw_copy / "mappings"
    if case == "no codebook":
        (raw_copy / "README.md").unlink()
    elif case == "no groups":
        (mappings / "groups.json").unlink()
    elif case == "weapons a list":
        (mappings / "weapons.json").write_text('["drone", "rocket"]', encoding="utf-8")
    elif case == "weapons words a string":
        weapons = json.loads((mappings / "weapons.json").read_text(encoding="utf-8"))
        weapons["drone"] = "drone"
        (mappings / "weapons.json").write_text(json.dumps(weapons), encoding="utf-8")
    elif case == "month twice":
        _break_codebook_month(raw_copy)
    else:
        codebook = raw_copy / "README.md"
        codebook.write_bytes(codebook.read_bytes().replace(
            b"Codebook", "Codebook caf\u00e9".encode("latin-1"), 1))
    assert_refused(_command("check", str(raw_copy), timeout=60), None, *words)
