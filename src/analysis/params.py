"""Run parameters: defaults, reading --config and -p, and validation before any notebook runs.

Imports only the standard library so a no-op run stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analysis import config
from analysis.errors import ParameterError

INPUT_FORMATS = ("auto", "project", "acled", "ucdp")

DEFAULTS: dict[str, object] = {
    "freq": "month",
    "region_level": "region",
    "target": "all",
    "start": config.CAMPAIGN_START,
    "end": "",
    "min_confidence": "medium",
    "export_static": True,
}

CHOICES: dict[str, tuple[str, ...]] = {
    "freq": tuple(config.FREQ_TO_PERIOD),
    "region_level": config.REGION_LEVELS,
    "target": config.TARGETS,
    "min_confidence": config.CONFIDENCE_LEVELS,
    "input_format": INPUT_FORMATS,
}


def read_config(path: Path) -> dict[str, object]:
    """Read a YAML mapping of parameter names to values.

    Raises:
        ParameterError: the file is missing or not a mapping.
    """
    import yaml

    try:
        loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterError("--config", str(path), f"a readable YAML file ({exc})") from None
    if not isinstance(loaded, dict):
        raise ParameterError("--config", str(path), "a YAML mapping of parameter: value")
    return loaded


def coerce(value: str) -> object:
    """Turn a -p value into bool, int or float where it clearly is one, else keep the text."""
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def _iso(name: str, value: object) -> str:
    text = "" if value is None else str(value)
    if name == "end" and text == "":
        return text
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ParameterError(name, value, "an ISO date YYYY-MM-DD"
                             + (" or empty for the latest" if name == "end" else "")) from None


def validate(parameters: dict[str, object]) -> dict[str, object]:
    """Check every known parameter; return them with dates normalised.

    Raises:
        ParameterError: a value outside its allowed set, a bad date, end before start.
    """
    checked = dict(parameters)
    for name, allowed in CHOICES.items():
        if name in checked and checked[name] not in allowed:
            raise ParameterError(name, checked[name], "one of " + ", ".join(allowed))
    for name in ("start", "end"):
        if name in checked:
            checked[name] = _iso(name, checked[name])
    if checked.get("end") and checked["end"] < checked["start"]:
        raise ParameterError("end", checked["end"],
                             f"a date on or after start ({checked['start']})")
    if not isinstance(checked.get("export_static", True), bool):
        raise ParameterError("export_static", checked["export_static"], "true or false")
    return checked
