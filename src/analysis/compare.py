"""Comparing the counts: which claims count for a run, the reference figure of each report, the
headline figures, and why each departing claim departs.

Rules (documented in data/README.md, tested in tests/test_compare.py):

* **Known by.** A claim counts for a run when it was made on or before ``as_of``: its ``claimed_on``
  (latest day of a partial date) or, when the source gives no claim date, the date of the page that
  reports it (the claim existed by then). A claim with neither is *undated*: kept out and counted.
* **Reference figure of a report** (per metric and scope): among the quantified, not superseded claims
  attributed to the report and made by its author, those in the author's own publication if any are in
  reach; otherwise the figure repeated by the most independent outlets (distinct original publishers),
  so that one outlet's garble cannot become the reference. Ties: the figure repeated most recently.
  The claim that stands for the figure is from the most authoritative kind of page, then the earliest.
* **Conflation.** A figure that is another, earlier report's reference for the same metric (the Fuzhou
  list's 21 countries printed beside Safeguard Defenders' 54 stations) is passed over when the report
  has a figure of its own.
* **Headline** (per metric and scope, across reports): ``latest`` → the reference of the most recent
  report; ``max`` → the largest reference; ``best-supported`` → among figures repeated by at least two
  independent outlets, each author's most recent report, then the one repeated by the most outlets.
"""

from __future__ import annotations

import re

import pandas as pd

from .params import ALL, Params

OWN_PUBLICATION_KINDS = {"ngo-report", "government", "chinese-official", "court"}
_KIND_RANK = {"ngo-report": 0, "government": 0, "chinese-official": 0, "court": 0, "news": 1, "academic": 2}
HEADLINE_METRICS = ("stations", "countries", "persuaded_returns", "countries_investigating")
MIN_INDEPENDENT_ORIGINS = 2
ROUNDING_TOLERANCE = 0.10  # a plain figure within 10 % of the reference is taken as rounded
HEDGED_TOLERANCE = 0.25  # a hedged one ("about", "more than", "at least", "up to") within 25 %
HEDGES = ("about", "more-than", "at-least", "up-to")

DISCREPANCY_CLASSES = (
    "agrees",
    "superseded revision",
    "different date or period",
    "different scope",
    "misquote or typo",
    "rounding or vague wording",
    "arithmetic inconsistency",
    "genuine disagreement",
    "unquantified",
)


def known_by(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    published = claims["source_id"].map(sources.set_index("source_id")["published_latest"])
    return claims["claimed_on_latest"].where(claims["claimed_on_latest"] != "", published.fillna(""))


def selection_table(counts: dict[str, int], selected: int) -> pd.DataFrame:
    """How many claims a run counts and how many it keeps out, by reason (for the notebook and the brief)."""
    rows = [("counted", selected), *counts.items()]
    return pd.DataFrame(rows, columns=["outcome", "claims"])


def select_claims(claims: pd.DataFrame, sources: pd.DataFrame, params: Params) -> tuple[pd.DataFrame, dict[str, int]]:
    """The claims a run counts, and how many were kept out for each reason."""
    frame = claims.assign(known_by=known_by(claims, sources))
    reasons = {
        "duplicate entry": frame["duplicate_of"] != "",
        "undated": frame["known_by"] == "",
        "made after as_of": (frame["known_by"] != "") & (frame["known_by"] > params.as_of),
    }
    if params.claimants != ALL:
        reasons["claimant not selected"] = ~frame["claimant_id"].isin(params.claimants)
    if params.source_kinds != ALL:
        reasons["source kind not selected"] = ~frame["source_kind"].isin(params.source_kinds)
    excluded = pd.Series(False, index=frame.index)
    counts = {}
    for reason, mask in reasons.items():
        counts[reason] = int((mask & ~excluded).sum())
        excluded |= mask
    return frame[~excluded].reset_index(drop=True), counts


GROUP = ["metric", "scope_type", "scope_key", "report_id"]


def _records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as dictionaries; much faster than ``DataFrame.to_dict("records")`` on string columns."""
    columns = list(frame.columns) if columns is None else columns
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _figure(claim: dict) -> float:
    """The number a claim states ("about 230,000" → 230,000), or its lower bound for a range."""
    return claim["lower"] if pd.isna(claim["value"]) else claim["value"]


def _pick_reference(group: list[dict], author: str, borrowed: set[float] = frozenset()) -> dict | None:
    """The author's own figure: from their own publication if in reach, else the one most outlets repeat.

    ``borrowed`` holds figures that belong to earlier reports of other authors; they are passed over
    while the report has any other figure.
    """
    ids = {c["claim_id"] for c in group}
    own = [c for c in group if c["quantified"] and c["superseded_by"] not in ids and c["claimant_id"] == author]
    published = [c for c in own if c["source_kind"] in OWN_PUBLICATION_KINDS]
    candidates = published or own
    candidates = [c for c in candidates if _figure(c) not in borrowed] or candidates
    if not candidates:
        return None
    origins: dict[float, set[str]] = {}
    latest: dict[float, str] = {}
    for claim in candidates:
        figure = _figure(claim)
        origins.setdefault(figure, set()).add(claim["origin"])
        latest[figure] = max(latest.get(figure, ""), claim["known_by"])
    figure = max(origins, key=lambda f: (len(origins[f]), latest[f]))
    # The claim that stands for the figure: the most authoritative kind of page, then the earliest.
    chosen = [c for c in candidates if _figure(c) == figure]
    return min(chosen, key=lambda c: (_KIND_RANK.get(c["source_kind"], 9), c["known_by"], c["claim_id"]))


def _contains(claim: dict, value: float) -> bool:
    return bool(claim["quantified"]) and claim["lower"] <= value <= claim["upper"]


TOTAL_SCOPES = ("world", "bureau")

REFERENCE_COLUMNS = [*GROUP, "report_published", "reference_claim_id", "claimant_id", "reference_source_id",
                     "reference_value", "reference_value_text", "reference_qualifier", "reference_period", "own_publication",
                     "supporting_origins", "claims"]


def report_references(selected: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (metric, scope, report): the reference figure and how widely it is repeated.

    Groups are visited in report order, so a figure can be recognised as borrowed from an earlier report.
    Plain records rather than frame filtering: the cost stays linear in the number of claims.
    """
    authors = dict(zip(reports["report_id"], reports["claimant_id"]))
    dated = dict(zip(reports["report_id"], reports["published_latest"]))
    groups: dict[tuple, list[dict]] = {}
    needed = [*GROUP, "claim_id", "source_id", "claimant_id", "source_kind", "origin", "known_by", "value", "value_text",
              "qualifier", "period", "lower", "upper", "quantified", "superseded_by"]
    for claim in _records(selected[selected["report_id"] != ""], needed):
        groups.setdefault(tuple(claim[c] for c in GROUP), []).append(claim)
    totals: dict[str, list[tuple]] = {}  # metric → (published, author, scope_key, figure) of totals so far
    rows = []
    for key in sorted(groups, key=lambda k: (dated.get(k[3], ""), k)):
        group, author, published = groups[key], authors.get(key[3], ""), dated.get(key[3], "")
        metric, scope_type, scope_key = key[:3]
        # Totals (world or one bureau's) are what outlets conflate across reports; a city's count is not.
        is_total = scope_type in TOTAL_SCOPES
        borrowed = {f for when, who, _, f in totals.get(metric, []) if when < published and who != author} \
            if is_total else set()
        reference = _pick_reference(group, author, borrowed)
        if reference is None:
            continue
        value = _figure(reference)
        if is_total:
            totals.setdefault(metric, []).append((published, author, scope_key, value))
        rows.append({
            **dict(zip(GROUP, key)),
            "report_published": published,
            "reference_claim_id": reference["claim_id"],
            "claimant_id": reference["claimant_id"],
            "reference_source_id": reference["source_id"],
            "reference_value": value,
            "reference_value_text": reference["value_text"],
            "reference_qualifier": reference["qualifier"],
            "reference_period": reference["period"],
            "own_publication": reference["source_kind"] in OWN_PUBLICATION_KINDS,
            "supporting_origins": len({c["origin"] for c in group if _contains(c, value)}),
            "claims": len(group),
        })
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS).sort_values(GROUP).reset_index(drop=True)


def headlines(references: pd.DataFrame, rule: str) -> pd.DataFrame:
    """One headline figure per metric and scope, chosen among the report references by ``rule``.

    ``latest``: the most recent report's figure. ``max``: the largest figure. ``best-supported``: only
    figures repeated by at least two independent outlets (while any are); each author's most recent
    such report stands for that author (a later report revises an earlier one); among authors, the
    figure repeated by the most outlets; ties go to the most recent.
    """
    groups: dict[tuple, list[dict]] = {}
    for row in _records(references):
        groups.setdefault((row["metric"], row["scope_type"], row["scope_key"]), []).append(row)
    rows = []
    for key in sorted(groups):
        ordered = sorted(groups[key], key=lambda r: (r["report_published"], r["report_id"]))
        if rule == "max":
            chosen = max(ordered, key=lambda r: r["reference_value"])
        elif rule == "latest":
            chosen = ordered[-1]
        else:
            repeated = [r for r in ordered if r["supporting_origins"] >= MIN_INDEPENDENT_ORIGINS] or ordered
            per_author = {r["claimant_id"]: r for r in repeated}  # each author's most recent report
            chosen = max(per_author.values(),
                         key=lambda r: (r["supporting_origins"], r["report_published"], r["report_id"]))
        rows.append({**chosen, "rule": rule, "competing_reports": len(ordered)})
    return pd.DataFrame(rows, columns=[*references.columns, "rule", "competing_reports"])


_DIGITS = re.compile(r"\d")


def _looks_like_typo(value_text: str, reference_value: float) -> bool:
    """Digits dropped or swapped: '230,00' for 230,000, '45' for '54'."""
    written = "".join(_DIGITS.findall(value_text))
    expected = str(int(reference_value))
    return bool(written) and written != expected and (
        expected.startswith(written) or sorted(written) == sorted(expected)
    )


class ReferenceIndex:
    """The references of a run, indexed by value so that classifying one claim costs a few look-ups."""

    def __init__(self, references: pd.DataFrame):
        rows = _records(references)
        self.by_group = {tuple(r[c] for c in GROUP): r for r in rows}
        self.by_metric_value: dict[tuple, list[dict]] = {}
        self.by_scope_value: dict[tuple, list[dict]] = {}
        latest: dict[tuple, dict] = {}
        for r in rows:
            self.by_metric_value.setdefault((r["metric"], r["reference_value"]), []).append(r)
            self.by_scope_value.setdefault((r["scope_key"], r["reference_value"]), []).append(r)
            key = (r["metric"], r["scope_key"])
            if key not in latest or (r["report_published"], r["report_id"]) > (latest[key]["report_published"],
                                                                                latest[key]["report_id"]):
                latest[key] = r
        self.latest_by_scope = latest

    def reference_for(self, claim: dict) -> dict | None:
        """The reference of the claim's report; for a claim citing no report, of the latest report."""
        reference = self.by_group.get(tuple(claim[c] for c in GROUP))
        if reference is None and claim["report_id"] == "":
            reference = self.latest_by_scope.get((claim["metric"], claim["scope_key"]))
        return reference

    @staticmethod
    def _first(candidates: list[dict], report_id: str) -> dict | None:
        """The candidate from the claim's own report if there is one, else the earliest report's."""
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


def classify(claim: dict, reference: dict | None, index: ReferenceIndex, same_source: list[dict]) -> tuple[str, str]:
    """Why a claim departs from its group's reference: (class, reason in a few words).

    In order: no number; agrees (its interval contains the reference); a revision later superseded;
    zero against a positive figure, a denial (genuine disagreement); a stated period other than the reference's, or another report's figure for the same scope (different
    date or period); the figure of another scope of the same metric, e.g. one bureau's count given as
    the world's (different scope); the figure of another metric for the same scope, or the reference's
    digits garbled (misquote or typo); vague, hedged within 25 % or plain within 10 % (rounding or vague
    wording); the same page
    giving two figures (arithmetic inconsistency); otherwise genuine disagreement.
    """
    if not claim["quantified"]:
        return "unquantified", "no number stated"
    if reference is None:
        return "genuine disagreement", "no reference figure for this report and scope"
    value = reference["reference_value"]
    if _contains(claim, value):
        return "agrees", f"contains the reference {value:g}"
    if claim["superseded_by"]:
        return "superseded revision", f"revised by {claim['superseded_by']}"
    claimed = _figure(claim)
    if claimed == 0 < value:
        return "genuine disagreement", f"denies any, against {value:g}"
    if claim["period"] and claim["period"] != reference["reference_period"]:
        return "different date or period", f"describes {claim['period']}"
    if other := index.same_scope_elsewhere(claim, claimed, reference):
        return "different date or period", f"matches {other['report_id']} ({claimed:g})"
    if other := index.other_scope(claim, claimed, reference):
        return "different scope", f"the {other['scope_key']} figure of {other['report_id']}"
    if other := index.other_metric(claim, claimed, reference):
        return "misquote or typo", f"the {other['metric']} figure of {other['report_id']}"
    if _looks_like_typo(claim["value_text"], value):
        return "misquote or typo", f"digits of {value:g} garbled as '{claim['value_text']}'"
    distance = abs(claimed - value)
    hedged = claim["qualifier"] in HEDGES and distance <= HEDGED_TOLERANCE * value
    if claim["qualifier"] == "vague" or hedged or distance <= ROUNDING_TOLERANCE * value:
        return "rounding or vague wording", f"'{claim['value_text']}' against {value:g}"
    for twin in same_source:
        if (twin["metric"], twin["scope_key"]) == (claim["metric"], claim["scope_key"]) \
                and twin["claim_id"] != claim["claim_id"] and twin["value"] != claim["value"]:
            return "arithmetic inconsistency", f"same source also gives {twin['value_text']}"
    return "genuine disagreement", f"{claimed:g} against {value:g}"


DISCREPANCY_COLUMNS = ["claim_id", "source_id", "origin", "known_by", "quantified", "lower", "claimant_id", "report_id",
                       "metric", "scope_type", "scope_key", "value_text", "value", "reference_claim_id",
                       "reference_value", "is_reference", "class", "reason"]


def discrepancies(selected: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """Every selected claim beside the reference of its report, classified; linear in the number of claims."""
    index = ReferenceIndex(references)
    needed = list(dict.fromkeys([*DISCREPANCY_COLUMNS[:13], "upper", "qualifier", "period", "superseded_by"]))
    claims = _records(selected, needed)
    by_source: dict[str, list[dict]] = {}
    for claim in claims:
        by_source.setdefault(claim["source_id"], []).append(claim)
    rows = []
    for claim in claims:
        reference = index.reference_for(claim)
        kind, reason = classify(claim, reference, index, by_source[claim["source_id"]])
        rows.append({
            **{c: claim[c] for c in DISCREPANCY_COLUMNS[:13]},
            "reference_claim_id": "" if reference is None else reference["reference_claim_id"],
            "reference_value": None if reference is None else reference["reference_value"],
            "is_reference": reference is not None and reference["reference_claim_id"] == claim["claim_id"],
            "class": kind, "reason": reason,
        })
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


def report_coverage(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame) -> pd.DataFrame:
    """Per report: stations claimed (its world total, or a bureau's own total) beside stations documented.

    A station counts for a report when the report lists it (station_sources) or first reported it.
    Documented stations are split by the finest place cleaning could map; the rest of the claim
    (claimed minus documented) is not located by any source in reach.
    """
    membership = _report_membership(stations, station_sources)
    stations_claimed = references[references["metric"] == "stations"]
    world = stations_claimed[stations_claimed["scope_key"] == "world"]
    # A bureau announcing its own stations (the Fuzhou list) gives a bureau total, not a world total.
    bureau_only = stations_claimed[(stations_claimed["scope_type"] == "bureau")
                                   & ~stations_claimed["report_id"].isin(world["report_id"])
                                   & ~stations_claimed["scope_key"].str.endswith("-additional")]
    claimed = pd.concat([world, bureau_only]).drop_duplicates("report_id")
    rows = []
    for report in sorted(set(claimed["report_id"]) | set(membership["report_id"])):
        members = membership[membership["report_id"] == report]
        reference = claimed[claimed["report_id"] == report]
        total = reference["reference_value"].iloc[0] if not reference.empty else float("nan")
        by_precision = members["mapped_precision"].value_counts()
        documented = len(members)
        rows.append({
            "report_id": report,
            "claimed": total,
            "reference_claim_id": reference["reference_claim_id"].iloc[0] if not reference.empty else "",
            "documented": documented,
            "located_city": int(by_precision.get("city", 0)),
            "located_region": int(by_precision.get("region", 0)),
            "located_country": int(by_precision.get("country", 0)),
            "not_located": total - documented if pd.notna(total) else float("nan"),
        })
    return pd.DataFrame(rows)


def _report_membership(stations: pd.DataFrame, station_sources: pd.DataFrame) -> pd.DataFrame:
    """(station_id, report_id, iso3) for every station a report lists or first reported; duplicates dropped."""
    live = stations[stations["duplicate_of"] == ""]
    listed = station_sources.loc[station_sources["report_id"] != "", ["station_id", "report_id"]]
    first = live.loc[live["first_report_id"] != "", ["station_id", "first_report_id"]].rename(
        columns={"first_report_id": "report_id"})
    membership = pd.concat([listed, first]).drop_duplicates()
    return membership.merge(live[["station_id", "iso3", "mapped_precision"]], on="station_id")


def by_country(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame) -> pd.DataFrame:
    """Per country and report: the stations the report claims there, beside those documented one by one."""
    claimed = references[(references["metric"] == "stations") & (references["scope_type"] == "country")]
    claimed = claimed[["scope_key", "report_id", "reference_value", "reference_claim_id"]].rename(
        columns={"scope_key": "iso3", "reference_value": "claimed"})
    membership = _report_membership(stations, station_sources)
    documented = membership[membership["iso3"] != ""].groupby(["iso3", "report_id"]).size().rename("documented")
    table = claimed.merge(documented.reset_index(), on=["iso3", "report_id"], how="outer")
    table["reference_claim_id"] = table["reference_claim_id"].fillna("")
    return table.sort_values(["iso3", "report_id"]).reset_index(drop=True)


def consistency(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame) -> pd.DataFrame:
    """Per report: do its per-country counts sum to its total, and do the countries it names match its count?"""
    world = references[references["scope_key"] == "world"].set_index(["report_id", "metric"])["reference_value"]
    per_country = references[(references["metric"] == "stations") & (references["scope_type"] == "country")]
    membership = _report_membership(stations, station_sources)
    rows = []
    reports = sorted({r for r, _ in world.index} | set(per_country["report_id"]))
    for report in reports:
        counts = per_country[per_country["report_id"] == report]
        named = set(counts["scope_key"]) | set(membership.loc[membership["report_id"] == report, "iso3"]) - {""}
        rows.append({
            "report_id": report,
            "claimed_stations": world.get((report, "stations"), float("nan")),
            "sum_of_country_counts": counts["reference_value"].sum() if not counts.empty else float("nan"),
            "countries_with_a_count": len(counts),
            "claimed_countries": world.get((report, "countries"), float("nan")),
            "countries_named": len(named),
        })
    table = pd.DataFrame(rows)
    table["stations_unaccounted"] = table["claimed_stations"] - table["sum_of_country_counts"]
    table["countries_unnamed"] = table["claimed_countries"] - table["countries_named"]
    return table


RESPONSE_ACTIONS_SHOWN = ("investigation opened", "closure ordered", "closed", "raid", "arrest", "charge", "plea",
                          "no illegal activity found", "denial")


def responses_by_action(responses: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Government and judicial actions dated on or before ``as_of``: actions and distinct countries."""
    dated = responses[(responses["date_latest"] != "") & (responses["date_latest"] <= as_of)]
    counted = dated[dated["iso3"] != ""]
    table = counted.groupby("action").agg(responses=("response_id", "size"), countries=("iso3", "nunique"))
    table = table.reindex(sorted(table.index, key=lambda a: (a not in RESPONSE_ACTIONS_SHOWN, a))).reset_index()
    undated = int((responses["date_latest"] == "").sum())
    return table.assign(undated_kept_out=undated)


COMPARED_METRICS = ("stations", "countries", "cities", "bureaus")


def report_comparison(references: pd.DataFrame, coverage: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per report that gives a total: its own figures beside the stations documented for it.

    A total is world-wide, or, for a police bureau announcing its own stations (the Fuzhou list), that
    bureau's; a bureau's figure in a report with world totals is a breakdown, not a total.
    """
    authors = dict(zip(reports["report_id"], reports["claimant_id"]))
    world = references[references["scope_key"] == "world"]
    own_bureau = references[(references["scope_type"] == "bureau") & ~references["report_id"].isin(world["report_id"])
                            & (references["claimant_id"] == references["report_id"].map(authors))
                            & ~references["scope_key"].str.endswith("-additional")]
    totals = pd.concat([world, own_bureau])
    totals = totals[totals["metric"].isin(COMPARED_METRICS)].drop_duplicates(["report_id", "metric"])
    meta = reports.set_index("report_id")
    covered = coverage.set_index("report_id")
    rows = []
    for report_id, figures in totals.groupby("report_id", sort=False):
        figures = figures.set_index("metric")
        scope = figures["scope_key"].iloc[0]
        row = {"report_id": report_id, "claimant_id": meta.at[report_id, "claimant_id"],
               "published": meta.at[report_id, "published"], "published_latest": meta.at[report_id, "published_latest"],
               "scope": "world" if scope == "world" else scope}
        for metric in COMPARED_METRICS:
            present = metric in figures.index
            row[metric] = figures.at[metric, "reference_value"] if present else float("nan")
            row[f"{metric}_claim_id"] = figures.at[metric, "reference_claim_id"] if present else ""
            row[f"{metric}_source_id"] = figures.at[metric, "reference_source_id"] if present else ""
        located = covered.loc[report_id] if report_id in covered.index else None
        row["documented"] = located["documented"] if located is not None else 0
        row["located_city"] = located["located_city"] if located is not None else 0
        row["located_region_or_country"] = (located["located_region"] + located["located_country"]) \
            if located is not None else 0
        row["not_located"] = located["not_located"] if located is not None else float("nan")
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.sort_values(["published_latest", "report_id"]).drop(columns="published_latest").reset_index(drop=True)
