"""Synthetic ledgers for the scale benchmark: generated here, labelled synthetic, never written to data/.

The mix follows the real ledger after cleaning and comparison (data/processed, December 2026). Measured
on 100,000 synthetic claims against the real tables: repeats of a fact already on the page 19.5 % (real
17 %), a stated period 8.5 % (8.5 %), undated 10.8 % (12 %); of the compared claims 73 % agree with their
report's figure (75 %), 6 % state no number (3 %), 12 % are rounded or vague (2 %), and the rest spread
over the other classes of departure; every claim cites a report, so none has "nothing to compare" (8 %).
About three in five claims are from one author written several ways (a misspelling, an outlet citing
it, a spokesperson in parentheses), other claimants partly named in Chinese; scopes mostly world-wide,
then countries (some in other languages), cities, bureaus and regions; periods written several ways for
the same date. Claims fall in groups of at most 50 about one report's figure for one metric and scope
(one report per four groups, so the number of reports grows with the ledger); pages hold two claims of
one group; outlets repeat, round and garble the figure; a report no page dates leaves its claims undated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METRICS = ("stations", "countries", "persuaded_returns", "cities")
QUALIFIERS = ("exact",) * 9 + ("at-least", "about", "more-than") * 3 + ("vague",)  # few claims give no number
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
SHARE_AUTHOR, SHARE_DATED_CLAIM, SHARE_PERIOD, SHARE_REPEATED, SHARE_UNDATED_PAGE = 0.6, 0.27, 0.085, 0.1, 0.35
SHARE_GARBLED, SHARE_UNDATED_REPORT, CLAIMS_PER_PAGE = 0.12, 0.12, 2


def ledger(n_claims: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(raw claims, clean sources, clean reports) with ``n_claims`` claims; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    index = np.arange(n_claims)
    groups = -(-n_claims // GROUP_SIZE)
    group = index % groups
    scope_choice = rng.choice(len(SCOPES), size=groups, p=[s[2] for s in SCOPES])[group]
    n_reports = -(-groups // len(METRICS))
    base = 30 + group  # one figure per group, so that groups rarely share a figure by chance
    garbled = rng.random(n_claims) < SHARE_GARBLED
    value = np.where(garbled, (base * rng.choice([0.5, 0.9, 1.1, 2], size=n_claims)).astype(int), base)
    qualifier = np.array(QUALIFIERS)[rng.integers(len(QUALIFIERS), size=n_claims)]
    claimant = np.where(rng.random(n_claims) < SHARE_AUTHOR,
                        np.array(AUTHOR_SPELLINGS)[rng.integers(len(AUTHOR_SPELLINGS), size=n_claims)],
                        np.array(OTHER_CLAIMANTS)[rng.integers(len(OTHER_CLAIMANTS), size=n_claims)])
    # Pages hold up to three claims of one group; a report no page dates leaves all its claims undated.
    rank = index // groups
    page = group * -(-GROUP_SIZE // CLAIMS_PER_PAGE) + rank // CLAIMS_PER_PAGE
    n_sources = int(page.max()) + 1
    report = group // len(METRICS)
    undated_report = rng.random(n_reports) < SHARE_UNDATED_REPORT
    claims = pd.DataFrame({
        "claim_id": [f"c{i:07d}" for i in index], "source_id": [f"s{p:07d}" for p in page],
        "claimant": claimant, "report_id": [f"syn-{r}" for r in report],
        "claimed_on": np.where((rng.random(n_claims) < SHARE_DATED_CLAIM) & ~undated_report[report],
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
    repeated = np.flatnonzero((rng.random(n_claims) < SHARE_REPEATED) & (rank % CLAIMS_PER_PAGE > 0))
    same_page = repeated - groups
    for column in ("claimant", "value_text", "value", "period"):
        claims.loc[repeated, column] = claims.loc[same_page, column].to_numpy()
    page_report = np.zeros(n_sources, dtype=int)
    page_report[page] = report
    sources = pd.DataFrame({
        "source_id": [f"s{i:07d}" for i in range(n_sources)], "kind": "news",
        "publisher": [f"Outlet {i % 500}" for i in range(n_sources)], "original_publisher": "",
        "author_id": [f"outlet-{i % 500}" for i in range(n_sources)],
        "origin": [f"outlet {i % 500}" for i in range(n_sources)],
        "published_latest": np.where((rng.random(n_sources) < SHARE_UNDATED_PAGE) | undated_report[page_report],
                                     "", "2022-12-31"),
    })
    reports = pd.DataFrame({
        "report_id": [f"syn-{i}" for i in range(n_reports)],
        "claimant_id": "safeguard-defenders",  # the author whom the spellings above name
        "published_latest": np.where(undated_report, "", [f"2022-{1 + i % 12:02d}-28" for i in range(n_reports)]),
    })
    sources["published"] = sources["published_latest"]  # cleaning dates claims by the page's date as written
    return claims, sources, reports
