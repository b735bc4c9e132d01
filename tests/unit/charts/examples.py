"""Small charts built the way the notebooks build theirs, for the chart tests."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.frequency import chart_stacked
from analysis.measure.frequency import frequency_table
from analysis.measure.grades import Grades


def site_chart(site: str) -> go.Figure:
    """A stacked chart of three attacks (one rated low) at ``site`` and Eilat, by month."""
    incidents = pd.DataFrame({"event_date": ["2023-10-20", "2023-10-21", "2023-11-02"],
                              "site_name": [site, site, "Eilat"],
                              "region": ["Jordan", "Jordan", "Israel - South"],
                              "country": ["Jordan", "Jordan", "Israel"],
                              "target_type": ["us", "us", "israel"],
                              "confidence": ["high", "low", "medium"]})
    table = frequency_table(incidents, freq="month", region_level="site", start="2023-10-17",
                            end="2023-11-30", min_confidence="medium")
    return chart_stacked(table, level="site", freq="month", window="w", start="2023-10-17",
                         end="2023-11-30", grades=Grades("medium"))
