"""The build needs no network: `make verify` (and so `make test` and CI) rebuilds the default run with
every interface but loopback cut off. This module checks that the cut is real and that verify asks for it."""

from __future__ import annotations

import subprocess

import pytest

from analysis.workflow import runner

CUT = runner.network_cut_available()


@pytest.mark.skipif(not CUT, reason="network namespaces are not allowed here")
def test_the_cut_leaves_only_loopback():
    links = subprocess.run(runner.offline_command(["ip", "-o", "link"]), capture_output=True, text=True)
    assert links.returncode == 0 and [line.split(":")[1].strip() for line in links.stdout.splitlines()] == ["lo"]
    routes = subprocess.run(runner.offline_command(["ip", "route", "show", "default"]), capture_output=True, text=True)
    assert routes.returncode == 0 and routes.stdout.strip() == ""


def test_make_test_runs_the_offline_rebuild_beside_pytest_and_nbval():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    commands = subprocess.run(["make", "--dry-run", "--no-print-directory", "test"], cwd=root, capture_output=True,
                              text=True, check=True).stdout  # what `make test` would run, recursive parts included
    assert "-m analysis verify --offline" in commands
    assert "-m pytest -n 2" in commands
    assert "-m pytest --nbval notebooks/" in commands
