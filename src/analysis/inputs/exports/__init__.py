"""Reading ACLED and UCDP GED exports: their formats, columns, value mappings and selection.

``detect_format`` tells the formats apart by header. Turning an export into incidents is
cleaning's work (``analysis.clean.exports.clean_export``). The field mapping, selection
defaults and region rule are documented in data/raw/mappings/adapters.md.
"""

from __future__ import annotations

from analysis.inputs.exports.detect import detect_format, resolve_format
from analysis.inputs.exports.selection import DEFAULT_ACTOR_PATTERN

__all__ = ["DEFAULT_ACTOR_PATTERN", "detect_format", "resolve_format"]
