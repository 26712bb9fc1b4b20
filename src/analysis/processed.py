"""Reading and writing ``data/processed/`` tables: one format, checked before save and on load.

CSV written with a fixed line ending and float format so that the same frame always gives the same
bytes. Each table's required columns and key are declared in :mod:`analysis.schema` (with the processed
tables' descriptor) and checked on both sides.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config
from .errors import DataError, Problem
from .files import write_atomically
from .schema import BOOLEAN, NUMERIC, SCHEMAS


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The table has the columns its schema requires, and its key column holds each value once.

    A plain check, not pandera: these two rules are all a processed table declares, and importing pandera
    cost each notebook more than half a second."""
    if name not in SCHEMAS:
        return frame
    columns, key = SCHEMAS[name]
    file = f"data/processed/{name}.csv"
    problems = [Problem(file, None, column, "expected this column, which the table lacks")
                for column in columns if column not in frame.columns]
    if key is not None and key in frame.columns:
        repeated = frame[key].duplicated(keep="first").to_numpy()
        problems += [Problem(file, line + 2, key, f"expected each value once, got '{value}' again")
                     for line, value in zip(repeated.nonzero()[0].tolist(), frame.loc[repeated, key].tolist())]
    if problems:
        raise DataError(problems)
    return frame


def path(name: str, outputs: config.Outputs | None = None) -> Path:
    return (outputs or config.outputs()).processed_file(f"{name}.csv")


def write_csv_atomic(frame: pd.DataFrame, target: Path) -> None:
    """The same frame always gives the same bytes: fixed line ending and float format."""
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    write_atomically(target, text.encode("utf-8"))


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
    for column in frame.columns:
        if column in NUMERIC:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
        elif column in BOOLEAN:
            frame[column] = frame[column].map({"True": True, "False": False})
    return validate(name, frame)
