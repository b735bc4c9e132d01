"""CSV tables: spreadsheet formulas neutralised in text columns only, undone on reading."""

from __future__ import annotations

import pandas as pd

from analysis.inputs.tables import neutralise_formulas, read_table, write_csv, write_parquet

TEXT = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "plain", "'quoted", "'=x", ""]


def _frame() -> pd.DataFrame:
    rows = len(TEXT)
    return pd.DataFrame({
        "text": pd.Series(TEXT, dtype="str"),
        "mixed": pd.Series(["=a", 1, None, "-b", 2.5, "c", "d", "e", "f"], dtype=object),
        "value": [-1.5] * rows, "count": [-2] * rows, "flag": [True] * rows,
        "category": pd.Categorical(["=a", "b", "-c"] * 3),
    })


def test_neutralise_formulas__quotes_text_cells_only():
    result = neutralise_formulas(_frame())
    assert result["text"].tolist() == ["'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)",
                                       "'\tx", "plain", "'quoted", "''=x", ""]
    assert result["mixed"].tolist()[:4] == ["'=a", 1, None, "'-b"]
    assert result["value"].tolist() == [-1.5] * len(TEXT)
    assert result["count"].tolist() == [-2] * len(TEXT)
    assert list(result["category"].cat.categories) == ["'-c", "'=a", "b"]


def test_neutralise_formulas__leaves_the_frame_passed_in_alone():
    frame = _frame()
    neutralise_formulas(frame)
    assert frame["text"].tolist() == TEXT


def test_write_csv__negative_numbers_stay_numbers(tmp_path):
    path = write_csv(pd.DataFrame({"longitude": [-1.5, 42.4], "id": ["-5", "a"]}),
                     tmp_path / "t.csv")
    assert path.read_text().splitlines() == ["longitude,id", "-1.5,'-5", "42.4,a"]


def test_read_table__undoes_the_quotes_exactly(tmp_path):
    frame = _frame()
    text = frame[["text"]].replace({"\tx": "tab\tinside"})
    back = read_table(write_csv(text, tmp_path / "t.csv"))
    assert back["text"].fillna("").tolist() == text["text"].tolist()


def test_write_parquet__keeps_the_original_text(tmp_path):
    path = write_parquet(_frame()[["text"]], tmp_path / "t.parquet")
    assert pd.read_parquet(path)["text"].tolist() == TEXT


def test_manifest_row_count__takes_fields_over_csv_default_limit(tmp_path):
    from analysis.run.pipeline import _csv_rows

    long_text = "line one\n" + "x" * 300_000  # merged outlets or URLs can grow this long
    path = write_csv(pd.DataFrame({"summary": [long_text, "short"], "n": [1, 2]}),
                     tmp_path / "t.csv")
    assert _csv_rows(path) == 2
