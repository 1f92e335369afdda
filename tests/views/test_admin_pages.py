"""Pengaturan and Log Audit: what an admin does there, and what the rest of the app then does."""

import time
from datetime import date

from dashboard.store import audit, settings
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from tests.conftest import app_as, principal


def titles(at):
    return [t.value for t in at.title]


# ---- Pengaturan -------------------------------------------------------------------------


def test_settings_page_has_a_field_for_every_setting(db, accounts):
    at = app_as(db, "admin", page="views/settings.py")
    keys = {n.key for n in at.number_input}
    assert keys == {f"setting_{k}" for k in settings.DEFAULTS}
    for key, default in settings.DEFAULTS.items():
        assert at.number_input(key=f"setting_{key}").value == int(default)


def test_admin_changes_settings_and_the_change_is_audited(db, accounts):
    at = app_as(db, "admin", page="views/settings.py")
    at.number_input(key="setting_session_idle_minutes").set_value(45)
    at.number_input(key="setting_backdate_days").set_value(7)
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Disimpan: Batas isian mundur, Sesi berakhir bila tidak aktif."
    ]
    assert settings.all_values(db) == {
        "backdate_days": "7",
        "session_idle_minutes": "45",
        "session_max_days": "30",
    }
    logged = [e for e in audit.recent(db, limit=2) if e.entity == "setting"]
    assert {(e.entity_id, e.actor, e.after) for e in logged} == {
        ("backdate_days", "admin", '"7"'),
        ("session_idle_minutes", "admin", '"45"'),
    }
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Tidak ada yang berubah."]


def test_a_value_outside_the_range_never_reaches_the_store(db, accounts):
    at = app_as(db, "admin", page="views/settings.py")
    # The widget keeps values inside the range (the store refuses the rest: test_settings.py).
    at.number_input(key="setting_session_idle_minutes").set_value(2)
    at.button[0].click().run()
    assert not at.exception
    assert at.number_input(key="setting_session_idle_minutes").value == 120
    assert settings.get(db, "session_idle_minutes") == "120"


def test_sessions_end_after_the_idle_time_the_admin_set(db, accounts):
    settings.put(db, principal(db, "admin"), "session_idle_minutes", 10)
    fresh = app_as(db, "op.kupang")
    fresh.session_state["last_seen"] = time.time() - 9 * 60
    fresh.run()
    assert titles(fresh) == ["Input Harian"]
    idle = app_as(db, "op.kupang")
    idle.session_state["last_seen"] = time.time() - 11 * 60
    idle.run()
    assert titles(idle) == ["Pantau Humas"]
    assert any("lama tidak aktif" in i.value for i in idle.info)
    # Under the default of 120 minutes the same 11 minutes would not have ended it.
    settings.put(db, principal(db, "admin"), "session_idle_minutes", 120)
    again = app_as(db, "op.kupang")
    again.session_state["last_seen"] = time.time() - 11 * 60
    again.run()
    assert titles(again) == ["Input Harian"]


# ---- Log Audit --------------------------------------------------------------------------

HOSTILE = "**tebal** [klik](javascript:alert(1)) <img src=x onerror=alert(1)> ![](http://x/y.png)"


def test_audit_page_shows_changes_newest_first_as_text(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")
    unit_store.update(db, principal(db, "admin"), "kanwil-ntt", name="NTT lama")
    unit_store.update(db, principal(db, "admin"), "kanwil-ntt", name=HOSTILE)
    at = app_as(db, "admin", page="views/audit_log.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Aksi"][:2]) == ["ubah", "ubah"]
    assert list(table["Data"][:2]) == ["unit kerja", "unit kerja"]
    assert table["Tentang"][0] == HOSTILE  # a plain cell, as stored
    assert table["Perubahan"][0] == f"Nama: NTT lama → {HOSTILE}"  # the changed field only
    assert table["Perubahan"][1] == ("Nama: Kanwil Kemenag Provinsi Nusa Tenggara Timur → NTT lama")
    assert table["Waktu"][0] == "25 Nov 2026 12.30 WIB"  # the admin's unit is in WIB
    assert "Kunci" not in table.columns  # the word belongs to locked accounts (Pengguna)
    # Nothing the user typed reaches Markdown.
    assert not any("javascript" in m.value for m in at.markdown)
    assert not any("javascript" in c.value for c in at.caption)


def test_an_item_edit_shows_its_title_and_the_changed_fields_in_indonesian(db, accounts):
    from dashboard.entries import Entry
    from dashboard.store.items import batches as item_batches
    from dashboard.store.items import edits as item_edits

    operator = principal(db, "op.kupang")
    kupang = user_store.by_username(db, "op.kupang").unit_id
    result = item_batches.add_batch(
        db,
        operator,
        kupang,
        [
            Entry(
                day=date.today(),
                kind="berita_website",
                title="Rakor Penyuluh",
                link="https://ntt.kemenag.go.id/b/rakor",
            )
        ],
    )
    item_id = result.added[0].item_id
    item_edits.update(
        db,
        operator,
        item_id,
        day=date.today(),
        kind="medsos_instagram",
        title="Rakor Penyuluh Agama",
        link="https://www.instagram.com/p/RAKOR1/",
        note="",
        tag="capaian",
    )
    item_edits.delete(db, operator, item_id)
    at = app_as(db, "admin", page="views/audit_log.py")
    table = at.dataframe[0].value
    assert list(table["Tentang"][:3]) == ["Rakor Penyuluh Agama"] * 2 + ["Rakor Penyuluh"]
    assert list(table["Aksi"][:3]) == ["hapus", "ubah", "tambah"]
    assert table["Perubahan"][0] == "Dihapus: tidak → ya"
    edit = table["Perubahan"][1]
    assert edit.startswith(
        "Judul: Rakor Penyuluh → Rakor Penyuluh Agama · Jenis: Berita website → Instagram"
    )
    assert "Tag: Capaian/dampak" in edit and "Tautan: https://ntt" in edit
    for english in ("title", "kind", "deleted", "flagged", "late", "source", "day"):
        assert f"{english}:" not in " ".join(table["Perubahan"])
    # The entry in detail: one row per changed field, or the whole record.
    at.session_state["audit_table"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    fields = at.dataframe[1].value
    assert list(fields["Isian"]) == ["Judul", "Jenis", "Tautan", "Tag"]
    assert list(fields.iloc[0]) == ["Judul", "Rakor Penyuluh", "Rakor Penyuluh Agama"]
    at.toggle(key="audit_whole").set_value(True).run()
    every = list(at.dataframe[1].value["Isian"])
    assert {"Tanggal", "Catatan", "Sumber", "Terlambat", "Dihapus"} <= set(every)
    assert not at.code  # no code block (and no English "Copy to clipboard" button)


def test_audit_page_filters_by_unit_user_and_dates(db, accounts, monkeypatch):
    admin = principal(db, "admin")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-20T17:30:00Z")  # 21 Nov, 00.30 WIB
    unit_store.update(db, admin, "kanwil-ntt", name="NTT 21 November")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-24T03:00:00Z")
    unit_store.update(db, SYSTEM, "kanwil-jatim", name="Jatim 24 November")
    unit_store.update(db, admin, "kankemenag-kota-kupang", name="Kupang 24 November")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")

    def shown(at):
        table = at.dataframe[0].value if at.dataframe else None
        if table is None:
            return []
        return list(table["Tentang"])

    at = app_as(db, "admin", page="views/audit_log.py")
    at.date_input(key="audit_dates").set_value((date(2026, 11, 21), date(2026, 11, 25))).run()
    assert shown(at)[:3] == ["Kupang 24 November", "Jatim 24 November", "NTT 21 November"]
    at.selectbox(key="audit_unit").select("kanwil-ntt").run()
    assert shown(at) == ["NTT 21 November"]
    at.toggle(key="audit_below").set_value(True).run()
    assert shown(at) == ["Kupang 24 November", "NTT 21 November"]
    at.selectbox(key="audit_unit").select(None).run()
    at.selectbox(key="audit_actor").select("__system__").run()
    assert "Jatim 24 November" in shown(at) and "NTT 21 November" not in shown(at)
    at.selectbox(key="audit_actor").select("admin").run()
    assert shown(at) == ["Kupang 24 November", "NTT 21 November"]
    # The 21st in WIB began at 17.00 UTC on the 20th.
    at.date_input(key="audit_dates").set_value((date(2026, 11, 20), date(2026, 11, 20))).run()
    assert shown(at) == [] and "Tidak ada entri" in at.info[0].value
    at.date_input(key="audit_dates").set_value((date(2026, 11, 21), date(2026, 11, 21))).run()
    assert shown(at) == ["NTT 21 November"]


def test_audit_page_pages_through_fifty_at_a_time(db, accounts):
    admin = principal(db, "admin")
    for n in range(60):
        unit_store.update(db, admin, "kanwil-ntt", name=f"NTT {n}")
    at = app_as(db, "admin", page="views/audit_log.py")
    at.selectbox(key="audit_actor").select("admin").run()
    assert len(at.dataframe[0].value) == 50
    assert "Entri 1–50 dari 60" in [c.value for c in at.caption][1]
    at.button(key="audit_next").click().run()
    table = at.dataframe[0].value
    assert len(table) == 10
    assert table["Tentang"][9] == "NTT 0"
    assert at.button(key="audit_next").disabled
    # A new filter starts again on the first page.
    at.selectbox(key="audit_unit").select("kanwil-ntt").run()
    assert len(at.dataframe[0].value) == 50


def test_a_sessions_times_read_in_the_admins_own_zone(db, accounts, monkeypatch):
    """A session's end is logged in UTC; an admin in Kupang reads it in WITA."""
    from datetime import timedelta

    from dashboard import auth, clock
    from dashboard.store import sessions as session_store
    from tests.conftest import PASSWORD

    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")
    auth.create_user(
        db, SYSTEM, username="admin.ntt", password=PASSWORD, role="admin", unit_code="kanwil-ntt"
    )
    session_store.start(
        db,
        accounts["op.kupang"],
        method="password",
        now=clock.utc_now(),
        max_age=timedelta(days=30),
        user_agent="Mozilla/5.0 (Linux; Android 14)",
        address=None,
    )
    at = app_as(db, "admin.ntt", page="views/audit_log.py")
    table = at.dataframe[0].value
    row = table[table["Tentang"] == "op.kupang"].iloc[0]
    assert "Berlaku sampai: 25 Des 2026 13.30 WITA" in row["Perubahan"]
    assert "Alamat perangkat" not in row["Perubahan"]  # not known: not listed
    assert "T05:30:00Z" not in " ".join(table["Perubahan"])
