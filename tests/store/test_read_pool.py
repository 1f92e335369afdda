"""Read-only SQLite connections kept for the next call (store/db.py, issue 19).

A pooled connection must never show anything other than what a fresh one
would: later writes, a replaced file, another caller's trace callback.
"""

from __future__ import annotations

import os
import shutil

import pytest

from dashboard.store import bootstrap
from dashboard.store import db as db_module
from dashboard.store.db import connect, data_version, open_db, write

sqlite_only = pytest.mark.backends("sqlite")


@pytest.fixture(autouse=True)
def empty_pool():
    db_module.close_idle_connections()
    yield
    db_module.close_idle_connections()


@sqlite_only
def test_a_read_only_connection_is_used_again(db_path):
    with connect(db_path, readonly=True) as first:
        raw = first.raw
    with connect(db_path, readonly=True) as second:
        assert second.raw is raw
        assert second.readonly
        assert second.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@sqlite_only
def test_two_callers_at_once_never_share_a_connection(db_path):
    with connect(db_path, readonly=True) as a, connect(db_path, readonly=True) as b:
        assert a.raw is not b.raw


@sqlite_only
def test_a_writing_connection_is_never_kept(db_path):
    with connect(db_path) as writer:
        raw = writer.raw
    with connect(db_path, readonly=True) as reader:
        assert reader.raw is not raw
    assert db_module._read_pool.idle() == 1


def test_a_kept_connection_sees_writes_made_after_it_was_kept(db_path):
    with connect(db_path, readonly=True) as reader:
        before = data_version(reader)
    with connect(db_path) as writer, write(writer):
        writer.execute("UPDATE units SET name = name WHERE id = (SELECT min(id) FROM units)")
    with connect(db_path, readonly=True) as reader:
        assert data_version(reader) == before + 1


@sqlite_only
def test_a_connection_left_inside_a_transaction_is_not_kept(db_path):
    db = open_db(db_path, readonly=True)
    db.begin_read()
    db.close()
    assert db_module._read_pool.idle() == 0


@sqlite_only
def test_closing_twice_keeps_one_connection_once(db_path):
    db = open_db(db_path, readonly=True)
    db.close()
    db.close()
    assert db_module._read_pool.idle() == 1
    with connect(db_path, readonly=True) as a, connect(db_path, readonly=True) as b:
        assert a.raw is not b.raw


@sqlite_only
def test_a_callers_trace_callback_does_not_follow_the_connection(db_path):
    seen: list[str] = []
    with connect(db_path, readonly=True) as first:
        first.set_trace_callback(seen.append)
        data_version(first)
    count = len(seen)
    with connect(db_path, readonly=True) as second:
        data_version(second)
    assert count > 0 and len(seen) == count


@sqlite_only
def test_a_replaced_file_is_never_read_through_an_old_connection(db_path, tmp_path):
    other = tmp_path / "other.db"
    bootstrap.init(other)
    with connect(other) as db, write(db):
        db.execute("UPDATE units SET name = name WHERE id = (SELECT min(id) FROM units)")
    with connect(db_path, readonly=True) as reader:
        old_version = data_version(reader)
    with connect(other, readonly=True) as reader:
        new_version = data_version(reader)
    assert old_version != new_version
    # Another file takes the name (as a restore into a fresh file would): another inode.
    moved = tmp_path / "moved.db"
    shutil.copy(other, moved)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{db_path}{suffix}"):
            os.remove(f"{db_path}{suffix}")
    os.replace(moved, db_path)
    with connect(db_path, readonly=True) as reader:
        assert data_version(reader) == new_version


@sqlite_only
def test_the_pool_keeps_a_few_connections_in_all(tmp_path):
    files = []
    for i in range(db_module._ReadPool.SIZE + 4):
        path = tmp_path / f"db{i}.db"
        bootstrap.init(path)
        files.append(path)
    for path in files:
        with connect(path, readonly=True):
            pass
    assert db_module._read_pool.idle() == db_module._ReadPool.SIZE
    # The longest unused files' connections went first; the latest one's is kept.
    key = db_module._ReadPool.key(files[-1])
    assert db_module._read_pool.take(key) is not None
