"""Control characters (C0 but tab and newline, and DEL) are removed as files are read."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from analysis.inputs.exports.read import BlockReader
from analysis.inputs.load import read_csv_text
from analysis.inputs.text import strip_control_characters, strip_control_characters_arrow

DIRTY = "a\x00b\x01c\x1b[1md\x7fe\rf\tg\nh"
CLEAN = "abc[1mdef\tg\nh"


def test_strip_control_characters__keeps_tab_and_newline():
    assert strip_control_characters(pd.Series([DIRTY, "ok"], dtype="str")).tolist() == [
        CLEAN, "ok"]


def test_strip_control_characters_arrow__keeps_tab_newline_and_nulls():
    values = pa.array([DIRTY, "ok", None], type=pa.large_string())
    assert strip_control_characters_arrow(values).to_pylist() == [CLEAN, "ok", None]


def test_strip_control_characters_arrow__returns_clean_text_as_it_is():
    values = pa.array(["ok", "fine\tand\nfine"], type=pa.large_string())
    assert strip_control_characters_arrow(values) is values


def test_read_csv_text__strips_cells_and_header(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_bytes(b'id\x00,text\n1\x1b,"' + DIRTY.encode() + b'"\n')
    frame = read_csv_text(path, ["id", "text"])
    assert frame["id"].tolist() == ["1"]
    assert frame["text"].tolist() == [CLEAN]


def test_block_reader__strips_cells(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b'id,text\n1\x00,"' + DIRTY.encode() + b'"\n')
    with BlockReader(path, ["id", "text"], ("id", "text")) as blocks:
        block = next(iter(blocks))
    assert block.columns["id"].to_pylist() == ["1"]
    assert block.columns["text"].to_pylist() == [CLEAN]
