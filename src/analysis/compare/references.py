"""The reference figure of each report and the headline figures across reports.

* **Reference figure of a report** (per metric and scope): among the quantified, not superseded claims
  attributed to the report and made by its author, those in the author's own publication if any are in
  reach; otherwise the figure repeated by the most independent outlets (distinct original publishers),
  so that one outlet's garble cannot become the reference. Ties: the figure repeated most recently.
  The claim that stands for the figure is on a dated page of a news outlet or better if there is one
  (then the most authoritative kind; among pages of one kind, one keeping a lower-bound hedge; the
  earliest), else on the best undated page; blogs, reposts and aggregators stand only when nothing else
  gives the figure.
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
from typing import NamedTuple

import numpy as np
import pandas as pd

from .claims import GROUP, records

PRIMARY = 1  # source_rank of a page by the claimant itself (see analysis.ranks)
WEAKEST = 5  # source_rank of a blog, a repost or an aggregator
LOWER_BOUNDS = ("at-least", "more-than")
HEADLINE_METRICS = ("stations", "countries", "persuaded_returns", "countries_investigating")
MIN_INDEPENDENT_ORIGINS = 2


TOTAL_SCOPES = ("world", "bureau")

REFERENCE_COLUMNS = [*GROUP, "report_published", "reference_claim_id", "claimant_id", "reference_source_id",
                     "reference_source_rank", "reference_value", "reference_value_text", "reference_qualifier",
                     "reference_period", "own_publication", "supporting_origins", "claims"]


class _Figure(NamedTuple):
    """One figure a report's author gives for a group: how widely it is repeated, and the claim that stands
    for it (the best-ranked page, then the earliest)."""

    value: float
    origins: int  # distinct original publishers among the author's claims of it
    latest: str  # when it was last repeated
    claim: int  # row of the claim that stands for it (see the module's docstring)


def report_references(selected: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (metric, scope, report): the reference figure and how widely it is repeated.

    The figures of each group are summarised for all groups at once; then groups are visited in report
    order, so that a figure can be recognised as borrowed from an earlier report.
    """
    authors = dict(zip(reports["report_id"], reports["claimant_id"]))
    dated = dict(zip(reports["report_id"], reports["published_latest"]))
    # A report no page dates is known by its earliest dated claim: it existed by then.
    first_seen: dict[str, str] = {}
    for report, known in zip(selected["report_id"].tolist(), selected["known_by"].tolist()):
        if report and known and (report not in first_seen or known < first_seen[report]):
            first_seen[report] = known
    dated = {r: d or first_seen.get(r, "") for r, d in dated.items()}
    claims = selected[selected["report_id"] != ""].reset_index(drop=True)
    group = claims.groupby(GROUP, sort=False).ngroup().to_numpy()  # numbered in order of first appearance
    keys = list(zip(*(claims.loc[~pd.Series(group).duplicated().to_numpy(), c].tolist() for c in GROUP)))
    figures, has_primary = _figures_of_groups(claims, group, authors)
    earlier = _EarlierTotals()
    chosen: dict[int, _Figure] = {}
    for number in sorted(figures, key=lambda n: (dated.get(keys[n][3], ""), keys[n])):
        metric, scope_type, _, report_id = keys[number]
        author, published = authors.get(report_id, ""), dated.get(report_id, "")
        # Totals (world or one bureau's) are what outlets conflate across reports; a city's count is not.
        is_total = scope_type in TOTAL_SCOPES
        options = figures[number]
        if is_total and not has_primary[number]:  # another report's figure is never this one's, unless
            options = [f for f in options if not earlier.borrowed(metric, f.value, published, author)]  # its own page says so
        if not options:
            continue
        chosen[number] = max(options, key=lambda f: (f.origins, f.latest))  # ties: the figure seen first
        if is_total:
            earlier.add(metric, published, author, chosen[number].value)
    supporting = _supporting_origins(claims, group, chosen)
    sizes = np.bincount(group, minlength=len(keys)) if len(group) else np.zeros(0, dtype=int)
    standing = records(claims.iloc[[f.claim for f in chosen.values()]],
                       ["claim_id", "claimant_id", "source_id", "source_rank", "value_text", "qualifier", "period"])
    rows = [{
        **dict(zip(GROUP, keys[number])),
        "report_published": dated.get(keys[number][3], ""),
        "reference_claim_id": claim["claim_id"],
        "claimant_id": claim["claimant_id"],
        "reference_source_id": claim["source_id"],
        "reference_source_rank": claim["source_rank"],
        "reference_value": figure.value,
        "reference_value_text": claim["value_text"],
        "reference_qualifier": claim["qualifier"],
        "reference_period": claim["period"],
        "own_publication": claim["source_rank"] == PRIMARY,
        "supporting_origins": supporting.get(number, 0),
        "claims": int(sizes[number]),
    } for (number, figure), claim in zip(chosen.items(), standing)]
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS).sort_values(GROUP).reset_index(drop=True)


def _figures_of_groups(claims: pd.DataFrame, group: np.ndarray, authors: dict[str, str]
                       ) -> tuple[dict[int, list[_Figure]], dict[int, bool]]:
    """Each group's candidate figures, in order of first appearance, and whether they come from the
    author's own publication.

    Candidates are the quantified claims of the report's author that no claim of the same group
    supersedes; those on the author's own pages only, when there are any.
    """
    group_of_claim = dict(zip(claims["claim_id"].tolist(), group.tolist()))
    superseded_here = claims["superseded_by"].map(group_of_claim).to_numpy() == group
    own = (claims["quantified"].to_numpy(dtype=bool) & ~superseded_here
           & (claims["claimant_id"] == claims["report_id"].map(authors)).to_numpy())
    primary = (claims["source_rank"] == PRIMARY).to_numpy()
    has_primary_row = pd.Series(own & primary).groupby(group).transform("any").to_numpy(dtype=bool)
    candidate = own & (primary | ~has_primary_row)
    figure = claims["value"].where(claims["value"].notna(), claims["lower"]).to_numpy()
    positions = np.flatnonzero(candidate)
    origins: dict[tuple, set[str]] = {}  # (group, figure), in order of first appearance → its outlets
    latest: dict[tuple, str] = {}
    standing: dict[tuple, tuple] = {}  # → (rank, date, claim id, row) of the claim that stands for it
    for position, number, value, origin, known, rank, claim_id, page_date, qualifier in zip(
            positions.tolist(), group[positions].tolist(), figure[positions].tolist(),
            *(claims[c].to_numpy()[positions].tolist() for c in ("origin", "known_by", "source_rank", "claim_id",
                                                                 "page_published_latest", "qualifier"))):
        key = (number, value)
        outlets = origins.setdefault(key, set())
        if origin == origin:  # a page with no known outlet (NaN) names none
            outlets.add(origin)
        latest[key] = max(latest.get(key, ""), known)
        # A dated page of a news outlet or better first (the reader can date the citation), then the best kind
        # of page; among pages of one kind, one that keeps a lower-bound hedge ("at least 54"), since copies drop
        # an author's hedge more often than they add one; then the earliest. Blogs, reposts and aggregators last.
        order = (rank >= WEAKEST, not page_date, rank, qualifier not in LOWER_BOUNDS, page_date or known, claim_id)
        if key not in standing or order < standing[key][:-1]:
            standing[key] = (*order, position)
    figures: dict[int, list[_Figure]] = {}
    for key, outlets in origins.items():
        figures.setdefault(key[0], []).append(_Figure(key[1], len(outlets), latest[key], standing[key][-1]))
    primary_groups = set(group[has_primary_row].tolist())
    return figures, {number: number in primary_groups for number in figures}


def _supporting_origins(claims: pd.DataFrame, group: np.ndarray, chosen: dict[int, _Figure]) -> dict[int, int]:
    """Per group, the distinct original publishers of claims whose interval contains the chosen figure."""
    reference = np.full(len(group) and group.max() + 1, np.nan)
    reference[list(chosen)] = [f.value for f in chosen.values()]
    value = reference[group]
    contains = (claims["quantified"].to_numpy(dtype=bool) & (claims["lower"].to_numpy(dtype="float64") <= value)
                & (value <= claims["upper"].to_numpy(dtype="float64")))
    counted = claims.loc[contains, "origin"].groupby(group[contains]).nunique()
    return dict(zip(counted.index.tolist(), counted.tolist()))


class _EarlierTotals:
    """The totals chosen so far, per metric, visited in date order: a figure is *borrowed* when another
    author gave it as a total in a report published strictly earlier."""

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[str, str, float]]] = {}  # metric → (published, author, figure)
        self.settled: dict[str, int] = {}  # metric → how many entries are strictly earlier than now
        self.authors: dict[tuple[str, float], set[str]] = {}  # (metric, figure) → authors of earlier totals

    def add(self, metric: str, published: str, author: str, figure: float) -> None:
        self.entries.setdefault(metric, []).append((published, author, figure))

    def borrowed(self, metric: str, figure: float, published: str, author: str) -> bool:
        entries, settled = self.entries.get(metric, []), self.settled.get(metric, 0)
        while settled < len(entries) and entries[settled][0] < published:
            when, who, value = entries[settled]
            self.authors.setdefault((metric, value), set()).add(who)
            settled += 1
        self.settled[metric] = settled
        return any(who != author for who in self.authors.get((metric, figure), ()))


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
