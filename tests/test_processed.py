"""The checks on processed tables against their declaration (src/analysis/processed_schema.json), before
they are saved and after they are loaded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import config, processed, schema
from analysis.errors import DataError

REPO = Path(__file__).resolve().parents[1]
COMMITTED = config.Outputs(REPO)


def reports(**columns):
    """Two rows of the processed reports table, every declared column filled as the notebooks fill it."""
    table = {"report_id": ["sd-2022-09", "sd-2022-12"], "claimant": ["Safeguard Defenders"] * 2,
             "claimant_id": ["safeguard-defenders"] * 2, "title": ["110 Overseas", "Patrol and Persuade"],
             "published": ["2022-09", "2022-12-05"], "source_id": ["sd-a", "sd-b"], "supersedes": ["", ""],
             "follows": ["", "sd-2022-09"], "notes": ["", ""], "published_precision": ["month", "day"],
             "published_latest": ["2022-09-30", "2022-12-05"], "first_dated_page": ["", ""]}
    return pd.DataFrame({**table, **columns})


def coverage(**columns):
    """One row of report_coverage: a number, whole numbers and a flag, as the comparison computes them."""
    table = {"report_id": ["sd-2022-09"], "claimed": [54.0], "reference_claim_id": ["c1"], "documented": [40.0],
             "located_city": [30], "located_region": [5], "located_country": [5], "not_located": [14.0],
             "documented_exceeds_claimed": [False]}
    return pd.DataFrame({**table, **columns})


def problems(name, frame) -> str:
    with pytest.raises(DataError) as error:
        processed.validate(name, frame)
    return str(error.value)


def test_a_table_as_declared_passes_unchanged():
    table = reports()
    assert processed.validate("reports", table) is table


def test_whole_floats_fit_an_integer_column_as_they_are_written():
    table = coverage(documented=[40.0], located_city=[float("nan")])  # written as 40 and an empty cell
    assert processed.validate("report_coverage", table) is table


def test_a_missing_column_is_named_with_the_file():
    assert problems("reports", reports().drop(columns="claimant_id")) == (
        "data/processed/reports.csv:-: column 'claimant_id': expected this column, which the table lacks")


def test_an_undeclared_column_is_refused():
    assert problems("reports", reports(extra=["a", "b"])) == (
        "data/processed/reports.csv:-: column 'extra': expected only the columns declared in "
        "src/analysis/processed_schema.json, got this one")


def test_columns_in_another_order_are_refused():
    table = reports()
    assert problems("reports", table[[*table.columns[1:], table.columns[0]]]).startswith(
        "data/processed/reports.csv:1: expected the columns in the declared order report_id,claimant,")


def test_a_repeated_key_is_named_by_its_line():
    assert problems("reports", reports(report_id=["sd-2022-09", "sd-2022-09"])) == (
        "data/processed/reports.csv:3: column 'report_id': expected each value once, got 'sd-2022-09' again")


def test_an_empty_key_is_refused():
    assert problems("reports", reports(report_id=["sd-2022-09", ""])) == (
        "data/processed/reports.csv:3: column 'report_id': expected a value, got an empty cell")


@pytest.mark.parametrize("name, frame, message", [
    ("report_coverage", coverage(claimed=["fifty-four"]), "2: column 'claimed': expected a number, got 'fifty-four'"),
    ("report_coverage", coverage(documented=[40.5]), "2: column 'documented': expected a whole number, got '40.5'"),
    ("report_coverage", coverage(documented_exceeds_claimed=["yes"]),
     "2: column 'documented_exceeds_claimed': expected True or False, got 'yes'"),
    ("reports", reports(published_latest=["2022-09-30", "2022-12"]),
     "3: column 'published_latest': expected a date as YYYY-MM-DD that exists in the calendar, got '2022-12'"),
    ("reports", reports(published_latest=["2022-02-30", "2022-12-05"]),
     "2: column 'published_latest': expected a date as YYYY-MM-DD that exists in the calendar, got '2022-02-30'"),
], ids=["number", "integer", "boolean", "partial-date", "impossible-date"])
def test_a_value_of_another_type_is_named_with_its_line_and_what_was_expected(name, frame, message):
    assert problems(name, frame) == f"data/processed/{name}.csv:{message}"


def test_an_undeclared_table_is_refused():
    assert problems("not-a-declared-table", pd.DataFrame({"anything": [1]})).startswith(
        "data/processed/not-a-declared-table.csv:-: expected a table declared in src/analysis/processed_schema.json, "
        "got 'not-a-declared-table' (declared: by_country, claims,")


def test_a_saved_table_loads_with_its_declared_types(tmp_path):
    outputs = config.Outputs(tmp_path)
    processed.save("report_coverage", coverage(), outputs)
    processed.save("reports", reports(), outputs)
    loaded, dates = processed.load("report_coverage", outputs), processed.load("reports", outputs)
    assert loaded.dtypes[["claimed", "documented", "located_city"]].tolist() == ["float64"] * 3
    assert loaded["documented_exceeds_claimed"].tolist() == [False]
    assert dates["published_latest"].tolist() == ["2022-09-30", "2022-12-05"]  # ISO text, compared as text


def test_a_file_that_does_not_fit_is_refused_on_load(tmp_path):
    outputs = config.Outputs(tmp_path)
    target = processed.save("report_coverage", coverage(), outputs)
    target.write_text(target.read_text(encoding="utf-8").replace(",40,", ",forty,"), encoding="utf-8")
    with pytest.raises(DataError, match=r"report_coverage.csv:2: column 'documented': expected a whole number, "
                                        r"got 'forty'"):
        processed.load("report_coverage", outputs)


@pytest.mark.parametrize("name", sorted(schema.processed_tables()))
def test_every_committed_table_fits_its_declaration(name):
    assert len(processed.load(name, COMMITTED)) > 0
