"""Each verdict, on hand-built references, judged at the story's date and at the run's date."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import story

REFERENCES = pd.DataFrame([
    {"metric": "stations", "scope_type": "world", "scope_key": "world", "report_id": "sd-2022-09",
     "report_published": "2022-09-12", "reference_claim_id": "c1", "claimant_id": "safeguard-defenders",
     "reference_value": 54.0},
    {"metric": "stations", "scope_type": "world", "scope_key": "world", "report_id": "sd-2022-12",
     "report_published": "2022-12-05", "reference_claim_id": "c2", "claimant_id": "safeguard-defenders",
     "reference_value": 102.0},
    {"metric": "stations", "scope_type": "bureau", "scope_key": "Fuzhou", "report_id": "fuzhou-2022-01",
     "report_published": "2022-01-22", "reference_claim_id": "c3", "claimant_id": "fuzhou-psb",
     "reference_value": 30.0},
    {"metric": "stations", "scope_type": "bureau", "scope_key": "Fuzhou", "report_id": "fuzhou-2022-06",
     "report_published": "2022-06-30", "reference_claim_id": "c4", "claimant_id": "fuzhou-psb",
     "reference_value": 38.0},
])
REPORTS = pd.DataFrame({
    "report_id": ["sd-2022-09", "sd-2022-12", "fuzhou-2022-01", "fuzhou-2022-06"],
    "claimant": ["Safeguard Defenders", "Safeguard Defenders", "Fuzhou Public Security Bureau", "Fuzhou police"],
    "title": ["110 Overseas", "Patrol and Persuade", "first batch", "tally"],
    "published": ["2022-09-12", "2022-12-05", "2022-01-22", "2022-06"],
})
CLAIMS = pd.DataFrame({"claim_id": ["c1", "c2", "c3", "c4"], "source_id": ["s1", "s2", "s3", "s4"],
                       "report_id": ["sd-2022-09", "sd-2022-12", "", ""], "metric": ["stations"] * 4,
                       "scope_key": ["world"] * 4, "value": [54.0, 102.0, 1.0, 2.0],
                       "dated_by": ["2022-09-12", "2022-12-05", "", ""], "source_rank": [1, 1, 4, 4],
                       "duplicate_of": [""] * 4, "page_published_latest": ["2022-09-12", "2022-12-05", "", ""]})
STORY_DATE, AS_OF = "2022-10-01", "2025-12-31"


def story_claim(value, scope="world", attributed_to="", metric="stations"):
    return pd.Series({"story_claim_id": "x", "statement": "", "attributed_to": attributed_to, "metric": metric,
                      "scope_key": scope, "value": value, "evidence": "", "verdict": "", "reason": ""})


@pytest.mark.parametrize("claim,then,now", [
    (story_claim(54, attributed_to="Safeguard Defenders"), "supported", "outdated"),
    (story_claim(102), "contradicted", "supported"),  # no report had given 102 when the story ran
    (story_claim(54, attributed_to="Fuzhou police"), "misattributed", "misattributed"),
    (story_claim(30, scope="Fuzhou", attributed_to="Fuzhou police"), "outdated", "outdated"),  # 38 by June 2022
    (story_claim(38, scope="Fuzhou", attributed_to="Fuzhou police"), "supported", "supported"),
    (story_claim(77, attributed_to="Safeguard Defenders"), "contradicted", "contradicted"),
    (story_claim(5, metric="staff"), "unsupported", "unsupported"),
])
def test_numeric_verdicts_at_both_dates(claim, then, now):
    assert story.numeric_verdict(claim, REFERENCES, STORY_DATE, REPORTS)[0] == then
    assert story.numeric_verdict(claim, REFERENCES, AS_OF, REPORTS)[0] == now


def test_another_authors_figure_is_misattributed():
    claim = story_claim(30, scope="Fuzhou", attributed_to="Safeguard Defenders")
    references = REFERENCES.assign(scope_key="Fuzhou")  # both authors give a Fuzhou figure
    assert story.numeric_verdict(claim, references, AS_OF, REPORTS)[0] == "misattributed"


def test_reasons_name_reports_in_plain_words():
    reason = story.numeric_verdict(story_claim(54, attributed_to="Safeguard Defenders"), REFERENCES, AS_OF, REPORTS)[2]
    assert "110 Overseas (12 Sep 2022)" in reason and "sd-2022" not in reason


def test_recorded_verdicts_pass_through_with_their_sources():
    claims = pd.DataFrame([
        {**story_claim(None), "story_claim_id": "s9", "metric": "", "evidence": "c1;src-extra",
         "verdict": "copy error", "reason": "a slip for Brunei"},
    ])
    row = story.verdicts(claims, REFERENCES, CLAIMS, REPORTS, STORY_DATE, AS_OF).iloc[0]
    assert (row["verdict_then"], row["verdict"], row["evidence_claim_ids"], row["evidence_source_ids"],
            row["computed"]) == ("copy error", "copy error", "c1", "s1;src-extra", False)


def test_the_story_is_judged_at_the_earlier_of_its_date_and_as_of():
    row = story.verdicts(pd.DataFrame([story_claim(54.0, attributed_to="Safeguard Defenders")]),
                         REFERENCES, CLAIMS, REPORTS, "2022-10-01", "2022-09-01").iloc[0]
    assert row["story_date"] == "2022-09-01" and row["verdict_then"] == "unsupported"


def test_numeric_verdicts_cite_their_evidence():
    row = story.verdicts(pd.DataFrame([story_claim(54.0, attributed_to="Safeguard Defenders")]),
                         REFERENCES, CLAIMS, REPORTS, STORY_DATE, AS_OF).iloc[0]
    assert row["evidence_claim_ids"] == "c1;c2" and row["evidence_source_ids"] == "s1;s2"


def test_a_verdict_when_the_story_ran_rests_on_a_page_dated_by_that_day():
    # The reference figure's best page came out after the story; a page of the same figure dated before it stands in.
    # c1's page came out in January 2023, after the story; its figure was made on 12 Sep 2022
    claims = pd.concat([CLAIMS.assign(page_published_latest=["2023-01-05", "2022-12-05", "", ""]),
                        pd.DataFrame([{"claim_id": "early", "source_id": "s-early", "report_id": "sd-2022-09",
                                       "metric": "stations", "scope_key": "world", "value": 54.0,
                                       "dated_by": "2022-09-20", "source_rank": 4, "duplicate_of": "",
                                       "page_published_latest": "2022-09-20"}])],
                       ignore_index=True)
    row = story.verdicts(pd.DataFrame([story_claim(54.0, attributed_to="Safeguard Defenders")]),
                         REFERENCES, claims, REPORTS, STORY_DATE, AS_OF).iloc[0]
    assert row["verdict_then"] == "supported"
    assert (row["evidence_then"], row["evidence_then_source_ids"]) == ("early", "s-early")


def test_a_figure_known_only_through_the_stories_own_wire_says_so():
    claims = pd.DataFrame({"claim_id": ["c1", "c2"], "report_id": ["wire-report", "sd-2022-09"]})
    reports = pd.DataFrame({"report_id": ["wire-report", "sd-2022-09"], "source_id": ["wire-page", "ngo-sept"]})
    reason = "the latest figure then: a report"
    assert story._known_only_through_the_wire(reason, "supported", ["c1"], claims, reports, {"wire-page"}) \
        == reason + story.WIRE_ONLY
    assert story._known_only_through_the_wire(reason, "supported", ["c2"], claims, reports, {"wire-page"}) == reason
    assert story._known_only_through_the_wire(reason, "erroneous", ["c1"], claims, reports, {"wire-page"}) == reason


def test_a_reason_that_already_says_the_wire_is_not_told_twice():
    claims = pd.DataFrame({"claim_id": ["c1"], "report_id": ["wire-report"]})
    reports = pd.DataFrame({"report_id": ["wire-report"], "source_id": ["wire-page"]})
    reason = "the report is known only through copies of the wire it repeats"
    assert story._known_only_through_the_wire(reason, "supported", ["c1"], claims, reports, {"wire-page"}) == reason


def test_a_figure_left_current_by_a_later_report_says_that_report_gave_none_for_it():
    """The 21 countries of the first batch stay current although a later tally (38 stations) replaced its 30:
    the reason names the later report and says it gave no country count; the 30 gets no such words."""
    countries = pd.DataFrame([{**REFERENCES.iloc[2].to_dict(), "metric": "countries", "reference_claim_id": "c5",
                               "reference_value": 21.0}])
    references = pd.concat([REFERENCES, countries], ignore_index=True)
    twenty_one = story_claim(21, scope="Fuzhou", attributed_to="Fuzhou police", metric="countries")
    verdict, evidence, _ = story.numeric_verdict(twenty_one, references, AS_OF, REPORTS)
    assert verdict == "supported"
    later = story.report_phrase("fuzhou-2022-06", REPORTS)
    assert story._silent_later(twenty_one, references, AS_OF, evidence, REPORTS) == f"; {later} gave no figure for countries"
    thirty = story_claim(30, scope="Fuzhou", attributed_to="Fuzhou police")
    assert story._silent_later(thirty, references, AS_OF, ["c3"], REPORTS) == ""


def test_a_later_figure_whose_publication_the_pages_do_not_settle_makes_the_verdict_unsettled():
    """The tally of 38 has no date of its own; its first dated page is after the story; an undated page
    gives it too: whether it was public by the story's day the pages do not settle."""
    references = REFERENCES.assign(report_published=REFERENCES["report_published"].where(
        REFERENCES["report_id"] != "fuzhou-2022-06", "2022-12-11"))
    reports = REPORTS.assign(published=REPORTS["published"].where(REPORTS["report_id"] != "fuzhou-2022-06", ""),
                             first_dated_page=["", "", "", "2022-12-11"])
    undated_page = pd.DataFrame({"claim_id": ["c9"], "report_id": ["fuzhou-2022-06"], "page_published_latest": [""]})
    thirty = story_claim(30, scope="Fuzhou", attributed_to="Fuzhou police")
    assert story.numeric_verdict(thirty, references, STORY_DATE, reports)[0] == "supported"
    assert "pages that show no date give it too" in story._unsettled(thirty, references, undated_page, reports, STORY_DATE)
    dated_only = undated_page.assign(page_published_latest="2022-12-11")
    assert story._unsettled(thirty, references, dated_only, reports, STORY_DATE) == ""
