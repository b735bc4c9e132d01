"""Each phase's attacks by weapon and by the group named."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.style import apply_layout, shared_x_title, uid
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


def chart_phase_mix(incidents: pd.DataFrame, *, window: str) -> go.Figure:
    """Each phase's attacks by weapon and by the group named, as shares of the phase."""
    claims = incidents.assign(claimant=claimant(incidents["groups"]))
    weapons = phase_mix(claims, "weapon_category", list(WEAPON_COLOURS))
    groups = phase_mix(claims, "claimant", top_claimants(claims["claimant"]))
    totals = weapons.groupby("phase", sort=False)["attacks"].sum()
    labels = {phase: f"Phase {phase}<br>({n} attack{'s' if n != 1 else ''})"
              for phase, n in totals.items()}
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.1,
                        subplot_titles=("By weapon", "By the group named<br>(claim or blame)"))
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
    fig.update_xaxes(range=[0, 100], tickvals=[0, 50, 100])
    fig.update_annotations(font={"size": 13})
    shared_x_title(fig, "Share of the phase's attacks (%)")
    fig = apply_layout(fig, "What the militias used, and who was named, phase by phase", window)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top",
                              "traceorder": "grouped"}, margin={"r": 230})
    return fig
