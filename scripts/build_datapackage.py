"""Write data/raw/datapackage.json (Frictionless) from analysis.inputs.columns.

python scripts/build_datapackage.py            # write the file
python scripts/build_datapackage.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import json
import sys

from analysis import config
from analysis.inputs import columns

VERSION = "0.3.0"
RELEASED = "2026-12-07"  # the release date of VERSION (CHANGELOG.md)

# Frictionless types where a column is not plain text.
TYPES = {
    "event_date": ("date", {}),
    "published": ("string", {"pattern": r"\d{4}-\d{2}(-\d{2})?"}),
    "killed": ("integer", {"minimum": 0}), "wounded": ("integer", {"minimum": 0}),
    "latitude": ("number", {"minimum": -90, "maximum": 90}),
    "longitude": ("number", {"minimum": -180, "maximum": 180}),
    "period_start": ("date", {}),
    "period_end": ("string", {"pattern": r"\d{4}-\d{2}(-\d{2})?"}),
    "count": ("integer", {"minimum": 0}),
    **{f"count_{c}": ("integer", {"minimum": 0}) for c in ("iraq", "syria", "jordan", "israel")},
}
RESOURCES = (
    ("incidents", "incidents.csv", columns.RAW_INCIDENTS, "report_id",
     "One row per source report of an attack."),
    ("sites", "sites.csv", columns.SITES, "site_id", "Gazetteer of target sites."),
    ("reported_totals", "reported_totals.csv", columns.REPORTED_TOTALS, None,
     "Counts published by officials, trackers, media or the groups."),
)


def _field(name: str, spec: columns.Field) -> dict:
    kind, constraints = TYPES.get(name, ("string", {}))
    constraints = dict(constraints)
    if spec.required and name not in ("latitude", "longitude", "aliases", "admin1"):
        constraints["required"] = True
    if spec.allowed:
        constraints["enum"] = list(spec.allowed)
    field = {"name": name, "type": kind, "description": spec.description}
    if constraints:
        field["constraints"] = constraints
    return field


def build() -> dict:
    """The data package descriptor."""
    resources = []
    for name, path, table, key, description in RESOURCES:
        schema = {"fields": [_field(n, f) for n, f in table.items()], "missingValues": [""]}
        if key:
            schema["primaryKey"] = [key]
        resources.append({"name": name, "path": path, "profile": "tabular-data-resource",
                          "format": "csv", "encoding": "utf-8", "description": description,
                          "schema": schema})
    return {
        "name": "iraq-militia-attacks", "title": "Attacks by Iraq-based, Iran-aligned militias "
        "on US forces and Israel, October 2023 - April 2026", "version": VERSION,
        "created": f"{RELEASED}T00:00:00Z",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "description": f"Compiled by hand from public reporting; analysis window from "
                       f"{config.CAMPAIGN_START}. See README.md (the codebook).",
        "resources": resources,
    }


def render() -> str:
    """The descriptor as committed text."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = config.RAW_DIR / "datapackage.json"
    if "--check" in sys.argv:
        sys.exit(0 if target.read_text(encoding="utf-8") == render() else 1)
    target.write_text(render(), encoding="utf-8")
