"""Which claims count for a run: those made on or before ``as_of`` (by the date cleaning gave them,
``dated_by``: the claim's own date, its report's, or its page's), from the chosen claimants and kinds of
source. Undated claims are kept out and counted."""

from __future__ import annotations


import pandas as pd

from ..params import ALL, Params

def known_by(claims: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.Series:
    """The last day by which each claim had been made, as cleaning dated it (``date_basis`` says how)."""
    return claims["dated_by"]


def selection_table(counts: dict[str, int], selected: int) -> pd.DataFrame:
    """How many claims a run counts and how many it keeps out, by reason (for the notebook and the brief)."""
    rows = [("counted", selected), *counts.items()]
    return pd.DataFrame(rows, columns=["outcome", "claims"])


def select_claims(claims: pd.DataFrame, sources: pd.DataFrame, params: Params) -> tuple[pd.DataFrame, dict[str, int]]:
    """The claims a run counts, and how many were kept out for each reason."""
    frame = claims.assign(known_by=known_by(claims, sources))
    reasons = {
        "duplicate entry": frame["duplicate_of"] != "",
        "undated": frame["known_by"] == "",
        "made after as_of": (frame["known_by"] != "") & (frame["known_by"] > params.as_of),
    }
    if params.claimants != ALL:
        reasons["claimant not selected"] = ~frame["claimant_id"].isin(params.claimants)
    if params.source_kinds != ALL:
        reasons["source kind not selected"] = ~frame["source_kind"].isin(params.source_kinds)
    excluded = pd.Series(False, index=frame.index)
    counts = {}
    for reason, mask in reasons.items():
        counts[reason] = int((mask & ~excluded).sum())
        excluded |= mask
    return frame[~excluded].reset_index(drop=True), counts
