"""The notebooks' sentences of findings, computed from small hand-built tables."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import findings

REPO = Path(__file__).resolve().parents[1]


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).fillna("")


def _tables() -> dict[str, pd.DataFrame]:
    stations = _frame([
        {"country_raw": "Italia", "iso3": "ITA", "city": "Prato", "mapped_precision": "city", "place_match": "gazetteer",
         "duplicate_of": ""},
        {"country_raw": "Italy", "iso3": "ITA", "city": "Atlantis", "mapped_precision": "country", "place_match": "none",
         "duplicate_of": ""},
        {"country_raw": "Narnia", "iso3": "", "city": "", "mapped_precision": "country", "place_match": "",
         "duplicate_of": "s1"},
    ])
    claims = _frame([
        {"claimant": "Safeguard Defenders", "claimant_id": "safeguard-defenders", "claimed_on": "2022-09-12",
         "dated_by": "2022-09-12", "duplicate_of": ""},
        {"claimant": "SD", "claimant_id": "safeguard-defenders", "claimed_on": "", "dated_by": "2022-09-12",
         "duplicate_of": "c1"},
        {"claimant": "BBC", "claimant_id": "bbc", "claimed_on": "", "dated_by": "", "duplicate_of": ""},
    ])
    responses = _frame([{"country_raw": "Ireland", "iso3": "IRL", "date": "", "dated_by": ""}])
    return {"stations": stations, "claims": claims, "responses": responses, "sources": _frame([{"source_id": "a"}])}


def test_cleaning_steps_count_before_after_and_what_is_left():
    steps = findings.cleaning_steps(_tables()).set_index("step")
    assert steps.loc["country names → ISO codes (distinct values)"].tolist() == [4, 2, 1]  # Narnia maps to none
    assert steps.loc["claimant names → claimant ids (distinct values)"].tolist() == [3, 2, 0]
    assert steps.loc["stations naming a city → located to a city"].tolist() == [2, 1, 1]
    assert steps.loc["claims with a date of their own → claims dated"].tolist() == [1, 2, 1]
    assert steps.loc["claim rows → distinct claims (duplicates marked)", ["before", "after"]].tolist() == [3, 2]
    assert pd.isna(steps.loc["claim rows → distinct claims (duplicates marked)", "left unresolved"])


def test_the_cleaning_sentence_counts_distinct_stations_and_undated_claims():
    text = findings.cleaning(_tables())
    assert "Cleaning read 3 claims, 3 stations and 1 government response from 1 page." in text
    assert "Of the 2 distinct stations, 1 are located to a city, 0 to a region and 1 to a country only." in text
    assert "date 2 in all and leave 1 undated" in text and "1 claim rows repeat" in text


def _discrepancies(*classes: str) -> pd.DataFrame:
    return pd.DataFrame({"class": list(classes)})


def test_the_comparison_sentence_tells_agreeing_saying_less_and_departing_apart():
    headlines = pd.DataFrame([{"metric": "stations", "scope_key": "world", "reference_value_text": "54",
                               "report_id": "sd-2022-09", "rule": "latest", "competing_reports": 2}])
    reports = pd.DataFrame([{"report_id": "sd-2022-09", "claimant": "Safeguard Defenders", "title": "110 Overseas",
                             "published": "2022-09-12"}])
    text = findings.comparison(
        pd.DataFrame({"outcome": ["counted", "undated"], "claims": [6, 1]}), headlines,
        _discrepancies("agrees", "agrees", "rounding or vague wording", "misquote or typo", "denial", "unquantified",
                       "part the report quotes"),
        reports, pd.DataFrame({"events": [2, 1]}), "2022-12-31")
    assert text.startswith("6 claims made on or before 2022-12-31 are compared.")
    assert "the `latest` rule among 2 reports" in text
    assert "Of the 5 claims with a figure of their own report to compare, 2 agree with it, 1 say less" in text
    # a part the report quotes given as the whole is neither saying less nor departing: it is left unresolved
    assert "1 give a part the report quotes as its total (left unresolved" in text
    assert "and 1 depart from it: misquote or typo 1." in text
    assert text.endswith("took 3 dated actions by then.")


def test_a_run_before_any_world_count_says_so():
    empty = pd.DataFrame(columns=["metric", "scope_key"])
    text = findings.comparison(pd.DataFrame({"outcome": ["counted"], "claims": [0]}), empty, _discrepancies(),
                               pd.DataFrame(), pd.DataFrame(), "2021-01-01")
    assert text == "0 claims made on or before 2021-01-01 are compared. No report had given a world count of stations by then."


def test_the_story_sentence_counts_verdicts_then_and_now_largest_first():
    verdicts = pd.DataFrame({"verdict_then": ["supported", "supported", "erroneous"],
                             "verdict": ["outdated", "supported", "erroneous"]})
    assert findings.story(verdicts, "2025-12-31") == (
        "The story makes 3 checkable claims. When it ran: supported 2 and erroneous 1. "
        "As of 2025-12-31: erroneous 1, outdated 1 and supported 1.")


def test_the_map_sentence_splits_places_from_countries_only():
    map_data = pd.DataFrame({"layer": ["city", "city", "known only to a region or country"],
                             "place": ["Prato", "Prato", "Brazil"], "status_group": ["alleged", "closed", "alleged"],
                             "stations": [2, 1, 1]})
    assert findings.station_map(map_data) == (
        "The map draws 4 documented stations: 3 at 1 place and 1 known only to a region or country. "
        "By what is known of them: alleged 3 and closed 1.")


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_stored_notebook_shows_a_computed_sentence_of_findings(path):
    shown = [o["data"]["text/markdown"] for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
             for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert shown and all(any(ch.isdigit() for ch in text) for text in shown)
