"""The functions the notebooks call: one per notebook step, each loads, processes, saves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.charts.frequency import chart_heatmap, chart_small_multiples, chart_stacked
from analysis.charts.map import chart_map
from analysis.charts.phases import chart_phase_mix
from analysis.charts.sizing import DEFAULT_SIZE, fit, size_named
from analysis.charts.style import mark_empty
from analysis.charts.totals import chart_claims, chart_coverage, chart_cumulative
from analysis.clean.exports import clean_export
from analysis.clean.incidents import clean_incidents
from analysis.clean.result import CleanResult
from analysis.inputs import exports
from analysis.inputs.load import load_totals  # noqa: F401 - notebooks call steps.load_totals
from analysis.inputs.sources import Source
from analysis.inputs.tables import read_table, write_csv, write_parquet
from analysis.measure import frequency
from analysis.measure.frequency import frequency_filename
from analysis.measure.grades import Grades

CLEAN_OUTPUTS = {
    "incidents": "incidents.csv",
    "reports": "reports.csv",
    "rejected": "rejected.csv",
    "summary": "cleaning_summary.csv",
}


def run_clean(raw_path: str, sites_path: str, out_dir: str, *, start: str = config.CAMPAIGN_START,
              end: str = "", min_confidence: str = "low", attribution: str = "any",
              input_format: str = "auto", actors: str = "") -> CleanResult:
    """Clean a raw file and write incidents (CSV, Parquet), reports, rejected rows and summary.

    The project's own format goes through ``clean_incidents`` (``attribution``: iraqi keeps
    the attacks claimed by or attributed to Iraqi groups, any keeps all); an ACLED or UCDP GED
    export (detected from the header unless ``input_format`` names it) through
    ``analysis.clean.exports.clean_export``, which has no confidence ratings to filter on,
    keeps the events of the ``actors`` pattern (empty: the default militia pattern) and
    counts each as attributed, so ``attribution`` keeps them all.

    Raises:
        InputError: the file cannot be used as a whole (see ``analysis.inputs.load``).
        ParameterError: an unknown input format.
    """
    fmt = exports.resolve_format(Path(raw_path), input_format)
    if fmt == "project":
        result = clean_incidents(Path(raw_path), Path(sites_path), start=start, end=end or None,
                                 min_confidence=min_confidence, attribution=attribution)
    else:
        result = clean_export(Path(raw_path), Path(sites_path), fmt, start=start,
                                       end=end or None,
                                       actors=actors or exports.DEFAULT_ACTOR_PATTERN)
    out = Path(out_dir)
    write_csv(result.incidents, out / CLEAN_OUTPUTS["incidents"])
    write_parquet(result.incidents, out / "incidents.parquet")
    write_csv(result.reports, out / CLEAN_OUTPUTS["reports"])
    write_csv(result.rejected, out / CLEAN_OUTPUTS["rejected"])
    write_csv(result.summary, out / CLEAN_OUTPUTS["summary"])
    return result


def load_incidents(processed_dir: str) -> pd.DataFrame:
    """Read the cleaned incident table written by ``run_clean``."""
    return read_table(Path(processed_dir) / CLEAN_OUTPUTS["incidents"])


def window_label(start: str, end: str, target: str, attribution: str = "iraqi") -> str:
    """Describe the data window, the targets and the attacks counted, for chart subtitles."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    scope = {"all": "all targets", "us": "US forces only", "israel": "Israel only"}[target]
    counted = config.ATTRIBUTION_WORDS[attribution]
    return f"{first:%-d %b %Y} to {last:%-d %b %Y}, {scope}, {counted}"


@dataclass(frozen=True)
class FrequencyResult:
    """Frequency tables written by ``run_frequency`` and the chosen one."""

    selected: pd.DataFrame
    tables: dict[tuple[str, str], pd.DataFrame]
    paths: dict[tuple[str, str], Path]
    incidents: pd.DataFrame
    start: str
    end: str
    min_confidence: str = "low"


def run_frequency(incidents: pd.DataFrame, out_dir: str, *, freq: str, region_level: str,
                  target: str, start: str, end: str, sites: pd.DataFrame | None = None,
                  min_confidence: str = "low") -> FrequencyResult:
    """Write every frequency table (3 frequencies x 3 levels) and return the chosen one.

    With the gazetteer (``sites``), every country and every site of the selected target
    type gets rows, zeros included (see ``frequency.places``). Each counts the attacks at
    or above ``min_confidence`` and, apart, those below it.
    """
    frequency.check_choice("freq", freq, tuple(config.FREQ_TO_PERIOD))
    frequency.check_choice("region_level", region_level, config.REGION_LEVELS)
    chosen = frequency.filter_incidents(incidents, target=target, start=start, end=end)
    paths, tables = {}, {}
    for each_freq in config.FREQ_TO_PERIOD:
        for level in config.REGION_LEVELS:
            tables[each_freq, level] = frequency.frequency_table(
                chosen, freq=each_freq, region_level=level, start=start, end=end, sites=sites,
                target=target, min_confidence=min_confidence)
            paths[each_freq, level] = write_csv(tables[each_freq, level], Path(out_dir) /
                                                frequency_filename(each_freq, level))
    return FrequencyResult(tables[freq, region_level], tables, paths, chosen, start, end,
                           min_confidence)


def build_charts(result: FrequencyResult, totals: pd.DataFrame, *, freq: str, region_level: str,
                 target: str, source: Source | None = None, attribution: str = "iraqi",
                 chart_size: str = DEFAULT_SIZE, show_low_confidence: bool = True) -> dict:
    """Build the eight standard charts for one frequency table and its incidents.

    ``source`` (``analysis.inputs.sources.describe(...)``, default: the project's dataset) gives
    the line under every chart and the name legends use for the input; every subtitle says
    which attacks count (``attribution``, the rule the cleaning step applied). A window
    without any attack gets charts that say so. ``chart_size`` names the size they are laid
    out for (``analysis.charts.sizing.SIZES``). Attacks below the run's ``min_confidence``
    are drawn as a band on top of the firm counts unless ``show_low_confidence`` is false;
    an export (no ratings) never has one.
    """
    source = source or Source("project", config.RAW_INCIDENTS.name)
    grades = Grades(result.min_confidence, show_low_confidence, rated=source.rated)
    window = window_label(result.start, result.end, target, attribution)
    table, incidents, start, end = result.selected, result.incidents, result.start, result.end
    level = {"level": region_level, "freq": freq, "window": window, "start": start, "end": end,
             "grades": grades}
    totals_charts = {"start": start, "end": end, "noun": source.noun, "grades": grades}
    figures = {
        "attacks_stacked": chart_stacked(table, **level),
        "attacks_heatmap": chart_heatmap(table, **level),
        "attacks_cumulative": chart_cumulative(incidents, totals, window=window, **totals_charts),
        "attacks_small_multiples": chart_small_multiples(table, **level),
        "attacks_map": chart_map(incidents, window=window, grades=grades),
        "claims_vs_recorded_2026": chart_claims(
            incidents, totals, counted=config.ATTRIBUTION_WORDS[attribution], **totals_charts),
        "attacks_by_phase": chart_phase_mix(incidents, window=window, grades=grades),
        "coverage_by_month": chart_coverage(incidents, totals, window=window, **totals_charts),
    }
    for fig in figures.values():
        if incidents.empty:
            mark_empty(fig, start, end)
        fit(fig, size_named(chart_size), note=source.chart_note)
    return figures
