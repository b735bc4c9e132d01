"""The benchmark's two sides compute the same monthly region table from the same export.

Timings are not tested (they belong to benchmarks/README.md); what is tested is that the
comparison is fair: our pipeline and the DuckDB query agree byte for byte on a small
synthetic export, in the fresh processes the benchmark uses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _run(*args: str) -> dict:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_ours_and_duckdb_tables_are_identical(tmp_path):
    export = tmp_path / "acled.csv"
    subprocess.run([sys.executable, str(BENCHMARKS / "generate_acled.py"), "20000", str(export)],
                   check=True, capture_output=True)
    ours, duck = tmp_path / "ours.csv", tmp_path / "duck.csv"
    facts = _run(str(BENCHMARKS / "ours.py"), str(export), str(ours))
    _run(str(BENCHMARKS / "duck.py"), str(export), facts["end"], str(duck))
    assert facts["rows_in"] == 20000
    assert facts["incidents"] > 0
    table = pd.read_csv(ours)
    assert table["attacks"].sum() == facts["incidents"]
    assert ours.read_bytes() == duck.read_bytes()
