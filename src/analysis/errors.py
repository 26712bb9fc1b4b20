"""One error format for every bad input: ``FILE:LINE: column 'C': expected X, got 'Y'``.

LINE is the line in the file (the header is line 1) or ``-`` where no line applies (an empty file, a
missing column). All problems found in a run are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line if self.line is not None else '-'}:"
        what = f" column '{self.column}':" if self.column else ""
        return f"{where}{what} {self.message}"


def _sort_key(problem: Problem) -> tuple:
    return (problem.file, problem.line if problem.line is not None else -1, problem.column or "", problem.message)


class DataError(Exception):
    """Raised with every problem found, so a user can fix a file in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class ParameterError(ValueError):
    """A parameter file or value that cannot be used; the message names the file and key."""
