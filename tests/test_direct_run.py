"""A notebook run directly, outside the build, never writes over the committed default outputs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config, params
from analysis.errors import ParameterError

REPO = Path(__file__).resolve().parents[1]


def _digests(root: Path) -> dict[str, str]:
    files = [p for pattern in ("data/processed/*", "reports/**/*") for p in root.glob(pattern)
             if p.is_file() and "runs" not in p.parts]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout


def test_papermill_with_other_parameters_and_no_run_name_refuses_and_writes_nothing(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in (config.OUTPUT_ROOT_ENV, config.ROOT_ENV)}
    before, status = _digests(REPO), _git_status()
    result = subprocess.run(
        [sys.executable, "-m", "papermill", "notebooks/02a-compare-counts.ipynb", str(tmp_path / "out.ipynb"),
         "-p", "as_of", "2022-09-30"],
        cwd=REPO, env=environment, capture_output=True, text=True,
    )
    assert result.returncode != 0 and "reports/runs/<run>" in result.stdout + result.stderr
    assert _digests(REPO) == before and _git_status() == status


def test_a_named_run_outside_the_build_is_routed_to_its_own_folder(project, monkeypatch):
    monkeypatch.delenv(config.OUTPUT_ROOT_ENV, raising=False)
    values = {"name": "sept", "as_of": "2022-09-30", "claimants": "all", "source_kinds": "all",
              "headline_rule": "best-supported"}
    params.for_notebook(values)
    assert Path(os.environ[config.OUTPUT_ROOT_ENV]) == project / "reports" / "runs" / "sept"


def test_the_default_name_with_other_parameters_is_refused_and_the_defaults_pass(project, monkeypatch):
    monkeypatch.delenv(config.OUTPUT_ROOT_ENV, raising=False)
    default = params.load(config.inputs().default_params, config.inputs().default_params).as_notebook_parameters()
    assert params.for_notebook(default).name == "default" and config.OUTPUT_ROOT_ENV not in os.environ
    with pytest.raises(ParameterError, match="as_of differ from params/default.yaml"):
        params.for_notebook({**default, "as_of": "2022-09-30"})


def test_a_missing_input_says_which_notebook_to_run_first(project, monkeypatch):
    from analysis.workflow import pipeline

    with pytest.raises(FileNotFoundError, match="run notebooks/01-clean-tables.ipynb, then notebooks/02a-compare-counts.ipynb with the same parameters"):
        pipeline.missing_inputs("02b-check-story", project / "reports" / "runs" / "sept")
