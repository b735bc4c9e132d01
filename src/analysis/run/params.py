"""Run parameters: defaults, reading --config and -p, and validation before any notebook runs.

Imports only the standard library so a no-op run stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analysis import config
from analysis.errors import InputError, ParameterError

INPUT_FORMATS = ("auto", "project", "acled", "ucdp")

DEFAULTS: dict[str, object] = {
    "freq": "month",
    "region_level": "region",
    "target": "all",
    "start": config.CAMPAIGN_START,
    "end": "",
    "min_confidence": "medium",
    "export_static": True,
    "actors": "",
}

# Notebook parameters the command line sets from its options: never taken from -p or --config.
SET_BY_OPTION = {
    "raw_path": "--input",
    "input_format": "--format",
    "sites_path": "--sites",
    "totals_path": "--totals",
    "processed_dir": "--out",
    "figures_dir": "--out",
    # run --compare (notebook 3)
    "compare_path": "--compare",
    "compare_format": "--format",
    "comparison_dir": "--out",
}

CHOICES: dict[str, tuple[str, ...]] = {
    "freq": tuple(config.FREQ_TO_PERIOD),
    "region_level": config.REGION_LEVELS,
    "target": config.TARGETS,
    "min_confidence": config.CONFIDENCE_LEVELS,
}


def check_names(parameters: dict[str, object]) -> None:
    """Refuse any name that is not a user parameter.

    Raises:
        ParameterError: a name the command line sets from an option (says which option),
            or a name no notebook knows (lists the user parameters).
    """
    for name, value in parameters.items():
        if name in SET_BY_OPTION:
            raise ParameterError(name, value, f"no value: it is set by the option "
                                 f"{SET_BY_OPTION[name]}, use that instead")
        if name not in DEFAULTS:
            raise ParameterError(name, value, "a parameter name among "
                                 + ", ".join(DEFAULTS))


def read_config(path: Path) -> dict[str, object]:
    """Read a YAML mapping of parameter names to values.

    Raises:
        ParameterError: the file is missing or not a mapping.
    """
    import yaml

    try:
        loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParameterError("--config", str(path), f"a readable file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise _yaml_error(Path(path), exc) from None
    if not isinstance(loaded, dict):
        raise ParameterError("--config", str(path), "a YAML mapping of parameter: value")
    return loaded


def _yaml_error(path: Path, exc: Exception) -> InputError:
    """One line naming the file, line and column of a YAML syntax error."""
    mark = getattr(exc, "problem_mark", None)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    if mark is None:
        return InputError(path, f"expected a YAML mapping of parameter: value ({problem})")
    return InputError(path, f"line {mark.line + 1}, column {mark.column + 1}: {problem}; "
                      "expected a YAML mapping of parameter: value")


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
    earliest, latest = config.date_bounds()
    allowed = (f"an ISO date YYYY-MM-DD from {earliest} to {latest}"
               + (", or empty for the end of coverage" if name == "end" else ""))
    try:
        day = dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ParameterError(name, value, allowed) from None
    if not earliest <= day <= latest:
        raise ParameterError(name, value, allowed)
    return day


def validate(parameters: dict[str, object]) -> dict[str, object]:
    """Check every known parameter; return them with dates normalised.

    Raises:
        ParameterError: a value outside its allowed set, a bad date, end before start.
    """
    check_names(parameters)
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
    if "export_static" in checked:
        checked["export_static"] = _boolean("export_static", checked["export_static"])
    if "actors" in checked:
        checked["actors"] = _pattern("actors", checked["actors"])
    return checked


def _pattern(name: str, value: object) -> str:
    """A regular expression as text (empty: the default); refused when it does not compile."""
    import re

    text = "" if value is None else str(value)
    try:
        re.compile(text)
    except re.error as exc:
        raise ParameterError(name, value, f"a regular expression ({exc})") from None
    return text


def _boolean(name: str, value: object) -> bool:
    """A YAML boolean, or the words true / false in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ParameterError(name, value, "true or false")
