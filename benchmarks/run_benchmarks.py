"""Benchmarks: the pipeline at scale against DuckDB, and the notebook run on the shipped data.

    python benchmarks/run_benchmarks.py [all] [--sizes 100000 1000000 5000000] [--runs 5]
    python benchmarks/run_benchmarks.py scale [--sizes ...] [--runs 5]
    python benchmarks/run_benchmarks.py pipeline [--runs 5]
    python benchmarks/run_benchmarks.py compare [--compare-rows 100000] [--runs 5]

all (the default): scale, then pipeline (compare only when asked).

scale: for each size, generates a synthetic ACLED export (benchmarks/data/, not committed),
times our load + validate + clean + aggregate to the monthly region table and DuckDB's
computation of the same table, each in a fresh process, checks the two tables are
byte-identical, and prints a markdown table of medians (wall seconds, peak memory).
pipeline: times `python -m analysis run --force` (cold) and the no-op run that follows.
compare: times `run --force` on the shipped dataset without and with `--compare EXPORT`
(a synthetic ACLED export of --compare-rows rows), alternately, and prints both medians and
their ratio (the issue's target: with --compare within 1.5x of without).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"


def _run_json(command: list[str]) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _export(rows: int) -> Path:
    path = DATA / f"acled_synthetic_{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_acled.py"), str(rows), str(path)],
                       check=True)
    return path


def scale(sizes: list[int], runs: int) -> None:
    """Time ours vs DuckDB per size and print the results table."""
    print(f"Measured {date.today()} on {platform.machine()}, {_cores()} cores, "
          f"Python {platform.python_version()}; medians of {runs} runs, each a fresh process.\n")
    print("| rows | CSV MiB | ours s | DuckDB s | ours / DuckDB | ours peak MiB | peak / CSV "
          "| DuckDB peak MiB | tables equal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for rows in sizes:
        source = _export(rows)
        ours_out, duck_out = DATA / f"ours_{rows}.csv", DATA / f"duck_{rows}.csv"
        ours, duck = [], []
        for _ in range(runs):  # alternate so drift in machine speed hits both alike
            ours.append(_run_json([sys.executable, str(HERE / "ours.py"), str(source),
                                   str(ours_out)]))
            duck.append(_run_json([sys.executable, str(HERE / "duck.py"), str(source),
                                   ours[-1]["end"], str(duck_out)]))
        equal = ours_out.read_bytes() == duck_out.read_bytes()
        ours_s = statistics.median(r["seconds"] for r in ours)
        duck_s = statistics.median(r["seconds"] for r in duck)
        ours_mib = statistics.median(r["peak_mib"] for r in ours)
        csv_mib = source.stat().st_size / 2**20
        print(f"| {rows:,} | {csv_mib:.0f} | {ours_s:.2f} | {duck_s:.2f} | {ours_s / duck_s:.2f} "
              f"| {ours_mib:.0f} | {ours_mib / csv_mib:.1f} "
              f"| {statistics.median(r['peak_mib'] for r in duck):.0f} | {equal} |", flush=True)


def _timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - began


def pipeline(runs: int) -> None:
    """Time the full notebook run (cold, --force) and the no-op run, in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "analysis", "run", "--out", str(Path(folder) / "out")]
        cold = [_timed([*command, "--force"]) for _ in range(runs)]
        noop = [_timed(command) for _ in range(runs)]
    print(f"full run (--force): median {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, max {max(cold):.2f})")
    print(f"no-op run: median {statistics.median(noop):.2f} s "
          f"(min {min(noop):.2f}, max {max(noop):.2f})")


def compare(runs: int, rows: int) -> None:
    """Time the full run without and with --compare on a synthetic export, alternately."""
    source = _export(rows)
    plain, compared = [], []
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "analysis", "run", "--force"]
        for _ in range(runs):  # alternate so drift in machine speed hits both alike
            plain.append(_timed([*command, "--out", str(Path(folder) / "plain")]))
            compared.append(_timed([*command, "--out", str(Path(folder) / "compare"),
                                    "--compare", str(source)]))
    ratios = [c / p for p, c in zip(plain, compared, strict=True)]
    print(f"Measured {date.today()} on {platform.machine()}, {_cores()} cores; {runs} runs each, "
          f"alternating; export {source.name} ({source.stat().st_size / 2**20:.0f} MiB).")
    print(f"run --force: median {statistics.median(plain):.2f} s "
          f"(min {min(plain):.2f}, max {max(plain):.2f})")
    print(f"run --force --compare: median {statistics.median(compared):.2f} s "
          f"(min {min(compared):.2f}, max {max(compared):.2f})")
    print(f"ratio of medians {statistics.median(compared) / statistics.median(plain):.2f}; "
          f"per pair median {statistics.median(ratios):.2f} (max {max(ratios):.2f})")


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def main() -> None:
    """Parse the command line and run one benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="all",
                        choices=("all", "scale", "pipeline", "compare"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare-rows", type=int, default=100_000)
    args = parser.parse_args()
    if args.what in ("all", "scale"):
        scale(args.sizes, args.runs)
    if args.what in ("all", "pipeline"):
        print()
        pipeline(args.runs)
    if args.what == "compare":
        compare(args.runs, args.compare_rows)


if __name__ == "__main__":
    main()
