"""Issue 18 item 1: nothing is written or made for download after the session ended.

A page open in a browser keeps the principal of its last run. Callbacks (save,
edit, delete) and report makers run before (or outside) the next run's check:
each must ask for the account and session of its own moment, and the store
refuses an inactive account whatever a page holds.
"""

from datetime import timedelta

import pytest
import streamlit

from dashboard import clock
from dashboard.entries import Entry
from dashboard.store import sessions as session_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.items import batches as item_batches
from tests.conftest import PASSWORD, app_as, principal, unit_id
from tests.views.test_entry_page import KUPANG_LINK, fill

PAGE = "views/entry.py"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")  # 13.30 WITA


def signed_in(db, username, page=None):
    """Signed in through the form: the tab holds a session stored on the server."""
    at = app_as(db, None)
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["session_id"], "the sign-in stored a session"
    if page:
        at.switch_page(page).run()
    return at


def items(db):
    return db.conn.execute("SELECT title FROM items ORDER BY id").fetchall()


def audit_after(db, mark):
    return db.conn.execute(
        "SELECT action, entity FROM audit_log WHERE id > ? ORDER BY id", (mark,)
    ).fetchall()


def last_audit_id(db):
    return db.conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def titles(at):
    return [t.value for t in at.title]


def test_a_save_after_the_account_was_deactivated_writes_nothing(db, accounts):
    """The finding: 'Simpan semua' still saved, and the audit showed a create after the deactivate."""
    at = signed_in(db, "op.kupang", PAGE)
    fill(at, 0, kind="berita_website", title="Rakor Penyuluh", link=KUPANG_LINK + "rakor")
    mark = last_audit_id(db)
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)  # humas user deactivate
    at.button(key="entry_save").click().run()
    assert not at.exception
    assert items(db) == []
    assert [a for a, _ in audit_after(db, mark)] == ["deactivate", "end"]  # no create after it
    assert titles(at) == ["Pantau Humas"]
    assert any("tidak aktif" in i.value for i in at.info)


def test_a_save_after_the_idle_sign_out_writes_nothing(db, accounts):
    at = signed_in(db, "op.kupang", PAGE)
    fill(at, 0, kind="berita_website", title="Rakor Penyuluh", link=KUPANG_LINK + "rakor")
    then = clock.iso(clock.utc_now() - timedelta(hours=3))  # the default idle limit is 2 hours
    db.conn.execute(
        "UPDATE sessions SET created_at = ?, last_seen_at = ? WHERE id = ?",
        (then, then, at.session_state["session_id"]),
    )
    at.button(key="entry_save").click().run()
    assert items(db) == []
    assert titles(at) == ["Pantau Humas"]
    assert any("lama tidak aktif" in i.value for i in at.info)


def test_a_save_after_the_session_was_ended_elsewhere_writes_nothing(db, accounts):
    at = signed_in(db, "op.kupang", PAGE)
    fill(at, 0, kind="berita_website", title="Rakor Penyuluh", link=KUPANG_LINK + "rakor")
    session_store.end_all(db, principal(db, "admin"), accounts["op.kupang"], "admin")
    at.button(key="entry_save").click().run()
    assert items(db) == []
    assert titles(at) == ["Pantau Humas"]


def _one_item(db, at):
    item_batches.add_batch(
        db,
        principal(db, "op.kupang"),
        unit_id(db, "kankemenag-kota-kupang"),
        [Entry(day=clock.utc_now().date(), kind="berita_website", title="Lama", link=KUPANG_LINK)],
    )
    return db.conn.execute("SELECT id FROM items").fetchone()[0]


def test_an_edit_after_deactivation_changes_nothing(db, accounts):
    at = signed_in(db, "op.kupang")
    item = _one_item(db, at)
    at.query_params["item"] = str(item)
    at.switch_page(PAGE).run()
    at.text_input(key=f"edit_title_{item}").input("Judul baru")
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    at.button(key="edit_save").click().run()
    assert items(db) == [("Lama",)]
    assert titles(at) == ["Pantau Humas"]


def test_a_delete_after_the_session_was_ended_deletes_nothing(db, accounts):
    at = signed_in(db, "op.kupang")
    item = _one_item(db, at)
    at.query_params["item"] = str(item)
    at.switch_page(PAGE).run()
    at.button(key="edit_delete").click().run()
    session_store.end(db, principal(db, "op.kupang"), at.session_state["session_id"], "ended")
    at.button(key="edit_delete_yes").click().run()
    assert db.conn.execute("SELECT deleted FROM items WHERE id = ?", (item,)).fetchone() == (0,)
    assert titles(at) == ["Pantau Humas"]


def test_the_store_refuses_an_inactive_account_whatever_the_page_holds(db, accounts):
    stale = principal(db, "op.kupang")  # what a page captured on an earlier run
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    with pytest.raises(AccessDenied, match="tidak aktif"):
        item_batches.add_batch(
            db,
            stale,
            unit_id(db, "kankemenag-kota-kupang"),
            [Entry(day=clock.utc_now().date(), kind="berita_website", title="X", link=KUPANG_LINK)],
        )
    assert items(db) == []


def test_a_report_file_is_made_for_the_session_of_its_moment(db, accounts, monkeypatch):
    """Laporan's makers run on a thread of their own when pressed: they check the session then."""
    makers = {}
    original = streamlit.download_button

    def spy(label, data=None, **kwargs):
        makers[kwargs.get("key")] = data
        return original(label, data=data, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", spy)
    at = signed_in(db, "kepala.kupang", "views/reports.py")
    assert not at.exception
    assert makers["unduh_csv"]().startswith(b"\xef\xbb\xbf")  # a CSV while the session lives
    user_store.set_active(db, SYSTEM, accounts["kepala.kupang"], False)
    for maker in makers.values():
        with pytest.raises(AccessDenied):
            maker()
