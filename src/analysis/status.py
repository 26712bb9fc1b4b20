"""Each station's status from the government actions that name it or its city, with the event behind it.

A station takes the latest government action on record among the events that name its city, region or
address (where several stations share a city, only events that name its own district or address): an
investigation closed without charges after an investigation is shown as such, not as the investigation, and
a closure is not replaced by a later finding of nothing or a later investigation. A closure whose rows name
no place (a whole country's sites) reaches every station of that country.
Undated actions count after dated ones, in the order charged, closed, nothing found, investigated. Charges
and referrals for other offences (``reference/other_offences.csv``) are shown apart from charges over a
station. With no government action, the station's own pages' last reported status stands, then a denial
(naming who denied); with nothing on record a station stays "alleged".
"""

from __future__ import annotations

import csv
import re
from importlib import resources

import pandas as pd

from . import places

OTHER_OFFENCES = "other offences (referred, charged or not indicted)"
STATUS_OF_ACTION = {
    "arrest": "charged or referred", "charge": "charged or referred", "plea": "charged or referred",
    "conviction": "charged or referred", "sentence": "charged or referred", "referral to prosecutors": "charged or referred",
    "closure ordered": "ordered closed or closed", "closed": "ordered closed or closed",
    "no illegal activity found": "nothing found", "investigation closed without charges": "closed without charges",
    "investigation opened": "investigated", "raid": "investigated", "denial": "denied",
}
STATUS_OF_PAGE = {"charged": "charged or referred", "convicted": "charged or referred", "closed": "ordered closed or closed",
                  "no illegal activity found": "nothing found", "under investigation": "investigated",
                  "raided": "investigated", "denied": "denied"}
STATUS_ORDER = ("charged or referred", OTHER_OFFENCES, "ordered closed or closed", "closed without charges",
                "nothing found", "investigated",
                "denied", "alleged")
STATUS_COLUMNS = ["station_id", "status_now", "status_now_date", "status_now_basis", "status_now_event", "status_now_by"]

_WORD = re.compile(r"[^\W\d_]{4,}")
_GENERIC = {"city", "area", "street", "sites", "site", "station", "stations", "district", "centre", "center", "greater",
            "lower", "upper", "office", "building", "restaurant", "nationally", "including", "incl", "other", "others",
            "province", "region", "state", "metro", "south", "north", "east", "west", "chinatown", "floor", "undisclosed",
            "address", "association", "overseas", "police", "service", "chinese", "china", "near", "seat"}


def _words(*texts: str) -> set[str]:
    return {w for t in texts for w in _WORD.findall(str(t).casefold())} - _GENERIC


def station_status(stations: pd.DataFrame, responses: pd.DataFrame, as_of: str | None = None) -> pd.DataFrame:
    """One row per station: ``status_now`` and its date, basis (the event, or the station's own pages), event
    id and, for a denial, who denied. ``responses`` are cleaned responses (``dated_by``, ``iso3``). With
    ``as_of``, only what had happened by then counts: an event or a page status dated later is left out (an
    undated one stays, as nothing says it came later)."""
    events = [e for e in _events_by_place(responses) if not as_of or e["dated_by"] <= as_of]
    shared_city = stations.groupby(["iso3", "place"])["station_id"].transform("size") > 1
    rows = []
    for station, shared in zip(stations.to_dict("records"), shared_city):
        # Its own words: district or address, and a city name the gazetteer folds into another (Croydon → London).
        own = _words(station["district_or_address"]) | (_words(station["city"]) - _words(station["place"]))
        names = own if shared else own | _words(station["city"], station["place"], station["region"])
        records = [_as_seen(e, names, as_of) for e in events
                   if (names & e["words"] and (e["iso3"] == station["iso3"] or e["status"] == "denied"))
                   or (_country_wide_closure(e) and e["iso3"] == station["iso3"])]
        actions = [e for e in records if e["status"] != "denied"]
        page_status = STATUS_OF_PAGE.get(station["status"])
        if as_of and station["status_date_latest"] > as_of:
            page_status = None
        if not actions and page_status and page_status != "denied":
            actions = [{"status": page_status, "dated_by": station["status_date_latest"], "event_id": "",
                        "actor": "", "basis": "the station's own pages"}]
        denials = [e for e in records if e["status"] == "denied"]
        if not actions and not denials and page_status == "denied":
            denials = [{"status": "denied", "dated_by": station["status_date_latest"], "event_id": "", "actor": "",
                        "basis": "the station's own pages"}]
        # A closure stands: a later finding of nothing, or a later look, does not reopen a closed station.
        closures = [e for e in actions if e["status"] == "ordered closed or closed"]
        if closures:
            actions = [e for e in actions if e["status"] not in ("nothing found", "investigated")]
        # The latest action; undated ones after dated ones, then by how far the step goes.
        best = max(actions, key=lambda e: (e["dated_by"] != "", e["dated_by"], -STATUS_ORDER.index(e["status"])),
                   default=None) or min(denials, key=lambda e: e["dated_by"] or "9999", default=None)
        if best is None:
            rows.append((station["station_id"], "alleged", "", "nothing on record beyond the listing", "", ""))
            continue
        rows.append((station["station_id"], best["status"], best["dated_by"], best["basis"], best["event_id"],
                     best["actor"] if best["status"] == "denied" else ""))
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)


def _as_seen(event: dict, names: set[str], as_of: str | None) -> dict:
    """The event as a station sees it: dated by the latest of its rows (by ``as_of``) that name the station's
    place, so that a later step of one event (checks reported in a city a month on) counts at its own date."""
    dates = [date for words, date in event["rows"] if names & words and date and (not as_of or date <= as_of)]
    return {**event, "dated_by": max(dates)} if dates else event


def _country_wide_closure(event: dict) -> bool:
    """A closure ordered or reported for a whole country with no place named ("UK sites") reaches each of its
    stations. An action that names the country ("Germany") is not read as naming each station: a note asking
    that stations close says nothing of which exist."""
    return not event["words"] and event["status"] == "ordered closed or closed"


def _place_words(iso3: str, places_as_written) -> set[str]:
    """The words of an event's places as written, and of the gazetteer's name for each ("Roma" → "Rome"), so
    that a page in the country's own language names the station the station list names in English."""
    names = [part.strip() for text in places_as_written for part in str(text).split(";") if part.strip()]
    found = [places.find_city(iso3, name) for name in names]
    return _words(*names, *(city["name"] for city in found if city))


def _events_by_place(responses: pd.DataFrame) -> list[dict]:
    """Each event whose action sets a status, with the place words of all its rows and its earliest date, and
    each row's place words and date."""
    shown = responses[responses["action"].isin(STATUS_OF_ACTION)]
    other_offences = set(other_offence_events())
    events = []
    for event, group in shown.sort_values(["source_rank", "response_id"]).groupby("event_id", sort=True):
        dated = sorted(d for d in group["dated_by"] if d)
        status = STATUS_OF_ACTION[group["action"].iloc[0]]
        if status in ("charged or referred", "closed without charges") and event in other_offences:
            status = OTHER_OFFENCES
        events.append({"event_id": event, "iso3": group["iso3"].iloc[0],
                       "status": status, "words": _place_words(group["iso3"].iloc[0], group["stations_or_city"]),
                       "dated_by": dated[0] if dated else "", "actor": group["actor"].iloc[0],
                       "rows": [(_place_words(iso3, [place]), date) for iso3, place, date
                                in zip(group["iso3"], group["stations_or_city"], group["reported_by"])],
                       "basis": "a government action" if group["action"].iloc[0] != "denial" else "a denial"})
    return events


def other_offence_events() -> list[str]:
    """Events whose charges or referrals concern other offences than running a station, with the reason."""
    text = resources.files("analysis.reference").joinpath("other_offences.csv").read_text("utf-8")
    return [row["event_id"] for row in csv.DictReader(text.splitlines())]
