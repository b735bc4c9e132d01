"""Errors the command line turns into exit code 2 with one clear message."""

from __future__ import annotations

import reprlib
from pathlib import Path

# The command line's exit codes (README, "Options").
EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2

# A value a message echoes is cut to this many characters: a message stays one short line
# whatever a user file holds (a 5,000-character value, a list expanded from YAML aliases).
ECHO_CHARS = 48
_ECHO = reprlib.Repr()
_ECHO.maxstring = _ECHO.maxother = ECHO_CHARS
_ECHO.maxlist = _ECHO.maxtuple = _ECHO.maxdict = _ECHO.maxset = 4
_ECHO.maxlevel = 2


def echo(value: object) -> str:
    """The repr of a value for a message, at most ``ECHO_CHARS`` characters."""
    text = _ECHO.repr(value)
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS - 3] + "..."


class InputError(Exception):
    """A raw file that cannot be used as a whole: says file, row, column and what was expected."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.column = column
        self.problem = problem
        where = [self.path]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {problem}")


def not_utf8(path: Path | str, data: bytes, exc: UnicodeDecodeError) -> InputError:
    """The error for a file that is not UTF-8: its first bad byte, its position and its line.

    Positions count from 1, the first byte of the file.
    """
    line = data.count(b"\n", 0, exc.start) + 1
    return InputError(path, f"expected UTF-8 text, found byte {data[exc.start]:#04x} at byte "
                      f"{exc.start + 1:,} (line {line})")


class ParameterError(Exception):
    """A run parameter outside its allowed values."""

    def __init__(self, name: str, value: object, allowed: str) -> None:
        self.name = name
        super().__init__(f"parameter {echo(name)}: got {echo(value)}, expected {allowed}")


class NotebookFailedError(Exception):
    """A notebook cell raised; carries the papermill error and the saved notebook."""

    def __init__(self, notebook: str, cell: object, ename: str, evalue: str,
                 saved: Path) -> None:
        self.ename, self.evalue = ename, evalue
        super().__init__(f"notebook {notebook} failed in cell {cell} ({ename}: {evalue}); "
                         f"the executed notebook is saved at {saved}")
