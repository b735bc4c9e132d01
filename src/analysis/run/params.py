"""Run parameters: defaults, reading --config and -p, and validation before any notebook runs.

Imports only the standard library so a no-op run stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from analysis import config
from analysis.errors import InputError, ParameterError, not_utf8

INPUT_FORMATS = ("auto", "project", "acled", "ucdp")

DEFAULTS: dict[str, object] = {
    "freq": "month",
    "region_level": "region",
    "target": "all",
    "start": config.CAMPAIGN_START,
    "end": "",
    "min_confidence": "medium",
    "attribution": "iraqi",
    "export_static": True,
    "actors": "",
    "chart_size": "web",
    "show_low_confidence": True,
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

# What each parameter's value must be, named when a value has another type (a YAML list...).
TYPES = {
    "freq": "text", "region_level": "text", "target": "text", "min_confidence": "text",
    "attribution": "text",
    "start": "an ISO date", "end": "an ISO date or nothing", "export_static": "true or false",
    "actors": "text (a regular expression)", "chart_size": "text",
    "show_low_confidence": "true or false",
}

# Parameters that are true or false (a YAML boolean, or the words in any case).
BOOLEANS = ("export_static", "show_low_confidence")

# A parameter file holds a few lines: refuse anything larger before parsing it, and any
# file whose aliases expand to more values than this (a "billion laughs" alias bomb).
MAX_CONFIG_BYTES = 64 * 1024
MAX_CONFIG_VALUES = 1000
# What a YAML syntax error says is cut to this many characters (it may quote a long line).
_PROBLEM_CHARS = 120

CHOICES: dict[str, tuple[str, ...]] = {
    "freq": tuple(config.FREQ_TO_PERIOD),
    "region_level": config.REGION_LEVELS,
    "target": config.TARGETS,
    "min_confidence": config.CONFIDENCE_LEVELS,
    "chart_size": config.CHART_SIZES,
    "attribution": tuple(config.ATTRIBUTION_RULES),
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
        InputError: the file is missing, unreadable, over ``MAX_CONFIG_BYTES``, not UTF-8
            (names the byte and line), not YAML, nested or aliased beyond
            ``MAX_CONFIG_VALUES`` values, or not a mapping.
    """
    import yaml

    text = _config_text(Path(path))
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        _refuse_expansion(Path(path), node)
        loaded = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(Path(path), exc) from None
    except RecursionError:
        raise InputError(path, "nested too deeply; expected a YAML mapping of parameter: "
                         "value") from None
    finally:
        loader.dispose()
    if not isinstance(loaded, dict):
        raise InputError(path, f"expected a YAML mapping of parameter: value, found "
                         f"{_type_word(loaded)}")
    return loaded


def _config_text(path: Path) -> str:
    """The text of a parameter file, refused when too large or not UTF-8."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror}); expected a YAML file of "
                         "parameter: value (given with --config)") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise InputError(path, f"larger than {MAX_CONFIG_BYTES >> 10} KiB; expected a few "
                         "lines of parameter: value")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, data, exc) from None


def _refuse_expansion(path: Path, node: object) -> None:
    """Refuse a YAML document whose aliases expand beyond ``MAX_CONFIG_VALUES`` values."""
    if _expanded_size(node, {}, set()) > MAX_CONFIG_VALUES:
        raise InputError(path, f"its aliases expand to more than {MAX_CONFIG_VALUES:,} values "
                         "(or refer to themselves); expected a YAML mapping of parameter: value")


def _expanded_size(node: object, sizes: dict[int, float], open_nodes: set[int]) -> float:
    """How many values a composed YAML node holds once every alias is expanded.

    A node reached again through an alias is counted again but computed once; a node
    that contains itself counts as infinitely many.
    """
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        return float("inf")
    open_nodes.add(key)
    value = getattr(node, "value", None)
    children = ([n for item in value for n in (item if isinstance(item, tuple) else (item,))]
                if isinstance(value, list) else [])
    sizes[key] = 1 + sum(_expanded_size(child, sizes, open_nodes) for child in children)
    open_nodes.discard(key)
    return sizes[key]


def _type_word(value: object) -> str:
    """How a message names the type of a value read from YAML."""
    words = {list: "a list", tuple: "a list", dict: "a mapping", bool: "a boolean",
             type(None): "nothing", str: "text", int: "a number", float: "a number"}
    return words.get(type(value), f"a {type(value).__name__}")


def _yaml_error(path: Path, exc: Exception) -> InputError:
    """One line naming the file, line and column of a YAML syntax error."""
    mark = getattr(exc, "problem_mark", None)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())[:_PROBLEM_CHARS]
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
    for name, value in parameters.items():
        _check_type(name, value)
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
    for name in BOOLEANS:
        if name in checked:
            checked[name] = _boolean(name, checked[name])
    if "actors" in checked:
        checked["actors"] = _pattern("actors", checked["actors"])
    return checked


def _check_type(name: str, value: object) -> None:
    """Refuse a value that is no scalar (a YAML list or mapping), or a boolean as ``actors``.

    Other parameters given a boolean are refused by their own check, which lists the
    values they allow.

    Raises:
        ParameterError: names the parameter and the type it expects.
    """
    scalar = value is None or isinstance(value, (str, int, float, dt.date))
    wrong_bool = isinstance(value, bool) and name == "actors"
    if not scalar or wrong_bool:
        raise ParameterError(name, value, f"{TYPES[name]}, not {_type_word(value)}")


def _pattern(name: str, value: object) -> str:
    """A regular expression as text (empty: the default); refused when it does not compile."""
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
