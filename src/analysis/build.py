"""Run the notebooks with papermill into a staging folder, then promote the results.

Nothing a run writes lands in its destination until every notebook has succeeded: a failing cell, a
bad raw file or Ctrl-C leaves the previous outputs (notebooks included) exactly as they were.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from . import config, params as params_module, pipeline
from .notebooks import normalise_file
from .raw import load_raw

# Folders a run owns entirely: promotion makes them exactly what the run produced.
OWNED_DIRS = ("data/processed", "reports/figures", "reports/notebooks")
OWNED_FILES = ("reports/numbers.json", "reports/brief.pdf")
STAGING_PARENT = ".build"


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the kernels papermill starts, and restore them afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def kernel_environment(staging: Path) -> dict[str, str]:
    """What every kernel of a run sees: where to write, and no hash seed or clock to leak into outputs."""
    return {
        config.OUTPUT_ROOT_ENV: str(staging),
        config.ROOT_ENV: str(config.project_root()),
        "PYTHONHASHSEED": "0",  # set iteration order cannot leak into outputs
        "SOURCE_DATE_EPOCH": "0",  # no clock in file metadata
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }


def _ipc_kernel_manager():
    """A kernel manager that talks to kernels over IPC sockets rather than TCP on loopback."""
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            super().__init__(**kwargs)

    return IpcKernelManager


class NotebookFailed(RuntimeError):
    """A notebook raised; the executed copy is kept for inspection."""


def execute_notebooks(params: params_module.Params, staging: Path, log=print) -> None:
    """Execute every notebook in dependency order, writing executed copies into ``staging/notebooks``."""
    import papermill

    source_dir = config.inputs().notebooks
    target_dir = config.Outputs(staging).notebooks
    target_dir.mkdir(parents=True, exist_ok=True)
    order = pipeline.execution_order()
    with _environment(**kernel_environment(staging)):
        for number, name in enumerate(order, start=1):
            started = time.perf_counter()
            log(f"[{number}/{len(order)}] {name} …", end="", flush=True)
            target = target_dir / f"{name}.ipynb"
            try:
                papermill.execute_notebook(
                    source_dir / f"{name}.ipynb",
                    target,
                    parameters=params.as_notebook_parameters(),
                    kernel_name="python3",
                    cwd=str(source_dir),
                    progress_bar=False,
                    log_output=False,
                    kernel_manager_class=_ipc_kernel_manager(),
                )
            except papermill.PapermillExecutionError as error:
                kept = _keep_failed(target)
                log(" failed")
                raise NotebookFailed(
                    f"notebooks/{name}.ipynb: cell {error.exec_count}: {error.ename}: {error.evalue}\n"
                    f"the executed notebook is kept in {config.show(kept)}; no output was changed"
                ) from None
            normalise_file(target, [staging, config.project_root(), Path(sys.prefix)])
            log(f" done in {time.perf_counter() - started:.1f} s")


def _keep_failed(executed: Path) -> Path:
    failed = config.project_root() / STAGING_PARENT / "failed"
    failed.mkdir(parents=True, exist_ok=True)
    kept = failed / executed.name
    shutil.copyfile(executed, kept)
    return kept


def _promote(staging: Path, destination: Path) -> None:
    """Move every staged output into place; each file replaced atomically."""
    for relative in OWNED_DIRS:
        source, target = staging / relative, destination / relative
        if target.exists():
            produced = {p.name for p in source.iterdir()} if source.exists() else set()
            for old in target.iterdir():
                if old.name not in produced and old.name != ".gitkeep":
                    old.unlink()
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            target = destination / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def build(params_file: Path | None = None, destination: Path | None = None, log=print) -> Path:
    """Check the raw data, run every notebook, and promote the outputs; return where they went."""
    inputs = config.inputs()
    params_file = Path(params_file) if params_file else inputs.default_params
    params = params_module.load(params_file, inputs.default_params)
    log(f"checking raw data in {config.show(inputs.raw)} …")
    load_raw(inputs.raw)
    destination = Path(destination) if destination else config.run_output_root(params.name)
    parent = config.project_root() / STAGING_PARENT
    parent.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"staging-{params.name}-", dir=parent))
    try:
        execute_notebooks(params, staging, log)
        _promote(staging, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"outputs of run '{params.name}' are in {config.show(destination) or '.'}")
    return destination


# What `make verify` compares between a fresh build and the committed outputs.
VERIFIED_PATTERNS = (
    "notebooks/*.ipynb", "data/processed/*", "reports/figures/*", "reports/numbers.json", "reports/brief.pdf",
    "reports/notebooks/*.html",
)


def _products(root: Path) -> set[str]:
    found = set()
    for pattern in VERIFIED_PATTERNS:
        found |= {p.relative_to(root).as_posix() for p in root.glob(pattern) if p.is_file() and p.name != ".gitkeep"}
    return found


def compare_products(committed_root: Path, rebuilt_root: Path) -> list[str]:
    """Every difference between two output trees, one line per file."""
    committed, rebuilt = _products(committed_root), _products(rebuilt_root)
    differences = [f"missing from the rebuild: {p}" for p in sorted(committed - rebuilt)]
    differences += [f"not committed but rebuilt: {p}" for p in sorted(rebuilt - committed)]
    differences += [
        f"differs: {p}" for p in sorted(committed & rebuilt)
        if not filecmp.cmp(committed_root / p, rebuilt_root / p, shallow=False)
    ]
    return differences


def verify(log=print) -> list[str]:
    """Rebuild the default run from raw data into a temporary root and compare byte for byte."""
    with tempfile.TemporaryDirectory(prefix="verify-") as temporary:
        rebuilt = Path(temporary)
        build(None, destination=rebuilt, log=log)
        return compare_products(config.project_root(), rebuilt)
