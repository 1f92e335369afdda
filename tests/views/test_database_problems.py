"""Pages when the database fails: one short Indonesian message, never a traceback or a path.

Issue 18, items 7 and 8. Before, a save on a read-only or full database, or
during a long write lock, ended on Streamlit's English error page; with the
database gone, the page showed its full path; nobody could sign in on a
read-only database because signing in always writes.
"""

from __future__ import annotations

import sqlite3

import pytest

from dashboard import words
from dashboard.store.db import DatabaseBusy, DatabaseFull, DatabaseReadOnly, DatabaseUnavailable
from dashboard.store.items import reads as item_reads
from dashboard.ui.text import md_escape
from tests.conftest import PASSWORD, app_as
from tests.faults import busy, full_disk, small_pages, unwritable
from tests.views.test_entry_page import fill

ENTRY = "views/entry.py"
LONG = "Catatan panjang tentang kegiatan. " * 50  # needs new pages on the capped database


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")


def every_text(at) -> str:
    """Everything the page shows, as one string (to look for what must not be there)."""
    found = []
    for kind in ("markdown", "text", "caption", "error", "warning", "info", "success", "title"):
        found += [str(e.value) for e in at.get(kind)]
    return "\n".join(found)


def items(db) -> int:
    return db.conn.execute("SELECT count(*) FROM items").fetchone()[0]


def save_one(at, note: str = "") -> None:
    fill(
        at,
        0,
        kind="berita_website",
        title="Berita hari ini",
        link="https://ntt.kemenag.go.id/kota-kupang/b/1",
        note=note,
    )
    at.button(key="entry_save").click().run()


def test_a_missing_database_names_no_path(db, db_path, accounts):
    at = app_as(db, "op.kupang")
    assert not at.exception
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [words.text(DatabaseUnavailable.CODE)]
    assert str(db_path.parent) not in every_text(at)


def test_a_read_only_database_still_signs_people_in_to_read(db, db_path, accounts):
    with unwritable(db_path):
        at = app_as(db, None)
        at.text_input[0].input("op.kupang")
        at.text_input[1].input(PASSWORD)
        at.button[0].click().run()
        assert not at.exception
        assert [t.value for t in at.title][0] == "Input Harian"
        assert not at.error
        save_one(at)
        assert not at.exception
        assert [e.value for e in at.error] == [md_escape(words.text(DatabaseReadOnly.CODE))]
        # What was typed stays, to be saved when the database takes writes again.
        assert at.text_input(key="entry_title_0").value == "Berita hari ini"
    assert items(db) == 0


def test_a_save_while_the_database_is_busy_says_so(db, db_path, accounts, monkeypatch):
    at = app_as(db, "op.kupang", page=ENTRY)
    with busy(db_path, monkeypatch):
        save_one(at)
    assert not at.exception
    assert [e.value for e in at.error] == [md_escape(words.text(DatabaseBusy.CODE))]
    assert items(db) == 0
    at.button(key="entry_save").click().run()  # once the lock is gone, the same save works
    assert items(db) == 1


@pytest.fixture
def packed(db_path):
    small_pages(db_path)  # before the test's own connection opens it


def test_a_save_on_a_full_disk_says_so(packed, db, accounts, monkeypatch):
    at = app_as(db, "op.kupang", page=ENTRY)
    full_disk(monkeypatch)
    save_one(at, note=LONG)
    assert not at.exception
    assert [e.value for e in at.error] == [md_escape(words.text(DatabaseFull.CODE))]
    assert items(db) == 0


def test_a_database_error_while_a_page_reads_is_the_short_message(db, accounts, monkeypatch):
    """A failure outside any transaction (here: the day's list) ends the page with the message."""

    def damaged(*_args, **_kwargs):
        error = sqlite3.DatabaseError("database disk image is malformed")
        error.sqlite_errorcode = 11  # SQLITE_CORRUPT, as SQLite sets it
        raise error

    monkeypatch.setattr(item_reads, "on_day", damaged)
    at = app_as(db, "op.kupang", page=ENTRY)
    assert not at.exception
    assert [e.value for e in at.error] == [words.text(DatabaseUnavailable.CODE)]
    assert "malformed" not in every_text(at)
