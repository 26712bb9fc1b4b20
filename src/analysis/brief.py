"""``reports/numbers.json`` (every number the brief prints, with the claims and sources behind it) and
``reports/brief.pdf`` (Typst; the template reads numbers.json, so no number is typed into the brief)."""

from __future__ import annotations

import json
import math
import os
import tempfile
from importlib import resources
from pathlib import Path

import pandas as pd

from . import config
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


def report_rows(references: pd.DataFrame, coverage: pd.DataFrame, reports: pd.DataFrame) -> list[dict]:
    """The comparison table: one row per report with a world-level figure."""
    world = references[references["scope_key"] == "world"]
    meta = reports.set_index("report_id")
    covered = coverage.set_index("report_id")
    rows = []
    for report_id in sorted(set(world["report_id"]), key=lambda r: (meta.at[r, "published_latest"], r)):
        figures = world[world["report_id"] == report_id].set_index("metric")
        row = {"report_id": report_id, "claimant": meta.at[report_id, "claimant"],
               "published": meta.at[report_id, "published"]}
        for metric in ("stations", "countries"):
            if metric in figures.index:
                ref = figures.loc[metric]
                row[metric] = _figure(ref["reference_value"], [ref["reference_claim_id"]], [ref["reference_source_id"]])
            else:
                row[metric] = _figure(math.nan, [], [])
        if report_id in covered.index:
            for column in ("documented", "located_city", "not_located"):
                row[column] = _figure(covered.at[report_id, column], [], [])
        rows.append(row)
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

    walk({k: numbers[k] for k in ("headlines", "reports", "story")})
    meta = sources.set_index("source_id")
    return {
        "numbers": {source_id: i for i, source_id in enumerate(order, start=1)},
        "list": [
            {"number": i, "source_id": s, "title": meta.at[s, "title"], "publisher": meta.at[s, "publisher"],
             "published": meta.at[s, "published"], "url": meta.at[s, "url"]}
            for i, s in enumerate(order, start=1)
        ],
    }


def build_numbers(params: Params, headlines: pd.DataFrame, references: pd.DataFrame, coverage: pd.DataFrame,
                  reports: pd.DataFrame, verdicts: pd.DataFrame, discrepancies: pd.DataFrame,
                  selection: pd.DataFrame, sources: pd.DataFrame, claims: pd.DataFrame) -> dict:
    selected = discrepancies
    numbers = {
        "run": {"name": params.name, "as_of": params.as_of, "headline_rule": params.headline_rule},
        "headlines": headline_numbers(headlines),
        "reports": report_rows(references, coverage, reports),
        "story": verdict_rows(verdicts),
        "ledger": {
            "claims_counted": _figure(len(selected), [], [], basis="data/processed/discrepancies.csv"),
            "claims_in_ledger": _figure(len(claims), [], [], basis="data/processed/claims.csv"),
            "sources": _figure(len(sources), [], [], basis="data/processed/sources.csv"),
            "origins": _figure(sources["origin"].nunique(), [], [], basis="data/processed/sources.csv"),
            "kept_out": {r.outcome: _figure(r.claims, [], []) for r in selection.itertuples() if r.outcome != "counted"},
            "departing_claims": _figure(int((selected["class"] != "agrees").sum()), [], []),
            "by_class": {k: _figure(n, [], []) for k, n in sorted(selected["class"].value_counts().items())},
        },
        "verdict_counts": {k: _figure(n, [], []) for k, n in sorted(verdicts["verdict"].value_counts().items())},
    }
    numbers["citations"] = number_citations(numbers, sources)
    return numbers


def write_json_atomic(data: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        stream.write("\n")
    os.replace(temporary, target)


def compile_brief(outputs: config.Outputs | None = None) -> Path:
    """Compile the Typst template against the run's numbers.json and figures; same bytes every time."""
    import typst

    outputs = outputs or config.outputs()
    template = resources.files("analysis.templates").joinpath(BRIEF_TEMPLATE).read_bytes()
    pdf = typst.compile(template, root=str(outputs.root), ignore_system_fonts=True)
    target = outputs.brief
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".brief.", suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(pdf)
    os.replace(temporary, target)
    return target


def headline_table(numbers: dict) -> pd.DataFrame:
    rows = [(metric, f["display"], f["report_id"], ";".join(f["claim_ids"]), ";".join(f["source_ids"]))
            for metric, f in sorted(numbers["headlines"].items())]
    return pd.DataFrame(rows, columns=["metric", "headline", "report", "claim ids", "source ids"])
