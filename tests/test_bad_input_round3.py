"""Bad input, round 3: loops between reports, unknown places, unreadable outputs, a half-promoted build,
a date beyond the evidence, messages that name the wrong thing, links a PDF viewer may not open, and a
hand run writing over a committed notebook. Each case was seen to fail before its fix."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config, params
from analysis.__main__ import main
from analysis.files import write_atomically
from analysis.workflow import pipeline, runner

from test_build import build_under_way, snapshot, tiny_notebooks
from test_check import problems, rewrite, set_cell

QUIET = dict(log=lambda *a, **k: None)


# 1. Loops between reports, and between revisions of a claim.

def test_two_reports_that_follow_each_other_are_refused_naming_the_loop(raw_dir):
    set_cell(raw_dir / "reports.csv", 2, "follows", "sd-2022-12")
    assert problems(raw_dir) == [
        "data/raw/reports.csv:2: column 'follows': expected no loop between reports, got one: "
        "'sd-2022-09' follows 'sd-2022-12', which follows 'sd-2022-09' (each would be earlier than the other)"]


def test_a_loop_through_supersedes_and_follows_together_is_refused(raw_dir):
    set_cell(raw_dir / "reports.csv", 2, "supersedes", "sd-2022-12")
    [problem] = problems(raw_dir)
    assert "'sd-2022-09' supersedes 'sd-2022-12', which follows 'sd-2022-09'" in problem


def test_claims_that_supersede_each_other_are_refused(raw_dir):
    set_cell(raw_dir / "claims.csv", 2, "supersedes", "c2")
    set_cell(raw_dir / "claims.csv", 3, "supersedes", "c1")
    [problem] = problems(raw_dir)
    assert problem.startswith("data/raw/claims.csv:2: column 'supersedes': expected no loop between claims")
    assert "'c1' supersedes 'c2', which supersedes 'c1'" in problem


# 2. A place nobody knows, in a row that claims a city.

def test_a_city_no_gazetteer_or_alias_knows_is_refused_when_the_row_claims_city_precision(raw_dir):
    set_cell(raw_dir / "stations.csv", 2, "city", "Atlantis")
    [problem] = problems(raw_dir)
    assert problem.startswith("data/raw/stations.csv:2: column 'city': expected a city the gazetteer or "
                              "src/analysis/reference/place_aliases.csv knows in UK")
    assert "got 'Atlantis'" in problem


def test_an_unknown_place_in_a_row_located_to_its_country_only_is_kept_as_written(raw_dir):
    set_cell(raw_dir / "stations.csv", 2, "city", "Atlantis")
    set_cell(raw_dir / "stations.csv", 2, "location_precision", "country")
    from analysis import raw

    raw.load_raw(raw_dir)  # no error: the row claims no more than its country


# 3. Outputs everyone may read, as a plain write would make them.

def test_an_atomically_written_file_gets_the_mode_of_a_plain_write(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    written = write_atomically(tmp_path / "atomic.txt", b"x")
    assert stat.S_IMODE(written.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


# 4. A build that cannot promote refuses before running anything; promotion is all or nothing.

def test_a_file_where_an_output_folder_must_be_is_refused_before_any_notebook_runs(project, capsys):
    tiny_notebooks(project)
    (project / "reports").write_text("not a folder")
    (project / "data" / "processed").mkdir(parents=True)
    assert main(["build"]) == 1
    err = capsys.readouterr()
    assert "reports is a file, where a folder must be (it would hold reports/figures and 8 other outputs)" in err.err
    assert "no notebook was run" in err.err and "[1/" not in err.out
    assert not (project / runner.STAGING_PARENT / runner.JOURNAL).exists()
    assert (project / "reports").read_text() == "not a folder"


def _staged(tmp_path: Path) -> tuple[Path, Path]:
    staging, destination = tmp_path / "staging", tmp_path / "out"
    for relative in ("data/processed/a.csv", "data/processed/b.csv", "reports/numbers.json"):
        for root, text in ((staging, "new"), (destination, "old")):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text)
    (destination / "data/processed/gone.csv").write_text("old, not produced by the new run")
    return staging, destination


def test_a_promotion_that_fails_half_way_puts_every_output_back(project, tmp_path, monkeypatch):
    staging, destination = _staged(tmp_path)
    before = snapshot(destination)
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if str(source).startswith(str(staging)) and Path(target).name == "numbers.json" and len(calls) < 10:
            raise PermissionError(13, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(runner.os, "replace", failing_replace)
    with pytest.raises(runner.OutputsBlocked, match="every output was put back as it was"):
        runner._promote(staging, destination)
    assert snapshot(destination) == before
    assert not (project / runner.STAGING_PARENT / runner.JOURNAL).exists()


def test_a_promotion_that_could_not_be_undone_is_not_mistaken_for_an_interrupted_one(project, tmp_path):
    staging = project / runner.STAGING_PARENT / "staging-x-1-abc"
    (staging / "reports").mkdir(parents=True)
    (staging / "reports" / "numbers.json").write_text("half of a failed run")
    journal = project / runner.STAGING_PARENT / runner.JOURNAL
    journal.write_text(json.dumps({"state": "failed", "error": "disk full", "staging": str(staging),
                                   "destination": str(project), "files": ["reports/numbers.json"]}))
    said = []
    runner.resume_promotion(log=said.append)
    assert said == ["the previous build failed while promoting (disk full) and could not undo it; this build "
                    "replaces the outputs it left"]
    assert not (project / "reports" / "numbers.json").exists()  # nothing of the failed run is moved in
    assert not journal.exists() and not staging.exists()


def test_staging_left_by_a_killed_build_is_removed_and_a_live_builds_is_kept(project):
    parent = project / runner.STAGING_PARENT
    dead, live = parent / "staging-default-999999999-abc", parent / f"staging-default-{os.getpid()}-def"
    for folder in (dead, live):
        folder.mkdir(parents=True)
    said = []
    runner.remove_abandoned_staging(log=said.append)
    assert not dead.exists() and live.exists()
    assert said == [f"removed .build/{dead.name}, left by a build that was killed"]


def test_a_terminated_build_leaves_outputs_and_no_staging(project, tmp_path):
    process, _ = build_under_way(project, tmp_path / "cache")
    before = snapshot(project)
    process.send_signal(signal.SIGTERM)
    output = process.communicate()[0]
    assert process.returncode == 130, output
    assert snapshot(project) == before
    assert not list((project / runner.STAGING_PARENT).glob("staging-*"))


# 5. A date after the newest dated page.

def test_a_date_beyond_the_evidence_is_warned_about(project):
    said = []
    runner.warn_beyond_evidence(params.validate({"name": "late", "as_of": "2099-01-01"}), config.inputs().raw,
                                log=said.append)
    [warning] = said
    assert warning.startswith("warning: as_of 2099-01-01 is after the newest dated page (2023-03-20)")
    said.clear()
    runner.warn_beyond_evidence(params.validate({"name": "sept", "as_of": "2023-03-20"}), config.inputs().raw,
                                log=said.append)
    assert said == []


def test_the_brief_says_how_far_the_evidence_reaches():
    import pandas as pd

    from analysis.brief import run_block

    sources = pd.DataFrame({"published": ["2022-09-12", "2026", "2026-05-14", ""]})
    late = run_block(params.validate({"name": "late", "as_of": "2099-01-01"}), sources)
    assert (late["beyond_evidence"], late["evidence_display"]) == (True, "14 May 2026")
    assert not run_block(params.validate({"name": "now", "as_of": "2026-05-14"}), sources)["beyond_evidence"]


# 6. Messages that say what is actually wrong.

def test_a_huge_cell_is_named_by_its_column(raw_dir):
    set_cell(raw_dir / "claims.csv", 2, "notes", "x" * 1_000_000)
    assert problems(raw_dir) == ["data/raw/claims.csv:2: column 'notes': expected at most 5,000 characters, got "
                                 "1,000,000 (a longer text belongs in the codebook or the search log)"]


@pytest.mark.parametrize("value", ["1e309", "inf", "NaN", "-inf"])
def test_infinite_or_undefined_numbers_are_called_so(raw_dir, value):
    set_cell(raw_dir / "claims.csv", 2, "value", value)
    assert problems(raw_dir) == [f"data/raw/claims.csv:2: column 'value': expected a finite number (a count, not "
                                 f"infinity or 'not a number'), got '{value}'"]


def test_a_day_that_does_not_exist_is_not_called_a_wrong_format(raw_dir):
    set_cell(raw_dir / "claims.csv", 2, "claimed_on", "2022-02-29")
    assert problems(raw_dir) == ["data/raw/claims.csv:2: column 'claimed_on': expected a date that exists in the "
                                 "calendar, got '2022-02-29'"]


# 7. Links every viewer opens.

def test_a_web_address_with_a_space_is_refused(raw_dir):
    set_cell(raw_dir / "sources.csv", 2, "url", "https://example.org/a b")
    [problem] = problems(raw_dir)
    assert "column 'url': expected a web address starting http:// or https://, with no spaces" in problem


def test_non_ascii_addresses_become_valid_uris():
    from analysis.clean import as_uri

    assert as_uri("https://bücher.example/ä?q=ü#teil") == "https://xn--bcher-kva.example/%C3%A4?q=%C3%BC#teil"
    assert as_uri("https://example.org/a%20b?x=1&y=2") == "https://example.org/a%20b?x=1&y=2"


# 8. A hand run never writes over a committed notebook, and a notebook names every notebook to run first.

def test_papermill_refuses_to_write_over_a_committed_notebook(project):
    notebook = project / "notebooks" / "02b-check-story.ipynb"
    before = notebook.read_bytes()
    environment = {**os.environ, config.ROOT_ENV: str(project)}
    environment.pop(config.OUTPUT_ROOT_ENV, None)
    result = subprocess.run([sys.executable, "-m", "papermill", "notebooks/02b-check-story.ipynb",
                             "notebooks/02b-check-story.ipynb", "-p", "name", "oct"],
                            cwd=project, env=environment, capture_output=True, text=True)
    assert result.returncode != 0
    assert "refusing to write the executed notebook over notebooks/02b-check-story.ipynb" in result.stderr
    assert notebook.read_bytes() == before


def test_a_notebook_names_every_notebook_to_run_first(project):
    with pytest.raises(FileNotFoundError) as caught:
        pipeline.missing_inputs("04-write-brief", project / "reports" / "runs" / "oct")
    assert ("run notebooks/01-clean-tables.ipynb, then notebooks/02a-compare-counts.ipynb, then "
            "notebooks/03a-draw-map.ipynb, then notebooks/02b-check-story.ipynb, then "
            "notebooks/03b-draw-charts.ipynb with the same parameters first") in str(caught.value)
    assert pipeline.execution_order().index("03a-draw-map") < pipeline.execution_order().index("02b-check-story")


def test_a_huge_cell_does_not_hide_the_other_problems(raw_dir):
    set_cell(raw_dir / "claims.csv", 2, "notes", "x" * 1_000_000)
    set_cell(raw_dir / "claims.csv", 3, "value", "NaN")
    found = problems(raw_dir)
    assert any("claims.csv:2: column 'notes': expected at most 5,000 characters" in p for p in found)
    assert any("claims.csv:3: column 'value': expected a finite number" in p for p in found)
