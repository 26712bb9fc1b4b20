"""The checks on processed tables, before they are saved and after they are loaded."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import processed
from analysis.errors import DataError


def reports(**columns):
    table = {"report_id": ["sd-2022-09", "sd-2022-12"], "claimant_id": ["safeguard-defenders"] * 2,
             "published_latest": ["2022-09-12", "2022-12-05"]}
    return pd.DataFrame({**table, **columns})


def test_a_table_with_its_columns_and_a_unique_key_passes_unchanged():
    table = reports(extra=["a", "b"])
    assert processed.validate("reports", table) is table


def test_a_missing_column_is_named_with_the_file():
    with pytest.raises(DataError) as error:
        processed.validate("reports", reports().drop(columns="claimant_id"))
    assert str(error.value) == ("data/processed/reports.csv:-: column 'claimant_id': expected this column, "
                                "which the table lacks")


def test_a_repeated_key_is_named_by_its_line():
    table = reports(report_id=["sd-2022-09", "sd-2022-09"])
    with pytest.raises(DataError) as error:
        processed.validate("reports", table)
    assert str(error.value) == ("data/processed/reports.csv:3: column 'report_id': expected each value once, "
                                "got 'sd-2022-09' again")


def test_a_table_without_a_schema_is_not_checked():
    table = pd.DataFrame({"anything": [1, 1]})
    assert processed.validate("not-a-declared-table", table) is table
