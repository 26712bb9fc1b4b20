"""The build refuses bad input before running anything, and never leaves half-written outputs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import config
from analysis.workflow import runner
from analysis.__main__ import main

REPO = Path(__file__).resolve().parents[1]


def snapshot(root: Path) -> dict[str, str]:
    """Every file under the outputs a build may touch, with its checksum."""
    found = {}
    for folder in ("data/processed", "reports", "notebooks"):
        for path in sorted((root / folder).rglob("*")) if (root / folder).exists() else []:
            if path.is_file():
                found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def seed_outputs(project: Path) -> None:
    (project / "data" / "processed").mkdir(parents=True)
    (project / "data" / "processed" / "claims.csv").write_text("previous output\n")
    (project / "reports").mkdir()
    (project / "reports" / "numbers.json").write_text("{}\n")


def test_bad_parameter_is_refused_before_any_notebook_runs(project, capsys):
    seed_outputs(project)
    before = snapshot(project)
    bad = project / "params" / "bad.yaml"
    bad.write_text("name: bad\nas_of: 2022-13-01\n")
    assert main(["build", "--params", str(bad)]) == 2
    assert "parameter 'as_of': expected a real date as YYYY-MM-DD, got '2022-13-01'" in capsys.readouterr().err
    assert snapshot(project) == before


def test_bad_raw_file_stops_the_build_and_changes_nothing(project, capsys):
    seed_outputs(project)
    before = snapshot(project)
    claims = project / "data" / "raw" / "claims.csv"
    claims.write_text(claims.read_text().replace(",54,54,exact,", ",54,fifty-four,exact,", 1))
    assert main(["build"]) == 1
    assert "data/raw/claims.csv:2: column 'value': expected a non-negative number, got 'fifty-four'" in capsys.readouterr().err
    assert snapshot(project) == before


def test_a_failing_notebook_leaves_every_output_as_it_was(project):
    seed_outputs(project)
    path = project / "notebooks" / "01-clean-tables.ipynb"  # the first stage: the failure comes early
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(notebook, path)
    before = snapshot(project)
    with pytest.raises(runner.NotebookFailed, match="01-clean-tables.ipynb: .*RuntimeError: deliberate failure"):
        runner.build(log=lambda *a, **k: None)
    assert snapshot(project) == before
    assert not list((project / runner.STAGING_PARENT).glob("staging-*"))


def test_make_brief_end_to_end_refuses_a_bad_raw_file(project):
    """Through the user's own command: `make brief` exits non-zero, names the problem, writes nothing."""
    seed_outputs(project)
    before = snapshot(project)
    stations = project / "data" / "raw" / "stations.csv"
    stations.write_text(stations.read_text().replace("Portugal", "Atlantis"))
    environment = {**os.environ, config.ROOT_ENV: str(project)}
    result = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "brief"], env=environment,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "data/raw/stations.csv:3: column 'country': expected a country name, got 'Atlantis'" in result.stderr
    assert snapshot(project) == before


def test_other_runs_go_under_reports_runs(project):
    assert config.run_output_root("default") == project
    assert config.run_output_root("2022-09") == project / "reports" / "runs" / "2022-09"


def test_compare_products_names_each_differing_file(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root, text in ((a, "one"), (b, "two")):
        (root / "reports").mkdir(parents=True)
        (root / "reports" / "numbers.json").write_text(text)
    (a / "reports" / "brief.pdf").write_text("pdf")
    assert runner.compare_products(a, b) == ["missing from the rebuild: reports/brief.pdf", "differs: reports/numbers.json"]


def tiny_notebooks(project: Path) -> None:
    """Stand-ins for the six notebooks that only write the files their stage declares: the test exercises
    the build's staging and promotion, not the analysis, which the full offline rebuild of `make verify`
    covers."""
    from analysis.workflow import pipeline

    for stage in pipeline.STAGES:
        code = ("from analysis import config\nfrom analysis.workflow import pipeline, runner\n"
                f"stage = pipeline.stage({stage.notebook!r})\n"
                "for path in runner.stage_files(stage, config.output_root(), stage.writes):\n"
                "    path.parent.mkdir(parents=True, exist_ok=True)\n"
                "    path.write_text(stage.notebook)\n")
        parameters = nbformat.v4.new_code_cell("\n".join(f"{p} = None" for p in stage.parameters))
        parameters.metadata["tags"] = ["parameters"]
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {stage.notebook}"), parameters,
                                                   nbformat.v4.new_code_cell(code)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, project / "notebooks" / f"{stage.notebook}.ipynb")


def build_under_way(project: Path, cache: Path) -> tuple[subprocess.Popen, dict[str, str]]:
    """A build of the tiny notebooks in another process, returned once its first notebook is done and
    others are running; and the environment it runs in."""
    tiny_notebooks(project)
    seed_outputs(project)
    environment = {**os.environ, config.ROOT_ENV: str(project), "ANALYSIS_CACHE_DIR": str(cache)}
    process = subprocess.Popen([sys.executable, "-m", "analysis", "build"], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if line.startswith("[1/"):
            break
    return process, environment


def test_a_build_killed_mid_way_leaves_the_outputs_and_the_next_build_completes(project, tmp_path):
    import signal

    process, environment = build_under_way(project, tmp_path / "cache")
    before = snapshot(project)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(project) == before
    finished = subprocess.run([sys.executable, "-m", "analysis", "build", "--jobs", "1"], env=environment,
                              capture_output=True, text=True)  # one kernel is enough to finish
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert (project / "reports" / "brief.pdf").read_text() == "04-write-brief"
    assert not list((project / runner.STAGING_PARENT).glob("staging-*"))  # the killed build's is removed too
