"""The tables' declarations, in Table Schema: the raw tables' ``data/raw/datapackage.json`` (a Frictionless
Data Package) and the processed tables' ``processed_schema.json`` beside this module.

The raw descriptor is the one place where the raw columns, their types, vocabularies, patterns and keys
are stated; :mod:`analysis.raw` derives its checks from it, :mod:`analysis.codebook` the codebook's column
tables and :mod:`analysis.params` the source kinds a run may select. The processed declaration states each
processed table's columns in file order, their types and its key; :mod:`analysis.processed` checks and
types the tables with it, and the build writes ``data/processed/datapackage.json`` from it. It belongs to
the code, not to the data: the notebooks make those columns. Only the standard library is used here, so
reading a declaration never imports pandas.

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


def _tables_in(path: Path) -> dict[str, Table]:
    package = json.loads(path.read_text(encoding="utf-8"))
    return {resource["name"]: _table(resource) for resource in package["resources"]}


def tables() -> dict[str, Table]:
    """The raw tables as the project's descriptor declares them, in descriptor order."""
    return _tables_in(descriptor_path())


def vocabulary(table: str, column: str) -> tuple[str, ...]:
    """The values a raw column allows, as its ``enum`` constraint lists them."""
    field = next(f for f in tables()[table].fields if f["name"] == column)
    return tuple(field["constraints"]["enum"])


PROCESSED_DECLARATION = Path(__file__).with_name("processed_schema.json")


def processed_tables() -> dict[str, Table]:
    """The processed tables as ``processed_schema.json`` declares them, by name."""
    return _tables_in(PROCESSED_DECLARATION)
