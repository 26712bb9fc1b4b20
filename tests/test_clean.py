from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import clean, countries, places
from analysis.dates import parse_partial_date, year_from_page


@pytest.mark.parametrize("value,qualifier,text,expected", [
    ("54", "exact", "54", (54, 54)),
    ("102", "at-least", "at least 102", (102, math.inf)),
    ("100", "more-than", "over 100", (101, math.inf)),
    ("13", "about", "about 13", (12, 14)),
    ("230000", "about", "some 230,000", (207000, 253000)),
    ("100", "up-to", "up to 100", (0, 100)),
    ("", "range", "12-14", (12, 14)),
])
def test_value_bounds(value, qualifier, text, expected):
    assert clean.value_bounds(value, qualifier, text) == expected


@pytest.mark.parametrize("value,qualifier,text", [("", "vague", "dozens"), ("", "exact", "230,00"), ("", "range", "a few")])
def test_claims_without_a_number_are_unquantified(value, qualifier, text):
    assert all(math.isnan(b) for b in clean.value_bounds(value, qualifier, text))


@pytest.mark.parametrize("raw,iso3", [("Brune", "BRN"), ("Holland", "NLD"), ("UK", "GBR"), ("Czech Republic", "CZE"),
                                      ("Germany", "DEU"), (" italy ", "ITA")])
def test_countries_resolve_to_iso3(raw, iso3):
    assert countries.resolve_country(raw).iso3 == iso3


def test_not_a_country_and_unknown_country_are_told_apart():
    with pytest.raises(countries.NotACountry):
        countries.resolve_country("Europe")
    with pytest.raises(LookupError, match="expected a country name, got 'Atlantis'"):
        countries.resolve_country("Atlantis")


@pytest.mark.parametrize("iso3,city,region,name,method,precision", [
    ("CAN", "Markham", "", "Markham", "gazetteer", "city"),
    ("CAN", "Scarborough", "", "Toronto", "alias-to-city", "city"),
    ("GBR", "Hendon", "", "London", "alias-to-city", "city"),
    ("FRA", "Noisy-le-Grand", "", "Noisy-le-Grand", "gazetteer", "city"),
    ("PRT", "", "Madeira", "Madeira", "alias-region", "region"),
    ("CAN", "", "Greater Toronto Area", "Greater Toronto Area", "alias-region", "region"),
    ("ESP", "Valencia", "", "Valencia", "gazetteer", "city"),
    ("ITA", "Atlantis", "", "", "unmatched", "country"),
])
def test_places_match_on_country_first_and_never_turn_a_region_into_a_city(iso3, city, region, name, method, precision):
    place = places.resolve_place(iso3, city, region)
    assert (place.name, place.method, place.precision) == (name, method, precision)
    assert (place.latitude is None) == (precision != "city")


def test_valencia_is_matched_in_the_right_country():
    spain, venezuela = places.resolve_place("ESP", "Valencia", ""), places.resolve_place("VEN", "Valencia", "")
    assert spain.longitude < 0 and venezuela.latitude < 15 and spain.latitude > 35


@pytest.mark.parametrize("raw,bureau", [("Fuzhou", "Fuzhou"), ("Lishui", "Qingtian/Lishui"), ("Qingtian", "Qingtian/Lishui"),
                                       ("Wenzhou", "Wenzhou"), ("Nantong", "Nantong"), ("Shanghai", "other"), ("", "unknown")])
def test_bureaus_map_to_the_controlled_list(raw, bureau):
    assert clean.bureau(raw) == bureau


def test_claimants_get_stable_ids():
    assert clean.claimant_id("Fuzhou police") == clean.claimant_id("Fuzhou Public Security Bureau") == "fuzhou-psb"
    assert clean.claimant_id("Safeguard Defenders (per EURACTIV)") == "safeguard-defenders"
    assert clean.claimant_id("CNN citing Safeguard Defenders") == "cnn"
    assert clean.claimant_id("Rep. Mike Gallagher") == "rep-mike-gallagher"


@pytest.mark.parametrize("scope_type,scope,text,key", [
    ("world", "worldwide", "54", "world"),
    ("world", "additional", "24", "world-additional"),
    ("bureau", "Qingtian", "six additional", "Qingtian/Lishui-additional"),
    ("bureau", "Fuzhou", "one more", "Fuzhou-additional"),
    ("world", "world", "more than 100", "world"),
    ("country", "Holland", "2", "NLD"),
    ("city", "Praha", "2", "prague"),
    ("region", "GTA", "3", "greater-toronto-area"),
])
def test_claim_scope_keys(scope_type, scope, text, key):
    assert clean.claim_scope_key(scope_type, scope, text) == key


@pytest.mark.parametrize("text,precision,latest", [
    ("2022", "year", "2022-12-31"), ("2022-02", "month", "2022-02-28"), ("2022-09-12", "day", "2022-09-12"),
])
def test_partial_dates(text, precision, latest):
    parsed = parse_partial_date(text)
    assert (parsed.precision, parsed.latest.isoformat()) == (precision, latest)


def test_duplicates_are_flagged_against_the_first_entry():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "k1": ["x", "y", "x"], "k2": ["1", "1", "1"]})
    assert list(clean.duplicate_of(frame, ("k1", "k2"), "id")) == ["", "", "a"]


def test_clean_all_keeps_raw_values_and_logs_normalisations(raw_dir):
    from analysis.raw import load_raw

    tables = clean.clean_all(load_raw(raw_dir))
    stations = tables["stations"].set_index("station_id")
    assert stations.at["st-uk-london", "country_raw"] == "UK" and stations.at["st-uk-london", "iso3"] == "GBR"
    assert stations.at["st-pt-madeira", "place_kind"] == "region"
    log = tables["normalisations"]
    assert ((log["raw_value"] == "UK") & (log["clean_value"] == "GBR")).any()


def test_station_duplicates_respect_declared_siblings():
    base = {"country": "Czechia", "region": "", "city": "Prague", "district_or_address": "", "bureau": "",
            "location_precision": "city", "first_report_id": "sd-2022-09", "first_source_id": "s1", "status": "",
            "status_date": "", "notes": ""}
    raw = pd.DataFrame([{**base, "station_id": "st-cz-prague-1"}, {**base, "station_id": "st-cz-prague-2"},
                        {**base, "station_id": "st-cz-prague-again"}])
    assert list(clean.clean_stations(raw)["duplicate_of"]) == ["", "", "st-cz-prague-1"]


@pytest.mark.parametrize("raw,expected", [
    ("福州公安 (Fuzhou police)", "fuzhou-psb"),  # a claimant written in Chinese gets the same id
    ("福州公安", "fuzhou-psb"),
    ("Tom Tugendhat (UK Security Minister), citing Safeguard Defenders", "tom-tugendhat"),
    ("某某日报", "某某日报"),  # an unknown name in another script keeps its letters: never an empty id
])
def test_every_claimant_gets_an_id(raw, expected):
    assert clean.claimant_id(raw) == expected


@pytest.mark.parametrize("a,b,same", [
    ("as of June 21", "as of 2022-06-21", True),
    ("as of late June (2022)", "by 2022-06", True),
    ("", "by 2022-06", True),
    ("by 2022-06", "by 2022-12", False),
    ("since 2022-01-10", "2022-01-10/2022-01-22", False),
])
def test_period_phrases_normalise_to_one_form(a, b, same):
    assert clean.same_period(clean.period_key(a), clean.period_key(b)) is same


def _claims_for_duplicates(rows):
    frame = pd.DataFrame(rows, columns=["claim_id", "source_id", "claimant", "metric", "scope_type", "scope_key",
                                        "value", "qualifier", "period"])
    frame["period_key"] = frame["period"].map(clean.period_key)
    frame["claimants_named"] = frame["claimant"].map(clean.claimants_named)
    return frame


def test_the_same_fact_from_the_same_page_counts_once_keeping_the_most_precise_row():
    frame = _claims_for_duplicates([
        ("c1", "p", "Safeguard Defenders", "stations", "world", "world", 54.0, "at-least", ""),
        ("c2", "p", "Safeguard Defenders", "stations", "world", "world", 54.0, "exact", "as of June 21"),
        ("c3", "p", "Safeguard Defenders", "stations", "world", "world", 54.0, "exact", "as of 2022-06-21"),
        ("c4", "p", "CNN citing Safeguard Defenders", "stations", "world", "world", 54.0, "exact", ""),
        ("c5", "p", "Daily Mail", "stations", "world", "world", 54.0, "exact", ""),  # another claimant: kept
        ("c6", "q", "Safeguard Defenders", "stations", "world", "world", 54.0, "exact", ""),  # another page: kept
    ])
    assert list(clean.duplicate_claims(frame)) == ["c2", "", "c2", "c2", "", ""]


def test_claims_are_dated_by_the_first_rule_that_applies():
    claims = pd.DataFrame({
        "claim_id": ["own", "report", "page", "same", "none"],
        "source_id": ["s1", "s2", "s3", "s4", "s4"],
        "claimant_id": ["sd", "sd", "cnn", "cnn", "bbc"], "report_id": ["r", "r", "r", "", ""],
        "metric": ["stations"] * 5, "scope_key": ["world"] * 5, "value": [54.0, 54.0, 60.0, 60.0, 61.0],
        "claimed_on_latest": ["2022-09-20", "", "", "", ""],
    })
    sources = pd.DataFrame({"published_latest": ["", "", "2022-10-01", ""]}, index=["s1", "s2", "s3", "s4"])
    reports = pd.DataFrame({"report_id": ["r"], "claimant_id": ["sd"], "published_latest": ["2022-09-12"]})
    dated = clean._claim_dates(claims, sources, reports)
    assert list(dated["dated_by"]) == ["2022-09-20", "2022-09-12", "2022-10-01", "2022-10-01", ""]
    assert list(dated["date_basis"]) == [*clean.CLAIM_DATE_BASES, ""]


def test_responses_take_the_date_of_their_event_from_the_best_page():
    raw = pd.DataFrame({
        "response_id": ["r1", "r2", "r3", "r4"], "event_id": ["e", "e", "e", "f"],
        "country": ["US"] * 4, "date": ["2022", "2022-10", "", ""], "actor": ["FBI"] * 4,
        "action": ["raid"] * 4, "stations_or_city": [""] * 4, "source_id": ["gov", "blog", "news", "news"],
        "locator": ["p1"] * 4, "notes": [""] * 4,
    })
    sources = pd.DataFrame({
        "source_id": ["gov", "blog", "news"], "kind": ["government", "other", "news"],
        "publisher": ["DOJ", "a blog", "a paper"], "original_publisher": ["", "", ""],
        "published": ["", "", "2023-01-13"], "published_latest": ["", "", "2023-01-13"],
    })
    frame = clean.clean_responses(raw, sources).set_index("response_id")
    assert frame.at["r3", "event_date"] == "2022-10"  # the best page's year, refined by another page's month
    assert (frame.at["r3", "dated_by"], frame.at["r3", "date_basis"]) == ("2022-10-31", clean.RESPONSE_DATE_BASES[1])
    assert (frame.at["r4", "dated_by"], frame.at["r4", "date_basis"]) == ("2023-01-13", clean.RESPONSE_DATE_BASES[2])


@pytest.mark.parametrize("claimant,author,kind,publisher,reprint,rank", [
    ("safeguard-defenders", "safeguard-defenders", "ngo-report", "Safeguard Defenders", False, 1),
    ("fuzhou-psb", "some-ministry", "government", "a ministry", False, 2),
    ("safeguard-defenders", "bbc", "news", "BBC", False, 3),
    ("safeguard-defenders", "x", "news", "A local paper", False, 4),
    ("safeguard-defenders", "x", "news", "A local paper", True, 5),  # a reprint ranks as a repost
    ("safeguard-defenders", "x", "news", "Russian Free Press", False, 5),  # listed as a repost site
    ("safeguard-defenders", "x", "other", "a blog", False, 5),
])
def test_pages_are_ranked_by_the_documented_rule(claimant, author, kind, publisher, reprint, rank):
    from analysis.ranks import page_rank

    assert page_rank(claimant, author, kind, publisher, reprint) == rank


@pytest.mark.parametrize("stated,page,full", [
    ("--11", "2023-06", "2022-11"),  # "in November" on a page of June 2023: the November before
    ("--06", "2023-06-20", "2023-06"),  # the page's own month
    ("--04-28", "2023-04-27", "2022-04-28"),  # a day after the page's date is last year's
    ("--02-29", "2023-03-01", "2020-02-29"),  # the most recent 29 February
    ("--12", "2022", ""),  # a page dated only to the year cannot say which December
    ("--12", "", ""),  # nor an undated page
])
def test_a_month_or_day_without_a_year_takes_the_most_recent_one_on_or_before_the_page(stated, page, full):
    assert year_from_page(stated, page) == full


def test_responses_say_when_the_year_came_from_the_page():
    raw = pd.DataFrame({
        "response_id": ["r1"], "event_id": ["e"], "country": ["UK"], "date": ["--11"], "actor": ["Met"],
        "action": ["investigation opened"], "stations_or_city": ["Croydon"], "source_id": ["blog"],
        "locator": ["p1"], "notes": [""],
    })
    sources = pd.DataFrame({"source_id": ["blog"], "kind": ["news"], "publisher": ["a paper"],
                            "original_publisher": [""], "published": ["2023-06"], "published_latest": ["2023-06-30"]})
    row = clean.clean_responses(raw, sources).iloc[0]
    assert (row["date"], row["event_date"], row["dated_by"]) == ("--11", "2022-11", "2022-11-30")
    assert row["date_basis"] == clean.YEAR_FROM_PAGE


@pytest.mark.parametrize("url,link", [
    ("https://nbcnewyork.com/a/4247736/?os=httpAdFdF%2A.esvpnapp.com", "https://nbcnewyork.com/a/4247736/"),
    ("https://www.bbc.co.uk/news/articles/x?at_medium=RSS&at_campaign=KARANGA", "https://www.bbc.co.uk/news/articles/x"),
    ("https://abcnews.go.com/US/story?cid=alerts&id=116907684", "https://abcnews.go.com/US/story?id=116907684"),
    ("https://www.kildarestreet.com/wrans/?id=2022-10-25a.785", "https://www.kildarestreet.com/wrans/?id=2022-10-25a.785"),
    ("https://www.stern.de/a.html?utm_campaign=alle&utm_medium=rss-feed", "https://www.stern.de/a.html"),
])
def test_links_lose_tracking_parameters_and_keep_the_rest(url, link):
    assert clean.without_tracking(url) == link


def test_a_proxys_address_gives_way_to_the_page_it_carries():
    from analysis.clean import unwrapped

    proxy = "https://summer-heart-0930.example.dev:443/https/amp.theguardian.com/us-news/2024/dec/18/plea"
    assert unwrapped(proxy) == "https://amp.theguardian.com/us-news/2024/dec/18/plea"
    assert unwrapped("https://www.theguardian.com/world/2022/oct/27/x") == "https://www.theguardian.com/world/2022/oct/27/x"


def test_a_copy_in_another_language_than_its_originals_own_pages_counts_as_the_translators():
    sources = pd.DataFrame({
        "publisher": ["El Mundo", "nachrichten.es", "Yahoo News", "FFHR", "Nikkei Asia"],
        "original_publisher": ["", "El Mundo", "El Mundo", "Nikkei Asia", ""],
        "language": ["es", "de", "es", "en", "en"],
    })
    assert clean.translations(sources).tolist() == [False, True, False, False, False]


def test_an_original_the_register_holds_no_page_of_is_taken_as_reprinted():
    sources = pd.DataFrame({"publisher": ["Teller Report"], "original_publisher": ["RFI"], "language": ["en"]})
    assert clean.translations(sources).tolist() == [False]
