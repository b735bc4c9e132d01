"""What each chart shows and how to read it: the captions of the report's numbered figures."""

from __future__ import annotations

from analysis.measure.grades import Grades

# Chart name -> caption, in the order the report numbers them. "{noun}" is "this dataset" or
# "this export"; "{level}" the region level; "{freq}" the frequency.
CAPTIONS = {
    "attacks_stacked": (
        "Attacks per {freq}, stacked by target {level}. Each bar is one {freq}; its height is the "
        "number of attacks {noun} records, its segments the places attacked. Shaded bands are "
        "the four phases; dotted lines mark key dates. At country and site level the twelve "
        "most-attacked places are shown one by one and the rest as one grey group."),
    "coverage_by_month": (
        "Bars: attacks {noun} records per month, for US forces "
        "(top) and Israel (bottom). Diamonds: the count that officials, trackers or the groups "
        "published for that month (filled: the whole month; open: part of it, so at least that "
        "many). A bar well below its diamond is a month that reporting itemises only in part; "
        "months without a diamond have no published monthly count."),
    "attacks_cumulative": (
        "Cumulative attacks on US forces and on Israel since the start of the window (lines), "
        "with the totals published by officials, trackers and the groups (diamonds), each drawn "
        "at the end of the period it covers and at the height of {noun}'s own count before that "
        "period began: the gap between a diamond and its line is the gap between the two counts."),
    "claims_vs_recorded_2026": (
        "The second campaign, day by day: operations the groups claimed in their daily "
        "statements (diamonds) against attacks that reporting ties to a site (bars). The claims "
        "are never itemised by place, so the two cannot be reconciled attack by attack."),
    "attacks_heatmap": (
        "Places by {freq}: the darker the cell, the more attacks; white means none recorded. "
        "Places are ordered by their total number of attacks."),
    "attacks_map": (
        "Target sites, sized by the number of attacks and coloured by target region, over "
        "country outlines (Natural Earth). Sites without coordinates (\"a US base in Syria\") "
        "are not shown."),
    "attacks_small_multiples": (
        "One panel per place, on shared axes, so that places can be compared at a glance."),
    "attacks_by_phase": (
        "Each phase's attacks as shares: by weapon (left) and by the group the reports name, "
        "by claim or by blame (right). The number of attacks in each phase is on its label."),
}

# Chart name -> how it draws the attacks below min_confidence (``band_caption``).
BAND_MARKS = {
    "attacks_stacked": "Lighter, hatched segments on top of each bar, in the colour of their "
                       "place",
    "coverage_by_month": "Lighter, hatched segments on top of each bar",
    "attacks_cumulative": "Lighter, hatched bands above each line",
    "claims_vs_recorded_2026": "Lighter, hatched segments on top of each bar",
    "attacks_heatmap": "Open circles, larger for more attacks, on the cells that hold them "
                       "(the colour counts only the others)",
    "attacks_small_multiples": "Lighter, hatched segments on top of each panel's bars",
    "attacks_map": "Lighter discs behind the markers, sized by all of a site's attacks",
    "attacks_by_phase": "Lighter, hatched segments after the solid ones, as shares of all the "
                        "phase's attacks",
    "comparison_by_month": "Lighter, hatched segments on top of the matched bars and of those "
                           "only in the project",
}


def band_caption(name: str, grades: Grades) -> str:
    """The caption's sentence on the band below ``min_confidence`` ("" when none can be drawn).

    Names the band as its legend does, and what the solid marks alone count.
    """
    if not grades.band_name or not grades.show:
        return ""
    return (f"{BAND_MARKS[name]}: the attacks rated {grades.low_grade} ({grades.band_name}); "
            f"the solid marks alone count the attacks at {grades.firm_grade} confidence.")
