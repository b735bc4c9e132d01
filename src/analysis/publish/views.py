"""Notebook display helpers: deterministic chart output and readable table views.

Every data frame a notebook shows goes through ``html_tables.frame_html`` (``setup_notebook``):
escaped like the report's tables, with no random ids, and never typeset as LaTeX.
"""

from __future__ import annotations

import pandas as pd
import plotly.io as pio
from IPython import get_ipython
from IPython.display import HTML

from analysis.measure.grades import BELOW_WORDS, LOW_COLUMN, LOW_SUFFIX, below, counts_below
from analysis.publish.html_tables import frame_html, incident_rows, interactive

# The columns a reader needs to find and fix a rejected row, whichever format it came in.
REJECTED_VIEW = ["source_row", "report_id", "event_date", "date_start", "site", "location",
                 "country", "reason"]


def setup_notebook() -> None:
    """Set how a notebook shows charts and data frames.

    Charts as the plotly mimetype only (no random ids, so nbval can compare them); data
    frames as HTML through ``frame_html`` (escaped, not typeset as LaTeX).
    """
    pio.renderers.default = "plotly_mimetype"
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


def rejected_view(rejected: pd.DataFrame) -> pd.DataFrame:
    """The rejected rows with the columns a reader needs to fix them."""
    return rejected[[column for column in REJECTED_VIEW if column in rejected]]


def monthly_by_target(incidents: pd.DataFrame, min_confidence: str = "low") -> pd.DataFrame:
    """Incidents per month (rows) and target type (columns), months without attacks included.

    The target columns and ``all`` count the attacks at or above ``min_confidence``;
    ``low_confidence`` those below it.
    """
    months = pd.to_datetime(incidents["event_date"]).dt.to_period("M")
    under = below(incidents, min_confidence).to_numpy(bool)
    table = pd.crosstab(months[~under], incidents.loc[~under, "target_type"])
    if len(months):
        table = table.reindex(pd.period_range(months.min(), months.max(), freq="M"),
                              fill_value=0)
    low = months[under].value_counts().reindex(table.index, fill_value=0)
    table = table.assign(all=table.sum(axis=1), low_confidence=low.astype("int64"))
    table.index = table.index.astype(str)
    table.index.name = "month"
    table.columns.name = None
    return table


def wide_view(freq_table: pd.DataFrame, column: str = "attacks") -> pd.DataFrame:
    """Periods as rows and places as columns, places with no attack left out."""
    wide = freq_table.pivot(index="period_start", columns="place", values=column)
    order = [p for p in dict.fromkeys(freq_table["place"]) if wide[p].sum() > 0]
    wide = wide[order]
    wide.columns.name = None
    return wide.assign(total=wide.sum(axis=1))


def graded_wide_view(freq_table: pd.DataFrame) -> pd.DataFrame:
    """``wide_view`` with each cell's attacks below ``min_confidence`` after it ("2 +1").

    A place attacked only below it keeps its column; without any such attack the table
    is ``wide_view``'s, numbers and all.
    """
    if not counts_below(freq_table):
        return wide_view(freq_table)
    both = freq_table.assign(all_grades=freq_table["attacks"] + freq_table[LOW_COLUMN])
    order = list(wide_view(both, "all_grades").columns)
    firm, low = (both.pivot(index="period_start", columns="place", values=column)
                 .assign(total=lambda wide: wide.sum(axis=1))[order]
                 for column in ("attacks", LOW_COLUMN))
    text = firm.astype("int64").astype("str")
    text = text.where(low.eq(0), text + " +" + low.astype("int64").astype("str"))
    text.columns.name = None
    return text


def coverage_view(coverage: pd.DataFrame, min_confidence: str = "medium") -> pd.DataFrame:
    """The months that have a published count, with the share of it recorded here.

    When attacks below ``min_confidence`` change a recorded count, a column beside it gives
    the count with them ("recorded, with those rated low"), in the months where it differs.
    """
    shown = coverage[coverage["published"].notna()].copy()
    shown["target_type"] = shown["target_type"].map({"us": "US forces", "israel": "Israel"})
    shown["recorded share"] = shown["share"].map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
    columns = ["month", "target", "recorded", "published", "published count covers",
               "recorded share"]
    low = shown.get("recorded" + LOW_SUFFIX, pd.Series(0, index=shown.index))
    if low.gt(0).any():
        with_low = f"recorded, with those rated {BELOW_WORDS[min_confidence]}"
        shown[with_low] = (shown["recorded"] + low).astype(str).where(low.gt(0), "")
        columns.insert(3, with_low)
    return (shown.rename(columns={"target_type": "target", "basis": "published count covers"})
            [columns].reset_index(drop=True))


def offline_tables() -> None:
    """Load the interactive-table library (itables) into the notebook itself: no network."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


def incident_table(incidents: pd.DataFrame):
    """Every incident with links to its sources, searchable and sortable (itables, offline)."""
    return HTML(interactive(incident_rows(incidents)))
