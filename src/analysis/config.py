"""Every path the project uses, built from two roots.

* The *project root* holds the inputs: ``data/raw``, ``params``, ``notebooks`` (the sources).
  ``ANALYSIS_ROOT`` points it elsewhere (tests build from a temporary copy).
* The *output root* receives what a run writes: ``data/processed``, ``reports``, executed notebooks.
  ``ANALYSIS_OUTPUT_ROOT`` points it elsewhere; the build sets it to a staging folder and nbval to a
  temporary folder, so neither ever writes over committed files while it runs.

Nothing else in the package builds a path by hand.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT_ENV = "ANALYSIS_ROOT"
OUTPUT_ROOT_ENV = "ANALYSIS_OUTPUT_ROOT"
# Set in the kernels of a build (and of nbval): the parameters were validated by the build, and a notebook
# that touches a file its stage does not declare fails instead of being warned.
BUILD_ENV = "ANALYSIS_BUILD"
FIGURE_SUFFIXES = ("svg", "png", "csv")  # a figure (reports/figures/<stem>) is saved as these three files

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def project_root() -> Path:
    return _resolved(os.environ.get(ROOT_ENV) or str(_PACKAGE_ROOT), os.getcwd())


def output_root() -> Path:
    return _resolved(os.environ.get(OUTPUT_ROOT_ENV) or str(project_root()), os.getcwd())


@lru_cache(maxsize=64)
def _resolved(path: str, cwd: str) -> Path:
    """Resolved once per (path, working directory), which makes a handful of roots per process: a country
    name resolved through the sources' languages asks for the project root (bench/results.md)."""
    return (Path(cwd) / path).resolve()


@dataclass(frozen=True)
class Inputs:
    """Read-only inputs under the project root."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def params(self) -> Path:
        return self.root / "params"

    @property
    def default_params(self) -> Path:
        return self.params / "default.yaml"

    def raw_file(self, name: str) -> Path:
        return self.raw / name


@dataclass(frozen=True)
class Outputs:
    """Everything one run writes, laid out identically under any output root."""

    root: Path

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def numbers(self) -> Path:
        return self.reports / "numbers.json"

    @property
    def brief(self) -> Path:
        return self.reports / "brief.pdf"

    def processed_file(self, name: str) -> Path:
        return self.processed / name

    def figure(self, stem: str, suffix: str) -> Path:
        return self.figures / f"{stem}.{suffix}"


def inputs() -> Inputs:
    return Inputs(project_root())


def outputs() -> Outputs:
    return Outputs(output_root())


def run_output_root(name: str) -> Path:
    """Where a named run's outputs are promoted: the project itself for ``default``."""
    root = project_root()
    return root if name == "default" else root / "reports" / "runs" / name


def show(path: Path) -> str:
    """A path as a reader should see it: relative to the output or project root, never absolute."""
    for base in (output_root(), project_root()):
        try:
            return Path(path).resolve().relative_to(base).as_posix()
        except ValueError:
            continue
    return Path(path).name
