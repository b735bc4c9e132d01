"""Bad input: each case gives a clear error naming file/row/column, or rejected rows."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from analysis.clean.incidents import clean_incidents
from analysis.errors import InputError
from analysis.inputs.gazetteer import load_sites
from analysis.inputs.load import read_csv_text, read_header
from tests.conftest import RAW_COLUMNS, SITE_COLUMNS, SITES, make_row, write_csv


def _clean(raw: Path, sites: Path):
    return clean_incidents(raw, sites, start="2023-10-17", end="2026-12-31")


def test_read_csv_text__missing_column(tmp_path, sites_csv):
    header = [c for c in RAW_COLUMNS if c != "site"]
    path = write_csv(tmp_path / "raw.csv", header,
                     [{k: v for k, v in make_row().items() if k != "site"}])
    with pytest.raises(InputError, match=r"raw.csv, row 1: missing required column\(s\) site"):
        _clean(path, sites_csv)


def test_read_csv_text__missing_attribution_column(tmp_path, sites_csv):
    header = [c for c in RAW_COLUMNS if c != "attribution"]
    path = write_csv(tmp_path / "raw.csv", header,
                     [{k: v for k, v in make_row().items() if k != "attribution"}])
    with pytest.raises(InputError, match=r"raw.csv, row 1: missing required column\(s\) "
                                         r"attribution"):
        _clean(path, sites_csv)


def test_clean__attribution_is_read_like_the_other_codes(raw_csv, sites_csv):
    result = _clean(raw_csv([make_row(attribution=" Iran_Backed ")]), sites_csv)
    assert result.rejected.empty
    assert result.reports["report_id"].tolist() == ["r-001"]


def test_read_csv_text__empty_file(tmp_path, sites_csv):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty.csv: the file is empty"):
        _clean(path, sites_csv)


def test_read_csv_text__header_only(raw_csv, sites_csv):
    with pytest.raises(InputError, match="header but no data rows"):
        _clean(raw_csv([]), sites_csv)


def test_read_csv_text__wrong_delimiter(tmp_path, sites_csv):
    path = tmp_path / "semi.csv"
    path.write_text(";".join(RAW_COLUMNS) + "\n" + ";".join(make_row().values()) + "\n")
    with pytest.raises(InputError, match="row 1: expected comma-separated"):
        _clean(path, sites_csv)


def test_read_csv_text__non_utf8_bytes_name_the_row(raw_csv, sites_csv):
    path = raw_csv([make_row(), make_row(report_id="r-002")])
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"A test row.", b"caf\xe9")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError, match=r"row 3: expected UTF-8 text, found byte 0xe9"):
        _clean(path, sites_csv)


def test_read_csv_text__bom_is_accepted(raw_csv, sites_csv):
    path = raw_csv([make_row()])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = _clean(path, sites_csv)
    assert len(result.incidents) == 1
    assert result.reports["report_id"].tolist() == ["r-001"]


def test_clean__bad_dates_are_rejected_with_reason(raw_csv, sites_csv):
    rows = [make_row(), make_row(report_id="r-002", event_date="2023-02-30"),
            make_row(report_id="r-003", event_date="1/11/2023")]
    result = _clean(raw_csv(rows), sites_csv)
    assert result.rejected["report_id"].tolist() == ["r-002", "r-003"]
    assert result.rejected["reason"].str.contains("event_date: expected an ISO date").all()
    assert result.rejected["source_row"].tolist() == [3, 4]


def test_clean__duplicate_report_ids_refuse_the_file(raw_csv, sites_csv):
    rows = [make_row(), make_row(source_url="https://example.org/b"), make_row(report_id="x")]
    with pytest.raises(InputError, match=r"row 3, column 'report_id'.*'r-001' is on rows 2, 3"):
        _clean(raw_csv(rows), sites_csv)


def test_clean__unknown_site_is_rejected(raw_csv, sites_csv):
    result = _clean(raw_csv([make_row(site="Camp Nowhere")]), sites_csv)
    assert result.rejected["reason"].tolist() == [
        "site: 'Camp Nowhere' is not in the gazetteer (add it to sites.csv)"]
    assert result.incidents.empty


def test_load_sites__coordinates_out_of_range(tmp_path):
    bad = [{**SITES[0], "latitude": "133.7"}]
    path = write_csv(tmp_path / "sites.csv", SITE_COLUMNS, bad)
    with pytest.raises(InputError, match=r"sites.csv, row 2, column 'latitude'"):
        load_sites(path)


def test_load_sites__alias_naming_two_sites(tmp_path):
    clash = [SITES[0], {**SITES[1], "aliases": "Erbil airport|ain al asad"}]
    path = write_csv(tmp_path / "sites.csv", SITE_COLUMNS, clash)
    with pytest.raises(InputError, match="names both 'ain-al-asad' and 'erbil-airbase'"):
        load_sites(path)


def test_read_csv_text__ragged_row(raw_csv, sites_csv):
    path = raw_csv([make_row()])
    path.write_text(path.read_text() + "a,b,c," * 10 + "\n")
    with pytest.raises(InputError, match=f"expected {len(RAW_COLUMNS)} fields per row"):
        _clean(path, sites_csv)


def test_read_csv_text__100_mb_of_junk_fails_fast(tmp_path, sites_csv):
    path = tmp_path / "junk.csv"
    block = os.urandom(1 << 20)
    with path.open("wb") as handle:
        for _ in range(100):
            handle.write(block)
    began = time.perf_counter()
    with pytest.raises(InputError, match="junk.csv"):
        _clean(path, sites_csv)
    assert time.perf_counter() - began < 5


def test_read_csv_text__text_junk_names_missing_columns(tmp_path, sites_csv):
    path = tmp_path / "words.csv"
    path.write_text("lorem,ipsum\n1,2\n" * 1000)
    with pytest.raises(InputError, match="missing required column.*report_id"):
        _clean(path, sites_csv)


def test_read_csv_text__file_not_found(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_csv_text(tmp_path / "nope.csv", ["a"])


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("source_url", "", "source_url: expected an http(s) address"),
    ("target_type", "navy", "target_type: expected one of us, israel, other"),
    ("reported_by", "rumour", "reported_by: expected one of claim, official, media"),
    ("killed", "three", "killed: expected a whole number or nothing"),
    ("confidence", "sure", "confidence: expected one of high, medium, low or nothing"),
    ("event_date", "2023-10-01", "event_date: outside the analysis window 2023-10-17..2026-12-31"),
    ("attribution", "militia", "attribution: expected one of claimed, attributed, iran_backed, "
                               "unattributed"),
    ("attribution", "", "attribution: expected one of claimed, attributed, iran_backed, "
                        "unattributed"),
], ids=["no-url", "bad-target", "bad-reporter", "bad-count", "bad-confidence", "before-window",
        "bad-attribution", "no-attribution"])
def test_clean__row_rules(raw_csv, sites_csv, column, value, reason):
    result = _clean(raw_csv([make_row(), make_row(report_id="r-002", **{column: value})]),
                    sites_csv)
    assert result.rejected["reason"].tolist() == [reason]
    assert result.reports["report_id"].tolist() == ["r-001"]


@pytest.mark.parametrize("header", ["a,site,b,site", "a, site ,b,site", "a,site,b,site\x00"])
def test_read_header__a_column_named_twice_is_refused(tmp_path, header):
    path = tmp_path / "twice.csv"
    path.write_text(header + "\n1,2,3,4\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column 'site'.*twice.*columns 2 and 4") as caught:
        read_header(path)
    assert caught.value.row == 1


def test_clean_incidents__rejected_rows_name_physical_lines(tmp_path, sites_csv):
    rows = [make_row(summary="one\ntwo\nthree"), make_row(report_id="r-2", target_type="navy")]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    text = raw.read_text(encoding="utf-8").splitlines(keepends=True)
    raw.write_text("".join([*text[:4], "\n", *text[4:]]), encoding="utf-8")
    result = _clean(raw, sites_csv)
    assert result.reports["source_row"].tolist() == [2]
    assert result.rejected["source_row"].tolist() == [6]  # lines 2-4, a blank line 5


def test_read_csv_text__oversized_field_names_its_physical_line(tmp_path):
    rows = [make_row(summary="a\nb"), make_row(report_id="r-2", summary="x" * 200_000)]
    raw = write_csv(tmp_path / "raw.csv", RAW_COLUMNS, rows)
    with pytest.raises(InputError, match="row 4, column 'summary'"):
        read_csv_text(raw, ["report_id"])
