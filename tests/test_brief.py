"""The brief's numbers on the fixture ledger: a full run and a run with nothing to compare."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import brief, clean, compare, story
from analysis.countries import resolve_country
from analysis.params import validate
from analysis.raw import load_raw


def _tables(raw_dir, as_of: str) -> dict:
    """The processed tables of one run, as the notebooks compute them, without the build around them."""
    tables = clean.clean_all(load_raw(raw_dir))
    params = validate({"name": "x", "as_of": as_of})
    selected, kept_out = compare.select_claims(tables["claims"], tables["sources"], params)
    references = compare.report_references(selected, tables["reports"])
    coverage = compare.report_coverage(references, tables["stations"], tables["station_sources"], tables["reports"])
    events = compare.events(tables["responses"])
    return {
        "sources": tables["sources"], "reports": tables["reports"], "claims": tables["claims"],
        "stations": tables["stations"],
        "selection": compare.selection_table(kept_out, len(selected)), "report_references": references,
        "report_comparison": compare.report_comparison(references, coverage, tables["reports"]),
        "events": events, "responses_by_action": compare.responses_by_action(events, as_of),
        "governments_investigating": compare.governments_investigating(selected, events,
                                                                        lambda n: resolve_country(n).name),
        "story_verdicts": story.verdicts(tables["story_claims"], references, tables["claims"], tables["reports"],
                                         story.story_date(tables["sources"]), as_of),
        "discrepancies": compare.discrepancies(selected, references,
                                               dict(zip(tables["reports"]["report_id"], tables["reports"]["title"]))),
    }


def test_a_run_before_the_first_claim_gives_a_short_brief_without_an_error(raw_dir):
    numbers = brief.build_numbers(validate({"name": "x", "as_of": "2000-01-01"}), _tables(raw_dir, "2000-01-01"))
    assert numbers["empty"] and numbers["citations"]["list"] == [] and numbers["reports"] == []


def test_every_cited_source_is_numbered_once_in_order_of_first_citation(raw_dir):
    numbers = brief.build_numbers(validate({"name": "x", "as_of": "2025-12-31"}), _tables(raw_dir, "2025-12-31"))
    listed = numbers["citations"]["list"]
    assert not numbers["empty"] and [c["number"] for c in listed] == list(range(1, len(listed) + 1))
    assert len(set(numbers["citations"]["numbers"])) == len(listed)


@pytest.mark.parametrize("text,shown", [("2022-09-12", "12 Sep 2022"), ("2022-06", "Jun 2022"), ("2018", "2018"),
                                        ("", "undated")])
def test_dates_print_as_a_reader_writes_them(text, shown):
    assert brief.display_date(text) == shown


@pytest.mark.parametrize("title,printed", [
    ("首批30个福州警侨事务海外服务站设立 (original title)", "首批30个福州警侨事务海外服务站设立"),
    ("(title not shown) a report on a station", "[a report on a station]"),
    ("(report on a Croydon station)", "[report on a Croydon station]"),
    ("Chinas Netzwerk", "Chinas Netzwerk"),
])
def test_titles_lose_the_registers_notes(title, printed):
    assert brief.printable_title(title) == printed


def test_undated_events_are_shown_beside_each_action_and_left_out_of_its_count():
    import pandas as pd

    by_action = pd.DataFrame({"action": ["closed"], "events": [1], "countries": [1], "country_list": ["Ireland"],
                              "undated_events": [2], "undated_countries": ["Canada"]})
    events = pd.DataFrame({
        "event_id": ["dated", "no-date-1", "no-date-2"], "iso3": ["IRL", "CAN", "CAN"],
        "country": ["Ireland", "Canada", "Canada"], "action": ["closed"] * 3,
        "event_date": ["2022-10-26", "", ""], "dated_by": ["2022-10-26", "", ""], "source_ids": ["s1", "s2", "s3"],
        "date_conflict": ["", "", ""], "date_basis": ["date of the action on its best page", "", ""],
        "actor": ["Department of Foreign Affairs", "RCMP", "RCMP"],
    })
    sources = pd.DataFrame({"source_id": ["s1", "s2", "s3"], "published": ["2022-10-27", "", ""],
                            "kind": ["news", "news", "news"], "publisher": ["a", "b", "c"],
                            "original_publisher": ["", "", ""]})
    [row] = brief.event_rows(by_action, events, "2025-12-31", sources)
    assert (row["events"]["value"], row["undated"]["value"]) == (1, 2)
    assert row["first"]["country"] == "Ireland" and row["undated_countries"] == "Canada"
    assert row["first"]["date"] == "26 Oct 2022"  # the event's own date, not "by" a page's


def test_the_page_that_gives_an_events_date_is_cited_unless_it_is_an_aggregator():
    dated = {"wire": "2023-01", "opinion": ""}
    # The best pages are undated; the date printed comes from the opinion page, so it is cited too.
    assert brief._strongest_pages(["ministry", "opinion"], dated, official={"ministry"}, date_source="opinion") == [
        "ministry", "opinion"]
    assert "opinion" not in brief._strongest_pages(["ministry", "opinion"], dated, official={"ministry"},
                                                   aggregators={"opinion"}, date_source="opinion")


def test_a_dated_page_giving_the_events_own_date_replaces_a_later_dated_page():
    dated = {"later-review": "2024-12-21", "same-day": "2023-04-17"}
    pages = brief._strongest_pages(["release-reprint", "later-review", "same-day"], dated,
                                   official={"release-reprint"}, date_source="same-day")
    assert pages == ["release-reprint", "same-day"]


def test_a_finding_of_nothing_names_who_found_it():
    events = pd.DataFrame({"country": ["Germany", "United Kingdom", "United Kingdom"],
                           "actor": ["Landeskriminalamt Hessen", "UK Government (written statement)", "Police Scotland"]})
    assert brief._with_speakers(events) == ("Germany (Landeskriminalamt Hessen); "
                                           "United Kingdom (UK Government, Police Scotland)")


def _part_claims(*rows) -> pd.DataFrame:
    columns = ["report_id", "claimant", "metric", "scope_type", "value", "duplicate_of", "source_id", "source_rank",
               "page_published_latest"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)


PART_REPORTS = pd.DataFrame({"report_id": ["sd-2022-09", "fuzhou-2022-01"],
                             "claimant": ["Safeguard Defenders", "Fuzhou Public Security Bureau"]})
PART_SOURCES = pd.DataFrame({"source_id": ["quoting-page", "world-page", "elsewhere", "nikkei-reprint", "fringe-reprint"],
                             "publisher": ["A", "B", "C", "a reprint site", "another reprint site"],
                             "original_publisher": ["", "", "", "Nikkei Asia", "The Expose"]})


def test_a_part_the_report_itself_quotes_is_found():
    claims = _part_claims(("sd-2022-09", "Safeguard Defenders", "countries", "bureau", "21", "", "quoting-page", 3, ""),
                          ("sd-2022-09", "Safeguard Defenders", "countries", "world", "21", "", "world-page", 3, ""),
                          ("other", "Someone", "countries", "bureau", "21", "", "elsewhere", 3, ""))
    assert brief._quoted_in_report("countries", 21.0, "sd-2022-09", claims, PART_REPORTS, PART_SOURCES) == ["quoting-page"]
    assert brief._quoted_in_report("countries", 30.0, "sd-2022-09", claims, PART_REPORTS, PART_SOURCES) == []


def test_a_part_credited_as_the_report_cites_it_counts_and_the_better_outlet_is_cited():
    claims = _part_claims(
        ("sd-2022-09", "Safeguard Defenders", "countries", "bureau", "21", "", "fringe-reprint", 5, "2022-10-31"),
        ("fuzhou-2022-01", "Fuzhou police (as cited by SD)", "countries", "bureau", "21", "", "nikkei-reprint", 5,
         "2022-12-11"),
        ("fuzhou-2022-01", "Fuzhou police", "countries", "bureau", "21", "", "elsewhere", 1, "2022-01-22"))
    assert brief._quoted_in_report("countries", 21.0, "sd-2022-09", claims, PART_REPORTS, PART_SOURCES) == ["nikkei-reprint"]


def test_a_country_resting_on_one_page_or_only_on_reposts_is_marked():
    events = pd.DataFrame({"country": ["Greece", "Spain", "Sweden"],
                           "source_ids": ["blog-page", "elmundo;telemadrid", "relay-a;relay-b"]})
    assert brief._mark_thin("Greece; Spain; Sweden", events, weak={"relay-a", "relay-b"}) == "Greece*; Spain; Sweden*"
    assert brief._mark_thin("Spain (other offences)", events, weak=set()) == "Spain (other offences)"


def test_a_government_record_alone_is_not_marked_thin():
    events = pd.DataFrame({"country": ["Netherlands", "Greece"], "source_ids": ["tweede-kamer-answer", "blog-page"]})
    marked = brief._mark_thin("Netherlands; Greece", events, weak=set(), official={"tweede-kamer-answer"})
    assert marked == "Netherlands; Greece*"


def test_a_list_of_countries_reads_as_prose():
    assert brief._and_list(["France", "Germany"]) == "France and Germany"
    assert brief._and_list(["A", "B", "C"]) == "A, B and C"
    assert brief._and_list(["Ireland"]) == "Ireland"


def test_the_lead_chart_draws_no_step_for_a_report_no_page_dates():
    """Fuzhou's tally of 38, first seen on a page of December 2022, would draw a rise on a day it did not happen."""
    from analysis import figures
    totals = pd.DataFrame({"metric": ["stations", "stations"], "claimant_id": ["fuzhou-psb", "fuzhou-psb"],
                           "report_id": ["fuzhou-2022-01", "fuzhou-2022-06"],
                           "report_published": ["2022-01-22", "2022-12-11"], "reference_value": [30.0, 38.0],
                           "reference_claim_id": ["c1", "c2"], "reference_source_id": ["s1", "s2"]})
    discrepancies = pd.DataFrame(columns=["metric", "scope_key", "quantified", "is_reference", "class", "known_by",
                                          "value", "lower", "claim_id", "source_id"])
    events = pd.DataFrame(columns=["action", "dated_by", "event_id", "country", "date_basis", "event_date", "source_ids"])
    drawn = figures.lead_chart_data(totals, discrepancies, events, "", "2025-12-31", undated={"fuzhou-2022-06"})
    steps = drawn[drawn["layer"] == "author's own figure"]
    assert list(steps["value"]) == [30.0]
    # its name says the date it counts as of (late June 2022): drawn apart there, not as a step
    loose = drawn[drawn["layer"] == "author's figure, publication undated"]
    assert (list(loose["value"]), list(loose["date"])) == ([38.0], ["2022-06-30"])
    both = figures.lead_chart_data(totals, discrepancies, events, "", "2025-12-31")
    assert sorted(both.loc[both["layer"] == "author's own figure", "value"]) == [30.0, 38.0]


def test_an_events_date_shows_every_date_its_pages_give():
    own = {"event_date": "2025-07", "dated_by": "2025-07-31", "date_basis": brief.OWN_DATE_BASIS, "date_conflict": ""}
    assert brief._event_date(own) == "Jul 2025"
    assert brief._event_date({**own, "date_conflict": "2025-06"}) == "Jun 2025 or Jul 2025 (its pages differ)"
    by_page = {**own, "event_date": "", "date_basis": "the first page reporting it", "date_conflict": "2025-06"}
    assert brief._event_date(by_page) == "by 31 Jul 2025"


def test_an_acknowledgement_carries_the_agencys_own_number_from_its_pages():
    import pandas as pd

    claims = pd.DataFrame({
        "claim_id": ["c-agency", "c-ngo", "c-other-page"], "source_id": ["page", "page", "elsewhere"],
        "metric": ["stations"] * 3, "scope_type": ["country"] * 3, "scope_key": ["FRA"] * 3,
        "report_id": ["", "sd-2022-12", ""], "value": [9.0, 4.0, 7.0], "value_text": ["neuf", "four", "seven"]})
    event = {"source_ids": "page;other", "iso3": "FRA"}
    count = brief._own_count(event, claims)
    assert (count["value"], count["written"], count["claim_ids"]) == (9.0, "neuf", ["c-agency"])
    assert brief._own_count({**event, "iso3": "DEU"}, claims) is None  # a number for another country is not its


def test_a_figure_on_a_weak_page_is_also_cited_to_a_dated_outlet_crediting_its_author():
    import pandas as pd

    columns = ["claim_id", "source_id", "report_id", "claimant_id", "metric", "scope_key", "value", "qualifier",
               "page_published_latest", "duplicate_of", "source_rank"]
    claims = pd.DataFrame([
        ["quote", "blog", "r", "ngo", "stations", "world", 54.0, "exact", "2022-10-04", "", 5],
        ["own-words", "outlet-own", "r", "outlet", "stations", "world", 54.0, "exact", "2022-09-20", "", 1],
        ["later", "paper-later", "r", "ngo", "stations", "world", 54.0, "exact", "2022-10-27", "", 3],
        ["first", "paper-first", "r", "ngo", "stations", "world", 54.0, "exact", "2022-09-24", "", 3],
    ], columns=columns)
    row = pd.Series({"reference_source_id": "blog", "report_id": "r", "claimant_id": "ngo", "scope_key": "world",
                     "reference_value": 54.0, "reference_qualifier": "exact"})
    # the outlet's own statement of the figure is not the author's; of the author's, the earliest dated outlet
    assert brief._dated_twin(row, "stations", claims) == ["paper-first"]
    strong = row.copy()
    strong["reference_source_id"] = "paper-later"
    assert brief._dated_twin(strong, "stations", claims) == []  # a dated outlet needs no twin


def test_a_closure_only_chinas_mission_reports_is_marked_as_its_word():
    import pandas as pd

    events = pd.DataFrame({"country": ["Ireland", "United Kingdom", "United Kingdom", "Canada"],
                           "actor": ["Embassy of China in Ireland (as reported in a Dail answer)", "Chinese Embassy (London)",
                                     "Chinese Consulate-General in Edinburgh", "RCMP"]})
    marked = brief._mark_other_offences("closed", "Canada; Ireland; United Kingdom", events)
    assert marked == "Canada; Ireland (per China's mission); United Kingdom (per China's mission)"
    mixed = pd.concat([events, pd.DataFrame({"country": ["Ireland"], "actor": ["Department of Foreign Affairs"]})])
    assert brief._mark_other_offences("closed", "Ireland", mixed) == "Ireland"  # the host said so too


def test_a_plain_figure_on_a_relay_shows_how_other_dated_pages_hedge_it():
    import pandas as pd

    columns = ["report_id", "claimant_id", "metric", "scope_key", "value", "qualifier", "value_text",
               "page_published_latest", "source_rank"]
    claims = pd.DataFrame([
        ["r", "ngo", "stations", "world", 54.0, "at-least", "at least 54", "2022-11-03", 3],
        ["r", "ngo", "stations", "world", 54.0, "at-least", "At least 54", "2023-05-09", 3],
        ["r", "ngo", "stations", "world", 54.0, "about", "Some 54", "2022-09-28", 4],
        ["r", "ngo", "stations", "world", 54.0, "at-least", "al menos 54", "2022-11-07", 4],  # not a reader's wording
        ["r", "ngo", "stations", "world", 54.0, "at-least", "at least 54", "", 3],            # undated
        ["r", "ngo", "stations", "world", 54.0, "at-least", "minst 54", "2022-10-01", 5],      # a blog
    ], columns=columns)
    row = pd.Series({"report_id": "r", "claimant_id": "ngo", "scope_key": "world", "reference_value": 54.0,
                     "reference_qualifier": "exact", "own_publication": False})
    assert brief._other_wordings(row, "stations", claims) == ["at least 54", "some 54"]
    assert brief._other_wordings(pd.Series({**row, "own_publication": True}), "stations", claims) == []
    assert brief._other_wordings(pd.Series({**row, "reference_qualifier": "at-least"}), "stations", claims) == []


def test_a_pages_tier_is_that_of_the_outlet_whose_text_it_carries():
    import pandas as pd

    sources = pd.DataFrame({
        "source_id": ["guardian-copy", "blog", "own-garble", "wire", "court"],
        "publisher": ["PressReader", "Some Blog", "Ripples Nigeria", "Euronews", "District court"],
        "original_publisher": ["The Guardian", "", "", "", ""],
        "kind": ["news", "other", "news", "news", "court"]})
    assert brief.text_tiers(sources) == {"guardian-copy": "major", "blog": "weak", "own-garble": "other",
                                         "wire": "major", "court": "major"}
