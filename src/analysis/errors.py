"""Errors the command line turns into exit code 2 with one clear message."""

from __future__ import annotations

from pathlib import Path


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


class ParameterError(Exception):
    """A run parameter outside its allowed values."""

    def __init__(self, name: str, value: object, allowed: str) -> None:
        self.name = name
        super().__init__(f"parameter '{name}': got {value!r}, expected {allowed}")
