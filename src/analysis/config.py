"""Paths, parameters and lookup constants shared by the whole package.

Paths are built from the package location, never from the working directory, so
notebooks, tests and the command line all resolve the same files. This module has
no side effects at import time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
MAPPINGS_DIR = RAW_DIR / "mappings"

RAW_INCIDENTS = RAW_DIR / "incidents.csv"
RAW_SITES = RAW_DIR / "sites.csv"
RAW_TOTALS = RAW_DIR / "reported_totals.csv"
GROUPS_MAPPING = MAPPINGS_DIR / "groups.json"
WEAPONS_MAPPING = MAPPINGS_DIR / "weapons.json"
DATAPACKAGE = RAW_DIR / "datapackage.json"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
OUTLINES_FILE = REFERENCE_DIR / "outlines.geojson"

# The notebooks the pipeline runs, in order.
NOTEBOOKS = ("01_clean.ipynb", "02_frequency.ipynb")
# Run third, only by ``run --compare EXPORT.csv``: the incidents against an ACLED or UCDP export.
COMPARE_NOTEBOOK = "03_compare.ipynb"


def notebooks(compare: bool = False) -> tuple[str, ...]:
    """The notebooks a run executes, in order: the third only when it compares."""
    return (*NOTEBOOKS, COMPARE_NOTEBOOK) if compare else NOTEBOOKS


# The analysis window opens on the first claimed attack of the campaign.
CAMPAIGN_START = "2023-10-17"
# The last day the dataset's searches covered (codebook: "Month by month"); later dates
# hold no searched zeros, so an empty ``end`` stops here for the project's own dataset.
COVERAGE_END = "2026-04-30"

# No window may open before the first day UCDP GED covers (its events start in 1989), nor
# close after 31 December of the current year; no event outside these days is kept either
# (``date_bounds``).
EARLIEST_START = "1989-01-01"


def date_bounds(today: dt.date | None = None) -> tuple[str, str]:
    """The earliest and the latest day a window or an event may have (ISO dates).

    One bound for the ``start`` and ``end`` parameters and for the dates of every input:
    1989-01-01 (``EARLIEST_START``) to 31 December of the current year.
    """
    year = (today or dt.date.today()).year
    return EARLIEST_START, f"{year}-12-31"

# Charts show at most this many places one by one; the rest are summed into one "all other"
# group (frequency tables still hold every place). Twelve is about as many colours as a
# reader tells apart in a legend. Regions have their own fixed palette of 15 and are all shown.
TOP_PLACES = 12

# Parameter vocabularies: the one place that maps user words to pandas codes.
# pandas 3 uses 'ME'/'QE' offsets for ranges and 'M'/'Q' for periods.
FREQ_TO_PERIOD = {"week": "W-SUN", "month": "M", "quarter": "Q"}
REGION_LEVELS = ("country", "region", "site")
TARGETS = ("all", "us", "israel")

# Target regions, in the order charts list them; one colour each, used everywhere.
# Colours are Okabe-Ito-like hues grouped by country (blues Iraq, greens Syria,
# orange Jordan, reds Israel) so neighbours in a stack stay distinguishable.
REGION_COLOURS = {
    "Iraq - Kurdistan Region": "#08306b",
    "Iraq - Anbar/West": "#2171b5",
    "Iraq - Baghdad": "#6baed6",
    "Iraq - other": "#9ecae1",
    "Iraq - unspecified": "#deebf7",
    "Syria - Northeast (Hasakah)": "#00441b",
    "Syria - East (Deir ez-Zor)": "#41ab5d",
    "Syria - South (al-Tanf)": "#a1d99b",
    "Syria - unspecified": "#d9f0d3",
    "Jordan": "#e6850e",
    "Israel - North": "#67000d",
    "Israel - Centre": "#cb181d",
    "Israel - South": "#fb6a4a",
    "Israel - unspecified": "#fcbba1",
    "other": "#7f7f7f",
}
REGIONS = tuple(REGION_COLOURS)

COUNTRY_COLOURS = {
    "Iraq": "#2171b5",
    "Syria": "#41ab5d",
    "Jordan": "#e6850e",
    "Israel": "#cb181d",
    "other": "#7f7f7f",
}

TARGET_TYPE_COLOURS = {"us": "#2171b5", "israel": "#cb181d", "other": "#7f7f7f"}
TARGET_TYPES = tuple(TARGET_TYPE_COLOURS)

WEAPON_CATEGORIES = ("drone", "rocket", "missile", "mixed", "other", "unknown")
REPORTED_BY = ("claim", "official", "media")
CONFIDENCE_LEVELS = ("high", "medium", "low")
# Who a report says carried out the attack, strongest first (codebook: "Attribution"): an
# incident takes the strongest value among its reports.
ATTRIBUTIONS = ("claimed", "attributed", "iran_backed", "unattributed")
# What the ``attribution`` parameter counts: the militias of the question (an Iraqi group claimed
# the attack or was blamed for it), or every attack on the selected targets.
ATTRIBUTION_RULES = {"iraqi": ("claimed", "attributed"), "any": ATTRIBUTIONS}
# How subtitles and the report name the attacks a rule counts.
ATTRIBUTION_WORDS = {
    "iraqi": "attacks claimed by or attributed to Iraqi groups",
    "any": "all attacks on the selected targets, Iran-backed and unattributed included",
}

# Two reports of the same site within this many days may describe one attack
# (a claim on the night of the attack, an official confirmation the next day).
MERGE_TOLERANCE_DAYS = 1

SOURCE_NOTE = (
    "Source: project incident dataset compiled from public reporting "
    "(data/raw/incidents.csv); one attack = one de-duplicated incident."
)

# Dates the timeline charts mark. Sources: the pages cited in incidents.csv and
# reported_totals.csv (Tower 22: Pentagon statements of 28 Jan 2024; US strikes:
# CENTCOM, 2 Feb 2024; the war on Iran from 28 Feb 2026: the groups' own statements).
# The third field says on which side of its line a label sits, so close dates do not collide.
# The sizes a chart is laid out for (``analysis.charts.sizing.SIZES``): the exported files
# use ``-p chart_size``; the report's HTML and PDF use "print".
CHART_SIZES = ("web", "print", "slide")

KEY_EVENTS = (
    ("2023-10-17", "Campaign on US forces begins", "left"),
    ("2024-01-28", "Tower 22: 3 US soldiers killed", "left"),
    ("2024-02-02", "US strikes in Iraq and Syria", "right"),
    ("2026-02-28", "US-Israeli war on Iran", "left"),
)

# The four phases shaded behind timelines (see the codebook for how they were set).
PHASES = (
    ("2023-10-17", "2024-02-04", "1: US bases"),
    ("2024-02-05", "2024-11-30", "2: Israel"),
    ("2024-12-01", "2026-02-28", "3: lull"),
    ("2026-03-01", None, "4: US forces again"),
)
