"""Ragged rows and oversized fields are file errors naming the row (and column)."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.inputs.csv_shape import MAX_FIELD_CHARS, check_row_widths, locate_bad_row
from analysis.inputs.exports.read import BLOCK_BYTES, BlockReader

HEADER = ["id", "text", "n"]


def _write(path, lines: list[str]):
    path.write_text("\n".join([",".join(HEADER), *lines]) + "\n", encoding="utf-8")
    return path


def test_check_row_widths__names_the_first_short_row_by_line(tmp_path):
    path = _write(tmp_path / "t.csv", ['1,"two\nlines",3', "", "2,b,4", "junk", "x,y"])
    with pytest.raises(InputError, match="expected 3 fields per row as in the header, found 1") \
            as caught:
        check_row_widths(path, HEADER)
    assert caught.value.row == 6


def test_check_row_widths__accepts_a_well_formed_file(tmp_path):
    check_row_widths(_write(tmp_path / "t.csv", ["1,a,2", "2,b,3"]), HEADER)


def test_locate_bad_row__names_row_and_column_of_an_oversized_field(tmp_path):
    path = _write(tmp_path / "t.csv", ["1,a,2", f"2,{'x' * (MAX_FIELD_CHARS + 1)},3"])
    error = locate_bad_row(path, HEADER, "whatever Arrow said")
    assert (error.row, error.column) == (3, "text")
    assert f"{MAX_FIELD_CHARS + 1:,} characters" in str(error)


def test_locate_bad_row__an_unclosed_quote_is_bounded(tmp_path, monkeypatch):
    from analysis.inputs import csv_shape

    monkeypatch.setattr(csv_shape, "_SCAN_FIELD_LIMIT", 1 << 20)
    path = _write(tmp_path / "t.csv", ["1,a,2", '2,"open quote,3', *(["more text"] * 200_000)])
    error = locate_bad_row(path, HEADER, "")
    assert error.row == 3
    assert "quote left open" in str(error)


def test_block_reader__field_larger_than_a_block_names_row_and_column(tmp_path):
    path = _write(tmp_path / "t.csv", ["1,a,2", f"2,{'y' * (BLOCK_BYTES + 10)},3"])
    with pytest.raises(InputError) as caught, BlockReader(path, HEADER, tuple(HEADER)) as blocks:
        list(blocks)
    assert (caught.value.row, caught.value.column) == (3, "text")


def test_block_reader__oversized_field_in_a_later_block_names_its_row(tmp_path):
    rows = [f"{n},{'z' * 100},{n}" for n in range(60_000)]  # about three blocks
    rows[45_000] = f"45000,{'w' * (MAX_FIELD_CHARS + 5)},1"
    path = _write(tmp_path / "t.csv", rows)
    with pytest.raises(InputError) as caught, BlockReader(path, HEADER, tuple(HEADER)) as blocks:
        list(blocks)
    assert (caught.value.row, caught.value.column) == (45_002, "text")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_record_lines__where_each_record_starts_as_an_editor_counts(tmp_path, newline):
    from analysis.inputs.csv_shape import record_lines

    lines = [",".join(HEADER), '1,"two\nlines",3', "", "", "2,b,4", '3,"x\n\ny",5', "4,c,6"]
    path = tmp_path / "t.csv"
    path.write_bytes((newline.join(lines) + newline).encode())
    assert record_lines(path, 4).tolist() == [2, 6, 7, 10]


def test_record_lines__one_line_per_record_needs_no_parse(tmp_path):
    from analysis.inputs.csv_shape import record_lines

    path = _write(tmp_path / "t.csv", ["1,a,2", "2,b,3"])
    assert record_lines(path, 2).tolist() == [2, 3]
