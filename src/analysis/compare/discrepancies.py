"""Why each claim departs from the reference figure of its report: one class per claim, tried in a
fixed order (see :func:`classify`), each with a reason in a few words."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from ..aliases import claimants_named
from .claims import contains, group_key, records, stated_figure

ROUNDING_TOLERANCE = 0.10  # a plain round figure within 10 % of the reference is taken as rounded
ROUND_TO = 5  # a round figure: a multiple of five ("50", "100"); "33" is not a rounding of 30
HEDGED_TOLERANCE = 0.25  # a hedged one ("about", "more than", "at least", "up to") within 25 %
HEDGES = ("about", "more-than", "at-least", "up-to")
MIN_MISQUOTED = 10  # below this, a figure matching another metric's ("4 countries", "4 bureaus") is likely chance

DISCREPANCY_CLASSES = (
    "agrees",
    "nothing to compare",
    "denial",
    "superseded revision",
    "figure of a stated other date",
    "part the report quotes",
    "report name as a count",
    "credited to the wrong report",
    "different date or period",
    "different scope",
    "misquote or typo",
    "rounding or vague wording",
    "hedge on another figure",
    "arithmetic inconsistency",
    "genuine disagreement",
    "unquantified",
)


# Rounding or a vague hedge that allows the figure is told apart from a departure: it says less, not otherwise.
# A part the report quotes, given as the whole, is not counted as a departure: the report's own text is not
# stored, so whether its wording invites the reading cannot be told (it is reported apart, as unresolved).
DEPARTING_CLASSES = tuple(c for c in DISCREPANCY_CLASSES if c not in ("agrees", "nothing to compare", "denial",
                                                                       "unquantified", "figure of a stated other date",
                                                                       "rounding or vague wording",
                                                                       "hedge on another figure", "part the report quotes"))


_DIGITS = re.compile(r"\d")
_TITLE_NUMBER = re.compile(r"\b(\d+)\b")
UPWARD = ("at-least", "more-than")


def _looks_like_typo(value_text: str, reference_value: float) -> bool:
    """Digits dropped or swapped: '230,00' for 230,000, '45' for '54'."""
    written = "".join(_DIGITS.findall(value_text))
    expected = str(int(reference_value))
    return bool(written) and written != expected and (
        expected.startswith(written) or sorted(written) == sorted(expected)
    )


class ReferenceIndex:
    """The references of a run, indexed by value so that classifying one claim costs a few look-ups."""

    def __init__(self, references: pd.DataFrame, report_titles: dict[str, str] | None = None,
                 comparable_authors: set[str] | None = None, quoted_parts: dict[tuple, str] | None = None):
        rows = records(references)
        # (author, metric, figure) → the bureau whose figure the author's report quotes for a part of its count
        self.quoted_parts = quoted_parts or {}
        self.part_dates: dict[tuple, str] = {}  # each part's first publication (set by :func:`discrepancies`)
        # Whose figures a departing claim may be said to give instead ("another report's figure"): the authors
        # everyone repeats. A figure that merely equals some bureau's count is a coincidence, not a mix-up.
        self.comparable = comparable_authors
        # The numbers in each author's report titles ("110 Overseas"): a figure that is one of them is
        # the title read as a count, not a count.
        self.title_numbers: dict[str, dict[float, str]] = {}
        for r in sorted(rows, key=lambda r: (r["report_published"], r["report_id"])):  # the first title to use it
            title = (report_titles or {}).get(r["report_id"], "")
            for number in _TITLE_NUMBER.findall(title):
                self.title_numbers.setdefault(r["claimant_id"], {}).setdefault(float(number), r["report_id"])
        self.by_group = {group_key(r): r for r in rows}
        self.by_metric_value: dict[tuple, list[dict]] = {}
        self.by_scope_value: dict[tuple, list[dict]] = {}
        in_time: dict[tuple, list[dict]] = {}
        for r in rows:
            self.by_metric_value.setdefault((r["metric"], r["reference_value"]), []).append(r)
            self.by_scope_value.setdefault((r["scope_key"], r["reference_value"]), []).append(r)
            if r["report_published"]:
                in_time.setdefault((r["metric"], r["scope_key"], r["claimant_id"]), []).append(r)
        # Per count, scope and author, the reports in the order they came out: a claim that cites no report is
        # compared with its claimant's latest figure published by the claim's own date, never with a later one.
        self.in_time = {key: sorted(found, key=lambda r: (r["report_published"], r["report_id"]))
                        for key, found in in_time.items()}

    def latest_by(self, metric: str, scope_key: str, known_by: str, claimant_id: str) -> dict | None:
        """The reference of the claimant's latest report for the count and scope published on or before
        ``known_by``: a claim that cites no report is compared only with its own claimant's figures (an
        official's or an MP's own count is not a departure from an NGO's)."""
        if not known_by:
            return None
        own = [r for r in self.in_time.get((metric, scope_key, claimant_id), []) if r["report_published"] <= known_by]
        return own[-1] if own else None

    def later_of_same_author(self, claim: dict, reference: dict) -> list[dict]:
        """The author's reports after the one the claim cites, for the same count and scope, published by the
        date of the claim's page (any, when the page is undated)."""
        page = claim.get("page_published_latest", "") or "9999"
        return [r for r in self.in_time.get((claim["metric"], claim["scope_key"], reference["claimant_id"]), [])
                if r["report_id"] != reference["report_id"]
                and reference["report_published"] < r["report_published"] <= page]

    def reference_for(self, claim: dict) -> dict | None:
        """The reference of the claim's report; for a claim citing no report, of the latest report then of
        its claimant, or of an author its claimant cell names ("National Post (on Safeguard Defenders)")."""
        reference = self.by_group.get(group_key(claim))
        if reference is None and claim["report_id"] == "":
            named = sorted(claimants_named(claim.get("claimant", "") or "") - {claim["claimant_id"]})
            for author in [claim["claimant_id"], *named]:
                reference = self.latest_by(claim["metric"], claim["scope_key"], claim["known_by"], author)
                if reference is not None:
                    break
        return reference

    def _first(self, candidates: list[dict], report_id: str) -> dict | None:
        """The candidate from the claim's own report if there is one, else the earliest report's."""
        if self.comparable is not None:
            candidates = [r for r in candidates if r["claimant_id"] in self.comparable]
        if not candidates:
            return None
        return min(candidates, key=lambda r: (r["report_id"] != report_id, r["report_published"], r["report_id"]))

    def same_scope_elsewhere(self, claim: dict, value: float, reference: dict) -> dict | None:
        found = [r for r in self.by_metric_value.get((claim["metric"], value), [])
                 if r["scope_key"] == claim["scope_key"] and r["report_id"] != reference["report_id"]]
        return self._first(found, reference["report_id"])

    def other_scope(self, claim: dict, value: float, reference: dict) -> dict | None:
        found = [r for r in self.by_metric_value.get((claim["metric"], value), []) if r["scope_key"] != claim["scope_key"]]
        return self._first(found, reference["report_id"])

    def other_metric(self, claim: dict, value: float, reference: dict) -> dict | None:
        found = [r for r in self.by_scope_value.get((claim["scope_key"], value), []) if r["metric"] != claim["metric"]]
        return self._first(found, reference["report_id"])


def classify(claim: dict, reference: dict | None, index: ReferenceIndex, same_source: Iterable[dict]) -> tuple[str, str]:
    """Why a claim departs from its group's reference: (class, reason in a few words).

    In order: no number (unquantified); a zero, "there are none" (denial); no report's figure for the same
    metric and scope (nothing to compare); agrees (its interval contains the reference); a revision later
    superseded; a part the report quotes given as the whole (even with a date of its own); a stated period other
    than the reference's, or another report's figure for the same scope (different date or period); the figure of another scope of the same metric, e.g. one bureau's count given as
    the world's (different scope); the figure of another metric for the same scope, or the reference's
    digits garbled (misquote or typo); vague, hedged within 25 % or round and plain within 10 % (rounding or vague
    wording); the same page
    giving two figures (arithmetic inconsistency); otherwise genuine disagreement.
    """
    if not claim["quantified"]:
        return "unquantified", "no number stated"
    claimed = stated_figure(claim)
    if claimed == 0 and claim["upper"] == 0:
        against = f", against {reference['reference_value']:g}" if reference is not None else ""
        return "denial", f"says there are none{against}"
    if reference is None:
        return "nothing to compare", _NOTHING_REASON
    value = reference["reference_value"]
    if contains(claim, value):
        if not _far_hedge(claim["qualifier"], claimed, value):
            return "agrees", f"contains the reference {value:g}"
        # An open hedge far from the figure allows it, so it is no departure; but where its number comes from
        # is said: "up to 110" reads the report's title as a count (a garble, hedge or not); "at least 21"
        # echoes the first batch's 21 (a hedge on another figure); a number from nowhere is merely vague.
        borrowed = _borrowed_number(claim, claimed, reference, index)
        if borrowed and borrowed[0] == "report name as a count":
            return borrowed
        if borrowed:
            return "hedge on another figure", f"{borrowed[1]}; the hedge allows {value:g}"
        # an open hedge far from the figure ("over 30" for 54) allows it but says less: true, if vague
        return "rounding or vague wording", f"'{claim['value_text']}' allows {value:g} but says less"
    if claim["superseded_by"]:
        return "superseded revision", f"revised by {claim['superseded_by']}"
    if claimed == value and claim["qualifier"] in UPWARD and reference.get("reference_qualifier") in UPWARD:
        return "agrees", f"'{claim['value_text']}' hedges {value:g} as the author does"
    if titled := index.title_numbers.get(reference["claimant_id"], {}).get(claimed):
        return "report name as a count", f"'{claim['value_text']}' is the number in the title of {titled}"
    # the author's own lower bound ("at least 30") allows a plain figure a little above it ("33")
    if (reference.get("reference_qualifier") in ("at-least", "more-than") and claim["qualifier"] == "exact"
            and value <= claimed <= value * (1 + ROUNDING_TOLERANCE)):
        return "agrees", f"'{claim['value_text']}' fits the author's lower bound {value:g}"
    if claimed == value:
        return "rounding or vague wording", f"'{claim['value_text']}' hedges the author's {value:g} differently"
    # A later report of the same author, out by the page's date (any, for an undated page), whose figure the
    # claim gives: the right figure with the wrong report, or the wrong date ("in September, more than 100").
    for later in reversed(index.later_of_same_author(claim, reference)):
        figure = later["reference_value"]
        fits = contains(claim, figure) and not _far_hedge(claim["qualifier"], claimed, figure)
        if fits or abs(claimed - figure) <= ROUNDING_TOLERANCE * figure:
            return ("credited to the wrong report",
                    f"'{claim['value_text']}' is the figure of {later['report_id']} ({figure:g})")
    # a bureau's batch given as the report's whole: a world figure only (a region's count is not the whole);
    # a date the claim attaches excuses it only when it is the part's own year ("at the start of 2022"), not
    # a date of its own ("21 countries as of June 21")
    part_key = (reference["claimant_id"], claim["metric"], claimed)
    if (claim["scope_key"] == "world" and (part := index.quoted_parts.get(part_key))
            and not _names_year_of(claim["period"], index.part_dates.get(part_key, ""))):
        return "part the report quotes", f"{claimed:g} is the {part} figure the report quotes, given as the whole"
    if claim["period"] and claim["period"] != reference["reference_period"]:
        return "figure of a stated other date", f"describes {claim['period']}, as it says"
    if other := index.same_scope_elsewhere(claim, claimed, reference):
        return "different date or period", f"matches {other['report_id']} ({claimed:g})"
    if other := index.other_scope(claim, claimed, reference):
        return "different scope", f"the {other['scope_key']} figure of {other['report_id']}"
    if claimed >= MIN_MISQUOTED and (other := index.other_metric(claim, claimed, reference)):
        return "misquote or typo", f"the {other['metric']} figure of {other['report_id']}"
    if _looks_like_typo(claim["value_text"], value):
        return "misquote or typo", f"digits of {value:g} garbled as '{claim['value_text']}'"
    distance = abs(claimed - value)
    hedged = claim["qualifier"] in HEDGES and distance <= HEDGED_TOLERANCE * value
    rounded = claimed % ROUND_TO == 0 and distance <= ROUNDING_TOLERANCE * value  # "50" for 54; not "33" for 30
    if claim["qualifier"] == "vague" or hedged or rounded:
        return "rounding or vague wording", f"'{claim['value_text']}' against {value:g}"
    for twin in same_source:
        if (twin["metric"], twin["scope_key"]) == (claim["metric"], claim["scope_key"]) \
                and twin["claim_id"] != claim["claim_id"] and twin["value"] != claim["value"]:
            return "arithmetic inconsistency", f"same source also gives {twin['value_text']}"
    return "genuine disagreement", f"{claimed:g} against {value:g}"


def _borrowed_number(claim: dict, claimed: float, reference: dict, index: ReferenceIndex) -> tuple[str, str] | None:
    """The class of a hedged claim whose number is another figure of the record: a report's title, the
    author's later report, another report or another scope."""
    if titled := index.title_numbers.get(reference["claimant_id"], {}).get(claimed):
        return "report name as a count", f"'{claim['value_text']}' is the number in the title of {titled}"
    # the author's own lower bound ("at least 30") allows a plain figure a little above it ("33")
    if (reference.get("reference_qualifier") in ("at-least", "more-than") and claim["qualifier"] == "exact"
            and value <= claimed <= value * (1 + ROUNDING_TOLERANCE)):
        return "agrees", f"'{claim['value_text']}' fits the author's lower bound {value:g}"
    for later in reversed(index.later_of_same_author(claim, reference)):
        if later["reference_value"] == claimed:
            return ("credited to the wrong report",
                    f"'{claim['value_text']}' is the figure of {later['report_id']} ({claimed:g})")
    if other := index.same_scope_elsewhere(claim, claimed, reference):
        return "different date or period", f"matches {other['report_id']} ({claimed:g})"
    if other := index.other_scope(claim, claimed, reference):
        return "different scope", f"the {other['scope_key']} figure of {other['report_id']}"
    return None


DISCREPANCY_COLUMNS = ["claim_id", "source_id", "origin", "known_by", "quantified", "lower", "claimant_id", "report_id",
                       "metric", "scope_type", "scope_key", "value_text", "value", "reference_claim_id",
                       "reference_value", "is_reference", "class", "reason"]


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _names_year_of(period: str, date: str) -> bool:
    """Whether a claim's stated period names the year of a dated figure ("start of 2022" for 22 Jan 2022)."""
    return bool(date) and date[:4] in _YEAR.findall(period or "")


def part_dates(selected: pd.DataFrame, published: dict[str, str]) -> dict[tuple, str]:
    """When each quoted part (see :func:`quoted_parts`) was first published: its bureau's report's date."""
    dates: dict[tuple, str] = {}
    parts = quoted_parts(selected)
    bureau = selected[(selected["scope_type"] == "bureau") & selected["quantified"].astype(bool)]
    for report, metric, value, lower in zip(bureau["report_id"], bureau["metric"], bureau["value"], bureau["lower"]):
        figure, date = value if value == value else lower, published.get(report, "")
        for key in [k for k in parts if k[1:] == (metric, figure)]:
            if date and (key not in dates or date < dates[key]):
                dates[key] = date
    return dates


def quoted_parts(selected: pd.DataFrame) -> dict[tuple, str]:
    """The parts of their counts that authors' reports quote (a bureau's first batch), as (author, metric,
    figure) → the bureau. A page records such a part under the author's report, with the author as claimant,
    or under the bureau's announcement credited as the report cites it ("Fuzhou police (as cited by SD)")."""
    parts: dict[tuple, str] = {}
    bureau = selected[(selected["scope_type"] == "bureau") & selected["quantified"].astype(bool)]
    written = bureau["claimant"] if "claimant" in bureau else bureau["claimant_id"]  # as the page names them
    for claimant, claimant_id, metric, value, lower, scope in zip(
            written, bureau["claimant_id"], bureau["metric"], bureau["value"], bureau["lower"],
            bureau["scope_key"]):
        figure = value if value == value else lower
        for author in claimants_named(claimant) - {claimant_id} or {claimant_id}:
            parts.setdefault((author, metric, figure), scope)
    return parts


def discrepancies(selected: pd.DataFrame, references: pd.DataFrame,
                  report_titles: dict[str, str] | None = None, comparable_authors: set[str] | None = None) -> pd.DataFrame:
    """Every selected claim beside the reference of its report, classified by :func:`classify`; linear in
    the number of claims (each claim costs a few look-ups in the :class:`ReferenceIndex`)."""
    index = ReferenceIndex(references, report_titles, comparable_authors, quoted_parts(selected))
    index.part_dates = part_dates(selected, dict(zip(references["report_id"], references["report_published"])))
    needed = list(dict.fromkeys([*DISCREPANCY_COLUMNS[:13], "upper", "qualifier", "period", "superseded_by",
                                 *(["page_published_latest"] if "page_published_latest" in selected else []),
                                 *(["claimant"] if "claimant" in selected else [])]))
    claims = records(selected, needed)
    on_page: dict[str, list[dict]] = {}  # the arithmetic check compares a claim with the others of its page
    for claim in claims:
        on_page.setdefault(claim["source_id"], []).append(claim)
    found = [index.reference_for(claim) for claim in claims]
    decided = [classify(claim, reference, index, on_page[claim["source_id"]])
               for claim, reference in zip(claims, found)]
    table = selected[DISCREPANCY_COLUMNS[:13]].reset_index(drop=True)
    table["reference_claim_id"] = [r["reference_claim_id"] if r is not None else "" for r in found]
    table["reference_value"] = [r["reference_value"] if r is not None else None for r in found]
    table["is_reference"] = table["reference_claim_id"] == table["claim_id"]
    table["class"] = [kind for kind, _ in decided]
    table["reason"] = [reason for _, reason in decided]
    return table


_NOTHING_REASON = "no figure of its own claimant's report for the same count and scope"
OPEN_HEDGES = ("at-least", "more-than", "up-to")


def _far_hedge(qualifier: str, stated: float, reference: float) -> bool:
    """An open hedge far from the figure ("up to 110" for 54, "at least 12" for 30) is compatible with it but
    does not agree: the claim says something else."""
    return qualifier in OPEN_HEDGES and abs(stated - reference) > HEDGED_TOLERANCE * reference
