"""`make bench`: the build's speed, measured; writes bench/results.md.

1. cold build / floor / bare library imports, alternated, 3 runs each (medians, both ratios);
2. no-op rebuild (3 runs, median);
3. scale: cleaning and comparison on synthetic ledgers of 1k, 10k and 100k claims, 3 runs each (median);
4. fresh clone → brief.pdf, install included, with the package cache warm and empty, then `make test`
   in the warm clone (the README's test command, as CI runs it after `make brief`);
5. the web edition (bench/site.py): what `make site` adds to a warm build, the ledger explorer's weight, and
   its load and first filtered result over a 100,000-claim synthetic ledger in headless Chromium.
Everything runs in temporary copies; the repository is not written to (except bench/results.md).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RUNS = 3
SIZES = (1_000, 10_000, 100_000)


def timed(command: list[str], env: dict | None = None, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, env={**os.environ, **(env or {})}, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def project_copy(parent: Path) -> Path:
    """A project root with the inputs only (raw data, params, notebooks, lock)."""
    root = parent / "project"
    for folder in ("data/raw", "params", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "uv.lock", root / "uv.lock")
    return root


IMPORTS = "import pandas, matplotlib.pyplot, typst; from mpl_toolkits.basemap import Basemap"


def cold_floor_and_imports(parent: Path) -> tuple[list[float], list[float], list[float]]:
    """Cold build, one-process floor and bare library imports, alternated so that load affects all three."""
    cold, floor, imports = [], [], []
    for run in range(RUNS):
        imports.append(timed([PYTHON, "-c", IMPORTS]))
        root = project_copy(parent / f"cold-{run}")
        cold.append(timed([PYTHON, "-m", "analysis", "build"],
                          {"ANALYSIS_ROOT": str(root), "ANALYSIS_CACHE_DIR": str(parent / f"cache-{run}")}))
        output = parent / f"floor-{run}"
        floor.append(timed([PYTHON, str(REPO / "bench" / "floor.py")],
                           {"ANALYSIS_ROOT": str(root), "ANALYSIS_OUTPUT_ROOT": str(output), "PYTHONHASHSEED": "0",
                            "SOURCE_DATE_EPOCH": "0"}))
    return cold, floor, imports


def noop(parent: Path) -> list[float]:
    root = project_copy(parent / "noop")
    env = {"ANALYSIS_ROOT": str(root), "ANALYSIS_CACHE_DIR": str(parent / "noop-cache")}
    timed([PYTHON, "-m", "analysis", "build"], env)
    return [timed([PYTHON, "-m", "analysis", "build"], env) for _ in range(RUNS)]


def scale() -> list[dict]:
    """Each size in a fresh process, three times; the run with the median time stands for the size."""
    points = []
    for size in SIZES:
        runs = [json.loads(subprocess.run([PYTHON, str(REPO / "bench" / "scale.py"), str(size)], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(RUNS)]
        median = sorted(runs, key=lambda point: point["seconds"])[len(runs) // 2]
        points.append({**median, "runs": [point["seconds"] for point in runs]})
    return points


def fresh_clone(parent: Path, empty_cache: bool) -> tuple[float, Path]:
    clone = parent / ("clone-empty" if empty_cache else "clone-warm")
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env = {"UV_CACHE_DIR": str(parent / "uv-cache"), "PIP_NO_CACHE_DIR": "1"} if empty_cache else {}
    return timed(["make", "brief"], env, cwd=clone), clone


def web_edition() -> dict:
    return json.loads(subprocess.run([PYTHON, str(REPO / "bench" / "site.py")], check=True, capture_output=True,
                                     text=True).stdout)


def web_lines(web: dict) -> list[str]:
    """The web edition's lines of bench/results.md."""
    big, real = web["synthetic"], web["real"]
    return [
        "## Web edition (bench/site.py)", "",
        "| benchmark | runs (s) | median (s) | target |", "|---|---|---|---|",
        f"| `python -m analysis site` after a warm build (what `make site` adds) | "
        f"{', '.join(f'{t:.2f}' for t in web['site'])} | {statistics.median(web['site']):.2f} | ≤ 3 s |",
        f"| ledger explorer, real ledger: every file ledger.html loads | {web['ledger_bytes'] / 2**20:.2f} MiB | | ≤ 2 MB |",
        f"| ledger explorer, real ledger: load, then first search result | {real['load']:.2f}, {real['search']:.2f} | | |",
        f"| ledger explorer, {web['synthetic_claims']:,} synthetic claims ({web['synthetic_bytes'] / 2**20:.1f} MiB): "
        f"load (navigation to data parsed and first rows drawn) | {big['load']:.2f} | | |",
        f"| same: first filtered result after load, search ({big['search_status']}) | {big['search']:.2f} | | ≤ 1 s |",
        f"| same: first filtered result after load, language filter ({big['filter_status']}) | {big['filter']:.2f} | | ≤ 1 s |",
        "",
    ]


def other_sections(written: list[str]) -> list[str]:
    """The sections of bench/results.md that this script does not write (bench/caches.py's, measurements
    made once for a change), kept as they are."""
    results = REPO / "bench" / "results.md"
    own = {line for line in written if line.startswith("## ")}
    kept, keeping = [], False
    for line in results.read_text(encoding="utf-8").splitlines() if results.exists() else []:
        if line.startswith("## "):
            keeping = line not in own
        if keeping:
            kept.append(line)
    return [*kept, ""] if kept and kept[-1] else kept


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return (f"{os.cpu_count()} cores ({cpu}), {int(memory) / 2**20:.0f} GiB memory, "
            f"Python {platform.python_version()} on {platform.system()} {platform.release()}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        parent = Path(temporary)
        cold, floor, imports = cold_floor_and_imports(parent)
        noops = noop(parent)
        points = scale()
        warm_clone, clone = fresh_clone(parent, empty_cache=False)
        make_test = timed(["make", "test"], cwd=clone)
        empty_clone, _ = fresh_clone(parent, empty_cache=True)
    web = web_edition()
    ratio = statistics.median(cold) / statistics.median(floor)
    ratio_imports = statistics.median(cold) / statistics.median(imports)
    lines = [
        "# Benchmark results", "",
        f"Machine: {machine()}.", "",
        "| benchmark | runs (s) | median (s) | target |", "|---|---|---|---|",
        f"| cold build (empty cache, warm venv) | {', '.join(f'{t:.1f}' for t in cold)} | {statistics.median(cold):.1f} | |",
        f"| floor (one process, same calls, no kernels) | {', '.join(f'{t:.1f}' for t in floor)} | {statistics.median(floor):.1f} | |",
        f"| library imports (`{IMPORTS}`) | {', '.join(f'{t:.1f}' for t in imports)} | {statistics.median(imports):.1f} | |",
        f"| no-op rebuild | {', '.join(f'{t:.2f}' for t in noops)} | {statistics.median(noops):.2f} | < 0.5 s |",
        f"| fresh clone → brief.pdf, package cache warm | {warm_clone:.1f} | | ≤ 120 s |",
        f"| fresh clone → brief.pdf, package cache empty | {empty_clone:.1f} | | |",
        f"| `make test` in the fresh clone, after `make brief` | {make_test:.1f} | | ≤ 60 s |",
        "", f"ratio: {ratio:.2f}", f"ratio_imports: {ratio_imports:.2f}", "",
        "Targets: cold / floor at most 2.0; cold / library imports at most 4.0.", "",
        "## Scale (synthetic ledgers, clean + compare)", "",
        "| claims | runs (s) | median (s) | growth vs previous | peak RSS (MiB) |", "|---|---|---|---|---|",
    ]
    previous = None
    for point in points:
        growth = f"{point['seconds'] / previous:.1f}×" if previous else "–"
        runs = ", ".join(f"{seconds:.2f}" for seconds in point["runs"])
        lines.append(f"| {point['claims']:,} | {runs} | {point['seconds']:.2f} | {growth} | {point['peak_mib']:.0f} |")
        previous = point["seconds"]
    lines += ["", "Target: 100k claims in at most 5 s, close to linear (×10 claims → ×10 time). The synthetic ledger "
              "keeps the real one's mix (bench/synthetic.py).", ""]
    lines += web_lines(web)
    lines += other_sections(lines)
    (REPO / "bench" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
