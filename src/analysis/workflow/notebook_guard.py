"""Papermill, run by hand, must not write an executed notebook over a committed one.

``papermill notebooks/02b-check-story.ipynb notebooks/02b-check-story.ipynb -p name oct`` would replace the
committed notebook (which nbval checks, and which the build writes) with another run's outputs, and papermill
writes its output before the first cell runs, so nothing inside the notebook can stop it. Papermill chooses a
reader and writer for each path by its prefix, among those that installed packages declare (entry points in
the ``papermill.io`` group); this package declares the prefixes of local paths (``pyproject.toml``) and
hands every read and write on to papermill's own local handler, refusing only a write over a notebook in the
project's ``notebooks/`` folder or over the notebook being read. The build writes into a staging folder and is
never refused.
"""

from __future__ import annotations

import os
from pathlib import Path


class OverwritesCommittedNotebook(PermissionError):
    """An executed notebook would replace a committed one."""


class CommittedNotebookGuard:
    def __init__(self) -> None:
        self._read: set[Path] = set()

    @staticmethod
    def _local():
        from papermill.iorw import papermill_io

        return papermill_io.get_handler("local")

    def _resolve(self, path: str) -> Path:
        cwd = getattr(self._local(), "_cwd", None) or os.getcwd()
        return (Path(cwd) / path).resolve()

    def read(self, path: str):
        self._read.add(self._resolve(path))
        return self._local().read(path)

    def write(self, buf: str, path: str):
        target = self._resolve(path)
        from .. import config

        committed = config.inputs().notebooks.resolve()
        if target in self._read or (target.parent == committed and target.suffix == ".ipynb"):
            raise OverwritesCommittedNotebook(
                f"refusing to write the executed notebook over {path}, {'the notebook being run' if target in self._read else 'a committed notebook'}: "
                "give papermill another output path, such as reports/runs/<name>/<notebook>.ipynb "
                "(the build, `make brief PARAMS=params/<file>.yaml`, writes a run's notebooks there itself)")
        return self._local().write(buf, path)

    def listdir(self, path: str):
        return self._local().listdir(path)

    def pretty_path(self, path: str):
        return self._local().pretty_path(path)


guard = CommittedNotebookGuard()
