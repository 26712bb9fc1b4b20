"""The notebooks as a small dependency graph: what each reads and writes.

Paths are relative to the output root (``processed/…``, ``reports/…``) or to the raw folder
(``raw/…``). A notebook runs after every notebook that writes something it reads, so notebooks whose
inputs are ready can run side by side. Each notebook receives only the run parameters it uses, so that
changing one parameter re-executes only the notebooks that depend on it (see ``analysis.cache``).

The declarations are enforced: a notebook opens with :func:`start`, and from then on the helpers that
load and save tables, figures and the brief refuse any file its stage does not declare. The cache keys
a stage on its declared reads, so an undeclared read could otherwise serve a stale result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

from .. import schema


@dataclass(frozen=True)
class Stage:
    notebook: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    parameters: tuple[str, ...] = ()  # the run parameters papermill injects; the others keep their defaults


FIGURE_SUFFIXES = ("svg", "png", "csv")  # a declared figure (reports/figures/<stem>) is these three files


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
        reads=("processed/stations.csv",),
        writes=("reports/figures/fig2-station-map",),
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
        reads=("processed/sources.csv", "processed/reports.csv", "processed/claims.csv", "processed/selection.csv",
               "processed/report_references.csv", "processed/report_comparison.csv", "processed/events.csv",
               "processed/responses_by_action.csv", "processed/governments_investigating.csv",
               "processed/story_verdicts.csv", "processed/discrepancies.csv", "processed/stations.csv",
               "reports/figures/fig2-station-map",
               "reports/figures/fig1-lead-chart"),
        writes=("reports/numbers.json", "reports/brief.pdf"),
        parameters=("name", "as_of"),
    ),
)


class UndeclaredAccess(RuntimeError):
    """A notebook read or wrote a file its stage does not declare."""


_running: Stage | None = None  # the stage whose notebook is running in this process, if any


@contextlib.contextmanager
def running(notebook: str | None) -> Iterator[None]:
    """Enforce ``notebook``'s declarations inside the block (None: enforce nothing)."""
    global _running
    saved, _running = _running, (stage(notebook) if notebook else None)
    try:
        yield
    finally:
        _running = saved


def check_declared(direction: str, path: str) -> None:
    """Refuse a read or write (``direction``: reads | writes) of ``path`` that the running stage does
    not declare; a stage may read what it writes. Outside a notebook nothing is enforced."""
    if _running is None:
        return
    allowed = _running.writes if direction == "writes" else _running.reads + _running.writes
    if path not in allowed:
        verb = "writes" if direction == "writes" else "reads"
        raise UndeclaredAccess(
            f"notebooks/{_running.notebook}.ipynb {verb} {shown(path)}, which its stage does not declare; "
            f"add it to the stage's {verb} in src/analysis/workflow/pipeline.py (the cache and the run order depend on them)")


def start(notebook: str, namespace: dict | None = None):
    """A notebook's opening call, ``pipeline.start("<notebook>", globals())``: its run parameters (the run
    name and the stage's own parameters, taken from ``namespace``, where the ``parameters`` cell or
    papermill put them; the others at their defaults), checked and routed as
    :func:`analysis.params.for_notebook` says; its declarations enforced from here on; and a table of
    what it reads and writes, shown. Returns the parameters. A stage without parameters still takes the
    run name, so ``-p name sept`` sends its outputs to that run's folder."""
    global _running
    from .. import config, params as run_params

    this = stage(notebook)
    default_file = config.inputs().default_params
    values = run_params.load(default_file, default_file).as_notebook_parameters()
    values.update({k: namespace[k] for k in ("name", *this.parameters) if namespace and k in namespace})
    params = run_params.for_notebook(values)
    missing_inputs(notebook, config.output_root())
    _running = this
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        display = print
    display(describe(notebook))
    return params


def declared_files(path: str, output_root: Path) -> list[Path]:
    """The files behind one declared path: raw under the project, the others under an output root."""
    from .. import config

    kind, rest = path.split("/", 1)
    if kind == "raw":
        return [config.inputs().raw / rest]
    if kind == "processed":
        return [config.Outputs(output_root).processed / rest]
    if rest.startswith("figures/"):
        return [output_root / "reports" / f"{rest}.{suffix}" for suffix in FIGURE_SUFFIXES]
    return [output_root / "reports" / rest]


def missing_inputs(notebook: str, output_root: Path) -> None:
    """Refuse to start a notebook whose inputs an earlier notebook has not written yet, naming every
    notebook to run first (in order), not only the first one a load would meet."""
    from .. import config

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
    return prefix + rest + ("." + "{" + ",".join(FIGURE_SUFFIXES) + "}" if "/figures/" in path else "")


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
