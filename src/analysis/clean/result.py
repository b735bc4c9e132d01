"""What a cleaning step returns, whichever input format it read."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class CleanResult:
    """Everything the cleaning step produces."""

    reports: pd.DataFrame
    incidents: pd.DataFrame
    rejected: pd.DataFrame
    summary: pd.DataFrame
    unmapped_groups: tuple[str, ...]
