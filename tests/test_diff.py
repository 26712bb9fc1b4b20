"""Which figures of the brief a change moved, old → new, with the claims and pages behind them."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.workflow import diff
from analysis.__main__ import main


def _build(root: Path, stations: float, claim_ids: list[str], counted: list[str]) -> Path:
    (root / "reports").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    numbers = {
        "reports": [{"report": {"author": "Safeguard Defenders", "name": "Patrol and Persuade", "date": "5 Dec 2022"},
                     "stations": {"value": stations, "display": f"{stations:,.0f}", "claim_ids": claim_ids,
                                  "source_ids": ["page-" + c for c in claim_ids]}}],
        "ledger": {"claims_counted": {"value": float(len(counted)), "display": str(len(counted)), "claim_ids": [],
                                      "source_ids": [], "basis": "data/processed/discrepancies.csv"}},
        "provenance": {"combined": "x"},
    }
    (root / "reports" / "numbers.json").write_text(json.dumps(numbers), encoding="utf-8")
    (root / "data" / "processed" / "discrepancies.csv").write_text("claim_id\n" + "\n".join(counted) + "\n")
    return root


def test_a_changed_figure_is_printed_old_to_new_with_what_moved_it(tmp_path):
    old = _build(tmp_path / "old", 100, ["c1"], ["c1", "c2"])
    new = _build(tmp_path / "new", 102, ["c1", "c9"], ["c1", "c2", "c9"])
    lines = diff.changes(old, new)
    assert "reports[Safeguard Defenders, Patrol and Persuade] › stations: 100 → 102" in lines
    assert "    claims added: c9" in lines and "    pages added: page-c9" in lines
    assert "    rows added to data/processed/discrepancies.csv: c9" in lines


def test_a_figure_with_the_same_value_on_other_claims_says_so(tmp_path):
    old = _build(tmp_path / "old", 100, ["c1"], ["c1"])
    new = _build(tmp_path / "new", 100, ["c1", "c9"], ["c1", "c9"])
    lines = diff.changes(old, new)
    assert "reports[Safeguard Defenders, Patrol and Persuade] › stations: 100, unchanged, on other evidence" in lines
    assert "    claims added: c9" in lines


def test_identical_builds_exit_zero_changed_ones_one_and_bad_names_two(tmp_path, capsys):
    old = _build(tmp_path / "old", 100, ["c1"], ["c1"])
    same = _build(tmp_path / "same", 100, ["c1"], ["c1"])
    new = _build(tmp_path / "new", 54, ["c1"], ["c1"])
    assert main(["diff", str(old), str(same)]) == 0
    assert main(["diff", str(old), str(new)]) == 1 and "100 → 54" in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "nothing-here"), str(new)]) == 2


def test_the_default_comparison_refuses_outputs_older_than_their_inputs(project, capsys):
    numbers = project / "reports" / "numbers.json"
    numbers.parent.mkdir(parents=True)
    numbers.write_text(json.dumps({"provenance": {"combined": "built-from-something-else"}}), encoding="utf-8")
    assert main(["diff"]) == 2 and "older than its inputs" in capsys.readouterr().err
