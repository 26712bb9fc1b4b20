"""The Data Package descriptors: valid Table Schema, in step with the CSV files and with the codebook.

Checked twice: by frictionless-py's own ``validate`` (what `frictionless validate data/raw/datapackage.json`
runs), and here with the standard library, following the Table Schema rules the raw tables use, so that a
failure names the rule in plain terms.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
from pathlib import Path

import pytest

from analysis import codebook, schema
from analysis.workflow import processed_descriptor

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
PROCESSED = REPO / "data" / "processed"
DESCRIPTOR = RAW / "datapackage.json"
NAME = re.compile(r"^[a-z0-9._-]+$")
TYPES = {"string", "number", "integer", "boolean", "date", "datetime", "year", "yearmonth", "object", "array", "any"}
CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}


def package() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as stream:
        header, *body = list(csv.reader(stream))
    return header, [r for r in body if any(cell.strip() for cell in r)]


def descriptor_problems(descriptor: dict) -> list[str]:
    """What Table Schema and Data Package forbid in the parts of the specification the raw tables use."""
    problems = []
    if not NAME.match(descriptor.get("name", "")):
        problems.append("package name")
    if not descriptor.get("licenses") or not all("name" in lic or "path" in lic for lic in descriptor["licenses"]):
        problems.append("licenses")
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    if len(resources) != len(descriptor.get("resources", [])) or not resources:
        problems.append("resource names must be unique and at least one resource given")
    for name, resource in resources.items():
        where = f"resource {name}"
        if not NAME.match(name or "") or not (DESCRIPTOR.parent / resource.get("path", "")).is_file():
            problems.append(f"{where}: name or path")
        if (resource.get("format"), resource.get("encoding")) != ("csv", "utf-8"):
            problems.append(f"{where}: format and encoding")
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        if len(set(names)) != len(names):
            problems.append(f"{where}: field names must be unique")
        for field in fields:
            if field.get("type", "string") not in TYPES or set(field.get("constraints", {})) - CONSTRAINTS:
                problems.append(f"{where}: field {field['name']}: type or constraint")
            if "pattern" in field.get("constraints", {}):
                re.compile(field["constraints"]["pattern"])
        if not all(isinstance(v, str) for v in resource["schema"].get("missingValues", [])):
            problems.append(f"{where}: missingValues")
        if not set(resource["schema"].get("primaryKey", [])) <= set(names):
            problems.append(f"{where}: primaryKey")
        for key in resource["schema"].get("foreignKeys", []):
            target = resources.get(key["reference"]["resource"] or name)
            target_names = [f["name"] for f in target["schema"]["fields"]] if target else []
            if not set(key["fields"]) <= set(names) or not set(key["reference"]["fields"]) <= set(target_names):
                problems.append(f"{where}: foreign key {key['fields']}")
    return problems


def cell_problem(field: dict, cell: str) -> str | None:
    """A cell against its field as Table Schema reads it (patterns match the whole cell)."""
    constraints = field.get("constraints", {})
    if cell == "":
        return "required" if constraints.get("required") else None
    if field["type"] == "number":
        try:
            number = float(cell)
        except ValueError:
            return "type"
        if not math.isfinite(number) or number < constraints.get("minimum", -math.inf):
            return "minimum"
    if "enum" in constraints and cell not in constraints["enum"]:
        return "enum"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        return "pattern"
    return None


def test_the_raw_descriptor_is_a_valid_data_package():
    assert descriptor_problems(package()) == []


def test_the_raw_data_validates_against_the_descriptor_as_table_schema_reads_it():
    resources = {r["name"]: r for r in package()["resources"]}
    data = {name: rows(RAW / r["path"]) for name, r in resources.items()}
    problems = []
    for name, resource in resources.items():
        header, body = data[name]
        fields = resource["schema"]["fields"]
        for line, row in enumerate(body, start=2):
            problems += [(name, line, f["name"], p) for f, cell in zip(fields, row)
                         if (p := cell_problem(f, cell.strip()))]
        for key in resource["schema"].get("primaryKey", []):
            column = [row[header.index(key)] for row in body]
            assert len(set(column)) == len(column), (name, key)
        for fk in resource["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            target_header, target_body = data[target]
            known = {row[target_header.index(fk["reference"]["fields"][0])] for row in target_body}
            column = header.index(fk["fields"][0])
            problems += [(name, line, fk["fields"][0], "foreign key") for line, row in enumerate(body, start=2)
                         if row[column] and row[column] not in known]
    assert problems == []


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
    header, _ = rows(RAW / resource["path"])
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
    assert processed_descriptor.text(PROCESSED) == committed, "rebuild with `make brief`"
    listed = [r["path"] for r in json.loads(committed)["resources"]]
    assert listed == sorted(p.name for p in PROCESSED.glob("*.csv"))
