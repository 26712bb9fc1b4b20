"""The notebooks as a small dependency graph: what each reads and writes.

Paths are relative to the output root (``processed/…``, ``reports/…``) or to the raw folder
(``raw/…``). A notebook runs after every notebook that writes something it reads, so notebooks whose
inputs are ready can run side by side. Each notebook receives only the run parameters it uses, so that
changing one parameter re-executes only the notebooks that depend on it (see ``analysis.cache``).

The declarations are enforced from outside the research code: a notebook opens with :func:`start`,
which watches, through Python's audit hooks, every file the notebook's process opens or renames into
place under the raw folder and the run's outputs. In a build (and under nbval) a file its stage does not
declare is refused; explored by hand, it is read or written with a warning. The cache keys a stage on its
declared reads, so an undeclared read could otherwise serve a stale result. The research modules
(loading, cleaning, comparing, drawing, writing) know nothing of this.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

from .. import config, schema


@dataclass(frozen=True)
class Stage:
    notebook: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    parameters: tuple[str, ...] = ()  # the run parameters it uses; papermill injects them and the run's name




def _raw_files() -> tuple[str, ...]:
    """The raw tables as data/raw/datapackage.json declares them (the one list of them), and the
    descriptor itself, whose checks cleaning applies. Without the descriptor there is nothing to declare;
    the raw-data check then stops the build and says why."""
    try:
        return (f"raw/{schema.DESCRIPTOR}", *(f"raw/{table.file}" for table in schema.tables().values()))
    except OSError:
        return ()


STAGES: tuple[Stage, ...] = (
    Stage(
        "01-clean-tables",
        reads=_raw_files(),
        writes=tuple(f"processed/{t}.csv" for t in ("sources", "reports", "claims", "stations", "station_sources",
                                                     "responses", "story_claims", "normalisations", "undated")),
    ),
    Stage(
        "02a-compare-counts",
        reads=("processed/sources.csv", "processed/reports.csv", "processed/claims.csv", "processed/stations.csv",
               "processed/station_sources.csv", "processed/responses.csv"),
        writes=("processed/selection.csv", "processed/report_references.csv", "processed/headlines.csv",
                "processed/discrepancies.csv", "processed/report_coverage.csv", "processed/by_country.csv",
                "processed/consistency.csv", "processed/events.csv", "processed/responses_by_action.csv",
                "processed/governments_investigating.csv", "processed/report_comparison.csv"),
        parameters=("as_of", "claimants", "source_kinds", "headline_rule"),
    ),
    Stage(
        "02b-check-story",
        reads=("processed/sources.csv", "processed/reports.csv", "processed/claims.csv", "processed/story_claims.csv",
               "processed/report_references.csv"),
        writes=("processed/story_verdicts.csv",),
        parameters=("as_of",),
    ),
    Stage(
        "03a-draw-map",
        reads=("processed/stations.csv", "processed/responses.csv"),
        writes=("reports/figures/fig2-station-map",),
        parameters=("as_of",),
    ),
    Stage(
        "03b-draw-charts",
        reads=("processed/sources.csv", "processed/reports.csv", "processed/report_references.csv",
               "processed/discrepancies.csv", "processed/events.csv"),
        writes=("reports/figures/fig1-lead-chart",),
        parameters=("as_of",),
    ),
    Stage(
        "04-write-brief",
        # The brief's footer digests the raw files and every parameter (analysis.provenance).
        reads=(*_raw_files(), "processed/sources.csv", "processed/reports.csv", "processed/claims.csv", "processed/selection.csv",
               "processed/report_references.csv", "processed/report_comparison.csv", "processed/events.csv",
               "processed/responses_by_action.csv", "processed/governments_investigating.csv",
               "processed/story_verdicts.csv", "processed/discrepancies.csv", "processed/stations.csv",
               "reports/figures/fig2-station-map",
               "reports/figures/fig1-lead-chart"),
        writes=("reports/numbers.json", "reports/brief.pdf"),
        parameters=("as_of", "claimants", "source_kinds", "headline_rule"),
    ),
)


class UndeclaredAccess(RuntimeError):
    """A notebook read or wrote a file its stage does not declare."""


class UndeclaredAccessWarning(UserWarning):
    """The same, in a notebook explored by hand: allowed, but the build would refuse it."""


_watched: Stage | None = None  # the stage whose notebook runs in this process, if any
_hook_installed = False


@contextlib.contextmanager
def running(notebook: str | None) -> Iterator[None]:
    """Watch ``notebook``'s declarations inside the block (None: watch nothing)."""
    global _watched
    saved = _watched
    _watch(stage(notebook) if notebook else None)
    try:
        yield
    finally:
        _watched = saved


def _watch(this: Stage | None) -> None:
    global _watched, _hook_installed
    _watched = this
    if this is not None and not _hook_installed:
        sys.addaudithook(_on_file_event)  # a hook cannot be removed; it does nothing while nothing is watched
        _hook_installed = True


def _on_file_event(event: str, args: tuple) -> None:
    if _watched is None or event not in ("open", "os.rename"):
        return
    if event == "open":
        path, mode, flags = args
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & (os.O_WRONLY | os.O_RDWR))
    else:
        path, writing = args[1], True  # a file renamed into place (written aside first) is written
    if isinstance(path, (str, os.PathLike)):
        declared = declared_path(Path(os.fsdecode(path)))
        if declared is not None:
            check_declared("writes" if writing else "reads", declared)


def declared_path(file: Path) -> str | None:
    """How a stage would declare ``file`` (``processed/claims.csv``), or None for a file no stage declares
    (outside the raw folder and the run's outputs, or a hidden file written aside before its rename)."""
    if file.name.startswith(".") or file.name.endswith(".ipynb"):
        return None
    file = Path(os.path.abspath(file))
    outputs = config.outputs()
    for folder, kind in ((config.inputs().raw, "raw"), (outputs.processed, "processed"),
                         (outputs.root / "reports" / "figures", "reports/figures"), (outputs.root / "reports", "reports")):
        if file.parent == folder:
            name = file.stem if kind == "reports/figures" else file.name
            return f"{kind}/{name}"
    return None


def check_declared(direction: str, path: str) -> None:
    """Refuse a read or write (``direction``: reads | writes) of ``path`` that the watched stage does not
    declare; a stage may read what it writes. Explored by hand (not in a build), warn instead."""
    if _watched is None:
        return
    allowed = _watched.writes if direction == "writes" else _watched.reads + _watched.writes
    if path in allowed:
        return
    verb = "writes" if direction == "writes" else "reads"
    message = (f"notebooks/{_watched.notebook}.ipynb {verb} {shown(path)}, which its stage does not declare; "
               f"add it to the stage's {verb} in src/analysis/workflow/pipeline.py (the cache and the run order "
               "depend on them)")
    if os.environ.get(config.BUILD_ENV):
        raise UndeclaredAccess(message)
    warnings.warn(message, UndeclaredAccessWarning, stacklevel=3)


def start(notebook: str, namespace: dict | None = None):
    """A notebook's opening call, ``pipeline.start("<notebook>", globals())``: its run parameters (the run
    name and the stage's own parameters, as its ``parameters`` cell or papermill set them), routed as
    :func:`analysis.params.for_notebook` says; its declarations watched from here on; and a table of
    what it reads and writes, shown. Returns the parameters. A stage without parameters still takes the
    run name, so ``-p name sept`` sends its outputs to that run's folder."""
    from .. import params as run_params

    this = stage(notebook)
    namespace = namespace or {}
    params = run_params.for_notebook({k: namespace[k] for k in ("name", *this.parameters) if k in namespace})
    missing_inputs(notebook, config.output_root())
    _watch(this)
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        display = print
    display(describe(notebook))
    return params


def declared_files(path: str, output_root: Path) -> list[Path]:
    """The files behind one declared path: raw under the project, the others under an output root."""
    kind, rest = path.split("/", 1)
    if kind == "raw":
        return [config.inputs().raw / rest]
    if kind == "processed":
        return [config.Outputs(output_root).processed / rest]
    if rest.startswith("figures/"):
        return [output_root / "reports" / f"{rest}.{suffix}" for suffix in config.FIGURE_SUFFIXES]
    return [output_root / "reports" / rest]


def missing_inputs(notebook: str, output_root: Path) -> None:
    """Refuse to start a notebook whose inputs an earlier notebook has not written yet, naming every
    notebook to run first (in order), not only the first one a load would meet."""
    this = stage(notebook)
    missing = [p for p in this.reads if not p.startswith("raw/")
               and not all(f.exists() for f in declared_files(p, output_root))]
    if missing:
        first = [n for n in execution_order() if n in {writer_of(p) for p in missing}]
        raise FileNotFoundError(
            f"notebooks/{notebook}.ipynb reads {', '.join(shown(p) for p in missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not in this run's folder ({config.show(output_root) or '.'}): "
            f"run {', then '.join(f'notebooks/{n}.ipynb' for n in first)} with the same parameters first, "
            "or the whole run with `make brief PARAMS=params/<file>.yaml`")


def shown(path: str) -> str:
    """A declared path as the project root sees it (``processed/claims.csv`` → ``data/processed/claims.csv``)."""
    kind, rest = path.split("/", 1)
    prefix = {"raw": "data/raw/", "processed": "data/processed/", "reports": "reports/"}[kind]
    return prefix + rest + ("." + "{" + ",".join(config.FIGURE_SUFFIXES) + "}" if "/figures/" in path else "")


def tables_read(notebook: str) -> list[str]:
    """The processed tables a notebook's stage declares it reads, by name (``claims``)."""
    return [path.split("/", 1)[1].removesuffix(".csv") for path in stage(notebook).reads if path.startswith("processed/")]


def writer_of(path: str) -> str:
    """The notebook that writes an output (``processed/claims.csv``)."""
    return next((s.notebook for s in STAGES if path in s.writes), "01-clean-tables")


def stage(notebook: str) -> Stage:
    return next(s for s in STAGES if s.notebook == notebook)


def describe(notebook: str):
    """A notebook's inputs and outputs, as paths relative to the project root, for its opening cell."""
    import pandas as pd

    this = stage(notebook)
    rows = [("reads", shown(p)) for p in this.reads] + [("writes", shown(p)) for p in this.writes]
    return pd.DataFrame(rows, columns=["direction", "path"])


def dependencies(stages: tuple[Stage, ...] = STAGES) -> dict[str, set[str]]:
    """Each notebook → the notebooks that write what it reads."""
    writer = {path: stage.notebook for stage in stages for path in stage.writes}
    return {stage.notebook: {writer[p] for p in stage.reads if p in writer} for stage in stages}


def execution_order(stages: tuple[Stage, ...] = STAGES) -> list[str]:
    """A deterministic topological order (ties broken by name)."""
    sorter = TopologicalSorter(dependencies(stages))
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order
