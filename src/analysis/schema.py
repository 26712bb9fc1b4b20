"""The raw tables' declaration, ``data/raw/datapackage.json``: a Frictionless Data Package (Table Schema).

The descriptor is the one place where the raw columns, their types, vocabularies, patterns and keys are
stated; :mod:`analysis.raw` derives its checks from it and :mod:`analysis.codebook` the codebook's column
tables. Only the standard library is used here, so reading the declaration never imports pandas.

Custom properties carry what Table Schema cannot say: ``x-country`` (the cell must name a country),
``x-list-of`` with ``x-separator`` (a list of vocabulary values in one cell; the field's ``pattern`` states
the same for other Table Schema tools), and ``x-ids-of`` with ``x-separator`` (a list of ids that may name
rows of several tables, which a foreign key cannot express).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import config

DESCRIPTOR = "datapackage.json"

# The patterns the descriptor uses; raw.py and the codebook put each into words.
ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"  # partial dates: Table Schema's date type needs the day
# A date as a page states it: a partial date, or a month or day without its year (``--11``, ``--04-28``).
PAGE_DATE_PATTERN = "^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|--[0-9]{2}(-[0-9]{2})?)$"
URL_PATTERN = "^https?://[^\\s/]+\\S*$"  # no white space anywhere: a PDF link would break at it
LANGUAGE_PATTERN = "^[a-z]{2}$"


@dataclass(frozen=True)
class ForeignKey:
    """A column whose filled cells must name a row of another (or the same) table."""

    column: str
    table: str
    target_column: str


@dataclass(frozen=True)
class Table:
    """One resource of the descriptor: its file, its fields in file order, its keys."""

    name: str
    file: str
    description: str
    fields: tuple[dict, ...]
    primary_key: str | None
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def column_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def country_column(self) -> str | None:
        return next((f["name"] for f in self.fields if f.get("x-country")), None)


def _single(names: str | list[str]) -> str:
    # Every key of the raw tables is one column; a composite key would need checks written for it.
    names = [names] if isinstance(names, str) else names
    if len(names) != 1:
        raise ValueError(f"expected a key of one column, got {names}")
    return names[0]


def _foreign_key(declared: dict, own_table: str) -> ForeignKey:
    reference = declared["reference"]
    return ForeignKey(_single(declared["fields"]), reference["resource"] or own_table, _single(reference["fields"]))


def _table(resource: dict) -> Table:
    schema = resource["schema"]
    key = schema.get("primaryKey")
    return Table(
        name=resource["name"],
        file=resource["path"],
        description=resource.get("description", ""),
        fields=tuple(schema["fields"]),
        primary_key=_single(key) if key else None,
        foreign_keys=tuple(_foreign_key(k, resource["name"]) for k in schema.get("foreignKeys", ())),
    )


def descriptor_path() -> Path:
    return config.inputs().raw / DESCRIPTOR


def tables() -> dict[str, Table]:
    """The raw tables as the project's descriptor declares them, in descriptor order."""
    package = json.loads(descriptor_path().read_text(encoding="utf-8"))
    return {resource["name"]: _table(resource) for resource in package["resources"]}


# The processed tables: columns that are numbers or booleans (the rest are text); analysis.processed
# reads and writes with these types, and the processed descriptor states them.
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
