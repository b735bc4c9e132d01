"""The numbers a chart draws, read off its traces: one row per mark.

Each trace that draws data carries ``meta`` (``analysis.charts.bands.mark``); everything
else (outlines, legend entries) has none and is left out. Reading the traces themselves,
not the tables they came from, means the file and the chart cannot disagree. A chart read
back from its JSON (a notebook's output, ``plotly.io.from_json``) gives the same rows:
plotly keeps its typed arrays there as base64 blocks and its dates as text.
"""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# A date as plotly writes it into JSON: the day, then midnight (periods start at midnight).
_JSON_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")

COLUMNS = ["period", "place", "series", "value", "grade"]


def chart_data(fig: go.Figure) -> pd.DataFrame:
    """Every mark of a figure: period, place or group, series, value and grade.

    Heatmap cells are marks too (one per place and period); values are whole numbers
    when all of them are.
    """
    frames = [_trace_marks(trace) for trace in fig.data if isinstance(trace.meta, dict)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    values = pd.to_numeric(table["value"], errors="coerce").astype("float64")
    if values.notna().all() and (values % 1 == 0).all():
        values = values.astype("int64")
    return table.assign(value=values).astype(
        {"period": "str", "place": "str", "series": "str", "grade": "str"})[COLUMNS]


def _trace_marks(trace) -> pd.DataFrame:
    meta = trace.meta
    if trace.type == "heatmap":
        return _cells(trace)
    attribute = meta.get("value", "x" if getattr(trace, "orientation", None) == "h" else "y")
    values = list(_array(trace[attribute]))
    count = len(values)
    periods = meta["periods"] if "periods" in meta else (
        [meta["period"]] * count if "period" in meta else _periods(trace.x))
    places = meta.get("places", [meta.get("place", "")] * count)
    return pd.DataFrame({"period": periods, "place": places, "series": meta["series"],
                         "value": values, "grade": meta["grade"]}, columns=COLUMNS)


def _cells(trace) -> pd.DataFrame:
    """One mark per cell of a heatmap: rows are ``meta["places"]``, columns its periods."""
    periods = _periods(trace.x)
    rows = [(period, place, value)
            for place, line in zip(trace.meta["places"], _array(trace.z), strict=True)
            for period, value in zip(periods, line, strict=True)]
    frame = pd.DataFrame(rows, columns=["period", "place", "value"])
    return frame.assign(series=trace.meta["series"], grade=trace.meta["grade"])[COLUMNS]


def _periods(values) -> list[str]:
    """The x values as ISO dates when they are dates, else as text."""
    series = pd.Series(list(_array(values)) if values is not None else [])
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.strftime("%Y-%m-%d").tolist()
    text = series.astype("str")
    days = text.str.extract(_JSON_DAY, expand=False)
    return (days if len(text) and days.notna().all() else text).tolist()


def _array(values):
    """A trace's array as given, or decoded from plotly's typed-array block (read from JSON)."""
    if not (isinstance(values, dict) and "bdata" in values):
        return values
    array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
    shape = values.get("shape")
    if shape:
        array = array.reshape([int(size) for size in str(shape).split(",")])
    return array.tolist()
