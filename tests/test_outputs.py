"""The committed build products: free of run-specific paths, and the brief prints what numbers.json holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
NUMBERS = json.loads((REPO / "reports" / "numbers.json").read_text(encoding="utf-8"))
TEMPLATE = (REPO / "src" / "analysis" / "templates" / "brief.typ").read_text(encoding="utf-8")
COMMITTED = sorted(
    p for pattern in ("notebooks/*.ipynb", "data/processed/*.csv", "reports/numbers.json", "reports/figures/*.svg",
                      "reports/figures/*.csv", "reports/notebooks/*.html")
    for p in REPO.glob(pattern)
)


@pytest.fixture(scope="module")
def brief_text() -> str:
    text = " ".join(page.extract_text() for page in PdfReader(REPO / "reports" / "brief.pdf").pages)
    text = text.translate(str.maketrans({"\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_run_specific_paths_or_addresses(path):
    text = path.read_text(encoding="utf-8")
    assert str(REPO) not in text
    assert not re.search(r"/tmp/|/var/folders/|site-packages|\b0x[0-9a-f]{6,}", text)


def test_the_brief_prints_the_headline_numbers(brief_text):
    for metric in ("stations", "countries"):
        assert NUMBERS["headlines"][metric]["display"] in brief_text
    assert NUMBERS["run"]["as_of"] in brief_text


def test_every_figure_caption_is_in_the_brief(brief_text):
    captions = re.findall(r"caption: \[([^\]]+)\]", TEMPLATE)
    assert captions
    for caption in captions:
        assert re.sub(r"\s+", " ", caption)[:60] in brief_text


def test_every_story_verdict_is_in_the_brief(brief_text):
    for row in NUMBERS["story"]:
        assert row["story_claim_id"] in brief_text


def test_page_count_is_in_range():
    pages = len(PdfReader(REPO / "reports" / "brief.pdf").pages)
    assert 2 <= pages <= 5


def test_every_cited_source_is_listed(brief_text):
    cited = NUMBERS["citations"]["list"]
    assert [c["number"] for c in cited] == list(range(1, len(cited) + 1))
    for entry in cited:
        assert entry["publisher"][:20] in brief_text or entry["url"][:30] in brief_text


def test_the_brief_compiles_to_the_same_bytes(tmp_path):
    """Typst gets no clock and no system fonts: the committed inputs give the committed PDF."""
    import shutil

    from analysis import brief, config

    shutil.copytree(REPO / "reports" / "figures", tmp_path / "reports" / "figures")
    shutil.copy(REPO / "reports" / "numbers.json", tmp_path / "reports" / "numbers.json")
    first = brief.compile_brief(config.Outputs(tmp_path)).read_bytes()
    second = brief.compile_brief(config.Outputs(tmp_path)).read_bytes()
    assert first == second == (REPO / "reports" / "brief.pdf").read_bytes()
