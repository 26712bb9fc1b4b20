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
ROUNDING_TOLERANCE = 0.10

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


def _pick_reference(group: pd.DataFrame, author: str, borrowed: set[float] = frozenset()) -> pd.Series | None:
    """The author's own figure: from their own publication if in reach, else the one most outlets repeat.

    ``borrowed`` holds figures that belong to earlier reports of other authors; they are passed over
    while the report has any other figure.
    """
    live = group[group["quantified"] & ~group["superseded_by"].isin(set(group["claim_id"]))]
    own = live[live["claimant_id"] == author]
    published = own[own["source_kind"].isin(OWN_PUBLICATION_KINDS)]
    candidates = published if not published.empty else own
    if candidates.empty:
        return None
    candidates = candidates.assign(figure=_figure(candidates))
    unborrowed = candidates[~candidates["figure"].isin(borrowed)]
    candidates = unborrowed if not unborrowed.empty else candidates
    support = candidates.groupby("figure").agg(origins=("origin", "nunique"), latest=("known_by", "max"))
    figure = support.sort_values(["origins", "latest"], ascending=False, kind="stable").index[0]
    chosen = candidates[candidates["figure"] == figure].assign(rank=lambda f: f["source_kind"].map(_KIND_RANK).fillna(9))
    # The claim that stands for the figure: the most authoritative kind of page, then the earliest.
    return chosen.sort_values(["rank", "known_by", "claim_id"]).iloc[0]


def _figure(claims: pd.DataFrame) -> pd.Series:
    """The number a claim states ("about 230,000" → 230,000), or its lower bound for a range."""
    return claims["value"].fillna(claims["lower"])


def _supports(claims: pd.DataFrame, value: float) -> pd.Series:
    return claims["quantified"] & (claims["lower"] <= value) & (value <= claims["upper"])


def report_references(selected: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (metric, scope, report): the reference figure and how widely it is repeated."""
    authors = reports.set_index("report_id")["claimant_id"]
    dated = reports.set_index("report_id")["published_latest"]
    rows = []
    attributed = selected[selected["report_id"] != ""]
    figures: dict[str, list[tuple[str, str, float]]] = {}  # metric → (published, author, figure) of references so far
    ordered_groups = sorted(attributed.groupby(GROUP, sort=True), key=lambda kv: (dated.get(kv[0][3], ""), kv[0]))
    for key, group in ordered_groups:
        author = authors.get(key[3], "")
        published = dated.get(key[3], "")
        borrowed = {f for when, who, f in figures.get(key[0], []) if when < published and who != author}
        reference = _pick_reference(group, author, borrowed)
        if reference is None:
            continue
        figures.setdefault(key[0], []).append((published, author, reference["figure"]))
        value = reference["figure"]
        supporting = group[_supports(group, value)]
        rows.append({
            **dict(zip(GROUP, key)),
            "report_published": dated.get(key[3], ""),
            "reference_claim_id": reference["claim_id"],
            "claimant_id": reference["claimant_id"],
            "reference_source_id": reference["source_id"],
            "reference_value": value,
            "reference_value_text": reference["value_text"],
            "reference_qualifier": reference["qualifier"],
            "own_publication": reference["source_kind"] in OWN_PUBLICATION_KINDS,
            "supporting_origins": supporting["origin"].nunique(),
            "claims": len(group),
        })
    columns = [*GROUP, "report_published", "reference_claim_id", "claimant_id", "reference_source_id", "reference_value",
               "reference_value_text", "reference_qualifier", "own_publication", "supporting_origins", "claims"]
    return pd.DataFrame(rows, columns=columns).sort_values(GROUP).reset_index(drop=True)


def headlines(references: pd.DataFrame, rule: str) -> pd.DataFrame:
    """One headline figure per metric and scope, chosen among the report references by ``rule``.

    ``latest``: the most recent report's figure. ``max``: the largest figure. ``best-supported``: only
    figures repeated by at least two independent outlets (while any are); each author's most recent
    such report stands for that author (a later report revises an earlier one); among authors, the
    figure repeated by the most outlets; ties go to the most recent.
    """
    rows = []
    for (metric, scope_type, scope_key), group in references.groupby(["metric", "scope_type", "scope_key"], sort=True):
        ordered = group.sort_values(["report_published", "report_id"])
        if rule == "max":
            chosen = ordered.loc[ordered["reference_value"].idxmax()]
        elif rule == "latest":
            chosen = ordered.iloc[-1]
        else:
            repeated = ordered[ordered["supporting_origins"] >= MIN_INDEPENDENT_ORIGINS]
            per_author = (repeated if not repeated.empty else ordered).groupby("claimant_id", sort=True).tail(1)
            chosen = per_author.sort_values(["supporting_origins", "report_published", "report_id"]).iloc[-1]
        rows.append({**chosen.to_dict(), "rule": rule, "competing_reports": len(group)})
    return pd.DataFrame(rows, columns=[*references.columns, "rule", "competing_reports"])


_DIGITS = re.compile(r"\d")


def _looks_like_typo(claim: pd.Series, reference_value: float) -> bool:
    """Digits dropped or swapped: '230,00' for 230,000, '45' for '54'."""
    written = "".join(_DIGITS.findall(claim["value_text"]))
    expected = str(int(reference_value))
    return bool(written) and written != expected and (
        expected.startswith(written) or sorted(written) == sorted(expected)
    )


def classify(claim: pd.Series, reference: pd.Series | None, references: pd.DataFrame,
             same_source: pd.DataFrame) -> tuple[str, str]:
    """Why a claim departs from its group's reference: (class, reason in a few words)."""
    if not claim["quantified"]:
        return "unquantified", "no number stated"
    if reference is None:
        return "genuine disagreement", "no reference figure for this report and scope"
    value = reference["reference_value"]
    if claim["lower"] <= value <= claim["upper"]:
        return "agrees", f"contains the reference {value:g}"
    if claim["superseded_by"]:
        return "superseded revision", f"revised by {claim['superseded_by']}"
    claimed = claim["value"] if pd.notna(claim["value"]) else claim["lower"]
    same_scope = references[(references["metric"] == claim["metric"]) & (references["scope_key"] == claim["scope_key"])
                            & (references["report_id"] != claim["report_id"])]
    for other in same_scope.itertuples():
        if other.reference_value == claimed:
            return "different date or period", f"matches {other.report_id} ({claimed:g})"
    other_scopes = references[(references["metric"] == claim["metric"]) & (references["scope_key"] != claim["scope_key"])]
    for other in other_scopes.itertuples():
        if other.reference_value == claimed:
            return "different scope", f"matches {other.report_id} for scope {other.scope_key}"
    other_metrics = references[references["metric"] != claim["metric"]]
    for other in other_metrics.itertuples():
        if other.reference_value == claimed:
            return "misquote or typo", f"the {other.metric} figure of {other.report_id}"
    if _looks_like_typo(claim, value):
        return "misquote or typo", f"digits of {value:g} garbled as '{claim['value_text']}'"
    if claim["qualifier"] in ("about", "more-than", "at-least", "vague") or (
        abs(claimed - value) <= ROUNDING_TOLERANCE * value
    ):
        return "rounding or vague wording", f"'{claim['value_text']}' against {value:g}"
    twins = same_source[(same_source["metric"] == claim["metric"]) & (same_source["scope_key"] == claim["scope_key"])
                        & (same_source["claim_id"] != claim["claim_id"]) & (same_source["value"] != claim["value"])]
    if not twins.empty:
        return "arithmetic inconsistency", f"same source also gives {twins['value_text'].iloc[0]}"
    return "genuine disagreement", f"{claimed:g} against {value:g}"


def discrepancies(selected: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """Every selected claim beside the reference of its report (or of the headline for unattributed claims)."""
    by_group = {tuple(r[c] for c in GROUP): r for _, r in references.iterrows()}
    latest_by_scope = {
        (m, s): g.sort_values(["report_published", "report_id"]).iloc[-1]
        for (m, s), g in references.groupby(["metric", "scope_key"], sort=True)
    }
    by_source = {k: g for k, g in selected.groupby("source_id", sort=False)}
    rows = []
    for _, claim in selected.iterrows():
        reference = by_group.get(tuple(claim[c] for c in GROUP))
        if reference is None and claim["report_id"] == "":
            reference = latest_by_scope.get((claim["metric"], claim["scope_key"]))
        kind, reason = classify(claim, reference, references, by_source[claim["source_id"]])
        rows.append({
            "claim_id": claim["claim_id"], "source_id": claim["source_id"], "origin": claim["origin"],
            "known_by": claim["known_by"], "quantified": claim["quantified"], "lower": claim["lower"],
            "claimant_id": claim["claimant_id"], "report_id": claim["report_id"], "metric": claim["metric"],
            "scope_type": claim["scope_type"], "scope_key": claim["scope_key"], "value_text": claim["value_text"],
            "value": claim["value"],
            "reference_claim_id": "" if reference is None else reference["reference_claim_id"],
            "reference_value": None if reference is None else reference["reference_value"],
            "is_reference": reference is not None and reference["reference_claim_id"] == claim["claim_id"],
            "class": kind, "reason": reason,
        })
    return pd.DataFrame(rows)


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
