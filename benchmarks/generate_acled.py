"""Generate a synthetic ACLED-format export for timing (clearly made up; never committed).

    python benchmarks/generate_acled.py ROWS OUT.csv

Distributions imitate a Middle East export since 2016: many countries, mostly state
forces, rebels, protesters and the Islamic State, and a few percent of events by the
Iraq-based militias; a share of events lie within a few km of the gazetteer's sites,
admin1 names use the spellings of the project's admin1 table plus unknown ones, some
coordinates are missing. Every row's notes say it is synthetic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = {  # country: (share, latitude range, longitude range)
    "Syria": (0.34, (32.3, 37.3), (35.7, 42.3)), "Yemen": (0.2, (12.6, 18.5), (42.6, 52.0)),
    "Iraq": (0.16, (29.1, 37.3), (38.8, 48.5)), "Palestine": (0.08, (31.2, 32.5), (34.2, 35.5)),
    "Israel": (0.05, (29.5, 33.3), (34.3, 35.8)), "Lebanon": (0.06, (33.1, 34.6), (35.1, 36.6)),
    "Turkey": (0.06, (36.0, 41.0), (26.0, 44.5)), "Iran": (0.03, (25.0, 39.0), (44.0, 61.0)),
    "Jordan": (0.02, (29.2, 33.3), (35.0, 39.2)),
}
ACTORS = (  # (name, share)
    ("Military Forces of Syria (2000-2024)", 0.2), ("Military Forces of Israel (2022-)", 0.12),
    ("Unidentified Armed Group (Syria)", 0.12), ("Protesters (Iraq)", 0.1),
    ("IS: Islamic State", 0.08), ("Houthis", 0.1), ("Rioters (Yemen)", 0.05),
    ("Military Forces of Turkey (2016-)", 0.06), ("Hezbollah", 0.05),
    ("Unidentified Armed Group (Iraq)", 0.07), ("Islamic Resistance in Iraq", 0.02),
    ("Kataib Hezbollah", 0.01), ("PMF: Harakat Hezbollah al Nujaba", 0.01),
    ("Kataib Sayyid al Shuhada", 0.005), ("Saraya Awliya al-Dam", 0.005),
)
EVENTS = (  # (event_type, sub_event_type, share)
    ("Explosions/Remote violence", "Air/drone strike", 0.18),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.2),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.07),
    ("Battles", "Armed clash", 0.2), ("Protests", "Peaceful protest", 0.2),
    ("Riots", "Violent demonstration", 0.08), ("Strategic developments", "Looting", 0.03),
    ("Violence against civilians", "Attack", 0.04),
)
NOTE_WORDS = np.array(["synthetic", "benchmark", "row", "drone", "rocket", "missile", "base",
                       "convoy", "attack", "reported", "no", "casualties", "near", "the", "town",
                       "according", "to", "sources"])


def _choice(rng: np.random.Generator, items: list, shares: list[float], n: int) -> np.ndarray:
    weights = np.asarray(shares, dtype=float)
    picks = rng.choice(len(items), size=n, p=weights / weights.sum())
    return np.asarray(items, dtype=object)[picks]


def _coordinates(rng, countries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat, lon = np.empty(len(countries)), np.empty(len(countries))
    for name, (_, lat_range, lon_range) in COUNTRIES.items():
        mask = countries == name
        lat[mask] = rng.uniform(*lat_range, mask.sum())
        lon[mask] = rng.uniform(*lon_range, mask.sum())
    sites = pd.read_csv(ROOT / "data" / "raw" / "sites.csv").dropna(subset=["latitude"])
    near = rng.random(len(countries)) < 0.25  # a quarter of events near a known site
    for country, group in sites.groupby("country"):
        mask = near & (countries == country)
        picks = group.iloc[rng.integers(0, len(group), mask.sum())]
        lat[mask] = picks["latitude"].to_numpy() + rng.normal(0, 0.1, mask.sum())
        lon[mask] = picks["longitude"].to_numpy() + rng.normal(0, 0.1, mask.sum())
    return lat, lon


def _admin1(rng, countries: np.ndarray) -> np.ndarray:
    table = pd.read_csv(ROOT / "data" / "raw" / "mappings" / "admin1_regions.csv")
    out = np.full(len(countries), "Unknown district", dtype=object)
    for country, group in table.groupby("country"):
        mask = countries == country
        names = np.append(group["admin1"].to_numpy(dtype=object), "Somewhere Else")
        out[mask] = names[rng.integers(0, len(names), mask.sum())]
    return out


def generate(rows: int, seed: int = 7) -> pa.Table:
    """Build the synthetic export as an Arrow table of strings."""
    rng = np.random.default_rng(seed)
    countries = _choice(rng, list(COUNTRIES), [v[0] for v in COUNTRIES.values()], rows)
    events = rng.choice(len(EVENTS), size=rows, p=np.array([e[2] for e in EVENTS]) / sum(
        e[2] for e in EVENTS))
    dates = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3750, rows), unit="D")
    lat, lon = _coordinates(rng, countries)
    missing = rng.random(rows) < 0.02
    lat_text = np.where(missing, "", np.round(lat, 4).astype(str))
    lon_text = np.where(missing, "", np.round(lon, 4).astype(str))
    words = NOTE_WORDS[rng.integers(0, len(NOTE_WORDS), (rows, 8))]
    notes = np.full(rows, "SYNTHETIC:", dtype=object)
    for column in range(words.shape[1]):
        notes = notes + " " + words[:, column]
    columns = {
        "event_id_cnty": np.char.add("SYN", np.arange(rows).astype(str)),
        "event_date": dates.strftime("%Y-%m-%d"), "year": dates.year.astype(str),
        "time_precision": rng.choice(["1", "2", "3"], rows, p=[0.85, 0.12, 0.03]),
        "disorder_type": "Political violence",
        "event_type": np.array([EVENTS[i][0] for i in range(len(EVENTS))])[events],
        "sub_event_type": np.array([EVENTS[i][1] for i in range(len(EVENTS))])[events],
        "actor1": _choice(rng, [a for a, _ in ACTORS], [s for _, s in ACTORS], rows),
        "assoc_actor_1": "", "inter1": "3", "actor2": "Civilians", "assoc_actor_2": "",
        "inter2": "7", "interaction": "37", "civilian_targeting": "", "iso": "0",
        "region": "Middle East", "country": countries, "admin1": _admin1(rng, countries),
        "admin2": "", "admin3": "", "location": "Synthetic place", "latitude": lat_text,
        "longitude": lon_text, "geo_precision": "1", "source": "Synthetic outlet",
        "source_scale": "National", "notes": notes,
        "fatalities": rng.poisson(0.6, rows).astype(str), "tags": "", "timestamp": "1700000000",
    }
    return pa.table({name: pa.array(np.broadcast_to(np.asarray(value, dtype=object), rows)
                                    .astype(str)) for name, value in columns.items()})


if __name__ == "__main__":
    table = generate(int(sys.argv[1]))
    pacsv.write_csv(table, sys.argv[2], pacsv.WriteOptions(quoting_style="needed"))
