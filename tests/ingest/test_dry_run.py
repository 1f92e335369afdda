"""An import's dry run (the preview) takes no write lock (issue 18, item 7).

Before, a dry run wrote every row inside BEGIN IMMEDIATE and rolled back:
three 50,000-row previews held the write lock 8-10 s each, the third failed
with "database is locked", and a sign-in waited. Now a dry run reads one
snapshot and remembers the batch's rows in memory.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest

from dashboard import auth, ingest
from dashboard.ingest import importer
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from tests.conftest import PASSWORD, principal, unit_id
from tests.ingest.conftest import fixture_bytes


def _template(rows: int, *, repeat_every: int = 0) -> bytes:
    lines = ["tanggal;jenis;judul;tautan;catatan"]
    for i in range(rows):
        n = i % repeat_every if repeat_every else i
        lines.append(f"2{i % 5}/11/2026;berita_website;Berita {n};https://a.kemenag.go.id/b/{n};")
    return ("\n".join(lines) + "\n").encode()


def _no_wait(db_path) -> sqlite3.Connection:
    """A connection that fails at once, instead of waiting, if anyone holds the write lock."""
    return sqlite3.connect(db_path, timeout=0, isolation_level=None)


def test_a_dry_run_leaves_the_write_lock_free_while_it_runs(db_path):
    parsed = ingest.parse(_template(2000), unit_tz="Asia/Makassar", name="x.csv")
    free: list[bool] = []

    def midway(done: int, total: int, _label: str) -> None:
        if 0 < done < total and not free:
            other = _no_wait(db_path)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("UPDATE counters SET value = value WHERE name = 'data_version'")
                other.execute("COMMIT")
                free.append(True)
            except sqlite3.OperationalError:
                free.append(False)
            finally:
                other.close()

    db = open_db(db_path)
    try:
        kupang = unit_id(db, "kankemenag-kota-kupang")
        result = importer.save(db, SYSTEM, kupang, parsed, dry_run=True, report=midway)
    finally:
        db.close()
    assert free == [True]
    assert len(result.batch.added) == 2000


def test_a_dry_run_says_what_the_commit_then_does(db):
    """Duplicates of earlier rows and of stored items, found without writing anything."""
    kupang = unit_id(db, "kankemenag-kota-kupang")
    stored = ingest.parse(_template(3), unit_tz="Asia/Makassar")
    importer.save(db, SYSTEM, kupang, stored)  # rows 0-2 are stored already
    parsed = ingest.parse(_template(12, repeat_every=6), unit_tz="Asia/Makassar")
    preview = importer.save(db, SYSTEM, kupang, parsed, dry_run=True)
    before = db.conn.execute("SELECT count(*) FROM items").fetchone()[0]
    saved = importer.save(db, SYSTEM, kupang, parsed)
    shape = [(o.status, o.message) for o in preview.batch.outcomes]
    assert shape == [(o.status, o.message) for o in saved.batch.outcomes]
    assert preview.batch.summary() == saved.batch.summary() == "added 3, duplicates 9, rejected 0"
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == before + 3
    assert "Sama dengan baris 5 pada kiriman ini" in preview.batch.outcomes[9].message


def test_a_dry_run_counts_the_out_takes_it_would_change(db):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    data = fixture_bytes("meta-instagram-posts.csv")
    parsed = ingest.parse(data, unit_tz="Asia/Makassar")
    preview = importer.save(db, SYSTEM, kupang, parsed, dry_run=True)
    saved = importer.save(db, SYSTEM, kupang, parsed)
    assert preview.outtakes == saved.outtakes > 0
    assert importer.save(db, SYSTEM, kupang, parsed, dry_run=True).outtakes == 0


def test_only_an_admin_learns_from_a_preview_that_another_unit_claims_a_link(db, accounts):
    """Issue 18, item 8: an operator's preview must not answer "does another unit have X?"."""
    feed = fixture_bytes("rss-website.xml")
    jatim, kupang = unit_id(db, "kanwil-jatim"), unit_id(db, "kankemenag-kota-kupang")
    importer.save(db, SYSTEM, jatim, ingest.parse(feed, unit_tz="Asia/Jakarta"))
    parsed = ingest.parse(feed, unit_tz="Asia/Makassar")
    operator = importer.save(db, principal(db, "op.kupang"), kupang, parsed, dry_run=True)
    assert [(o.flagged, o.flagged_with) for o in operator.batch.outcomes] == [(False, ())] * 3
    admin = importer.save(db, principal(db, "admin"), kupang, parsed, dry_run=True)
    assert [o.flagged_with for o in admin.batch.outcomes] == [
        ("Kanwil Kemenag Provinsi Jawa Timur",)
    ] * 3
    # The stored item still carries the flag for its reviewers, whoever saved it.
    importer.save(db, principal(db, "op.kupang"), kupang, parsed)
    flags = db.conn.execute("SELECT flagged FROM items WHERE unit_id = ?", (kupang,)).fetchall()
    assert flags == [(1,)] * 3


@pytest.mark.slow
def test_three_50000_row_dry_runs_at_once_while_someone_signs_in(db_path, db, accounts):
    parsed = ingest.parse(_template(50_000), unit_tz="Asia/Makassar", name="besar.csv")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    started = threading.Barrier(4)
    results: list[str] = []
    errors: list[BaseException] = []

    def preview() -> None:
        handle = open_db(db_path, readonly=True)
        told = False

        def progress(done: int, _total: int, _label: str) -> None:
            nonlocal told
            if done >= 1000 and not told:
                told = True
                started.wait(timeout=120)  # all three are mid-run: now someone signs in

        try:
            result = importer.save(handle, SYSTEM, kupang, parsed, dry_run=True, report=progress)
            results.append(result.summary())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            handle.close()

    threads = [threading.Thread(target=preview) for _ in range(3)]
    for thread in threads:
        thread.start()
    started.wait(timeout=120)
    signer = open_db(db_path)
    try:
        signer.conn.execute("PRAGMA busy_timeout = 0")  # fail at once if a preview held the lock
        who = auth.authenticate(signer, "op.kupang", PASSWORD)
    finally:
        signer.close()
    for thread in threads:
        thread.join(timeout=600)
    assert who is not None and who.username == "op.kupang"
    assert user_store.by_username(db, "op.kupang").last_login_at is not None
    assert errors == []
    assert results == ["added 50000, duplicates 0, rejected 0"] * 3
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
