"""The processed tables' Data Package descriptor, ``data/processed/datapackage.json``: written by the
build after the last notebook, from the tables' headers, the column types in :mod:`analysis.schema` and
the raw fields' descriptions, so the processed dataset can be published as it is."""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import BOOLEAN, DESCRIPTOR, NUMERIC, SCHEMAS, Table, tables
from .pipeline import writer_of


# Processed columns that keep a raw name but not its meaning: cleaning replaces them (the raw value moves to
# ``<name>_raw``), so the raw description would be wrong.
_REPLACED_RAW_COLUMNS = {"stations": {"country", "bureau"}, "responses": {"country"}}


def _processed_field(name: str, table: str, raw: Table | None) -> dict:
    field = {"name": name, "type": "number" if name in NUMERIC else "boolean" if name in BOOLEAN else "string"}
    if raw and name in raw.column_names and name not in _REPLACED_RAW_COLUMNS.get(table, set()):
        field["description"] = next(f["description"] for f in raw.fields if f["name"] == name)
    return field


def _processed_resource(path: Path) -> dict:
    import csv

    with open(path, encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    table = path.stem
    raw = tables().get(table)
    fields = [_processed_field(name, table, raw) for name in header]
    schema = {"fields": fields, "missingValues": [""]}
    key = SCHEMAS.get(table, ((), None))[1]
    if key:
        schema["primaryKey"] = [key]
    return {"name": table, "path": path.name, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "description": f"Written by notebook {writer_of(f'processed/{path.name}')}; described in data/README.md.",
            "schema": schema}


def text(folder: Path) -> str:
    """The Data Package descriptor of the processed tables in ``folder``: the same tables give the same bytes."""
    package = {
        "profile": "tabular-data-package",
        "name": "overseas-police-service-stations-processed",
        "title": "China's overseas police service stations: processed tables",
        "description": "Rebuilt from data/raw by the notebooks and never edited by hand; written by the build "
                       "from the tables' headers. Column types follow analysis.processed; descriptions are "
                       "given for columns kept from the raw tables, the others are described in data/README.md.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [_processed_resource(p) for p in sorted(folder.glob("*.csv"))],
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> Path:
    target = folder / DESCRIPTOR
    target.write_text(text(folder), encoding="utf-8")
    return target
