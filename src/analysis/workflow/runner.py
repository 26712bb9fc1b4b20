"""Run the notebooks with papermill into a staging folder, then promote the results.

Nothing a run writes lands in its destination until every notebook has succeeded: a failing cell, a
bad raw file or Ctrl-C leaves the previous outputs (notebooks included) exactly as they were. A build
killed while promoting is finished by the next build (a journal names what was being moved).

Notebooks whose inputs are ready run side by side (``jobs``, default 2: the machine's cores), and a
notebook whose key is in the cache (see :mod:`analysis.cache`) is restored rather than re-executed.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import json
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

from .. import config, params as params_module
from .. import provenance
from ..provenance import is_injected
from . import cache, pipeline, processed_descriptor

# Folders a run owns entirely: promotion makes them exactly what the run produced.
OWNED_DIRS = ("data/processed", "reports/figures")
STAGING_PARENT = ".build"
JOURNAL = "promoting.json"
DEFAULT_JOBS = 2

Log = Callable[..., None]


class NotebookFailed(RuntimeError):
    """A notebook raised; the executed copy is kept for inspection."""


class OutputsBlocked(RuntimeError):
    """The build cannot write its outputs where they go (a file where a folder must be, no permission);
    found before any notebook runs, or, if it arises while promoting, after every output is put back."""


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
        config.BUILD_ENV: "1",
        "PYTHONHASHSEED": "0",  # set iteration order cannot leak into outputs
        "SOURCE_DATE_EPOCH": "0",  # no clock in file metadata
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }


def _ipc_kernel_manager():
    """A kernel manager that talks to its kernel over IPC sockets rather than TCP on loopback.

    Each kernel gets its own socket folder: kernels running side by side must not share socket names.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(tempfile.mkdtemp(prefix="kernel-"), "ipc"))
            super().__init__(**kwargs)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart)
            shutil.rmtree(os.path.dirname(self.ip), ignore_errors=True)

    return IpcKernelManager


# Run in a reused kernel before each notebook: no variable, figure or shown-once warning carries over.
_RESET = """\
%reset -f
import sys as _sys, warnings as _warnings
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
getattr(_warnings, "_filters_mutated", lambda: None)()
del _sys, _warnings
"""


class WarmKernel:
    """One kernel kept alive for several notebooks, so pandas and matplotlib are imported once.

    Each notebook still starts from an empty namespace (``%reset -f``); nbval, which checks the stored
    notebooks, always uses a fresh kernel per notebook, so no notebook can rely on another's leftovers.
    """

    def __init__(self, cwd: Path, environment: dict[str, str]):
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = _ipc_kernel_manager()(kernel_name="python3")
        run_sync(self.km.start_kernel)(cwd=str(cwd), env={**os.environ, **environment})
        self.used = False

    def reset(self) -> None:
        if not self.used:
            self.used = True
            return
        self.run(_RESET)

    def run(self, code: str) -> None:
        """Run code outside any notebook (a reset, or imports ahead of the notebooks)."""
        client = self.km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(code, timeout=120, output_hook=lambda message: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kernel could not run {code.splitlines()[0]!r}: {reply['content']}")
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        self._run_sync(self.km.shutdown_kernel)(now=True)


# Imported by the spare kernels while the first notebook runs; the names are deleted again.
_PRELOAD = """\
import importlib as _importlib
for _module in ("pandas", "matplotlib.pyplot", "mpl_toolkits.basemap", "analysis.figures", "analysis.compare",
                "analysis.story", "analysis.brief"):
    _importlib.import_module(_module)
del _importlib, _module
"""


class KernelPool:
    """One warm kernel per worker, started when the first notebook has to be executed (a build served
    from the cache starts none). Every other notebook depends on the first one, so the other workers'
    kernels start in the background meanwhile and import the libraries the later notebooks use: those
    notebooks then wait neither for a kernel nor for imports."""

    def __init__(self, size: int, cwd: Path, environment: dict[str, str]):
        self._size, self._cwd, self._environment = size, cwd, environment
        self._lock = threading.Lock()
        self._first = True
        self._spares: queue.Queue = queue.Queue()
        self._starting: list[threading.Thread] = []
        self._closed = False
        self.started: list[WarmKernel] = []

    def take(self) -> WarmKernel:
        """A kernel for a worker: the first is started now; later ones are the spares, once ready."""
        with self._lock:
            if self._first:
                self._first = False
                for _ in range(self._size - 1):
                    self._starting.append(threading.Thread(target=self._start_spare, daemon=True))
                    self._starting[-1].start()
                self.started.append(WarmKernel(self._cwd, self._environment))
                return self.started[-1]
        spare = self._spares.get()
        if isinstance(spare, BaseException):
            raise spare
        return spare

    def _start_spare(self) -> None:
        try:
            kernel = WarmKernel(self._cwd, self._environment)
            with self._lock:
                self.started.append(kernel)
            kernel.run(_PRELOAD)
            kernel.used = True  # so the namespace is reset before its first notebook too
            self._spares.put(kernel)
        except BaseException as error:  # handed to the worker that waits for this kernel
            self._spares.put(error)

    def shutdown(self, wait: bool = True) -> None:
        """Shut every started kernel down; after an interruption (``wait=False``) without waiting for spares
        still starting: a kernel whose build has gone exits on its own when it sees its parent gone. Only the
        first call does anything."""
        if self._closed:
            return
        self._closed = True
        if wait:
            for thread in self._starting:
                thread.join()
        with self._lock:
            started = list(self.started)
        for kernel in started:
            kernel.shutdown()


def stage_files(stage: pipeline.Stage, root: Path, paths: tuple[str, ...]) -> list[Path]:
    """The files behind a stage's declared reads or writes, under the project (raw) or an output root."""
    return [file for declared in paths for file in pipeline.declared_files(declared, root)]


def written_by(stage: pipeline.Stage, root: Path) -> list[Path]:
    outputs = config.Outputs(root)
    return [*stage_files(stage, root, stage.writes), outputs.notebooks / f"{stage.notebook}.ipynb"]


def _keep_failed(executed: Path) -> Path:
    failed = config.project_root() / STAGING_PARENT / "failed"
    failed.mkdir(parents=True, exist_ok=True)
    kept = failed / executed.name
    shutil.copyfile(executed, kept)
    return kept


def stage_parameters(stage: pipeline.Stage, params: params_module.Params) -> dict:
    """What papermill injects into a stage's notebook: the run's name and the parameters the stage uses."""
    values = params.as_notebook_parameters()
    return {key: values[key] for key in ("name", *stage.parameters)}


def show_parameters(executed: Path, parameters: dict) -> None:
    """Make a notebook restored from the cache show this run's parameters in its injected cell.

    The cache serves a stage whose parameters and inputs are this run's; only the run's name can differ,
    and it decides where outputs go, never what they hold."""
    if json.dumps(f"name = {json.dumps(parameters['name'])}")[1:-1] in executed.read_text(encoding="utf-8"):
        return  # served to a run of the same name (the usual case): nothing to show, nothing to import
    import nbformat
    from papermill.translators import translate_parameters

    notebook = nbformat.read(executed, as_version=4)
    injected = next((c for c in notebook.cells if is_injected(c)), None)
    source = translate_parameters("python3", "python", parameters, "Parameters")
    if injected is not None and injected.source != source:
        injected.source = source
        nbformat.write(notebook, executed)


def execute_notebook(name: str, parameters: dict, staging: Path, kernel: WarmKernel | None = None) -> None:
    """Execute one notebook into ``staging`` (in ``kernel`` if given) and normalise it."""
    import papermill

    from .notebooks import normalise_file

    import nbformat

    target = config.Outputs(staging).notebooks / f"{name}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    source_path = config.inputs().notebooks / f"{name}.ipynb"
    source = nbformat.read(source_path, as_version=4)
    # The stored notebook carries the last run's injected cell; a run that passes no parameters must not keep it.
    source.cells = [c for c in source.cells if not is_injected(c)]
    try:
        papermill.execute_notebook(
            source, target, parameters=parameters, kernel_name="python3",
            cwd=str(source_path.parent), progress_bar=False, log_output=False,
            request_save_on_cell_execute=False,  # written once at the end (or on failure), not after every cell
            **({"km": kernel.km} if kernel else {"kernel_manager_class": _ipc_kernel_manager()}),
        )
    except papermill.PapermillExecutionError as error:
        kept = _keep_failed(target)
        raise NotebookFailed(
            f"notebooks/{name}.ipynb: cell {error.exec_count}: {error.ename}: {error.evalue}\n"
            f"the executed notebook is kept in {config.show(kept)}; no output was changed"
        ) from None
    normalise_file(target, [staging, config.project_root(), Path(sys.prefix)])


def run_stage(stage: pipeline.Stage, params: params_module.Params, staging: Path, package: str,
              force: bool, kernel: Callable[[], WarmKernel] | None = None,
              finish: Callable[[Callable[[], None]], None] = lambda step: step()) -> str:
    """Restore the stage from the cache or execute it; return what was done.

    After execution, the cache entry is handed to ``finish`` (the build stores it beside the next notebooks:
    the notebooks that depend on this one need only its tables and figures). The executed notebooks are
    rendered as pages by the web edition (``make site``), not by the build."""
    notebook = config.inputs().notebooks / f"{stage.notebook}.ipynb"
    parameters = stage_parameters(stage, params)
    if "reports/numbers.json" in stage.writes:  # it records every input's digest: any input change reruns it
        package += provenance.compute(params)["combined"]
    used = {k: v for k, v in parameters.items() if k != "name"}  # the name routes outputs, it changes none
    key = cache.stage_key(notebook, used, stage_files(stage, staging, stage.reads), package)
    entry = None if force else cache.lookup(stage.notebook, key)
    if entry is not None:
        cache.restore(entry, staging)
        show_parameters(config.Outputs(staging).notebooks / f"{stage.notebook}.ipynb", parameters)
        return "from cache"
    warm = kernel() if kernel else None
    if warm:
        warm.reset()
    execute_notebook(stage.notebook, parameters, staging, warm)

    finish(lambda: cache.store(stage.notebook, key, staging, written_by(stage, staging)))
    return "executed"


def execute_stages(params: params_module.Params, staging: Path, log: Log = print, force: bool = False,
                   jobs: int = DEFAULT_JOBS, warm: bool = True) -> None:
    """Run every stage once its inputs are ready, up to ``jobs`` at a time, each worker in a warm kernel."""
    stages = {s.notebook: s for s in pipeline.STAGES}
    needs = pipeline.dependencies()
    order = pipeline.execution_order()
    package = cache.package_fingerprint()
    printing = threading.Lock()
    done: set[str] = set()
    running: dict = {}
    local = threading.local()
    kernels = KernelPool(max(1, jobs), config.inputs().notebooks, kernel_environment(staging))

    def kernel() -> WarmKernel:
        """This worker thread's kernel, taken from the pool on first use."""
        if not hasattr(local, "kernel"):
            local.kernel = kernels.take()
        return local.kernel

    # nbformat's default validator generates code again for each of nbconvert's dozen validations per
    # notebook (about a second a notebook); jsonschema validates the same schema without that step.
    # Cache entries are written by one more thread, beside the notebooks that follow.
    finishing, finished_later = ThreadPoolExecutor(max_workers=1), []

    def finish(step: Callable[[], None]) -> None:
        finished_later.append(finishing.submit(step))

    # Not a context manager: leaving one waits for every worker, which an interrupted build must not do.
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    with _environment(**kernel_environment(staging), NBFORMAT_VALIDATOR="jsonschema"):
        try:
            while len(done) < len(order):
                for name in order:
                    if name not in done and name not in running.values() and needs[name] <= done:
                        started = time.perf_counter()
                        future = pool.submit(run_stage, stages[name], params, staging, package, force,
                                             kernel if warm else None, finish)
                        future.started = started
                        running[future] = name
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    name = running.pop(future)
                    how = future.result()  # re-raises a notebook's failure
                    done.add(name)
                    with printing:
                        log(f"[{len(done)}/{len(order)}] {name}: {how} in {time.perf_counter() - future.started:.1f} s")
            for later in finished_later:
                later.result()  # re-raises a failed cache store
            pool.shutdown(wait=True)
        except BaseException as error:
            # Interrupted (Ctrl-C, SIGTERM): wait neither for running notebooks nor for kernels still starting.
            interrupted = isinstance(error, KeyboardInterrupt)
            pool.shutdown(wait=not interrupted, cancel_futures=True)
            kernels.shutdown(wait=not interrupted)
            raise
        finally:
            finishing.shutdown(wait=True, cancel_futures=True)
            kernels.shutdown()
    # After every stage, so it lists every processed table; data/processed is owned by the build, so the
    # descriptor is written here rather than by hand.
    processed_descriptor.write(config.Outputs(staging).processed)


def _journal_path() -> Path:
    return config.project_root() / STAGING_PARENT / JOURNAL


def output_paths(destination: Path) -> list[Path]:
    """Every file a build writes under ``destination``, and the folders it owns."""
    paths = [destination / folder for folder in OWNED_DIRS]
    for stage in pipeline.STAGES:
        paths += written_by(stage, destination)
    return paths


def _blocked(path: Path, is_folder: bool) -> tuple[Path, str] | None:
    """What stops ``path`` (a file, or a folder if ``is_folder``) from being written, and why; None if nothing."""
    for here in [*reversed(path.parents), path]:
        if not here.exists():
            break
        if here != path and not here.is_dir():
            return here, "is a file, where a folder must be"
        if here == path and here.is_dir() != is_folder:
            return here, f"is a {'file' if is_folder else 'folder'}, where the build writes a {'folder' if is_folder else 'file'}"
    folder = next(p for p in path.parents if p.exists())
    if not os.access(folder, os.W_OK | os.X_OK):
        return folder, "cannot be written to (permission denied)"
    return None


def check_outputs(destination: Path) -> None:
    """Refuse, before any notebook runs, a destination where some output could not be written: one line per
    obstacle, with one of the outputs it blocks and how many."""
    owned = {destination / folder for folder in OWNED_DIRS}
    blocked: dict[tuple[Path, str], list[Path]] = {}
    for path in output_paths(destination):
        found = _blocked(path, path in owned)
        if found:
            blocked.setdefault(found, []).append(path)
    if blocked:
        lines = [f"{config.show(where) or where} {why} (it would hold {config.show(paths[0])}"
                 + (f" and {len(paths) - 1} other outputs)" if len(paths) > 1 else ")")
                 for (where, why), paths in blocked.items()]
        raise OutputsBlocked("\n".join(lines) + "\nno notebook was run and no output was changed")


def _prepare(destination: Path, produced: list[str]) -> None:
    """Make every folder the promotion moves files into: if one cannot be made, nothing has moved yet."""
    for relative in produced:
        target = (destination / relative).parent
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputsBlocked(f"cannot make the folder {config.show(target)} ({error.strerror}); "
                                 "no output was changed") from None


def _promote(staging: Path, destination: Path) -> None:
    """Move every staged output into place, all or nothing, under a journal.

    Files it replaces or removes are first moved aside into the staging folder (``.previous``). If a move
    fails, everything moved is put back and the error says so. The journal lists every file the run produced
    before anything moves: a build killed half-way through promoting is completed by
    :func:`resume_promotion` at the start of the next build.
    """
    produced = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    _prepare(destination, produced)
    journal = _journal_path()
    journal.parent.mkdir(parents=True, exist_ok=True)
    record = {"state": "promoting", "pid": os.getpid(), "staging": str(staging), "destination": str(destination),
              "files": produced}
    journal.write_text(json.dumps(record))
    try:
        _move_all(staging, destination, produced)
    except OSError as error:
        try:
            _put_back(staging, destination, produced)
        except OSError:
            journal.write_text(json.dumps({**record, "state": "failed", "error": str(error)}))
            raise OutputsBlocked(f"promotion failed ({error}) and could not be undone; the next build replaces "
                                 "the outputs it left") from None
        journal.unlink()
        raise OutputsBlocked(f"promotion failed ({error}); every output was put back as it was") from None
    journal.unlink()


def _aside(staging: Path) -> Path:
    return staging / ".previous"


def _move_all(staging: Path, destination: Path, produced: list[str]) -> None:
    aside = _aside(staging)
    for relative in OWNED_DIRS:
        target = destination / relative
        if target.is_dir():
            keep = {p for p in produced if p.startswith(relative + "/")}
            for old in target.iterdir():
                if old.is_file() and f"{relative}/{old.name}" not in keep and old.name != ".gitkeep":
                    _move(old, aside / relative / old.name)
    for relative in produced:
        source = staging / relative
        if source.exists():  # already moved by an interrupted promotion
            target = destination / relative
            if target.exists() and not (aside / relative).exists():
                _move(target, aside / relative)
            os.replace(source, target)


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _put_back(staging: Path, destination: Path, produced: list[str]) -> None:
    """Undo a promotion that failed part-way: the run's files back to staging, the previous ones back in place."""
    for relative in produced:
        if not (staging / relative).exists() and (destination / relative).exists():
            _move(destination / relative, staging / relative)
    aside = _aside(staging)
    for old in sorted(p for p in aside.rglob("*") if p.is_file()):
        _move(old, destination / old.relative_to(aside))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def resume_promotion(log: Log = print) -> None:
    """Finish a promotion that a killed build left half done (its staging folder holds the rest); after a
    promotion that failed and could not be undone, say so (this build replaces what it left)."""
    journal = _journal_path()
    if not journal.exists():
        return
    record = json.loads(journal.read_text())
    if record.get("pid") not in (None, os.getpid()) and _alive(record["pid"]):
        return  # another build is promoting right now
    staging = Path(record["staging"])
    if record.get("state") == "failed":
        log(f"the previous build failed while promoting ({record.get('error', 'no reason recorded')}) and could not "
            "undo it; this build replaces the outputs it left")
    elif staging.exists():
        log("finishing the promotion an interrupted build left half done …")
        _move_all(staging, Path(record["destination"]), record["files"])
    shutil.rmtree(staging, ignore_errors=True)
    journal.unlink()


def remove_abandoned_staging(log: Log = print) -> None:
    """Staging folders of builds that were killed (SIGKILL, a power cut) before they could remove them.
    A folder is named after its build's process; a live build's folder is left alone."""
    journal = _journal_path()
    kept = json.loads(journal.read_text())["staging"] if journal.exists() else None
    for folder in sorted((config.project_root() / STAGING_PARENT).glob("staging-*")):
        pid = folder.name.split("-")[-2]
        if str(folder) != kept and (not pid.isdigit() or not _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            log(f"removed {config.show(folder)}, left by a build that was killed")


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a CI timeout) ends the build like Ctrl-C: staging is removed, outputs untouched."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def warn_about_manifest(log: Log = print) -> list[str]:
    """Name each raw file that differs from ``SHA256SUMS``: a warning here (adding a source edits raw
    files before ``make manifest``), an error in ``verify``."""
    from . import manifest

    differences = manifest.compare() if manifest.manifest_path().exists() else []
    for line in differences:
        log(f"warning: {line} (run `make manifest` after a deliberate edit)")
    return differences


def check_raw(raw_dir: Path, log: Log = print) -> None:
    """Validate the raw data, skipping the work when the same files and code passed before."""
    if raw_dir == config.inputs().raw:
        warn_about_manifest(log)
    digest = hashlib.sha256(cache.package_fingerprint().encode())
    from ..schema import descriptor_path  # the declaration the check applies is part of what passed

    for path in [*sorted(raw_dir.glob("*.csv")), descriptor_path()]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    stamp = cache.cache_dir() / "checked" / digest.hexdigest()
    if stamp.exists():
        log(f"raw data in {config.show(raw_dir)} unchanged since it last passed the check")
        return
    from ..raw import load_raw  # pandas: imported only when the check has to run

    log(f"checking raw data in {config.show(raw_dir)} …")
    load_raw(raw_dir)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def warn_beyond_evidence(params: params_module.Params, raw_dir: Path, log: Log = print) -> None:
    """A data date after the newest dated page asks about a time the evidence does not reach."""
    import csv

    from ..dates import is_after, newest_date

    with (raw_dir / "sources.csv").open(encoding="utf-8-sig", newline="") as stream:
        newest = newest_date(row.get("published", "").strip() for row in csv.DictReader(stream))
    if is_after(params.as_of, newest):
        log(f"warning: as_of {params.as_of} is after the newest dated page ({newest}): the brief will say that "
            "the evidence stops there")


def build(params_file: Path | None = None, destination: Path | None = None, log: Log = print,
          force: bool = False, jobs: int = DEFAULT_JOBS) -> Path:
    """Check the raw data, run every notebook, and promote the outputs; return where they went."""
    inputs = config.inputs()
    params_file = Path(params_file) if params_file else inputs.default_params
    params = params_module.load(params_file, inputs.default_params)
    parent = config.project_root() / STAGING_PARENT
    parent.mkdir(exist_ok=True)
    resume_promotion(log)
    remove_abandoned_staging(log)
    check_raw(inputs.raw, log)
    warn_beyond_evidence(params, inputs.raw, log)
    destination = Path(destination) if destination else config.run_output_root(params.name)
    check_outputs(destination)
    with _terminate_as_interrupt():
        staging = Path(tempfile.mkdtemp(prefix=f"staging-{params.name}-{os.getpid()}-", dir=parent))
        try:
            execute_stages(params, staging, log, force, jobs)
            _promote(staging, destination)
        finally:
            if not _journal_path().exists():
                shutil.rmtree(staging, ignore_errors=True)
    log(f"outputs of run '{params.name}' are in {config.show(destination) or '.'}")
    return destination


# What `make verify` compares between a fresh build and the committed outputs.
VERIFIED_PATTERNS = (
    "notebooks/*.ipynb", "data/processed/*", "reports/figures/*", "reports/numbers.json", "reports/brief.pdf",
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


OFFLINE_ENV = "ANALYSIS_OFFLINE"


def network_cut_available() -> bool:
    """Can an unprivileged network namespace be made here (``unshare -rn``)?"""
    import subprocess

    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


def offline_command(command: list[str]) -> list[str]:
    """``command`` in a new network namespace with only loopback up (kernels talk to their client over
    loopback); the shell refuses to start it if any route out remains."""
    script = ('ip link set lo up 2>/dev/null; if ip route show default 2>/dev/null | grep -q .; then '
              'echo "the network namespace still has a route out" >&2; exit 3; fi; exec "$0" "$@"')
    return ["unshare", "-rn", "sh", "-c", script, *command]


def verify(log: Log = print) -> list[str]:
    """Rebuild the default run from raw data, with an empty cache, into a temporary root; compare byte for byte."""
    with tempfile.TemporaryDirectory(prefix="verify-") as temporary:
        rebuilt = Path(temporary) / "outputs"
        with _environment(**{cache.CACHE_ENV: str(Path(temporary) / "cache")}):
            build(None, destination=rebuilt, log=log)
        return compare_products(config.project_root(), rebuilt)
