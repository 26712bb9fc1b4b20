"""The build needs no network: the completing build of the interruption test (``test_build``) runs with
every interface but loopback cut off; this module says how, and checks that the cut is real."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest


def _can_cut_the_network() -> str | None:
    """None when an unprivileged network namespace can be made here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"network namespaces are not allowed here ({probe.stderr.strip()})"


def offline_command(command: list[str]) -> list[str]:
    """``command`` in a new network namespace with only loopback up (kernels talk over loopback); the
    command unchanged where namespaces are not allowed (the test that needs the cut says so)."""
    if _can_cut_the_network() is not None:
        return command
    return ["unshare", "-rn", "sh", "-c", f"ip link set lo up 2>/dev/null; exec {shlex.join(command)}"]


@pytest.mark.skipif(_can_cut_the_network() is not None, reason=str(_can_cut_the_network()))
def test_the_cut_leaves_no_route_out():
    routes = subprocess.run(offline_command(["ip", "route", "show", "default"]), capture_output=True, text=True)
    assert routes.returncode == 0 and routes.stdout.strip() == ""
    addresses = subprocess.run(offline_command(["ip", "-o", "link"]), capture_output=True, text=True).stdout
    assert [line.split(":")[1].strip() for line in addresses.splitlines()] == ["lo"]
