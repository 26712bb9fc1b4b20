"""Data tests on the committed raw files: they load cleanly, match the manifest and the codebook."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from analysis import raw
from analysis.errors import DataError
from analysis.workflow import manifest

from test_check import problems, set_cell

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
CODEBOOK = (REPO / "data" / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data():
    return raw.load_raw(RAW)


def test_raw_data_passes_every_check_and_the_checks_see_a_bad_cell(tmp_path):
    import shutil

    assert raw.load_raw(RAW).tables  # the committed data: no problem at all, or load_raw raises
    shutil.copytree(RAW, tmp_path / "raw")
    set_cell(tmp_path / "raw" / "claims.csv", 2, "claimed_on", "2022-02-30")
    with pytest.raises(DataError, match=r"claims.csv:2: column 'claimed_on'"):
        raw.load_raw(tmp_path / "raw")


def test_manifest_matches_the_raw_files(monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(REPO))
    assert manifest.compare() == []


@pytest.mark.parametrize("table, column", [("claims", "source_id"), ("stations", "first_source_id"),
                                           ("station_sources", "source_id"), ("responses", "source_id"),
                                           ("reports", "source_id")])
def test_a_row_citing_an_unregistered_source_is_refused(raw_dir, table, column):
    set_cell(raw_dir / f"{table}.csv", 2, column, "no-such-page")
    assert any(f"{table}.csv:2: column '{column}': expected an id from sources.csv, got 'no-such-page'" in p
               for p in problems(raw_dir))


def test_every_station_is_cited_by_at_least_one_page(data):
    assert set(data.frame("stations")["station_id"]) <= set(data.frame("station_sources")["station_id"])


def test_the_story_under_review_is_one_source(data):
    story = data.frame("sources").query("kind == 'story-under-review'")
    assert len(story) == 1 and story["published"].iloc[0] == "2022-10-01" and story["url"].iloc[0].startswith("https://")


def test_the_headline_reports_are_registered(data):
    assert {"fuzhou-2022-01", "sd-2022-09", "sd-2022-12"} <= set(data.frame("reports")["report_id"])


def test_no_private_home_addresses_are_recorded(data):
    addresses = data.frame("stations")["district_or_address"].str.casefold()
    assert not addresses.str.contains(r"\b(?:home|residence|residential|apartment|flat)\b").any()


def _codebook_columns(file: str) -> set[str]:
    """Column names in the first table under the codebook heading for ``file``."""
    section = CODEBOOK.split(f"### `{file}`", 1)[1].split("\n### ", 1)[0]
    return {name for cell in re.findall(r"^\| ([^|]+) \|", section, re.M) for name in re.findall(r"`([^`]+)`", cell)}


@pytest.mark.parametrize("name", list(raw.TABLES))
def test_codebook_documents_every_raw_column_and_no_other(name):
    spec = raw.TABLES[name]
    with open(RAW / spec.file, encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert _codebook_columns(spec.file) == set(header) == set(spec.column_names)


@pytest.mark.parametrize("path", sorted((REPO / "data" / "processed").glob("*.csv")), ids=lambda p: p.name)
def test_codebook_documents_every_processed_file_and_its_notebook(path):
    heading = re.search(rf"^### `{re.escape(path.name)}` \(([0-9a-z-]+)\)$", CODEBOOK, re.M)
    assert heading and (REPO / "notebooks" / f"{heading.group(1)}.ipynb").exists()
    section = CODEBOOK.split(heading.group(0), 1)[1].split("\n### ", 1)[0]
    with open(path, encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    raw_name = path.stem if path.stem in raw.TABLES else None
    inherited = set(raw.TABLES[raw_name].column_names) if raw_name and "raw columns" in section.lower() else set()
    renamed = {"country_raw", "bureau_raw"} if raw_name in ("stations", "responses") else set()
    missing = [c for c in header if c not in inherited | renamed and f"`{c}`" not in section]
    assert missing == []
