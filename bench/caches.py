"""Whether each in-process cache of the package (``functools.lru_cache``) pays at the real ledger's size.

A build runs each notebook in a kernel of its own, so a cache lives for one notebook. Here each notebook's
code cells run in a fresh process (as bench/floor.py runs them: real raw data, default parameters, a
temporary output root), and every cached function is wrapped in a clock that adds up the time spent in its
calls. A notebook's total time varies by a tenth of a second from run to run on a shared machine, far more
than most caches save; the time inside the function does not. For every cache and every notebook that
calls it: the time in its calls with the cache, and with the plain function (``__wrapped__``) bound wherever
the package binds the cached one, the other caches left as they are; RUNS fresh processes each, medians.

    .venv/bin/python bench/caches.py           # print the table
    .venv/bin/python bench/caches.py --write   # and put it in bench/results.md, in place of its last version
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 3
SECTION = "## In-process caches at the real ledger's size (bench/caches.py)"


def cached_functions() -> dict[str, object]:
    """Every cached function of the package, by ``module.name``, after importing every module."""
    import analysis

    for module in pkgutil.walk_packages(analysis.__path__, "analysis."):
        importlib.import_module(module.name)
    found = {}
    for module in [m for name, m in sys.modules.items() if name.startswith("analysis")]:
        for value in vars(module).values():
            if hasattr(value, "cache_info") and value.__module__.startswith("analysis"):
                found[f"{value.__module__.removeprefix('analysis.')}.{value.__qualname__}"] = value
    return dict(sorted(found.items()))


class Clock:
    """Calls and seconds spent in one function."""

    def __init__(self, function):
        self.function, self.calls, self.seconds = function, 0, 0.0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def clocked(functions: dict[str, object], plain: str) -> dict[str, Clock]:
    """Every cached function wrapped in a clock (``plain``: the uncached function inside its clock), bound
    in place of the cached one in every module of the package."""
    clocks = {name: Clock(f.__wrapped__ if name == plain else f) for name, f in functions.items()}
    by_id = {id(functions[name]): clock for name, clock in clocks.items()}
    for module in [m for name, m in sys.modules.items() if name.startswith("analysis")]:
        for attribute, value in list(vars(module).items()):
            if id(value) in by_id:
                setattr(module, attribute, by_id[id(value)])
    return clocks


def one_run(notebook: str, plain: str) -> dict:
    """Child process: one notebook's cells; the calls of each cached function and the seconds spent in them."""
    import matplotlib

    matplotlib.use("Agg")
    sys.path.insert(0, str(REPO / "bench"))
    import floor

    from analysis import config, params

    clocks = clocked(cached_functions(), plain)
    values = params.load(config.inputs().default_params, config.inputs().default_params).as_notebook_parameters()
    with contextlib.redirect_stdout(sys.stderr):  # what the notebook displays; stdout carries the result
        floor.run_notebook(notebook, values)
    return {name: (clock.calls, clock.seconds) for name, clock in clocks.items()}


def child(notebook: str, plain: str, output: Path) -> dict:
    env = {**os.environ, "ANALYSIS_OUTPUT_ROOT": str(output), "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}
    command = [sys.executable, __file__, "--child", notebook, plain]
    return json.loads(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)


def measure() -> list[dict]:
    """One row per cache and notebook that calls it: calls, and seconds in them with and without the cache."""
    from analysis.workflow import pipeline

    with tempfile.TemporaryDirectory(prefix="bench-caches-") as temporary:
        output = Path(temporary)
        subprocess.run([sys.executable, str(REPO / "bench" / "floor.py")], check=True, capture_output=True,
                       env={**os.environ, "ANALYSIS_OUTPUT_ROOT": str(output), "PYTHONHASHSEED": "0",
                            "SOURCE_DATE_EPOCH": "0"})  # every notebook's inputs in place
        cached = {notebook: [child(notebook, "", output) for _ in range(RUNS)]
                  for notebook in pipeline.execution_order()}
        rows = []
        for notebook, runs in cached.items():
            for name, (calls, _) in runs[0].items():
                if calls:
                    plain = [child(notebook, name, output)[name][1] for _ in range(RUNS)]
                    rows.append({"cache": name, "notebook": notebook, "calls": calls,
                                 "with": [run[name][1] for run in runs], "without": plain})
    return rows


def table(rows: list[dict]) -> list[str]:
    lines = [SECTION, "",
             f"Time spent in the function's calls during one notebook, in a fresh process; median of {RUNS} runs.",
             "", "| cache | notebook | calls | with (ms) | without (ms) | saved (ms) |", "|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r["cache"], r["notebook"])):
        with_, without_ = statistics.median(row["with"]), statistics.median(row["without"])
        lines.append(f"| `{row['cache']}` | {row['notebook']} | {row['calls']:,} | {1000 * with_:.1f} | "
                     f"{1000 * without_:.1f} | {1000 * (without_ - with_):.1f} |")
    return [*lines, ""]


def write_section(lines: list[str]) -> None:
    """Replace this benchmark's section of bench/results.md (up to the next section), or append it."""
    results = REPO / "bench" / "results.md"
    text = results.read_text(encoding="utf-8")
    if SECTION in text:
        before, after = text.split(SECTION, 1)
        end = after.find("\n## ")
        rest = after[end + 1:] if end >= 0 else ""
        text = before + "\n".join(lines) + ("\n" + rest if rest else "")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(one_run(sys.argv[2], sys.argv[3])))
    else:
        found = table(measure())
        print("\n".join(found))
        if "--write" in sys.argv:
            write_section(found)
