"""A database in trouble, for real: unwritable, full, or busy (issue 18, item 7).

- `unwritable(path, ...)`: the files or folders cannot be written by this
  process. A normal user gets `chmod a-w`; root ignores modes, so root gets
  the immutable attribute (`chattr +i`), which binds root too. Skips the test
  where neither works (root on a file system without the attribute).
- `small_pages(db_path)` then `full_disk(monkeypatch)`: the database is
  rewritten with 512-byte pages, packed; then no connection the store opens
  may grow the file (`PRAGMA max_page_count` at its size), so any new row of
  some length needs a page it cannot have: SQLite answers SQLITE_FULL, as on
  a full disk.
- `busy(db_path, monkeypatch)`: another connection holds the write lock and
  the store waits only 50 ms for it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.store import db as db_module


def _can_write(path: Path) -> bool:
    if path.is_dir():
        probe = path / ".probe"
        try:
            probe.write_text("x")
        except OSError:
            return False
        probe.unlink()
        return True
    try:
        with path.open("ab"):
            return True
    except OSError:
        return False


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    paths = tuple(Path(p) for p in paths)
    root = os.geteuid() == 0
    if root and shutil.which("chattr") is None:
        pytest.skip("root ignores file modes and chattr is not installed")
    modes = {p: p.stat().st_mode for p in paths}
    done: list[Path] = []
    try:
        for path in paths:
            if root:
                made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
                if made.returncode != 0:
                    pytest.skip(f"this file system has no immutable attribute ({path})")
            else:
                path.chmod(modes[path] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
            done.append(path)
        for path in paths:
            assert not _can_write(path), f"{path} is still writable"
        yield
    finally:
        for path in reversed(done):
            if root:
                subprocess.run(["chattr", "-i", str(path)], check=True)
            else:
                path.chmod(modes[path])


def _checkpointed(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def small_pages(db_path: Path) -> None:
    """Rewrite the database with 512-byte pages, packed, none free (before anyone opens it)."""
    _checkpointed(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA page_size = 512")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def full_disk(monkeypatch) -> None:
    """From now on no connection the store opens may grow its database file."""
    real = db_module._connect

    def capped(path, mode):
        conn = real(path, mode)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(db_module, "_connect", capped)


@contextmanager
def busy(db_path: Path, monkeypatch) -> Iterator[None]:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
