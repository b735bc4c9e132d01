"""UCDP GED exports: column mapping, date precision and weapon categories.

Column names follow the UCDP Georeferenced Event Dataset codebook. An event's date is
its ``date_start``; ``best`` is UCDP's best estimate of deaths. Only ``REQUIRED`` must be
in the header.
"""

from __future__ import annotations

import pandas as pd

from analysis.inputs.exports.spec import ExportSpec
from analysis.inputs.exports.weapons import categories_from_text

REQUIRED = ("id", "date_start", "country", "side_a", "side_b", "latitude", "longitude")

FIELDS = {
    "report_id": ("id",),
    "event_date": ("date_start",),
    "precision": ("date_prec",),
    "country": ("country",),
    "admin1": ("adm_1",),
    "location": ("where_coordinates", "where_description"),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "actor_a": ("side_a",),
    "actor_b": ("side_b",),
    "event_type": ("type_of_violence",),
    "weapon": (),
    "killed": ("best",),
    "outlet": ("source_office",),
    "summary": ("source_headline",),
}

# UCDP GED codebook, date_prec: 1 exact day; 2 a 2-6 day range; 3 the week; 4 the month
# (or an 8-30 day range); 5 a longer range within the year.
PRECISION_LABELS = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}

# type_of_violence: 1 state-based, 2 non-state, 3 one-sided. Default: every type.
DEFAULT_EVENT_TYPES = None


def weapon_categories(rows: pd.DataFrame) -> pd.Series:
    """Return drone, rocket, missile or mixed from the source headline's words, else unknown.

    UCDP does not code weapons; the headline is the only text that may name them.
    """
    words = categories_from_text(rows["summary"])
    return words.where(words.ne(""), "unknown")


UCDP = ExportSpec(
    name="ucdp", label="UCDP", required=REQUIRED, fields=FIELDS,
    precision_labels=PRECISION_LABELS, default_event_types=DEFAULT_EVENT_TYPES,
    weapon=weapon_categories,
)
