"""Errors the command line turns into exit code 2 with one clear message."""

from __future__ import annotations

from pathlib import Path

# The command line's exit codes (README, "Options").
EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2


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


class NotebookFailedError(Exception):
    """A notebook cell raised; carries the papermill error and the saved notebook."""

    def __init__(self, notebook: str, cell: object, ename: str, evalue: str,
                 saved: Path) -> None:
        self.ename, self.evalue = ename, evalue
        super().__init__(f"notebook {notebook} failed in cell {cell} ({ename}: {evalue}); "
                         f"the executed notebook is saved at {saved}")
