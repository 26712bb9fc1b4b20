"""Shared fixtures: a small, valid raw dataset (tests/fixtures/raw), with the project's data/raw/datapackage.json,
copied into a temporary project root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import config

REPO = Path(__file__).resolve().parents[1]
FIXTURE_RAW = REPO / "tests" / "fixtures" / "raw"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary project root holding the fixture raw data, params and notebooks."""
    shutil.copytree(FIXTURE_RAW, tmp_path / "data" / "raw")
    shutil.copy(REPO / "data" / "raw" / "datapackage.json", tmp_path / "data" / "raw")  # the fixture's declaration
    shutil.copytree(REPO / "params", tmp_path / "params")
    shutil.copytree(REPO / "notebooks", tmp_path / "notebooks")
    monkeypatch.setenv(config.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(config.OUTPUT_ROOT_ENV, raising=False)
    return tmp_path


@pytest.fixture
def raw_dir(project: Path) -> Path:
    return project / "data" / "raw"


@pytest.fixture(scope="session")
def brief_pages() -> list[str]:
    """The committed brief's text, page by page, extracted once per test process."""
    import pypdfium2

    document = pypdfium2.PdfDocument(REPO / "reports" / "brief.pdf")
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The web edition of the committed outputs, built once per test process."""
    from analysis.workflow import site

    return site.write(REPO, tmp_path_factory.mktemp("site") / "site")
