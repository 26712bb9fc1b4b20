"""Synthetic ledgers for the scale benchmark: generated here, labelled synthetic, never written to data/.

The mix follows the real ledger after cleaning (data/processed/claims.csv, December 2026: 17 % of claims
repeat a fact already on their page, 8.5 % state a period, 12 % can be dated by nothing): about three in
five claims from one author written several ways (a misspelling, an outlet citing it, a spokesperson in
parentheses), other claimants partly named in Chinese; scopes mostly world-wide, then countries (some in
other languages), cities, bureaus and regions; periods written several ways for the same date. Claims fall
in groups of at most 50 per metric and scope, with a handful of reports, and outlets repeating, rounding
and garbling the reports' figures. The shares below give, after cleaning, about the real proportions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METRICS = ("stations", "countries", "persuaded_returns", "cities")
QUALIFIERS = ("exact", "exact", "exact", "at-least", "about", "more-than", "vague")
AUTHOR_SPELLINGS = ("Safeguard Defenders", "Safeguard Defenders", "Safeguards Defenders", "Safeguard Defenders (SD)",
                    "Safeguard Defenders (Laura Harth)", "Safeguard Defenders (per EURACTIV)")
OTHER_CLAIMANTS = ("Fuzhou police", "Fuzhou Public Security Bureau", "福州市公安局", "青田警方", "RCMP", "El Mundo",
                   "Tom Tugendhat, citing Safeguard Defenders")
SCOPES = (  # (scope_type, scope as written, share of claims)
    ("world", "worldwide", 0.30), ("world", "globally", 0.26), ("country", "Italy", 0.06),
    ("country", "Italia", 0.04), ("country", "Holland", 0.04), ("country", "Canada", 0.04),
    ("country", "Scope {group}", 0.04), ("city", "Toronto", 0.04), ("city", "Prato", 0.04),
    ("bureau", "Fuzhou", 0.04), ("bureau", "Qingtian", 0.03), ("region", "Europe", 0.07),
)
PERIODS = ("as of June 21", "as of 2022-06-21", "by 2022-11", "2021-04/2022-07", "since 2018", "as of 2019")
GROUP_SIZE = 50
SHARE_AUTHOR, SHARE_DATED_CLAIM, SHARE_PERIOD, SHARE_REPEATED, SHARE_UNDATED_PAGE = 0.6, 0.27, 0.085, 0.35, 0.35


def ledger(n_claims: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(raw claims, clean sources, clean reports) with ``n_claims`` claims; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    index = np.arange(n_claims)
    groups = -(-n_claims // GROUP_SIZE)
    group = index % groups
    scope_choice = rng.choice(len(SCOPES), size=n_claims, p=[s[2] for s in SCOPES])
    base = 30 + (group % 90)
    garbled = rng.random(n_claims) >= 0.7
    value = np.where(garbled, (base * rng.choice([0.5, 0.9, 1.1, 2], size=n_claims)).astype(int), base)
    qualifier = np.array(QUALIFIERS)[rng.integers(len(QUALIFIERS), size=n_claims)]
    claimant = np.where(rng.random(n_claims) < SHARE_AUTHOR,
                        np.array(AUTHOR_SPELLINGS)[rng.integers(len(AUTHOR_SPELLINGS), size=n_claims)],
                        np.array(OTHER_CLAIMANTS)[rng.integers(len(OTHER_CLAIMANTS), size=n_claims)])
    n_sources = n_claims // 3 + 1
    claims = pd.DataFrame({
        "claim_id": [f"c{i:07d}" for i in index], "source_id": [f"s{i % n_sources:07d}" for i in index],
        "claimant": claimant, "report_id": [f"syn-{g % 7}" for g in group],
        "claimed_on": np.where(rng.random(n_claims) < SHARE_DATED_CLAIM,
                               [f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in index], ""),
        "metric": np.array(METRICS)[group % len(METRICS)],
        "scope_type": [SCOPES[c][0] for c in scope_choice],
        "scope": [SCOPES[c][1].format(group=g) for c, g in zip(scope_choice, group)],
        "value_text": value.astype(str), "value": np.where(qualifier == "vague", "", value.astype(str)),
        "qualifier": qualifier,
        "period": np.where(rng.random(n_claims) < SHARE_PERIOD,
                           np.array(PERIODS)[rng.integers(len(PERIODS), size=n_claims)], ""),
        "locator": "synthetic", "supersedes": "", "notes": "synthetic",
    })
    # Repeats: the same fact again on the same page, as the previous claim of that page states it.
    repeated = np.flatnonzero((rng.random(n_claims) < SHARE_REPEATED) & (index >= n_sources))
    same_page = repeated - n_sources
    for column in ("claimant", "metric", "scope_type", "scope", "value_text", "value", "period"):
        claims.loc[repeated, column] = claims.loc[same_page, column].to_numpy()
    sources = pd.DataFrame({
        "source_id": [f"s{i:07d}" for i in range(n_sources)], "kind": "news",
        "publisher": [f"Outlet {i % 500}" for i in range(n_sources)], "original_publisher": "",
        "author_id": [f"outlet-{i % 500}" for i in range(n_sources)],
        "origin": [f"outlet {i % 500}" for i in range(n_sources)],
        "published_latest": np.where(rng.random(n_sources) < SHARE_UNDATED_PAGE, "", "2022-12-31"),
    })
    reports = pd.DataFrame({
        "report_id": [f"syn-{i}" for i in range(7)], "claimant_id": "synthetic-ngo",
        "published_latest": [f"2022-{i + 1:02d}-28" for i in range(7)],
    })
    return claims, sources, reports
