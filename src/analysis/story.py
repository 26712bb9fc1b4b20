"""Verdicts on the story's claims.

Numeric claims (a metric, a scope and a value) are judged against the ledger:

* **supported** — the value is the current headline for that metric and scope;
* **outdated** — the value was a report's reference figure, but a later report under ``as_of`` replaced it;
* **misattributed** — the value is a reference figure, but of another claimant than the story names;
* **contradicted** — the ledger has reference figures for that metric and scope, none equal to the value;
* **unsupported** — the ledger has no reference figure for that metric and scope.

Claims that are not numbers (a region called a country, a quotation about the wrong subject) carry
their verdict and evidence in the raw file; they are passed through.
"""

from __future__ import annotations

import pandas as pd

from .clean import claimant_id


def numeric_verdict(story: pd.Series, references: pd.DataFrame, headlines: pd.DataFrame) -> tuple[str, list[str], str]:
    """(verdict, evidence claim ids, reason) for one numeric story claim."""
    same = references[(references["metric"] == story["metric"]) & (references["scope_key"] == story["scope_key"])]
    if same.empty:
        return "unsupported", [], f"no report gives a {story['metric']} figure for {story['scope_key']}"
    value = float(story["value"])
    matching = same[same["reference_value"] == value]
    if matching.empty:
        figures = ", ".join(f"{r.reference_value:g} ({r.report_id})" for r in same.itertuples())
        return "contradicted", list(same["reference_claim_id"]), f"the reports give {figures}"
    attributed = story.get("attributed_to", "")
    if attributed and claimant_id(attributed) not in set(matching["claimant_id"]):
        owners = ", ".join(sorted(set(matching["claimant_id"])))
        return "misattributed", list(matching["reference_claim_id"]), f"{value:g} is the figure of {owners}"
    headline = headlines[(headlines["metric"] == story["metric"]) & (headlines["scope_key"] == story["scope_key"])]
    current = headline.iloc[0] if not headline.empty else None
    if current is not None and current["reference_value"] == value:
        return "supported", [current["reference_claim_id"]], f"the current figure ({current['report_id']})"
    later = f"{current['reference_value']:g} ({current['report_id']})" if current is not None else "a later figure"
    evidence = list(matching["reference_claim_id"]) + ([current["reference_claim_id"]] if current is not None else [])
    return "outdated", evidence, f"true of {', '.join(matching['report_id'])}; replaced by {later}"


def verdicts(story_claims: pd.DataFrame, references: pd.DataFrame, headlines: pd.DataFrame,
             claims: pd.DataFrame) -> pd.DataFrame:
    sources_of = claims.set_index("claim_id")["source_id"]
    rows = []
    for _, story in story_claims.iterrows():
        if story["metric"] and pd.notna(story["value"]):
            verdict, evidence, reason = numeric_verdict(story, references, headlines)
            computed = True
        else:
            evidence = [e.strip() for e in story["evidence"].split(";") if e.strip()]
            verdict, reason, computed = story["verdict"], story["reason"], False
        claim_ids = sorted({e for e in evidence if e in sources_of.index})
        source_ids = sorted({sources_of[e] for e in claim_ids} | {e for e in evidence if e not in sources_of.index})
        rows.append({
            "story_claim_id": story["story_claim_id"], "statement": story["statement"], "verdict": verdict,
            "evidence_claim_ids": ";".join(claim_ids), "evidence_source_ids": ";".join(source_ids),
            "reason": reason, "computed": computed,
        })
    return pd.DataFrame(rows)
