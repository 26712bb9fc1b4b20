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

from .dates import parse_partial_date
from .params import ALL, Params

PRIMARY = 1  # source_rank of a page by the claimant itself (see analysis.ranks)
HEADLINE_METRICS = ("stations", "countries", "persuaded_returns", "countries_investigating")
MIN_INDEPENDENT_ORIGINS = 2
ROUNDING_TOLERANCE = 0.10  # a plain figure within 10 % of the reference is taken as rounded
HEDGED_TOLERANCE = 0.25  # a hedged one ("about", "more than", "at least", "up to") within 25 %
HEDGES = ("about", "more-than", "at-least", "up-to")
MIN_MISQUOTED = 10  # below this, a figure matching another metric's ("4 countries", "4 bureaus") is likely chance

DISCREPANCY_CLASSES = (
    "agrees",
    "nothing to compare",
    "denial",
    "superseded revision",
    "different date or period",
    "different scope",
    "misquote or typo",
    "rounding or vague wording",
    "arithmetic inconsistency",
    "genuine disagreement",
    "unquantified",
)


DEPARTING_CLASSES = tuple(c for c in DISCREPANCY_CLASSES if c not in ("agrees", "nothing to compare", "denial",
                                                                       "unquantified"))


def known_by(claims: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.Series:
    """The last day by which each claim had been made, as cleaning dated it (``date_basis`` says how)."""
    return claims["dated_by"]


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
    values = [frame[c].to_numpy().tolist() for c in columns]  # to_numpy first: tolist alone iterates string arrays
    return [dict(zip(columns, row)) for row in zip(*values)]


def _figure(claim: dict) -> float:
    """The number a claim states ("about 230,000" → 230,000), or its lower bound for a range."""
    value = claim["value"]
    return claim["lower"] if value is None or value != value else value  # value != value: NaN


def _pick_reference(group: list[dict], author: str, borrowed: set[float] = frozenset()) -> dict | None:
    """The author's own figure: from their own publication if in reach, else the one most outlets repeat.

    ``borrowed`` holds figures that belong to earlier reports of other authors; they are passed over
    while the report has any other figure.
    """
    ids = {c["claim_id"] for c in group}
    own = [c for c in group if c["quantified"] and c["superseded_by"] not in ids and c["claimant_id"] == author]
    published = [c for c in own if c["source_rank"] == PRIMARY]
    candidates = published or own
    # Another report's figure is never this report's, unless the author's own page states it.
    candidates = [c for c in candidates if _figure(c) not in borrowed or c["source_rank"] == PRIMARY]
    if not candidates:
        return None
    origins: dict[float, set[str]] = {}
    latest: dict[float, str] = {}
    for claim in candidates:
        figure = _figure(claim)
        origins.setdefault(figure, set()).add(claim["origin"])
        latest[figure] = max(latest.get(figure, ""), claim["known_by"])
    figure = max(origins, key=lambda f: (len(origins[f]), latest[f]))
    # The claim that stands for the figure: the best-ranked page (analysis.ranks), then the earliest.
    chosen = [c for c in candidates if _figure(c) == figure]
    return min(chosen, key=lambda c: (c["source_rank"], c["known_by"], c["claim_id"]))


def _contains(claim: dict, value: float) -> bool:
    return bool(claim["quantified"]) and claim["lower"] <= value <= claim["upper"]


TOTAL_SCOPES = ("world", "bureau")

REFERENCE_COLUMNS = [*GROUP, "report_published", "reference_claim_id", "claimant_id", "reference_source_id",
                     "reference_source_rank", "reference_value", "reference_value_text", "reference_qualifier",
                     "reference_period", "own_publication", "supporting_origins", "claims"]


def report_references(selected: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (metric, scope, report): the reference figure and how widely it is repeated.

    Groups are visited in report order, so a figure can be recognised as borrowed from an earlier report.
    Plain records rather than frame filtering: the cost stays linear in the number of claims.
    """
    authors = dict(zip(reports["report_id"], reports["claimant_id"]))
    dated = dict(zip(reports["report_id"], reports["published_latest"]))
    # A report no page dates is known by its earliest dated claim: it existed by then.
    reported = selected.loc[(selected["report_id"] != "") & (selected["known_by"] != ""), ["report_id", "known_by"]]
    first_seen = reported.sort_values("known_by", kind="stable").drop_duplicates("report_id")
    first_seen = dict(zip(first_seen["report_id"].tolist(), first_seen["known_by"].tolist()))
    dated = {r: d or first_seen.get(r, "") for r, d in dated.items()}
    groups: dict[tuple, list[dict]] = {}
    needed = [*GROUP, "claim_id", "source_id", "claimant_id", "source_kind", "source_rank", "origin", "known_by", "value",
              "value_text", "qualifier", "period", "lower", "upper", "quantified", "superseded_by"]
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
            "reference_source_rank": reference["source_rank"],
            "reference_value": value,
            "reference_value_text": reference["value_text"],
            "reference_qualifier": reference["qualifier"],
            "reference_period": reference["period"],
            "own_publication": reference["source_rank"] == PRIMARY,
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

    In order: no number (unquantified); a zero, "there are none" (denial); no report's figure for the same
    metric and scope (nothing to compare); agrees (its interval contains the reference); a revision later
    superseded; a stated period other than the reference's, or another report's figure for the same scope (different
    date or period); the figure of another scope of the same metric, e.g. one bureau's count given as
    the world's (different scope); the figure of another metric for the same scope, or the reference's
    digits garbled (misquote or typo); vague, hedged within 25 % or plain within 10 % (rounding or vague
    wording); the same page
    giving two figures (arithmetic inconsistency); otherwise genuine disagreement.
    """
    if not claim["quantified"]:
        return "unquantified", "no number stated"
    claimed = _figure(claim)
    if claimed == 0 and claim["upper"] == 0:
        against = f", against {reference['reference_value']:g}" if reference is not None else ""
        return "denial", f"says there are none{against}"
    if reference is None:
        return "nothing to compare", "no figure of a report for the same count and scope"
    value = reference["reference_value"]
    if _contains(claim, value):
        return "agrees", f"contains the reference {value:g}"
    if claim["superseded_by"]:
        return "superseded revision", f"revised by {claim['superseded_by']}"
    if claim["period"] and claim["period"] != reference["reference_period"]:
        return "different date or period", f"describes {claim['period']}"
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


def report_totals(references: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The reference figures that are a report's own totals, one per report and metric.

    A police bureau's announcement counts its own stations: its totals are the figures for its own
    bureau (named in its claimant). Any other report's totals are its world-wide figures; a bureau's
    figure in such a report is a breakdown, not a total. Counts of stations "added" to a list are not totals.
    """
    own = reports.set_index("report_id")["claimant"].map(_own_bureau)
    references = references[~references["scope_key"].str.endswith("-additional")]
    bureau_of_report = references["report_id"].map(own).fillna("")
    is_own_bureau = (references["scope_type"] == "bureau") & (references["scope_key"] == bureau_of_report)
    is_world = (references["scope_key"] == "world") & (bureau_of_report == "")
    return references[is_own_bureau | is_world].drop_duplicates(["report_id", "metric"])


def _own_bureau(claimant: str) -> str:
    """The police bureau a claimant names ("Fuzhou Public Security Bureau" → Fuzhou), or ""."""
    from .clean import bureau

    for word in re.findall(r"[A-Za-z]+|[^\x00-\x7f]+", claimant):
        found = bureau(word)
        if found not in ("other", "unknown"):
            return found
    return ""


def report_coverage(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame,
                    reports: pd.DataFrame) -> pd.DataFrame:
    """Per report: stations claimed (its world total, or a bureau's own total) beside stations documented.

    A station counts for a report when the report lists it, first reported it, or belongs to the report
    it follows (a follow-up's total includes its predecessor's stations), unless the follow-up itself
    says it was dropped. For a police bureau's own announcement, every documented station of that
    bureau counts. Documented stations are split by the finest place cleaning could map; the rest of
    the claim (claimed minus documented) is not located by any source in reach.
    """
    membership = report_membership(stations, station_sources, reports)
    totals = report_totals(references, reports)
    claimed = totals[totals["metric"] == "stations"]
    live = stations[stations["duplicate_of"] == ""]
    rows = []
    for report in sorted(set(claimed["report_id"]) | set(membership["report_id"])):
        reference = claimed[claimed["report_id"] == report]
        members = membership[membership["report_id"] == report]
        if not reference.empty and reference["scope_type"].iloc[0] == "bureau":
            of_bureau = live[live["bureau"] == reference["scope_key"].iloc[0]]
            members = pd.concat([members, of_bureau.assign(report_id=report)]).drop_duplicates("station_id")
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
            "not_located": max(total - documented, 0) if pd.notna(total) else float("nan"),
            "documented_exceeds_claimed": bool(pd.notna(total) and documented > total),
        })
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


COVERAGE_COLUMNS = ["report_id", "claimed", "reference_claim_id", "documented", "located_city", "located_region",
                    "located_country", "not_located", "documented_exceeds_claimed"]


def _followed(reports: pd.DataFrame) -> dict[str, list[str]]:
    """Each report's chain of predecessors through ``follows``, nearest first (cycles stop the walk)."""
    follows = dict(zip(reports["report_id"], reports["follows"]))
    chains = {}
    for report in follows:
        chain, current = [], follows[report]
        while current and current not in chain and current != report:
            chain.append(current)
            current = follows.get(current, "")
        chains[report] = chain
    return chains


def report_membership(stations: pd.DataFrame, station_sources: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """(station_id, report_id, iso3, mapped_precision, bureau) for every station a report counts.

    A report counts the stations it lists or first reported, and those of every report it follows,
    except stations the report itself says were dropped. Duplicates entries of stations are left out.
    """
    live = stations[stations["duplicate_of"] == ""]
    says = station_sources["says"].fillna("")
    listed = station_sources.loc[(station_sources["report_id"] != "") & ~says.str.contains("dropped"),
                                 ["station_id", "report_id"]]
    dropped = set(zip(*station_sources.loc[says.str.contains("dropped"), ["station_id", "report_id"]].T.values))
    first = live.loc[live["first_report_id"] != "", ["station_id", "first_report_id"]].rename(
        columns={"first_report_id": "report_id"})
    own = pd.concat([listed, first]).drop_duplicates()
    by_report = own.groupby("report_id")["station_id"].apply(set).to_dict()
    rows = []
    for report, chain in _followed(reports).items():
        members = set(by_report.get(report, set()))
        for earlier in chain:
            members |= by_report.get(earlier, set())
        rows += [(station, report) for station in sorted(members) if (station, report) not in dropped]
    membership = pd.DataFrame(rows, columns=["station_id", "report_id"])
    return membership.merge(live[["station_id", "iso3", "mapped_precision", "bureau"]], on="station_id")


def by_country(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame,
               reports: pd.DataFrame) -> pd.DataFrame:
    """Per country and report: the stations the report claims there, beside those documented one by one."""
    claimed = references[(references["metric"] == "stations") & (references["scope_type"] == "country")]
    claimed = claimed[["scope_key", "report_id", "reference_value", "reference_claim_id"]].rename(
        columns={"scope_key": "iso3", "reference_value": "claimed"})
    membership = report_membership(stations, station_sources, reports)
    documented = membership[membership["iso3"] != ""].groupby(["iso3", "report_id"]).size().rename("documented")
    table = claimed.merge(documented.reset_index(), on=["iso3", "report_id"], how="outer")
    table["reference_claim_id"] = table["reference_claim_id"].fillna("")
    return table.sort_values(["iso3", "report_id"]).reset_index(drop=True)


def consistency(references: pd.DataFrame, stations: pd.DataFrame, station_sources: pd.DataFrame,
                reports: pd.DataFrame) -> pd.DataFrame:
    """Per report: do its per-country counts sum to its total, and do the countries it names match its count?

    A country the report counts zero stations in ("none found in X") is not a country it names.
    """
    world = references[references["scope_key"] == "world"].set_index(["report_id", "metric"])["reference_value"]
    per_country = references[(references["metric"] == "stations") & (references["scope_type"] == "country")
                             & (references["reference_value"] > 0)]
    membership = report_membership(stations, station_sources, reports)
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
    table = pd.DataFrame(rows, columns=["report_id", "claimed_stations", "sum_of_country_counts",
                                        "countries_with_a_count", "claimed_countries", "countries_named"])
    table["stations_unaccounted"] = table["claimed_stations"] - table["sum_of_country_counts"]
    table["countries_unnamed"] = table["claimed_countries"] - table["countries_named"]
    return table


RESPONSE_ACTIONS_SHOWN = ("investigation opened", "closure ordered", "closed", "raid", "arrest", "charge", "plea",
                          "sentence", "no illegal activity found", "denial")

EVENT_COLUMNS = ["event_id", "iso3", "country", "action", "event_date", "dated_by", "date_basis", "actor",
                 "stations_or_city", "responses", "source_ids", "date_conflict"]


def events(responses: pd.DataFrame) -> pd.DataFrame:
    """One row per government action (``event_id``), however many pages report it.

    ``dated_by`` is the tightest date any of its pages allows (the action's own date where one is
    given); ``source_ids`` lists its pages, best-ranked first.
    """
    rows = []
    ordered = responses.sort_values(["source_rank", "response_id"])
    for event, group in ordered.groupby("event_id", sort=True):
        event_date = group["event_date"].iloc[0]
        if event_date:  # the date of the event itself, from its best page
            dated_by, basis = parse_partial_date(event_date).latest.isoformat(), "date of the action on its best page"
        else:  # only publication dates: the action had happened by the earliest of them
            dated = group[group["dated_by"] != ""].sort_values(["dated_by", "source_rank"])
            dated_by, basis = (dated["dated_by"].iloc[0], dated["date_basis"].iloc[0]) if not dated.empty else ("", "")
        rows.append({
            "event_id": event, "iso3": group["iso3"].iloc[0], "country": group["country"].iloc[0],
            "action": group["action"].iloc[0], "event_date": event_date,
            "dated_by": dated_by, "date_basis": basis, "actor": group["actor"].iloc[0],
            "stations_or_city": group["stations_or_city"].iloc[0], "responses": len(group),
            "source_ids": ";".join(dict.fromkeys(group["source_id"])),
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
    undated = event_table[event_table["dated_by"] == ""].groupby("action").size()
    return table.assign(undated_events=table["action"].map(undated).fillna(0).astype(int))


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
    for claim in _records(claims.sort_values(["known_by", "claim_id"])):
        ledger = set(investigations.loc[investigations["dated_by"] <= claim["known_by"], "iso3"])
        named = _countries_named(f"{claim['value_text']}, {claim.get('notes', '')}", resolve)
        rows.append({
            "claim_id": claim["claim_id"], "source_id": claim["source_id"], "claimant_id": claim["claimant_id"],
            "known_by": claim["known_by"], "value_text": claim["value_text"], "figure": _figure(claim),
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


COMPARED_METRICS = ("stations", "countries", "cities", "bureaus")


def report_comparison(references: pd.DataFrame, coverage: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per report that gives a total: its own figures beside the stations documented for it.

    A total is world-wide, or, for a police bureau announcing its own stations (the Fuzhou list), that
    bureau's; a bureau's figure in a report with world totals is a breakdown, not a total.
    """
    totals = report_totals(references, reports)
    totals = totals[totals["metric"].isin(COMPARED_METRICS)]
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
        row["documented_exceeds_claimed"] = bool(located["documented_exceeds_claimed"]) if located is not None else False
        rows.append(row)
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    return table.sort_values(["published_latest", "report_id"]).drop(columns="published_latest").reset_index(drop=True)


COMPARISON_COLUMNS = ["report_id", "claimant_id", "published", "published_latest", "scope",
                      *[f"{m}{suffix}" for m in COMPARED_METRICS for suffix in ("", "_claim_id", "_source_id")],
                      "documented", "located_city", "located_region_or_country", "not_located",
                      "documented_exceeds_claimed"]
