"""Adapters: run the pipeline on an ACLED or a UCDP GED export instead of the project's file.

``detect_format`` tells the formats apart by header; ``clean_export`` turns an export
into the same ``CleanResult`` as ``analysis.clean.clean_incidents``. The field mapping,
selection defaults and region rule are documented in data/raw/mappings/adapters.md.
"""

from __future__ import annotations

from analysis.adapters.cleaning import DEFAULT_COUNTRIES, clean_export
from analysis.adapters.detect import detect_format, resolve_format
from analysis.adapters.selection import DEFAULT_ACTOR_PATTERN

__all__ = [
    "DEFAULT_ACTOR_PATTERN", "DEFAULT_COUNTRIES", "clean_export", "detect_format",
    "resolve_format",
]
