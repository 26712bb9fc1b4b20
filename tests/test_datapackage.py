"""The Data Package descriptors: valid Table Schema, in step with the CSV files and with the codebook.

The descriptors and the data are validated by frictionless-py (what `frictionless validate
data/raw/datapackage.json` runs); the tests below add what it does not check: the fields against the CSV
headers, a description for every field, and the codebook and processed descriptor kept in step.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from analysis import codebook, schema
from analysis.workflow import processed_descriptor

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
PROCESSED = REPO / "data" / "processed"
DESCRIPTOR = RAW / "datapackage.json"
TYPES = {"string", "number", "integer", "boolean", "date", "datetime", "year", "yearmonth", "object", "array", "any"}


def package() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def _frictionless_validate(descriptor: Path):
    """What `frictionless validate <descriptor>` reports, through the library in this process."""
    import frictionless

    return frictionless.validate(str(descriptor))


@pytest.mark.parametrize("descriptor", [DESCRIPTOR, PROCESSED / schema.DESCRIPTOR], ids=["raw", "processed"])
def test_frictionless_validate_passes(descriptor):
    report = _frictionless_validate(descriptor)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_validate_fails_on_a_bad_cell(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    claims = tmp_path / "raw" / "claims.csv"
    header, *rows = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    value = header.strip().split(",").index("value")
    first = next(csv.reader([rows[0]]))
    first[value] = "fifty-four"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(first)
    claims.write_text(header + buffer.getvalue() + "".join(rows[1:]), encoding="utf-8")
    report = _frictionless_validate(tmp_path / "raw" / schema.DESCRIPTOR)
    assert not report.valid and any("fifty-four" in str(error) for error in report.flatten(["note", "cells"]))


@pytest.mark.parametrize("resource", package()["resources"], ids=lambda r: r["name"])
def test_descriptor_fields_are_the_csv_header_in_order(resource):
    with open(RAW / resource["path"], encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_every_field_is_described_and_typed():
    for resource in package()["resources"]:
        assert resource.get("description")
        for field in resource["schema"]["fields"]:
            assert field.get("description") and field.get("type") in TYPES, (resource["name"], field["name"])


def test_the_codebook_marks_every_raw_table_once():
    text = codebook.codebook_path().read_text(encoding="utf-8")
    assert codebook.marked_tables(text) == list(schema.tables())


def test_the_codebook_column_tables_are_generated_from_the_descriptor():
    text = codebook.codebook_path().read_text(encoding="utf-8")
    assert codebook.render(text) == text, "run `python -m analysis codebook` after editing data/raw/datapackage.json"


def test_the_processed_descriptor_is_in_step_with_the_processed_tables():
    committed = (PROCESSED / schema.DESCRIPTOR).read_text(encoding="utf-8")
    assert processed_descriptor.text() == committed, "rebuild with `make brief`"
    listed = [r["path"] for r in json.loads(committed)["resources"]]
    assert listed == sorted(p.name for p in PROCESSED.glob("*.csv"))


@pytest.mark.parametrize("table", schema.processed_tables().values(), ids=lambda t: t.name)
def test_the_processed_declaration_is_each_csv_header_in_order(table):
    with open(PROCESSED / table.file, encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert table.column_names == header, "edit src/analysis/processed_schema.json with the notebook that writes it"


def test_processed_columns_that_replace_a_raw_column_say_so():
    """Cleaning replaces a few raw columns' values (the value as written moves to ``<name>_raw``): the raw
    description would be wrong, so the declaration gives its own."""
    for table in schema.processed_tables().values():
        for field in table.fields:
            if f"{field['name']}_raw" in table.column_names:
                assert "description" in field, (table.name, field["name"])
