"""The floor for the cold-build benchmark: one plain Python process, no kernels, no papermill.

Runs the code cells of every notebook, in the build's order, with the same parameters, in this one
process, so it imports the package and calls the same functions and writes the same tables, figures,
numbers.json and brief (it writes no executed notebooks or HTML: those need a kernel).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402

from analysis import config, params  # noqa: E402
from analysis.workflow import pipeline  # noqa: E402
from analysis.provenance import is_injected  # noqa: E402


def run_notebook(name: str, values: dict) -> None:
    """The code cells of one notebook, in this process, with the run's parameters in place of its defaults."""
    notebook = nbformat.read(config.inputs().notebooks / f"{name}.ipynb", as_version=4)
    namespace: dict = {"__name__": "__floor__"}
    for cell in notebook.cells:
        if cell.cell_type != "code" or is_injected(cell):
            continue
        exec(compile(cell.source, f"{name}.ipynb", "exec"), namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update({k: values[k] for k in pipeline.stage(name).parameters})
    plt.close("all")


def main(params_file: str | None = None) -> None:
    inputs = config.inputs()
    run = params.load(Path(params_file) if params_file else inputs.default_params, inputs.default_params)
    values = run.as_notebook_parameters()
    for name in pipeline.execution_order():
        run_notebook(name, values)


if __name__ == "__main__":
    main(*sys.argv[1:])
