"""Digests of the inputs: recomputable from a checkout, and moved by any change to an input."""

from __future__ import annotations

import json

from analysis import config, params
from analysis import provenance
from analysis.__main__ import main


def _default():
    inputs = config.inputs()
    return params.load(inputs.default_params, inputs.default_params)


def test_the_digests_are_stable_and_a_raw_byte_moves_them(project):
    first, again = provenance.compute(_default()), provenance.compute(_default())
    assert first == again and first["short"] == first["combined"][:12]
    claims = project / "data" / "raw" / "claims.csv"
    claims.write_bytes(claims.read_bytes().replace(b"p1", b"p2", 1))
    moved = provenance.compute(_default())
    assert moved["raw"]["claims.csv"] != first["raw"]["claims.csv"] and moved["combined"] != first["combined"]
    assert moved["notebooks"] == first["notebooks"] and moved["package"] == first["package"]


def test_the_command_says_whether_a_build_matches_the_inputs(project, capsys):
    numbers = project / "reports" / "numbers.json"
    numbers.parent.mkdir(parents=True)
    numbers.write_text(json.dumps({"provenance": provenance.compute(_default())}), encoding="utf-8")
    assert main(["provenance"]) == 0 and "was built from these inputs" in capsys.readouterr().out
    sources = project / "data" / "raw" / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["provenance"]) == 1 and "differ: raw" in capsys.readouterr().err


def test_the_committed_brief_names_its_inputs_in_every_footer(brief_pages):
    numbers = json.loads((config.project_root() / "reports" / "numbers.json").read_text(encoding="utf-8"))
    assert brief_pages and all(numbers["provenance"]["short"] in page for page in brief_pages)
