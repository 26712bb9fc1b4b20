"""The build cache: keys follow content, not timestamps; only what changed is re-executed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from analysis import params, provenance
from analysis.workflow import cache, pipeline, runner


@pytest.fixture
def cached_project(project, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return project


def key(project: Path, parameters: dict, inputs: list[Path]) -> str:
    return cache.stage_key(project / "notebooks" / "01-clean-tables.ipynb", parameters, inputs, "package")


def test_key_follows_content_not_timestamps(cached_project):
    raw = cached_project / "data" / "raw" / "claims.csv"
    before = key(cached_project, {}, [raw])
    os.utime(raw, (1, 1))
    assert key(cached_project, {}, [raw]) == before
    raw.write_text(raw.read_text().replace("p1", "para 1", 1))
    assert key(cached_project, {}, [raw]) != before


def test_key_follows_parameters_and_package(cached_project):
    raw = [cached_project / "data" / "raw" / "claims.csv"]
    base = key(cached_project, {"as_of": "2022-09-30"}, raw)
    assert key(cached_project, {"as_of": "2022-12-31"}, raw) != base
    assert cache.stage_key(cached_project / "notebooks" / "01-clean-tables.ipynb", {"as_of": "2022-09-30"}, raw,
                           "other package") != base


def test_key_ignores_outputs_and_the_injected_cell_but_not_code(cached_project):
    path = cached_project / "notebooks" / "01-clean-tables.ipynb"
    before = provenance.notebook_fingerprint(path)
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    injected = nbformat.v4.new_code_cell("as_of = 'whatever'")
    injected.metadata["tags"] = ["injected-parameters"]
    notebook.cells.insert(2, injected)
    nbformat.write(notebook, path)
    assert provenance.notebook_fingerprint(path) == before
    notebook.cells[-1].source += "\n# edited"
    nbformat.write(notebook, path)
    assert provenance.notebook_fingerprint(path) != before


def fake_execution(monkeypatch) -> list[str]:
    """Replace kernels by a stand-in that writes each stage's outputs from its inputs and parameters."""
    executed = []

    def execute(name, parameters, staging, kernel=None):
        stage = pipeline.stage(name)
        content = json.dumps(parameters, sort_keys=True) + "".join(
            p.read_text(encoding="utf-8", errors="replace")[:200] for p in runner.stage_files(stage, staging, stage.reads))
        for path in runner.written_by(stage, staging):
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".ipynb":  # an executed notebook, with the parameters papermill injects
                injected = nbformat.v4.new_code_cell(f"# Parameters\nname = \"{parameters['name']}\"\n",
                                                     metadata={"tags": ["injected-parameters"]})
                nbformat.write(nbformat.v4.new_notebook(cells=[injected]), path)
            else:
                path.write_text(f"{name}:{hash(content)}")
        executed.append(name)

    monkeypatch.setattr(runner, "execute_notebook", execute)
    return executed


def run(staging: Path, **values) -> None:
    run_params = params.validate({"name": "default", "as_of": "2025-12-31", **values})
    runner.execute_stages(run_params, staging, log=lambda *a, **k: None, jobs=1, warm=False)


def test_a_rebuild_with_nothing_changed_executes_nothing(cached_project, tmp_path, monkeypatch):
    executed = fake_execution(monkeypatch)
    run(tmp_path / "first")
    assert sorted(executed) == sorted(s.notebook for s in pipeline.STAGES)
    executed.clear()
    run(tmp_path / "second")
    assert executed == []
    assert sorted(p.name for p in (tmp_path / "second" / "data" / "processed").iterdir()) == \
        sorted(p.name for p in (tmp_path / "first" / "data" / "processed").iterdir())


def test_changing_one_parameter_reruns_only_what_depends_on_it(cached_project, tmp_path, monkeypatch):
    executed = fake_execution(monkeypatch)
    run(tmp_path / "first")
    executed.clear()
    run(tmp_path / "second", headline_rule="max")
    assert "01-clean-tables" not in executed  # receives no parameter, reads only raw data
    assert "02a-compare-counts" in executed


def test_a_stage_served_from_the_cache_shows_this_runs_name(cached_project, tmp_path, monkeypatch):
    executed = fake_execution(monkeypatch)
    run(tmp_path / "first")
    executed.clear()
    run(tmp_path / "second", name="sept")
    # The name routes outputs and changes none, so every stage is served from the cache, but the brief's, whose
    # footer digests every parameter of its run.
    assert executed == ["04-write-brief"]
    for stage in pipeline.STAGES:
        notebook = nbformat.read(tmp_path / "second" / "notebooks" / f"{stage.notebook}.ipynb", as_version=4)
        assert 'name = "sept"' in notebook.cells[0].source, stage.notebook


def test_force_executes_everything(cached_project, tmp_path, monkeypatch):
    executed = fake_execution(monkeypatch)
    run(tmp_path / "first")
    executed.clear()
    runner.execute_stages(params.validate({"name": "default", "as_of": "2025-12-31"}), tmp_path / "again",
                         log=lambda *a, **k: None, force=True, jobs=2, warm=False)
    assert len(executed) == len(pipeline.STAGES)


def test_an_interrupted_promotion_is_finished_by_the_next_build(project):
    staging = project / ".build" / "staging-x"
    (staging / "reports").mkdir(parents=True)
    (staging / "reports" / "numbers.json").write_text("new")
    (project / "reports").mkdir()
    (project / "reports" / "brief.pdf").write_text("new, already moved")
    journal = project / ".build" / runner.JOURNAL
    journal.write_text(json.dumps({"staging": str(staging), "destination": str(project),
                                   "files": ["reports/brief.pdf", "reports/numbers.json"]}))
    runner.resume_promotion(log=lambda *a, **k: None)
    assert (project / "reports" / "numbers.json").read_text() == "new"
    assert (project / "reports" / "brief.pdf").read_text() == "new, already moved"
    assert not journal.exists() and not staging.exists()
