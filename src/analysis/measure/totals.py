"""Published totals beside the attacks recorded: per month, cumulative, and per day.

Totals come from ``data/raw/reported_totals.csv`` (officials, trackers and the groups'
own counts); they are never mixed into the recorded counts, only set beside them.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.measure.grades import LOW_SUFFIX, below

# A published count is a month's when its period ends in the month and starts at most
# START_SLACK_DAYS before it; it covers the month when it spans this share of the month's
# days inside the window, and is otherwise a lower bound ("part of the month").
# Counts over fewer than MIN_SPAN_DAYS (a day's or a week's claims) say little of a month.
START_SLACK_DAYS = 3


MONTH_SHARE = 0.8


MIN_SPAN_DAYS = 10


def monthly_coverage(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str,
                     end: str, min_confidence: str = "low") -> pd.DataFrame:
    """Per month and target (US forces, Israel): attacks recorded against published counts.

    A month's published count is the largest total, for US forces or Israel as a whole
    (officials', trackers' or the groups' own), whose period lies within the month
    (``START_SLACK_DAYS``) and spans at least ``MIN_SPAN_DAYS``; ``basis`` says whether it
    spans the month (``MONTH_SHARE``) or only part of it (or ends on an unknown day of the
    month), so that it is a lower bound. Cumulative totals since an earlier month
    are not split into months. Months without such a total have no published count.

    Args:
        incidents: incidents of the window (``event_date``, ``target_type``).
        totals: ``load.load_totals`` (counts limited to one country are left out).
        start: first day of the window.
        end: last day of the window.
        min_confidence: ``recorded`` counts the attacks at or above it,
            ``recorded_low_confidence`` those below it.

    Returns:
        month (YYYY-MM), target_type, recorded, recorded_low_confidence, published
        (nullable), basis ("whole month", "part of the month" or ""), share (recorded /
        published, nullable, 2 decimals).
    """
    months = pd.period_range(start, end, freq="M")
    dates = pd.to_datetime(incidents["event_date"]).dt.to_period("M")
    low = below(incidents, min_confidence)
    whole = whole_target_totals(totals)
    rows = []
    for target in ("us", "israel"):
        aimed = incidents["target_type"].eq(target)
        recorded = dates[aimed & ~low].value_counts()
        recorded_low = dates[aimed & low].value_counts()
        chosen = whole[whole["target_type"].eq(target)]
        bounds = period_bounds(chosen)
        for month in months:
            published, basis = _published_for(chosen, bounds, month, pd.Timestamp(start))
            rows.append({"month": str(month), "target_type": target,
                         "recorded": int(recorded.get(month, 0)),
                         "recorded" + LOW_SUFFIX: int(recorded_low.get(month, 0)),
                         "published": published, "basis": basis})
    table = pd.DataFrame(rows, columns=["month", "target_type", "recorded",
                                        "recorded" + LOW_SUFFIX, "published", "basis"])
    table = table.astype({"published": "Int64"})
    share = table["recorded"] / table["published"].where(table["published"] > 0)
    return table.assign(share=share.astype("Float64").round(2))


def whole_target_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Totals for US forces or Israel as a whole: counts limited to one country left out."""
    keep = totals["target_type"].isin(["us", "israel"])
    for column in ("count_iraq", "count_syria", "count_jordan"):
        if column in totals:
            part = pd.to_numeric(totals[column], errors="coerce")
            keep &= ~(part.eq(totals["count"]) & totals["target_type"].eq("us"))
    return totals[keep]


def period_bounds(totals: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """First and last day of each total's period, and whether the last day is unknown.

    A ``YYYY-MM`` end (the source gives only the month) is read as that month's last day.
    """
    first = pd.to_datetime(totals["period_start"])
    text = totals["period_end"].astype("str")
    month_only = text.str.fullmatch(r"\d{4}-\d{2}")
    last = pd.to_datetime(text.where(~month_only, text + "-01"))
    return first, last.where(~month_only, last + pd.offsets.MonthEnd(0)), month_only


def _published_for(totals: pd.DataFrame, bounds: tuple[pd.Series, pd.Series, pd.Series],
                   month: pd.Period, window_start: pd.Timestamp) -> tuple[int | None, str]:
    first, last, day_unknown = bounds
    month_first = max(month.start_time, window_start)
    month_last = month.end_time.normalize()
    inside = ((last >= month.start_time) & (last <= month_last)
              & (first >= month.start_time - pd.Timedelta(days=START_SLACK_DAYS))
              & ((last - first).dt.days + 1 >= MIN_SPAN_DAYS))
    if not inside.any():
        return None, ""
    best = totals.loc[inside, "count"].astype(int).idxmax()
    span = (last[best] - max(first[best], month_first)).days + 1
    whole = span >= MONTH_SHARE * ((month_last - month_first).days + 1)
    basis = "whole month" if whole and not day_unknown[best] else "part of the month"
    return int(totals.loc[best, "count"]), basis


def cumulative_by_target(incidents: pd.DataFrame, start: str, end: str,
                         min_confidence: str = "low") -> pd.DataFrame:
    """Daily cumulative incident counts per target type (us, israel) over [start, end].

    ``cumulative`` counts the attacks at or above ``min_confidence``,
    ``cumulative_low_confidence`` those below it.
    """
    days = pd.date_range(start, end, freq="D")
    dates = pd.to_datetime(incidents["event_date"])
    low = below(incidents, min_confidence)
    frames = []
    for target in ("us", "israel"):
        aimed = incidents["target_type"].eq(target)
        counts = {name: dates[aimed & (low if under else ~low)].value_counts()
                  .reindex(days, fill_value=0).cumsum().to_numpy()
                  for name, under in (("cumulative", False), ("cumulative" + LOW_SUFFIX, True))}
        frames.append(pd.DataFrame({"date": days, "target_type": target, **counts}))
    return pd.concat(frames, ignore_index=True)


def comparable_totals(totals: pd.DataFrame, cumulative: pd.DataFrame) -> pd.DataFrame:
    """Place each published total on the cumulative scale.

    A published count covers [period_start, period_end]; it is drawn at period_end at
    the height of our own cumulative count just before period_start plus the published
    number, so the gap to our line is the gap between the two counts for that period.
    """
    rows = []
    for total in whole_target_totals(totals).itertuples():
        line = cumulative[cumulative["target_type"] == total.target_type].set_index("date")
        before = line["cumulative"][line.index < pd.Timestamp(total.period_start)]
        base = int(before.iloc[-1]) if len(before) else 0
        rows.append({"date": pd.Timestamp(total.period_end), "target_type": total.target_type,
                     "y": base + int(total.count), "count": int(total.count),
                     "label": html.escape(f"{total.scope} ({total.reported_by}, "
                                          f"{total.outlet}): {total.count}")})
    return pd.DataFrame(rows, columns=["date", "target_type", "y", "count", "label"])


def claims_vs_recorded(incidents: pd.DataFrame, totals: pd.DataFrame, start: str,
                       end: str, min_confidence: str = "low") -> pd.DataFrame:
    """Per day: attacks this dataset ties to a site, and the largest number the groups claimed.

    ``recorded`` counts the attacks at or above ``min_confidence``,
    ``recorded_low_confidence`` those below it. Claimed numbers come from the groups' own
    totals covering at most one day or 24 hours (``reported_by`` = claim), dated by the end
    of the period they cover.
    """
    days = pd.date_range(start, end, freq="D")
    dates, low = pd.to_datetime(incidents["event_date"]), below(incidents, min_confidence)
    recorded = {name: dates[low if under else ~low].value_counts()
                .reindex(days, fill_value=0).to_numpy()
                for name, under in (("recorded", False), ("recorded" + LOW_SUFFIX, True))}
    claims = totals[totals["reported_by"].eq("claim")].copy()
    first, last = pd.to_datetime(claims["period_start"]), pd.to_datetime(claims["period_end"])
    claims = claims[(last - first) <= pd.Timedelta(days=1)].assign(day=last)
    claimed = claims.groupby("day")["count"].max().reindex(days)
    return pd.DataFrame({"date": days, **recorded, "claimed": claimed.to_numpy()})
