"""One point of the scale benchmark: clean and compare a synthetic ledger of N claims; print JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from analysis import clean, compare, params  # noqa: E402


def main(size: int) -> None:
    claims, sources, reports = synthetic.ledger(size)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = params.validate({"name": "synthetic", "as_of": "2025-12-31"})
    started = time.perf_counter()
    cleaned = clean.clean_claims(claims, sources, reports)
    selected, _ = compare.select_claims(cleaned, sources, run)
    references = compare.report_references(selected, reports)
    compare.headlines(references, run.headline_rule)
    compare.discrepancies(selected, references)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"claims": size, "seconds": wall, "peak_mib": peak / 1024, "growth_mib": (peak - baseline) / 1024}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
