"""``python -m analysis check``: one line per problem, closest spellings, month table."""

from __future__ import annotations

import csv
import shutil
import time

import pytest

from analysis import config
from analysis.errors import InputError
from analysis.run import check, cli


@pytest.fixture
def raw_copy(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, folder, ignore=shutil.ignore_patterns("research_log"))
    return folder


def _edit_row(folder, report_id: str, **changes: str) -> int:
    """Change fields of one row of incidents.csv; return its line number."""
    path = folder / "incidents.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    number = next(n for n, row in enumerate(rows, start=2) if row["report_id"] == report_id)
    rows[number - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return number


def test_check_raw__shipped_dataset_is_clean():
    began = time.perf_counter()
    assert check.check_raw() == []
    assert time.perf_counter() - began < 4  # under 2 s on an idle machine


def test_check_raw__unknown_site_names_row_and_closest_aliases(raw_copy):
    row = _edit_row(raw_copy, "s2310-071", site="Ain al-Asadd Airbse")
    problems = check.check_raw(raw_copy)
    site = [p for p in problems if "column 'site'" in p]
    assert len(site) == 1
    assert site[0].startswith(f"{raw_copy / 'incidents.csv'}, row {row}, column 'site': ")
    assert "closest known: " in site[0]
    assert "(ain-al-asad)" in site[0].split("closest known: ")[1].split(",")[0]


def test_check_raw__unknown_group_spelling_suggests_the_group(raw_copy):
    row = _edit_row(raw_copy, "s2310-071", claimed_by="Katab Hezbolah")
    problems = [p for p in check.check_raw(raw_copy) if "claimed_by" in p]
    assert len(problems) == 1
    assert f"row {row}, column 'claimed_by': group spelling 'Katab Hezbolah'" in problems[0]
    assert "-> Kataib Hezbollah" in problems[0]


def test_check_raw__weapon_without_a_known_word(raw_copy):
    row = _edit_row(raw_copy, "s2310-071", weapon="zzz-device")
    problems = [p for p in check.check_raw(raw_copy) if "column 'weapon'" in p]
    assert problems == [f"{raw_copy / 'incidents.csv'}, row {row}, column 'weapon': "
                        "'zzz-device' names no word of weapons.json (add its word to a category)"]


def test_check_raw__bad_date_and_date_after_coverage(raw_copy):
    bad = _edit_row(raw_copy, "s2310-071", event_date="2023-13-01")
    late = _edit_row(raw_copy, "s2310-074", event_date="2026-06-02")
    problems = check.check_raw(raw_copy)
    assert any(f"row {bad}, column 'event_date': expected an ISO date" in p for p in problems)
    assert any(f"row {late}, column 'event_date': outside the analysis window" in p
               for p in problems)


def test_check_raw__month_table_out_of_step(raw_copy):
    codebook = raw_copy / "README.md"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("| 2023-10 | 103 |", "| 2023-10 | 104 |"), encoding="utf-8")
    problems = check.check_raw(raw_copy)
    assert problems == [f"{codebook}, month 2023-10, column 'report rows': the table says 104, "
                        "the file gives 103"]


def test_main_check__exit_codes(raw_copy, capsys):
    assert cli.main(["check", str(raw_copy)]) == 0
    capsys.readouterr()
    _edit_row(raw_copy, "s2310-071", site="nowhere at all")
    assert cli.main(["check", str(raw_copy)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) >= 1
    assert all(line.startswith("error: ") for line in lines)


def test_check_raw__empty_country(raw_copy):
    row = _edit_row(raw_copy, "s2310-071", country="")
    problems = [p for p in check.check_raw(raw_copy) if "column 'country'" in p]
    assert problems == [f"{raw_copy / 'incidents.csv'}, row {row}, column 'country': expected a "
                        "value (as the page names it)"]


def test_codebook_month_table__a_month_twice_names_both_lines(raw_copy):
    codebook = raw_copy / "README.md"
    text = codebook.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 2024-03 |"))
    first = text.splitlines().index(row) + 1
    codebook.write_text(text.replace(row, row + "\n" + row), encoding="utf-8")
    with pytest.raises(InputError, match=f"month 2024-03 is in the month table twice "
                                         f"\\(lines {first} and {first + 1}\\)"):
        check.codebook_month_table(codebook)


def test_codebook_month_table__missing_or_not_utf8_codebook(raw_copy):
    codebook = raw_copy / "README.md"
    codebook.write_bytes(b"# Codebook\n\ncaf\xe9\n")
    with pytest.raises(InputError, match=r"found byte 0xe9 at byte 16 \(line 3\)"):
        check.codebook_month_table(codebook)
    codebook.unlink()
    with pytest.raises(InputError, match="file not found; expected the codebook"):
        check.codebook_month_table(codebook)


def test_check_raw__missing_groups_mapping_names_the_file(raw_copy):
    (raw_copy / "mappings" / "groups.json").unlink()
    problems = check.check_raw(raw_copy)
    assert len(problems) == 1
    assert "groups.json: file not found" in problems[0]


@pytest.mark.parametrize("url", ["data:text/html,<script>alert(1)</script>",
                                 "javascript:alert(1)", "file:///etc/passwd"])
def test_check_raw__source_url_not_http_is_named(raw_copy, url):
    row = _edit_row(raw_copy, "s2310-071", source_url=url)
    problems = [p for p in check.check_raw(raw_copy) if "source_url" in p]
    assert problems == [f"{raw_copy / 'incidents.csv'}, row {row}, column 'source_url': "
                        "expected an http(s) address"]


@pytest.mark.parametrize("value", ["", "maybe"], ids=["missing", "unknown"])
def test_check_raw__attribution_missing_or_unknown_names_row_and_values(raw_copy, value):
    row = _edit_row(raw_copy, "s2310-071", attribution=value)
    problems = [p for p in check.check_raw(raw_copy) if "attribution" in p]
    assert problems == [f"{raw_copy / 'incidents.csv'}, row {row}, column 'attribution': "
                        "expected one of claimed, attributed, iran_backed, unattributed"]


def test_main_check__unknown_attribution_is_one_line_and_exit_2(raw_copy, capsys):
    row = _edit_row(raw_copy, "s2310-074", attribution="pro-Iranian")
    assert cli.main(["check", str(raw_copy)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"error: {raw_copy / 'incidents.csv'}, row {row}, column 'attribution': "
                     "expected one of claimed, attributed, iran_backed, unattributed"]
