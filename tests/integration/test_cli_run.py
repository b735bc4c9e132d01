"""The command line end to end: outputs, manifest, no-op, atomicity, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import config
from analysis.charts.browser import browser_available
from analysis.run.manifest import sha256
from tests.conftest import make_row, run_cli
from tests.shared_runs import project_is_committed, shared_clone

pytestmark = pytest.mark.integration
KINDS = {"incidents", "rejected", "frequency", "figure", "chart_data", "notebook", "report"}


_run = run_cli


def _run_into(out: Path, *args: str) -> Path:
    done = _run("--out", str(out), *args)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def weekly_run(tmp_path_factory) -> Path:
    return _run_into(tmp_path_factory.mktemp("weekly") / "out", "-p", "freq", "week",
                     "-p", "region_level", "country", "-p", "target", "us",
                     "-p", "export_static", "false")


def test_run__manifest_describes_every_output(weekly_run):
    manifest = json.loads((weekly_run / "manifest.json").read_text())
    assert manifest["parameters"]["freq"] == "week"
    assert {entry["kind"] for entry in manifest["outputs"]} <= KINDS
    for entry in manifest["outputs"]:
        assert (weekly_run / entry["path"]).is_file(), entry["path"]
    counts = manifest["counts"]
    assert counts["raw_rows"] == counts["incidents"] + counts["merged_reports"] + counts[
        "rejected_rows"]
    frequency = [e for e in manifest["outputs"] if e["kind"] == "frequency"]
    assert {(e["freq"], e["region_level"]) for e in frequency} == {
        (f, level) for f in ("week", "month", "quarter") for level in ("country", "region", "site")}
    assert manifest["inputs"][0]["rows"] == counts["raw_rows"]
    charts = {Path(e["path"]).stem for e in manifest["outputs"] if e["kind"] == "figure"}
    data = {Path(e["path"]).stem for e in manifest["outputs"] if e["kind"] == "chart_data"}
    assert charts == data  # every chart with the numbers it draws


def test_run__week_country_table_is_zero_filled_and_us_only(weekly_run):
    import pandas as pd

    table = pd.read_csv(weekly_run / "tables" / "frequency_week_country.csv")
    incidents = pd.read_csv(weekly_run / "tables" / "incidents.csv")
    weeks = table["period_start"].nunique()
    assert len(table) == weeks * table["place"].nunique()
    graded = table[["attacks", "attacks_low_confidence"]].sum()
    us = incidents[incidents["target_type"] == "us"]
    assert graded.tolist() == [us["confidence"].ne("low").sum(), us["confidence"].eq("low").sum()]
    assert (pd.to_datetime(table["period_start"]).dt.day_of_week == 0).all()


def _monthly_attacks(run: Path):
    import pandas as pd

    table = pd.read_csv(run / "tables" / "frequency_month_country.csv")
    return table.groupby("period_start")["attacks"].sum()


def test_run__attribution_any_counts_at_least_the_default_in_every_month(weekly_run, tmp_path):
    out = tmp_path / "any"
    done = _run("--out", str(out), "-p", "freq", "week", "-p", "region_level", "country",
                "-p", "target", "us", "-p", "export_static", "false", "-p", "attribution", "any")
    assert done.returncode == 0, done.stderr
    default, everything = _monthly_attacks(weekly_run), _monthly_attacks(out)
    assert json.loads((weekly_run / "manifest.json").read_text())["parameters"][
        "attribution"] == "iraqi"
    assert default.index.equals(everything.index)
    assert (everything >= default).all(), (everything - default)[everything < default]
    assert everything.sum() > default.sum()


def test_run__second_run_is_a_no_op_and_force_reruns(weekly_run):
    args = ("--out", str(weekly_run), "-p", "freq", "week", "-p", "region_level", "country",
            "-p", "target", "us", "-p", "export_static", "false")
    began = time.perf_counter()
    done = _run(*args)
    assert done.returncode == 0
    assert "up to date" in done.stderr
    assert time.perf_counter() - began < 5


def test_run__tables_and_pages_are_byte_identical_across_runs(shipped_run, published_run):
    """Two runs of the same inputs and parameters, apart from static export, write the same
    tables, report page and chart pages (static export adds files; it changes none)."""
    first, again = shipped_run.out, published_run.out
    tables = sorted(p.relative_to(first) for p in (first / "tables").iterdir())
    pages = sorted(p.relative_to(first) for p in (first / "figures").iterdir())
    assert len(tables) >= 10
    assert {p.suffix for p in pages} == {".html", ".csv"}
    for relative in [*tables, *pages, Path("report.html")]:
        assert (first / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_run__bad_input_exits_2_and_leaves_previous_outputs(weekly_run, tmp_path):
    before = (weekly_run / "manifest.json").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("report_id;event_date\n1;2\n")
    done = _run("--input", str(bad), "--out", str(weekly_run))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: {bad}, row 1:")
    assert "Traceback" not in done.stderr
    assert (weekly_run / "manifest.json").read_bytes() == before


def test_run__bad_rows_land_in_rejected_table(tmp_path):
    raw = tmp_path / "raw.csv"
    rows = [make_row(site="Ain al-Asad Air Base"),
            make_row(report_id="r-2", site="Atlantis", source_url="https://example.org/z")]
    header = list(rows[0])
    raw.write_text(",".join(header) + "\n" + "\n".join(
        ",".join(f'"{row[c]}"' for c in header) for row in rows) + "\n")
    out = tmp_path / "out"
    done = _run("--input", str(raw), "--out", str(out), "-p", "export_static", "false")
    assert done.returncode == 0, done.stderr
    rejected = (out / "tables" / "rejected.csv").read_text()
    assert "'Atlantis' is not in the gazetteer" in rejected
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"] == {"raw_rows": 2, "incidents": 1, "merged_reports": 0,
                                  "rejected_rows": 1}


def test_run__failing_cell_exits_1_names_notebook_and_keeps_old_outputs(weekly_run, tmp_path):
    before = (weekly_run / "manifest.json").read_bytes()
    # Inputs are all checked before the notebooks run, so the fault is injected: a
    # sitecustomize on the kernel's path makes notebook 2's frequency step raise.
    (tmp_path / "sitecustomize.py").write_text(
        "from analysis.run import steps\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('injected fault')\n"
        "steps.run_frequency = broken\n")
    done = subprocess.run([sys.executable, "-m", "analysis", "run", "--out", str(weekly_run),
                           "-p", "export_static", "false", "--force"], capture_output=True,
                          text=True, cwd=config.PROJECT_ROOT, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1, done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert "notebook 02_frequency.ipynb failed in cell" in message
    saved = Path(message.rsplit("saved at ", 1)[1])
    assert saved.is_file()
    assert (weekly_run / "manifest.json").read_bytes() == before


FIXTURES = config.PROJECT_ROOT / "tests" / "fixtures"
SITES_BY_WEEK = ("-p", "region_level", "site", "-p", "freq", "week")


@pytest.fixture(scope="module")
def acled_sites_run(tmp_path_factory) -> Path:
    """The ACLED fixture by site and week, with static export (read by two tests)."""
    return _run_into(tmp_path_factory.mktemp("acled") / "out", "--input",
                     str(FIXTURES / "acled_sample.csv"), *SITES_BY_WEEK)


@pytest.fixture(scope="module")
def ucdp_run(tmp_path_factory) -> Path:
    """The UCDP fixture with the default parameters, no static export."""
    return _run_into(tmp_path_factory.mktemp("ucdp") / "out", "--input",
                     str(FIXTURES / "ucdp_sample.csv"), "-p", "export_static", "false")


@pytest.fixture(scope="module")
def shipped_sites_run(tmp_path_factory) -> Path:
    """The shipped dataset by site and week, no static export."""
    return _run_into(tmp_path_factory.mktemp("sites") / "out", *SITES_BY_WEEK,
                     "-p", "export_static", "false")


@pytest.mark.parametrize(("run", "incidents", "provider"),
                         [("acled_sites_run", 6, "ACLED (Armed Conflict"),
                          ("ucdp_run", 4, "UCDP Georeferenced Event Dataset")])
def test_run__exports_go_through_the_same_notebooks(request, run, incidents, provider):
    out = request.getfixturevalue(run)
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["incidents"] == incidents
    assert counts["raw_rows"] == counts["incidents"] + counts["rejected_rows"]
    assert (out / "report.html").is_file()
    figures = sorted((out / "figures").glob("*.html"))
    assert len(figures) == 8
    # The charts and the report credit the export, not the project's dataset.
    for page in [*figures, out / "report.html"]:
        text = page.read_text(encoding="utf-8")
        assert provider in text, page.name
        assert "project incident dataset" not in text, page.name
        assert "this dataset" not in text, page.name
    assert "project's incident dataset" not in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("run", "static"), [("acled_sites_run", True),
                                             ("shipped_sites_run", False)])
def test_run__site_level_end_to_end(request, run, static):
    import pandas as pd

    out = request.getfixturevalue(run)
    table = pd.read_csv(out / "tables" / "frequency_week_site.csv")
    sites = pd.read_csv(config.RAW_SITES)
    assert set(sites["name"]) <= set(table["place"])  # every gazetteer site, zeros included
    assert len(table) == table["period_start"].nunique() * table["place"].nunique()
    incidents = pd.read_csv(out / "tables" / "incidents.csv")
    assert table[["attacks", "attacks_low_confidence"]].sum().sum() == len(incidents)
    figures = {p.suffix for p in (out / "figures").iterdir()}
    # With static export, rendered.json records the hashes of what the browser rendered.
    assert figures == ({".html", ".csv", ".png", ".svg", ".pdf", ".json"} if static
                       else {".html", ".csv"})
    assert (out / "report.pdf").is_file() == static


def test_run__file_of_no_known_format_exits_2_naming_missing_columns(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("date,place,count\n2024-01-01,Erbil,3\n")
    done = _run("--input", str(other), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    message = done.stderr.strip().splitlines()[-1]
    assert "ACLED lacks event_id_cnty" in message
    assert "UCDP GED lacks" in message
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_run__figures_and_report_are_byte_identical_across_runs(published_run, tmp_path,
                                                               tmp_path_factory):
    """What the browser rendered (PNG, SVG, PDF, the report's PDF) repeats byte for byte.

    The second run is the fresh-clone test's run of the committed project when the work tree
    is as committed (the same code and data, another folder and process); else a run here.
    """
    if not browser_available() and not os.environ.get("CI"):
        pytest.skip("no Chromium for PNG/SVG export on this machine")
    first = published_run.out
    files = [*sorted(p.relative_to(first) for p in (first / "figures").iterdir()),
             Path("report.pdf")]
    assert any(f.suffix == ".svg" for f in files)
    assert any(f.suffix == ".pdf" for f in files)
    if project_is_committed():
        again = shared_clone(tmp_path_factory)
        assert again.returncode == 0, again.stderr[-2000:]
        second = again.rendered
    else:
        done = _run("--out", str(tmp_path / "again"))  # as the shared run was made
        assert done.returncode == 0, done.stderr
        second = {str(f): sha256(tmp_path / "again" / f) for f in files}
    for relative in files:
        assert sha256(first / relative) == second[str(relative)], relative
