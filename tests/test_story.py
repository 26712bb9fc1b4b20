"""Each verdict, on hand-built references."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import story

REFERENCES = pd.DataFrame([
    {"metric": "stations", "scope_type": "world", "scope_key": "world", "report_id": "sd-2022-09",
     "reference_claim_id": "c1", "claimant_id": "safeguard-defenders", "reference_value": 54.0},
    {"metric": "stations", "scope_type": "world", "scope_key": "world", "report_id": "sd-2022-12",
     "reference_claim_id": "c2", "claimant_id": "safeguard-defenders", "reference_value": 102.0},
    {"metric": "stations", "scope_type": "bureau", "scope_key": "Fuzhou", "report_id": "fuzhou-2022-01",
     "reference_claim_id": "c3", "claimant_id": "fuzhou-psb", "reference_value": 30.0},
])
HEADLINES = REFERENCES.iloc[[1, 2]]
CLAIMS = pd.DataFrame({"claim_id": ["c1", "c2", "c3"], "source_id": ["s1", "s2", "s3"]})


def story_claim(value, scope="world", attributed_to="", metric="stations"):
    return pd.Series({"story_claim_id": "x", "statement": "", "attributed_to": attributed_to, "metric": metric,
                      "scope_key": scope, "value": value, "evidence": "", "verdict": "", "reason": ""})


@pytest.mark.parametrize("claim,verdict", [
    (story_claim(102), "supported"),
    (story_claim(54, attributed_to="Safeguard Defenders"), "outdated"),
    (story_claim(54, attributed_to="Fuzhou police"), "misattributed"),
    (story_claim(30, scope="Fuzhou", attributed_to="Fuzhou police"), "supported"),
    (story_claim(77), "contradicted"),
    (story_claim(5, metric="staff"), "unsupported"),
])
def test_numeric_verdicts(claim, verdict):
    assert story.numeric_verdict(claim, REFERENCES, HEADLINES)[0] == verdict


def test_recorded_verdicts_pass_through_with_their_sources():
    claims = pd.DataFrame([
        {**story_claim(None), "story_claim_id": "s9", "metric": "", "evidence": "c1;src-extra",
         "verdict": "erroneous", "reason": "a continent called a country"},
    ])
    row = story.verdicts(claims, REFERENCES, HEADLINES, CLAIMS).iloc[0]
    assert (row["verdict"], row["evidence_claim_ids"], row["evidence_source_ids"], row["computed"]) == (
        "erroneous", "c1", "s1;src-extra", False)


def test_numeric_verdicts_cite_their_evidence():
    row = story.verdicts(pd.DataFrame([story_claim(54.0, attributed_to="Safeguard Defenders")]),
                         REFERENCES, HEADLINES, CLAIMS).iloc[0]
    assert row["evidence_claim_ids"] == "c1;c2" and row["evidence_source_ids"] == "s1;s2"
