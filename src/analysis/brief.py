"""``reports/numbers.json`` (every figure the brief prints, each with the claims and sources behind it)
and ``reports/brief.pdf`` (Typst; the template only reads numbers.json and the figures, so no figure is
typed or computed in the brief)."""

from __future__ import annotations

import re
import json
import math
from importlib import resources
from pathlib import Path

import pandas as pd

from . import config, names
from . import provenance
from .clean import unwrapped, without_tracking
from .dates import is_after, newest_date
from .compare import report_totals
from .compare.responses import OWN_DATE_BASIS
from .files import write_atomically
from .names import FOLLOWED_AUTHORS, display_date
from .params import Params
from .status import other_offence_events
from .aliases import claimant_id, claimants_named
from .ranks import OFFICIAL_KINDS, outlet_tiers, page_ranks

BRIEF_TEMPLATE = "brief.typ"

# Government actions the brief reports, in the order of a case's life, in the words courts and police use;
# statements and denials are kept apart.
ACTIONS_SHOWN = ("investigation opened", "raid", "arrest", "referral to prosecutors", "charge", "plea", "conviction",
                 "sentence", "investigation closed without charges", "no illegal activity found", "closure ordered",
                 "closed", "sites acknowledged")
ACTION_WORDS = {"investigation opened": "investigations opened", "raid": "searches or raids", "arrest": "arrests",
                "referral to prosecutors": "referrals to prosecutors", "charge": "charges or indictments",
                "plea": "guilty pleas", "conviction": "convictions", "sentence": "sentences",
                "investigation closed without charges": "investigations closed without charges",
                "no illegal activity found": "statements that no station, or no illegal activity, was found (so far)",
                "closure ordered": "closures ordered",
                "closed": "stations reported closed", "sites acknowledged": "sites acknowledged by an agency"}
# Why a figure departs from its author's, in words a newcomer reads without the codebook.
CLASS_WORDS = {"different date or period": "a figure of another date or another report",
               "different scope": "another scope's figure (a region's or a bureau's as the world's)",
               "misquote or typo": "misquoted or mistyped",
               "arithmetic inconsistency": "the page gives two different figures",
               "genuine disagreement": "differs from the author's figure for no reason the comparison finds",
               "report name as a count": "the number in a report's title, read as a count",
               "credited to the wrong report": "the author's later figure credited to its earlier report",
               "superseded revision": "an earlier revision"}
METRIC_WORDS = {"stations": "stations", "countries": "countries"}
# The rule behind each kind of figure the brief prints (numbers.json names it beside the figure).
REFERENCE_RULE = ("the report's reference figure: its author's own, from the author's page where stored, else the "
                  "figure most outlets repeat; cited to a dated page of the best kind that gives it (blogs and "
                  "reposts last)")
LOCATED_RULE = "stations the report counts (cumulative over the reports it follows) located by any page in the ledger"
EVENT_RULE = "government actions counted once per event (event_id), dated by as_of"
VERDICT_RULE = "story claims by verdict"
# right, right when its author said it, right when written, and an allegation credited to its source as it stands
FAIR_VERDICTS = ("supported", "outdated", "unsettled", "stale wording", "attributed", "unsupported")
VERDICT_MEANINGS = {
    "supported": "matches the latest figure its author is on record as having published then (not a finding that it is true)",
    "outdated": "right about the report it names, which its author has since replaced",
    "unsettled": "right about the report it names; whether a later figure of its author was public by then, the stored pages do not settle",
    "stale wording": "right when written, not on the day it ran",
    "erroneous": "wrong on the day it ran",
    "misattributed": "said of something else and credited to the stations",
    "copy error": "a slip in copying a name",
    "scope error": "a figure about something else given as the stations' work",
    "contradicted": "its author had published another figure",
    "attributed": "an allegation credited accurately to the source that made it (the brief checks the credit, not the allegation)",
    "unsupported": "no report had given the figure by then",
}
# The lead's phrase before the number of countries ("arrests in 1 (United States)"), for one and for several.
LEAD_WORDS = {"investigation opened": ("an investigation opened in", "investigations opened in"),
              "raid": ("a police search in", "police searches in"),
              "arrest": ("arrests in", "arrests in"),
              "referral to prosecutors": ("a referral to prosecutors in", "referrals to prosecutors in"),
              "charge": ("charges in", "charges in"),
              "plea": ("a guilty plea in", "guilty pleas in"),
              "conviction": ("a conviction in", "convictions in"),
              "sentence": ("a sentence in", "sentences in"),
              "investigation closed without charges": ("an investigation closed without charges in",
                                                       "investigations closed without charges in"),
              "no illegal activity found": ("a statement that no evidence of illegal activity was found in",
                                            "statements that no evidence of illegal activity was found in"),
              "closure ordered": ("stations ordered closed in", "stations ordered closed in"),
              "closed": ("stations reported closed in", "stations reported closed in"),
              "sites acknowledged": ("sites acknowledged by an agency in", "sites acknowledged by agencies in")}
NAMED_UP_TO = 2  # the lead names the countries of an action taken in this many or fewer
KEPT_OUT_WORDS = {"duplicate entry": "repeated entries of the same fact", "undated": "undated claims",
                  "made after as_of": "claims made after the data date",
                  "claimant not selected": "claims by claimants not selected",
                  "source kind not selected": "claims from kinds of page not selected"}


def display(value: float) -> str:
    """A count as the brief prints it: whole numbers with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    if math.isinf(value):
        return "no upper bound"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


HEDGES = {"at-least": "at least ", "more-than": "more than ", "about": "about ", "up-to": "up to "}


def _figure(value: float, claim_ids: list[str] = (), source_ids: list[str] = (), **extra) -> dict:
    """A figure as numbers.json holds it: value, display text, and the claims and pages behind it."""
    finite = value is not None and not pd.isna(value) and math.isfinite(value)
    return {"value": float(value) if finite else None, "display": display(value),
            "claim_ids": sorted({c for c in claim_ids if c}),
            "source_ids": list(dict.fromkeys(s for s in source_ids if s)), **extra}


def _dated_twin(row: pd.Series, metric: str, claims: pd.DataFrame | None) -> list[str]:
    """When the page a figure stands on shows no date, or is a blog or repost: the best-ranked dated page (a
    wire, an outlet, not a blog or repost) that gives the same figure of the same report, credited to its
    author, with the same hedge, the earliest of them, so the citation can be dated and read in an outlet."""
    if claims is None:
        return []
    weak = claims.loc[(claims["page_published_latest"] == "") | (claims["source_rank"] >= 5), "source_id"]
    if row["reference_source_id"] not in set(weak):
        return []
    twins = claims[(claims["report_id"] == row["report_id"]) & (claims["claimant_id"] == row["claimant_id"])
                   & (claims["metric"] == metric)
                   & (claims["scope_key"] == row["scope_key"]) & (claims["value"] == row["reference_value"])
                   & (claims["qualifier"] == row["reference_qualifier"]) & (claims["page_published_latest"] != "")
                   & (claims["duplicate_of"] == "") & (claims["source_rank"] < 5)]
    return twins.sort_values(["source_rank", "page_published_latest", "claim_id"])["source_id"].head(1).tolist()


def _other_wordings(row: pd.Series, metric: str, claims: pd.DataFrame | None) -> list[str]:
    """How other dated news pages hedge the author's same figure ("at least 54", "some 54") when the page it
    stands on gives it plain and is not the author's own: the author's hedge may be the one a copy dropped.
    The two most frequent English wordings."""
    if claims is None or row["reference_qualifier"] != "exact" or row.get("own_publication", False):
        return []  # the author's own page gives its own hedge
    same = claims[(claims["report_id"] == row["report_id"]) & (claims["claimant_id"] == row["claimant_id"])
                  & (claims["metric"] == metric) & (claims["scope_key"] == row["scope_key"])
                  & (claims["value"] == row["reference_value"]) & claims["qualifier"].isin(("at-least", "about"))
                  & (claims["page_published_latest"] != "") & (claims["source_rank"] < 5)]
    worded = same["value_text"].str.lower()
    worded = worded[worded.str.match(r"(?:at least|some) \d")]  # as a reader of the brief would write it
    return worded.value_counts().sort_index().sort_values(ascending=False, kind="stable").head(2).index.tolist()


def _quoted_on(row: pd.Series, claims: pd.DataFrame | None) -> str:
    """The day the author gave the figure in words a page quotes (a post, an interview), when the figure
    stands on such a quote; else empty."""
    if claims is None:
        return ""
    spoken = claims.loc[claims["claim_id"] == row["reference_claim_id"], "claimed_on_full"]
    return names.display_date(spoken.iloc[0]) if len(spoken) and spoken.iloc[0] else ""


def author_figures(totals: pd.DataFrame, reports: pd.DataFrame, sources: pd.DataFrame,
                   claims: pd.DataFrame | None = None) -> list[dict]:
    """The two authors whose counts everyone repeats, each with their own totals report by report, cited to
    the page the figure stands on and to the report's own page (and, when the page it stands on is undated,
    to the earliest dated page giving the same figure). ``relayed_by`` names the outlet whose page the figure
    stands on when that is not the report's own page: the figure is then second-hand."""
    report_page = dict(zip(reports["report_id"], reports["source_id"]))
    publisher = dict(zip(sources["source_id"], sources["original_publisher"].where(sources["original_publisher"] != "",
                                                                                   sources["publisher"])))
    authors = []
    for author in FOLLOWED_AUTHORS:
        own = totals[totals["claimant_id"] == author].sort_values(["report_published", "report_id"])
        figures = []
        for report_id, group in own.groupby("report_id", sort=False):
            by_metric = group.set_index("metric")
            entry = {"report": names.report_label(report_id, reports)}
            for metric in METRIC_WORDS:
                if metric in by_metric.index:
                    row = by_metric.loc[metric]
                    # The report's own page is cited only when the figure stands on it: a relayed figure cites its relay.
                    own_page = (row["reference_source_id"] == report_page.get(report_id)
                                or not entry["report"]["titled"])  # an untitled tally's page is the relay itself
                    pages = ([row["reference_source_id"]] if not own_page and row["reference_source_id"]
                             else [report_page.get(report_id, ""), row["reference_source_id"]])
                    entry[metric] = _figure(row["reference_value"], [row["reference_claim_id"]],
                                            list(dict.fromkeys(pages + _dated_twin(row, metric, claims))),
                                            rule=REFERENCE_RULE, hedge=HEDGES.get(row["reference_qualifier"], ""),
                                            quoted_on=_quoted_on(row, claims),
                                            other_wordings=_other_wordings(row, metric, claims),
                                            relayed_by="" if row["reference_source_id"] == report_page.get(report_id)
                                            else publisher.get(row["reference_source_id"], ""))
            if "stations" in entry:
                entry["relays"] = list(dict.fromkeys(entry[m]["relayed_by"] for m in METRIC_WORDS
                                                     if m in entry and entry[m]["relayed_by"]))
                figures.append(entry)
        if figures:
            authors.append({"name": names.report_label(own["report_id"].iloc[0], reports)["author"],
                            "figures": figures})
    return authors


def revisions(reports: pd.DataFrame, as_of: str) -> list[dict]:
    """Revisions of a report (``supersedes``) published by ``as_of``, with what the page says changed."""
    revised = reports[(reports["supersedes"] != "") & (reports["published_latest"] != "")
                      & (reports["published_latest"] <= as_of)]
    rows = []
    for report in revised.to_dict("records"):
        change = report["title"].split("(", 1)[1].rstrip(")") if "(" in report["title"] else ""
        rows.append({"report": names.report_label(report["report_id"], reports), "change": change,
                     "source_ids": [report["source_id"]], "of": names.report_label(report["supersedes"], reports)})
    return rows


def report_rows(comparison: pd.DataFrame, reports: pd.DataFrame, qualifiers: dict[str, str]) -> list[dict]:
    """Table 1: one row per report that gives a total: its figures beside the stations documented for it, in
    the order the reports came out (a report no page dates, by the date it counts as of, else its first dated page)."""
    # a report no page dates sits at the date it counts as of, where its name gives one ("as of late June
    # 2022"), else at its first dated page
    as_of = {r: row.get("counts_as_of", "") for r, row in names.report_names().items()}
    when = {r: published or as_of.get(r, "") or first for r, published, first in
            zip(reports["report_id"], reports["published_latest"], reports.get("first_dated_page", [""] * len(reports)))}
    rows = []
    for row in sorted(comparison.to_dict("records"), key=lambda r: (when.get(r["report_id"], "") or "9999", r["report_id"])):
        if pd.isna(row["stations"]):
            continue  # a report that gives only a number of countries stays in report_comparison.csv
        entry = {"report": names.report_label(row["report_id"], reports),
                 "scope": "world" if row["scope"] == "world" else "its bureau"}
        for metric in ("stations", "countries"):
            claim, source = row[f"{metric}_claim_id"], row[f"{metric}_source_id"]
            entry[metric] = _figure(row[metric], [claim], [source], rule=REFERENCE_RULE,
                                    hedge=HEDGES.get(qualifiers.get(claim, ""), ""))
        for column in ("documented", "located_city", "located_region_or_country", "not_located"):
            entry[column] = _figure(row[column], basis="data/processed/report_comparison.csv", rule=LOCATED_RULE)
        own_page = reports.set_index("report_id").at[row["report_id"], "source_id"]
        entry["source_ids"] = list(dict.fromkeys(s for s in (own_page, row["stations_source_id"], row["countries_source_id"]) if s))
        entry["exceeds"] = bool(row.get("documented_exceeds_claimed", False))
        rows.append(entry)
    return rows


# Actions whose reach is the speaker's own (a state police, a city's mayor): each country names who spoke.
SPEAKER_NAMED = ("no illegal activity found",)


# How an agency described the stations it acknowledged, in the words of its answer as its pages report them
# (responses.csv r139, r263): the count alone would read as more than the agency said.
ACKNOWLEDGED_AS = {"DEU": "so-called, tied to individuals and mobile, with no fixed offices"}
# Actions the lead names country by country, each with its pages (the others cite their first event only).
CITED_BY_COUNTRY = ("sites acknowledged",)


def _and_list(items: list[str]) -> str:
    """"France and Germany"; "A, B and C"."""
    items = [i for i in items if i]
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _with_speakers(of_action: pd.DataFrame) -> str:
    """Each country of the dated events with the authorities that spoke ("Germany (Landeskriminalamt Hessen)"),
    so that a state police's or a city's finding is not read as its national government's."""
    speakers = of_action.assign(speaker=of_action["actor"].str.split(" (", regex=False).str[0])
    return "; ".join(f"{country} ({', '.join(dict.fromkeys(group['speaker']))})"
                     for country, group in speakers.groupby("country", sort=True))


def _event_date(event: dict) -> str:
    """An event's date as the brief prints it: its own date, or "by" the first page reporting it; where its
    pages give other dates, all of them ("Jun 2025 or Jul 2025 (its pages differ)")."""
    own = (display_date(event["event_date"]) if event["date_basis"] == OWN_DATE_BASIS
           else f"by {display_date(event['dated_by'])}")
    others = [d.strip() for d in event.get("date_conflict", "").split(";") if d.strip()]
    if not others or event["date_basis"] != OWN_DATE_BASIS:
        return own
    dates = sorted({event["event_date"], *others})
    return " or ".join(display_date(d) for d in dates) + " (its pages differ)"


def _own_count(event: dict, claims: pd.DataFrame | None) -> dict | None:
    """The number of stations an acknowledging agency itself gave, on the event's own pages (a claim by a
    claimant other than the report authors, for the event's country): None when no page gives one."""
    if claims is None:
        return None
    pages = set(event["source_ids"].split(";"))
    given = claims[claims["source_id"].isin(pages) & (claims["metric"] == "stations")
                   & (claims["scope_type"] == "country") & (claims["report_id"] == "") & claims["value"].notna()]
    given = given[given["scope_key"] == event["iso3"]] if "scope_key" in given else given
    if given.empty:
        return None
    row = given.sort_values("claim_id").iloc[0]
    return _figure(row["value"], [row["claim_id"]], [row["source_id"]], written=row["value_text"],
                   rule="the agency's own number, as its page words it")


def event_rows(by_action: pd.DataFrame, events: pd.DataFrame, as_of: str, sources: pd.DataFrame,
               claims: pd.DataFrame | None = None) -> list[dict]:
    """What governments did: per action, the dated events and their countries (a lower bound: undated events
    are shown apart, with the countries they alone add), and the first on record with its pages."""
    happened = events[(events["dated_by"] != "") & (events["dated_by"] <= as_of)]
    dated = dict(zip(sources["source_id"], sources["published"]))
    official = set(sources.loc[sources["kind"].isin(OFFICIAL_KINDS), "source_id"])
    weak, aggregators = weak_pages(sources), aggregator_pages(sources)
    rows = []
    for row in by_action[by_action["action"].isin(ACTIONS_SHOWN)].to_dict("records"):
        of_action = happened[(happened["action"] == row["action"]) & (happened["iso3"] != "")].sort_values(
            ["dated_by", "event_id"])
        first = of_action.iloc[0] if not of_action.empty else None
        rows.append({
            "action": ACTION_WORDS[row["action"]],
            "lead": LEAD_WORDS[row["action"]][0 if row["events"] == 1 else 1],
            "named": row["country_list"].replace("; ", " and ") if row["countries"] <= NAMED_UP_TO else "",
            "plain_list": _and_list(row["country_list"].split("; ")),  # for prose: no table marks
            # each country's first event of this kind, its date and best pages (prose cites every country)
            "by_country": [{"country": e["country"], "date": _event_date(e), "count": _own_count(e, claims),
                            "qualified": ACKNOWLEDGED_AS.get(e["iso3"], ""),
                            "source_ids": _strongest_pages(e["source_ids"].split(";"), dated, official, weak, aggregators,
                                                           e.get("date_source_id", ""))}
                           for e in of_action.drop_duplicates("country").to_dict("records")]
            if row["action"] in CITED_BY_COUNTRY else [],
            "events": _figure(row["events"], basis="data/processed/events.csv", rule=EVENT_RULE),
            "countries": _figure(row["countries"], basis="data/processed/events.csv", rule=EVENT_RULE),
            "undated": _figure(row["undated_events"], basis="data/processed/events.csv",
                               rule="events of this kind that no page dates: not counted above"),
            "undated_countries": row["undated_countries"],
            # countries whose events of this kind rest on one news page or on reposts only (marked * in the table)
            "thin": _figure(sum(c.endswith("*") for c in _mark_thin(row["country_list"], of_action, weak, official).split("; ")
                                if c), basis="data/processed/events.csv", rule="countries resting on one page or reposts"),
            "country_list": _mark_thin(
                _with_speakers(of_action) if row["action"] in SPEAKER_NAMED
                else _mark_other_offences(row["action"], row["country_list"], of_action), of_action, weak, official),
            "first": None if first is None else {
                "date": display_date(first["event_date"]) if first["date_basis"] == OWN_DATE_BASIS
                else f"by {display_date(first['dated_by'])}",
                "other_dates": ", ".join(display_date(d.strip()) for d in first["date_conflict"].split(";") if d.strip()),
                "country": first["country"],
                "source_ids": _strongest_pages(first["source_ids"].split(";"), dated, official, weak, aggregators,
                                               first.get("date_source_id", ""))},
        })
    return sorted(rows, key=lambda r: [ACTION_WORDS[a] for a in ACTIONS_SHOWN].index(r["action"]))


THIN = "one page"


def _mark_thin(countries: str, events: pd.DataFrame, weak: set[str], official: set[str] = frozenset()) -> str:
    """A country whose events of this kind rest on a single page, or only on reposts and aggregators, is marked
    so: the count includes it, the reader sees how thin it is. A government's, court's or parliament's own
    record is not thin, even alone: it is the act itself."""
    marked = []
    for entry in filter(None, countries.split("; ")):
        country = entry.split(" (", 1)[0]
        pages = {p for ids in events.loc[events["country"] == country, "source_ids"] for p in ids.split(";") if p}
        thin = pages and not pages & official and (len(pages) == 1 or pages <= weak)
        marked.append(f"{entry}*" if thin else entry)
    return "; ".join(marked)


_CHINESE_MISSION = re.compile(r"(?=.*\b(?:China|Chinese)\b)(?=.*\b(?:[Ee]mbassy|[Cc]onsulate))")


def _mark_china_says(countries: str, events: pd.DataFrame) -> str:
    """A closure known only from China's own embassy or consulate is marked so: it is China's word, not the host's."""
    marked = []
    for country in filter(None, countries.split("; ")):
        actors = events.loc[events["country"] == country, "actor"]
        china_only = len(actors) > 0 and all(_CHINESE_MISSION.search(a) for a in actors)
        marked.append(f"{country} (per China's mission)" if china_only else country)
    return "; ".join(marked)


def _mark_other_offences(action: str, countries: str, events: pd.DataFrame) -> str:
    """A country whose every event of a police or charging kind (a search, a referral, a charge…) concerns other
    offences than running a station is marked so; a closure only China's mission reports, so."""
    if action == "closed":
        return _mark_china_says(countries, events)
    if action not in ("raid", "referral to prosecutors", "charge", "conviction", "sentence", "investigation closed without charges"):
        return countries
    other = set(other_offence_events())
    marked = []
    for country in filter(None, countries.split("; ")):
        ids = set(events.loc[events["country"] == country, "event_id"])
        marked.append(f"{country} (other offences)" if ids and ids <= other else country)
    return "; ".join(marked)


def _strongest_pages(ranked: list[str], dated: dict[str, str], official: set[str] = frozenset(),
                     weak: set[str] = frozenset(), aggregators: set[str] = frozenset(), date_source: str = "") -> list[str]:
    """The pages to cite for an event (its pages come best-ranked first): the best official page (a
    government's, a court's or a parliament's, or a verbatim reprint of one) and the best dated page that is
    not a blog, repost or aggregator; the best-ranked page when neither exists. A repost is cited only when
    the event has nothing else. The page that gives the event's date (``date_source``) is cited too, so that
    every date printed stands on a cited page (unless that page is an aggregator's)."""
    usable = [s for s in ranked if s not in weak] or ranked
    # A dated page that gives the event's own date stands in for the best dated page.
    dated_page = ([date_source] if date_source and dated.get(date_source) and date_source not in aggregators
                  else [s for s in usable if dated.get(s)][:1])
    pages = [s for s in usable if s in official][:1] + dated_page
    pages = list(dict.fromkeys(pages)) or usable[:1]
    if not any(dated.get(s) for s in pages):  # nothing better is dated: a dated reprint gives the date
        pages += [s for s in ranked if dated.get(s) and s not in aggregators][:1]
    if date_source and date_source not in pages and date_source not in aggregators:
        pages.append(date_source)
    return pages


def aggregator_pages(sources: pd.DataFrame) -> set[str]:
    """Pages of outlets the tier table lists as reposts or aggregators (never cited for a fact), unless the
    page names the outlet whose article it carries: a feed copy of a named, dated article is cited as that
    article's text (the sources list names both), rather than a translation of it."""
    tiers = outlet_tiers()
    anonymous = sources["original_publisher"] == ""
    return set(sources.loc[sources["publisher"].map(lambda p: tiers.get(p) == 5) & anonymous, "source_id"])


def text_tiers(sources: pd.DataFrame) -> dict[str, str]:
    """Whose text each page carries, as a tier: "major" when the outlet that wrote it (the original of a
    reprint, else the publisher) is a wire or major outlet in the tier table, or the page is official or
    academic; "weak" when it is a blog, repost or aggregator carrying no such outlet's text; else "other"."""
    tiers = outlet_tiers()
    def tier(name: str) -> int:
        return tiers.get(name) or tiers.get(name.split(" (via", 1)[0], 0)
    weak = weak_pages(sources)
    tiers_of = {}
    for source, publisher, original, kind in zip(sources["source_id"], sources["publisher"],
                                                 sources["original_publisher"], sources["kind"]):
        if tier(original or publisher) == 3 or kind in (*OFFICIAL_KINDS, "academic"):
            tiers_of[source] = "major"
        else:
            tiers_of[source] = "weak" if source in weak and not original else "other"
    return tiers_of


def weak_pages(sources: pd.DataFrame) -> set[str]:
    """Pages of rank 5 (a blog, a repost, an aggregator): cited only when an event has no other page."""
    reprint = sources["original_publisher"] != ""
    ranks = page_ranks([""] * len(sources), [""] * len(sources), sources["kind"].tolist(), sources["publisher"].tolist(),
                       reprint.tolist())
    return set(sources.loc[ranks == 5, "source_id"])


def other_cases(events: pd.DataFrame, as_of: str, sources: pd.DataFrame) -> dict:
    """Per country whose cases concern other offences than running a station, the latest court or
    prosecution step by ``as_of`` (a conviction, a decision not to indict), with its date and pages."""
    other = set(other_offence_events())
    steps = events[(events["dated_by"] != "") & (events["dated_by"] <= as_of)
                   & events["action"].isin(("referral to prosecutors", "charge", "conviction", "sentence",
                                            "investigation closed without charges"))]
    countries = set(events.loc[events["event_id"].isin(other), "iso3"])
    dated = dict(zip(sources["source_id"], sources["published"]))
    weak, aggregators = weak_pages(sources), aggregator_pages(sources)
    cases = {}
    for iso3 in sorted(countries):
        latest = steps[steps["iso3"] == iso3].sort_values(["dated_by", "event_id"])
        if latest.empty:
            continue
        row = latest.iloc[-1]
        cases[iso3] = {"action": row["action"], "date": display_date(row["event_date"] or row["dated_by"]),
                       "by": "" if row["event_date"] else "by ",
                       "source_ids": _strongest_pages(row["source_ids"].split(";"), dated, weak=weak,
                                                      aggregators=aggregators, date_source=row.get("date_source_id", ""))}
    return cases


COURT_STEPS = ("conviction", "sentence")  # after a plea, what a reader of a case wants to know came next


def court_steps(events: pd.DataFrame, as_of: str, sources: pd.DataFrame, iso3: str) -> dict:
    """A country's case at the data date (the trial verdicts and sentences on record by ``as_of``) and the
    steps after it that a court's or a government's own page states, each with its date and that page: the
    brief reports such a step as news after the data date, never in its counts. A later step that only
    news pages relay is said as relayed, with the outlet they credit, and as unconfirmed by any record."""
    steps = events[(events["iso3"] == iso3) & events["action"].isin(COURT_STEPS) & (events["dated_by"] != "")]
    official = set(sources.loc[sources["kind"].isin(OFFICIAL_KINDS), "source_id"])
    later = steps[steps["dated_by"] > as_of].sort_values(["dated_by", "event_id"])
    confirmed = [any(s in official for s in ids.split(";")) for ids in later["source_ids"]]
    credit = dict(zip(sources["source_id"], sources["original_publisher"]))
    return {"by_as_of": sorted(set(steps.loc[steps["dated_by"] <= as_of, "action"])),
            "after": [{"action": row["action"], "date": display_date(row["dated_by"]),
                       "source_ids": [s for s in row["source_ids"].split(";") if s in official][:1]}
                      for row, ok in zip(later.to_dict("records"), confirmed) if ok],
            # a later step only news pages relay: said as relayed, by whom, and not confirmed by any record
            "relayed": [{"action": row["action"], "date": display_date(row["dated_by"]),
                         "by": next((credit[s] for s in row["source_ids"].split(";") if credit.get(s)), ""),
                         "source_ids": [row["date_source_id"]] if row.get("date_source_id") else row["source_ids"].split(";")[:1]}
                        for row, ok in zip(later.to_dict("records"), confirmed) if not ok]}


def site_outcomes(events: pd.DataFrame, as_of: str, sources: pd.DataFrame) -> dict:
    """The date and pages of each named site's investigation outcome (``SITE_OUTCOMES``), when it had happened."""
    dated = dict(zip(sources["source_id"], sources["published"]))
    weak, aggregators = weak_pages(sources), aggregator_pages(sources)
    found = {}
    for site, event in SITE_OUTCOMES.items():
        rows = events[(events["event_id"] == event) & (events["dated_by"] != "") & (events["dated_by"] <= as_of)]
        if not rows.empty:
            row = rows.iloc[0]
            found[site] = {"date": ("" if row["event_date"] else "by ") + display_date(row["event_date"] or row["dated_by"]),
                           "source_ids": _strongest_pages(row["source_ids"].split(";"), dated, weak=weak,
                                                          aggregators=aggregators, date_source=row.get("date_source_id", ""))}
    return found


def official_findings(events: pd.DataFrame, as_of: str, sources: pd.DataFrame) -> list[dict]:
    """Statements that no evidence of illegal activity was found, made by a government in its own record (a
    parliament's statement, a government's answer): who, when and the page."""
    official = set(sources.loc[sources["kind"].isin(OFFICIAL_KINDS), "source_id"])
    found = events[(events["action"] == "no illegal activity found") & (events["dated_by"] != "")
                   & (events["dated_by"] <= as_of)].sort_values(["dated_by", "event_id"])
    rows = []
    for row in found.to_dict("records"):
        pages = [s for s in row["source_ids"].split(";") if s in official]
        if pages:
            rows.append({"country": row["country"], "date": display_date(row["event_date"] or row["dated_by"]),
                         "source_ids": pages[:1]})
    return rows


def governments_rows(governments: pd.DataFrame) -> list[dict]:
    """Each source's own count of governments investigating, beside the ledger's count by that date."""
    own = governments[governments["claimant_id"].isin(FOLLOWED_AUTHORS)]
    return [{"figure": _figure(r["figure"], [r["claim_id"]], [r["source_id"]], written=r["value_text"],
                               rule="the author's own count, as its page words it"),
             "date": display_date(r["known_by"]),
             "ledger": _figure(r["ledger_countries"], basis="data/processed/governments_investigating.csv",
                               rule="countries with an investigation event dated by the author's claim"),
             "ledger_list": r["ledger_list"], "named_not_in_ledger": r["named_not_in_ledger"]}
            for r in own.to_dict("records")]


def _story_pages(verdict: dict) -> list[str]:
    """The pages a verdict row cites: those of the verdict when the story ran, then (if it changed since)
    those of the verdict now; the story itself is not cited against itself."""
    then = verdict["evidence_then_source_ids"].split(";")
    now = verdict["evidence_source_ids"].split(";") if verdict["verdict_then"] != verdict["verdict"] else []
    return [s for s in dict.fromkeys(then[:2] + now + then[2:]) if s and s != "story-under-review"][:4]


def story_block(sources: pd.DataFrame, verdicts: pd.DataFrame) -> dict:
    row = sources[sources["kind"] == "story-under-review"].iloc[0]
    related = [s for s in sources["source_id"] if s in row["notes"] and s != row["source_id"]]
    return {
        "related": [{"source_ids": [s], "publisher": sources.set_index("source_id").at[s, "original_publisher"]
                     or sources.set_index("source_id").at[s, "publisher"],
                     "date": display_date(sources.set_index("source_id").at[s, "published"])} for s in related],
        "headline": row["title"], "outlet": row["publisher"], "date": display_date(row["published"]),
        "source_ids": [row["source_id"]],
        "when_ran": display_date(verdicts["story_date"].iloc[0]) if not verdicts.empty else "",
        "claims": [
            {"statement": r["statement"], "verdict_then": r["verdict_then"], "reason_then": r["reason_then"],
             "verdict": r["verdict"], "reason": r["reason"],
             "changed": r["verdict_then"] != r["verdict"],
             # the pages of both verdicts: "when it ran" rests on pages dated by the story's day
             "source_ids": _story_pages(r)}
            for r in verdicts.to_dict("records")
        ],
        "errors": _figure(int((~verdicts["verdict_then"].isin(FAIR_VERDICTS)).sum()), rule=VERDICT_RULE + ", errors"),
        "held": _figure(int(verdicts["verdict_then"].isin(FAIR_VERDICTS).sum()), rule=VERDICT_RULE + ", not errors"),
        # the verdicts that are not errors, as far as the table uses them (each is defined in its caption)
        "not_errors": _listed_words([v for v in FAIR_VERDICTS if v in set(verdicts["verdict_then"])]),
        # slips: the errors that are a misspelt name or a wrong word, not a claim credited to the wrong thing
        "slips": _figure(int(verdicts["verdict_then"].isin(["copy error", "erroneous"]).sum()),
                         rule=VERDICT_RULE + ", copy errors and erroneous wording"),
        "errors_from_wire": _figure(int((~verdicts["verdict_then"].isin(FAIR_VERDICTS) & (verdicts["wire_copy"] != "")).sum()),
                                    rule="errors when it ran that the wire item it repeats already carried"),
        "wire": {"source_ids": sorted(set(";".join(verdicts.loc[~verdicts["verdict_then"].isin(FAIR_VERDICTS), "wire_copy"])
                                      .split(";")) - {""})},
        "counts_then": {k: _figure(n, rule=VERDICT_RULE) for k, n in sorted(verdicts["verdict_then"].value_counts().items())},
        "definitions": [{"verdict": v, "label": v.capitalize(), "meaning": VERDICT_MEANINGS[v]} for v in VERDICT_MEANINGS
                        if v in set(verdicts["verdict_then"]) | set(verdicts["verdict"])],
        "counts": {k: _figure(n, rule=VERDICT_RULE) for k, n in sorted(verdicts["verdict"].value_counts().items())},
    }


def departure_rows(discrepancies: pd.DataFrame, claims: pd.DataFrame, reports: pd.DataFrame, sources: pd.DataFrame,
                   totals: pd.DataFrame | None = None) -> list[dict]:
    """Table 4: world figures of stations and countries that depart from their author's figure, one row per
    figure, reason and author's figure compared with (so every claim of a row departs for the row's reason
    from the row's reference), most repeated first; every row, so that the table holds every departing claim.
    The example is one of the row's claims, the earliest; a figure of another date or report names the
    report that gave it, when one did (``totals``: each report's own figures)."""
    world = reported_comparison(discrepancies, claims)
    world = world[world["class"].isin(CLASS_WORDS)]
    world = world.assign(figure=world["value"].fillna(world["lower"]))
    report_of = dict(zip(claims["claim_id"], claims["report_id"]))
    dated_by = dict(zip(claims["claim_id"], claims["dated_by"]))
    page_date = dict(zip(sources["source_id"], sources["published"]))
    publisher = dict(zip(sources["source_id"], sources["publisher"]))
    original = dict(zip(sources["source_id"], sources["original_publisher"]))
    translated = dict(zip(sources["source_id"], sources["translation"]))
    weak = weak_pages(sources)
    rows = []
    for (metric, figure, kind, reference), group in world.groupby(["metric", "figure", "class", "reference_value"]):
        # the earliest dated page, an outlet's own page before a blog's or aggregator's repost of it
        example = group.assign(page=group["source_id"].map(lambda x: page_date.get(x, "") or "9999"),
                               repost=group["source_id"].isin(weak)).sort_values(
            ["repost", "page", "known_by", "claim_id"]).iloc[0]
        reference_report = report_of.get(example["reference_claim_id"], "")
        rows.append({"metric": METRIC_WORDS[metric], "class": kind,
                     "figure": _figure(figure, list(group["claim_id"]), rule="a departing world figure (discrepancies.csv)"),
                     "claims": _figure(len(group), basis="data/processed/discrepancies.csv",
                                       rule="claims giving the figure for this reason against this reference"),
                     # the page's own date; an undated page's claim is dated by the report it repeats
                     "example": {"claim_id": example["claim_id"], "written": example["value_text"],
                                 # an example read only in another site's copy names that site: the slip may be the copy's
                                 "copy_by": publisher.get(example["source_id"], "") if original.get(example["source_id"]) else "",
                                 "translation": bool(translated.get(example["source_id"], False)),
                                 "date": _example_date(page_date.get(example["source_id"], ""),
                                                       dated_by.get(example["claim_id"], "")),
                                 "source_ids": [example["source_id"]]},
                     "outlets": _figure(group["origin"].nunique(), basis="data/processed/discrepancies.csv",
                                        rule="distinct outlets giving the figure"),
                     "reference": _figure(reference, [example["reference_claim_id"]], rule=REFERENCE_RULE),
                     "reference_report": names.report_label(reference_report, reports) if reference_report else None,
                     "why": _departure_words(kind, example["reason"], reports),
                     "given_by": _report_giving(metric, figure, reference_report, totals, reports)
                     if kind in ("different date or period", "part the report quotes") else None,
                     "quoted_in_report": _quoted_in_report(metric, figure, reference_report, claims, reports, sources)
                     if kind == "different date or period" else []})
    rows.sort(key=lambda r: (-r["outlets"]["value"], -r["claims"]["value"], r["metric"], r["figure"]["value"], r["class"]))
    return rows


def _listed_words(words: list[str]) -> str:
    """``a, b and c``."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def part_as_whole(discrepancies: pd.DataFrame, claims: pd.DataFrame, reports: pd.DataFrame, sources: pd.DataFrame,
                  totals: pd.DataFrame) -> dict | None:
    """The world counts that give a part the cited report itself quotes (a bureau's first batch) as the whole:
    not departures, but one pattern worth a sentence: how many, which figure, whose it is, and the page that
    says the report quotes it."""
    parts = reported_comparison(discrepancies, claims)
    parts = parts[parts["class"] == "part the report quotes"]
    if parts.empty:
        return None
    first = parts.assign(figure=parts["value"].fillna(parts["lower"])).groupby(["metric", "figure"]).size().idxmax()
    metric, figure = first
    compared = dict(zip(claims["claim_id"], claims["report_id"]))
    report = compared.get(parts.loc[parts["metric"] == metric, "reference_claim_id"].iloc[0], "")
    return {"claims": _figure(len(parts), list(parts["claim_id"]), basis="data/processed/discrepancies.csv",
                              rule="world counts giving a part the cited report quotes as the whole"),
            "outlets": _figure(parts["origin"].nunique(), basis="data/processed/discrepancies.csv",
                               rule="distinct outlets giving a part as the whole"),
            "figure": f"{display(figure)} {METRIC_WORDS[metric]}",
            "given_by": _report_giving(metric, figure, report, totals, reports),
            "source_ids": _quoted_in_report(metric, figure, report, claims, reports, sources)}


def _quoted_in_report(metric: str, figure: float, report_id: str, claims: pd.DataFrame,
                      reports: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """The best page on which the compared report itself is said to give this figure for a part of its count
    (the September report quoting the Fuzhou police's first batch of 21 countries): the departure is then a
    part given as the whole, which the report's own text sets beside its total. A page may record the part
    under the report (its author as claimant) or under the bureau's own announcement, credited as the report
    cites it ("Fuzhou police (as cited by SD)"); the best-ranked page is cited, a reprint ranked by the outlet
    whose text it carries (Nikkei's article before an unranked site's), then a dated page before an undated one."""
    author = dict(zip(reports["report_id"], reports["claimant"].map(claimant_id))).get(report_id, "")
    part = claims[(claims["metric"] == metric) & (claims["scope_type"] == "bureau") & (claims["duplicate_of"] == "")
                  & (pd.to_numeric(claims["value"], errors="coerce") == figure)]
    part = part[(part["report_id"] == report_id)
                | part["claimant"].map(lambda c: author != "" and author in claimants_named(c)
                                         and claimant_id(c) != author).astype(bool)]
    tiers = outlet_tiers()
    outlet = dict(zip(sources["source_id"], sources["original_publisher"].where(sources["original_publisher"] != "",
                                                                                 sources["publisher"])))
    ranked = part.assign(undated=part["page_published_latest"] == "",
                         tier=part["source_id"].map(lambda page: tiers.get(outlet.get(page, ""), 5))).sort_values(
        ["source_rank", "tier", "undated", "page_published_latest", "source_id"])
    return ranked["source_id"].drop_duplicates().tolist()[:1]


def _example_date(page: str, dated_by: str) -> str:
    """An example's date as a reader can check it: its page's, or for an undated page the date of the report
    the claim repeats, said so."""
    if page:
        return display_date(page)
    return f"page undated; its report's date, {display_date(dated_by)}" if dated_by else "page undated"


def _report_giving(metric: str, figure: float, compared_with: str, totals: pd.DataFrame | None,
                   reports: pd.DataFrame) -> str | None:
    """The earliest other report whose own figure is this one (the Fuzhou police's 21 countries), in words."""
    if totals is None:
        return None
    same = totals[(totals["metric"] == metric) & (pd.to_numeric(totals["reference_value"]) == figure)
                  & (totals["report_id"] != compared_with)].sort_values(["report_published", "report_id"])
    return names.report_phrase(same.iloc[0]["report_id"], reports) if not same.empty else None


def _departure_words(kind: str, reason: str, reports: pd.DataFrame) -> str:
    """Why a row's figures depart, in a newcomer's words; a report's name rather than its id."""
    if kind == "report name as a count":
        report = reason.rsplit("title of ", 1)[-1]
        return f"the number in the title of {names.report_label(report, reports)['name']}, read as a count"
    if kind == "different scope" and "-additional" in reason:
        return "the count of new stations given as the total"
    return CLASS_WORDS[kind]


BORROWED_DATE = "same claim on a dated page"


def reported_comparison(discrepancies: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims the brief's comparison reports: world totals of stations and countries (local counts and other
    measures are too unlike to score by one rule), dated by their own page or by the report they repeat (a
    claim whose page shows no date and that borrows the date of the same figure on another page is left out)."""
    borrowed = set(claims.loc[claims["date_basis"] == BORROWED_DATE, "claim_id"])
    return discrepancies[discrepancies["metric"].isin(METRIC_WORDS) & (discrepancies["scope_key"] == "world")
                         & ~discrepancies["claim_id"].isin(borrowed) & ~discrepancies["is_reference"].astype(bool)]


def ledger_counts(tables: dict[str, pd.DataFrame]) -> dict:
    """Sizes of the ledger and of this run's selection (each a count of rows, named by its table)."""
    discrepancies, selection = tables["discrepancies"], tables["selection"]
    # The comparison the brief reports is of world totals of stations and countries, as Table 4 shows them:
    # local counts and other measures are in discrepancies.csv but too unlike to score by one rule.
    discrepancies = reported_comparison(discrepancies, tables["claims"])
    departing = discrepancies["class"].isin(CLASS_WORDS)
    tier_of = text_tiers(tables["sources"])
    others = departing & (discrepancies["class"] != "part the report quotes")
    basis = "data/processed/discrepancies.csv"
    return {
        "claims_in_ledger": _figure(len(tables["claims"]), basis="data/processed/claims.csv"),
        "sources": _figure(len(tables["sources"]), basis="data/processed/sources.csv"),
        "claim_pages": _figure(tables["claims"]["source_id"].nunique(), basis="data/processed/claims.csv",
                               rule="distinct pages the claims stand on"),
        "borrowed_dates": _figure(int((tables["claims"]["date_basis"] == BORROWED_DATE).sum()),
                                  basis="data/processed/claims.csv", rule="claims dated by the same figure on another page"),
        "claims_counted": _figure(len(discrepancies), basis=basis),
        "origins": _figure(discrepancies["origin"].nunique(), basis=basis),
        "departing": _figure(int(departing.sum()), basis=basis),
        # where the departures stand: a rate over an archive of reposts is not a rate over the press
        # the departures other than a part the report quotes given as the whole, and where they stand
        "departing_others": _figure(int(others.sum()), basis=basis,
                                    rule="departing claims other than a part the report quotes given as the whole"),
        "departing_on_weak_pages": _figure(int(others[discrepancies["source_id"].map(tier_of) == "weak"].sum()),
                                           basis=basis, rule="those others on blogs or aggregators carrying no named outlet's text"),
        "departing_in_other_news": _figure(int(others[discrepancies["source_id"].map(tier_of) == "other"].sum()),
                                           basis=basis, rule="those others in the text of other news outlets"),
        "neither": _figure(int((~departing & ~discrepancies["class"].isin(("agrees", "part the report quotes"))).sum()),
                           basis=basis,
                           rule="claims that neither match nor depart: rounded or hedged, another date's, nothing to "
                                "compare, or no number"),
        "departing_on_major_outlets": _figure(int(others[discrepancies["source_id"].map(tier_of) == "major"].sum()),
                                              basis=basis, rule="those others in the text of a wire or major outlet, "
                                                                "on its own page or a copy naming it"),
        "agrees": _figure(int((discrepancies["class"] == "agrees").sum()), basis=basis,
                          rule="claims whose figure, with its hedge, allows the figure of the report they cite"),
        "vague": _figure(int(discrepancies["class"].isin(("rounding or vague wording", "hedge on another figure")).sum()),
                         basis=basis, rule="claims that round or hedge their author's figure: not departures"),
        "hedged_other": _figure(int((discrepancies["class"] == "hedge on another figure").sum()), basis=basis,
                                rule="hedges whose number is another figure of the record (\"at least 21\")"),
        "departing_by_class": [_figure(n, basis=basis, what=CLASS_WORDS[kind])
                               for kind, n in discrepancies.loc[departing, "class"].value_counts().items()],
        "nothing_to_compare": _figure(int((discrepancies["class"] == "nothing to compare").sum()), basis=basis),
        "other_date": _figure(int((discrepancies["class"] == "figure of a stated other date").sum()), basis=basis,
                              rule="claims that give a figure of a date they state, other than the report's"),
        "no_number": _figure(int(discrepancies["class"].isin(("unquantified", "denial")).sum()), basis=basis,
                             rule="claims with no number (\"dozens\") or a denial that any station exists"),
        "parts": _figure(int((discrepancies["class"] == "part the report quotes").sum()), basis=basis,
                         rule="claims that give a part the report quotes as the whole: unresolved, not departures"),
        "kept_out": [_figure(r.claims, basis="data/processed/selection.csv", what=KEPT_OUT_WORDS[r.outcome])
                     for r in selection.itertuples() if r.outcome != "counted" and r.claims > 0],
    }


def documented_block(comparison: pd.DataFrame, totals: pd.DataFrame, stations: pd.DataFrame) -> dict | None:
    """How much of the latest world total any page locates (the latest report with a world total)."""
    world = comparison[comparison["scope"] == "world"]
    if world.empty:
        return None
    latest = world.iloc[-1]
    basis = "data/processed/report_comparison.csv"
    return {"claimed": _figure(latest["stations"], [latest["stations_claim_id"]], [latest["stations_source_id"]],
                               rule=REFERENCE_RULE + "; the latest report with a world total"),
            "documented": _figure(latest["documented"], basis=basis, rule=LOCATED_RULE),
            "located_city": _figure(latest["located_city"], basis=basis, rule=LOCATED_RULE),
            "not_located": _figure(latest["not_located"], basis=basis, rule=LOCATED_RULE),
            "drawn": _figure(int((stations["duplicate_of"] == "").sum()), basis="data/processed/stations.csv",
                             rule="stations on the map: every station some page locates"),
            "outside_latest": _figure(int((stations["duplicate_of"] == "").sum()) - latest["documented"],
                                      basis="data/processed/stations.csv",
                                      rule="stations on the map that the latest world report's count does not include")}


# The pages a newcomer's context rests on: what the stations are said to do, by whom, and Beijing's answer.
# Each is the strongest stored page of its kind (the author's own, or the ministry's words in a dated report).
CONTEXT_PAGES = {"bureau_services": "sina-2022-01-22-fuzhou-first-batch",
                 "ngo_account": "safeguarddefenders-2022-12-05-patrol-and-persuade",
                 "ngo_method": "voacambodia-nd-overseas-police-stations"}
# The people running named sites, in their own words (cited after the government actions).
DENIAL_PAGES = {"seoul": "daum-joongang-2022-12-29-floating-restaurant",
                "montreal": "ctvnews-montreal-nd-defamation-suit"}
# The New York defendant who did not plead guilty, as a dated page of the plea hearing reports it. (The
# prosecutors' sentencing memorandum is reported only by an undated aggregator: it stays in the data.)
CASE_PAGES = {"not_guilty": "guardian-2024-12-18-new-york-man-pleads-guilty",
              "sentencing_set": "channelnewsasia-2024-12-19-chen-plea"}
# What became of the investigation of a site that denies, set beside its denial.
SITE_OUTCOMES = {"montreal": "ev-ca-nd-quebec-probe-closed"}
# What is disputed about the counts themselves (cited in the method section).
DISPUTE_PAGES = {"ngo_correction": "safeguarddefenders-nd-110-overseas-230000",
                 "critique": "chinalawtranslate-nd-clearer-look",
                 "state_media_attack": "globaltimes-2023-05-16-safeguard-defender-hypes"}
# Beijing's answer as it changed: the foreign ministry's first reply, its word on who staffs the sites, its
# word that the sites had closed, and its answer after the New York guilty plea.
# Each cited to the ministry's words as Chinese state media carried them, where stored.
CHINA_ANSWER_EVENTS = {"first": ("ev-cn-2022-10-wang-wenbin-briefing", ["globaltimes-2022-10-26-wang-wenbin"]),
                       "volunteers": ("ev-cn-2022-11-zhao-lijian-briefing", ["globaltimes-2022-11-02-zhao-lijian",
                                                                            "outputnews-2022-11-02-mfa-zhao-transcript"]),
                       "arrests": ("ev-cn-2023-04-mfa-denial-after-arrests", ["thehill-2023-04-18-ap-groundless"]),
                       "closed": ("ev-cn-2023-05-wang-wenbin-canada", ["612g-2023-05-16-wang-wenbin-canada"]),
                       "plea": ("ev-cn-2024-12-lin-jian-denial", ["tibetanreview-2024-12-21-guilty-plea-exposes"])}


def pages_block(sources: pd.DataFrame, pages: dict[str, str]) -> dict:
    """Named pages the brief cites in its words (a page the register lacks is cited by nothing)."""
    known = set(sources["source_id"])
    return {key: {"source_ids": [s] if s in known else []} for key, s in pages.items()}


def context_block(sources: pd.DataFrame, events: pd.DataFrame) -> dict:
    """Who says what the stations are: the pages behind the lead's context sentences, and the date and pages
    of the Chinese foreign ministry's first answer."""
    block = pages_block(sources, CONTEXT_PAGES)
    dated = dict(zip(sources["source_id"], sources["published"]))
    official = set(sources.loc[sources["kind"].isin(OFFICIAL_KINDS), "source_id"])
    for key, (event, own_words) in CHINA_ANSWER_EVENTS.items():
        answer = events[events["event_id"] == event]
        if not answer.empty:
            row = answer.iloc[0]
            pages = row["source_ids"].split(";")
            preferred = [s for s in own_words if s in pages]
            block[f"china_{key}"] = {"date": display_date(row["event_date"] or row["dated_by"]),
                                     "source_ids": preferred or _strongest_pages(pages, dated, official, date_source=row.get("date_source_id", ""))}
    return block


def run_block(params: Params, sources: pd.DataFrame) -> dict:
    """The run's date, and how far the evidence reaches: a date after the newest dated page is said so."""
    newest = newest_date(sources["published"])
    return {"name": params.name, "as_of": params.as_of, "as_of_display": display_date(params.as_of),
            "evidence_reaches": newest, "evidence_display": display_date(newest),
            "beyond_evidence": is_after(params.as_of, newest)}


def build_numbers(params: Params, tables: dict[str, pd.DataFrame]) -> dict:
    """Every figure the brief prints, each with the claim and source ids (or the table) behind it."""
    reports, sources = tables["reports"], tables["sources"]
    totals = report_totals(tables["report_references"], reports)
    claim_qualifiers = dict(zip(tables["claims"]["claim_id"], tables["claims"]["qualifier"]))
    numbers = {
        "run": run_block(params, sources),
        "empty": bool(tables["discrepancies"].empty),
        "authors": author_figures(totals, reports, sources, tables["claims"]),
        "revisions": revisions(reports, params.as_of),
        "documented": documented_block(tables["report_comparison"], totals, tables["stations"]),
        "context": context_block(sources, tables["events"]),
        "site_denials": pages_block(sources, DENIAL_PAGES),
        "site_outcomes": site_outcomes(tables["events"], params.as_of, sources),
        "disputes": {**pages_block(sources, DISPUTE_PAGES),
                     "corrected": next((names.report_label(r, reports) for r, page in zip(reports["report_id"], reports["source_id"])
                                        if page == DISPUTE_PAGES["ngo_correction"] and not r.endswith("-rev")), None),
                     "correction": next((t.split("(", 1)[1].rstrip(")") for t, page, follows in
                                         zip(reports["title"], reports["source_id"], reports["supersedes"])
                                         if page == DISPUTE_PAGES["ngo_correction"] and follows and "(" in t), "")},
        "reports": report_rows(tables["report_comparison"], reports, claim_qualifiers),
        "events": event_rows(tables["responses_by_action"], tables["events"], params.as_of, sources, tables["claims"]),
        "governments": governments_rows(tables["governments_investigating"]),
        "other_cases": other_cases(tables["events"], params.as_of, sources),
        "case_pages": pages_block(sources, CASE_PAGES),
        "us_case": court_steps(tables["events"], params.as_of, sources, "USA"),
        "official_findings": official_findings(tables["events"], params.as_of, sources),
        "story": story_block(sources, tables["story_verdicts"]),
        "departures": departure_rows(tables["discrepancies"], tables["claims"], reports, sources, totals),
        "ledger": ledger_counts(tables),
        "provenance": provenance.compute(params),
    }
    numbers["ledger"]["departures_shown"] = _figure(sum(r["claims"]["value"] for r in numbers["departures"]),
                                                    basis="data/processed/discrepancies.csv",
                                                    rule="claims in the rows of the departures table")
    numbers["ledger"]["part_as_whole"] = part_as_whole(tables["discrepancies"], tables["claims"], reports, sources,
                                                       totals)
    # A run with nothing to compare prints a short note and cites nothing.
    numbers["citations"] = number_citations({} if numbers["empty"] else numbers, sources)
    label_figures(numbers)
    return numbers


def figure_paths(node: object, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every figure the brief can print (a dict with ``value`` and ``display``), with its place in numbers.json
    (keys and list positions), in document order; the citations and provenance hold none."""
    found = []
    if isinstance(node, dict):
        if "display" in node and "value" in node:
            found.append((path, node))
        for key, value in node.items():
            if key not in ("citations", "provenance"):
                found += figure_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += figure_paths(item, (*path, index))
    return found


def figure_id(path: tuple) -> str:
    """A figure's anchor in the web edition, from its place in numbers.json (``authors.1.figures.0.stations``
    → ``n-authors-1-figures-0-stations``)."""
    return "n-" + "-".join(re.sub(r"[^a-z0-9]+", "-", str(part).lower()).strip("-") for part in path)


def label_figures(numbers: dict) -> None:
    """Give every figure its ``id``: the web edition links the figure's text to its evidence under that id."""
    for path, figure in figure_paths(numbers):
        figure["id"] = figure_id(path)


CITED_IN_ORDER = ("context", "authors", "ledger", "documented", "events", "case_pages", "us_case", "official_findings", "other_cases",
                  "site_denials", "site_outcomes", "reports", "story",
                  "departures", "revisions", "disputes")


def number_citations(numbers: dict, sources: pd.DataFrame) -> dict:
    """Number the sources by first citation, walking numbers.json in the order the brief prints it."""
    order: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for source_id in node.get("source_ids", []):
                if source_id not in order:
                    order.append(source_id)
            for key, value in node.items():
                if key != "source_ids":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk([numbers[k] for k in CITED_IN_ORDER if k in numbers])
    meta = sources.set_index("source_id")
    return {
        "numbers": {source_id: i for i, source_id in enumerate(order, start=1)},
        "list": [
            {"number": i, "title": printable_title(meta.at[s, "title"], meta.at[s, "url"]),
             "untitled": meta.at[s, "title"].startswith("(") or not _PRINTABLE.match(meta.at[s, "title"]),
             "credit": names.page_credit(meta.at[s, "publisher"], meta.at[s, "original_publisher"],
                                         bool(meta.at[s, "translation"])),
             "published": display_date(meta.at[s, "published"]), "url": meta.at[s, "link"],
             "shown": without_tracking(unwrapped(meta.at[s, "url"])),  # as read (a proxy's page as itself); the link is its URI form
             "id": f"source-{i}", "lang": title_language(meta.at[s, "title"], meta.at[s, "language"])}
            for i, s in enumerate(order, start=1)
        ],
    }


# Notes of ours that the register keeps in a title ("(original title)", "(title from the address)").
_TITLE_NOTES = re.compile(r"\s*\((?:original title|title (?:as shown|from|rebuilt|not shown)[^)]*|as shown[^)]*)\)\s*",
                          re.IGNORECASE)


# Scripts the brief's fonts draw: Latin, Greek, Cyrillic (Libertinus Serif) and Chinese, Japanese and
# Korean (Noto Sans CJK); punctuation and symbols. A title in any other script falls back (below).
_PRINTABLE = re.compile(r"^[\u0000-\u052f\u1e00-\u1fff\u2000-\u2bff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]*$")


def title_language(title: str, language: str) -> str:
    """The language of a title as the brief prints it: the page's own, unless the register's description or
    the address's words stand in for it (ours, in English)."""
    shown = printable_title(title)
    return "en" if not language or shown.startswith("[") else language


def printable_title(title: str, url: str = "") -> str:
    """A title as the page shows it, in its own script, without the register's editorial notes; a page
    that shows no title keeps the register's description, in square brackets. A title in a script the
    brief's fonts cannot draw is replaced by its page address's words, in brackets and marked as such."""
    if not _PRINTABLE.match(title):
        slug = re.sub(r"[-_]+", " ", url.rstrip("/").rsplit("/", 1)[-1].split(".")[0]) if url else ""
        return f"[title in a script the brief cannot print; the address reads: {slug}]" if slug else "[title not printable]"
    if title.startswith("("):
        note, _, rest = title[1:].partition(")")
        return f"[{(rest.strip() or note).strip()}]"
    return _TITLE_NOTES.sub(" ", title).strip()


def save_numbers(numbers: dict, outputs: config.Outputs | None = None) -> Path:
    target = (outputs or config.outputs()).numbers
    write_json_atomic(numbers, target)
    return target


def write_json_atomic(data: dict, target: Path) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    write_atomically(target, text.encode("utf-8"))


def font_paths() -> list[str]:
    """Folders of the fonts the brief embeds besides Typst's own: Noto Sans CJK (titles in Chinese,
    Japanese and Korean), installed from the package registry as a wheel."""
    return [str(resources.files("cvttf_NotoSansCJK_Regular"))]


def compile_brief(outputs: config.Outputs | None = None) -> Path:
    """Compile the Typst template against the run's numbers.json and figures; same bytes every time."""
    import typst

    outputs = outputs or config.outputs()
    template = resources.files("analysis.templates").joinpath(BRIEF_TEMPLATE).read_bytes()
    pdf = typst.compile(template, root=str(outputs.root), ignore_system_fonts=True, font_paths=font_paths())
    return write_atomically(outputs.brief, pdf)


def headline_table(numbers: dict) -> pd.DataFrame:
    """The authors' own figures as the brief prints them, with the claims and pages behind them."""
    rows = [(author["name"], f["report"]["name"], f["report"]["date"], f["stations"]["display"],
             f.get("countries", {}).get("display", ""), ";".join(f["stations"]["source_ids"]))
            for author in numbers["authors"] for f in author["figures"]]
    return pd.DataFrame(rows, columns=["author", "report", "date", "stations", "countries", "pages"])


