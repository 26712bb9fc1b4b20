"""Files the package writes: whole or not at all, and objects derived from installed libraries, kept
beside them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path


def _read_umask() -> int:
    umask = os.umask(0o022)  # the only way to read it is to set it: done once, at import, before any thread
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def plain_file_mode() -> int:
    """The mode ``open(path, "w")`` would give a new file: 0o666 less the umask (0o644 as a rule).
    ``mkstemp`` makes its files 0o600, which would leave every output readable by its owner only."""
    return 0o666 & ~_UMASK


def write_atomically(target: Path, data: bytes) -> Path:
    """Write to a temporary file beside ``target``, then rename it into place, with a plain file's mode."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, plain_file_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def library_cache_dir() -> Path:
    """Where objects derived from an installed library's own data are kept: inside the environment that
    holds the library, so they live and die with it (like its bytecode) and survive an emptied build cache."""
    return Path(sys.prefix) / "var" / "cache" / "analysis"


def from_library(name: str, key: str, build: Callable[[], object]) -> object:
    """``build()``, pickled in the library cache under ``name`` and ``key`` (which must change whenever the
    result would: the library's version and the caller's code); rebuilt when the stored copy is missing or
    unreadable. Only for what a library derives from its own data, never for the project's inputs."""
    import pickle

    stored = library_cache_dir() / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"
    try:
        return pickle.loads(stored.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    result = build()
    try:
        write_atomically(stored, pickle.dumps(result, protocol=5))
    except OSError:
        pass  # a read-only environment only costs the rebuild next time
    return result


def library_database(name: str, key: str, build: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A read-only SQLite database that ``build(connection)`` fills, kept in the library cache under
    ``name`` and ``key`` like :func:`from_library`. For large lookup tables: opening it costs nothing and
    each look-up reads a few pages, where unpickling a dictionary reads the whole of it."""
    stored = library_cache_dir() / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite"
    if not stored.exists():
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=stored.parent, prefix=f".{stored.name}.", suffix=".tmp")
        except OSError:  # a read-only environment: built in memory, again in every process
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            build(connection)
            return connection
        os.close(handle)
        try:
            with closing(sqlite3.connect(temporary)) as connection:
                build(connection)
                connection.commit()
            os.chmod(temporary, plain_file_mode())
            os.replace(temporary, stored)
        finally:
            Path(temporary).unlink(missing_ok=True)
    return sqlite3.connect(f"{stored.as_uri()}?mode=ro", uri=True, check_same_thread=False)
