"""Every page, for every role: it renders without error, or refuses plainly."""

import time
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.ui.pages import PAGES
from dashboard.ui.text import md_escape
from tests.conftest import ACCOUNTS, APP, app_as, principal, unit_id
from tests.hostile.corpus import live_on_page

ROLES_BY_USER = {name: role for name, (role, _unit) in ACCOUNTS.items()}


@pytest.mark.parametrize("username", list(ACCOUNTS))
@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_page_for_role(db, accounts, username, spec):
    role = ROLES_BY_USER[username]
    if role in spec.roles:
        at = app_as(db, username, page=spec.file)
        assert not at.exception, at.exception
        assert at.title[0].value == spec.title
    else:
        # Not in this role's menu; run the page file directly to prove its own guard holds.
        at = AppTest.from_file(str(APP.parent / spec.file), default_timeout=60)
        at.session_state["principal"] = principal(db, username)
        at.session_state["last_seen"] = time.time()
        at.run()
        assert [e.value for e in at.error] == ["Halaman ini tidak tersedia untuk peran Anda."]
        assert not at.dataframe


def test_page_without_sign_in_refuses(db):
    for spec in PAGES:
        at = AppTest.from_file(str(APP.parent / spec.file), default_timeout=60).run()
        assert [w.value for w in at.warning] == ["Silakan masuk terlebih dahulu."]


def _add_item(db, unit_code, title, day):
    item_batches.bulk_load(
        db,
        SYSTEM,
        [
            {
                "unit_id": unit_id(db, unit_code),
                "day": day,
                "kind": "berita_website",
                "title": title,
                "link": "https://ntt.kemenag.go.id/kota-kupang/berita/1",
                "link_key": "https://ntt.kemenag.go.id/kota-kupang/berita/1",
                "note": "",
                "tag": "capaian",
                "source": "form",
                "published_at": "2026-11-25T03:00:00Z",
                "late": 0,
                "created_by": None,
                "created_at": "2026-11-25T03:00:00Z",
                "updated_at": "2026-11-25T03:00:00Z",
            }
        ],
    )


def test_home_shows_todays_items_in_the_units_own_day(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T10:20:00Z")  # 18:20 WITA
    at = app_as(db, "op.kupang", page="views/home.py")
    assert "Belum ada berita — 5 jam 40 menit lagi sebelum hari berganti (WITA)" in [
        w.value for w in at.warning
    ]
    assert "Rabu, 25 November 2026" in at.caption[0].value
    _add_item(db, "kankemenag-kota-kupang", "Pelatihan **Moderasi** <b>Beragama</b>", "2026-11-25")
    at.run()
    assert [s.value for s in at.success] == ["Sudah ada berita hari ini"]
    # The tiles say the count against today's target, as Unit Saya and Input Harian do.
    tiles = {m.label: (m.value, m.delta) for m in at.metric}
    assert tiles["Berita hari ini"] == ("1 / 1", "✓ memenuhi target")
    assert tiles["Medsos hari ini"] == ("0 / 1", "hari masih berjalan")
    assert tiles["Media hari ini"] == ("0", "tanpa target")
    table = at.dataframe[0].value
    # The title is a data cell, shown exactly as typed, never as Markdown or HTML.
    assert list(table["Judul"]) == ["Pelatihan **Moderasi** <b>Beragama</b>"]
    assert list(table["Waktu"]) == ["11.00 WITA"]


def test_units_page_search_and_detail(db, accounts):
    at = app_as(db, "op.kupang", page="views/units.py")
    at.text_input(key="q").input("kota kupang").run()
    table = at.dataframe[0].value
    assert list(table["Kode"]) == ["kankemenag-kota-kupang"]
    assert list(table["Zona"]) == ["WITA"]


def test_admin_adds_a_user_from_the_page(db, accounts):
    at = app_as(db, "admin", page="views/users.py")
    at.text_input(key="new_username").input("siti.ntt")
    at.text_input(key="new_full_name").input("Siti")
    at.selectbox(key="new_unit").select("kanwil-ntt")
    at.text_input(key="new_password").input("kata-sandi-siti-1")
    at.text_input(key="new_password_again").input("kata-sandi-siti-1")
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        md_escape(
            "Pengguna siti.ntt ditambahkan. Saat pertama masuk, ia diminta mengganti kata "
            "sandi awal."
        )
    ]
    table = at.dataframe[0].value
    assert "siti.ntt" in list(table["Nama pengguna"])
    assert table[table["Nama pengguna"] == "siti.ntt"]["Status"].iloc[0] == (
        "Aktif, belum ganti kata sandi"
    )
    # An empty form for the next account: no name, no unit, no password left behind.
    for key in ("new_username", "new_full_name", "new_email", "new_password", "new_password_again"):
        assert at.text_input(key=key).value == "", key
    assert at.selectbox(key="new_unit").value is None
    assert user_store.must_change_password(db, user_store.by_username(db, "siti.ntt").id)


def test_admin_add_user_refusal_keeps_the_form_but_never_the_passwords(db, accounts):
    at = app_as(db, "admin", page="views/users.py")
    at.text_input(key="new_username").input("op.kupang")
    at.text_input(key="new_email").input("bukan email")
    at.selectbox(key="new_unit").select("kanwil-ntt")
    at.text_input(key="new_password").input("kata-sandi-siti-1")
    at.text_input(key="new_password_again").input("kata-sandi-siti-1")
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [md_escape("Alamat e-mail tidak sah.")]
    assert at.text_input(key="new_username").value == "op.kupang"
    assert at.text_input(key="new_email").value == "bukan email"
    assert at.selectbox(key="new_unit").value == "kanwil-ntt"
    assert at.text_input(key="new_password").value == ""
    assert at.text_input(key="new_password_again").value == ""
    at.text_input(key="new_email").input("")
    at.text_input(key="new_password").input("kata-sandi-siti-1")
    at.text_input(key="new_password_again").input("kata-sandi-siti-1")
    at.button[0].click().run()
    assert any(md_escape("sudah dipakai") in e.value for e in at.error)
    assert at.text_input(key="new_username").value == "op.kupang"


def test_the_users_table_says_locked_in_its_own_words(db, accounts):
    from dashboard import auth

    for _ in range(5):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")
    at = app_as(db, "admin", page="views/users.py")
    table = at.dataframe[0].value
    assert "Kunci" not in table.columns  # "Kunci" is no longer two things
    locked = table[table["Nama pengguna"] == "op.kupang"]["Terkunci"].iloc[0]
    assert locked.startswith("sampai ") and locked.endswith(" WIB")
    assert table[table["Nama pengguna"] == "op.jatim"]["Terkunci"].iloc[0] == ""


def test_account_messages_that_echo_typed_text_show_it_as_text(db, accounts):
    # A user name may look like a web address, and an e-mail address autolinks in Markdown.
    at = app_as(db, "admin", page="views/users.py")
    for username in ("www.evil.example", "siti.ntt"):
        at.text_input(key="new_username").input(username)
        at.text_input(key="new_email").input("siti@evil.example")
        at.selectbox(key="new_unit").select("kanwil-ntt")
        at.text_input(key="new_password").input("kata-sandi-siti-1")
        at.text_input(key="new_password_again").input("kata-sandi-siti-1")
        at.button[0].click().run()
        assert not at.exception
    assert [s.value for s in at.success] == []  # the second was refused: the address is taken
    assert any("sudah dipakai" in e.value.replace("\\", "") for e in at.error)
    assert live_on_page(at) == []
    at = app_as(db, "admin", page="views/users.py")
    at.text_input(key="new_username").input("www.evil2.example")
    at.selectbox(key="new_unit").select("kanwil-ntt")
    at.text_input(key="new_password").input("kata-sandi-siti-1")
    at.text_input(key="new_password_again").input("kata-sandi-siti-1")
    at.button[0].click().run()
    assert len(at.success) == 1 and live_on_page(at) == []


def test_an_item_without_a_link_shows_an_empty_cell_not_none(db, accounts, monkeypatch):
    from dashboard.entries import Entry

    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")
    item_batches.add_batch(
        db,
        SYSTEM,
        unit_id(db, "kankemenag-kota-kupang"),
        [Entry(day=date(2026, 11, 25), kind="kegiatan_diliput", title="Apel pagi")],
    )
    at = app_as(db, "op.kupang", page="views/home.py")
    table = at.dataframe[0].value
    assert list(table["Tautan"]) == [""]
    assert tiles_of(at)["Kegiatan hari ini"] == ("1", "tanpa target")


def tiles_of(at):
    return {m.label: (m.value, m.delta) for m in at.metric}
