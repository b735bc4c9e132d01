"""Every chart of a run, built as the notebooks build them, for the layout tests.

The shipped dataset at region and at site level (a default run), the made-up export
attacking 300 sites at site level, and the comparison chart of ``run --compare``.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from analysis import config
from analysis.inputs import gazetteer, sources
from analysis.measure import frequency
from analysis.run import steps
from analysis.run.comparing import run_comparison
from tests.synthetic import write_many_sites

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_charts(folder: Path, raw: Path, sites: Path, level: str,
               options: dict[str, str]) -> tuple[dict[str, go.Figure], str, str]:
    """The eight charts of one run of ``raw`` (month, all targets), with its window.

    Attacks below ``min_confidence`` are drawn as the band (the default of a run).
    """
    start = config.CAMPAIGN_START
    steps.run_clean(str(raw), str(sites), str(folder), start=start, **options)
    source = sources.describe(raw)
    incidents = steps.load_incidents(str(folder))
    end = frequency.window_end(incidents, "", start=start, coverage_end=source.coverage_end)
    result = steps.run_frequency(incidents, str(folder), freq="month", region_level=level,
                                 target="all", start=start, end=end,
                                 sites=gazetteer.load_sites(sites),
                                 min_confidence=options.get("min_confidence", "low"))
    figures = steps.build_charts(result, steps.load_totals(str(config.RAW_TOTALS)),
                                 freq="month", region_level=level, target="all", source=source)
    return figures, start, end


def all_charts(folder: Path) -> dict[str, tuple[go.Figure, str, str]]:
    """Every chart by ``case/name``, each with the first and last day of its window."""
    many_sites, many_events = write_many_sites(folder / "synthetic")
    cases = {"region": (config.RAW_INCIDENTS, config.RAW_SITES, "region",
                        {"min_confidence": "medium"}),
             "site": (config.RAW_INCIDENTS, config.RAW_SITES, "site",
                      {"min_confidence": "medium"}),
             "synthetic": (many_events, many_sites, "site", {})}
    charts = {}
    for case, (raw, sites, level, options) in cases.items():
        figures, start, end = run_charts(folder / case, raw, sites, level, options)
        charts |= {f"{case}/{name}": (fig, start, end) for name, fig in figures.items()}
    compared = run_comparison(str(folder / "region"), str(FIXTURES / "acled_compare.csv"),
                              str(config.RAW_SITES), raw_path=str(config.RAW_INCIDENTS),
                              start=config.CAMPAIGN_START, end="", min_confidence="medium")
    charts["region/comparison_by_month"] = (compared.figure, compared.start, compared.end)
    return charts
