import pytest

from dashboard.store import summary
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import data_version
from tests.conftest import principal, unit_id
from tests.store.test_items import counts, item, recount


@pytest.fixture
def loaded(db):
    from dashboard.store.items import batches as item_batches

    u1, u2 = unit_id(db, "kankemenag-kota-kupang"), unit_id(db, "kanwil-ntt")
    rows = [
        item(u1, day=f"2026-11-{d:02d}", link=f"https://a.id/{d}/{n}")
        for d in range(1, 21)
        for n in range(d % 3 + 1)
    ]
    rows += [
        item(u2, kind="medsos_instagram", link=f"https://instagram.com/p/{n}") for n in range(5)
    ]
    item_batches.bulk_load(db, SYSTEM, rows)
    db.conn.execute("UPDATE items SET deleted = 1 WHERE link = 'https://a.id/5/0'")
    return u1, u2


def corrupt(db, u1, u2):
    conn = db.conn
    conn.execute(
        "UPDATE daily_counts SET n = n + 7 WHERE unit_id = ? AND day = '2026-11-03'", (u1,)
    )
    conn.execute("DELETE FROM daily_counts WHERE unit_id = ?", (u2,))
    conn.execute(
        "INSERT INTO daily_counts (unit_id, day, kind, n) VALUES (?, '2020-01-01', 'siaran_pers', 4)",
        (u1,),
    )


def test_a_corrupted_summary_is_repaired_and_equals_a_recount(db, loaded):
    assert counts(db) == recount(db)
    before_rows = len(counts(db))
    corrupt(db, *loaded)
    assert counts(db) != recount(db)
    assert (
        summary.differing_rows(db) == 2 + 1 + 1
    )  # wrong row counted twice (old and new), missing, extra

    version = data_version(db)
    report = summary.rebuild(db, SYSTEM)

    assert counts(db) == recount(db)
    assert report.rows_before == before_rows - 1 + 1  # one unit's row deleted, one stray added
    assert report.rows_after == before_rows
    assert report.rows_differing == 4
    assert report.items == sum(recount(db).values())
    assert summary.differing_rows(db) == 0
    assert data_version(db) == version + 1
    logged = db.conn.execute(
        "SELECT action, entity, before, after FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert logged[:2] == ("rebuild", "daily_counts") and '"rows_differing": 4' in logged[3]


def test_rebuilding_an_exact_summary_changes_nothing(db, loaded):
    exact = counts(db)
    report = summary.rebuild(db, SYSTEM)
    assert report.rows_differing == 0 and report.rows_before == report.rows_after == len(exact)
    assert counts(db) == exact


def test_the_triggers_still_work_after_a_rebuild(db, loaded):
    corrupt(db, *loaded)
    summary.rebuild(db, SYSTEM)
    db.conn.execute("UPDATE items SET deleted = 1 WHERE link = 'https://a.id/7/0'")
    assert counts(db) == recount(db)


def test_only_admins_rebuild(db, accounts, loaded):
    for username in ("op.kupang", "kepala.kupang"):
        with pytest.raises(AccessDenied):
            summary.rebuild(db, principal(db, username))


def test_count_triggers_names_the_three_item_triggers(db):
    names = [name for name, _ in summary.count_triggers(db)]
    assert names == ["items_count_delete", "items_count_insert", "items_count_update"]
