"""Every writer leaves an audit row: who (account and name), when, what, before and after.

One test per writer. "Before" of a creation is nothing (NULL) and "after" of a
removal is nothing; everything else carries both, equal to the record as the
store holds it before and after the change (never a password hash).
"""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from dashboard import audit_text, auth, ingest
from dashboard.domain import AuditEntry
from dashboard.entries import Entry
from dashboard.ingest import importer
from dashboard.store import backup, seed
from dashboard.store import calendar as calendar_store
from dashboard.store import outtakes as outtake_store
from dashboard.store import settings as settings_store
from dashboard.store import targets as target_store
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from dashboard.store.items import entry as item_entry
from tests.conftest import principal, unit_id
from tests.ingest.conftest import fixture_bytes

NOW = "2026-11-25T05:30:00Z"
KUPANG = "kankemenag-kota-kupang"
LINK = "https://ntt.kemenag.go.id/kota-kupang/berita/"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


@pytest.fixture(autouse=True)
def every_entry_has_indonesian_words(db):
    """After each writer: Log Audit can name every field it logged (its action and its data
    are named by the registry `store.audit.record` enforces: tests/test_words.py)."""
    yield
    for entry in entries_since(db, 0):
        for record in (entry["before"], entry["after"]):
            if isinstance(record, dict):
                assert set(record) <= set(audit_text.FIELDS), (
                    entry,
                    set(record) - set(audit_text.FIELDS),
                )


def entries_since(db, mark: int) -> list[dict]:
    """Audit rows written after row `mark`, oldest first, with before/after parsed."""
    found = db.conn.execute(
        "SELECT id, at, actor_id, actor, action, entity, entity_id, unit_id, before, after "
        "FROM audit_log WHERE id > ? ORDER BY id",
        (mark,),
    ).fetchall()
    names = ("id", "at", "actor_id", "actor", "action", "entity", "entity_id", "unit_id")
    rows = []
    for row in found:
        entry = dict(zip(names, row[:8], strict=True))
        entry["before"] = None if row[8] is None else json.loads(row[8])
        entry["after"] = None if row[9] is None else json.loads(row[9])
        rows.append(entry)
    return rows


def mark(db) -> int:
    return db.conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def by(who) -> dict:
    """The actor columns an entry written by `who` carries, at the frozen time."""
    return {"at": NOW, "actor_id": who.user_id, "actor": who.username}


def the_entry(db, since: int) -> dict:
    (entry,) = entries_since(db, since)
    return entry


def raw_item(db, item_id: int) -> dict:
    return item_entry.raw(db, item_id)


def _one_item(db, who, title="Rakor Penyuluh", source="form") -> int:
    result = item_batches.add_batch(
        db,
        who,
        unit_id(db, KUPANG),
        [
            Entry(
                day=date(2026, 11, 25),
                kind="berita_website",
                title=title,
                link=LINK + title.replace(" ", "-"),
            )
        ],
        source=source,
        all_or_nothing=source == "form",
    )
    return result.added[0].item_id


# --- items ------------------------------------------------------------------------------------


def test_an_item_added_through_the_form(db, accounts):
    operator = principal(db, "op.kupang")
    since = mark(db)
    item_id = _one_item(db, operator)
    entry = the_entry(db, since)
    assert entry | by(operator) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "create",
        "item",
        str(item_id),
    )
    assert entry["unit_id"] == unit_id(db, KUPANG)
    assert entry["before"] is None
    assert entry["after"] == raw_item(db, item_id)


def test_an_item_edited(db, accounts):
    operator = principal(db, "op.kupang")
    item_id = _one_item(db, operator)
    before = raw_item(db, item_id)
    since = mark(db)
    item_edits.update(db, operator, item_id, title="Rakor Penyuluh Agama", tag="capaian")
    entry = the_entry(db, since)
    assert entry | by(operator) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "update",
        "item",
        str(item_id),
    )
    assert entry["before"] == before
    assert entry["after"] == raw_item(db, item_id)
    assert (entry["after"]["title"], entry["after"]["tag"]) == ("Rakor Penyuluh Agama", "capaian")


def test_an_item_deleted(db, accounts):
    operator = principal(db, "op.kupang")
    item_id = _one_item(db, operator)
    before = raw_item(db, item_id)
    since = mark(db)
    item_edits.delete(db, operator, item_id)
    entry = the_entry(db, since)
    assert entry | by(operator) == entry
    assert (entry["action"], entry["entity"]) == ("delete", "item")
    assert entry["before"] == before
    assert entry["after"] == before | {"deleted": 1, "version": before["version"] + 1}


# --- targets, calendar, units, settings -------------------------------------------------------


def test_a_target_added_and_ended(db, accounts):
    admin = principal(db, "admin")
    since = mark(db)
    target_id = target_store.add(
        db,
        admin,
        target_store.NewTarget(
            scope="unit",
            unit_id=unit_id(db, KUPANG),
            metric="media",
            period="week",
            value=2,
            counts_on="working",
            valid_from=date(2026, 12, 1),
            note="SE 29/2025",
        ),
    )
    created = the_entry(db, since)
    assert created | by(admin) == created
    assert (created["action"], created["entity"], created["entity_id"]) == (
        "create",
        "target",
        str(target_id),
    )
    assert created["unit_id"] == unit_id(db, KUPANG)
    assert created["before"] is None
    assert created["after"] == target_store.by_id(db, target_id).record()

    since = mark(db)
    target_store.end(db, admin, target_id, date(2026, 12, 31))
    ended = the_entry(db, since)
    assert ended | by(admin) == ended
    assert ended["action"] == "end"
    assert ended["before"] == created["after"]
    assert ended["after"] == created["after"] | {"valid_to": "2026-12-31"}


def test_a_calendar_day_set_changed_and_removed(db, accounts):
    admin = principal(db, "admin")
    day = date(2026, 12, 31)
    since = mark(db)
    calendar_store.set_override(db, admin, day, False, "Cuti bersama tambahan")
    calendar_store.set_override(db, admin, day, True, "Dibatalkan: hari kerja")
    calendar_store.remove_override(db, admin, day)
    first, second, third = entries_since(db, since)
    for entry in (first, second, third):
        assert entry | by(admin) == entry
        assert (entry["entity"], entry["entity_id"]) == ("calendar", "2026-12-31")
    assert (first["action"], first["before"]) == ("set", None)
    assert (first["after"]["working"], first["after"]["note"]) == (0, "Cuti bersama tambahan")
    assert (second["action"], second["before"]) == ("set", first["after"])
    assert (second["after"]["working"], second["after"]["note"]) == (1, "Dibatalkan: hari kerja")
    assert (third["action"], third["before"], third["after"]) == ("remove", second["after"], None)


def test_a_unit_updated(db, accounts):
    admin = principal(db, "admin")
    before = unit_store.by_code(db, "kanwil-ntt")
    since = mark(db)
    unit_store.update(db, admin, "kanwil-ntt", name="Kanwil Kemenag NTT")
    entry = the_entry(db, since)
    assert entry | by(admin) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "update",
        "unit",
        "kanwil-ntt",
    )
    assert entry["unit_id"] == before.id
    assert entry["before"] == before.record()
    assert entry["after"] == before.record() | {"name": "Kanwil Kemenag NTT"}


def test_a_setting_changed(db, accounts):
    admin = principal(db, "admin")
    since = mark(db)
    settings_store.put(db, admin, "backdate_days", 7)
    entry = the_entry(db, since)
    assert entry | by(admin) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "update",
        "setting",
        "backdate_days",
    )
    assert (entry["before"], entry["after"]) == ("30", "7")


# --- accounts ---------------------------------------------------------------------------------


def _public(db, username: str) -> dict:
    """What the log keeps of an account, in the row's own shape (flags as 0 or 1), never the hash."""
    user = user_store.by_username(db, username)
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "unit_code": user.unit_code,
        "active": int(user.active),
        "must_change_password": int(user.must_change_password),
    }


def test_an_account_created(db, accounts):
    admin = principal(db, "admin")
    since = mark(db)
    auth.create_user(
        db,
        admin,
        username="siti.ntt",
        password="kata-sandi-siti-1",
        role="operator",
        unit_code="kanwil-ntt",
        full_name="Siti",
        email="siti@kemenag.go.id",
    )
    entry = the_entry(db, since)
    assert entry | by(admin) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == ("create", "user", "siti.ntt")
    assert entry["unit_id"] == unit_id(db, "kanwil-ntt")
    assert entry["before"] is None
    assert entry["after"] == _public(db, "siti.ntt")
    assert "hash" not in json.dumps(entry) and "kata-sandi" not in json.dumps(entry)


def test_an_account_deactivated(db, accounts):
    admin = principal(db, "admin")
    before = _public(db, "op.kupang")
    since = mark(db)
    user_store.set_active(db, admin, accounts["op.kupang"], False)
    entry = the_entry(db, since)
    assert entry | by(admin) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "deactivate",
        "user",
        "op.kupang",
    )
    assert entry["before"] == before
    assert entry["after"] == before | {"active": 0}


def _locks(db, username: str) -> dict:
    user = user_store.by_username(db, username)
    return _public(db, username) | {
        "failed_logins": user.failed_logins,
        "locked_until": user.locked_until,
    }


def test_an_account_locked_by_failures_then_reset_by_an_admin(db, accounts):
    for _ in range(4):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")
    four = _locks(db, "op.kupang")
    since = mark(db)
    auth.authenticate(db, "op.kupang", "salah-sekali-123")
    locked = the_entry(db, since)
    operator = principal(db, "op.kupang")
    assert locked | by(operator) == locked
    assert (locked["action"], locked["entity_id"]) == ("lock", "op.kupang")
    assert locked["before"] == four
    # Locked for the client address it failed from ("lokal": no address, as in a test).
    assert locked["after"] == _locks(db, "op.kupang") | {"alamat": "lokal"}
    assert locked["after"]["locked_until"]

    _locks_then = _locks(db, "op.kupang")
    admin = principal(db, "admin")
    since = mark(db)
    auth.reset_password(db, admin, accounts["op.kupang"], "kata-sandi-baru-1")
    entry = the_entry(db, since)
    assert entry | by(admin) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "reset_password",
        "user",
        "op.kupang",
    )
    assert entry["before"] == _locks_then | {"password": "lama"}
    assert entry["after"] == _locks_then | {
        "failed_logins": 0,
        "locked_until": None,
        "password": "baru",
        "must_change_password": 1,  # the admin knows it: the owner picks its own next
    }
    assert "argon2" not in json.dumps(entry)


def test_a_password_changed_by_its_owner(db, accounts):
    operator = principal(db, "op.kupang")
    since = mark(db)
    auth.change_own_password(db, operator, "rahasia-sekali-123", "kata-sandi-baru-1")
    entry = the_entry(db, since)
    assert entry | by(operator) == entry
    assert entry["action"] == "change_password"
    assert (entry["before"]["password"], entry["after"]["password"]) == ("lama", "baru")
    assert entry["after"]["must_change_password"] == 0


# --- imports ----------------------------------------------------------------------------------


def _import(db, who, name: str, data: bytes | None = None, *, dry_run: bool = False):
    parsed = ingest.parse(data or fixture_bytes(name), unit_tz="Asia/Makassar", name=name)
    return importer.save(db, who, unit_id(db, KUPANG), parsed, dry_run=dry_run)


def test_an_import_records_each_item_and_the_import_itself(db, accounts):
    operator = principal(db, "op.kupang")
    since = mark(db)
    _import(db, operator, "template-items.csv", dry_run=True)
    assert mark(db) == since  # a preview leaves no trace
    result = _import(db, operator, "hostile-template.csv")
    entries = entries_since(db, since)
    *items, summary = entries
    added = [o.item_id for o in result.batch.added]
    # Who imported what: one entry per item created, with its source...
    assert [e["entity_id"] for e in items] == [str(i) for i in added]
    for entry, item_id in zip(items, added, strict=True):
        assert entry | by(operator) == entry
        assert (entry["action"], entry["entity"], entry["before"]) == ("create", "item", None)
        assert entry["after"] == raw_item(db, item_id)
        assert entry["after"]["source"] == "template"
    # ... and one for the import as a whole: the file, what it held, which items it made.
    assert summary | by(operator) == summary
    assert (summary["action"], summary["entity"], summary["entity_id"]) == (
        "import",
        "import",
        "hostile-template.csv",
    )
    assert summary["unit_id"] == unit_id(db, KUPANG)
    assert summary["before"] is None
    assert summary["after"] == {
        "file": "hostile-template.csv",
        "format": "template",
        "rows": len(result.batch.outcomes),
        "added": len(added),
        "duplicates": 0,
        "rejected": len(result.batch.rejected),
        "outtakes": 0,
        "item_ids": [min(added), max(added)],
    }
    assert added == list(range(min(added), max(added) + 1))
    # The same file again changes nothing, so it leaves nothing in the log.
    since = mark(db)
    _import(db, operator, "hostile-template.csv")
    assert entries_since(db, since) == []


def test_out_takes_record_the_figures_they_replace(db, accounts):
    _import(db, SYSTEM, "meta-instagram-posts.csv")
    newer = fixture_bytes("meta-instagram-posts.csv").replace(b",2311,1980,", b",2400,2050,")
    since = mark(db)
    _import(db, SYSTEM, "meta-instagram-posts.csv", newer)
    outtakes, summary = entries_since(db, since)
    assert outtakes | by(SYSTEM) == outtakes
    assert (outtakes["action"], outtakes["entity"]) == ("upsert", "outtakes")
    replaced = {(r["metric"], r["value"]) for r in outtakes["before"]["rows"]}
    now = {(r["metric"], r["value"]) for r in outtakes["after"]["rows"]}
    assert replaced == {("views", 2311), ("reach", 1980)}
    assert now == {("views", 2400), ("reach", 2050)}
    assert (summary["action"], summary["after"]["added"], summary["after"]["outtakes"]) == (
        "import",
        0,
        2,
    )


# --- backups and restores ---------------------------------------------------------------------


@pytest.mark.backends("sqlite")  # SQLite's file backups
def test_a_backup_writes_nothing_and_a_restore_says_what_it_replaced(db, db_path, tmp_path):
    copy = tmp_path / "cadangan.db"
    since = mark(db)
    backup.backup(db_path, copy)
    assert mark(db) == since  # reading the database is not a change to it
    unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT setelah cadangan")
    result = backup.restore(copy, db_path)
    (entry,) = entries_since(db, since)  # the rename after the backup is gone; this is new
    assert entry | by(SYSTEM) == entry
    assert (entry["action"], entry["entity"], entry["entity_id"]) == (
        "restore",
        "database",
        db_path.name,
    )
    assert entry["before"]["kept_as"] == result.safety_copy.name
    assert entry["after"]["backup"] == "cadangan.db"
    assert entry["after"]["counts"] == result.backup.counts


# --- reference data ---------------------------------------------------------------------------


def test_seeding_logs_what_it_added_and_a_reseed_adds_nothing(db, tmp_path):
    seeded = [e for e in entries_since(db, 0) if e["action"] == "seed"]
    assert {e["entity"] for e in seeded} == {"metric_kind", "unit", "target"}
    units = next(e for e in seeded if e["entity"] == "unit")
    assert units | {"actor_id": None, "actor": "system"} == units
    assert units["before"] is None
    assert units["after"]["added"] == len(unit_store.list_all(db)) == len(units["after"]["codes"])
    # A unit new in the CSV (a new province, say) arrives with an entry of its own.
    units_csv = tmp_path / "units.csv"
    rows = seed.read_csv(seed.UNITS_CSV)
    rows.append(rows[-1] | {"code": "kua-uji-baru", "name": "KUA Uji Baru"})
    with units_csv.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    since = mark(db)
    assert seed.seed_units(db, units_csv) == 1
    entry = the_entry(db, since)
    assert (entry["action"], entry["entity"], entry["after"]) == (
        "seed",
        "unit",
        {"added": 1, "codes": ["kua-uji-baru"]},
    )
    since = mark(db)
    assert seed.seed_units(db, units_csv) == 0
    assert seed.seed_kinds(db) == 0 and seed.seed_targets(db) == 0
    assert mark(db) == since


def test_a_bulk_load_logs_each_transaction(db, accounts):
    rows = [
        {
            "unit_id": unit_id(db, KUPANG),
            "day": "2026-11-24",
            "kind": "berita_website",
            "title": f"Data demo {n}",
            "link": f"{LINK}demo-{n}",
            "link_key": f"{LINK}demo-{n}",
            "note": "",
            "tag": None,
            "source": "demo",
            "published_at": None,
            "late": 0,
            "created_by": None,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for n in range(5)
    ]
    since = mark(db)
    assert item_batches.bulk_load(db, SYSTEM, rows, chunk=3) == 5
    first, second = entries_since(db, since)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM items ORDER BY id")]
    for entry, part in ((first, ids[:3]), (second, ids[3:])):
        assert entry | by(SYSTEM) == entry
        assert (entry["action"], entry["entity"], entry["before"]) == ("bulk_load", "item", None)
        assert entry["after"] == {
            "added": len(part),
            "sources": ["demo"],
            "item_ids": [part[0], part[-1]],
        }
    since = mark(db)
    assert item_batches.bulk_load(db, SYSTEM, rows) == 0  # all there already: no entry
    assert mark(db) == since


def test_a_bulk_load_of_out_takes_logs_one_entry(db, accounts):
    item_id = _one_item(db, SYSTEM, title="Reels Kupang")
    (key,) = db.conn.execute("SELECT link_key FROM items WHERE id = ?", (item_id,)).fetchone()
    rows = [
        {"unit_id": unit_id(db, KUPANG), "link_key": key, "kind": "berita_website",
         "metric": metric, "value": value}
        for metric, value in (("reach", 120), ("views", 180))
    ]  # fmt: skip
    since = mark(db)
    assert outtake_store.bulk_load(db, SYSTEM, rows) == 2
    entry = the_entry(db, since)
    assert entry | by(SYSTEM) == entry
    assert (entry["action"], entry["entity"], entry["before"]) == ("bulk_load", "outtakes", None)
    assert entry["after"] == {"added": 2, "source": "meta", "units": 1}
    since = mark(db)
    assert outtake_store.bulk_load(db, SYSTEM, rows) == 0  # all there already: no entry
    assert mark(db) == since


def test_a_regional_calendar_day_is_logged_with_its_unit(db, accounts):
    admin = principal(db, "admin")
    bali = unit_id(db, "kanwil-bali")
    since = mark(db)
    calendar_store.set_override(db, admin, date(2026, 11, 24), False, "Libur daerah", unit_id=bali)
    calendar_store.remove_override(db, admin, date(2026, 11, 24), unit_id=bali)
    made, removed = entries_since(db, since)
    for entry in (made, removed):
        assert (entry["entity"], entry["entity_id"], entry["unit_id"]) == (
            "calendar",
            "kanwil-bali:2026-11-24",
            bali,
        )
    assert (made["action"], made["before"]) == ("set", None)
    assert (made["after"]["unit_id"], made["after"]["working"]) == (bali, 0)
    assert (removed["action"], removed["before"], removed["after"]) == (
        "remove",
        made["after"],
        None,
    )


def test_a_unit_added_a_summary_rebuilt_a_screen_link_made_and_revoked(db, accounts):
    """The remaining writers, so the words check above sees every action and entity."""
    from dashboard.store import screens, summary

    admin = principal(db, "admin")
    since = mark(db)
    unit_store.add(
        db,
        admin,
        code="kua-kupang-kota",
        name="KUA Kota Lama",
        type="KUA",
        parent_code=KUPANG,
        tz="Asia/Makassar",
    )
    summary.rebuild(db, admin)
    link_id, _token = screens.create(db, admin, unit_id(db, "kanwil-ntt"))
    screens.revoke(db, admin, link_id)
    user_store.set_active(db, admin, accounts["op.jatim"], False)
    user_store.set_active(db, admin, accounts["op.jatim"], True)
    found = [(e["action"], e["entity"]) for e in entries_since(db, since)]
    assert found == [
        ("create", "unit"),
        ("rebuild", "daily_counts"),
        ("create", "screen_link"),
        ("revoke", "screen_link"),
        ("deactivate", "user"),
        ("activate", "user"),
    ]


def test_sessions_started_and_ended_every_way(db, accounts):
    """Sign-in sessions (m050): a start, and an end by each writer that ends them."""
    from datetime import timedelta

    from dashboard import clock
    from dashboard.store import sessions as session_store

    def started(user: str, method: str = "password") -> int:
        return session_store.start(
            db,
            accounts[user],
            method=method,
            now=clock.utc_now(),
            max_age=timedelta(days=30),
            user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0",
            address="203.0.113.7",
        ).session_id

    admin, operator = principal(db, "admin"), principal(db, "op.kupang")
    since = mark(db)
    session_store.end(db, operator, started("op.kupang"), "sign_out")
    kept = started("op.kupang")
    started("op.kupang", "sso")
    auth.change_own_password(
        db, operator, "rahasia-sekali-123", "kata-sandi-baru-1", keep_session=kept
    )
    session_store.end_all(db, operator, accounts["op.kupang"], "all")
    started("op.kupang")
    session_store.end_all(db, admin, accounts["op.kupang"], "admin")
    started("op.kupang")
    auth.reset_password(db, admin, accounts["op.kupang"], "kata-sandi-admin-2")
    started("op.kupang")
    user_store.set_active(db, admin, accounts["op.kupang"], False)
    found = entries_since(db, since)
    ends = [e["after"]["alasan"] for e in found if e["action"] == "end"]
    assert ends == [
        "keluar",
        "kata sandi diganti",  # the SSO session; the one changing the password stays
        "keluar dari semua perangkat",
        "diakhiri admin",
        "kata sandi diganti",
        "akun dinonaktifkan",
    ]
    assert (found[0]["action"], found[0]["entity"]) == ("start", "session")
    # As Log Audit reads it: the account as its subject, the fields in words.
    first = AuditEntry.from_row(found[0] | {"before": None, "after": json.dumps(found[0]["after"])})
    assert audit_text.subject(first) == "op.kupang"
    assert [(c.label, c.after) for c in audit_text.changes(first)][:3] == [
        ("Akun", "op.kupang"),
        ("Cara masuk", "kata sandi"),
        ("Perangkat", "Mozilla/5.0 (Linux; Android 14) Chrome/130.0"),
    ]
