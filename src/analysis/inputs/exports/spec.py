"""What an export format looks like: its columns, and how they map onto ours.

Each adapter describes its format once, as an ``ExportSpec``; the shared steps
(reading, validation, selection, region assignment) only read these specs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

# Exports are read as large strings: pandas takes them from Arrow without a copy.
TEXT = pa.large_string()

# The standard fields every adapter fills, each from the first of its candidate columns
# that the file has (an absent optional column gives empty text).
STANDARD_FIELDS = (
    "report_id", "event_date", "precision", "country", "admin1", "location", "latitude",
    "longitude", "actor_a", "actor_b", "event_type", "weapon", "killed", "outlet", "summary",
)


@dataclass(frozen=True)
class ExportSpec:
    """One export format.

    Attributes:
        name: format code used on the command line ("acled", "ucdp").
        label: name used in messages and incident ids ("ACLED", "UCDP").
        required: columns the header must have.
        fields: standard field -> candidate columns of the export, first present wins.
        precision_labels: date-precision code -> day, week, month or year.
        default_event_types: event types selected by default; None selects every type.
        weapon: (kept standard rows) -> weapon category per row.
    """

    name: str
    label: str
    required: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]
    precision_labels: dict[str, str]
    default_event_types: tuple[str, ...] | None
    weapon: Callable[[pd.DataFrame], pd.Series]

    def column(self, field: str) -> str:
        """Return the export's (first) column name for a standard field, for messages."""
        return self.fields[field][0] if self.fields.get(field) else field


def standard_fields(columns: dict[str, pa.Array], spec: ExportSpec) -> dict[str, pa.Array]:
    """Return the standard fields of a block of an export, as text.

    Args:
        columns: the block's columns (see ``analysis.inputs.exports.read``).
        spec: its format.
    """
    rows = len(next(iter(columns.values())))
    empty = None
    data = {}
    for field in STANDARD_FIELDS:
        column = source_column(list(columns), spec, field)
        if column:
            data[field] = columns[column]
        else:
            empty = empty if empty is not None else pa.repeat(pa.scalar("", TEXT), rows)
            data[field] = empty
    return data


def source_column(raw_columns: Sequence[str], spec: ExportSpec, field: str) -> str | None:
    """Return the column a standard field is read from in this file, or None if absent."""
    present = [name for name in spec.fields.get(field, ()) if name in raw_columns]
    return present[0] if present else None
