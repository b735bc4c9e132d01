"""Each phase's attacks by weapon and by the group named."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.bands import add_band_legend, band_style, mark
from analysis.charts.style import apply_layout, shared_x_title, uid
from analysis.measure.grades import ALL_FIRM, Grades
from analysis.measure.phases import NO_GROUP, SEVERAL, claimant, phase_mix

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


# The two panels: their title, and the incident column each breaks a phase down by.
PANELS = {"Weapon": "weapon_category", "Group named": "claimant"}


def chart_phase_mix(incidents: pd.DataFrame, *, window: str,
                    grades: Grades = ALL_FIRM) -> go.Figure:
    """Each phase's attacks by weapon and by the group named, as shares of the phase.

    Attacks below ``min_confidence`` (``grades``) are shares of the phase too: hatched
    segments after the firm ones, each in its weapon's or group's colour.
    """
    firm, under = grades.split(incidents)
    claims = firm.assign(claimant=claimant(firm["groups"]))
    values = {"Weapon": list(WEAPON_COLOURS), "Group named": top_claimants(claims["claimant"])}
    mixes = {title: phase_mix(claims, column, values[title]) for title, column in PANELS.items()}
    low = under.assign(claimant=claimant(under["groups"]))
    lows = {title: phase_mix(low, column, values[title]) for title, column in PANELS.items()}
    band = grades.drawn(lows["Weapon"]["attacks"])
    labels = _labels(mixes["Weapon"], lows["Weapon"] if band else None, grades)
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.1,
                        subplot_titles=("By weapon", "By the group named<br>(claim or blame)"))
    group_colours = {SEVERAL: "#9e9ac8", NO_GROUP: "#d9d9d9", "other": "#969696"}
    named = [v for v in dict.fromkeys(mixes["Group named"]["value"]) if v not in group_colours]
    group_colours |= dict(zip(named, CLAIMANT_PALETTE, strict=False))
    colours = {"Weapon": WEAPON_COLOURS, "Group named": group_colours}
    for column, title in enumerate(PANELS, start=1):
        _mix_bars(fig, mixes[title], colours[title], title, labels, grades.firm_grade, column)
    if band:
        for column, title in enumerate(PANELS, start=1):
            _mix_bars(fig, lows[title], colours[title], title, labels, grades.low_grade, column,
                      band=True)
        add_band_legend(fig, grades.band_name)
    fig.update_layout(barmode="stack", barnorm="percent", bargap=0.25)
    fig.update_yaxes(autorange="reversed", categoryorder="array",
                     categoryarray=list(labels.values()))
    fig.update_xaxes(range=[0, 100], tickvals=[0, 50, 100])
    fig.update_annotations(font={"size": 13})
    shared_x_title(fig, "Share of the phase's attacks (%)")
    fig = apply_layout(fig, "What the militias used, and who was named, phase by phase", window)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top",
                              "traceorder": "grouped"}, margin={"r": 230})
    return fig


def _labels(firm: pd.DataFrame, low: pd.DataFrame | None, grades: Grades) -> dict[str, str]:
    """Each phase's label: its attacks, and those below ``min_confidence`` when drawn."""
    totals = firm.groupby("phase", sort=False)["attacks"].sum()
    below = (low.groupby("phase", sort=False)["attacks"].sum() if low is not None
             else pd.Series(0, index=totals.index))
    return {phase: f"Phase {phase}<br>({n} attack{'s' if n != 1 else ''}"
                   + (f" + {below[phase]} rated {grades.low_grade}" if below[phase] else "") + ")"
            for phase, n in totals.items()}


def _mix_bars(fig: go.Figure, table: pd.DataFrame, colours: dict[str, str], title: str,
              labels: dict[str, str], grade: str, column: int, band: bool = False) -> None:
    """One horizontal bar per value of a panel (phases on the y axis).

    Values without any attack are left out; the band's bars are hatched.
    """
    for value in dict.fromkeys(table["value"]):
        part = table[table["value"] == value]
        if part["attacks"].sum() == 0:
            continue
        colour = colours.get(value, "#969696")
        style = (band_style(colour) if band else
                 {"marker_color": colour, "legendgroup": title, "legendgrouptitle_text": title})
        fig.add_bar(y=part["phase"].map(labels), x=part["attacks"], orientation="h",
                    name="<br>".join(textwrap.wrap(html.escape(value), 30)),
                    uid=uid("mix-band" if band else "mix", title, value), row=1, col=column,
                    meta=mark(title.lower(), grade, place=value, value="x",
                              periods=part["phase"].tolist()),
                    hovertemplate="%{y}: %{x:.0f}% of the phase's attacks"
                                  "<extra>%{fullData.name}</extra>", **style)
