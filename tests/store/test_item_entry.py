"""Batch entry, edits and soft deletes of items: duplicates, flags, scope, audit, atomicity."""

import json
import threading
from datetime import date

import pytest

from dashboard.entries import Entry
from dashboard.store import audit
from dashboard.store import settings as settings_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError, data_version, open_db
from dashboard.store.items import batches as item_batches
from dashboard.store.items import conflicts as item_conflicts
from dashboard.store.items import edits as item_edits
from dashboard.store.items import reads as item_reads
from dashboard.words import said
from tests.conftest import principal, unit_id
from tests.store.test_items import counts, recount

NOW = "2026-11-25T05:30:00Z"  # 13.30 WITA, 12.30 WIB
TODAY = date(2026, 11, 25)
KUPANG, NTT, JATIM = "kankemenag-kota-kupang", "kanwil-ntt", "kanwil-jatim"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


def news(n, day=TODAY, **extra):
    values = dict(
        day=day,
        kind="berita_website",
        title=f"Berita {n}",
        link=f"https://ntt.kemenag.go.id/kota-kupang/berita/{n}",
        line=n,
    )
    values.update(extra)
    return Entry(**values)


def item_audits(db):
    return [r for r in audit.recent(db, limit=10_000) if r.entity == "item"]


def test_a_batch_is_saved_and_a_resubmission_changes_nothing(db, accounts):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    first = item_batches.add_batch(db, op, u, [news(1), news(2), news(3)])
    assert first.summary() == "added 3, duplicates 0, rejected 0" and first.written
    again = item_batches.add_batch(db, op, u, [news(1), news(2), news(3)])
    assert again.summary() == "added 0, duplicates 3, rejected 0"
    assert {o.item_id for o in again.duplicates} == {o.item_id for o in first.added}
    assert "Sudah tercatat" in again.duplicates[0].message
    assert counts(db) == {(u, "2026-11-25", "berita_website"): 3} == recount(db)
    assert len(item_audits(db)) == 3


def test_the_same_link_with_tracking_or_case_changes_is_a_duplicate(db):
    u = unit_id(db, KUPANG)
    result = item_batches.add_batch(
        db,
        SYSTEM,
        u,
        [
            news(1, link="https://ntt.kemenag.go.id/kota-kupang/berita/1"),
            news(2, link="HTTPS://NTT.kemenag.go.id/kota-kupang/berita/1/?utm_source=wa&fbclid=x"),
        ],
    )
    assert [o.status for o in result.outcomes] == ["added", "duplicate"]
    assert result.duplicates[0].message == "Sama dengan baris 1 pada kiriman ini; dicatat sekali."


def test_the_same_link_under_another_kind_is_another_item(db):
    u = unit_id(db, KUPANG)
    result = item_batches.add_batch(db, SYSTEM, u, [news(1), news(1, kind="berita_portal")])
    assert len(result.added) == 2


def test_items_without_a_link_are_duplicates_by_day_kind_and_title(db):
    u = unit_id(db, KUPANG)
    event = dict(kind="kegiatan_diliput", link="")
    first = item_batches.add_batch(db, SYSTEM, u, [news(1, title="Apel Hari Amal Bakti", **event)])
    again = item_batches.add_batch(
        db,
        SYSTEM,
        u,
        [
            news(2, title="apel  hari amal bakti ", **event),
            news(3, title="Apel Hari Amal Bakti", day=date(2026, 11, 24), **event),
        ],
    )
    assert len(first.added) == 1
    assert [o.status for o in again.outcomes] == ["duplicate", "added"]


def test_rejected_rows_leave_the_valid_ones_and_nothing_stored_changes(db):
    u = unit_id(db, KUPANG)
    item_batches.add_batch(db, SYSTEM, u, [news(1)])
    before = db.conn.execute("SELECT * FROM items").fetchall()
    result = item_batches.add_batch(
        db,
        SYSTEM,
        u,
        [news(1, title="Diubah?"), news(2, link="javascript:alert(1)"), news(3)],
        source="template",
    )
    assert [o.status for o in result.outcomes] == ["duplicate", "rejected", "added"]
    assert result.rejected[0].line == 2 and "http" in result.rejected[0].message
    assert db.conn.execute("SELECT * FROM items WHERE id = 1").fetchall() == before


def test_all_or_nothing_writes_nothing_when_a_row_is_refused(db, accounts):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    version = data_version(db)
    with pytest.raises(item_batches.BatchRejected) as refused:
        item_batches.add_batch(
            db, op, u, [news(1), news(2, title=""), news(3, kind="podcast")], all_or_nothing=True
        )
    outcome = refused.value.result
    assert [o.status for o in outcome.outcomes] == ["valid", "rejected", "rejected"]
    assert said(outcome.rejected[0].problems) == {"title": "Judul wajib diisi."}
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert data_version(db) == version


def test_a_dry_run_reports_everything_and_writes_nothing(db):
    u = unit_id(db, KUPANG)
    version = data_version(db)
    logged = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]  # the seed's
    result = item_batches.add_batch(db, SYSTEM, u, [news(1), news(1), news(2)], dry_run=True)
    assert result.summary() == "added 2, duplicates 1, rejected 0" and not result.written
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged
    assert data_version(db) == version


def test_form_entries_use_the_units_own_day_and_window(db, accounts, monkeypatch):
    # 16.30 UTC: already the 26th in Kupang (WITA), still the 25th in Surabaya (WIB).
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T16:30:00Z")
    kupang = item_batches.add_batch(
        db, SYSTEM, unit_id(db, KUPANG), [news(1, day=date(2026, 11, 26))]
    )
    jatim = item_batches.add_batch(
        db, SYSTEM, unit_id(db, JATIM), [news(1, day=date(2026, 11, 26))]
    )
    assert kupang.summary() == "added 1, duplicates 0, rejected 0"
    assert said(jatim.rejected[0].problems) == {
        "day": "Tanggal di masa depan; hari ini 25/11/2026 WIB."
    }


def test_back_dated_form_entries_are_late_within_the_stored_window(db):
    u = unit_id(db, KUPANG)
    result = item_batches.add_batch(
        db, SYSTEM, u, [news(1, day=date(2026, 11, 20)), news(2, day=date(2026, 10, 1))]
    )
    assert [o.status for o in result.outcomes] == ["added", "rejected"]
    assert result.added[0].checked.late
    settings_store.put(db, SYSTEM, "backdate_days", "90")
    assert item_batches.add_batch(db, SYSTEM, u, [news(2, day=date(2026, 10, 1))]).added
    late = db.conn.execute("SELECT late FROM items ORDER BY id").fetchall()
    assert late == [(1,), (1,)]


def test_imports_accept_old_days_and_mark_only_those_beyond_the_window_late(db):
    u = unit_id(db, KUPANG)
    result = item_batches.add_batch(
        db,
        SYSTEM,
        u,
        [news(1, day=date(2026, 11, 24)), news(2, day=date(2025, 1, 2))],
        source="rss",
    )
    assert [o.checked.late for o in result.added] == [False, True]


def test_another_units_claim_is_accepted_and_flagged(db, accounts):
    kupang, ntt = unit_id(db, KUPANG), unit_id(db, NTT)
    item_batches.add_batch(db, SYSTEM, kupang, [news(1)])
    result = item_batches.add_batch(db, principal(db, "admin"), ntt, [news(1)])
    assert result.summary() == "added 1, duplicates 0, rejected 0"
    assert result.flagged[0].flagged_with == ("Kantor Kemenag Kota Kupang",)
    flags = db.conn.execute("SELECT unit_id, flagged FROM items ORDER BY id").fetchall()
    assert flags == [(kupang, 0), (ntt, 1)]


def test_an_operator_learns_of_a_flag_but_not_the_other_units_name(db, accounts):
    item_batches.add_batch(db, SYSTEM, unit_id(db, JATIM), [news(1)])
    result = item_batches.add_batch(db, principal(db, "op.kupang"), unit_id(db, KUPANG), [news(1)])
    assert result.flagged[0].flagged and result.flagged[0].flagged_with == ()


@pytest.mark.parametrize("username", ["op.kupang", "kepala.kupang", "kanwil.ntt", "pusat"])
def test_only_an_operator_of_the_unit_or_an_admin_may_write(db, accounts, username):
    with pytest.raises(AccessDenied):
        item_batches.add_batch(db, principal(db, username), unit_id(db, JATIM), [news(1)])
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_unknown_source_is_refused(db):
    with pytest.raises(StoreError):
        item_batches.add_batch(db, SYSTEM, unit_id(db, KUPANG), [news(1)], source="api")


def test_the_audit_log_records_who_created_each_item(db, accounts):
    op = principal(db, "op.kupang")
    result = item_batches.add_batch(db, op, unit_id(db, KUPANG), [news(1, title="**x** <b>y</b>")])
    (entry,) = item_audits(db)
    assert entry.actor == "op.kupang" and entry.action == "create"
    assert entry.entity_id == str(result.added[0].item_id)
    assert json.loads(entry.after)["title"] == "**x** <b>y</b>"
    created_by = db.conn.execute("SELECT created_by FROM items").fetchone()[0]
    assert created_by == accounts["op.kupang"]


# --- edits and soft deletes ---------------------------------------------------------------


def _one(db, who="op.kupang", unit=KUPANG, **extra):
    return (
        item_batches.add_batch(
            db, principal(db, who) if who else SYSTEM, unit_id(db, unit), [news(1, **extra)]
        )
        .added[0]
        .item_id
    )


def test_an_operator_edits_its_own_item_with_before_and_after_in_the_log(db, accounts):
    item_id = _one(db)
    op = principal(db, "op.kupang")
    after = item_edits.update(db, op, item_id, title="Judul baru", tag="capaian", note="diperbaiki")
    assert (after.title, after.tag, after.note) == ("Judul baru", "capaian", "diperbaiki")
    entry = item_audits(db)[0]
    assert entry.action == "update" and entry.actor == "op.kupang"
    assert json.loads(entry.before)["title"] == "Berita 1"
    assert json.loads(entry.after)["title"] == "Judul baru"
    assert [h["action"] for h in item_reads.history(db, op, item_id)] == ["create", "update"]


@pytest.mark.parametrize("username", ["op.jatim", "kepala.kupang", "kanwil.ntt"])
def test_no_one_but_the_units_operator_or_an_admin_edits_or_deletes(db, accounts, username):
    item_id = _one(db)
    who = principal(db, username)
    with pytest.raises(AccessDenied):
        item_edits.update(db, who, item_id, title="Bukan milikku")
    with pytest.raises(AccessDenied):
        item_edits.delete(db, who, item_id)
    assert db.conn.execute("SELECT title, deleted FROM items").fetchone() == ("Berita 1", 0)


def test_an_admin_edits_any_units_item(db, accounts):
    item_id = _one(db)
    assert (
        item_edits.update(db, principal(db, "admin"), item_id, title="Oleh admin").title
        == "Oleh admin"
    )


def test_edits_are_checked_like_the_form(db, accounts):
    item_id = _one(db)
    other = item_batches.add_batch(db, SYSTEM, unit_id(db, KUPANG), [news(2)]).added[0].item_id
    op = principal(db, "op.kupang")
    with pytest.raises(item_edits.EntryInvalid) as bad:
        item_edits.update(db, op, item_id, link="javascript:alert(1)", title="")
    assert set(bad.value.problems) == {"title", "link"}
    # The refusal says every field's problem on one line (the command line, a log).
    assert str(bad.value) == (
        "Judul wajib diisi. Tautan harus alamat web (http:// atau https://), bukan jenis lain."
    )
    with pytest.raises(item_edits.EntryInvalid) as dup:
        item_edits.update(db, op, other, link="https://ntt.kemenag.go.id/kota-kupang/berita/1/")
    assert said(dup.value.problems) == {
        "link": "Tautan ini sudah tercatat pada item lain dengan jenis yang sama."
    }
    with pytest.raises(item_edits.EntryInvalid):
        item_edits.update(db, op, item_id, day=date(2026, 11, 26))
    with pytest.raises(StoreError):
        item_edits.update(db, op, item_id, unit_id=1)


def test_moving_an_item_to_an_earlier_day_marks_it_late_and_moves_its_count(db, accounts):
    item_id = _one(db)
    u = unit_id(db, KUPANG)
    after = item_edits.update(db, principal(db, "op.kupang"), item_id, day=date(2026, 11, 24))
    assert after.day == date(2026, 11, 24) and after.late == 1
    assert counts(db) == {(u, "2026-11-24", "berita_website"): 1} == recount(db)


def test_a_soft_delete_stops_the_count_keeps_the_row_and_frees_the_link(db, accounts):
    item_id = _one(db)
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    item_edits.delete(db, op, item_id)
    assert counts(db) == {} == recount(db)
    assert db.conn.execute("SELECT deleted FROM items WHERE id = ?", (item_id,)).fetchone() == (1,)
    assert item_reads.on_day(db, op, u, TODAY) == []
    assert item_reads.get(db, op, item_id) is None
    entry = item_audits(db)[0]
    assert entry.action == "delete" and json.loads(entry.after)["deleted"] == 1
    with pytest.raises(StoreError):
        item_edits.delete(db, op, item_id)
    with pytest.raises(StoreError):
        item_edits.update(db, op, item_id, title="x")
    assert item_batches.add_batch(db, op, u, [news(1)]).added  # the link may be entered again


def test_get_refuses_another_units_item(db, accounts):
    item_id = _one(db, who=None, unit=JATIM)
    with pytest.raises(AccessDenied):
        item_reads.get(db, principal(db, "op.kupang"), item_id)
    assert item_reads.get(db, principal(db, "op.jatim"), item_id).id == item_id


# --- the review list of links claimed by two units ------------------------------------------


def test_flagged_pairs_are_seen_by_a_pimpinan_above_both_units_or_an_admin(db, accounts):
    kupang, ntt, jatim = unit_id(db, KUPANG), unit_id(db, NTT), unit_id(db, JATIM)
    item_batches.add_batch(db, SYSTEM, kupang, [news(1), news(2)])
    item_batches.add_batch(db, SYSTEM, ntt, [news(1)])  # NTT claims Kupang's news 1
    item_batches.add_batch(db, SYSTEM, jatim, [news(2)])  # Jatim claims Kupang's news 2

    def seen(username):
        return {
            (p.first.unit_id, p.second.unit_id)
            for p in item_conflicts.link_conflicts(db, principal(db, username))
        }

    assert seen("admin") == {(kupang, ntt), (kupang, jatim)}
    assert seen("pusat") == {(kupang, ntt), (kupang, jatim)}
    assert seen("kanwil.ntt") == {(kupang, ntt)}  # Jatim is outside its subtree
    assert seen("kepala.kupang") == set()  # the Kanwil is above it, not below
    for username in ["op.kupang", "op.jatim"]:
        with pytest.raises(AccessDenied):
            item_conflicts.link_conflicts(db, principal(db, username))


def test_a_pair_leaves_the_review_list_when_one_side_is_deleted_or_changed(db, accounts):
    kupang, ntt = unit_id(db, KUPANG), unit_id(db, NTT)
    item_batches.add_batch(db, SYSTEM, kupang, [news(1)])
    claim = item_batches.add_batch(db, SYSTEM, ntt, [news(1)]).added[0].item_id
    assert len(item_conflicts.link_conflicts(db, SYSTEM)) == 1
    item_edits.update(db, SYSTEM, claim, link="https://ntt.kemenag.go.id/berita/milik-kanwil")
    assert item_conflicts.link_conflicts(db, SYSTEM) == []
    item_edits.update(db, SYSTEM, claim, link="https://ntt.kemenag.go.id/kota-kupang/berita/1")
    assert len(item_conflicts.link_conflicts(db, SYSTEM)) == 1
    item_edits.delete(db, SYSTEM, claim)
    assert item_conflicts.link_conflicts(db, SYSTEM) == []


# --- concurrency --------------------------------------------------------------------------


def test_concurrent_batches_from_many_threads_all_land_once(db_path, monkeypatch):
    """8 writers, each with its own connection, racing on overlapping links."""
    u = None
    with open_db(db_path) as handle:
        u = unit_id(handle, KUPANG)
    errors: list[BaseException] = []
    results: list[item_batches.BatchResult] = []

    def writer(worker: int) -> None:
        handle = open_db(db_path)
        try:
            for batch in range(5):
                entries = [news(n) for n in range(batch * 10 + worker, batch * 10 + worker + 10)]
                results.append(
                    item_batches.add_batch(handle, SYSTEM, u, entries, source="template")
                )
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            handle.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    wanted = {n for w in range(8) for b in range(5) for n in range(b * 10 + w, b * 10 + w + 10)}
    with open_db(db_path) as handle:
        stored = handle.conn.execute("SELECT count(*) FROM items").fetchone()[0]
        assert counts(handle) == recount(handle)
    assert stored == len(wanted) == sum(len(r.added) for r in results)
    assert sum(len(r.added) + len(r.duplicates) for r in results) == 8 * 5 * 10


def test_threads_sharing_one_connection_take_turns(db):
    """Not the advised use (a connection per thread), but it must not mix transactions."""
    u = unit_id(db, KUPANG)
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for batch in range(5):
                start = worker * 100 + batch * 20
                entries = [news(n) for n in range(start, start + 20)]
                result = item_batches.add_batch(db, SYSTEM, u, entries)
                assert len(result.added) == 20
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 800
    assert counts(db) == recount(db)
