"""Made-up hostile inputs: markup, LaTeX and dangerous link schemes in every user file.

A gazetteer, a raw file in the project's format and an ACLED export whose names carry
``<img onerror>``, ``<script>``, an outside image, ``$...$`` and ``javascript:`` or ``data:``
addresses. Each script, if it ever ran, would set ``window.__xss``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import RAW_COLUMNS, SITE_COLUMNS, SITES, make_row, run_cli, write_csv
from tests.shared_runs import SharedRun, shared_run

IMG = "<img src=x onerror=\"window.__xss='img'\">"
SCRIPT = "<script>window.__xss='script'</script>"
OUTSIDE = "<img src=https://example.invalid/pixel.png>"
LATEX = "$x^2$ and $y$"
BAD_URLS = ("data:text/html,<script>alert(1)</script>", "javascript:alert(1)",
            "file:///etc/passwd")
MARKUP = (IMG, SCRIPT, OUTSIDE)
HOSTILE_NAMES = (*MARKUP, LATEX)
ACLED_SAMPLE = Path(__file__).parent / "fixtures" / "acled_compare.csv"


def hostile_sites() -> list[dict[str, str]]:
    """The test gazetteer with hostile names: one site per name, one hostile country."""
    base = {**SITES[0], "aliases": "", "latitude": "33.7", "longitude": "42.4"}
    rows = [{**base, "site_id": f"hostile-{n}", "name": name, "aliases": f"hostile {n}",
             "latitude": f"{30.5 + n:.3f}"} for n, name in enumerate(HOSTILE_NAMES)]
    rows[0]["country"] = SCRIPT
    return [*SITES, *rows]


def hostile_rows() -> list[dict[str, str]]:
    """Raw reports naming the hostile sites, with hostile text and dangerous addresses."""
    rows = [make_row(report_id=f"h-{n}", event_date=f"2023-11-{n + 2:02d}",
                     site=f"hostile {n}", claimed_by=name, outlet=name, summary=name,
                     source_url=f"https://example.org/{n}")
            for n, name in enumerate(HOSTILE_NAMES)]
    rows[0]["country"] = SCRIPT
    rows += [make_row(report_id=f"u-{n}", event_date=f"2023-12-{n + 2:02d}", summary=url,
                      source_url=url) for n, url in enumerate(BAD_URLS)]
    return [make_row(), *rows]


def hostile_export(path: Path) -> Path:
    """The ACLED comparison fixture with hostile locations, sources and notes."""
    with ACLED_SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for n, row in enumerate(rows):
        name = HOSTILE_NAMES[n % len(HOSTILE_NAMES)]
        row.update(location=name, source=name, notes=name)
    return write_csv(path, list(rows[0]), rows)


def write_hostile_inputs(folder: Path) -> dict[str, Path]:
    """Write the hostile gazetteer, raw file and export into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {"sites": write_csv(folder / "sites.csv", SITE_COLUMNS, hostile_sites()),
            "raw": write_csv(folder / "incidents.csv", RAW_COLUMNS, hostile_rows()),
            "compare": hostile_export(folder / "export.csv")}


def hostile_arguments(level: str):
    """The command line of a run with hostile names in every user file, at ``level``."""
    def arguments(folder: Path) -> list[str]:
        inputs = write_hostile_inputs(folder / "in")
        return ["--input", str(inputs["raw"]), "--sites", str(inputs["sites"]),
                "--compare", str(inputs["compare"]), "-p", "region_level", level]
    return arguments


def hostile_run_at(factory: pytest.TempPathFactory, level: str) -> SharedRun:
    """Hostile names in every user file, at ``level``, with --compare and static export: one
    run per level for the whole session, whichever test file asks first."""
    return shared_run(factory, f"hostile-{level}", hostile_arguments(level), run_cli)
