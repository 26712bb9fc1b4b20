"""The processed tables' Data Package descriptor, ``data/processed/datapackage.json``: written by the
build after the last notebook, from the declaration of the processed tables (``src/analysis/processed_schema.json``,
read by :func:`analysis.schema.processed_tables`) and the raw fields' descriptions, so the processed
dataset can be published as it is."""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import DESCRIPTOR, Table, processed_tables, tables
from .pipeline import writer_of


def _described(field: dict, raw: Table | None) -> dict:
    """A column kept from the raw table of the same name takes the raw description, unless it declares its
    own (cleaning replaced its values)."""
    if "description" in field or raw is None or field["name"] not in raw.column_names:
        return field
    raw_field = next(f for f in raw.fields if f["name"] == field["name"])
    return {**field, "description": raw_field["description"]}


def _resource(table: Table) -> dict:
    raw = tables().get(table.name)
    schema = {"fields": [_described(field, raw) for field in table.fields], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = [table.primary_key]
    return {"name": table.name, "path": table.file, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "description": f"Written by notebook {writer_of(f'processed/{table.file}')}; described in data/README.md.",
            "schema": schema}


def text() -> str:
    """The Data Package descriptor of the processed tables: the same declaration gives the same bytes."""
    package = {
        "profile": "tabular-data-package",
        "name": "overseas-police-service-stations-processed",
        "title": "China's overseas police service stations: processed tables",
        "description": "Rebuilt from data/raw by the notebooks and never edited by hand; written by the build "
                       "from the declaration of the processed tables (src/analysis/processed_schema.json), which "
                       "the notebooks' writes are checked against. Descriptions are given for columns kept from "
                       "the raw tables and for those cleaning replaced; the others are described in data/README.md.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [_resource(table) for table in sorted(processed_tables().values(), key=lambda t: t.file)],
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> Path:
    target = folder / DESCRIPTOR
    target.write_text(text(), encoding="utf-8")
    return target
