"""Synthetic ledgers for the scale benchmark: generated here, labelled synthetic, never written to data/.

Shapes follow the real ledger: claims grouped by metric and scope (at most 50 claims per group), a
handful of reports per group, outlets repeating, rounding and garbling the reports' figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METRICS = ("stations", "countries", "persuaded_returns", "cities")
QUALIFIERS = ("exact", "exact", "exact", "at-least", "about", "more-than", "vague")
GROUP_SIZE = 50


def ledger(n_claims: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(raw claims, clean sources, clean reports) with ``n_claims`` claims; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    groups = -(-n_claims // GROUP_SIZE)
    rows = []
    for i in range(n_claims):
        group = i % groups
        metric = METRICS[group % len(METRICS)]
        report = f"syn-{group % 7}"
        base = 30 + (group % 90)
        value = base if rng.random() < 0.7 else int(base * rng.choice([0.5, 0.9, 1.1, 2]))
        qualifier = QUALIFIERS[int(rng.integers(len(QUALIFIERS)))]
        rows.append({
            "claim_id": f"c{i:07d}", "source_id": f"s{i % (n_claims // 3 + 1):07d}",
            "claimant": "Synthetic NGO" if rng.random() < 0.8 else f"Outlet {i % 97}",
            "report_id": report, "claimed_on": f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}", "metric": metric,
            "scope_type": "country", "scope": f"Scope {group}", "value_text": str(value),
            "value": "" if qualifier == "vague" else str(value), "qualifier": qualifier, "period": "",
            "locator": "synthetic", "supersedes": "", "notes": "synthetic",
        })
    claims = pd.DataFrame(rows)
    n_sources = n_claims // 3 + 1
    sources = pd.DataFrame({
        "source_id": [f"s{i:07d}" for i in range(n_sources)], "kind": "news",
        "publisher": [f"Outlet {i % 500}" for i in range(n_sources)], "original_publisher": "",
        "author_id": [f"outlet-{i % 500}" for i in range(n_sources)],
        "origin": [f"outlet {i % 500}" for i in range(n_sources)], "published_latest": "2022-12-31",
    })
    reports = pd.DataFrame({
        "report_id": [f"syn-{i}" for i in range(7)], "claimant_id": "synthetic-ngo",
        "published_latest": [f"2022-{i + 1:02d}-28" for i in range(7)],
    })
    return claims, sources, reports
