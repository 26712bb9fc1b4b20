"""The notebook graph and the notebooks' shape."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis import notebooks, pipeline

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_every_stage_has_a_notebook_and_every_notebook_a_stage():
    assert {p.stem for p in NOTEBOOKS} == {s.notebook for s in pipeline.STAGES}


def test_order_respects_every_dependency():
    order = pipeline.execution_order()
    for notebook, needs in pipeline.dependencies().items():
        assert all(order.index(n) < order.index(notebook) for n in needs), notebook


def test_independent_notebooks_do_not_depend_on_each_other():
    deps = pipeline.dependencies()
    assert "02b-check-story" not in deps["03a-draw-map"] and "03a-draw-map" not in deps["03b-draw-charts"]
    assert "03a-draw-map" not in deps["02b-check-story"]


def test_every_read_is_raw_or_written_by_an_earlier_stage():
    written = {p for s in pipeline.STAGES for p in s.writes}
    for stage in pipeline.STAGES:
        assert all(p.startswith("raw/") or p in written for p in stage.reads), stage.notebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_title_parameters_and_inputs(path):
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert "parameters" in cells[1].metadata.get("tags", [])
    code = [c for c in cells if c.cell_type == "code"]
    assert any(f'pipeline.describe("{path.stem}")' in c.source for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_number_is_typed_into_markdown(path):
    assert notebooks.markdown_digits(nbformat.read(path, as_version=4)) == []


def test_markdown_digit_check_flags_digits_but_not_headings():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · Title\n\nWe found 54 stations.")])
    assert notebooks.markdown_digits(notebook) == [(0, "We found 54 stations.")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_stay_short(path):
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert max(len(c.source.splitlines()) for c in code) <= 15


def test_normalise_strips_run_specific_content(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    notebook.metadata["papermill"] = {"start_time": "now"}
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    cell = notebook.cells[0]
    cell.metadata["execution"] = {"iopub.status.busy": "now"}
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr",
                                           text=f"{tmp_path}/data/x.csv\n/opt/venv/lib/python3.11/site-packages/pandas/io.py:1: Warning at 0x7f00deadbeef")]
    notebooks.normalise(notebook, [tmp_path])
    assert "papermill" not in notebook.metadata and notebook.metadata["language_info"] == {"name": "python"}
    assert cell.id == "cell-00" and "execution" not in cell.metadata
    assert cell.outputs[0]["text"] == "data/x.csv\n<site-packages>/pandas/io.py:1: Warning at 0x…"


def test_normalise_numbers_cells_as_a_fresh_kernel_would():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("1"),
                                               nbformat.v4.new_code_cell("2")])
    notebook.cells[1].execution_count, notebook.cells[2].execution_count = 17, 18
    notebook.cells[2].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=18)]
    notebooks.normalise(notebook, [])
    assert [c.get("execution_count") for c in notebook.cells[1:]] == [1, 2]
    assert notebook.cells[2].outputs[0]["execution_count"] == 2
