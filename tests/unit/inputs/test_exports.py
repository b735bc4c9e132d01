"""Adapters: ACLED and UCDP GED exports run through the same cleaning contract.

Fixture rows in tests/fixtures/ are made up (notes say "FIXTURE: made-up row").
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.clean.exports import clean_export
from analysis.errors import InputError, ParameterError
from analysis.inputs import columns
from analysis.inputs.exports import DEFAULT_ACTOR_PATTERN, detect_format
from analysis.inputs.exports.regions import admin1_key, haversine_km, load_admin1_regions
from tests.conftest import RAW_COLUMNS, make_row, write_csv

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ACLED_SAMPLE = FIXTURES / "acled_sample.csv"
ACLED_OLD = FIXTURES / "acled_old_export.csv"
UCDP_SAMPLE = FIXTURES / "ucdp_sample.csv"


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _acled(path: Path, sites: Path, **kwargs):
    return clean_export(path, sites, "acled", start="2023-10-17", end="2026-12-31", **kwargs)


def _acled_row(**overrides: str) -> dict[str, str]:
    """The first ACLED fixture row (Islamic Resistance in Iraq, Anbar) with changes."""
    return {**_rows(ACLED_SAMPLE)[0], **overrides}


def _write_acled(tmp_path: Path, rows: list[dict[str, str]], name: str = "acled.csv") -> Path:
    return write_csv(tmp_path / name, _header(ACLED_SAMPLE), rows)


def _summary(result) -> pd.Series:
    return result.summary.set_index("step")["rows"]


# detect_format


def test_detect_format__project(tmp_path):
    path = write_csv(tmp_path / "incidents.csv", RAW_COLUMNS, [make_row()])
    assert detect_format(path) == "project"


@pytest.mark.parametrize("path", [ACLED_SAMPLE, ACLED_OLD])
def test_detect_format__acled(path):
    assert detect_format(path) == "acled"


def test_detect_format__ucdp():
    assert detect_format(UCDP_SAMPLE) == "ucdp"


def test_detect_format__neither_lists_missing_columns(tmp_path):
    path = write_csv(tmp_path / "other.csv", ["id", "country", "latitude"],
                     [{"id": "1", "country": "Iraq", "latitude": "33"}])
    with pytest.raises(InputError) as caught:
        detect_format(path)
    message = str(caught.value)
    assert "other.csv, row 1" in message
    assert "project format lacks report_id, event_date, site" in message
    assert "ACLED lacks event_id_cnty, event_date, actor1, location, longitude" in message
    assert "UCDP GED lacks date_start, side_a, side_b, longitude" in message


def test_detect_format__empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        detect_format(path)


# whole-file errors


def test_clean_export__header_only(tmp_path, sites_csv):
    path = _write_acled(tmp_path, [])
    with pytest.raises(InputError, match="header but no data rows"):
        _acled(path, sites_csv)


def test_clean_export__missing_required_column(tmp_path, sites_csv):
    header = [c for c in _header(ACLED_SAMPLE) if c != "longitude"]
    path = write_csv(tmp_path / "acled.csv", header,
                     [{k: v for k, v in _acled_row().items() if k != "longitude"}])
    with pytest.raises(InputError, match=r"row 1: missing required column\(s\) longitude"):
        _acled(path, sites_csv)


def test_clean_export__event_type_selection_needs_its_column(tmp_path, sites_csv):
    header = [c for c in _header(ACLED_SAMPLE) if c != "event_type"]
    row = {k: v for k, v in _acled_row().items() if k != "event_type"}
    path = write_csv(tmp_path / "acled.csv", header, [row])
    with pytest.raises(InputError, match="column 'event_type'.*event_types=()"):
        _acled(path, sites_csv)
    assert len(_acled(path, sites_csv, event_types=()).incidents) == 1


def test_clean_export__unknown_format(sites_csv):
    with pytest.raises(ParameterError, match="fmt"):
        clean_export(ACLED_SAMPLE, sites_csv, "gdelt", start="2023-10-17", end=None)


def test_clean_export__bad_actor_pattern(sites_csv):
    with pytest.raises(ParameterError, match="actors"):
        _acled(ACLED_SAMPLE, sites_csv, actors="(unclosed")


# selection and row accounting


def test_clean_export__selection_rejects_with_reasons(sites_csv):
    result = _acled(ACLED_SAMPLE, sites_csv)
    reasons = dict(zip(result.rejected["report_id"], result.rejected["reason"], strict=True))
    assert reasons == {
        "FXIRQ0007": "actor: not a selected actor",
        "FXLBN0008": "country: not selected (Iraq, Syria, Jordan, Israel)",
        "FXIRQ0009": "event_type: not a selected event type",
        "FXIRQ0010": "event_date: outside the analysis window 2023-10-17..2026-12-31",
        "FXIRQ0011": "event_date: expected a date such as 2024-01-28 or 28 January 2024",
        "FXIRQ0012": "latitude: expected a number from -90 to 90",
    }
    assert result.rejected.columns[:3].tolist() == ["source_row", "report_id", "reason"]
    assert result.rejected["source_row"].tolist() == [8, 9, 10, 11, 12, 13]


def test_clean_export__row_accounting(sites_csv):
    for path, fmt in ((ACLED_SAMPLE, "acled"), (ACLED_OLD, "acled"), (UCDP_SAMPLE, "ucdp")):
        result = clean_export(path, sites_csv, fmt, start="2023-10-17", end=None)
        summary = _summary(result)
        raw_rows = len(_rows(path))
        assert summary["raw rows"] == raw_rows == len(result.reports) + len(result.rejected)
        assert summary["reports merged into an earlier report's incident"] == 0
        assert summary["incidents"] == len(result.incidents) == len(result.reports)
        by_source = [summary[f"  region from {s}"]
                     for s in ("nearest site", "admin1 table", "country")]
        assert sum(by_source) == len(result.incidents)


def test_clean_export__summary_counts_rejections_by_column(sites_csv):
    summary = _summary(_acled(ACLED_SAMPLE, sites_csv))
    assert summary["rejected rows"] == 6
    assert summary["  rejected: event_date"] == 2
    assert summary["  rejected: actor"] == 1
    assert summary["  rejected: latitude"] == 1


def test_clean_export__every_failed_check_is_listed(tmp_path, sites_csv):
    row = _acled_row(country="Lebanon", actor1="Protesters (Lebanon)", event_date="2020-01-01")
    result = _acled(_write_acled(tmp_path, [row]), sites_csv)
    assert result.rejected["reason"].iloc[0] == (
        "country: not selected (Iraq, Syria, Jordan, Israel); actor: not a selected actor; "
        "event_date: outside the analysis window 2023-10-17..2026-12-31")


def test_clean_export__assoc_actor_selects_and_duplicate_ids_rejected(tmp_path, sites_csv):
    rows = [_acled_row(actor1="Unidentified Armed Group (Iraq)",
                       assoc_actor_1="PMF: Kataib Hezbollah"),
            _acled_row(event_id_cnty="FXIRQ0001")]
    result = _acled(_write_acled(tmp_path, rows), sites_csv)
    assert result.incidents["groups"].tolist() == ["Kataib Hezbollah"]
    assert result.rejected["reason"].tolist() == [
        "event_id_cnty: repeats the id of an earlier selected row"]


def test_clean_export__event_types_empty_tuple_keeps_every_type(tmp_path, sites_csv):
    row = _acled_row(event_type="Strategic developments", sub_event_type="Other")
    path = _write_acled(tmp_path, [row])
    assert len(_acled(path, sites_csv).incidents) == 0
    assert len(_acled(path, sites_csv, event_types=()).incidents) == 1


@pytest.mark.parametrize("name", [
    "Islamic Resistance in Iraq", "Kataib Hezbollah", "Kata'ib Hizballah", "Kataeb Hezbollah",
    "PMF: Kataib Hezbollah", "Harakat Hezbollah al Nujaba", "Harakat al-Nujaba",
    "Kataib Sayyid al Shuhada", "Kata'ib Sayyid al-Shuhada", "Saraya Awliya al-Dam",
])
def test_default_actor_pattern__matches_militia_spellings(name):
    assert re.search(DEFAULT_ACTOR_PATTERN, name)


@pytest.mark.parametrize("name", [
    "Military Forces of Iraq (2022-)", "Hezbollah", "Islamic State (Iraq)", "Protesters (Iraq)",
])
def test_default_actor_pattern__ignores_other_actors(name):
    assert not re.search(DEFAULT_ACTOR_PATTERN, name)


# incidents and reports


def test_clean_export__incident_columns(sites_csv):
    for path, fmt in ((ACLED_SAMPLE, "acled"), (UCDP_SAMPLE, "ucdp")):
        result = clean_export(path, sites_csv, fmt, start="2023-10-17", end=None)
        assert list(result.incidents.columns) == list(columns.INCIDENTS)


def test_clean_export__acled_incident_values(sites_csv):
    incidents = _acled(ACLED_SAMPLE, sites_csv).incidents.set_index("incident_id")
    first = incidents.loc["ACLED-FXIRQ0001"]
    assert (first["site_id"], first["region"], first["target_type"]) == (
        "ain-al-asad", "Iraq - Anbar/West", "us")
    assert (first["weapon_category"], first["groups"], first["report_count"]) == (
        "drone", "Islamic Resistance in Iraq", 1)
    assert (first["report_ids"], first["source_urls"], first["outlets"]) == (
        "FXIRQ0001", "", "FIXTURE Outlet A")
    assert first["summary"].startswith("FIXTURE: made-up row")
    assert incidents.loc["ACLED-FXISR0004", "target_type"] == "israel"
    assert incidents.loc["ACLED-FXIRQ0002", "weapon_category"] == "missile"
    assert incidents.loc["ACLED-FXSYR0003", "weapon_category"] == "rocket"
    assert incidents.loc["ACLED-FXIRQ0006", "weapon_category"] == "other"
    assert incidents.loc["ACLED-FXJOR0005", "killed"] == 3
    assert incidents.loc["ACLED-FXSYR0003", "groups"] == (
        "Islamic Resistance in Iraq; Harakat al-Nujaba; Kataib Sayyid al-Shuhada")
    assert incidents["event_date"].is_monotonic_increasing
    assert set(incidents["evidence"]) == {"media"}


def test_clean_export__acled_extra_and_missing_optional_columns(tmp_path, sites_csv):
    dropped = {"assoc_actor_1", "admin1", "sub_event_type", "notes", "fatalities",
               "time_precision", "source", "tags", "timestamp", "disorder_type"}
    header = [c for c in _header(ACLED_SAMPLE) if c not in dropped] + ["my_extra_column"]
    row = {k: v for k, v in _acled_row().items() if k not in dropped}
    path = write_csv(tmp_path / "acled.csv", header, [{**row, "my_extra_column": "x"}])
    result = _acled(path, sites_csv)
    incident = result.incidents.iloc[0]
    assert incident["site_id"] == "ain-al-asad"
    assert (incident["weapon_category"], incident["outlets"], incident["summary"]) == (
        "unknown", "", "")
    assert pd.isna(incident["killed"])
    assert result.reports["date_precision"].tolist() == [""]


def test_clean_export__old_acled_export(sites_csv):
    result = _acled(ACLED_OLD, sites_csv)
    assert result.incidents["event_date"].tolist() == ["2024-01-28", "2024-02-03"]
    assert result.incidents["groups"].tolist() == ["Kataib Hezbollah", "Kataib Hezbollah"]
    assert result.incidents["region"].tolist() == ["Iraq - Kurdistan Region", "Iraq - other"]
    assert result.rejected["report_id"].tolist() == ["FXOLD0003"]


def test_clean_export__week_precision_kept_and_recorded(sites_csv):
    acled = _acled(ACLED_SAMPLE, sites_csv).reports.set_index("report_id")
    assert acled.loc["FXIRQ0002", ["event_date", "date_precision"]].tolist() == [
        "2024-01-22", "week"]
    assert acled.loc["FXSYR0003", "date_precision"] == "month"
    assert acled.loc["FXIRQ0001", "date_precision"] == "day"
    ucdp = clean_export(UCDP_SAMPLE, sites_csv, "ucdp", start="2023-10-17", end=None)
    reports = ucdp.reports.set_index("report_id")
    assert reports.loc["990002", ["event_date", "date_precision"]].tolist() == [
        "2024-01-28", "week"]
    assert reports.loc["990003", "date_precision"] == "month"


def test_clean_export__ucdp_sample(sites_csv):
    result = clean_export(UCDP_SAMPLE, sites_csv, "ucdp", start="2023-10-17", end=None)
    incidents = result.incidents.set_index("incident_id")
    assert incidents.index.tolist() == ["UCDP-990001", "UCDP-990002", "UCDP-990003",
                                        "UCDP-990004"]
    assert incidents.loc["UCDP-990001", ["site_id", "groups", "weapon_category"]].tolist() == [
        "ain-al-asad", "Kataib Hezbollah", "drone"]
    assert incidents.loc["UCDP-990004", ["target_type", "region"]].tolist() == [
        "israel", "Israel - South"]
    assert incidents.loc["UCDP-990002", ["region", "killed"]].tolist() == ["Jordan", 3]
    assert dict(zip(result.rejected["report_id"], result.rejected["reason"], strict=True)) == {
        "990005": "actor: not a selected actor",
        "990006": "date_start: expected a date such as 2024-01-28 or 28 January 2024"}


# target regions


def test_clean_export__no_coordinates_region_from_admin1_or_country(sites_csv):
    incidents = _acled(ACLED_SAMPLE, sites_csv).incidents.set_index("incident_id")
    baghdad = incidents.loc["ACLED-FXIRQ0002"]
    assert (baghdad["site_id"], baghdad["site_name"], baghdad["region"]) == (
        "iraq-baghdad", "Baghdad", "Iraq - Baghdad")
    assert np.isnan(baghdad["latitude"])
    assert incidents.loc["ACLED-FXJOR0005", ["site_id", "region"]].tolist() == [
        "jordan-mafraq", "Jordan"]
    nowhere = incidents.loc["ACLED-FXIRQ0006"]
    assert (nowhere["site_id"], nowhere["site_name"], nowhere["region"]) == (
        "iraq-unspecified", "Iraq (unspecified)", "Iraq - unspecified")


def test_clean_export__nearest_site_within_and_beyond_max_km(tmp_path, sites_csv):
    # Ain al-Asad (conftest gazetteer) is at 33.786, 42.441; 0.2 degrees north is ~22 km.
    rows = [_acled_row(event_id_cnty="FXNEAR", latitude="33.986", longitude="42.441"),
            _acled_row(event_id_cnty="FXFAR", latitude="34.186", longitude="42.441")]
    path = _write_acled(tmp_path, rows)
    by_id = _acled(path, sites_csv).incidents.set_index("incident_id")
    assert by_id.loc["ACLED-FXNEAR", "site_id"] == "ain-al-asad"
    assert by_id.loc["ACLED-FXFAR", ["site_id", "region"]].tolist() == [
        "iraq-al-anbar", "Iraq - Anbar/West"]
    wider = _acled(path, sites_csv, max_site_km=50).incidents
    assert wider["site_id"].tolist() == ["ain-al-asad", "ain-al-asad"]
    summary = _summary(_acled(path, sites_csv))
    assert (summary["  region from nearest site"], summary["  region from admin1 table"]) == (
        1, 1)


def test_clean_export__nearest_site_stays_in_the_rows_country(tmp_path, sites_csv):
    row = _acled_row(country="Syria", admin1="", latitude="33.80", longitude="42.45")
    incident = _acled(_write_acled(tmp_path, [row]), sites_csv).incidents.iloc[0]
    assert (incident["site_id"], incident["region"]) == ("syria-unspecified",
                                                         "Syria - unspecified")


def test_haversine_km__one_degree_of_latitude():
    km = haversine_km(np.array([33.0]), np.array([44.0]), np.array([34.0]), np.array([44.0]))
    assert km[0] == pytest.approx(111.19, abs=0.1)


def test_admin1_key__spellings_meet():
    assert admin1_key("Al Anbar governorate") == admin1_key("Anbar") == "anbar"
    assert admin1_key("Deir-ez-Zor") == admin1_key("Deir ez Zor")


def test_load_admin1_regions__shipped_table_is_valid():
    table = load_admin1_regions()
    assert set(table.values()) <= set(config.REGIONS)
    assert {country for country, _ in table} == {"iraq", "syria", "jordan", "israel"}
    assert table[("iraq", "anbar")] == "Iraq - Anbar/West"
    assert table[("israel", "golanheights")] == "Israel - North"


def test_load_admin1_regions__unknown_region(tmp_path):
    path = write_csv(tmp_path / "admin1.csv", ["country", "admin1", "region"],
                     [{"country": "Iraq", "admin1": "Anbar", "region": "West Iraq"}])
    with pytest.raises(InputError, match="row 2, column 'region'"):
        load_admin1_regions(path)


def test_take_text__keeps_order_on_a_filtered_index():
    from analysis.inputs.exports.values import take_text

    index = pd.Index([5, 7, 9])
    taken = take_text(["a", "b"], np.array([1, 0, 1]), index)
    assert taken.tolist() == ["b", "a", "b"]
    assert taken.index.equals(index)


def test_clean_export__every_kept_event_gets_a_region(tmp_path):
    source = Path(__file__).parents[2] / "fixtures" / "acled_sample.csv"
    lines = source.read_text().splitlines()
    # Rows rejected before the kept ones shift the kept rows' index labels.
    padded = tmp_path / "padded.csv"
    header, rows = lines[0], lines[1:]
    padded.write_text("\n".join([header, *[r.replace("FXIRQ", "PADIRQ", 1).replace(
        "Islamic Resistance in Iraq", "Protesters (Iraq)") for r in rows], *rows]) + "\n")
    result = clean_export(padded, config.RAW_SITES, "acled", start="2023-10-17", end=None)
    assert len(result.incidents)
    assert result.incidents["region"].notna().all()


def _many_rows(tmp_path: Path) -> Path:
    """The ACLED sample five times over (ids made distinct), plus a repeated kept id."""
    rows = []
    for copy in range(5):
        rows += [{**row, "event_id_cnty": f"{row['event_id_cnty']}-{copy}"}
                 for row in _rows(ACLED_SAMPLE)]
    rows.append(dict(rows[0]))
    return _write_acled(tmp_path, rows)


def _tables(result) -> list[pd.DataFrame]:
    return [result.reports, result.incidents, result.rejected, result.summary]


def test_clean_export__small_blocks_give_the_same_tables(tmp_path, sites_csv, monkeypatch):
    from analysis.inputs.exports import read

    path = _many_rows(tmp_path)
    whole = _acled(path, sites_csv)
    monkeypatch.setattr(read, "BLOCK_BYTES", 700)  # a few rows per block
    with read.BlockReader(path, _header(path), ("event_id_cnty",)) as reader:
        blocks = list(reader)
    assert len(blocks) > 10
    assert [b.first_row for b in blocks] == list(
        np.cumsum([2] + [b.rows for b in blocks[:-1]]))
    for one, many in zip(_tables(whole), _tables(_acled(path, sites_csv)), strict=True):
        pd.testing.assert_frame_equal(one, many)
    # The repeated id is found across blocks: the copy of the first row (the last row).
    assert whole.rejected["source_row"].iloc[-1] == len(_rows(path)) + 1
    assert whole.rejected["reason"].iloc[-1].endswith("repeats the id of an earlier "
                                                      "selected row")


def test_clean_export__values_spanning_lines_across_blocks(tmp_path, sites_csv, monkeypatch):
    from analysis.inputs.exports import read

    rows = [{**row, "event_id_cnty": f"{row['event_id_cnty']}-{copy}",
             "notes": f"FIXTURE: made-up row,\nsecond line {copy}"}
            for copy in range(8) for row in _rows(ACLED_SAMPLE)]
    path = _write_acled(tmp_path, rows)
    whole = _acled(path, sites_csv)
    monkeypatch.setattr(read, "BLOCK_BYTES", 700)
    for one, many in zip(_tables(whole), _tables(_acled(path, sites_csv)), strict=True):
        pd.testing.assert_frame_equal(one, many)
    assert whole.incidents["summary"].str.contains("\nsecond line").all()
    # Lines, not records: each record before the last takes two lines.
    assert whole.reports["source_row"].tolist()[:2] == [2, 4]
    assert whole.rejected["source_row"].max() == 2 * len(rows)


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_clean_export__bom_and_windows_line_ends_give_the_same_tables(tmp_path, sites_csv,
                                                                     variant):
    text = ACLED_SAMPLE.read_bytes()
    changed = b"\xef\xbb\xbf" + text if variant == "bom" else text.replace(b"\n", b"\r\n")
    path = tmp_path / "export.csv"
    path.write_bytes(changed)
    for one, other in zip(_tables(_acled(ACLED_SAMPLE, sites_csv)),
                          _tables(_acled(path, sites_csv)), strict=True):
        pd.testing.assert_frame_equal(one, other)


def test_clean_export__non_utf8_bytes_name_the_line(tmp_path, sites_csv):
    path = _many_rows(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[20] = lines[20].replace(b"FIXTURE", b"FIXT\xe4RE", 1)
    assert b"\xe4" in lines[20]
    path.write_bytes(b"".join(lines))
    with pytest.raises(InputError, match=r"row 21: expected UTF-8 text, found byte 0xe4"):
        _acled(path, sites_csv)


def test_clean_export__ragged_row(tmp_path, sites_csv):
    path = _many_rows(tmp_path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("only,three,fields\n")
    with pytest.raises(InputError, match=r"expected \d+ fields per row"):
        _acled(path, sites_csv)


def test_read_blocks__stopping_early_stops_the_reader(tmp_path, monkeypatch):
    import threading

    from analysis.inputs.exports import read

    monkeypatch.setattr(read, "BLOCK_BYTES", 700)
    monkeypatch.setattr(read, "AHEAD", 2)
    path = _many_rows(tmp_path)
    with read.BlockReader(path, _header(path), ("event_id_cnty",)) as reader:
        next(iter(reader))
        assert any(t.name == "export-reader" for t in threading.enumerate())
    assert not any(t.name == "export-reader" for t in threading.enumerate())


def test_lookup__computes_each_value_once_across_blocks():
    import pyarrow as pa

    from analysis.inputs.exports.values import Lookup

    seen: list[str] = []

    def shout(values: pd.Series) -> pd.Series:
        seen.extend(values)
        return values.str.upper()

    lookup = Lookup(shout, object)
    first = lookup(pa.array(["a", "b", "a"], pa.large_string()))
    second = lookup(pa.array(["b", "c", "b", "a"], pa.large_string()))
    assert (first.tolist(), second.tolist()) == (["A", "B", "A"], ["B", "C", "B", "A"])
    assert sorted(seen) == ["a", "b", "c"]


def test_clean_export__id_of_a_rejected_row_may_repeat(tmp_path, sites_csv):
    rows = [_acled_row(country="Lebanon"), _acled_row()]
    result = _acled(_write_acled(tmp_path, rows), sites_csv)
    assert len(result.incidents) == 1
    assert result.rejected["reason"].str.startswith("country: not selected").tolist() == [True]


# dates outside the bound every window has (config.date_bounds)


@pytest.mark.parametrize("date", ["9999-12-31", "2261-01-01", "1988-12-31"])
def test_clean_export__dates_beyond_the_bounds_are_rejected_and_never_widen_the_window(
        tmp_path, sites_csv, date):
    from analysis.measure.frequency import window_end

    earliest, latest = config.date_bounds()
    rows = [_acled_row(), _acled_row(event_id_cnty="FXIRQ0099", event_date=date)]
    result = clean_export(_write_acled(tmp_path, rows), sites_csv, "acled", start=earliest,
                          end=None)
    assert result.rejected["report_id"].tolist() == ["FXIRQ0099"]
    bound = f"before {earliest}" if date < earliest else f"after {latest}"
    assert bound in result.rejected["reason"].iloc[0]
    assert window_end(result.incidents, "", start=earliest) == "2024-01-31"


def test_clean_export__ucdp_far_future_event_is_rejected(tmp_path, sites_csv):
    rows = _rows(UCDP_SAMPLE)
    rows[0]["date_start"] = "9999-12-31 00:00:00.000"
    path = write_csv(tmp_path / "ucdp.csv", _header(UCDP_SAMPLE), rows)
    result = clean_export(path, sites_csv, "ucdp", start="2023-10-17", end=None)
    far = result.rejected[result.rejected["report_id"].eq(rows[0]["id"])]
    assert f"after {config.date_bounds()[1]}" in far["reason"].iloc[0]
    assert result.incidents["event_date"].max() < "2027"


def test_clean_export__rejected_rows_name_physical_lines(tmp_path, sites_csv):
    rows = [_acled_row(notes="one\ntwo"), _acled_row(event_id_cnty="FXIRQ0098", country="Mars")]
    path = _write_acled(tmp_path, rows)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*text[:3], "\n\n", *text[3:]]), encoding="utf-8")
    result = _acled(path, sites_csv)
    assert result.reports["source_row"].tolist() == [2]
    assert result.rejected["source_row"].tolist() == [6]  # lines 2-3, blank lines 4-5
