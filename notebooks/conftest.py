"""nbval re-executes the stored notebooks in fresh kernels; make them write into a temporary root.

The temporary root starts as a copy of the committed outputs, so each notebook finds the inputs the
default run gave it and can be checked on its own; nothing under the repo is written.
"""

import os
import shutil
import tempfile
from pathlib import Path

from analysis import config
from analysis.workflow import runner

_COPIED = ("data/processed", "reports/figures")

def pytest_sessionstart(session):
    temporary = Path(tempfile.mkdtemp(prefix="nbval-root-"))
    session.config._nbval_root = temporary
    for relative in _COPIED:
        shutil.copytree(config.project_root() / relative, temporary / relative)
    os.environ.update(runner.kernel_environment(temporary))

def pytest_sessionfinish(session):
    shutil.rmtree(getattr(session.config, "_nbval_root", ""), ignore_errors=True)
