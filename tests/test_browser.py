"""The web edition in a real browser: headless Chromium (Debian's package) driven by Playwright, with axe-core.

Every page loads from disk and from a static server with no console error, no failed request and no request to
another host; axe-core finds no violation on any page; a search and a filter in the ledger return the rows the
data says; a number in the brief leads to its claims; the filters work from the keyboard. Skipped, with the reason,
where no browser is installed (`.ci/run` installs one)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.workflow import browser

REPO = Path(__file__).resolve().parents[1]
MISSING = browser.missing()
IN_CI = os.environ.get("CI", "") not in ("", "false", "0")
pytestmark = pytest.mark.skipif(bool(MISSING) and not IN_CI, reason=f"browser tests not run: {MISSING}")
PAGES = ["index.html", "evidence.html", "ledger.html", "notebooks/index.html",
         *(f"notebooks/{p.stem}.html" for p in sorted((REPO / "notebooks").glob("*.ipynb")))]
NUMBERS = json.loads((REPO / "reports" / "numbers.json").read_text(encoding="utf-8"))


def test_ci_has_a_browser():
    """CI installs Chromium (.ci/run): there the browser tests must run, not be skipped."""
    assert not MISSING


@pytest.fixture(scope="module")
def chromium():
    with browser.launched() as launched:
        yield launched


@pytest.fixture(scope="module")
def server(built):
    with browser.served(built) as base:
        yield base


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return pd.read_csv(REPO / "data" / "processed" / "claims.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opened_from_disk_loads_cleanly_and_axe_finds_no_violation(chromium, built, name):
    """No console error, no failed request, no request to another host, and 0 axe-core violations."""
    report = browser.check(chromium, (built / name).as_uri())
    assert report.problems == []


def test_every_page_loads_cleanly_from_a_static_server(chromium, server):
    problems = []
    for name in PAGES:
        page, report = browser.open_page(chromium, server + name)
        page.close()
        problems += [f"{name}: {p}" for p in report.problems]
    assert problems == []


def rows(page, kind: str) -> list[str]:
    return page.locator(f"#{kind}-table tbody th").all_inner_texts()


def test_a_search_in_the_ledger_returns_the_claims_of_that_page(chromium, server, claims):
    source = "safeguarddefenders-2022-12-05-patrol-and-persuade"
    expected = claims.loc[claims["source_id"] == source, "claim_id"].tolist()
    page, _ = browser.open_page(chromium, server + "ledger.html")
    page.fill("#claims-q", source)
    assert page.locator("#claims-status").inner_text() == f"{len(expected)} of {len(claims)} claims match."
    assert sorted(rows(page, "claims")) == sorted(expected)
    page.close()


def test_the_filters_return_the_rows_the_data_says(chromium, server, claims):
    discrepancies = pd.read_csv(REPO / "data" / "processed" / "discrepancies.csv", dtype=str, keep_default_na=False)
    misquoted = sorted(set(discrepancies.loc[discrepancies["class"] == "misquote or typo", "claim_id"]))
    in_german = claims.loc[claims["source_id"].isin(
        pd.read_csv(REPO / "data" / "processed" / "sources.csv", dtype=str, keep_default_na=False)
        .query("language == 'de'")["source_id"]), "dated_by"]
    page, _ = browser.open_page(chromium, server + "ledger.html")
    page.select_option("#claims-class", "misquote or typo")
    assert sorted(rows(page, "claims")) == misquoted
    page.select_option("#claims-class", "")
    page.select_option("#claims-language", "de")
    page.fill("#claims-from", "2023-01-01")
    expected = int(((in_german >= "2023") & (in_german != "")).sum())
    assert page.locator("#claims-status").inner_text().startswith(f"{expected} of ")
    page.close()


def test_a_number_in_the_brief_leads_to_its_claims(chromium, server):
    figure = NUMBERS["authors"][-1]["figures"][-1]["stations"]
    page, _ = browser.open_page(chromium, server + "index.html")
    page.locator(f'a[href="evidence.html#{figure["id"]}"]').first.click()
    page.wait_for_url(f"**/evidence.html#{figure['id']}")
    section = page.locator(f"section#{figure['id']}")
    assert section.is_visible()
    assert sorted(section.locator("tbody th").all_inner_texts()) == figure["claim_ids"]
    page.close()


def test_the_ledger_filters_and_sorting_work_from_the_keyboard(chromium, server):
    page, _ = browser.open_page(chromium, server + "ledger.html")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(8):  # past the navigation and the intro's links, to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "claims-q":
            break
    assert page.evaluate("document.activeElement.id") == "claims-q"
    page.keyboard.type("Hesse")
    assert "claims match" in page.locator("#claims-status").inner_text()
    found = len(rows(page, "claims"))
    assert 0 < found < NUMBERS["ledger"]["claims_in_ledger"]["value"]
    page.keyboard.press("Tab")  # the report filter
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "claims-report_id"
    page.locator("#stations-table thead button").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.locator("#stations-table thead th").first.get_attribute("aria-sort") == "descending"
    ids = rows(page, "stations")
    assert ids == sorted(ids, reverse=True)
    page.close()


def test_no_page_is_wider_than_a_phone(chromium, built):
    """At 390 px a wide table scrolls inside its own region (which the keyboard reaches); the page does not."""
    wider = {}
    for name in PAGES:
        page, _ = browser.open_page(chromium, (built / name).as_uri(), browser.PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.close()
        if width > browser.PHONE["width"]:
            wider[name] = width
    assert wider == {}
