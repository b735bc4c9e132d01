"""ACLED exports: column mapping, date precision and weapon categories.

Column names follow the ACLED codebook (2023 onwards); older exports lack some
columns (``disorder_type``, ``civilian_targeting``, ``tags``...) and name the associated
actor ``ally_actor_1``: both are accepted. Only ``REQUIRED`` must be in the header.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.exports.spec import ExportSpec
from analysis.inputs.exports.values import per_value
from analysis.inputs.exports.weapons import categories_from_text

REQUIRED = ("event_id_cnty", "event_date", "actor1", "country", "location", "latitude",
            "longitude")

FIELDS = {
    "report_id": ("event_id_cnty",),
    "event_date": ("event_date",),
    "precision": ("time_precision",),
    "country": ("country",),
    "admin1": ("admin1",),
    "location": ("location",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "actor_a": ("actor1",),
    "actor_b": ("assoc_actor_1", "ally_actor_1"),
    "event_type": ("event_type",),
    "weapon": ("sub_event_type",),
    "killed": ("fatalities",),
    "outlet": ("source",),
    "summary": ("notes",),
}

# ACLED codebook: time_precision 1 = the day is known, 2 = the week, 3 = the month.
PRECISION_LABELS = {"1": "day", "2": "week", "3": "month"}

# Current event types for attacks, plus the names exports used before 2019.
DEFAULT_EVENT_TYPES = (
    "Explosions/Remote violence", "Battles", "Remote violence",
    "Battle-No change of territory", "Battle-Government regains territory",
    "Battle-Non-state actor overtakes territory",
)

# sub_event_type -> weapon category. "Shelling/artillery/missile attack" is refined
# by the words of the notes (a missile, a rocket, both); without such words it is a rocket.
SUB_EVENT_WEAPONS = {
    "air/drone strike": "drone",
    "shelling/artillery/missile attack": "rocket",
    "remote explosive/landmine/ied": "other",
    "grenade": "other",
    "suicide bomb": "other",
}
_REFINED_BY_NOTES = ("shelling/artillery/missile attack", "")


def weapon_categories(rows: pd.DataFrame) -> pd.Series:
    """Return the weapon category of each ACLED row.

    Air/drone strike -> drone; Shelling/artillery/missile attack -> missile, rocket or
    mixed as the notes name them, else rocket; explosive devices, grenades, suicide
    bombs -> other; no sub-event type -> the notes' weapon words, else unknown; any
    other sub-event type (armed clash...) -> unknown.
    """
    sub = per_value(rows["weapon"], lambda u: u.str.strip().str.casefold())
    base = pd.Series(sub).map(SUB_EVENT_WEAPONS).fillna("unknown").to_numpy(object)
    refine = np.isin(sub, _REFINED_BY_NOTES)
    words = categories_from_text(rows["summary"][refine]).to_numpy(object)
    base[np.flatnonzero(refine)[words != ""]] = words[words != ""]
    return pd.Series(pd.array(base, dtype="str"), index=rows.index)


ACLED = ExportSpec(
    name="acled", label="ACLED", required=REQUIRED, fields=FIELDS,
    precision_labels=PRECISION_LABELS, default_event_types=DEFAULT_EVENT_TYPES,
    weapon=weapon_categories,
)
