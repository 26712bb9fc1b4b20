"""Reading and writing ``data/processed/`` tables: one format, checked before save and on load.

CSV written with a fixed line ending and float format so that the same frame always gives the same
bytes. Each table's required columns are declared here and checked with pandera on both sides.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config
from .files import write_atomically
from .build.pipeline import check_declared

NUMERIC = {"value", "lower", "upper", "latitude", "longitude", "rows", "claimed", "documented", "difference",
           "reference_value", "located_city", "located_region", "located_country", "not_located", "stations",
           "supporting_origins", "claims", "claimed_stations", "sum_of_country_counts", "countries_with_a_count",
           "claimed_countries", "countries_named", "stations_unaccounted", "countries_unnamed", "responses",
           "countries", "undated_kept_out", "competing_reports", "cities", "bureaus", "located_region_or_country", "source_rank",
           "reference_source_rank", "events", "undated_events", "figure", "ledger_countries"}
BOOLEAN = {"quantified", "is_reference", "own_publication", "documented_exceeds_claimed", "computed"}

# The columns every consumer relies on; unique keys where a table has one.
SCHEMAS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "sources": (("source_id", "publisher", "origin", "kind", "published", "url"), "source_id"),
    "reports": (("report_id", "claimant_id", "published_latest"), "report_id"),
    "claims": (("claim_id", "source_id", "claimant_id", "report_id", "metric", "scope_key", "lower", "upper",
                "quantified", "claimed_on_latest", "dated_by", "date_basis", "source_rank", "duplicate_of"), "claim_id"),
    "stations": (("station_id", "iso3", "place", "place_kind", "latitude", "longitude", "bureau",
                  "first_report_id", "duplicate_of"), "station_id"),
    "station_sources": (("station_id", "source_id", "report_id"), None),
    "responses": (("response_id", "event_id", "iso3", "action", "date", "dated_by", "date_basis"), "response_id"),
    "events": (("event_id", "iso3", "action", "dated_by", "responses"), "event_id"),
    "story_claims": (("story_claim_id", "statement", "metric", "scope_key", "value"), "story_claim_id"),
    "normalisations": (("table", "raw_column", "raw_value", "clean_value", "rows"), None),
}


def _schema(name: str):
    """The table's pandera schema (pandera is imported only here: most runs validate a few tables)."""
    if name not in SCHEMAS:
        return None
    import pandera.pandas as pa

    columns, key = SCHEMAS[name]
    return pa.DataFrameSchema(
        {c: pa.Column(nullable=True, unique=(c == key)) for c in columns}, strict=False,
    )


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    schema = _schema(name)
    return schema.validate(frame) if schema is not None else frame


def path(name: str, outputs: config.Outputs | None = None) -> Path:
    return (outputs or config.outputs()).processed_file(f"{name}.csv")


def write_csv_atomic(frame: pd.DataFrame, target: Path) -> None:
    """The same frame always gives the same bytes: fixed line ending and float format."""
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    write_atomically(target, text.encode("utf-8"))


def save(name: str, frame: pd.DataFrame, outputs: config.Outputs | None = None) -> Path:
    check_declared("writes", f"processed/{name}.csv")
    target = path(name, outputs)
    write_csv_atomic(validate(name, frame), target)
    return target


def load(name: str, outputs: config.Outputs | None = None) -> pd.DataFrame:
    check_declared("reads", f"processed/{name}.csv")
    target = path(name, outputs)
    if not target.exists():
        from .build.pipeline import writer_of

        raise FileNotFoundError(f"{config.show(target)} is not in this run's folder ({config.output_root()}): run "
                                f"notebook {writer_of(f'processed/{name}.csv')} with the same parameters first, or "
                                f"`make brief PARAMS=params/<file>.yaml`")
    frame = pd.read_csv(target, dtype=str, keep_default_na=False)
    for column in frame.columns:
        if column in NUMERIC:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
        elif column in BOOLEAN:
            frame[column] = frame[column].map({"True": True, "False": False})
    return validate(name, frame)
