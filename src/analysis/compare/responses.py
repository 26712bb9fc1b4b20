"""Governments' responses: one row per event however many pages report it, counts by action, and
the governments said to be investigating beside those the ledger shows acting."""

from __future__ import annotations

import re

import pandas as pd

from ..clean import RESPONSE_DATE_BASES
from ..dates import parse_partial_date
from .claims import records, stated_figure

RESPONSE_ACTIONS_SHOWN = ("investigation opened", "investigation closed without charges", "raid", "arrest",
                          "referral to prosecutors", "charge", "plea", "conviction", "sentence", "closure ordered",
                          "closed", "no illegal activity found", "sites acknowledged", "denial")

EVENT_COLUMNS = ["event_id", "iso3", "country", "action", "event_date", "dated_by", "date_basis", "actor",
                 "stations_or_city", "responses", "source_ids", "date_source_id", "date_conflict"]


OWN_DATE_BASIS = "date of the action on its best page"


def events(responses: pd.DataFrame) -> pd.DataFrame:
    """One row per government action (``event_id``), however many pages report it.

    ``dated_by`` is the tightest date any of its pages allows (the action's own date where one is
    given); ``source_ids`` lists its pages, best-ranked first; ``date_source_id`` is the page that gives the date.
    """
    rows = []
    ordered = responses.sort_values(["source_rank", "response_id"])
    for event, group in ordered.groupby("event_id", sort=True):
        event_date = group["event_date"].iloc[0]
        # the action had happened by the earliest day any of its rows allows (a page reporting it done)
        dated = group[group["dated_by"] != ""].sort_values(["dated_by", "source_rank"])
        if event_date:  # a page's publication day may come before the end of a month or year the best page gives
            dated = dated[dated["date_basis"] == RESPONSE_DATE_BASES[2]]
        dated_by, basis, date_source = ((dated["dated_by"].iloc[0], dated["date_basis"].iloc[0], dated["source_id"].iloc[0])
                                        if not dated.empty else ("", "", ""))
        if event_date:  # the date of the event itself, from its best page, unless a page reports it done sooner
            own_latest = parse_partial_date(event_date).latest.isoformat()
            if not dated_by or own_latest <= dated_by:
                dated_by, basis = own_latest, OWN_DATE_BASIS
                date_source = group["event_date_source_id"].iloc[0] if "event_date_source_id" in group else ""
        rows.append({
            "event_id": event, "iso3": group["iso3"].iloc[0], "country": group["country"].iloc[0],
            "action": group["action"].iloc[0], "event_date": event_date,
            "dated_by": dated_by, "date_basis": basis, "actor": group["actor"].iloc[0],
            "stations_or_city": group["stations_or_city"].iloc[0], "responses": len(group),
            "source_ids": ";".join(dict.fromkeys(group["source_id"])), "date_source_id": date_source,
            "date_conflict": group["event_date_conflict"].iloc[0],
        })
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def responses_by_action(event_table: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Government and judicial actions that had happened by ``as_of``, counted as events and countries."""
    dated = event_table[(event_table["dated_by"] != "") & (event_table["dated_by"] <= as_of)]
    counted = dated[dated["iso3"] != ""]
    table = counted.groupby("action").agg(events=("event_id", "size"), countries=("iso3", "nunique"),
                                          country_list=("country", lambda c: "; ".join(sorted(set(c)))))
    table = table.reindex(sorted(table.index, key=lambda a: (a not in RESPONSE_ACTIONS_SHOWN, a))).reset_index()
    undated = event_table[(event_table["dated_by"] == "") & (event_table["iso3"] != "")]
    undated_events = undated.groupby("action").size()
    # Countries whose only events of the kind are undated: the dated count leaves them out.
    undated_only = {action: "; ".join(sorted(set(group["country"]) - set(counted.loc[counted["action"] == action, "country"])))
                    for action, group in undated.groupby("action")}
    missing = [a for a in undated_events.index if a not in set(table["action"])]
    if missing:  # an action no page dates at all still gets its row, with no dated event
        table = pd.concat([table, pd.DataFrame({"action": missing, "events": 0, "countries": 0, "country_list": ""})],
                          ignore_index=True)
        table = table.sort_values("action", key=lambda c: c.map(lambda a: (a not in RESPONSE_ACTIONS_SHOWN, a))).reset_index(drop=True)
    return table.assign(undated_events=[int(undated_events.get(a, 0)) for a in table["action"]],
                        undated_countries=[undated_only.get(a, "") for a in table["action"]])


def governments_investigating(selected: pd.DataFrame, event_table: pd.DataFrame, resolve) -> pd.DataFrame:
    """Each source's own "N governments are investigating" figure beside the ledger's list by that date.

    ``resolve`` maps a name to an ISO3 code or raises; the countries a claim names (in its wording or
    notes) are compared with the countries that have an "investigation opened" event by the claim's date.
    """
    claims = selected[(selected["metric"] == "countries_investigating") & (selected["duplicate_of"] == "")]
    claims = claims.drop_duplicates(["source_id", "value_text"])  # one page wording one figure twice is one row
    investigations = event_table[(event_table["action"] == "investigation opened") & (event_table["iso3"] != "")
                                 & (event_table["dated_by"] != "")]
    names = dict(zip(event_table["iso3"], event_table["country"]))
    rows = []
    for claim in records(claims.sort_values(["known_by", "claim_id"])):
        ledger = set(investigations.loc[investigations["dated_by"] <= claim["known_by"], "iso3"])
        named = _countries_named(f"{claim['value_text']}, {claim.get('notes', '')}", resolve)
        rows.append({
            "claim_id": claim["claim_id"], "source_id": claim["source_id"], "claimant_id": claim["claimant_id"],
            "known_by": claim["known_by"], "value_text": claim["value_text"], "figure": stated_figure(claim),
            "ledger_countries": len(ledger), "ledger_list": "; ".join(sorted(names.get(c, c) for c in ledger)),
            "named_by_source": "; ".join(sorted(named)),
            "named_not_in_ledger": "; ".join(sorted(named - {names.get(c, c) for c in ledger})),
            "in_ledger_not_named": "; ".join(sorted(names.get(c, c) for c in ledger if named and names.get(c, c) not in named)),
        })
    return pd.DataFrame(rows, columns=["claim_id", "source_id", "claimant_id", "known_by", "value_text", "figure",
                                       "ledger_countries", "ledger_list", "named_by_source", "named_not_in_ledger",
                                       "in_ledger_not_named"])


def _countries_named(text: str, resolve) -> set[str]:
    found = set()
    for part in re.split(r",|;|\band\b|\bund\b|\by\b|\bet\b|\(|\)", text):
        part = part.strip().removeprefix("the ").strip()
        if not part or len(part) > 40:
            continue
        try:
            found.add(resolve(part))
        except Exception:  # noqa: BLE001 - a fragment that is not a country name
            continue
    return found
