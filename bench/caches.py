"""Whether each in-process cache of the package (``functools.lru_cache``) pays at the real ledger's size.

A build runs each notebook in a kernel of its own, so a cache lives for one notebook. Here each notebook's
code cells run in a fresh process (as bench/floor.py runs them: real raw data, default parameters, a
temporary output root), and every cached function is wrapped in a clock that adds up the time spent in its
calls. A notebook's total time varies by a tenth of a second from run to run on a shared machine, far more
than most caches save; the time inside the function varies far less. For every cache and every notebook
that calls it: the time in its calls with the cache and with the plain function (``__wrapped__``, bound
wherever the package binds the cached one), the other caches as the package has them; the fastest of RUNS
fresh processes each.

``--plain a,b``: caches to measure as candidates, plain in every other run. Put back on a copy of the code,
a removed cache is measured as what it would save in the code as it is, without it.

    .venv/bin/python bench/caches.py [--plain clean.value_bounds,...] [--write]
    # --write puts the table in bench/results.md, in place of its last version
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 5
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


def clocked(functions: dict[str, object], plain: set[str]) -> dict[str, Clock]:
    """Every cached function wrapped in a clock (those in ``plain``: the uncached function inside its clock),
    bound in place of the cached one in every module of the package."""
    clocks = {name: Clock(f.__wrapped__ if name in plain else f) for name, f in functions.items()}
    by_id = {id(functions[name]): clock for name, clock in clocks.items()}
    for module in [m for name, m in sys.modules.items() if name.startswith("analysis")]:
        for attribute, value in list(vars(module).items()):
            if id(value) in by_id:
                setattr(module, attribute, by_id[id(value)])
    return clocks


def one_run(notebook: str, plain: set[str]) -> dict:
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


def fastest(notebook: str, plain: set[str], output: Path) -> dict:
    """Calls and the fastest time in each function over RUNS fresh processes."""
    env = {**os.environ, "ANALYSIS_OUTPUT_ROOT": str(output), "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}
    command = [sys.executable, __file__, "--child", notebook, ",".join(sorted(plain))]
    runs = [json.loads(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)
            for _ in range(RUNS)]
    return {name: (calls, min(run[name][1] for run in runs)) for name, (calls, _) in runs[0].items()}


def measure(candidates: set[str]) -> list[dict]:
    """One row per cache and notebook that calls it: calls, and seconds in them with and without the cache."""
    from analysis.workflow import pipeline

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-caches-") as output:
        subprocess.run([sys.executable, str(REPO / "bench" / "floor.py")], check=True, capture_output=True,
                       env={**os.environ, "ANALYSIS_OUTPUT_ROOT": output, "PYTHONHASHSEED": "0",
                            "SOURCE_DATE_EPOCH": "0"})  # every notebook's inputs in place
        for notebook in pipeline.execution_order():
            as_is = fastest(notebook, candidates, Path(output))
            for name, (calls, seconds) in as_is.items():
                if not calls:
                    continue
                changed = fastest(notebook, candidates ^ {name}, Path(output))[name][1]
                with_, without = (changed, seconds) if name in candidates else (seconds, changed)
                rows.append({"cache": name, "notebook": notebook, "calls": calls, "with": with_,
                             "without": without, "candidate": name in candidates})
    return rows


def table(rows: list[dict]) -> list[str]:
    lines = [SECTION, "",
             f"Time spent in the function's calls during one notebook, in a fresh process, fastest of {RUNS} runs; "
             "a candidate (*) is a cache put back on a copy of the code to see what it would save there.",
             "", "| cache | notebook | calls | with (ms) | without (ms) | saved (ms) |", "|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r["cache"], r["notebook"])):
        lines.append(f"| `{row['cache']}`{' *' if row['candidate'] else ''} | {row['notebook']} | {row['calls']:,} | "
                     f"{1000 * row['with']:.1f} | {1000 * row['without']:.1f} | "
                     f"{1000 * (row['without'] - row['with']):.1f} |")
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["cache"]] = totals.get(row["cache"], 0.0) + row["without"] - row["with"]
    lines += ["", "Saved per build, all notebooks together:", "", "| cache | saved (ms) |", "|---|---|"]
    lines += [f"| `{name}` | {1000 * saved:.1f} |" for name, saved in sorted(totals.items(), key=lambda kv: -kv[1])]
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


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--child"]:
        print(json.dumps(one_run(arguments[1], {n for n in arguments[2].split(",") if n})))
        return
    candidates = set(arguments[arguments.index("--plain") + 1].split(",")) if "--plain" in arguments else set()
    found = table(measure(candidates))
    print("\n".join(found))
    if "--write" in arguments:
        write_section(found)


if __name__ == "__main__":
    main(sys.argv[1:])
