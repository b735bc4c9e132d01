"""Plotly figures of attack frequency; every chart states its window and source.

Text from the data (site names, groups, summaries) is HTML-escaped before it reaches
a hover label, because exported HTML files render labels as markup.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis import config
from analysis.aggregate import (
    NO_GROUP,
    SEVERAL,
    claimant,
    monthly_coverage,
    phase_mix,
    top_places,
    whole_target_totals,
)

FONT = "Liberation Sans, Arial, sans-serif"
# The annotation under every chart that names the data source (replaced per input).
SOURCE_ANNOTATION = "source"
WIDTH, HEIGHT = 1100, 620
# Bar widths: plotly's period syntax ("M1" a month), so a bar spans its whole period.
PERIOD_MS = {"week": 7 * 24 * 3600 * 1000, "month": "M1", "quarter": "M3"}
# Where the map writes country names (longitude, latitude), away from the target sites.
COUNTRY_LABELS = (("IRAQ", 43.5, 33.0), ("SYRIA", 38.6, 35.3), ("JORDAN", 36.8, 31.0),
                  ("ISRAEL", 34.6, 30.6), ("IRAN", 49.0, 33.5), ("SAUDI ARABIA", 42.0, 28.2),
                  ("TURKEY", 37.0, 38.6))
# Twelve hues for sites (config.TOP_PLACES): Paul Tol's "muted" scheme, which stays
# distinguishable for colour-blind readers, plus three Okabe-Ito colours; none is grey.
_SITE_PALETTE = ("#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
                 "#cc6677", "#882255", "#aa4499", "#e69f00", "#0072b2", "#d55e00")
OTHER_COLOUR = "#bdbdbd"  # the "all other sites" group
MAX_HEIGHT = 2400  # pixels: taller charts do not fit a report page even when scaled
WRAP = 28  # characters per line of a place name in legends, panel titles and axis labels


def wrap(text: str, width: int = WRAP) -> str:
    """HTML-escape a name from the data and break it into lines of at most ``width``."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width)) or ""


def _is_other(place: str) -> bool:
    return place.startswith("all other ")


def escape(values: pd.Series) -> pd.Series:
    """HTML-escape text that came from the data."""
    return values.astype("str").map(html.escape)


def uid(*parts: str) -> str:
    """Return a stable trace id (letters, digits and dashes) so SVG output is repeatable."""
    text = "-".join(parts).casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def place_colours(places: list[str], level: str) -> dict[str, str]:
    """Return one colour per place: regions and known countries from config, others in turn.

    The "all other ..." group of ``aggregate.top_places`` is light grey.
    """
    fixed = {"region": config.REGION_COLOURS, "country": config.COUNTRY_COLOURS}.get(level, {})
    colours, free = {}, iter(_SITE_PALETTE * (len(places) // len(_SITE_PALETTE) + 1))
    for place in places:
        if _is_other(place):
            colours[place] = OTHER_COLOUR
        else:
            colours[place] = fixed.get(place) or next(free)
    return colours


def mark_empty(fig: go.Figure, start: str, end: str) -> go.Figure:
    """Say on a chart that its window holds no attack, instead of leaving blank axes."""
    fig.add_annotation(text=f"No attacks recorded between {pd.Timestamp(start):%-d %b %Y} and "
                            f"{pd.Timestamp(end):%-d %b %Y}", name="empty",
                       x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 16, "color": "#555"}, bgcolor="rgba(255,255,255,0.85)")
    return fig


def _below_plot(fig: go.Figure, pixels: int) -> float:
    """Return the paper y-coordinate ``pixels`` below the plotting area's bottom edge."""
    margin = fig.layout.margin
    return -pixels / (fig.layout.height - margin.t - margin.b)


def _layout(fig: go.Figure, title: str, subtitle: str, *, height: int = HEIGHT,
            legend: bool = True, bottom: int = 150) -> go.Figure:
    fig.update_layout(
        template="plotly_white", width=WIDTH, height=height,
        font={"family": FONT, "size": 13, "color": "#222"},
        title={"text": f"<b>{html.escape(title)}</b><br><span style='font-size:13px;color:#555'>"
                       f"{html.escape(subtitle)}</span>", "x": 0.01, "xanchor": "left",
               "y": 1 - 22 / height, "yanchor": "top", "yref": "container",
               "font": {"size": 19}},
        margin={"l": 75, "r": 30, "t": 105, "b": bottom},
        showlegend=legend, hoverlabel={"font": {"family": FONT}},
    )
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": _below_plot(fig, 55),
                              "x": 0, "font": {"size": 12}})
    fig.add_annotation(text=html.escape(config.SOURCE_NOTE), name=SOURCE_ANNOTATION,
                       xref="paper", yref="paper", x=0, y=_below_plot(fig, bottom - 25),
                       showarrow=False, xanchor="left", yanchor="top",
                       font={"size": 11, "color": "#666"})
    return fig


# Characters per line of the source note: it must fit beside a heatmap's wide label margin.
SOURCE_WRAP = 135


def set_source_note(fig: go.Figure, note: str) -> go.Figure:
    """Replace the source line under a chart (see ``analysis.sources``), wrapped to fit."""
    fig.update_annotations(selector={"name": SOURCE_ANNOTATION},
                           text=wrap(note, SOURCE_WRAP), align="left")
    return fig


def _mark_events(fig: go.Figure, start: str, end: str) -> None:
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    for number, (first, last, label) in enumerate(config.PHASES):
        left = max(pd.Timestamp(first), low)
        right = min(pd.Timestamp(last) if last else high, high)
        if left >= right:
            continue
        fig.add_vrect(x0=left, x1=right, fillcolor="#f2f2f2" if number % 2 else "#ffffff",
                      opacity=0.6, layer="below", line_width=0)
        fig.add_annotation(x=left + (right - left) / 2, y=1.0, xref="x", yref="paper",
                           text=f"Phase {label}", showarrow=False, yanchor="bottom",
                           font={"size": 11, "color": "#555"})
    for when, label, side in config.KEY_EVENTS:
        moment = pd.Timestamp(when)
        if low <= moment <= high:
            fig.add_vline(x=moment, line={"color": "#444", "width": 1, "dash": "dot"})
            fig.add_annotation(x=moment, y=0.98, yref="paper", text=label, showarrow=False,
                               textangle=-90, xanchor="right" if side == "left" else "left",
                               yanchor="top", font={"size": 11, "color": "#333"},
                               bgcolor="rgba(255,255,255,0.7)")


def chart_stacked(freq_table: pd.DataFrame, *, level: str, freq: str, window: str,
                  start: str, end: str) -> go.Figure:
    """Attacks per period, stacked by place (the most-attacked places, then all others)."""
    fig = go.Figure()
    shown = top_places(freq_table, level)
    places = list(dict.fromkeys(shown["place"]))
    colours = place_colours(places, level)
    for place in places:
        part = shown[shown["place"] == place]
        fig.add_bar(x=pd.to_datetime(part["period_start"]), y=part["attacks"],
                    name=wrap(place), marker_color=colours[place], uid=uid("bar", place),
                    xperiod=PERIOD_MS[freq], xperiodalignment="middle",
                    hovertemplate="%{x|%d %b %Y}: %{y} attacks<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_xaxes(title_text=f"{freq.capitalize()} starting", tickformat="%b %Y")
    fig.update_yaxes(title_text=f"Attacks per {freq}", rangemode="tozero")
    _mark_events(fig, start, end)
    # Sites and countries get a legend of four entries a row; room for rows beyond two.
    extra = 0 if level == "region" else max(0, -(-len(places) // 4) - 2) * 44
    fig = _layout(fig, f"Attacks per {freq} by target {level}", window,
                  height=HEIGHT + extra, bottom=150 + extra)
    if level != "region":
        fig.update_layout(legend={"entrywidth": 0.25, "entrywidthmode": "fraction"})
    return fig


def chart_heatmap(freq_table: pd.DataFrame, *, level: str, freq: str, window: str) -> go.Figure:
    """Heatmap of places by period (the most-attacked places, then all others)."""
    shown = top_places(freq_table, level)
    matrix = shown.pivot(index="place", columns="period_start", values="attacks")
    matrix = matrix.reindex(list(dict.fromkeys(shown["place"])))
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=pd.to_datetime(matrix.columns),
        y=[wrap(p) for p in matrix.index],
        colorscale=[[0, "#ffffff"], [0.001, "#fee8c8"], [0.5, "#fc8d59"], [1, "#7f0000"]],
        colorbar={"title": {"text": "Attacks"}}, uid="heatmap", xgap=1, ygap=1,
        hovertemplate="%{y}<br>%{x|%b %Y}: %{z} attacks<extra></extra>"))
    fig.update_xaxes(title_text=f"{freq.capitalize()} starting", tickformat="%b %Y")
    fig.update_yaxes(title_text=f"Target {level}", autorange="reversed")
    lines = sum(max(1, label.count("<br>") + 1) for label in map(wrap, matrix.index))
    height = min(MAX_HEIGHT, max(HEIGHT, 255 + 26 * max(lines, len(matrix))))
    _layout(fig, f"Attacks by target {level} and {freq}", window, legend=False, height=height,
            bottom=110)
    fig.update_layout(margin_l=230)
    return fig


def cumulative_by_target(incidents: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Daily cumulative incident counts per target type (us, israel) over [start, end]."""
    days = pd.date_range(start, end, freq="D")
    dates = pd.to_datetime(incidents["event_date"])
    frames = []
    for target in ("us", "israel"):
        daily = dates[incidents["target_type"].eq(target)].value_counts()
        counts = daily.reindex(days, fill_value=0).cumsum()
        frames.append(pd.DataFrame({"date": days, "target_type": target,
                                    "cumulative": counts.to_numpy()}))
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


def chart_cumulative(incidents: pd.DataFrame, totals: pd.DataFrame, *, window: str, start: str,
                     end: str, noun: str = "this dataset") -> go.Figure:
    """Cumulative attacks on US forces and on Israel, with published totals as points."""
    cumulative = cumulative_by_target(incidents, start, end)
    published = comparable_totals(totals, cumulative)
    fig = go.Figure()
    names = {"us": "US forces", "israel": "Israel"}
    for target, name in names.items():
        line = cumulative[cumulative["target_type"] == target]
        colour = config.TARGET_TYPE_COLOURS[target]
        fig.add_scatter(x=line["date"], y=line["cumulative"], mode="lines", uid=f"cum-{target}",
                        name=f"{name}: attacks in {noun}",
                        line={"color": colour, "width": 2.5, "shape": "hv"},
                        hovertemplate="%{x|%d %b %Y}: %{y}<extra>%{fullData.name}</extra>")
        points = published[published["target_type"] == target]
        if len(points):
            fig.add_scatter(x=points["date"], y=points["y"], mode="markers", uid=f"pub-{target}",
                            name=f"{name}: published totals", text=points["label"],
                            marker={"color": config.TARGET_TYPE_COLOURS[target], "size": 9,
                                    "symbol": "diamond-open", "line": {"width": 2}},
                            hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>")
    fig.update_xaxes(title_text="Date", tickformat="%b %Y")
    fig.update_yaxes(title_text="Cumulative attacks since start of window")
    _mark_events(fig, start, end)
    return _layout(fig, "Cumulative attacks by target: US forces vs Israel",
                   window + "; diamonds: totals published by officials, trackers or the groups")


def chart_small_multiples(freq_table: pd.DataFrame, *, level: str, freq: str,
                          window: str) -> go.Figure:
    """One panel per most-attacked place (and one for all others), sharing the axes."""
    shown = top_places(freq_table, level)
    places = list(dict.fromkeys(shown["place"])) or ["(no attack in the window)"]
    columns = 3
    rows = -(-len(places) // columns)
    # plotly refuses a vertical spacing above 1 / (rows - 1).
    spacing = min(0.12 / rows + 0.04, 0.5 / max(rows - 1, 1))
    fig = make_subplots(rows=rows, cols=columns, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=[wrap(p, 40) for p in places],
                        vertical_spacing=spacing, horizontal_spacing=0.04)
    colours = place_colours(places, level)
    for number, place in enumerate(places):
        part = shown[shown["place"] == place]
        fig.add_bar(x=pd.to_datetime(part["period_start"]), y=part["attacks"],
                    marker_color=colours[place], showlegend=False,
                    xperiod=PERIOD_MS[freq], xperiodalignment="middle",
                    uid=uid("panel", place), name=html.escape(place),
                    hovertemplate="%{x|%b %Y}: %{y}<extra>%{fullData.name}</extra>",
                    row=number // columns + 1, col=number % columns + 1)
    # Tick labels on every panel: with a short last row, the other columns would have none.
    fig.update_xaxes(tickformat="%b\n%Y", nticks=6, showticklabels=True)
    fig.update_yaxes(title_text="Attacks", col=1, rangemode="tozero")
    height = min(MAX_HEIGHT, max(HEIGHT, 250 * rows + 200))
    fig.update_annotations(font={"size": 12})
    return _layout(fig, f"Attacks per {freq}, one panel per target {level}", window,
                   height=height)


def site_counts(incidents: pd.DataFrame) -> pd.DataFrame:
    """Attacks per site with coordinates, largest first (sites without coordinates left out)."""
    located = incidents.dropna(subset=["latitude", "longitude"])
    counts = (located.groupby(["site_name", "region", "latitude", "longitude"])
              .size().rename("attacks").reset_index())
    return counts.sort_values(["attacks", "site_name"], ascending=[False, True],
                              ignore_index=True)


def chart_map(incidents: pd.DataFrame, *, window: str,
              outlines_path: Path = config.OUTLINES_FILE) -> go.Figure:
    """Target sites sized by attacks, over country outlines shipped with the project.

    Drawn on plain axes (longitude, latitude) so nothing is fetched at view or export time.
    """
    fig = go.Figure()
    outlines = json.loads(Path(outlines_path).read_text(encoding="utf-8"))
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in outlines["features"]:
        for ring in feature["geometry"]["coordinates"]:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#9a9a9a", "width": 0.8},
                    hoverinfo="skip", showlegend=False, uid="outlines")
    counts = site_counts(incidents)
    biggest = max(int(counts["attacks"].max()) if len(counts) else 1, 1)
    for region in config.REGIONS:
        part = counts[counts["region"] == region]
        if part.empty:
            continue
        fig.add_scatter(x=part["longitude"], y=part["latitude"], mode="markers",
                        name=region, uid=uid("map", region), text=escape(part["site_name"]),
                        customdata=part["attacks"],
                        marker={"size": 8 + 42 * (part["attacks"] / biggest) ** 0.5,
                                "color": config.REGION_COLOURS[region], "opacity": 0.8,
                                "line": {"color": "white", "width": 1}},
                        hovertemplate="%{text}: %{customdata} attacks<extra></extra>")
    for name, lon, lat in COUNTRY_LABELS:
        fig.add_annotation(x=lon, y=lat, text=name, showarrow=False,
                           font={"size": 10, "color": "#aaa"})
    fig.update_xaxes(range=[33.5, 49.5], title_text="Longitude (°E)", showgrid=False,
                     zeroline=False)
    fig.update_yaxes(range=[28.0, 38.5], title_text="Latitude (°N)", showgrid=False,
                     zeroline=False, scaleanchor="x", scaleratio=1.2)
    return _layout(fig, "Where the attacks struck: target sites sized by number of attacks",
                   window + "; sites without coordinates are not shown", height=760)


def claims_vs_recorded(incidents: pd.DataFrame, totals: pd.DataFrame, start: str,
                       end: str) -> pd.DataFrame:
    """Per day: attacks this dataset ties to a site, and the largest number the groups claimed.

    Claimed numbers come from the groups' own totals covering at most one day or 24 hours
    (``reported_by`` = claim), dated by the end of the period they cover.
    """
    days = pd.date_range(start, end, freq="D")
    recorded = pd.to_datetime(incidents["event_date"]).value_counts().reindex(days, fill_value=0)
    claims = totals[totals["reported_by"].eq("claim")].copy()
    first, last = pd.to_datetime(claims["period_start"]), pd.to_datetime(claims["period_end"])
    claims = claims[(last - first) <= pd.Timedelta(days=1)].assign(day=last)
    claimed = claims.groupby("day")["count"].max().reindex(days)
    return pd.DataFrame({"date": days, "recorded": recorded.to_numpy(),
                         "claimed": claimed.to_numpy()})


def chart_claims(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str,
                 end: str, noun: str = "this dataset") -> go.Figure:
    """Second campaign: operations the groups claimed each day vs attacks tied to a site."""
    phase_start = max(pd.Timestamp(config.PHASES[-1][0]) - pd.Timedelta(days=1),
                      pd.Timestamp(start))
    fig = go.Figure()
    subtitle = ("Claims: the largest daily number the groups announced; "
                f"bars: attacks in {noun}")
    if phase_start > pd.Timestamp(end):
        fig.add_annotation(text="The chosen window ends before the second campaign (March 2026).",
                           x=0.5, y=0.35, xref="paper", yref="paper", showarrow=False)
    else:
        daily = claims_vs_recorded(incidents, totals, f"{phase_start:%Y-%m-%d}", end)
        fig.add_bar(x=daily["date"], y=daily["recorded"], name=f"Attacks tied to a site ({noun})",
                    marker_color=config.TARGET_TYPE_COLOURS["us"],
                    uid="recorded", hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>")
        claimed = daily.dropna(subset=["claimed"])
        fig.add_scatter(x=claimed["date"], y=claimed["claimed"], mode="markers",
                        name="Operations the groups claimed that day", uid="claimed",
                        marker={"color": "#b2182b", "size": 11, "symbol": "diamond"},
                        hovertemplate="%{x|%d %b %Y}: %{y} claimed<extra></extra>")
        subtitle = (f"{phase_start:%-d %b %Y} to {pd.Timestamp(end):%-d %b %Y}; " + subtitle)
    fig.update_xaxes(title_text="Day", tickformat="%-d %b")
    fig.update_yaxes(title_text="Operations or attacks per day", rangemode="tozero")
    return _layout(fig, "Second campaign: claimed operations far exceed attacks tied to a site",
                   subtitle)


# Weapon categories and claimants in the phase-mix chart: fixed colours, legend in this order.
WEAPON_COLOURS = {"drone": "#1b9e77", "rocket": "#d95f02", "missile": "#7570b3",
                  "mixed": "#e7298a", "other": "#a6761d", "unknown": "#bdbdbd"}
CLAIMANT_PALETTE = ("#08519c", "#6baed6", "#fd8d3c", "#a63603", "#74c476")
TOP_CLAIMANTS = 4


def top_claimants(claimants: pd.Series) -> list[str]:
    """The most frequent named groups, then "several groups" and "no group named"."""
    named = claimants[~claimants.isin([NO_GROUP, SEVERAL])].value_counts()
    ranked = sorted(named.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ranked[:TOP_CLAIMANTS]] + [SEVERAL, NO_GROUP]


def chart_phase_mix(incidents: pd.DataFrame, *, window: str) -> go.Figure:
    """Each phase's attacks by weapon and by the group named, as shares of the phase."""
    claims = incidents.assign(claimant=claimant(incidents["groups"]))
    weapons = phase_mix(claims, "weapon_category", list(WEAPON_COLOURS))
    groups = phase_mix(claims, "claimant", top_claimants(claims["claimant"]))
    totals = weapons.groupby("phase", sort=False)["attacks"].sum()
    labels = {phase: f"Phase {phase}<br>({n} attack{'s' if n != 1 else ''})"
              for phase, n in totals.items()}
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=("By weapon", "By the group named (claim or blame)"))
    group_colours = {SEVERAL: "#9e9ac8", NO_GROUP: "#d9d9d9", "other": "#969696"}
    named = [v for v in dict.fromkeys(groups["value"]) if v not in group_colours]
    group_colours |= dict(zip(named, CLAIMANT_PALETTE, strict=False))
    for column, (table, colours, title) in enumerate(
            ((weapons, WEAPON_COLOURS, "Weapon"),
             (groups, group_colours, "Group named")), start=1):
        for value in dict.fromkeys(table["value"]):
            part = table[table["value"] == value]
            if part["attacks"].sum() == 0:
                continue
            fig.add_bar(y=part["phase"].map(labels), x=part["attacks"], orientation="h",
                        name="<br>".join(textwrap.wrap(html.escape(value), 30)),
                        marker_color=colours.get(value, "#969696"),
                        legendgroup=title, legendgrouptitle_text=title,
                        uid=uid("mix", title, value), row=1, col=column,
                        hovertemplate="%{y}: %{x:.0f}% of the phase's attacks"
                                      "<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="stack", barnorm="percent", bargap=0.25)
    fig.update_yaxes(autorange="reversed", categoryorder="array",
                     categoryarray=list(labels.values()))
    fig.update_xaxes(title_text="Share of the phase's attacks (%)", range=[0, 100])
    fig.update_annotations(font={"size": 13})
    fig = _layout(fig, "What the militias used, and who was named, phase by phase", window)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top",
                              "traceorder": "grouped"}, margin={"r": 230})
    return fig


def chart_coverage(incidents: pd.DataFrame, totals: pd.DataFrame, *, window: str, start: str,
                   end: str, noun: str = "this dataset") -> go.Figure:
    """Per month: attacks recorded against the counts others published for that month.

    One panel per target (US forces, Israel); filled diamonds are counts for the whole
    month, open ones counts for part of it (lower bounds). See
    ``aggregate.monthly_coverage`` for which totals count.
    """
    table = monthly_coverage(incidents, totals, start=start, end=end)
    names = {"us": "US forces", "israel": "Israel"}
    seen: set[str] = set()
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[f"Attacks on {name}" for name in names.values()])
    for row, (target, name) in enumerate(names.items(), start=1):
        part = table[table["target_type"] == target]
        months = pd.to_datetime(part["month"])
        colour = config.TARGET_TYPE_COLOURS[target]
        fig.add_bar(x=months, y=part["recorded"], name=f"{name}: attacks in {noun}",
                    marker_color=colour, uid=f"coverage-{target}", xperiod="M1",
                    xperiodalignment="middle", row=row, col=1,
                    hovertemplate="%{x|%b %Y}: %{y} recorded<extra></extra>")
        for basis, symbol in (("whole month", "diamond"),
                              ("part of the month", "diamond-open")):
            shown = part[part["basis"] == basis]
            if shown.empty:
                continue
            label = ("for the month" if basis == "whole month"
                     else "for part of the month (at least)")
            share = shown["share"].map(lambda v: "" if pd.isna(v) else f"; recorded {v:.0%}")
            fig.add_scatter(x=pd.to_datetime(shown["month"]) + pd.Timedelta(days=14),
                            y=shown["published"].astype(float), mode="markers",
                            name=f"Published count {label}", uid=uid("cov", target, basis),
                            legendgroup=basis, showlegend=basis not in seen,
                            customdata=share, row=row, col=1,
                            marker={"color": "#222", "size": 11, "symbol": symbol,
                                    "line": {"width": 2, "color": "#222"}},
                            hovertemplate="%{x|%b %Y}: %{y} published%{customdata}"
                                          "<extra></extra>")
            seen.add(basis)
    fig.update_xaxes(tickformat="%b %Y")
    fig.update_yaxes(title_text="Attacks per month", rangemode="tozero")
    fig.update_annotations(font={"size": 13})
    return _layout(fig, "How complete is each month? Recorded attacks against published counts",
                   window + "; diamonds: counts published by officials, trackers or the groups",
                   height=760)


def chart_comparison(monthly: pd.DataFrame, *, start: str, end: str, window: str,
                     note: str) -> go.Figure:
    """Per month: incidents matched in the export, only in the project, only in the export.

    Args:
        monthly: ``analysis.compare.monthly_counts`` (months as index, one column per status).
        start: first day of the window (phases and key dates are marked inside it).
        end: last day of the window.
        window: the subtitle.
        note: the source line under the chart.
    """
    from analysis.compare import STATUS_COLOURS, STATUS_LABELS

    fig = go.Figure()
    for status in STATUS_LABELS:
        label = STATUS_LABELS[status]
        fig.add_bar(x=monthly.index, y=monthly[status], name=html.escape(label),
                    marker_color=STATUS_COLOURS[status], uid=uid("comparison", status),
                    xperiod=PERIOD_MS["month"], xperiodalignment="middle",
                    hovertemplate=f"%{{x|%b %Y}}: %{{y}} {html.escape(label)}<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_xaxes(title_text="Month", tickformat="%b %Y")
    fig.update_yaxes(title_text="Attacks per month", rangemode="tozero")
    _mark_events(fig, start, end)
    fig = _layout(fig, "The project's incidents and the export's events, matched one to one",
                  window)
    return set_source_note(fig, note)
