"""``reports/numbers.json`` (every number the brief prints, with the claims and sources behind it) and
``reports/brief.pdf`` (Typst; the template reads numbers.json, so no number is typed into the brief)."""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from pathlib import Path

import pandas as pd

from . import config
from .files import write_atomically
from .compare import COMPARED_METRICS
from .params import Params

BRIEF_TEMPLATE = "brief.typ"


def display(value: float) -> str:
    """A count as the brief prints it: whole numbers with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    if math.isinf(value):
        return "no upper bound"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _figure(value: float, claim_ids: list[str], source_ids: list[str], **extra) -> dict:
    finite = value is not None and not pd.isna(value) and math.isfinite(value)
    return {"value": float(value) if finite else None, "display": display(value),
            "claim_ids": sorted(set(claim_ids)), "source_ids": sorted(set(source_ids)), **extra}


def headline_numbers(headlines: pd.DataFrame) -> dict:
    world = headlines[headlines["scope_key"] == "world"]
    return {
        row.metric: _figure(row.reference_value, [row.reference_claim_id], [row.reference_source_id],
                            report_id=row.report_id, value_text=row.reference_value_text,
                            competing_reports=int(row.competing_reports))
        for row in world.itertuples()
    }


def report_rows(comparison: pd.DataFrame, reports: pd.DataFrame) -> list[dict]:
    """The comparison table: one row per report that gives a total, each figure with its claim and source."""
    claimants = reports.set_index("report_id")["claimant"]
    rows = []
    for row in comparison.to_dict("records"):
        entry = {"report_id": row["report_id"], "claimant": claimants[row["report_id"]], "published": row["published"],
                 "scope": row["scope"]}
        for metric in COMPARED_METRICS:
            claim, source = row[f"{metric}_claim_id"], row[f"{metric}_source_id"]
            entry[metric] = _figure(row[metric], [claim] if claim else [], [source] if source else [])
        for column in ("documented", "located_city", "located_region_or_country", "not_located"):
            entry[column] = _figure(row[column], [], [], basis="data/processed/report_comparison.csv")
        rows.append(entry)
    return rows


def verdict_rows(verdicts: pd.DataFrame) -> list[dict]:
    return [
        {"story_claim_id": r.story_claim_id, "statement": r.statement, "verdict": r.verdict, "reason": r.reason,
         "claim_ids": [c for c in r.evidence_claim_ids.split(";") if c],
         "source_ids": [s for s in r.evidence_source_ids.split(";") if s]}
        for r in verdicts.itertuples()
    ]


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

    walk({k: numbers[k] for k in ("headlines", "reports", "consistency", "story")})
    meta = sources.set_index("source_id")
    return {
        "numbers": {source_id: i for i, source_id in enumerate(order, start=1)},
        "list": [
            {"number": i, "source_id": s, "title": printable_title(meta.at[s, "title"], meta.at[s, "language"]),
             "publisher": printable_title(meta.at[s, "publisher"], meta.at[s, "language"]),
             "published": meta.at[s, "published"], "url": meta.at[s, "url"]}
            for i, s in enumerate(order, start=1)
        ],
    }


# Scripts the brief's embedded fonts (Libertinus Serif, New Computer Modern, DejaVu) cannot draw.
_UNPRINTABLE = re.compile(r"[\u0980-\u09ff\u0e00-\u0e7f\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+")


def printable_title(text: str, language: str) -> str:
    """Text in a script the embedded fonts lack → what is left in Latin script, or a note of the language.

    The full text stays in ``data/raw/sources.csv``.
    """
    if not _UNPRINTABLE.search(text):
        return text
    latin = re.sub(r"\(\s*\)|\s+", " ", _UNPRINTABLE.sub("", text)).strip(" ()-|,")
    if re.search(r"[A-Za-z]{3,}", latin) and not re.search(r"\d", latin):
        return latin
    return f"[title in {language}]"


TABLES_READ = ("headlines", "report_references", "report_comparison", "consistency", "responses_by_action", "reports",
               "story_verdicts", "discrepancies", "selection", "sources", "claims")


def consistency_rows(consistency: pd.DataFrame, references: pd.DataFrame) -> list[dict]:
    """Per report with a world total: its per-country counts against the total, the countries named against the count."""
    world = references[references["scope_key"] == "world"].set_index(["report_id", "metric"])
    rows = []
    for row in consistency.itertuples():
        if pd.isna(row.claimed_stations):
            continue
        keys = [(row.report_id, m) for m in ("stations", "countries") if (row.report_id, m) in world.index]
        behind = world.loc[keys]
        rows.append({
            "report_id": row.report_id,
            "claimed_stations": _figure(row.claimed_stations, list(behind["reference_claim_id"]),
                                        list(behind["reference_source_id"])),
            "sum_of_country_counts": _figure(row.sum_of_country_counts, [], []),
            "countries_with_a_count": _figure(row.countries_with_a_count, [], []),
            "claimed_countries": _figure(row.claimed_countries, [], []),
            "countries_named": _figure(row.countries_named, [], []),
        })
    return rows


def build_numbers(params: Params, tables: dict[str, pd.DataFrame]) -> dict:
    """Every number the brief prints, each with the claim and source ids (or the table) behind it."""
    discrepancies, verdicts, sources = tables["discrepancies"], tables["story_verdicts"], tables["sources"]
    responses = tables["responses_by_action"].set_index("action")
    departing = ~discrepancies["class"].isin(["agrees", "unquantified"])
    numbers = {
        "run": {"name": params.name, "as_of": params.as_of, "headline_rule": params.headline_rule},
        "headlines": headline_numbers(tables["headlines"]),
        "reports": report_rows(tables["report_comparison"], tables["reports"]),
        "consistency": consistency_rows(tables["consistency"], tables["report_references"]),
        "story": verdict_rows(verdicts),
        "ledger": {
            "claims_counted": _figure(len(discrepancies), [], [], basis="data/processed/discrepancies.csv"),
            "claims_in_ledger": _figure(len(tables["claims"]), [], [], basis="data/processed/claims.csv"),
            "sources": _figure(len(sources), [], [], basis="data/processed/sources.csv"),
            "origins": _figure(discrepancies["origin"].nunique(), [], [], basis="data/processed/discrepancies.csv"),
            "kept_out": {r.outcome: _figure(r.claims, [], [], basis="data/processed/selection.csv")
                         for r in tables["selection"].itertuples() if r.outcome != "counted"},
            "departing_claims": _figure(int(departing.sum()), [], [], basis="data/processed/discrepancies.csv"),
            "by_class": {k: _figure(n, [], [], basis="data/processed/discrepancies.csv")
                         for k, n in sorted(discrepancies["class"].value_counts().items())},
        },
        "responses": {
            action: {"responses": _figure(row.responses, [], [], basis="data/processed/responses_by_action.csv"),
                     "countries": _figure(row.countries, [], [], basis="data/processed/responses_by_action.csv")}
            for action, row in responses.iterrows()
        },
        "verdict_counts": {k: _figure(n, [], [], basis="data/processed/story_verdicts.csv")
                           for k, n in sorted(verdicts["verdict"].value_counts().items())},
    }
    numbers["citations"] = number_citations(numbers, sources)
    return numbers


def write_json_atomic(data: dict, target: Path) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    write_atomically(target, text.encode("utf-8"))


def compile_brief(outputs: config.Outputs | None = None) -> Path:
    """Compile the Typst template against the run's numbers.json and figures; same bytes every time."""
    import typst

    outputs = outputs or config.outputs()
    template = resources.files("analysis.templates").joinpath(BRIEF_TEMPLATE).read_bytes()
    pdf = typst.compile(template, root=str(outputs.root), ignore_system_fonts=True)
    return write_atomically(outputs.brief, pdf)


def headline_table(numbers: dict) -> pd.DataFrame:
    rows = [(metric, f["display"], f["report_id"], ";".join(f["claim_ids"]), ";".join(f["source_ids"]))
            for metric, f in sorted(numbers["headlines"].items())]
    return pd.DataFrame(rows, columns=["metric", "headline", "report", "claim ids", "source ids"])
