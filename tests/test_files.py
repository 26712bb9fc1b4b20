"""Objects derived from installed libraries, kept in the library cache."""

from __future__ import annotations

import sqlite3

import pytest

from analysis import files


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "library_cache_dir", lambda: tmp_path)
    return tmp_path


def test_a_library_database_is_built_once_per_key_and_opened_read_only(cache):
    builds = []

    def build(connection):
        builds.append(1)
        connection.execute("CREATE TABLE t (key TEXT PRIMARY KEY, value INTEGER)")
        connection.execute("INSERT INTO t VALUES ('a', 1)")

    first = files.library_database("names", "version 1", build)
    second = files.library_database("names", "version 1", build)
    assert second.execute("SELECT value FROM t WHERE key = 'a'").fetchone() == (1,)
    assert len(builds) == 1
    with pytest.raises(sqlite3.OperationalError):
        first.execute("INSERT INTO t VALUES ('b', 2)")
    files.library_database("names", "version 2", build)
    assert len(builds) == 2


def test_a_failed_build_leaves_no_database_behind(cache):
    def build(connection):
        connection.execute("CREATE TABLE t (x)")
        raise RuntimeError("library data unreadable")

    with pytest.raises(RuntimeError):
        files.library_database("names", "key", build)
    assert list(cache.iterdir()) == []


def test_an_unwritable_environment_gets_the_database_built_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(files, "library_cache_dir", lambda: blocked / "cache")  # cannot be created, even by root

    def build(connection):
        connection.execute("CREATE TABLE t (value INTEGER)")
        connection.execute("INSERT INTO t VALUES (7)")

    database = files.library_database("names", "key", build)
    assert database.execute("SELECT value FROM t").fetchone() == (7,)
