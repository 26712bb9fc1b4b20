"""The web edition's speed and weight; prints JSON (bench/run.py writes it into bench/results.md).

1. `python -m analysis site` after a warm build (what `make site` adds to it), 3 runs;
2. the weight of the real ledger explorer: every file ledger.html loads;
3. the explorer over a synthetic ledger of 100,000 claims (bench/synthetic.py, cleaned and compared as the build
   does), in headless Chromium: the page's load, then the first result of a search and of a filter after it.
Runs in a temporary folder; the repository is not written to.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from analysis import clean, compare, params  # noqa: E402
from analysis.workflow import browser, site  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RUNS = 3
PAINTED = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"  # the next frame is drawn
LEDGER_FILES = ("ledger.html", "ledger-data.js", "ledger.js", "style.css", "figures/fig2-station-map.svg")


def site_seconds(target: Path) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "site", "--out", str(target)], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def synthetic_tables(size: int, real: dict) -> dict:
    """A ledger of ``size`` synthetic claims, cleaned and compared; the other tables are the real ones."""
    claims, sources, reports = synthetic.ledger(size)
    run = params.validate({"name": "synthetic", "as_of": "2025-12-31"})
    cleaned = clean.clean_claims(claims, sources, reports)
    selected, _ = compare.select_claims(cleaned, sources, run)
    discrepancies = compare.discrepancies(selected, compare.report_references(selected, reports))
    languages = ("en", "de", "zh", "fr", "es")
    sources = sources.assign(title=[f"synthetic page {s}" for s in sources["source_id"]], url="", link="",
                             published=sources["published_latest"],
                             language=[languages[i % len(languages)] for i in range(len(sources))])
    reports = reports.assign(claimant="synthetic author", title=[f"synthetic report {r}" for r in reports["report_id"]],
                             published=reports["published_latest"])
    text = lambda frame: frame.astype(object).where(frame.notna(), "").astype(str)  # noqa: E731
    return {**real, "claims": text(cleaned), "sources": text(sources), "reports": text(reports),
            "discrepancies": text(discrepancies)}


def explorer_times(folder: Path, query: str) -> dict:
    """Load ledger.html from disk, then search and filter the claims; seconds for each, from the browser."""
    with browser.launched() as chromium:
        page = chromium.new_page(viewport=browser.DESKTOP)
        started = time.perf_counter()
        page.goto((folder / "ledger.html").as_uri(), wait_until="load")
        page.wait_for_selector("body[data-ready=true]")
        loaded = time.perf_counter()
        page.fill("#claims-q", query)  # the explorer filters on the input event, before fill returns
        page.evaluate(PAINTED)
        searched = time.perf_counter()
        status = page.locator("#claims-status").inner_text()
        page.fill("#claims-q", "")
        page.wait_for_timeout(50)
        before = time.perf_counter()
        page.select_option("#claims-language", "de")
        page.evaluate(PAINTED)
        filtered = time.perf_counter()
        status_filter = page.locator("#claims-status").inner_text()
        page.close()
    return {"load": loaded - started, "search": searched - loaded, "search_status": status,
            "filter": filtered - before, "filter_status": status_filter}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temporary:
        parent = Path(temporary)
        times = site_seconds(parent / "site")
        weight = sum((parent / "site" / name).stat().st_size for name in LEDGER_FILES)
        numbers, real = site.load_inputs(REPO)
        started = time.perf_counter()
        tables = synthetic_tables(100_000, real)
        data = site.ledger_data(numbers, tables)
        prepared = time.perf_counter() - started
        big = parent / "synthetic"
        shutil.copytree(parent / "site", big)
        (big / "ledger-data.js").write_text(site.ledger_script(data), encoding="utf-8")
        big_weight = sum((big / name).stat().st_size for name in LEDGER_FILES)
        timings = explorer_times(big, "persuaded")
        real_timings = explorer_times(parent / "site", "Hesse")
    print(json.dumps({"site": times, "ledger_bytes": weight, "synthetic_bytes": big_weight,
                      "synthetic_claims": data["claims"]["length"], "prepare": prepared,
                      "synthetic": timings, "real": real_timings}))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
