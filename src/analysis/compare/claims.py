"""Claims as plain records, and the two questions every comparison asks of one: which figure it
states, and whether its interval contains a value. Plain records keep the comparisons linear."""

from __future__ import annotations

import pandas as pd

GROUP = ["metric", "scope_type", "scope_key", "report_id"]


def group_key(claim: dict) -> tuple[str, str, str, str]:
    """The claim's (metric, scope type, scope, report): the group whose reference it is compared with.
    Spelled out rather than built from GROUP: it runs once per claim."""
    return claim["metric"], claim["scope_type"], claim["scope_key"], claim["report_id"]


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as dictionaries; much faster than ``DataFrame.to_dict("records")`` on string columns."""
    columns = list(frame.columns) if columns is None else columns
    values = [frame[c].to_numpy().tolist() for c in columns]  # to_numpy first: tolist alone iterates string arrays
    return [dict(zip(columns, row)) for row in zip(*values)]


def stated_figure(claim: dict) -> float:
    """The number a claim states ("about 230,000" → 230,000), or its lower bound for a range."""
    value = claim["value"]
    return claim["lower"] if value is None or value != value else value  # value != value: NaN


def contains(claim: dict, value: float) -> bool:
    return bool(claim["quantified"]) and claim["lower"] <= value <= claim["upper"]
