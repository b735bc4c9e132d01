"""Made-up inputs for tests: a gazetteer of many sites and an ACLED-format export of attacks.

Every value is invented (ids SYN..., notes say FIXTURE); nothing comes from a real export.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from analysis.inputs import columns

ACLED_HEADER = (Path(__file__).parent / "fixtures" / "acled_sample.csv").read_text(
    encoding="utf-8").splitlines()[0].split(",")


def _site(number: int) -> dict[str, str]:
    row, col = divmod(number, 20)
    # A grid 0.3 degrees apart (about 30 km): each event lies on one site, no two sites near.
    return {"site_id": f"syn-{number:03d}",
            "name": f"Synthetic base number {number:03d} of a long made-up name",
            "aliases": f"synthetic base {number:03d}", "country": "Iraq", "admin1": "",
            "region": "Iraq - other", "latitude": f"{30.5 + 0.3 * row:.3f}",
            "longitude": f"{39.5 + 0.3 * col:.3f}", "site_type": "military base",
            "target_type": "us"}


def write_many_sites(folder: Path, sites: int = 300, events: int = 1200) -> tuple[Path, Path]:
    """Write sites.csv with ``sites`` sites and an ACLED export attacking every one of them.

    Site n gets about ``events / sites`` events, more for low n, spread over 2024, so the
    most-attacked places are clear and every site is attacked at least once.

    Returns:
        (gazetteer path, export path).
    """
    folder.mkdir(parents=True, exist_ok=True)
    gazetteer = folder / "sites.csv"
    rows = [_site(n) for n in range(sites)]
    _write(gazetteer, list(columns.SITES), rows)
    export = folder / "acled_many_sites.csv"
    rng = random.Random(7)
    events_rows = []
    for number in range(events):
        # Every site once, then the rest on the first 20 sites, fewer for each next one.
        busy = rng.choices(range(20), weights=range(20, 0, -1))[0]
        site = rows[number if number < sites else busy]
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        events_rows.append(_event(number, f"2024-{month:02d}-{day:02d}", site))
    _write(export, ACLED_HEADER, events_rows)
    return gazetteer, export


def _event(number: int, date: str, site: dict[str, str]) -> dict[str, str]:
    return {"event_id_cnty": f"SYN{number:05d}", "event_date": date, "year": date[:4],
            "time_precision": "1", "disorder_type": "Political violence",
            "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
            "actor1": "Islamic Resistance in Iraq", "assoc_actor_1": "", "inter1": "3",
            "actor2": "Military Forces of the United States (2021-)", "assoc_actor_2": "",
            "inter2": "8", "interaction": "38", "civilian_targeting": "", "iso": "368",
            "region": "Middle East", "country": "Iraq", "admin1": "Somewhere", "admin2": "",
            "admin3": "", "location": "FIXTURE place", "latitude": site["latitude"],
            "longitude": site["longitude"], "geo_precision": "1", "source": "FIXTURE outlet",
            "source_scale": "National", "notes": "FIXTURE: made-up event.", "fatalities": "0",
            "tags": "", "timestamp": "1700000000"}


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
