"""How long one notebook's code cells take in a fresh process, as a build's kernel runs them (the cells as
bench/floor.py runs them, on the real raw data, into a temporary output root that the floor fills first).

    .venv/bin/python bench/notebook.py 03a-draw-map [runs]   # prints the runs and their median, in seconds
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def one_run(notebook: str) -> float:
    """Child process: the notebook's cells, timed from the first to the last."""
    import contextlib

    import matplotlib

    matplotlib.use("Agg")
    sys.path.insert(0, str(REPO / "bench"))
    import floor

    from analysis import config, params

    values = params.load(config.inputs().default_params, config.inputs().default_params).as_notebook_parameters()
    with contextlib.redirect_stdout(sys.stderr):  # what the notebook displays; stdout carries the result
        started = time.perf_counter()
        floor.run_notebook(notebook, values)
        return time.perf_counter() - started


def main(notebook: str, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-notebook-") as output:
        env = {**os.environ, "ANALYSIS_OUTPUT_ROOT": output, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}
        subprocess.run([sys.executable, str(REPO / "bench" / "floor.py")], check=True, capture_output=True, env=env)
        seconds = [float(subprocess.run([sys.executable, __file__, "--child", notebook], check=True, env=env,
                                        capture_output=True, text=True).stdout) for _ in range(runs)]
    print(json.dumps({"notebook": notebook, "runs": seconds, "median": statistics.median(seconds)}))


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        print(one_run(sys.argv[2]))
    else:
        main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
