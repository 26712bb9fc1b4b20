from __future__ import annotations

import json

import pytest

from analysis import params
from analysis.errors import ParameterError


def test_valid_parameters_are_normalised():
    p = params.validate({"name": "2022-09", "as_of": "2022-09-30", "claimants": ["rcmp", "fuzhou-psb", "fuzhou-psb"]})
    assert (p.name, p.as_of, p.claimants, p.source_kinds) == ("2022-09", "2022-09-30", ("fuzhou-psb", "rcmp"), "all")


@pytest.mark.parametrize("values,fragment", [
    ({"name": "x", "as_of": "2022-09-30", "colour": "red"}, "unknown parameter(s) colour"),
    ({"as_of": "2022-09-30"}, "parameter 'name' is missing"),
    ({"name": "Sept 2022", "as_of": "2022-09-30"}, "parameter 'name': expected lowercase letters"),
    ({"name": "x", "as_of": "30/09/2022"}, "parameter 'as_of': expected a real date as YYYY-MM-DD, got '30/09/2022'"),
    ({"name": "x", "as_of": "2022-02-30"}, "parameter 'as_of': expected a real date"),
    ({"name": "x", "as_of": "2022-09-30", "headline_rule": "median"}, "parameter 'headline_rule': expected one of"),
    ({"name": "x", "as_of": "2022-09-30", "source_kinds": ["tabloid"]}, "parameter 'source_kinds'"),
    ({"name": "x", "as_of": "2022-09-30", "claimants": []}, "parameter 'claimants'"),
    # an unknown claimant id is refused with the ledger's ids listed
    ({"name": "x", "as_of": "2022-09-30", "claimants": ["no-such-id"]}, "safeguard-defenders"),
    ({"name": "x", "as_of": "2022-09-30", "source_kinds": ["tabloid"]}, "ngo-report"),
])
def test_bad_values_are_refused_with_the_key(values, fragment):
    with pytest.raises(ParameterError) as caught:
        params.validate(values, "params/x.yaml")
    assert "params/x.yaml" in str(caught.value) and fragment in str(caught.value)


def test_default_name_is_reserved_for_the_default_file(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("name: default\nas_of: 2022-09-30\n")
    with pytest.raises(ParameterError, match="reserved 'default'"):
        params.load(other, tmp_path / "default.yaml")


def test_yaml_dates_are_accepted(tmp_path):
    file = tmp_path / "run.yaml"
    file.write_text("name: run\nas_of: 2022-09-30\n")
    assert params.load(file, tmp_path / "default.yaml").as_of == "2022-09-30"


def test_malformed_yaml_names_the_file(tmp_path):
    file = tmp_path / "broken.yaml"
    file.write_text("name: [unclosed\n")
    with pytest.raises(ParameterError, match="broken.yaml: expected a YAML mapping"):
        params.load(file, tmp_path / "default.yaml")


def test_committed_parameter_files_are_valid(project):
    default = project / "params" / "default.yaml"
    for file in sorted((project / "params").glob("*.yaml")):
        assert params.load(file, default).name == ("default" if file == default else file.stem)


def test_the_source_kinds_a_run_may_select_are_the_raw_declarations(project):
    """The vocabulary is the ``enum`` of ``kind`` in data/raw/datapackage.json, not a copy of it."""
    descriptor = project / "data" / "raw" / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    sources = next(r for r in package["resources"] if r["name"] == "sources")
    next(f for f in sources["schema"]["fields"] if f["name"] == "kind")["constraints"]["enum"].append("podcast")
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    chosen = params.validate({"name": "x", "as_of": "2022-09-30", "source_kinds": ["podcast", "news"]})
    assert chosen.source_kinds == ("news", "podcast")
