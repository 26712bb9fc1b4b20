"""Verdicts on the story's claims, at two dates: when the story ran, and the run's ``as_of``.

One rule for every numeric claim (a metric, a scope and a value) at a date D: find the figures that
reports published by D give for that metric and scope, each report's reference figure (``compare``).

* **supported**: the value is the latest figure its author (the claimant the story names, or any
  author when it names none) had published by D;
* **outdated**: the value was that author's figure in an earlier report, replaced by D;
* **misattributed**: the value is another author's figure, not the one the story names;
* **contradicted**: the author had published figures for that metric and scope by D, none equal;
* **unsupported**: no report published by D gives that metric and scope.

Claims that are not numbers (a continent called a country, a misspelt country, a quotation about the
wrong subject, a nationwide figure credited to the stations) carry their verdict and evidence in the
raw file, with two classes of their own: **copy error** (a slip in copying a name or figure that is
otherwise right) and **scope error** (a figure about something else presented as the stations' work).
"""

from __future__ import annotations

import pandas as pd

from .aliases import claimant_id
from .names import report_phrase


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def numeric_verdict(story: pd.Series, references: pd.DataFrame, date: str,
                    reports: pd.DataFrame) -> tuple[str, list[str], str]:
    """(verdict, evidence claim ids, reason in plain words) for one numeric story claim, judged at ``date``."""
    def named(report_ids) -> str:
        return ", ".join(report_phrase(r, reports) for r in sorted(set(report_ids)))

    known = references[(references["metric"] == story["metric"]) & (references["scope_key"] == story["scope_key"])
                       & (references["report_published"] != "") & (references["report_published"] <= date)]
    if known.empty:
        return "unsupported", [], "no report had given this figure by then"
    value = float(story["value"])
    attributed = story.get("attributed_to", "")
    author = claimant_id(attributed) if attributed else ""
    own = known[known["claimant_id"] == author] if author else known
    if own.empty:
        matching = known[known["reference_value"] == value]
        if not matching.empty:
            return ("misattributed", list(matching["reference_claim_id"]),
                    f"{_fmt(value)} is the figure of {named(matching['report_id'])}")
        return "unsupported", [], "the named author had given no such figure by then"
    ordered = own.sort_values(["report_published", "report_id"])
    latest_by_author = ordered.groupby("claimant_id").tail(1)
    current = latest_by_author[latest_by_author["reference_value"] == value]
    if not current.empty:
        row = current.iloc[-1]
        return "supported", [row["reference_claim_id"]], f"as in {named([row['report_id']])}"
    earlier = ordered[ordered["reference_value"] == value]
    if not earlier.empty:
        then, now = earlier.iloc[-1], latest_by_author.iloc[-1]
        return ("outdated", [then["reference_claim_id"], now["reference_claim_id"]],
                f"{named([then['report_id']])} gave {_fmt(value)}; {named([now['report_id']])} gave "
                f"{_fmt(now['reference_value'])}")
    others = known[(known["reference_value"] == value) & (known["claimant_id"] != author)] if author else known.iloc[0:0]
    if not others.empty:
        return "misattributed", list(others["reference_claim_id"]), f"{_fmt(value)} is the figure of {named(others['report_id'])}"
    now = latest_by_author.iloc[-1]
    return ("contradicted", list(latest_by_author["reference_claim_id"]),
            f"{named([now['report_id']])} gave {_fmt(now['reference_value'])}")


WIRE_ONLY = "; that report is known only through copies of the wire item the story repeats, so this checks the copy, not the report"


def _known_only_through_the_wire(reason: str, verdict: str, evidence: list[str], claims: pd.DataFrame,
                                 reports: pd.DataFrame, wire: set[str]) -> str:
    """A figure "supported" by a report whose only page is the wire item the story itself repeats is checked
    against the story's own source: the reason says so."""
    if verdict != "supported" or not wire or "copies of the wire" in reason:  # a recorded reason that says so already
        return reason
    report_of = dict(zip(claims["claim_id"], claims["report_id"]))
    page_of = dict(zip(reports["report_id"], reports["source_id"]))
    if any(page_of.get(report_of.get(e, ""), "") in wire for e in evidence):
        return reason + WIRE_ONLY
    return reason


VERDICT_COLUMNS = ["story_claim_id", "statement", "story_date", "verdict_then", "reason_then", "evidence_then",
                   "evidence_then_source_ids", "as_of", "verdict", "reason", "evidence_claim_ids", "evidence_source_ids",
                   "computed", "wire_copy"]


def dated_evidence(claim_ids: list[str], claims: pd.DataFrame, date: str) -> list[str]:
    """For a verdict "when it ran": each evidence claim of a figure replaced by the claim of the same figure
    (report, metric, scope, value) made by ``date`` whose page is best for that day: a page dated by then
    first, then an undated one, then a later one; among those the best-ranked. The verdict then rests on
    what had been published by that day wherever a stored page shows it."""
    indexed = claims.set_index("claim_id")
    same = ["report_id", "metric", "scope_key", "value"]
    chosen = []
    for claim_id in claim_ids:
        if claim_id not in indexed.index:
            chosen.append(claim_id)
            continue
        row = indexed.loc[claim_id]
        twins = claims[(claims[same] == row[same]).all(axis=1) & (claims["dated_by"] != "") & (claims["dated_by"] <= date)
                       & (claims["duplicate_of"] == "")]
        if twins.empty:
            chosen.append(claim_id)
            continue
        page = twins["page_published_latest"]
        timing = (page == "").astype(int) + 2 * ((page != "") & (page > date)).astype(int)  # 0 by then, 1 undated, 2 later
        chosen.append(twins.assign(timing=timing).sort_values(["timing", "source_rank", "dated_by", "claim_id"])
                      ["claim_id"].iloc[0])
    return chosen


def _silent_later(story: pd.Series, references: pd.DataFrame, date: str, evidence: list[str],
                  reports: pd.DataFrame) -> str:
    """The words for the named author's later reports, by ``date``, that give no figure for this metric:
    why one figure of a sentence can stay current while another from the same report does not."""
    if not story.get("attributed_to", ""):
        return ""
    author = claimant_id(story["attributed_to"])
    own = references[(references["claimant_id"] == author) & (references["scope_key"] == story["scope_key"])
                     & (references["report_published"] != "") & (references["report_published"] <= date)]
    cited = own[own["reference_claim_id"].isin(evidence) & (own["metric"] == story["metric"])]
    if cited.empty:
        return ""
    later = own[(own["report_published"] > cited["report_published"].max()) & (own["metric"] == "stations")]
    silent = sorted(set(later["report_id"]) - set(own.loc[own["metric"] == story["metric"], "report_id"]))
    return "".join(f"; {report_phrase(r, reports)} gave no figure for {story['metric']}" for r in silent)


def _unsettled(story: pd.Series, references: pd.DataFrame, claims: pd.DataFrame, reports: pd.DataFrame,
               date: str) -> str:
    """Words for a later figure of the named author that may or may not have been public by ``date``: its
    report carries no date, the first dated page giving it is later, and pages with no date give it too
    (one of them may be earlier). Empty when there is none: the verdict then stands."""
    if not story.get("attributed_to", "") or "first_dated_page" not in reports:
        return ""
    author = claimant_id(story["attributed_to"])
    undated_reports = set(reports.loc[(reports["published"] == "") & (reports["first_dated_page"] > date), "report_id"])
    later = references[(references["claimant_id"] == author) & (references["metric"] == story["metric"])
                       & (references["scope_key"] == story["scope_key"]) & references["report_id"].isin(undated_reports)]
    undated_pages = claims[(claims["page_published_latest"] == "") & claims["report_id"].isin(later["report_id"])]
    later = later[later["report_id"].isin(undated_pages["report_id"])]
    return "".join(f"; {report_phrase(r['report_id'], reports)} gave {_fmt(r['reference_value'])}, and pages that show "
                   f"no date give it too" for _, r in later.iterrows())


def verdicts(story_claims: pd.DataFrame, references: pd.DataFrame, claims: pd.DataFrame, reports: pd.DataFrame,
             story_date: str, as_of: str) -> pd.DataFrame:
    """Each story claim's verdict when the story ran (the earlier of its date and ``as_of``) and at ``as_of``."""
    then_date = min(story_date, as_of) if story_date else as_of
    sources_of = claims.set_index("claim_id")["source_id"]
    rows = []
    for _, story in story_claims.iterrows():
        if story["metric"] and pd.notna(story["value"]) and story["value"] != "":
            verdict_then, evidence_then, reason_then = numeric_verdict(story, references, then_date, reports)
            verdict, evidence, reason = numeric_verdict(story, references, as_of, reports)
            # a later figure that may already have been public makes "supported" unsettled, with the evidence
            if verdict_then == "supported" and (doubt := _unsettled(story, references, claims, reports, then_date)):
                verdict_then, reason_then = "unsettled", reason_then + doubt
            # a later report with a new total but none for this metric leaves this one current: say so
            if verdict_then == "supported":
                reason_then += _silent_later(story, references, then_date, evidence_then, reports)
            if verdict == "supported":
                reason += _silent_later(story, references, as_of, evidence, reports)
            evidence_then = dated_evidence(evidence_then, claims, then_date)
            computed = True
        else:
            evidence = [e.strip() for e in story["evidence"].split(";") if e.strip()]
            verdict, reason, computed = story["verdict"], story["reason"], False
            verdict_then, evidence_then, reason_then = verdict, evidence, reason
        wire = {w.strip() for w in str(story.get("wire_copy", "") or "").split(";") if w.strip()}
        reason_then, reason = (_known_only_through_the_wire(r, v, e, claims, reports, wire)
                               for r, v, e in ((reason_then, verdict_then, evidence_then), (reason, verdict, evidence)))
        cited = sorted(set(evidence) | set(evidence_then))
        claim_ids = sorted({e for e in cited if e in sources_of.index})
        source_ids = sorted({sources_of[e] for e in claim_ids} | {e for e in cited if e not in sources_of.index})
        rows.append({
            "story_claim_id": story["story_claim_id"], "statement": story["statement"],
            "story_date": then_date, "verdict_then": verdict_then, "reason_then": reason_then,
            "evidence_then": ";".join(evidence_then),
            "evidence_then_source_ids": ";".join(dict.fromkeys(sources_of.get(e, e) for e in evidence_then)),
            "as_of": as_of, "verdict": verdict, "reason": reason,
            "evidence_claim_ids": ";".join(claim_ids), "evidence_source_ids": ";".join(source_ids),
            "computed": computed, "wire_copy": story.get("wire_copy", ""),
        })
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def story_date(sources: pd.DataFrame) -> str:
    """The last possible day of the story's publication (its row in ``sources.csv``), or "" if unknown."""
    row = sources[sources["kind"] == "story-under-review"]
    return row["published_latest"].iloc[0] if not row.empty else ""
