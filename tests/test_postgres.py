"""PostgreSQL as a second backend (issue 12): what only a server has.

Bad addresses and passwords are one clear line; libpq's environment and
password file work; `humas copy-db` moves a database both ways with nothing
lost and the same figures after; `humas backup` is a pg_dump that pg_restore
reads; pages say "basis data tidak terhubung" while the server is away and
recover by themselves; a server that dies mid-write loses no acknowledged
write and leaves no half-written batch. (The store, service, importer,
authorization, audit, concurrency and crash suites run on both backends
through tests/backends.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import traceback
from datetime import timedelta

import psycopg
import pytest

from dashboard import clock, demo, words
from dashboard.store import backup as backup_store
from dashboard.store import copy as copy_store
from dashboard.store import postgres
from dashboard.store import sessions as session_store
from dashboard.store.db import DatabaseDisconnected, connect, open_db, write
from dashboard.ui import session
from tests import pgserver
from tests.conftest import REPO, app_as, pg_admin
from tests.ports import free_port
from tests.store import writer

pytestmark = pytest.mark.slow
NOW = "2026-11-25T05:30:00Z"


def humas(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=REPO,
        env=dict(os.environ, HUMAS_NOW=NOW, **(env or {})),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def password_role(pg_server):
    with pg_admin(pg_server) as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (pgserver.PASSWORD_ROLE,)
        ).fetchone()
        if not found:
            admin.execute(
                f"CREATE ROLE {pgserver.PASSWORD_ROLE} LOGIN PASSWORD '{pgserver.PASSWORD}'"
            )
    return pgserver.PASSWORD_ROLE


# --- bad input: one line, a non-zero exit, nothing written ------------------------------------


def _one_line_refusal(done: subprocess.CompletedProcess, *, secret: str | None = None) -> str:
    assert done.returncode == 1, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("humas: "), done.stderr
    assert "Traceback" not in done.stderr
    if secret:
        assert secret not in done.stderr + done.stdout
    return lines[0]


def test_an_unknown_scheme_is_refused(tmp_path):
    for command in (["init"], ["units"], ["kpi", "--unit", "kanwil-ntt"]):
        line = _one_line_refusal(humas(*command, "--db", "mysql://u:rahasia@host/humas"))
        assert "unknown database URL scheme 'mysql'" in line


def test_an_unreachable_server_is_one_line_and_nothing_written(pg_server):
    port = free_port()  # nobody listens there
    url = f"postgresql://postgres:rahasia-sekali@127.0.0.1:{port}/humas"
    for command in (["init"], ["units"], ["demo"]):
        line = _one_line_refusal(humas(*command, "--db", url), secret="rahasia-sekali")
        assert "cannot connect to database postgresql://postgres:***@127.0.0.1" in line


def test_a_wrong_password_and_a_missing_database_are_one_line(pg_server, password_role, empty_pg):
    name = empty_pg(owner=password_role)
    wrong = pg_server.url(name, password_role, "salah-sandi-99")
    line = _one_line_refusal(humas("init", "--db", wrong), secret="salah-sandi-99")
    assert "password authentication failed" in line
    missing = pg_server.url("tidak_ada", password_role, pgserver.PASSWORD)
    line = _one_line_refusal(humas("init", "--db", missing), secret=pgserver.PASSWORD)
    assert 'database "tidak_ada" does not exist' in line
    with psycopg.connect(pg_server.url(name)) as conn:  # nothing was created
        assert (
            conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
            == 0
        )


def test_libpq_environment_and_password_file(pg_server, password_role, empty_pg, tmp_path):
    name = empty_pg(owner=password_role)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_server.port}:{name}:{password_role}:{pgserver.PASSWORD}\n")
    passfile.chmod(0o600)
    # The URL names no password: libpq takes it from the password file.
    url = pg_server.url(name, password_role)
    done = humas("init", "--db", url, env={"PGPASSFILE": str(passfile)})
    assert done.returncode == 0, done.stderr
    assert "units added: 627" in done.stdout
    # A URL with nothing but the scheme: host, port, user, database and password from PG*.
    env = {
        "PGHOST": "127.0.0.1",
        "PGPORT": str(pg_server.port),
        "PGUSER": password_role,
        "PGDATABASE": name,
        "PGPASSWORD": pgserver.PASSWORD,
        "HUMAS_DB": "postgresql://",
    }
    done = humas("units", "--type", "KANWIL", "--format", "csv", env=env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1 + 34
    assert pgserver.PASSWORD not in done.stdout + done.stderr


# --- copy-db both ways, the same figures after ------------------------------------------------


# The key of the tables without an id, by column position (the rest: their id, column 1).
KEY_ORDER = {"daily_counts": "1, 2, 3", "outtakes": "1, 2, 4, 5"}


def _all_rows(target) -> dict[str, list[tuple]]:
    with connect(target, readonly=True) as db:
        return {
            table: db.execute(
                f"SELECT * FROM {table} ORDER BY {KEY_ORDER.get(table, '1')}"
            ).fetchall()
            for table in copy_store.TABLES
        }


def _columns_in_order(target) -> dict[str, list[str]]:
    with connect(target, readonly=True) as db:
        return {t: copy_store.columns(db, t) for t in copy_store.TABLES}


def _same_rows(a: dict, b: dict, cols_a: dict, cols_b: dict) -> None:
    """Row for row equal, column by column whatever the column order of each database."""
    for table in a:
        order = cols_a[table]
        index = [cols_b[table].index(c) for c in order]
        converted = [tuple(row[i] for i in index) for row in b[table]]
        assert a[table] == converted, table


@pytest.fixture
def small_demo(tmp_path, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)
    path = tmp_path / "demo.db"
    demo.build(path, days=4)
    return path


def test_copy_db_both_ways_loses_nothing_and_gives_the_same_figures(
    small_demo, empty_pg, pg_server, tmp_path
):
    pg = pg_server.url(empty_pg())
    there = humas("copy-db", "--from", str(small_demo), "--to", pg)
    assert there.returncode == 0, there.stderr
    assert "row counts of every table and the daily summary checked" in there.stdout
    back = tmp_path / "back.db"
    again = humas("copy-db", "--from", pg, "--to", str(back))
    assert again.returncode == 0, again.stderr

    original, on_pg, returned = _all_rows(small_demo), _all_rows(pg), _all_rows(back)
    cols = _columns_in_order(small_demo)
    # Each copy adds its own audit entry and moves the data version on (caches of an app
    # already on the target must miss): everything else is the same, row for row.
    for rows_ in (on_pg, returned):
        assert rows_["audit_log"][: len(original["audit_log"])] == original["audit_log"]
        assert rows_["counters"][0][1] > original["counters"][0][1]
    extra = {"audit_log", "counters"}
    strip = {t: r for t, r in original.items() if t not in extra}
    _same_rows(
        strip, {t: r for t, r in on_pg.items() if t not in extra}, cols, _columns_in_order(pg)
    )
    _same_rows(strip, {t: r for t, r in returned.items() if t not in extra}, cols, cols)
    assert [r[4] for r in on_pg["audit_log"][len(original["audit_log"]) :]] == ["copy"]

    # The same data gives the same answers through the command line.
    for command in (
        ["kpi", "--unit", "kankemenag-kota-kupang", "--json"],
        ["kpi", "--unit", "kanwil-ntt", "--date", "2026-11-24", "--json"],
        ["digest", "--date", "2026-11-24", "--unit", "kanwil-ntt"],
        ["units", "--format", "csv"],
    ):
        on_sqlite = humas(*command, "--db", str(small_demo))
        on_server = humas(*command, "--db", pg)
        assert on_sqlite.returncode == on_server.returncode == 0, on_server.stderr
        assert on_sqlite.stdout == on_server.stdout, command
    exports = []
    for target, name in ((small_demo, "a.csv"), (pg, "b.csv")):
        out = tmp_path / name
        done = humas(
            "export", "--from", "2026-11-21", "--to", "2026-11-25", "--format", "csv",
            "--out", str(out), "--db", str(target),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        exports.append(out.read_bytes())
    assert exports[0] == exports[1] and len(exports[0]) > 10_000
    json.loads(humas("kpi", "--unit", "kanwil-ntt", "--json", "--db", pg).stdout)

    # A new item on the copy gets a fresh id (the identity sequence moved past the copy).
    with connect(pg) as db, write(db):
        top = db.execute("SELECT max(id) FROM units").fetchone()[0]
        new = db.execute(
            "INSERT INTO units (code, name, type, tz) VALUES ('uji-baru', 'Unit Uji', 'UPT', "
            "'Asia/Jakarta') RETURNING id"
        ).fetchone()[0]
        assert new > top


def test_copy_db_refuses_a_target_with_items_and_changes_nothing(
    small_demo, db_path, tmp_path, pg_server, empty_pg
):
    pg = pg_server.url(empty_pg())
    assert humas("copy-db", "--from", str(small_demo), "--to", pg).returncode == 0
    before = _all_rows(pg)
    refused = humas("copy-db", "--from", str(db_path), "--to", pg)
    line = _one_line_refusal(refused)
    assert "already holds items" in line
    assert _all_rows(pg) == before
    # The other way too: a SQLite file with items is no target either.
    assert "already holds items" in _one_line_refusal(
        humas("copy-db", "--from", pg, "--to", str(small_demo))
    )


def test_copy_db_refuses_a_source_whose_summary_is_wrong(db_path, pg_server, empty_pg, db):
    with write(db):
        db.execute("INSERT INTO daily_counts (unit_id, day, kind, n) VALUES (1, '2026-11-01', "
                   "'berita_website', 3)")  # fmt: skip
    pg = pg_server.url(empty_pg())
    line = _one_line_refusal(humas("copy-db", "--from", str(db_path), "--to", pg))
    assert "rebuild-summary" in line
    with connect(pg) as target:
        assert target.execute("SELECT count(*) FROM units").fetchone()[0] == 0


def test_every_table_of_the_schema_is_copied(db):
    """A table a later schema step adds must be added to copy-db's list (on both backends)."""
    assert copy_store.schema_tables(db) == set(copy_store.TABLES)


# --- backups: pg_dump --------------------------------------------------------------------------


def test_backup_is_a_pg_dump_that_pg_restore_reads(small_demo, pg_server, empty_pg, tmp_path):
    source = pg_server.url(empty_pg())
    assert humas("copy-db", "--from", str(small_demo), "--to", source).returncode == 0
    folder = tmp_path / "cadangan"
    folder.mkdir()
    done = humas("backup", str(folder), "--db", source)
    assert done.returncode == 0, done.stderr
    (dump,) = folder.glob("*.dump")
    assert "pg_dump custom format" in done.stdout
    # Restored into another database, it holds the same rows.
    restored = empty_pg()
    subprocess.run(
        [str(backup_store.pg_tool("pg_restore")), "--no-owner", f"--dbname={pg_server.url(restored)}",
         str(dump)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert _all_rows(pg_server.url(restored)) == _all_rows(source)
    # No overwrite without asking; restore on PostgreSQL says what to do instead.
    assert "exists" in _one_line_refusal(humas("backup", str(dump), "--db", source))
    assert "pg_restore" in _one_line_refusal(humas("restore", str(dump), "--yes", "--db", source))


def test_without_pg_dump_the_backup_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(backup_store, "pg_tool", lambda name: None)
    with pytest.raises(backup_store.BackupRefused, match="apt-get install postgresql-client"):
        backup_store.backup_postgres("postgresql://x@127.0.0.1:1/y", tmp_path)


# --- the server going away ---------------------------------------------------------------------


@pytest.mark.backends("postgresql")
def test_pages_say_the_database_is_not_connected_and_recover_by_themselves(
    db, db_path, accounts, pg_server, monkeypatch
):
    monkeypatch.setenv("HUMAS_NOW", NOW)
    db.close()
    at = app_as(open_db(db_path), "kepala.kupang")
    assert not at.exception and not at.error
    pg_server.stop()
    try:
        at.run()
        assert [e.value for e in at.error] == [words.text(DatabaseDisconnected.CODE)]
        assert not at.exception
    finally:
        pg_server.start()
    for _ in range(20):  # the pool reconnects in the background; the next run is fine
        at.run()
        if not at.error:
            break
        time.sleep(0.5)
    assert not at.error and not at.exception
    assert any("Kota Kupang" in m.value for m in at.markdown)


@pytest.mark.backends("postgresql")
def test_a_server_that_dies_mid_write_keeps_every_acknowledged_write_and_no_half_batch(
    db_path, pg_server
):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", str(db_path), "mati"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        acked = [process.stdout.readline() for _ in range(30)]
        pg_server.stop("immediate")  # a crash: no shutdown checkpoint, clients cut off
    finally:
        out, err = process.communicate(timeout=60)
        pg_server.start()
    acked += out.splitlines()
    tokens = [line.split(" ", 1)[1].strip() for line in acked if line.startswith("ack ")]
    assert process.returncode != 0 and "DatabaseDisconnected" in err
    assert len(tokens) >= 30
    postgres.close_pools(db_path)
    with connect(db_path, readonly=True) as db:
        assert [t for t in tokens if not writer.is_stored(db, t)] == []
        assert writer.stored_tokens(db, "mati") - set(tokens) <= {f"mati-{len(tokens)}"}
        recount = db.execute(
            "SELECT unit_id, day, kind, count(*) FROM items WHERE deleted = 0 "
            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        ).fetchall()
        assert db.execute("SELECT * FROM daily_counts ORDER BY 1, 2, 3").fetchall() == recount
        # every stored item has its audit entry: nothing half-written
        items = db.execute("SELECT count(*) FROM items").fetchone()[0]
        logged = db.execute(
            "SELECT count(*) FROM audit_log WHERE entity = 'item' AND action = 'create'"
        ).fetchone()[0]
        assert items == logged


@pytest.mark.backends("postgresql")
def test_a_disconnected_call_raises_a_plain_problem_and_the_next_one_works(db_path, pg_server):
    with connect(db_path) as db:
        db.execute("SELECT 1")
    pg_server.stop()
    try:
        with pytest.raises(DatabaseDisconnected) as failed, connect(db_path) as db:
            db.execute("SELECT 1")
        assert str(failed.value) == words.text(DatabaseDisconnected.CODE)
        assert "127.0.0.1" in failed.value.detail
    finally:
        pg_server.start()
    with connect(db_path) as db:
        assert db.execute("SELECT 1").fetchone()[0] == 1


# --- a crowd on one process: more page runs than pooled connections --------------------------


@pytest.mark.backends("postgresql")
def test_a_crowd_waits_for_a_busy_pool_instead_of_being_told_the_database_is_away(
    db_path, pg_server, monkeypatch
):
    """Every pooled connection in use for longer than one wait: the next call waits its turn.

    (The load run of 200 sessions on two processes found page runs told "basis data tidak
    terhubung" after 30 s in the queue while the server was fine.)
    """
    postgres.close_pools(db_path)
    monkeypatch.setenv(postgres.ENV_POOL_SIZE, "1")
    monkeypatch.setattr(postgres, "POOL_WAIT_S", 0.3)
    holder = open_db(db_path)
    released = []

    def release_later():
        time.sleep(1.2)  # four waits' worth
        released.append(time.monotonic())
        holder.close()

    thread = threading.Thread(target=release_later)
    thread.start()
    try:
        with connect(db_path, readonly=True) as db:
            got = time.monotonic()
            assert db.execute("SELECT count(*) FROM units").fetchone()[0] > 600
        assert released and got >= released[0]
    finally:
        thread.join()
    # A server that is away still ends the wait with the plain problem.
    monkeypatch.setattr(postgres, "POOL_BUSY_WAIT_S", 0.3)
    pg_server.stop()
    try:
        with pytest.raises(DatabaseDisconnected), connect(db_path) as db:
            db.execute("SELECT 1")
    finally:
        pg_server.start()
        postgres.close_pools(db_path)


@pytest.mark.backends("postgresql")
def test_a_page_run_never_holds_a_connection_while_asking_for_another(
    db, db_path, accounts, monkeypatch
):
    """Hold-and-wait on a pool deadlocks a crowd: every connection held by a run waiting for one.

    (The load run of 200 sessions found the session check reading a setting through a second
    connection while holding the first.)
    """
    monkeypatch.setenv("HUMAS_NOW", NOW)
    depth = threading.local()
    nested = []
    opened, closed = postgres.open_db, postgres.PostgresDatabase.close

    def open_counted(url, **kwargs):
        if getattr(depth, "n", 0):
            nested.append("".join(traceback.format_stack(limit=8)))
        depth.n = getattr(depth, "n", 0) + 1
        return opened(url, **kwargs)

    def close_counted(self):
        depth.n = max(0, getattr(depth, "n", 0) - 1)
        return closed(self)

    monkeypatch.setattr(postgres, "open_db", open_counted)
    monkeypatch.setattr(postgres.PostgresDatabase, "close", close_counted)
    for who, page in (("pusat", None), ("kepala.kupang", "views/unit_dashboard.py")):
        at = app_as(db, who, page=page)
        # Signed in with a server-side session, as a browser is: every run checks its row.
        started = session_store.start(
            db, accounts[who], method="password", now=clock.utc_now(),
            max_age=timedelta(days=1),
        )  # fmt: skip
        at.session_state[session.KEY_SESSION] = started.session_id
        at.run()
        at.run()
        assert not at.exception and not at.error
    assert nested == [], nested[0] if nested else ""
