"""A station's status from the government actions that name it, on small hand-built frames."""

from __future__ import annotations

import pandas as pd

from analysis.status import station_status


def stations(*rows):
    base = {"iso3": "NLD", "region": "", "district_or_address": "", "status": "other", "status_date_latest": ""}
    return pd.DataFrame([{**base, **row} for row in rows])


def responses(*rows):
    base = {"iso3": "NLD", "country": "Netherlands", "source_rank": 3, "dated_by": "", "actor": "a ministry"}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["reported_by"] = frame.get("reported_by", frame["dated_by"]).fillna(frame["dated_by"])
    return frame.assign(response_id=[f"r{i}" for i in range(len(frame))])


def amsterdam_after(*events: dict):
    """The status of an Amsterdam station after these events."""
    return station_status(stations({"station_id": "ams", "city": "Amsterdam", "place": "Amsterdam"}),
                          responses(*events)).iloc[0]


CLOSURE_ORDER = {"event_id": "order", "action": "closure ordered", "stations_or_city": "Amsterdam; Rotterdam",
                 "dated_by": "2022-11-01"}


def test_a_closure_order_outranks_an_investigation_and_the_pages_own_status():
    found = amsterdam_after({"event_id": "inv", "action": "investigation opened",
                             "stations_or_city": "Amsterdam; Rotterdam", "dated_by": "2022-09-30"}, CLOSURE_ORDER)
    assert (found["status_now"], found["status_now_date"], found["status_now_event"]) == \
        ("ordered closed or closed", "2022-11-01", "order")


def test_a_denial_never_hides_an_investigation_and_names_who_denied():
    chile = stations({"station_id": "vina", "iso3": "CHL", "city": "Viña del Mar", "place": "Viña del Mar",
                      "status": "denied"},
                     {"station_id": "other", "iso3": "ARG", "city": "Buenos Aires", "place": "Buenos Aires",
                      "status": "alleged"})
    events = responses({"event_id": "deny", "iso3": "CHN", "action": "denial", "stations_or_city": "Viña del Mar",
                        "actor": "Embassy of China in Chile"},
                       {"event_id": "deny-ar", "iso3": "CHN", "action": "denial", "stations_or_city": "Buenos Aires",
                        "actor": "Embassy of China in Argentina"},
                       {"event_id": "probe", "iso3": "CHL", "action": "investigation opened",
                        "stations_or_city": "Viña del Mar", "dated_by": "2022-10-28"})
    found = station_status(chile, events).set_index("station_id")
    assert found.at["vina", "status_now"] == "investigated"
    assert (found.at["other", "status_now"], found.at["other", "status_now_by"]) == \
        ("denied", "Embassy of China in Argentina")


def test_an_event_naming_only_a_shared_city_does_not_pick_one_of_its_stations():
    nyc = stations({"station_id": "broadway", "iso3": "USA", "city": "New York", "place": "New York City",
                    "district_or_address": "East Broadway, Manhattan"},
                   {"station_id": "elsewhere", "iso3": "USA", "city": "New York", "place": "New York City",
                    "district_or_address": "undisclosed address", "status": "alleged"})
    events = responses({"event_id": "charges", "iso3": "USA", "action": "charge", "stations_or_city": "New York City"},
                       {"event_id": "charges", "iso3": "USA", "action": "charge",
                        "stations_or_city": "Manhattan (East Broadway)", "dated_by": "2023-04-17"})
    found = station_status(nyc, events).set_index("station_id")["status_now"]
    assert (found["broadway"], found["elsewhere"]) == ("charged or referred", "alleged")


def test_a_city_folded_into_another_by_the_gazetteer_still_names_its_station():
    london = stations({"station_id": "croydon", "iso3": "GBR", "city": "Croydon", "place": "London"},
                      {"station_id": "hendon", "iso3": "GBR", "city": "London", "place": "London",
                       "district_or_address": "Hendon"})
    events = responses({"event_id": "met", "iso3": "GBR", "action": "no illegal activity found",
                        "stations_or_city": "Croydon", "dated_by": "2023-06-06"})
    found = station_status(london, events).set_index("station_id")["status_now"]
    assert (found["croydon"], found["hendon"]) == ("nothing found", "alleged")


def test_a_later_finding_of_nothing_does_not_reopen_a_closed_station():
    found = amsterdam_after(CLOSURE_ORDER, {"event_id": "mayor", "action": "no illegal activity found",
                                            "stations_or_city": "Amsterdam", "dated_by": "2023-02-28"})
    assert (found["status_now"], found["status_now_event"]) == ("ordered closed or closed", "order")


def test_a_closure_for_a_whole_countrys_sites_reaches_each_station_but_a_named_one_does_not():
    found = station_status(
        stations({"station_id": "croydon", "iso3": "GBR", "city": "Croydon", "place": "London"},
                 {"station_id": "rotterdam", "city": "Rotterdam", "place": "Rotterdam"}),
        responses({"event_id": "uk-sites", "iso3": "GBR", "action": "closure ordered", "stations_or_city": "UK sites",
                   "dated_by": "2023-06-06"},
                  {"event_id": "ams", "action": "closure ordered", "stations_or_city": "Amsterdam",
                   "dated_by": "2022-11-01"}),
    ).set_index("station_id")
    assert found.at["croydon", "status_now_event"] == "uk-sites"
    assert found.at["rotterdam", "status_now"] != "ordered closed or closed"


def test_as_of_leaves_out_what_happened_later_but_keeps_undated_steps():
    station = stations({"station_id": "ams", "city": "Amsterdam", "place": "Amsterdam"})
    events = responses({"event_id": "inv", "action": "investigation opened", "stations_or_city": "Amsterdam",
                        "dated_by": "2022-09-30"}, CLOSURE_ORDER)
    assert station_status(station, events, as_of="2022-10-15").iloc[0]["status_now"] == "investigated"
    assert station_status(station, events, as_of="2022-12-31").iloc[0]["status_now"] == "ordered closed or closed"
    undated = responses({**CLOSURE_ORDER, "dated_by": ""})
    assert station_status(station, undated, as_of="2022-10-15").iloc[0]["status_now"] == "ordered closed or closed"


def test_as_of_leaves_out_a_later_status_from_the_stations_own_pages():
    station = stations({"station_id": "ams", "city": "Amsterdam", "place": "Amsterdam", "status": "closed",
                        "status_date_latest": "2023-02-28"})
    no_events = responses({"event_id": "elsewhere", "iso3": "ITA", "action": "raid", "stations_or_city": "Prato",
                           "dated_by": "2022-11-01"})
    assert station_status(station, no_events).iloc[0]["status_now"] == "ordered closed or closed"
    assert station_status(station, no_events, as_of="2022-12-31").iloc[0]["status_now"] == "alleged"


def test_a_place_written_in_the_countrys_own_language_names_the_station():
    """The Italian minister's "Roma; Firenze" reaches the stations the list places in Rome and Florence."""
    from analysis.status import _place_words
    assert {"rome", "florence"} <= _place_words("ITA", ["Roma; Firenze"])
    assert "rome" not in _place_words("ITA", ["Milano"])


def test_a_later_row_of_one_event_dates_the_step_of_the_stations_it_names():
    """An investigation opened in December (the country) and reported in January as checks in Rome: Rome's
    station is investigated as of January, after a December finding of nothing there."""
    rome = stations({"station_id": "rome", "iso3": "ITA", "city": "Rome", "place": "Rome"})
    events = responses(
        {"iso3": "ITA", "event_id": "probe", "action": "investigation opened", "stations_or_city": "Italy",
         "dated_by": "2022-12-07"},
        {"iso3": "ITA", "event_id": "probe", "action": "investigation opened", "stations_or_city": "Roma; Milano",
         "dated_by": "2022-12-07", "reported_by": "2023-01-14"},
        {"iso3": "ITA", "event_id": "nothing", "action": "no illegal activity found", "stations_or_city": "Roma",
         "dated_by": "2022-12-07"})
    found = station_status(rome, events).set_index("station_id")
    assert found.at["rome", "status_now"] == "investigated"
    assert found.at["rome", "status_now_date"] == "2023-01-14"
    before = station_status(rome, events, as_of="2022-12-31").set_index("station_id")
    assert before.at["rome", "status_now"] == "nothing found"


def test_an_action_naming_the_country_is_not_read_as_naming_each_station_nor_is_a_foreign_denial():
    ams = stations({"station_id": "ams", "city": "Amsterdam", "place": "Amsterdam"})
    note = responses({"event_id": "note", "action": "closure ordered", "stations_or_city": "Netherlands",
                      "dated_by": "2022-11-03"})
    assert station_status(ams, note).at[0, "status_now"] == "alleged"
    beijing = responses({"iso3": "CHN", "country": "China", "event_id": "no", "action": "denial", "stations_or_city": "",
                         "dated_by": "2022-11-02"})
    assert station_status(ams, beijing).at[0, "status_now"] == "alleged"
    nameless = responses({"event_id": "shut", "action": "closed", "stations_or_city": "", "dated_by": "2022-12-20"})
    assert station_status(ams, nameless).at[0, "status_now"] == "ordered closed or closed"
