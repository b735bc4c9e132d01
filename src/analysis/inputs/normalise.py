"""Mapping tables for group names and weapon categories, applied to raw reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import InputError
from analysis.inputs.text import name_key, read_utf8

_GROUP_SEPARATORS = re.compile(r"\s*(?:;|/|\+|,| and | و )\s*")


_MAPPING_SHAPE = "a JSON object of name -> list of spellings"


def load_mapping(path: Path) -> dict[str, list[str]]:
    """Read a JSON mapping of canonical value -> spellings, skipping keys starting with '_'.

    Raises:
        InputError: the file is missing, not UTF-8, not JSON, or not an object whose
            values are lists of strings; names the file and, for JSON, the line.
    """
    path = Path(path)
    text = read_utf8(path, _MAPPING_SHAPE)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"line {exc.lineno}, column {exc.colno}: {exc.msg}; "
                         f"expected {_MAPPING_SHAPE}") from None
    return _checked_mapping(path, raw)


def _checked_mapping(path: Path, raw: object) -> dict[str, list[str]]:
    """The mapping without its '_' keys, refused unless every value is a list of strings."""
    if not isinstance(raw, dict):
        raise InputError(path, f"expected {_MAPPING_SHAPE}, found {_json_type(raw)}")
    mapping = {key: values for key, values in raw.items() if not key.startswith("_")}
    for key, values in mapping.items():
        wrong = ([v for v in values if not isinstance(v, str)] if isinstance(values, list)
                 else [values])
        if wrong:
            raise InputError(path, f"{key!r}: expected a list of strings, found "
                             f"{_json_type(wrong[0])}")
    return {key: list(values) for key, values in mapping.items()}


def _json_type(value: object) -> str:
    """How a message names a JSON value's type."""
    words = {dict: "an object", list: "a list", str: "text", bool: "true or false",
             int: "a number", float: "a number", type(None): "null"}
    return words.get(type(value), type(value).__name__)


def group_index(mapping: dict[str, list[str]]) -> dict[str, str]:
    """Map each spelling's key (and the canonical name's key) to the canonical group name.

    Raises:
        ValueError: one spelling is listed under two groups.
    """
    index: dict[str, str] = {}
    for canonical, spellings in mapping.items():
        for spelling in (canonical, *spellings):
            owner = index.setdefault(name_key(spelling), canonical)
            if owner != canonical:
                raise ValueError(f"group spelling {spelling!r} is listed under {owner!r} "
                                 f"and {canonical!r}")
    return index


def canonical_groups(claimed_by: pd.Series, index: dict[str, str]) -> tuple[pd.Series, set[str]]:
    """Return canonical group names per report ('; '-joined) and the unmapped spellings.

    Unmapped spellings are kept as written so nothing is lost; callers report them.
    """
    unmapped: set[str] = set()
    results = {}
    for value in pd.unique(claimed_by):
        names = []
        for part in _GROUP_SEPARATORS.split(value.strip()) if value.strip() else []:
            canonical = index.get(name_key(part))
            if canonical is None:
                unmapped.add(part)
                canonical = part
            if canonical not in names:
                names.append(canonical)
        results[value] = "; ".join(names)
    return claimed_by.map(results), unmapped


# Categories whose words decide only when no word of drone, rocket or missile is named.
FALLBACK_CATEGORIES = ("other", "unknown")


def weapon_category(text: str, mapping: dict[str, list[str]]) -> str | None:
    """The category of one weapon text, or None when it names no word of the mapping."""
    folded = text.casefold()
    if not folded.strip():
        return "unknown"
    hits = [category for category, words in mapping.items()
            if any(word.casefold() in folded for word in words)]
    main = [hit for hit in hits if hit not in FALLBACK_CATEGORIES]
    if len(main) > 1:
        return "mixed"
    return (main or hits or [None])[0]


def weapon_categories(weapons: pd.Series, mapping: dict[str, list[str]]) -> pd.Series:
    """Classify weapon texts as drone, rocket, missile, mixed, other or unknown.

    A text that names no word of the mapping is "other" (``analysis.run.check`` lists them).
    """
    results = {value: weapon_category(value, mapping) or "other"
               for value in pd.unique(weapons)}
    return weapons.map(results).astype(pd.CategoricalDtype(config.WEAPON_CATEGORIES))
