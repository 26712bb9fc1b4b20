"""The committed build products: free of run-specific paths, and the brief prints what numbers.json holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NUMBERS = json.loads((REPO / "reports" / "numbers.json").read_text(encoding="utf-8"))
TEMPLATE = (REPO / "src" / "analysis" / "templates" / "brief.typ").read_text(encoding="utf-8")
COMMITTED = sorted(
    p for pattern in ("notebooks/*.ipynb", "data/processed/*.csv", "reports/numbers.json", "reports/figures/*.svg",
                      "reports/figures/*.csv")
    for p in REPO.glob(pattern)
)


@pytest.fixture(scope="module")
def brief_text(brief_pages) -> str:
    text = " ".join(brief_pages)
    text = text.translate(str.maketrans({"\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_run_specific_paths_or_addresses(path):
    text = path.read_text(encoding="utf-8")
    assert str(REPO) not in text
    assert not re.search(r"/tmp/|/var/folders/|site-packages|\b0x[0-9a-f]{6,}", text)


def test_the_brief_prints_each_authors_own_figures(brief_text):
    for author in NUMBERS["authors"]:
        for figure in author["figures"]:
            assert f"{figure['stations']['display']} stations" in brief_text
    assert NUMBERS["run"]["as_of_display"] in brief_text


def test_every_figure_caption_is_in_the_brief(brief_text):
    captions = re.findall(r"caption: \[([^\]#]+)", TEMPLATE)
    assert captions
    for caption in captions:
        assert re.sub(r"\s+", " ", caption)[:50] in brief_text


def test_every_story_claim_and_both_verdicts_are_in_the_brief(brief_text):
    for row in NUMBERS["story"]["claims"]:
        assert row["statement"][:30] in brief_text
        assert row["verdict_then"] in brief_text and row["verdict"] in brief_text
    assert NUMBERS["story"]["headline"] in brief_text and NUMBERS["story"]["outlet"] in brief_text


# Ids and rule names belong to the data, not to a reader's page.
INTERNAL_WORDS = re.compile(r"\b(?:sd|fuzhou|qingtian|nantong|wenzhou|mps)-\d{4}|\bs\d\d\b|best-supported|"
                            r"\b[a-z]+_[a-z_]+\b")


def test_the_brief_speaks_plain_words(brief_text):
    body = brief_text[:brief_text.index("Sources 1.")]
    body = re.sub(r"\S*/\S*|\S+\.(?:csv|md|cff)\b", " ", body)  # file paths are names a reader can open
    assert INTERNAL_WORDS.findall(body) == []


def test_no_citation_is_set_on_a_figure(brief_text):
    """Citations are "[n]" after a phrase: never a superscript that reads as part of a number."""
    assert "\\super" not in TEMPLATE and "super[" not in TEMPLATE
    assert re.search(r"\[\d+(?:, \d+)*\]", brief_text)


def test_the_template_types_no_figure():
    """Every figure comes from numbers.json: no digit in the template's text, only in layout lengths."""
    layout = re.compile(r"\d+(?:\.\d+)?(?:pt|cm|em|fr|%)|luma\(\d+\)|\ba4\b|CC BY 4\.0|/reports/[\w./-]+|fig\d|level: \d|"
                        r"rowspan: \d|colspan: \d|\.at\(\d\)|== \d|!= \d|> \d|, \d\)|\(\d,|\d+ \?")
    text = layout.sub("", "\n".join(line.split("//")[0] for line in TEMPLATE.splitlines()))
    assert re.findall(r"\d", text) == []


def test_content_fills_at_most_four_pages_before_the_sources(brief_pages):
    # Four since the brief says what the stations are, what Beijing answers and what each verdict means; the
    # list of sources may then begin on a page of its own.
    pages = brief_pages
    sources_page = next(i for i, text in enumerate(pages) if "\nSources\n" in text or text.startswith("Sources"))
    before = pages[sources_page].split("Sources", 1)[0].strip()
    last_content_page = sources_page if before else sources_page - 1
    assert last_content_page <= 3  # the text ends on page four at the latest


def test_titles_print_in_their_own_script(brief_text):
    assert "[title in" not in brief_text and "(original title)" not in brief_text
    chinese = [c["title"] for c in NUMBERS["citations"]["list"] if re.search(r"[\u4e00-\u9fff]", c["title"])]
    flat = brief_text.replace(" ", "")
    assert chinese and all(title.replace(" ", "")[:8] in flat for title in chinese)


def test_every_cited_source_is_listed(brief_text):
    cited = NUMBERS["citations"]["list"]
    assert [c["number"] for c in cited] == list(range(1, len(cited) + 1))
    for entry in cited:
        assert entry["credit"][:20] in brief_text or entry["url"][:30] in brief_text


def test_the_brief_compiles_to_the_same_bytes(tmp_path):
    """Typst gets no clock and no system fonts: the committed inputs give the committed PDF."""
    import shutil

    from analysis import brief, config

    shutil.copytree(REPO / "reports" / "figures", tmp_path / "reports" / "figures")
    shutil.copy(REPO / "reports" / "numbers.json", tmp_path / "reports" / "numbers.json")
    first = brief.compile_brief(config.Outputs(tmp_path)).read_bytes()
    second = brief.compile_brief(config.Outputs(tmp_path)).read_bytes()
    assert first == second == (REPO / "reports" / "brief.pdf").read_bytes()


def _figures(node, path=""):
    """Every figure in numbers.json: a dict with a value and a display text, with where it stands."""
    if isinstance(node, dict):
        if "value" in node and "display" in node:
            yield path, node
        for key, value in node.items():
            if key != "citations":
                yield from _figures(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _figures(item, f"{path}[{i}]")


def test_every_figure_in_numbers_json_names_the_rule_or_table_behind_it():
    missing = [path for path, figure in _figures(NUMBERS) if not (figure.get("rule") or figure.get("basis"))]
    assert missing == []


DISCREPANCIES = REPO / "data" / "processed" / "discrepancies.csv"


@pytest.fixture(scope="module")
def departures():
    import pandas as pd

    table = pd.read_csv(DISCREPANCIES, dtype=str, keep_default_na=False).set_index("claim_id")
    return NUMBERS["departures"], table


def test_each_departure_row_holds_claims_of_its_own_reason_and_reference(departures):
    rows, table = departures
    assert rows
    for row in rows:
        claims = table.loc[row["figure"]["claim_ids"]]
        assert claims["class"].nunique() == 1 and claims["class"].iloc[0] == row["class"]
        assert {float(v) for v in claims["reference_value"]} == {row["reference"]["value"]}
        assert row["example"]["claim_id"] in row["figure"]["claim_ids"]
        assert len(claims) == row["claims"]["value"]


def test_the_departures_caption_counts_the_claims_in_its_rows(departures):
    rows, _ = departures
    assert NUMBERS["ledger"]["departures_shown"]["value"] == sum(r["claims"]["value"] for r in rows)


def test_real_cases_of_the_departures_table_are_classed_as_their_words_say(departures):
    _, table = departures
    # c0368 (El Mundo's own 54, Nov 2022) is El Mundo's claim, compared with no one's; c0465 (the UK security
    # minister's "four") is the minister's own count, not a departure from Safeguard Defenders' three.
    assert {table.at[c, "class"] for c in ("c0368", "c0465")} == {"nothing to compare"}
    # Kurier (April 2024): "in September 2022, more than 100" is December's figure given to September.
    assert table.at["c0493", "class"] == "credited to the wrong report"
    # "30 stations at the start of 2022" (the Fuzhou first batch, as Safeguard Defenders described it) is right.
    assert table.at["c0691", "class"] == "figure of a stated other date"
    # "more than 102" against the author's "at least 102" agrees.
    assert table.at["c0758", "class"] == "agrees"
    # "110": the number in the title of 110 Overseas, not a rounding of 102.
    assert table.at["c0224", "class"] == "report name as a count"
    # "48 weitere", "otras 48": the new stations, not a total.
    assert {table.at[c, "scope_key"] for c in ("c0520", "c0917", "c1253")} == {"world-additional"}
    # "más de 54" against the author's "at least 54" is the author's own hedge, not another scope's figure.
    assert table.at["c0671", "class"] == "agrees"
    # Newsweek's "21 countries as of June 21" is the Fuzhou batch's 21 given as the whole, whatever date it adds.
    assert table.at["c0076", "class"] == "part the report quotes"


def _readme_summary() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text[text.index("## What it finds"):text.index("## Quick start")]


def numbers_missing_from(summary: str, brief_text: str) -> list[str]:
    """The numbers of a summary that the brief never prints (a count the brief has since changed)."""
    import re

    printed = set(re.findall(r"\d[\d,]*", brief_text.replace(",", "")))
    return [n for n in re.findall(r"\d[\d,]*", summary.replace(",", "")) if n not in printed]


def test_every_number_in_the_readmes_summary_is_printed_in_the_brief(brief_pages):
    assert numbers_missing_from(_readme_summary(), "\n".join(brief_pages)) == []


def test_a_summary_number_the_brief_does_not_print_is_caught():
    assert numbers_missing_from("36 depart, 417 counts", "417 world counts, of which 37 depart") == ["36"]


def test_a_translation_is_counted_as_the_translators_figure_not_its_originals(departures):
    """nachrichten.es (a German translation of El Mundo) gives "zwanzig" countries and Carpe Diem (a German
    summary) "bis zu 110" stations: the departures are the translators', and El Mundo is named by neither."""
    _, table = departures
    translated = table[table["source_id"].isin(["nachrichten-es-nd-geheime-polizeistationen",
                                                "carpediem-nd-geheime-polizeistationen"])]
    assert set(translated["origin"]) == {"nachrichten.es", "Carpe Diem Magazine"}
    assert "El Mundo" not in set(table.loc[table["class"].isin(["report name as a count", "genuine disagreement"]), "origin"])


def test_table_one_puts_a_tally_no_page_dates_at_the_date_it_counts_as_of():
    # Fuzhou's tally "as of late June 2022" sits between the January batch and the September report, not after
    # December's report where its first dated page (11 Dec 2022) would put it.
    order = [(r["report"]["author"], r["report"]["name"]) for r in NUMBERS["reports"]]
    tally = order.index(("Fuzhou police", "tally as of late June 2022, known only second-hand"))
    assert order[tally - 1] == ("Fuzhou police", "first-batch announcement")
    assert order[tally + 1] == ("Safeguard Defenders", "110 Overseas")
