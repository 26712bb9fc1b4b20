"""A content-addressed cache of executed notebooks and the files they wrote.

A notebook's key hashes everything that can change what it writes: its cell sources (not its outputs,
not the injected parameters cell), the run's parameters, the bytes of every file it reads, the package's
code and reference tables, and the lock file. Content hashes, never timestamps: touching a file changes
nothing, editing one byte of an input reruns exactly the notebooks that read it (and those downstream,
whose inputs then change). The cache lives in ``.build/cache`` (git-ignored); ``--force`` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from .. import config
from ..provenance import notebook_fingerprint

CACHE_ENV = "ANALYSIS_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole analysis package


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or config.project_root() / ".build" / "cache")


def _hash_file(digest, path: Path) -> None:
    digest.update(path.name.encode())
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)


def package_fingerprint() -> str:
    """Every file of the package (code, reference tables, templates) and the lock."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        _hash_file(digest, path)
    lock = config.project_root() / "uv.lock"
    if lock.exists():
        _hash_file(digest, lock)
    return digest.hexdigest()


def stage_key(notebook: Path, parameters: dict, inputs: list[Path], package: str) -> str:
    digest = hashlib.sha256()
    digest.update(notebook_fingerprint(notebook).encode())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    digest.update(package.encode())
    for path in inputs:
        _hash_file(digest, path)
    return digest.hexdigest()


def lookup(notebook: str, key: str) -> Path | None:
    entry = cache_dir() / notebook / key
    return entry if (entry / ".complete").exists() else None


def restore(entry: Path, root: Path) -> None:
    """Copy a cached notebook's outputs into an output root."""
    for path in sorted(entry.rglob("*")):
        if path.is_file() and path.name != ".complete":
            target = root / path.relative_to(entry)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def store(notebook: str, key: str, root: Path, files: list[Path]) -> None:
    """Keep a notebook's outputs under its key; written aside and renamed, so never half-stored."""
    final = cache_dir() / notebook / key
    if final.exists():
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=final.parent, prefix=".partial-"))
    for path in files:
        target = partial / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (partial / ".complete").write_text(key)
    try:
        os.rename(partial, final)
    except OSError:  # another build stored the same key first
        shutil.rmtree(partial, ignore_errors=True)
