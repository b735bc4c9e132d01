"""Text helpers: matching keys and the control characters no input keeps.

Keys match names spelt many ways (Ain al-Asad, Ayn al-Assad...).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.errors import InputError, not_utf8

# The only addresses a row may cite and a page may link: http and https, nothing else
# (never data:, javascript:, file:...). Cleaning rejects other rows; pages show them as text.
WEB_ADDRESS = re.compile(r"https?://\S+")
_PUNCTUATION = re.compile(r"[\s\-‐‑–—_.,;:()\[\]'’‘`ʿʾ\"“”]+")


def name_key(text: str) -> str:
    """Return a matching key: case-folded, accents stripped, punctuation to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _PUNCTUATION.sub(" ", stripped.casefold()).strip()
    return key.removeprefix("the ")


def is_web_address(url: str) -> bool:
    """Whether ``url`` is an http or https address (``WEB_ADDRESS``), the only kind linked."""
    return WEB_ADDRESS.fullmatch(url) is not None


def name_keys(values: pd.Series) -> pd.Series:
    """Vectorised ``name_key`` over the distinct values of a series."""
    uniques = pd.unique(values)
    mapping = {value: name_key(value) for value in uniques}
    return values.map(mapping)


# C0 control characters other than tab and newline, and DEL: never part of what a source
# wrote (NUL, escape sequences, a stray carriage return), and unsafe in a CSV or a page.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b-\x1f\x7f]"


def strip_control_characters(values: pd.Series) -> pd.Series:
    """Remove the characters of ``CONTROL_CHARACTERS`` from a text column (pandas)."""
    if not values.str.contains(CONTROL_CHARACTERS, regex=True).any():
        return values
    return values.str.replace(CONTROL_CHARACTERS, "", regex=True)


def strip_control_characters_arrow(values: pa.Array) -> pa.Array:
    """Remove the characters of ``CONTROL_CHARACTERS`` from a text array (Arrow).

    The array's bytes are scanned first (no regular expression), so text without control
    characters costs about two passes over memory and is returned as it is.
    """
    data = values.buffers()[-1]
    if data is None or not _has_control_bytes(np.frombuffer(data, dtype=np.uint8)):
        return values
    return pc.replace_substring_regex(values, CONTROL_CHARACTERS, "")


def _has_control_bytes(data: np.ndarray) -> bool:
    """True when UTF-8 bytes hold a control character (their bytes are < 0x80 in UTF-8)."""
    if not data.size:
        return False
    if data.min() < 0x20:  # tab or newline, or a control character
        below = data[data < 0x20]
        if ((below != 0x09) & (below != 0x0A)).any():
            return True
    return bool((data == 0x7F).any())


def read_utf8(path: Path, expected: str) -> str:
    """The text of a small UTF-8 file (a codebook, a mapping).

    Args:
        path: the file.
        expected: what the file should be, for the message ("a JSON object of ...").

    Raises:
        InputError: the file is missing or unreadable (says what was expected), or not
            UTF-8 (names the first bad byte, its position and line).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = "file not found" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise InputError(path, f"{problem}; expected {expected}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, data, exc) from None
