"""The build needs no network: it runs with every interface but loopback cut off."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from analysis import cache, config


def _can_cut_the_network() -> str | None:
    """None when an unprivileged network namespace can be made here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"network namespaces are not allowed here ({probe.stderr.strip()})"


@pytest.mark.skipif(_can_cut_the_network() is not None, reason=str(_can_cut_the_network()))
def test_build_runs_with_the_network_cut_off(project, tmp_path):
    environment = {**os.environ, config.ROOT_ENV: str(project), cache.CACHE_ENV: str(tmp_path / "cache")}
    # Loopback stays up (kernels could use it); everything else is gone, so any download would fail.
    command = f"ip link set lo up 2>/dev/null; exec {sys.executable} -m analysis build"
    result = subprocess.run(["unshare", "-rn", "sh", "-c", command], env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "reports" / "brief.pdf").exists()
    routes = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up; ip route show default"],
                            capture_output=True, text=True)
    assert routes.stdout.strip() == ""  # the namespace really had no route out
