"""Tell the project's own format, an ACLED export and a UCDP GED export apart by header."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError, ParameterError
from analysis.inputs import columns
from analysis.inputs.exports.acled import ACLED
from analysis.inputs.exports.spec import ExportSpec
from analysis.inputs.exports.ucdp import UCDP
from analysis.inputs.load import read_header

EXPORTS: dict[str, ExportSpec] = {"acled": ACLED, "ucdp": UCDP}

# Format -> columns its header must have, checked in this order.
REQUIRED_BY_FORMAT: dict[str, tuple[str, ...]] = {
    "project": tuple(columns.required_columns(columns.RAW_INCIDENTS)),
    "acled": ACLED.required,
    "ucdp": UCDP.required,
}
_FORMAT_LABELS = {"project": "project format", "acled": "ACLED", "ucdp": "UCDP GED"}


def detect_format(path: Path) -> str:
    """Return "project", "acled" or "ucdp", from the columns of the file's header.

    Args:
        path: a CSV file.

    Raises:
        InputError: the file is unreadable or its header fits none of the formats; the
            message lists the columns each format lacks.
    """
    header = set(read_header(Path(path)))
    missing = {fmt: [c for c in required if c not in header]
               for fmt, required in REQUIRED_BY_FORMAT.items()}
    for fmt, lacking in missing.items():
        if not lacking:
            return fmt
    described = "; ".join(f"{_FORMAT_LABELS[fmt]} lacks {', '.join(lacking)}"
                          for fmt, lacking in missing.items())
    raise InputError(path, f"expected the project's, an ACLED or a UCDP GED header: "
                     f"{described}", row=1)


def resolve_format(path: Path, input_format: str) -> str:
    """Return a raw file's format: read from its header for "auto", else the one named.

    Raises:
        InputError: "auto" and the header fits no format (see ``detect_format``).
        ParameterError: not "auto" nor one of the formats.
    """
    if input_format == "auto":
        return detect_format(Path(path))
    if input_format not in REQUIRED_BY_FORMAT:
        raise ParameterError("input_format", input_format, "auto, project, acled or ucdp")
    return input_format


def export_spec(fmt: str) -> ExportSpec:
    """Return the spec of an export format.

    Raises:
        ParameterError: not "acled" or "ucdp".
    """
    if fmt not in EXPORTS:
        raise ParameterError("fmt", fmt, "one of " + ", ".join(EXPORTS))
    return EXPORTS[fmt]
