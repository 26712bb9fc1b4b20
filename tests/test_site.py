"""The web edition (reports/site/), built from the committed outputs: the same numbers as the PDF, every figure
linked to its evidence, every internal link resolving, nothing loaded from elsewhere, the same bytes twice."""

from __future__ import annotations

import collections
import functools
import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from analysis import brief
from analysis.workflow import site

REPO = Path(__file__).resolve().parents[1]
NUMBERS = json.loads((REPO / "reports" / "numbers.json").read_text(encoding="utf-8"))


class Links(HTMLParser):
    """Every href and src of a page, every id in it, and the lang of each element that declares one."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.langs, self.images = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.links.append(attrs[key])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "lang" in attrs:
            self.langs.append(attrs["lang"])
        if tag == "img":
            self.images.append(attrs)


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_the_site_has_the_brief_the_evidence_the_ledger_and_every_notebook(built):
    names = {p.relative_to(built).as_posix() for p in pages(built)}
    notebooks = {f"notebooks/{p.stem}.html" for p in (REPO / "notebooks").glob("*.ipynb")}
    assert {"index.html", "evidence.html", "ledger.html", "notebooks/index.html"} | notebooks == names
    for download in ("brief.pdf", "data/raw/datapackage.json", "data/processed/datapackage.json",
                     "data/processed/claims.csv", "figures/fig2-station-map.svg"):
        assert (built / download).is_file(), download


def test_two_builds_give_the_same_bytes(built, tmp_path):
    again = site.write(REPO, tmp_path / "again")
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_page_prints_the_same_numbers_as_the_pdf(built):
    """Every number of the brief's text, tables and captions (before the list of sources), as pdftotext reads the
    PDF and as the page shows it: the same numbers, as often."""
    number = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
    pdf = subprocess.run(["pdftotext", "-layout", str(REPO / "reports" / "brief.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    pdf = "\n".join(line for line in pdf.splitlines() if "built from inputs" not in line)  # the page footer
    pdf_numbers = number.findall(pdf[:pdf.index("\nSources")])
    body = (built / "index.html").read_text(encoding="utf-8").split('<main id="main">')[1]
    body = re.sub(r"<p>The notebooks that compute.*?</p>", "", body.split("<h2>Sources</h2>")[0], flags=re.S)
    page_numbers = number.findall(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    assert len(pdf_numbers) > 100
    assert collections.Counter(page_numbers) == collections.Counter(pdf_numbers)


def test_every_figure_of_the_brief_links_to_its_evidence(built):
    index, evidence = parsed(built / "index.html"), parsed(built / "evidence.html")
    linked = {unquote(link.split("#", 1)[1]) for link in index.links if link.startswith("evidence.html#n-")}
    printed = {f["id"] for _, f in brief.figure_paths(NUMBERS)}
    assert linked and linked <= printed <= evidence.ids
    # the figures the lead and Table 1 print are among them
    assert {f["stations"]["id"] for a in NUMBERS["authors"] for f in a["figures"]} <= linked
    assert {r["located_city"]["id"] for r in NUMBERS["reports"]} <= linked


def test_the_evidence_of_a_figure_lists_its_claims_and_pages(built):
    figure = NUMBERS["authors"][-1]["figures"][-1]["stations"]
    text = (built / "evidence.html").read_text(encoding="utf-8")
    section = text[text.index(f'<section id="{figure["id"]}">'):]
    section = section[:section.index("</section>")]
    claims = pd.read_csv(REPO / "data" / "processed" / "claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    for claim in figure["claim_ids"]:
        assert f"<th scope=\"row\">{claim}</th>" in section
        assert html.escape(claims.at[claim, "value_text"], quote=True) in section
        assert html.escape(claims.at[claim, "locator"], quote=True) in section
    for source in figure["source_ids"]:
        assert f"[{NUMBERS['citations']['numbers'][source]}]" in section


def test_every_numbered_source_links_to_its_entry(built):
    index, evidence = parsed(built / "index.html"), parsed(built / "evidence.html")
    listed = len(NUMBERS["citations"]["list"])
    assert {f"source-{i}" for i in range(1, listed + 1)} <= index.ids & evidence.ids
    assert {f"evidence.html#source-{i}" for i in range(1, listed + 1)} <= set(index.links)


def test_every_internal_link_and_image_resolves(built):
    for page in pages(built):
        for link in parsed(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and built in target.parents, f"{page.name}: {link}"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in parsed(target).ids, f"{page.name}: {link}"


def test_nothing_is_loaded_from_another_host(built):
    """Scripts, styles, images and fonts come with the site; only the sources' own addresses point elsewhere."""
    for page in pages(built):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|img|link|iframe)[^>]+(?:src|href)=\"(?:https?:)?//", text), page.name
        assert "@import" not in text and "fonts.googleapis" not in text
    assert not re.search(r"https?://|@import|url\(", (built / "style.css").read_text(encoding="utf-8"))
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest", (built / "ledger.js").read_text(encoding="utf-8"))


def test_every_image_says_what_it_shows(built):
    for page in pages(built):
        for image in parsed(page).images:
            assert len(image.get("alt", "")) > 40, f"{page.name}: {image.get('src', '')[:60]}"
    alt = next(i["alt"] for i in parsed(built / "index.html").images if i["src"].endswith("fig1-lead-chart.svg"))
    for author in NUMBERS["authors"]:
        assert all(f["stations"]["display"] in alt for f in author["figures"])


def test_titles_in_another_language_declare_it(built):
    declared = parsed(built / "index.html").langs
    assert "en" in declared and {"zh", "ja", "ko", "de"} <= set(declared)
    languages = {entry["lang"] for entry in NUMBERS["citations"]["list"]}
    assert languages - {"en"} <= set(declared)


def test_a_title_the_register_describes_is_in_english():
    assert brief.title_language("(title not shown) a report on a station", "zh") == "en"
    assert brief.title_language("首批30个福州警侨事务海外服务站设立", "zh") == "zh"


def test_figure_ids_name_their_place_in_numbers_json():
    assert brief.figure_id(("authors", 1, "figures", 0, "stations")) == "n-authors-1-figures-0-stations"
    assert brief.figure_id(("story", "counts_then", "stale wording")) == "n-story-counts-then-stale-wording"
    ids = [f["id"] for _, f in brief.figure_paths(NUMBERS)]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"n-[a-z0-9-]+", i) for i in ids)


def test_the_ledger_data_holds_every_claim_station_and_event(built):
    text = (built / "ledger-data.js").read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("window.LEDGER = ").rstrip().removesuffix(";"))
    processed = REPO / "data" / "processed"
    claims = pd.read_csv(processed / "claims.csv", dtype=str, keep_default_na=False)
    assert data["claims"]["length"] == len(claims)
    column = data["claims"]["columns"]["claim_id"]
    assert (column.get("raw") or [column["values"][c] for c in column["codes"]]) == claims["claim_id"].tolist()
    assert data["events"]["length"] == len(pd.read_csv(processed / "events.csv"))
    stations = pd.read_csv(processed / "stations.csv", dtype=str, keep_default_na=False)
    assert data["stations"]["length"] == int((stations["duplicate_of"] == "").sum())


def test_columns_with_few_values_are_sent_as_codes():
    frame = pd.DataFrame({"kind": ["a", "b", "a", "a"] * 50, "id": [f"x{i}" for i in range(200)]})
    columns = site.encode_columns(frame)["columns"]
    assert columns["kind"]["values"] == ["a", "b"] and columns["kind"]["codes"][:4] == [0, 1, 0, 0]
    assert columns["id"]["raw"][:2] == ["x0", "x1"]


def test_the_brief_page_refuses_an_export_that_does_not_open_with_its_title():
    exported = "<html><head><title>A title</title></head><body><p>Something else</p></body></html>"
    with pytest.raises(ValueError, match="does not open with its title"):
        site.brief_body(exported, {}, {}, [])


def test_a_reprint_is_credited_to_its_original_and_a_translation_to_its_translator(built):
    text = (built / "evidence.html").read_text(encoding="utf-8")
    assert "China News Service (中新网) (reprinted by Sina News (news.sina.com.cn))" in text
    assert "nachrichten.es (translating El Mundo)" in text
    assert "Sina News (news.sina.com.cn) (translating" not in text
