"""The notebook graph and the notebooks' shape."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis import config, params
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


def _parameters_cell(path: Path) -> dict:
    """The values a notebook's ``parameters`` cell assigns, by name."""
    cells = nbformat.read(path, as_version=4).cells
    cell = next(c for c in cells if "parameters" in c.metadata.get("tags", []))
    namespace: dict = {}
    exec(cell.source, namespace)  # noqa: S102 - the cell is plain assignments
    return {k: v for k, v in namespace.items() if not k.startswith("__")}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_its_title_its_parameters_and_one_start_call(path):
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert "parameters" in cells[1].metadata.get("tags", [])
    assert sorted(_parameters_cell(path)) == sorted({"name", *pipeline.stage(path.stem).parameters})
    starts = [c for c in cells if c.cell_type == "code" and "pipeline.start(" in c.source]
    assert len(starts) == 1 and f'pipeline.start("{path.stem}", globals())' in starts[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_defaults_are_those_of_the_default_parameter_file(path):
    default = params.load(REPO / "params" / "default.yaml", REPO / "params" / "default.yaml")
    expected = default.as_notebook_parameters()
    assert _parameters_cell(path) == {k: expected[k] for k in _parameters_cell(path)}


def test_a_notebook_default_that_differs_from_the_file_is_caught(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell(
        'name = "default"\nas_of = "2022-09-30"', metadata={"tags": ["parameters"]})])
    nbformat.write(notebook, tmp_path / "02b-check-story.ipynb")
    with pytest.raises(AssertionError):
        test_notebook_defaults_are_those_of_the_default_parameter_file(tmp_path / "02b-check-story.ipynb")


def _research_modules() -> list[Path]:
    package = REPO / "src" / "analysis"
    return sorted(p for p in package.rglob("*.py") if "workflow" not in p.relative_to(package).parts
                  and p.name != "__main__.py")


def _imports_workflow(source: str, module: Path) -> list[str]:
    """The import statements of ``source`` that reach the build machinery (``analysis.workflow``)."""
    import ast

    package = module.relative_to(REPO / "src").parts[:-1]  # ("analysis",) or ("analysis", "compare")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the module's own package
                base = ".".join([*package[:len(package) - node.level + 1], *([base] if base else [])])
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        else:
            continue
        if any(n == "analysis.workflow" or n.startswith("analysis.workflow.") for n in names):
            found.append(ast.get_source_segment(source, node))
    return found


@pytest.mark.parametrize("module", _research_modules(), ids=lambda p: p.stem)
def test_research_modules_import_nothing_from_the_build(module):
    assert _imports_workflow(module.read_text(encoding="utf-8"), module) == []


def test_the_import_check_sees_every_way_of_importing_the_build():
    module = REPO / "src" / "analysis" / "compare" / "claims.py"
    for line in ("from ..workflow import pipeline", "from ..workflow.pipeline import stage",
                 "import analysis.workflow.runner", "from analysis import workflow", "from .. import workflow"):
        assert _imports_workflow(line, module) == [line], line
    assert _imports_workflow("from .. import schema\nfrom . import selection\nfrom .workflow import x", module) == []


def _frame():
    from analysis import processed

    return processed.pd.DataFrame({"x": [1]})


def test_a_read_or_write_the_stage_does_not_declare_is_refused_in_a_build(project, monkeypatch):
    from analysis import processed

    monkeypatch.setenv(config.BUILD_ENV, "1")
    config.outputs().processed.mkdir(parents=True)
    (config.outputs().processed / "claims.csv").write_text("x\n1\n")  # there, but not this stage's to read
    with pipeline.running("03a-draw-map"):
        with pytest.raises(pipeline.UndeclaredAccess, match=r"03a-draw-map.ipynb reads data/processed/claims.csv"):
            processed.load("claims")
        with pytest.raises(pipeline.UndeclaredAccess, match=r"writes data/processed/events.csv"):
            processed.save("events", declared_row("events"))
    with pipeline.running("01-clean-tables"):
        processed.save("undated", declared_row("undated"))  # declared: allowed
        assert len(processed.load("undated")) == 1  # a stage may read what it writes


def test_undeclared_figures_raw_reads_and_brief_writes_are_refused_in_a_build(project, monkeypatch):
    import matplotlib.pyplot as plt

    from analysis import brief, files, raw, style

    monkeypatch.setenv(config.BUILD_ENV, "1")
    with pipeline.running("02b-check-story"):
        with pytest.raises(pipeline.UndeclaredAccess, match="reads data/raw/"):
            raw.load_raw()
        with pytest.raises(pipeline.UndeclaredAccess, match=r"writes reports/figures/fig2-station-map.\{svg,png,csv\}"):
            style.save_figure(plt.figure(), "fig2-station-map", _frame(), config.outputs().figures)
        with pytest.raises(pipeline.UndeclaredAccess, match="writes reports/numbers.json"):
            brief.save_numbers({})
        with pytest.raises(pipeline.UndeclaredAccess, match="writes reports/brief.pdf"):
            files.write_atomically(config.outputs().brief, b"%PDF")
    assert not config.outputs().numbers.exists() and not config.outputs().brief.exists()


def test_explored_by_hand_an_undeclared_read_works_and_warns(project, monkeypatch):
    from analysis import processed

    monkeypatch.delenv(config.BUILD_ENV, raising=False)
    with pipeline.running("01-clean-tables"):
        processed.save("undated", declared_row("undated"))
    with pipeline.running("03a-draw-map"):
        with pytest.warns(pipeline.UndeclaredAccessWarning, match="reads data/processed/undated.csv"):
            assert len(processed.load("undated")) == 1


def test_outside_a_notebook_nothing_is_watched(project, monkeypatch, recwarn):
    from analysis import processed

    monkeypatch.setenv(config.BUILD_ENV, "1")
    processed.save("undated", declared_row("undated"))
    assert len(processed.load("undated")) == 1 and not recwarn.list


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_number_is_typed_into_markdown(path):
    assert notebooks.markdown_digits(nbformat.read(path, as_version=4)) == []


def test_markdown_digit_check_flags_digits_but_not_headings():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · Title\n\nWe found 54 stations.")])
    assert notebooks.markdown_digits(notebook) == [(0, "We found 54 stations.")]


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
