"""environment.yml (conda users) stays in step with pyproject.toml and uv.lock (the pip/uv install)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def pins(requirements: list[str]) -> dict[str, str]:
    found = {}
    for line in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line.strip())
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def project_pins() -> dict[str, str]:
    return pins(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"])


def test_every_direct_dependency_is_pinned_exactly():
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert len(project_pins()) == len(dependencies)


def test_environment_yml_mirrors_the_pins():
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    assert "python=3.11" in environment["dependencies"] and "pip" in environment["dependencies"]
    pip_list = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pins(pip_list) == project_pins()


def test_lock_matches_the_pins():
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    locked = {p["name"]: p["version"] for p in lock["package"] if "version" in p}
    assert {name: locked.get(name) for name in project_pins()} == project_pins()
    assert lock["requires-python"] == "==3.11.*"
