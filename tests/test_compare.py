"""Comparison rules on small hand-built ledgers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import compare
from analysis.params import validate

COLUMNS = ["page_published_latest", "claim_id", "source_id", "source_kind", "origin", "claimant_id", "report_id", "known_by", "metric",
           "scope_type", "scope_key", "value_text", "value", "qualifier", "lower", "upper", "quantified",
           "superseded_by", "duplicate_of", "claimed_on", "claimed_on_latest", "period", "source_rank", "dated_by", "notes"]


def claim(claim_id, value, *, report="sd-2022-09", claimant="safeguard-defenders", kind="news", origin=None,
          metric="stations", scope="world", qualifier="exact", text=None, known_by="2022-10-01", superseded_by="",
          source=None, lower=None, upper=None, period="", claimed_on=""):
    lower = value if lower is None else lower
    upper = value if upper is None else upper
    return {
        "claim_id": claim_id, "source_id": source or f"src-{claim_id}", "source_kind": kind,
        "origin": origin or f"outlet-{claim_id}", "claimant_id": claimant, "report_id": report, "known_by": known_by,
        "metric": metric, "scope_type": "world" if scope == "world" else "country", "scope_key": scope,
        "value_text": text or ("" if value is None else f"{value:g}"), "value": math.nan if value is None else value,
        "qualifier": qualifier, "lower": math.nan if lower is None else lower, "upper": math.nan if upper is None else upper,
        "quantified": value is not None or lower is not None, "superseded_by": superseded_by, "duplicate_of": "",
        "claimed_on": claimed_on, "claimed_on_latest": known_by, "period": period, "page_published_latest": known_by,
        # The author's own page (kind ngo-report or an official page in these fixtures) ranks first.
        "source_rank": 1 if kind in ("ngo-report", "chinese-official") else 4, "dated_by": known_by, "notes": "",
    }


REPORTS = pd.DataFrame({
    "report_id": ["fuzhou-2022-01", "sd-2022-09", "sd-2022-12"],
    "claimant": ["Fuzhou Public Security Bureau", "Safeguard Defenders", "Safeguard Defenders"],
    "claimant_id": ["fuzhou-psb", "safeguard-defenders", "safeguard-defenders"],
    "published": ["2022-01-22", "2022-09-12", "2022-12-05"],
    "published_latest": ["2022-01-22", "2022-09-12", "2022-12-05"],
    "supersedes": ["", "", ""],
    "follows": ["", "", "sd-2022-09"],
})


def ledger(*rows):
    return pd.DataFrame(list(rows), columns=COLUMNS)


def test_reference_prefers_the_authors_own_publication():
    claims = ledger(
        claim("a", 55, claimant="someone-else"),
        claim("b", 54, kind="ngo-report", known_by="2022-09-12"),
        claim("c", 54),
    )
    references = compare.report_references(claims, REPORTS)
    row = references.iloc[0]
    assert (row["reference_claim_id"], row["reference_value"], row["supporting_origins"]) == ("b", 54, 2)


def test_the_figure_stands_on_a_dated_outlet_before_an_undated_one_and_on_a_blog_last():
    undated = {**claim("undated", 54, known_by="2022-09-12", text="at least 54", qualifier="at-least", lower=54,
                       upper=math.inf), "page_published_latest": "", "source_rank": 3}  # a major outlet, undated
    dated = {**claim("dated", 54, known_by="2022-09-24"), "source_rank": 4}  # other news, dated
    blog = {**claim("blog", 54, known_by="2022-09-20"), "source_rank": 5}  # earliest, but a blog
    stands = lambda *rows: compare.report_references(ledger(*rows), REPORTS).iloc[0]["reference_claim_id"]
    assert stands(undated, dated, blog) == "dated"   # the reader can date the citation
    assert stands(undated, blog) == "undated"        # a blog stands only when nothing else gives the figure
    assert stands(blog) == "blog"


def test_a_superseded_claim_is_never_the_reference():
    claims = ledger(claim("old", 102, kind="ngo-report", superseded_by="new"),
                    claim("new", 103, kind="ngo-report", known_by="2023-01-01"))
    assert compare.report_references(claims, REPORTS).iloc[0]["reference_claim_id"] == "new"


@pytest.mark.parametrize("rule,expected", [("latest", "sd-2022-12"), ("max", "fuzhou-2022-01"), ("best-supported", "fuzhou-2022-01")])
def test_headline_rules(rule, expected):
    claims = ledger(
        claim("fz", 230, report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-01-22"),
        claim("fz-echo", 230, report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-08-01"),
        claim("fz-echo-2", 230, report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-08-01"),
        claim("sept", 54, kind="ngo-report"), claim("sept-echo", 54),
        claim("dec", 102, report="sd-2022-12", known_by="2022-12-05"),  # one outlet only: not repeated
    )
    headlines = compare.headlines(compare.report_references(claims, REPORTS), rule)
    assert headlines.iloc[0]["report_id"] == expected


def test_best_supported_lets_an_authors_later_report_revise_the_earlier_one():
    claims = ledger(claim("sept", 54, kind="ngo-report"), claim("sept-echo", 54), claim("sept-echo-2", 54),
                    claim("dec", 102, report="sd-2022-12", known_by="2022-12-05"),
                    claim("dec-echo", 102, report="sd-2022-12", known_by="2022-12-06"))
    headline = compare.headlines(compare.report_references(claims, REPORTS), "best-supported").iloc[0]
    assert (headline["report_id"], headline["reference_value"]) == ("sd-2022-12", 102)


def test_a_figure_borrowed_from_an_earlier_report_is_not_the_reference():
    claims = ledger(
        claim("fz", 21, metric="countries", report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-01-22"),
        claim("a", 21, metric="countries"), claim("b", 21, metric="countries"), claim("c", 30, metric="countries"),
    )
    references = compare.report_references(claims, REPORTS).set_index("report_id")
    assert references.at["sd-2022-09", "reference_value"] == 30


def test_a_borrowed_figure_gives_the_report_no_figure_at_all():
    # September's "25 cities" is the Fuzhou list's: outlets repeating it do not make it September's figure.
    claims = ledger(
        claim("fz", 25, metric="cities", report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-01-22"),
        claim("a", 25, metric="cities"), claim("b", 25, metric="cities"),
    )
    references = compare.report_references(claims, REPORTS)
    assert set(references["report_id"]) == {"fuzhou-2022-01"}


def test_a_borrowed_figure_stands_when_the_authors_own_page_states_it():
    claims = ledger(
        claim("fz", 25, metric="cities", report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-01-22"),
        claim("own", 25, metric="cities", kind="ngo-report"),
    )
    references = compare.report_references(claims, REPORTS).set_index("report_id")
    assert references.at["sd-2022-09", "reference_claim_id"] == "own"


def test_the_reference_cites_the_best_ranked_page_that_gives_the_figure():
    claims = ledger(claim("blog", 54, known_by="2022-09-13"), claim("wire", 54, known_by="2022-09-20"))
    claims.loc[claims["claim_id"] == "blog", "source_rank"] = 5
    claims.loc[claims["claim_id"] == "wire", "source_rank"] = 3
    assert compare.report_references(claims, REPORTS).iloc[0]["reference_claim_id"] == "wire"


def classify_one(target, *others):
    claims = ledger(*others, target)
    references = compare.report_references(claims, REPORTS)
    table = compare.discrepancies(claims, references).set_index("claim_id")
    return table.at[target["claim_id"], "class"], table.at[target["claim_id"], "reason"]


REFERENCE_ROWS = (
    claim("ref-stations", 54, kind="ngo-report", known_by="2022-09-12"),
    claim("ref-countries", 30, metric="countries", kind="ngo-report", known_by="2022-09-12"),
    claim("fz-countries", 21, metric="countries", report="fuzhou-2022-01", claimant="fuzhou-psb", kind="chinese-official",
          known_by="2022-01-22"),
    claim("fz-stations", 30, report="fuzhou-2022-01", claimant="fuzhou-psb", kind="chinese-official", known_by="2022-01-22"),
    claim("dec-stations", 102, report="sd-2022-12", kind="ngo-report", known_by="2022-12-05"),
    claim("uk", 3, scope="GBR", kind="ngo-report", known_by="2022-09-12"),
)


CLASS_FIXTURES = [
    (claim("t", 54), "agrees"),
    (claim("t", 54, qualifier="at-least", upper=math.inf, text="at least 54"), "agrees"),
    (claim("t", 21, metric="countries"), "different date or period"),   # the Fuzhou list's 21 pinned on SD's report
    (claim("t", 102), "different date or period"),                      # December's figure before December
    (claim("t", 102, known_by="2022-12-10"), "credited to the wrong report"),  # December's figure credited to September
    (claim("t", 3), "different scope"),                                 # the UK count given as a world total
    (claim("t", 45, text="45"), "misquote or typo"),                    # digits swapped
    (claim("t", 50, qualifier="about", lower=45, upper=55, text="about 50"), "agrees"),
    (claim("t", 50, qualifier="more-than", lower=51, upper=math.inf, text="more than 50"), "agrees"),
    (claim("t", 50, qualifier="up-to", lower=0, upper=50, text="nearly 50"), "rounding or vague wording"),
    (claim("t", 55, text="55"), "rounding or vague wording"),               # a round figure near 54
    (claim("t", 58, text="58"), "genuine disagreement"),                    # near 54 but not round: not a rounding
    (claim("t", 21, metric="countries", qualifier="at-least", lower=21, upper=math.inf, text="at least 21"),
     "hedge on another figure"),                                        # allows 30, but echoes the Fuzhou list's 21
    (claim("t", 110, text="110"), "genuine disagreement"),             # contradicts the author's own 54
    (claim("t", None, qualifier="vague", text="dozens"), "unquantified"),
    (claim("t", 40, superseded_by="u"), "superseded revision"),
    (claim("t", 38, text="38", period="by 2022-06-21"), "figure of a stated other date"),  # an earlier tally, said so
    (claim("t", 0, text="no such stations"), "denial"),
    (claim("t", 2, scope="ESP", text="two", claimant="el-correo", report=""), "nothing to compare"),  # a local count
    (claim("t", 14, metric="countries_investigating", report="", text="14"), "nothing to compare"),
]


@pytest.mark.parametrize("target,expected", CLASS_FIXTURES)
def test_each_discrepancy_class(target, expected):
    assert classify_one(target, *REFERENCE_ROWS)[0] == expected


def test_the_classes_that_need_no_other_report_give_their_reasons():
    table = _reasons(claim("none", None, qualifier="vague", text="dozens"), claim("zero", 0, text="no such stations"),
                     claim("local", 2, scope="ESP", claimant="el-correo", report=""), claim("same", 54))
    assert table == {
        "none": ("unquantified", "no number stated"),
        "zero": ("denial", "says there are none, against 54"),
        "local": ("nothing to compare", "no figure of its own claimant's report for the same count and scope"),
        "same": ("agrees", "contains the reference 54"),
    }


def test_a_denial_with_nothing_to_compare_says_so_without_a_figure():
    assert _reasons(claim("zero", 0, scope="ESP", claimant="el-correo", report="", text="none"))["zero"] == (
        "denial", "says there are none")


def _reasons(*targets):
    claims = ledger(*REFERENCE_ROWS, *targets)
    table = compare.discrepancies(claims, compare.report_references(claims, REPORTS))
    wanted = table[table["claim_id"].isin([t["claim_id"] for t in targets])]
    return dict(zip(wanted["claim_id"], zip(wanted["class"], wanted["reason"])))


def test_every_class_has_a_fixture():
    covered = {"agrees", "different date or period", "different scope", "misquote or typo", "rounding or vague wording",
               "genuine disagreement", "unquantified", "superseded revision", "denial", "nothing to compare",
               "arithmetic inconsistency", "report name as a count", "credited to the wrong report",
               "figure of a stated other date", "hedge on another figure", "part the report quotes"}
    assert covered == set(compare.DISCREPANCY_CLASSES)


def _bureau_part(claim_id: str, value: float, claimant: str, report: str) -> dict:
    """A page's record of a bureau's batch (Fuzhou's 21 countries) with the given claimant."""
    row = claim(claim_id, value, metric="countries", report=report, claimant="fuzhou-psb", known_by="2022-12-11")
    return {**row, "scope_type": "bureau", "scope_key": "Fuzhou", "claimant": claimant}


@pytest.mark.parametrize("credited, period, expected", [
    ("Fuzhou police (as cited by SD)", "", "part the report quotes"),  # the report's own quotation of the batch
    ("Fuzhou police", "", "different date or period"),                   # the bureau's figure, not quoted by the report
    # a date of its own does not make the part the whole (Newsweek: "21 countries as of June 21")
    ("Fuzhou police (as cited by SD)", "as of June 21", "part the report quotes"),
    # the part's own year, said so, is the part correctly dated ("at the start of 2022")
    ("Fuzhou police (as cited by SD)", "start of 2022", "figure of a stated other date"),
])
def test_a_part_the_report_quotes_given_as_the_whole_is_a_class_of_its_own_left_unresolved(credited, period, expected):
    rows = [*REFERENCE_ROWS, _bureau_part("part", 21, credited, "fuzhou-2022-01"),
            claim("t", 21, metric="countries", period=period)]
    claims = pd.DataFrame(rows, columns=[*COLUMNS, "claimant"])
    claims["claimant"] = claims["claimant"].fillna(claims["claimant_id"])  # as the page names them
    table = compare.discrepancies(claims, compare.report_references(claims, REPORTS)).set_index("claim_id")
    kind, reason = table.at["t", "class"], table.at["t", "reason"]
    assert kind == expected
    if kind == "part the report quotes":
        assert reason == "21 is the Fuzhou figure the report quotes, given as the whole"
        # it is not the report's own count (30 countries), but the report prints the part: without the report's
        # text it is left unresolved, neither agreeing nor departing
        assert kind not in compare.DEPARTING_CLASSES


def test_a_hedged_figure_far_from_the_reference_is_a_disagreement_not_rounding():
    target = claim("t", 80, qualifier="more-than", lower=81, upper=math.inf, text="more than 80", metric="cities")
    cities = claim("ref-cities", 25, metric="cities", kind="ngo-report", known_by="2022-09-12")
    assert classify_one(target, *REFERENCE_ROWS, cities)[0] == "genuine disagreement"


def test_a_figure_belonging_to_another_metric_is_a_misquote():
    target = claim("t", 30, metric="cities")
    cities = claim("ref-cities", 25, metric="cities", kind="ngo-report", known_by="2022-09-12")
    assert classify_one(target, *REFERENCE_ROWS, cities)[0] == "misquote or typo"


def test_arithmetic_inconsistency_inside_one_source():
    a = claim("t", 60, source="same", text="60")
    b = claim("t2", 75, source="same", text="75")
    assert classify_one(a, *REFERENCE_ROWS, b)[0] == "arithmetic inconsistency"


def test_selection_by_as_of_keeps_undated_claims_out_and_counts_them():
    claims = ledger(claim("early", 54, known_by="2022-09-12"), claim("late", 102, known_by="2022-12-05"),
                    claim("undated", 54, known_by=""))
    sources = pd.DataFrame({"source_id": claims["source_id"], "published_latest": ""})
    selected, counts = compare.select_claims(claims, sources, validate({"name": "x", "as_of": "2022-09-30"}))
    assert list(selected["claim_id"]) == ["early"]
    assert counts == {"duplicate entry": 0, "undated": 1, "made after as_of": 1}


def test_a_claim_is_known_by_the_date_cleaning_gave_it():
    claims = ledger(claim("c", 54, known_by=""))
    claims["dated_by"] = ["2022-10-31"]
    assert compare.known_by(claims).tolist() == ["2022-10-31"]


def test_an_empty_selection_gives_empty_tables_not_an_error():
    claims = ledger(claim("late", 54, known_by="2022-09-12"))
    sources = pd.DataFrame({"source_id": claims["source_id"], "published_latest": ""})
    selected, counts = compare.select_claims(claims, sources, validate({"name": "x", "as_of": "2021-01-01"}))
    references = compare.report_references(selected, REPORTS)
    assert selected.empty and references.empty and counts["made after as_of"] == 1
    assert compare.discrepancies(selected, references).empty


STATION_COLUMNS = ["station_id", "iso3", "first_report_id", "duplicate_of", "mapped_precision", "bureau"]
NO_LISTINGS = pd.DataFrame(columns=["station_id", "report_id", "says"])


def _stations_frame(rows):
    return pd.DataFrame([(*r, "Fuzhou") if len(r) == 5 else r for r in rows], columns=STATION_COLUMNS)


def test_coverage_is_claimed_minus_documented():
    references = compare.report_references(ledger(claim("ref", 54, kind="ngo-report")), REPORTS)
    stations = _stations_frame([("s1", "GBR", "sd-2022-09", "", "city"), ("s2", "GBR", "sd-2022-09", "", "region"),
                                ("s3", "GBR", "sd-2022-09", "s1", "city")])
    row = compare.report_coverage(references, stations, NO_LISTINGS, REPORTS).iloc[0]
    assert (row["documented"], row["located_city"], row["located_region"], row["not_located"]) == (2, 1, 1, 52)


def test_a_follow_up_report_carries_its_predecessors_stations():
    claims = ledger(claim("sep", 54, kind="ngo-report"),
                    claim("dec", 102, report="sd-2022-12", kind="ngo-report", known_by="2022-12-05"))
    references = compare.report_references(claims, REPORTS)
    stations = _stations_frame([("s1", "GBR", "sd-2022-09", "", "city"), ("s2", "ITA", "sd-2022-09", "", "city"),
                                ("s3", "JPN", "sd-2022-12", "", "country")])
    table = compare.report_coverage(references, stations, NO_LISTINGS, REPORTS).set_index("report_id")
    assert table.at["sd-2022-09", "documented"] == 2
    assert (table.at["sd-2022-12", "documented"], table.at["sd-2022-12", "located_city"],
            table.at["sd-2022-12", "not_located"]) == (3, 2, 99)


def test_only_the_follow_up_report_itself_can_drop_a_station():
    stations = _stations_frame([("s1", "GBR", "sd-2022-09", "", "city"), ("s2", "ITA", "sd-2022-09", "", "city")])
    listings = pd.DataFrame({"station_id": ["s1", "s2"], "report_id": ["sd-2022-12", ""],
                             "says": ["dropped", "status"]})  # s2: a news page says it closed; that drops nothing
    members = compare.report_membership(stations, listings, REPORTS)
    assert sorted(members.loc[members["report_id"] == "sd-2022-12", "station_id"]) == ["s2"]


def test_a_bureau_row_counts_that_bureaus_stations_and_flags_an_excess():
    claims = ledger(claim("fz", 2, report="fuzhou-2022-01", claimant="fuzhou-psb", kind="chinese-official",
                          scope="Fuzhou", known_by="2022-01-22"))
    claims["scope_type"] = "bureau"
    references = compare.report_references(claims, REPORTS)
    stations = _stations_frame([("s1", "GBR", "sd-2022-09", "", "city", "Fuzhou"),
                                ("s2", "ITA", "sd-2022-12", "", "city", "Fuzhou"),
                                ("s3", "ESP", "sd-2022-12", "", "city", "Wenzhou"),
                                ("s4", "FRA", "sd-2022-12", "", "city", "Fuzhou")])
    row = compare.report_coverage(references, stations, NO_LISTINGS, REPORTS).set_index("report_id").loc["fuzhou-2022-01"]
    assert (row["documented"], row["documented_exceeds_claimed"], row["not_located"]) == (3, True, 0)


@pytest.mark.parametrize("documented, flagged", [(2, False), (3, True)])
def test_the_excess_flag_is_set_exactly_when_more_stations_are_documented_than_claimed(documented, flagged):
    references = compare.report_references(ledger(claim("ref", 2, kind="ngo-report")), REPORTS)
    stations = _stations_frame([(f"s{i}", "GBR", "sd-2022-09", "", "city") for i in range(documented)])
    coverage = compare.report_coverage(references, stations, NO_LISTINGS, REPORTS)
    comparison = compare.report_comparison(references, coverage, REPORTS).set_index("report_id")
    assert comparison.at["sd-2022-09", "documented_exceeds_claimed"] == flagged
    assert comparison.at["sd-2022-09", "not_located"] == 0


def test_report_totals_take_a_bureaus_own_figure_over_its_world_wording():
    claims = ledger(claim("own", 30, report="fuzhou-2022-01", claimant="fuzhou-psb", kind="chinese-official",
                          scope="Fuzhou", known_by="2022-01-22"),
                    claim("world", 30, report="fuzhou-2022-01", claimant="fuzhou-psb", known_by="2022-02-01"))
    claims.loc[claims["claim_id"] == "own", "scope_type"] = "bureau"
    totals = compare.report_totals(compare.report_references(claims, REPORTS), REPORTS)
    assert list(totals["reference_claim_id"]) == ["own"]


def test_by_country_sets_claimed_beside_documented():
    claims = ledger(claim("it", 11, scope="ITA", kind="ngo-report", report="sd-2022-12", known_by="2022-12-05"))
    references = compare.report_references(claims, REPORTS)
    stations = _stations_frame([("s1", "ITA", "sd-2022-12", "", "city"), ("s2", "ITA", "sd-2022-12", "", "region"),
                                ("s3", "ESP", "sd-2022-09", "", "city")])
    table = compare.by_country(references, stations, NO_LISTINGS, REPORTS)
    italy = table[(table["iso3"] == "ITA") & (table["report_id"] == "sd-2022-12")].iloc[0]
    assert (italy["claimed"], italy["documented"]) == (11, 2)
    assert table[table["iso3"] == "ESP"]["claimed"].isna().all()


def test_consistency_finds_country_counts_that_do_not_sum_to_the_total():
    claims = ledger(
        claim("total", 54, kind="ngo-report"), claim("n", 21, metric="countries", kind="ngo-report"),
        claim("es", 9, scope="ESP", kind="ngo-report"), claim("it", 4, scope="ITA", kind="ngo-report"),
        claim("de", 0, scope="DEU", kind="ngo-report", text="none found"),  # a zero is not presence
    )
    references = compare.report_references(claims, REPORTS)
    stations = _stations_frame([("s1", "GBR", "sd-2022-09", "", "city")])
    row = compare.consistency(references, stations, NO_LISTINGS, REPORTS).set_index("report_id").loc["sd-2022-09"]
    assert (row["sum_of_country_counts"], row["stations_unaccounted"]) == (13, 41)
    assert (row["countries_named"], row["countries_unnamed"]) == (3, 18)


RESPONSE_COLUMNS = ["response_id", "event_id", "iso3", "country", "action", "event_date", "dated_by", "date_basis",
                    "actor", "stations_or_city", "source_id", "source_rank", "event_date_conflict"]


def _responses(rows):
    return pd.DataFrame([dict(zip(RESPONSE_COLUMNS, r)) for r in rows], columns=RESPONSE_COLUMNS)


def test_responses_are_counted_as_events_up_to_as_of():
    responses = _responses([
        ("r1", "e-nl", "NLD", "Netherlands", "investigation opened", "2022-10-25", "2022-10-25", "", "", "", "a", 4, ""),
        ("r2", "e-nl", "NLD", "Netherlands", "investigation opened", "2022-10-25", "2022-10-25", "", "", "", "b", 3, ""),
        ("r3", "e-ie", "IRL", "Ireland", "investigation opened", "2022-10-26", "2022-10-26", "", "", "", "c", 4, ""),
        ("r4", "e-nl2", "NLD", "Netherlands", "closure ordered", "2022-11-01", "2022-11-01", "", "", "", "d", 4, ""),
        ("r5", "e-ca", "CAN", "Canada", "investigation opened", "", "", "", "", "", "e", 4, ""),
    ])
    events = compare.events(responses)
    assert len(events) == 4 and events.set_index("event_id").at["e-nl", "responses"] == 2
    table = compare.responses_by_action(events, "2022-10-31").set_index("action")
    assert (table.at["investigation opened", "events"], table.at["investigation opened", "countries"]) == (2, 2)
    assert "closure ordered" not in table.index and table.at["investigation opened", "undated_events"] == 1


def test_a_sources_count_of_governments_is_set_beside_the_ledgers_list():
    events = compare.events(_responses([
        ("r1", "e-nl", "NLD", "Netherlands", "investigation opened", "2022-10-25", "2022-10-25", "", "", "", "a", 4, ""),
        ("r2", "e-ie", "IRL", "Ireland", "investigation opened", "2022-12-01", "2022-12-01", "", "", "", "b", 4, ""),
    ]))
    claims = ledger(claim("c", 2, metric="countries_investigating", report="", known_by="2022-11-07",
                          text="the Netherlands and Spain"))
    names = {"the Netherlands": "Netherlands", "Netherlands": "Netherlands", "Spain": "Spain"}

    def resolve(name):
        return names[name]

    row = compare.governments_investigating(claims, events, resolve).iloc[0]
    assert (row["ledger_countries"], row["ledger_list"]) == (1, "Netherlands")
    assert (row["named_by_source"], row["named_not_in_ledger"]) == ("Netherlands; Spain", "Spain")


def test_a_small_figure_matching_another_metric_is_not_called_a_misquote():
    # "Canada, Germany, Ireland and Spain" (4 countries investigating) is not the December report's 4 bureaus
    bureaus = claim("ref-bureaus", 4, metric="bureaus", kind="ngo-report", report="sd-2022-12", known_by="2022-12-05")
    investigating = claim("ref-inv", 12, metric="countries_investigating", kind="ngo-report", report="sd-2022-12",
                          known_by="2022-12-05")
    target = claim("t", 4, metric="countries_investigating", claimant="euronews", report="", text="four named")
    assert classify_one(target, *REFERENCE_ROWS, bureaus, investigating)[0] != "misquote or typo"


def _classes(*rows, titles=None):
    claims = ledger(*rows)
    table = compare.discrepancies(claims, compare.report_references(claims, REPORTS), titles)
    return dict(zip(table["claim_id"], zip(table["class"], table["reference_value"])))


def test_the_number_in_a_reports_title_read_as_a_count_has_its_own_reason():
    # "110" is the title of 110 Overseas (China's police emergency number), not a rounding of 102.
    found = _classes(*REFERENCE_ROWS, claim("t", 110, report="sd-2022-12", known_by="2022-12-10"),
                     titles={"sd-2022-09": "110 Overseas: Chinese Transnational Policing Gone Wild"})
    assert found["t"][0] == "report name as a count"


def test_more_than_a_figure_the_author_gives_as_at_least_agrees():
    at_least = claim("dec", 102, report="sd-2022-12", kind="ngo-report", qualifier="at-least", upper=math.inf,
                     text="at least 102", known_by="2022-12-05")
    more_than = claim("t", 102, report="sd-2022-12", qualifier="more-than", lower=103, upper=math.inf,
                      text="more than 102", known_by="2022-12-06")
    assert _classes(at_least, more_than)["t"][0] == "agrees"


def test_more_than_a_figure_the_author_gives_exactly_is_vague_wording_not_another_scope():
    # "más de 54" against the author's 54: a hedge on the right figure.
    target = claim("t", 54, qualifier="more-than", lower=55, upper=math.inf, text="más de 54", known_by="2022-11-07")
    assert _classes(*REFERENCE_ROWS, target)["t"][0] == "rounding or vague wording"


def test_a_claim_citing_no_report_is_compared_with_the_figure_published_by_its_own_date():
    # An outlet relaying Safeguard Defenders without naming the report (El Mundo, 54, November 2022).
    before = claim("before", 54, report="", known_by="2022-11-15")
    after = claim("after", 54, report="", known_by="2022-12-20")
    found = _classes(*REFERENCE_ROWS, before, after)
    assert found["before"] == ("agrees", 54)  # December's 102 did not exist yet
    assert found["after"] == ("different date or period", 102)


def test_someone_elses_own_count_is_not_a_departure_from_the_ngos():
    # A minister's "four" UK sites is the minister's count, not a garble of Safeguard Defenders' three.
    minister = claim("minister", 4, scope="GBR", report="", claimant="tom-tugendhat", known_by="2023-06-06")
    assert _classes(*REFERENCE_ROWS, minister)["minister"][0] == "nothing to compare"


def test_a_far_open_hedge_is_not_agreement():
    # "bis zu 110" contains 54 but says something else; "at least 12" countries contains 30 likewise.
    target = claim("t", 110, qualifier="up-to", lower=0, upper=110, text="bis zu 110", known_by="2022-10-01")
    assert _classes(*REFERENCE_ROWS, target)["t"][0] != "agrees"


def test_a_later_report_figure_given_to_an_earlier_report_is_named_as_such():
    # Kurier, April 2024: "in September 2022, more than 100" - December's figure, September's date.
    kurier = claim("kurier", 100, report="", qualifier="more-than", lower=101, upper=math.inf, text="mehr als 100",
                   known_by="2022-09-30")
    kurier["page_published_latest"] = "2024-04-30"
    assert _classes(*REFERENCE_ROWS, kurier)["kurier"] == ("credited to the wrong report", 54)


def test_an_open_hedge_on_another_reports_figure_is_a_hedge_on_that_figure():
    # "mindestens 21" countries allows 30, so it does not depart; but its 21 is the Fuzhou list's, and is said so.
    target = claim("t", 21, metric="countries", qualifier="at-least", lower=21, upper=math.inf, text="mindestens 21")
    assert classify_one(target, *REFERENCE_ROWS)[0] == "hedge on another figure"
    vague = claim("t", 12, metric="countries", qualifier="at-least", lower=12, upper=math.inf, text="at least 12")
    assert classify_one(vague, *REFERENCE_ROWS)[0] == "rounding or vague wording"  # a number from nowhere


def test_an_event_dated_to_a_month_is_on_record_by_an_earlier_page_that_reports_it_done():
    """Ireland's closure order: a December answer says "in October"; a page of 25 October reports it done."""
    from analysis.compare.responses import OWN_DATE_BASIS, events
    from analysis.clean import RESPONSE_DATE_BASES
    rows = pd.DataFrame({
        "response_id": ["r1", "r2"], "event_id": ["ev"] * 2, "iso3": ["IRL"] * 2, "country": ["Ireland"] * 2,
        "action": ["closure ordered"] * 2, "actor": ["DFA"] * 2, "stations_or_city": ["Dublin"] * 2,
        "source_id": ["dec-answer", "oct-answer"], "source_rank": [1, 1],
        "event_date": ["2022-10"] * 2, "event_date_source_id": ["dec-answer"] * 2, "event_date_conflict": [""] * 2,
        "dated_by": ["2022-10-31", "2022-10-25"], "date_basis": [RESPONSE_DATE_BASES[0], RESPONSE_DATE_BASES[2]]})
    [event] = events(rows).to_dict("records")
    assert (event["dated_by"], event["date_source_id"]) == ("2022-10-25", "oct-answer")
    assert event["date_basis"] != OWN_DATE_BASIS


def test_a_station_first_listed_by_a_later_report_is_not_counted_for_an_earlier_one():
    """A page ties Manresa to the September report, but the December report first listed it."""
    from analysis.compare.coverage import report_membership
    stations = pd.DataFrame({"station_id": ["madrid", "manresa"], "duplicate_of": ["", ""],
                             "first_report_id": ["sd-sep", "sd-dec"], "iso3": ["ESP", "ESP"],
                             "mapped_precision": ["city", "city"], "bureau": ["", ""]})
    ties = pd.DataFrame({"station_id": ["madrid", "manresa"], "report_id": ["sd-sep", "sd-sep"], "says": ["", ""]})
    reports = pd.DataFrame({"report_id": ["sd-sep", "sd-dec"], "follows": ["", "sd-sep"],
                            "published_latest": ["2022-09-12", "2022-12-05"]})
    members = report_membership(stations, ties, reports)
    assert set(members.loc[members["report_id"] == "sd-sep", "station_id"]) == {"madrid"}
    assert set(members.loc[members["report_id"] == "sd-dec", "station_id"]) == {"madrid", "manresa"}


def test_a_claim_citing_no_report_is_compared_with_an_author_its_claimant_cell_names():
    """"National Post (on Safeguard Defenders)": 110, compared with Safeguard Defenders' figure then."""
    rows = [*REFERENCE_ROWS, {**claim("np", 110, report="", claimant="national-post", known_by="2025-09-26"),
                              "claimant": "National Post (on Safeguard Defenders)"}]
    claims = pd.DataFrame(rows)
    claims["claimant"] = claims["claimant"].fillna(claims["claimant_id"])
    table = compare.discrepancies(claims, compare.report_references(claims, REPORTS)).set_index("claim_id")
    assert table.at["np", "class"] != "nothing to compare"
    alone = claims.assign(claimant=claims["claimant_id"])  # the cell names no one else
    table = compare.discrepancies(alone, compare.report_references(alone, REPORTS)).set_index("claim_id")
    assert table.at["np", "class"] == "nothing to compare"


@pytest.mark.parametrize("figure, agrees", [(33, True), (40, False)])
def test_a_plain_figure_just_above_the_authors_lower_bound_fits_it(figure, agrees):
    """Against "at least 30" countries, VICE's "33" fits; "40" is more than the bound allows without a hedge."""
    bound = claim("ref-countries", 30, metric="countries", kind="ngo-report", qualifier="at-least", lower=30,
                  upper=math.inf, text="at least 30", known_by="2022-09-12")
    others = [r for r in REFERENCE_ROWS if r["claim_id"] != "ref-countries"]  # the bound is the author's figure
    kind, _ = classify_one(claim("t", figure, metric="countries"), *others, bound)
    assert (kind == "agrees") == agrees
