"""Reading and writing ``data/processed/`` tables: one format, checked against the declaration on both sides.

Every processed table is declared in ``src/analysis/processed_schema.json`` (Table Schema, read by
:func:`analysis.schema.processed_tables`): its columns in file order, each column's type, its key. A frame
is checked as it will be written, before save, and a file as it was written, on load; a problem names
file, line, column and value, as the raw checks do. CSV is written with a fixed line ending and float
format so that the same frame always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from . import config, schema
from .errors import DataError, Problem
from .files import write_atomically
from .schema import Table

DECLARATION = "src/analysis/processed_schema.json"
BOOLEAN_TEXT = {"True": True, "False": False}  # as pandas writes a bool


def _is_date(cells: pd.Series) -> pd.Series:
    shaped = cells.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    return shaped & pd.to_datetime(cells.where(shaped), format="%Y-%m-%d", errors="coerce").notna()


# What a filled cell of each declared type looks like, in words and as a test over a column of text. A
# string (and an empty cell, a missing value in every type) is anything.
CELL_TYPES: dict[str, tuple[str, Callable[[pd.Series], pd.Series]]] = {
    "number": ("a number", lambda cells: pd.to_numeric(cells, errors="coerce").notna()),
    "integer": ("a whole number", lambda cells: cells.str.fullmatch(r"[+-]?[0-9]+")),
    "boolean": ("True or False", lambda cells: cells.isin(list(BOOLEAN_TEXT))),
    "date": ("a date as YYYY-MM-DD that exists in the calendar", _is_date),
}


def _file(name: str) -> str:
    return f"data/processed/{name}.csv"


def declaration(name: str) -> Table:
    """The table's declaration; a table without one may not be written or read."""
    declared = schema.processed_tables()
    if name not in declared:
        raise DataError([Problem(_file(name), None, None, f"expected a table declared in {DECLARATION}, "
                                                          f"got '{name}' (declared: {', '.join(declared)})")])
    return declared[name]


def _header_problems(table: Table, columns: list[str], file: str) -> list[Problem]:
    expected = table.column_names
    problems = [Problem(file, None, column, "expected this column, which the table lacks")
                for column in expected if column not in columns]
    problems += [Problem(file, None, column, f"expected only the columns declared in {DECLARATION}, got this one")
                 for column in columns if column not in expected]
    if not problems and columns != expected:
        problems.append(Problem(file, 1, None, f"expected the columns in the declared order {','.join(expected)}, "
                                               f"got {','.join(columns)}"))
    return problems


def _cell_problems(field: dict, cells: pd.Series, file: str) -> list[Problem]:
    if field["type"] not in CELL_TYPES:
        return []
    expectation, fits = CELL_TYPES[field["type"]]
    wrong = ((cells != "") & ~fits(cells).fillna(False)).to_numpy()
    return [Problem(file, row + 2, field["name"], f"expected {expectation}, got '{value}'")
            for row, value in zip(wrong.nonzero()[0].tolist(), cells[wrong].tolist())]


def _key_problems(key: str, cells: pd.Series, file: str) -> list[Problem]:
    empty = (cells == "").to_numpy()
    repeated = (cells.duplicated(keep="first") & (cells != "")).to_numpy()
    return ([Problem(file, row + 2, key, "expected a value, got an empty cell") for row in empty.nonzero()[0].tolist()]
            + [Problem(file, row + 2, key, f"expected each value once, got '{value}' again")
               for row, value in zip(repeated.nonzero()[0].tolist(), cells[repeated].tolist())])


def check_text(name: str, cells: pd.DataFrame) -> pd.DataFrame:
    """The table, every cell as its text in the file ("" where empty), fits its declaration: the declared
    columns in order, each filled cell of its column's type, the key filled and each value once. Raises
    :class:`DataError` with every problem; a line is the file's (the header is line 1)."""
    table, file = declaration(name), _file(name)
    problems = _header_problems(table, list(cells.columns), file)
    if not problems:
        problems += [p for field in table.fields for p in _cell_problems(field, cells[field["name"]], file)]
        if table.primary_key:
            problems += _key_problems(table.primary_key, cells[table.primary_key], file)
    if problems:
        raise DataError(problems)
    return cells


def as_text(frame: pd.DataFrame) -> str:
    """The same frame always gives the same text: fixed line ending and float format."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame fits its table's declaration as it will be written (a float 3.0 is the whole number 3, a
    missing value an empty cell), checked by :func:`check_text`; returns the frame unchanged."""
    if len(frame.columns):  # a frame without columns has no text to read back, and lacks every column
        written = pd.read_csv(io.StringIO(as_text(frame)), dtype=str, keep_default_na=False)
    else:
        written = pd.DataFrame(dtype=str)
    check_text(name, written)
    return frame


def typed(name: str, cells: pd.DataFrame) -> pd.DataFrame:
    """Numbers (integers too: a column with an empty cell cannot be int64) as float64, booleans as bool;
    strings and dates stay text, since the analysis compares ISO dates, partial ones among them, as text."""
    for field in declaration(name).fields:
        column = field["name"]
        if field["type"] in ("number", "integer"):
            cells[column] = pd.to_numeric(cells[column].replace("", None)).astype("float64")
        elif field["type"] == "boolean":
            cells[column] = cells[column].map(BOOLEAN_TEXT)
    return cells


def path(name: str, outputs: config.Outputs | None = None) -> Path:
    return (outputs or config.outputs()).processed_file(f"{name}.csv")


def write_csv_atomic(frame: pd.DataFrame, target: Path) -> None:
    write_atomically(target, as_text(frame).encode("utf-8"))


def save(name: str, frame: pd.DataFrame, outputs: config.Outputs | None = None) -> Path:
    target = path(name, outputs)
    write_csv_atomic(validate(name, frame), target)
    return target


def load(name: str, outputs: config.Outputs | None = None) -> pd.DataFrame:
    target = path(name, outputs)
    if not target.exists():
        raise FileNotFoundError(f"{config.show(target)} is not in this run's folder ({config.output_root()}): run "
                                "the notebook that writes it with the same parameters first (README, \"Notebooks\"), "
                                "or `make brief PARAMS=params/<file>.yaml`")
    frame = pd.read_csv(target, dtype=str, keep_default_na=False)
    return typed(name, check_text(name, frame))
