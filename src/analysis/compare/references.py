"""The reference figure of each report and the headline figures across reports.

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
* **A report's own totals**: a police bureau's figures for its own bureau; anyone else's world figures.
"""

from __future__ import annotations

import re

import pandas as pd

from .claims import GROUP, contains, group_key, records, stated_figure

PRIMARY = 1  # source_rank of a page by the claimant itself (see analysis.ranks)
HEADLINE_METRICS = ("stations", "countries", "persuaded_returns", "countries_investigating")
MIN_INDEPENDENT_ORIGINS = 2


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
    candidates = [c for c in candidates if stated_figure(c) not in borrowed or c["source_rank"] == PRIMARY]
    if not candidates:
        return None
    origins: dict[float, set[str]] = {}
    latest: dict[float, str] = {}
    for claim in candidates:
        figure = stated_figure(claim)
        origins.setdefault(figure, set()).add(claim["origin"])
        latest[figure] = max(latest.get(figure, ""), claim["known_by"])
    figure = max(origins, key=lambda f: (len(origins[f]), latest[f]))
    # The claim that stands for the figure: the best-ranked page (analysis.ranks), then the earliest.
    chosen = [c for c in candidates if stated_figure(c) == figure]
    return min(chosen, key=lambda c: (c["source_rank"], c["known_by"], c["claim_id"]))


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
    for claim in records(selected[selected["report_id"] != ""], needed):
        groups.setdefault(group_key(claim), []).append(claim)
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
        value = stated_figure(reference)
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
            "supporting_origins": len({c["origin"] for c in group if contains(c, value)}),
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
    for row in records(references):
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
    from ..aliases import bureau

    for word in re.findall(r"[A-Za-z]+|[^\x00-\x7f]+", claimant):
        found = bureau(word)
        if found not in ("other", "unknown"):
            return found
    return ""
