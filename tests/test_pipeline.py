"""The notebook graph and the notebooks' shape."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis.workflow import notebooks, pipeline

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def declared_row(name: str):
    """One row of a processed table with its declared columns: the key filled, every other cell empty (which
    fits any type), so that saving it tests access, not content."""
    from analysis import processed, schema

    table = schema.processed_tables()[name]
    return processed.pd.DataFrame({c: ["k1" if c == table.primary_key else ""] for c in table.column_names})


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
def test_notebook_opens_with_its_title_its_parameters_if_any_and_one_start_call(path):
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    stage = pipeline.stage(path.stem)
    parameter_cells = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    if stage.parameters:
        defined = [line.split("=")[0].strip() for line in parameter_cells[0].source.splitlines()]
        assert len(parameter_cells) == 1 and cells[1] is parameter_cells[0]
        assert sorted(defined) == sorted({"name", *stage.parameters})
    else:
        assert parameter_cells == []
    starts = [c for c in cells if c.cell_type == "code" and "pipeline.start(" in c.source]
    assert len(starts) == 1 and f'pipeline.start("{path.stem}", globals())' in starts[0].source


def test_a_read_or_write_the_stage_does_not_declare_is_refused(project):
    from analysis import processed

    frame = processed.pd.DataFrame({"x": [1]})
    with pipeline.running("03a-draw-map"):
        with pytest.raises(pipeline.UndeclaredAccess, match=r"03a-draw-map.ipynb reads data/processed/claims.csv"):
            processed.load("claims")
        with pytest.raises(pipeline.UndeclaredAccess, match=r"writes data/processed/events.csv"):
            processed.save("events", frame)
    with pipeline.running("01-clean-tables"):
        processed.save("undated", declared_row("undated"))  # declared: allowed
        assert len(processed.load("undated")) == 1  # a stage may read what it writes


def test_undeclared_figures_raw_reads_and_brief_writes_are_refused(project):
    from analysis import brief, raw, style

    with pipeline.running("02b-check-story"):
        with pytest.raises(pipeline.UndeclaredAccess, match="reads data/raw/sources.csv"):
            raw.load_raw()
        with pytest.raises(pipeline.UndeclaredAccess, match=r"writes reports/figures/fig2-station-map.\{svg,png,csv\}"):
            style.save_figure(None, "fig2-station-map", None, project)
        with pytest.raises(pipeline.UndeclaredAccess, match="writes reports/numbers.json"):
            brief.save_numbers({})
        with pytest.raises(pipeline.UndeclaredAccess, match="writes reports/brief.pdf"):
            brief.compile_brief()


def test_outside_a_notebook_nothing_is_enforced(project):
    from analysis import processed

    processed.save("events", declared_row("events"))
    assert len(processed.load("events")) == 1


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
