"""Every form of the app, fed the whole hostile corpus through AppTest.

For each string in each field: the page never shows an exception; a refused
input changes nothing stored (the snapshot of every record table is equal)
and says why; an accepted one is stored exactly as typed (surrounding spaces
aside); and no Markdown on the page renders anything live afterwards.
Expectations are the rules themselves: titles and notes refuse formulas,
control characters and oversize text; names and notes refuse control
characters and oversize text; user names and links accept none of the corpus.
"""

from __future__ import annotations

import socket
from datetime import date, timedelta

import pytest

from dashboard import auth, channel_address
from dashboard.auth import LOGIN_REFUSED
from dashboard.entries import Entry
from dashboard.store import limits, screens
from dashboard.store import settings as settings_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import StoreError
from dashboard.store.items import batches as item_batches
from dashboard.store.items import reads as item_reads
from tests.conftest import PASSWORD, app_as, open_page, principal, unit_id
from tests.hostile.corpus import (
    ALWAYS_REFUSED,
    FORMULAS,
    TEXTS,
    URLS,
    files,
    live_on_page,
    snapshot,
)

NOW = "2026-11-25T05:30:00Z"  # Wednesday, 13.30 WITA
LINK = "https://ntt.kemenag.go.id/kota-kupang/berita/"
ENTRY, IMPORTS = "views/entry.py", "views/imports.py"
# A refused sign-in is counted on the account it names: that is its job, not a change of record.
SIGN_IN_COUNTERS = {"users": ("failed_logins", "locked_until")}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Feed URLs may resolve numeric and local names only: a test never reaches the network."""
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in str(host) else socket.AF_INET, host)
        except (OSError, TypeError):
            if host != "localhost":
                raise AssertionError(f"a test tried to resolve {host!r}") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


def settled(at, what: str) -> None:
    """The run ended without an exception and nothing on the page renders live markup."""
    assert not at.exception, (what, at.exception)
    assert live_on_page(at) == [], what


def new_rows(before: dict, after: dict, table: str, *, also: tuple = ()) -> list[tuple]:
    """The rows `table` gained; every other table (but the log and `also`) is unchanged."""
    for name, rows in before.items():
        if name not in (table, "audit_log", *also):
            assert after[name] == rows, f"{name} changed"
    assert after[table][: len(before[table])] == before[table]
    return after[table][len(before[table]) :]


def never_stored(db, text: str, what: str) -> None:
    """A value over a widget's max_chars is dropped by Streamlit (the field keeps its last
    value): whatever the form then saves, the text itself reaches no table."""
    assert not any(text in str(row) for rows in snapshot(db).values() for row in rows), what


def errors(at) -> list[str]:
    return [e.value for e in at.error]


# --- Masuk (sign-in) --------------------------------------------------------------------------


@pytest.fixture
def no_client_delay(monkeypatch):
    """These tests try dozens of wrong sign-ins from one client on purpose: the per-client
    waits (tested in tests/test_auth.py) would otherwise answer most of them."""
    monkeypatch.setattr(limits, "CLIENT_FREE", 10_000)


def test_sign_in(db, accounts, no_client_delay):
    # Hostile names (never a real one: a value over max_chars is dropped by Streamlit and the
    # field keeps its previous value, which must not be an account's name).
    at = app_as(db, None)
    before = snapshot(db, ignore=SIGN_IN_COUNTERS)
    for name, text in TEXTS.items():
        for password in (text, PASSWORD):
            at.text_input[0].input(text)
            at.text_input[1].input(password)
            at.button[0].click().run()
            settled(at, name)
            assert errors(at) == [LOGIN_REFUSED], name
            assert "principal" not in at.session_state
    assert snapshot(db, ignore=SIGN_IN_COUNTERS) == before


def test_sign_in_with_hostile_passwords(db, accounts, no_client_delay):
    at = app_as(db, None)
    before = snapshot(db, ignore=SIGN_IN_COUNTERS)
    for name, text in TEXTS.items():
        at.text_input[0].input("op.kupang")
        at.text_input[1].input(text)
        at.button[0].click().run()
        settled(at, name)
        assert errors(at) == [LOGIN_REFUSED], name
        assert "principal" not in at.session_state
    # The failures locked the account (as five failures must); nothing else changed.
    after = snapshot(db, ignore=SIGN_IN_COUNTERS)
    assert [r[4] for r in new_rows(before, after, "audit_log")] == ["lock"]


# --- Input Harian -----------------------------------------------------------------------------

TYPED_REFUSED = ALWAYS_REFUSED | FORMULAS
FORM_MAX_CHARS = {"title": 500, "link": 2048, "note": 2000}  # the widgets' max_chars


def _fill(at, row: int, **fields) -> None:
    at.pills(key=f"entry_kind_{row}").set_value("berita_website")
    for field, value in fields.items():
        at.text_input(key=f"entry_{field}_{row}").input(value)


@pytest.mark.parametrize("field", ["title", "note", "link"])
def test_input_harian_add(db, accounts, field):
    at = open_page(db, "op.kupang", ENTRY)
    column = {"title": 4, "link": 5, "note": 7}[field]  # in `SELECT * FROM items`
    for i, (name, text) in enumerate(TEXTS.items()):
        values = {"title": f"Berita sah {i}", "link": f"{LINK}{field}-{i}", "note": ""}
        values[field] = text
        before = snapshot(db)
        _fill(at, 0, **values)
        at.button(key="entry_save").click().run()
        settled(at, name)
        added = new_rows(before, snapshot(db), "items")
        if len(text) > FORM_MAX_CHARS[field]:
            never_stored(db, text, name)
            continue
        if field != "link" and name not in TYPED_REFUSED:
            assert len(added) == 1, name
            assert added[0][column] == text.strip(), name
            assert len(at.success) == 1, name
        else:
            assert added == [], name
            assert snapshot(db) == before, name
            assert len(errors(at)) >= 2, name  # the summary, and the message beside the field


@pytest.mark.parametrize("field", ["title", "note", "link"])
def test_input_harian_edit(db, accounts, field):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    (item_id,) = [
        o.item_id
        for o in item_batches.add_batch(
            db,
            SYSTEM,
            kupang,
            [Entry(day=date(2026, 11, 25), kind="berita_website", title="Asli", link=LINK + "a")],
        ).added
    ]
    at = open_page(db, "op.kupang", ENTRY)
    at.button(key=f"entry_open_{item_id}").click().run()
    for name, text in TEXTS.items():
        before = snapshot(db)
        at.text_input(key=f"edit_{field}_{item_id}").input(text)
        at.button(key="edit_save").click().run()
        settled(at, name)
        item = item_reads.get(db, SYSTEM, item_id)
        if len(text) > FORM_MAX_CHARS[field]:
            never_stored(db, text, name)
            continue
        if field != "link" and name not in TYPED_REFUSED:
            assert getattr(item, field) == text.strip(), name
            assert "Perubahan disimpan." in [s.value for s in at.success], name
        else:
            assert snapshot(db) == before, name
            assert errors(at), name
            at.text_input(key=f"edit_{field}_{item_id}").input(before_value(before, item_id, field))


def before_value(before: dict, item_id: int, field: str) -> str:
    """The field's stored value in a snapshot, to put back into the form after a refusal."""
    row = next(r for r in before["items"] if r[0] == item_id)
    return {"title": row[4], "link": row[5], "note": row[7]}[field] or ""


# --- Pengguna, Akun Saya ----------------------------------------------------------------------


USER_MAX_CHARS = {"new_username": 64, "new_full_name": 120, "new_email": 200}


def _policy_refuses(password: str, username: str | None = None) -> bool:
    """The password rule itself (length, common and trivial passwords, the user name)."""
    try:
        auth.check_password_policy(password, username=username)
    except auth.PasswordPolicyError:
        return True
    return False


@pytest.mark.parametrize("field", ["new_username", "new_full_name", "new_email", "new_password"])
def test_pengguna_add(db, accounts, field):
    at = open_page(db, "admin", "views/users.py")
    for i, (name, text) in enumerate(TEXTS.items()):
        values = {
            "new_username": f"uji.{i}",
            "new_full_name": "Pengguna Uji",
            "new_email": "",
            "new_password": "kata-sandi-uji-1",
        }
        values[field] = text
        values["new_password_again"] = values["new_password"]
        for key, value in values.items():
            at.text_input(key=key).input(value)
        at.selectbox(key="new_unit").select("kanwil-ntt")
        before = snapshot(db)
        at.button[0].click().run()
        settled(at, name)
        if len(text) > USER_MAX_CHARS.get(field, len(text)):
            never_stored(db, text, name)
            continue
        accepted = {
            "new_username": False,  # 3-64 letters, digits, . _ -: none of the corpus
            "new_full_name": name not in ALWAYS_REFUSED,
            "new_email": False,  # no corpus string is an address
            "new_password": not _policy_refuses(text, f"uji.{i}"),
        }[field]
        if accepted:
            user = user_store.by_username(db, values["new_username"])
            assert user is not None, name
            if field == "new_full_name":
                assert user.full_name == text.strip(), name
            if field == "new_password":
                assert auth.authenticate(db, user.username, text) is not None, name
        else:
            assert snapshot(db) == before, name
            assert errors(at), name


def test_pengguna_reset_password(db, accounts):
    at = open_page(db, "admin", "views/users.py")
    next(s for s in at.selectbox if s.label == "Akun").select("op.kupang").run()
    box = next(t for t in at.text_input if t.label == "Kata sandi baru")
    button = next(b for b in at.button if b.label == "Atur ulang kata sandi")
    for name, text in TEXTS.items():
        before = snapshot(db)
        box.input(text)
        button.click().run()
        settled(at, name)
        if _policy_refuses(text, "op.kupang"):
            assert snapshot(db) == before, name
            assert errors(at), name
        else:
            assert auth.authenticate(db, "op.kupang", text) is not None, name
        next(s for s in at.selectbox if s.label == "Akun").select("op.kupang").run()
        box = next(t for t in at.text_input if t.label == "Kata sandi baru")
        button = next(b for b in at.button if b.label == "Atur ulang kata sandi")


def test_akun_saya_change_password(db, accounts):
    at = open_page(db, "op.kupang", "views/account.py")
    current = PASSWORD
    for name, text in TEXTS.items():
        for old, new in [(text, "kata-sandi-baru-1"), (current, text)]:
            boxes = at.text_input
            boxes[0].input(old)
            boxes[1].input(new)
            boxes[2].input(new)
            before = snapshot(db)
            at.button[0].click().run()
            settled(at, name)
            if old == current and not _policy_refuses(new, "op.kupang"):
                assert [s.value.startswith("Kata sandi diganti.") for s in at.success] == [True]
                current = new
            else:
                assert snapshot(db) == before, name
                assert errors(at), name
    assert auth.authenticate(db, "op.kupang", current) is not None


# --- Target, Kalender Kerja, Pengaturan -------------------------------------------------------


def test_target_add(db, accounts):
    at = open_page(db, "admin", "views/targets.py")
    first = date(2030, 1, 1)
    for i, (name, text) in enumerate(TEXTS.items()):
        day = first + timedelta(days=2 * i)  # one day each: targets of a scope never overlap
        at.date_input(key="t_from").set_value(day)
        at.date_input(key="t_to").set_value(day)
        at.text_input(key="t_note").input(text)
        before = snapshot(db)
        next(b for b in at.button if b.label == "Simpan target").click().run()
        settled(at, name)
        if len(text) > 500:  # the note's max_chars
            never_stored(db, text, name)
            continue
        added = new_rows(before, snapshot(db), "targets")
        if name not in ALWAYS_REFUSED:
            assert len(added) == 1 and text.strip() in added[0], name
        else:
            assert snapshot(db) == before, name
            assert errors(at), name


def test_kalender_override(db, accounts):
    at = open_page(db, "admin", "views/calendar.py")
    for i, (name, text) in enumerate(TEXTS.items()):
        at.date_input(key="o_day").set_value(date(2026, 12, 1) + timedelta(days=i))
        at.text_input(key="o_note").input(text)
        before = snapshot(db)
        at.button(key="o_ask").click().run()
        if not errors(at):  # asked to confirm: confirm
            at.button(key="o_yes").click().run()
        settled(at, name)
        if len(text) > 200:  # the note's max_chars
            never_stored(db, text, name)
            continue
        added = new_rows(before, snapshot(db), "calendar_overrides")
        if name not in ALWAYS_REFUSED:
            assert len(added) == 1 and added[0][2] == text.strip(), name
        else:
            assert snapshot(db) == before, name
            assert errors(at), name


@pytest.mark.parametrize("value", [-1, 367, 10**12, -(10**12)])
def test_pengaturan_numbers_outside_the_range(db, accounts, value):
    at = open_page(db, "admin", "views/settings.py")
    before = snapshot(db)
    # Streamlit drops a value outside min/max (the field keeps its last value).
    at.number_input(key="setting_backdate_days").set_value(value)
    at.button[0].click().run()
    settled(at, str(value))
    assert snapshot(db) == before


def test_pengaturan_through_the_store(db, accounts):
    admin = principal(db, "admin")
    before = snapshot(db)
    for name, text in TEXTS.items():
        for key in settings_store.DEFAULTS:
            with pytest.raises(StoreError):
                settings_store.put_many(db, admin, {key: text})
            assert snapshot(db) == before, name


# --- Impor Data -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(files()))
def test_impor_data_upload(db, accounts, name):
    data, expected = files()[name]
    at = open_page(db, "op.kupang", IMPORTS)
    before = snapshot(db)
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith("import_file"))
    uploader.upload(name, data, "application/octet-stream").run()
    settled(at, name)
    assert snapshot(db) == before  # a preview writes nothing
    commit = [b for b in at.button if b.key == "import_commit"]
    if expected == "unreadable":
        assert len(errors(at)) == 1 and errors(at)[0].startswith("Berkas tidak dapat dibaca")
        assert not commit
        return
    assert at.dataframe, "no preview"
    if commit:
        commit[0].click().run()
        settled(at, name)
        added = new_rows(before, snapshot(db), "items", also=("outtakes",))
        assert added
        assert any(s.value.startswith("Impor selesai:") for s in at.success)


def test_impor_data_feed_url(db, accounts):
    at = open_page(db, "op.kupang", IMPORTS)
    at.segmented_control(key="import_source").set_value("url").run()
    before = snapshot(db)
    for name, url in URLS.items():
        at.text_input(key="import_url").input(url)
        next(b for b in at.button if b.label == "Ambil umpan").click().run()
        settled(at, name)
        assert any(e.startswith("Umpan tidak dapat diambil") for e in errors(at)), name
        assert "import_url_bytes" not in at.session_state
    assert snapshot(db) == before


# --- Unit Kerja, Laporan, and every filter that lives in the address --------------------------


def test_unit_kerja_search(db, accounts):
    at = open_page(db, "op.kupang", "views/units.py")
    for name, text in TEXTS.items():
        at.text_input(key="q").input(text).run()
        settled(at, name)
        assert at.caption[1].value.endswith(" unit"), name


BOUND = {
    "views/reports.py": ["unit", "tanggal", "periode", "dari", "sampai"],
    "views/calendar.py": ["tahun"],
    "views/overview.py": ["cakupan", "periode"],
    "views/unit_dashboard.py": ["unit", "periode"],
    "views/rankings.py": ["kanwil", "provinsi", "periode"],
    "views/units.py": ["q", "jenis"],
    "views/entry.py": ["item"],
}
ADDRESS_VALUES = {
    **TEXTS,
    "not_a_date": "2026-13-45",
    "negative": "-1",
    "huge": "9" * 30,
    "empty": "",
    "custom_range": "rentang",
}


@pytest.mark.parametrize("page", list(BOUND))
def test_hand_edited_addresses(db, accounts, page):
    """Every filter bound to the URL, given every corpus value, in the page's address opened
    directly (one run each: no landing page first)."""
    for name, value in ADDRESS_VALUES.items():
        query = dict.fromkeys(BOUND[page], value)
        if page == "views/reports.py":
            query["periode"] = "rentang"  # so "dari" and "sampai" are read too
        at = open_page(db, "admin", page, query)
        settled(at, f"{page} {name}")


def test_a_shared_link_with_hostile_filters_then_sign_in(db, accounts):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    keys = sorted({k for keys in BOUND.values() for k in keys})
    for name, value in ADDRESS_VALUES.items():
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params.update({key: value for key in keys})
        at.run()
        at.text_input[0].input("admin")
        at.text_input[1].input(PASSWORD)
        at.button[0].click().run()
        settled(at, name)
        for page in BOUND:
            at.switch_page(page).run()
            settled(at, f"{page} {name}")


# --- Layar Rapat (issue 5) --------------------------------------------------------------------


def test_layar_rapat_link_form(db, accounts):
    """The link's label takes every hostile string: stored as typed, or refused with nothing made."""
    at = open_page(db, "admin", "views/screens.py")
    for name, text in TEXTS.items():
        at.text_input(key="screen_label").input(text)
        before = snapshot(db)
        next(b for b in at.button if b.label == "Buat tautan").click().run()
        settled(at, name)
        if len(text) > screens.LABEL_MAX:  # the field's max_chars: never reaches the store
            never_stored(db, text, name)
            continue
        added = new_rows(before, snapshot(db), "screen_links")
        if name in ALWAYS_REFUSED:
            assert snapshot(db) == before, name
            assert errors(at), name
        else:
            assert len(added) == 1 and text.strip() in added[0], name
            assert not live_on_page(at), name


def test_layar_token_from_the_address(db, accounts):
    """Whatever stands in ?layar=: a plain refusal, no exception, nothing stored or changed."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    values = {**ADDRESS_VALUES, **{f"url {name}": url for name, url in URLS.items()}}
    before = snapshot(db)
    for name, value in values.items():
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params["layar"] = value
        at.run()
        settled(at, f"layar {name}")
        assert not at.dataframe and not at.get("plotly_chart"), name
    assert snapshot(db) == before


# --- Kanal (issue 13) -------------------------------------------------------------------------


@pytest.mark.parametrize("channel_type", ["website", "facebook"])
def test_kanal_address(db, accounts, channel_type):
    """A channel's address: refused with a message and nothing stored, or stored as typed.
    No hostile string is a website address (internal addresses included); a Graph id takes
    only letters, digits, dots, dashes and underscores."""
    at = open_page(db, "op.kupang", "views/channels.py")
    at.selectbox(key="kanal_type").select(channel_type).run()
    for name, text in {**TEXTS, **{f"url_{k}": v for k, v in URLS.items()}}.items():
        at.text_input(key="kanal_address").input(text)
        before = snapshot(db)
        next(b for b in at.button if b.label == "Daftarkan kanal").click().run()
        settled(at, name)
        if len(text) > 2048:  # the field's max_chars: never reaches the store
            never_stored(db, text, name)
            continue
        try:
            channel_address.parse(channel_type, text)
            accepted = channel_type == "facebook"
        except channel_address.AddressError:
            accepted = False
        if accepted:
            (row,) = new_rows(before, snapshot(db), "channels")
            assert text.strip() in row, name
        else:
            assert snapshot(db) == before, name
            assert errors(at), name
