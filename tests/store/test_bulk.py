import pytest

from dashboard.store import bulk, summary
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError, scalar
from dashboard.store.items.batches import ITEM_COLUMNS
from tests.backends import INTEGRITY_ERRORS, is_postgres
from tests.conftest import principal, unit_id
from tests.store.test_items import counts, item, recount


def rows_for(db, n=300):
    units = [unit_id(db, c) for c in ("kankemenag-kota-kupang", "kanwil-ntt", "kanwil-jatim")]
    out = []
    for i in range(n):
        row = item(
            units[i % 3],
            day=f"2026-10-{i % 28 + 1:02d}",
            kind=("berita_website", "medsos_instagram", "siaran_pers")[i % 3],
            link=f"https://a.kemenag.go.id/berita/{i}",
        )
        out.append(tuple(row[c] for c in ITEM_COLUMNS))
    return out


def schema(db):
    return summary.count_triggers(db), bulk.item_indexes(db)


@pytest.mark.parametrize("mode", bulk.SUMMARY_MODES)
def test_both_modes_end_with_an_exact_summary_and_the_schema_intact(db, mode):
    before = schema(db)
    assert len(before[0]) == 3 and len(before[1]) >= 4  # summary triggers; item indexes
    report = bulk.load_items(db, SYSTEM, rows_for(db), summary_mode=mode, chunk=64)
    assert report.items == 300 and report.mode == mode
    assert counts(db) == recount(db) and report.summary_rows == len(counts(db))
    assert schema(db) == before
    # the triggers fire again for ordinary writes
    db.conn.execute("UPDATE items SET deleted = 1 WHERE link = 'https://a.kemenag.go.id/berita/4'")
    assert counts(db) == recount(db)


def test_a_failed_rebuild_load_rolls_back_and_keeps_triggers_and_indexes(db):
    before = schema(db)
    rows = rows_for(db, 50)
    rows.append(rows[0])  # the same link twice for one unit and kind: the unique index refuses it
    with pytest.raises(INTEGRITY_ERRORS):
        bulk.load_items(db, SYSTEM, rows, summary_mode="rebuild", chunk=16)
    assert scalar(db, "SELECT count(*) FROM items") == 0
    assert schema(db) == before
    assert not db.conn.in_transaction


def test_progress_is_reported_and_never_finished_by_the_store(db):
    seen = []
    bulk.load_items(
        db,
        SYSTEM,
        rows_for(db),
        total=200,
        chunk=100,
        report=lambda d, t, label: seen.append((d, t)),
    )
    assert [d for d, _ in seen][:3] == [100, 200, 300]
    assert all(d < t for d, t in seen)


def test_bulk_loading_is_for_admins(db, accounts):
    with pytest.raises(AccessDenied):
        bulk.load_items(db, principal(db, "op.kupang"), [])
    with pytest.raises(AccessDenied):
        bulk.add_units(db, principal(db, "pusat"), [])


def test_unknown_summary_mode_is_refused(db):
    with pytest.raises(StoreError):
        bulk.load_items(db, SYSTEM, [], summary_mode="later")


def test_add_units_needs_existing_parents(db):
    unit = {
        "code": "kua-uji",
        "name": "KUA Uji",
        "type": "KUA",
        "parent_code": "tidak-ada",
        "province": "",
        "tz": "Asia/Jakarta",
    }
    with pytest.raises(StoreError):
        bulk.add_units(db, SYSTEM, [unit])
    assert bulk.add_units(db, SYSTEM, [{**unit, "parent_code": "kankemenag-kota-kupang"}]) == 1


def test_build_pragmas_are_restored(db):
    if is_postgres(db):
        with bulk.build_pragmas(db):
            assert scalar(db, "SHOW synchronous_commit") == "off"
        assert scalar(db, "SHOW synchronous_commit") == "on"
        return
    with bulk.build_pragmas(db):
        assert scalar(db, "PRAGMA journal_mode") == "delete"
        assert scalar(db, "PRAGMA synchronous") == 0
    assert scalar(db, "PRAGMA journal_mode") == "wal"
    assert scalar(db, "PRAGMA synchronous") == 2
