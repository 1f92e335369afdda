"""Pesan & pengingat on Akun Saya (each role), on Pengguna (admin), and Pengiriman Pesan (admin)."""

from datetime import time

import pytest

from dashboard.service import notify
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM
from tests.conftest import app_as, unit_id
from tests.fakes.services import TelegramFake
from tests.service.notify_helpers import AT_1405_WITA, failed_message

ACCOUNT = "views/account.py"
PREFIX = "akun-pesan"


def contact_form(at, via: str):
    (found,) = [t for t in at.text_input if (t.key or "").startswith(f"{PREFIX}-address-{via}")]
    return found


def press(at, form: str, label: str):
    (button,) = [b for b in at.button if b.label == label and form in str(b.form_id)]
    return button.click().run()


@pytest.mark.parametrize("username", ["op.kupang", "kepala.kupang", "admin"])
def test_every_role_saves_its_whatsapp_number_normalised(db, accounts, username):
    at = app_as(db, username, page=ACCOUNT)
    assert not at.exception
    assert "Pesan & pengingat" in [s.value for s in at.subheader]
    contact_form(at, "whatsapp").input("0812 3456 7890")
    press(at, f"{PREFIX}-contact-whatsapp", "Simpan")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["WhatsApp disimpan."]
    found = store.contacts_of(db, SYSTEM, accounts[username])["whatsapp"]
    assert (found.address, found.enabled) == ("+6281234567890", 1)
    assert contact_form(at, "whatsapp").value == "+6281234567890"


def test_a_bad_number_or_address_is_refused_with_a_message_and_nothing_saved(db, accounts):
    at = app_as(db, "op.kupang", page=ACCOUNT)
    contact_form(at, "whatsapp").input("+1 202 555 0100")
    press(at, f"{PREFIX}-contact-whatsapp", "Simpan")
    assert [e.value for e in at.error] == ["Nomor WhatsApp harus nomor Indonesia \\(\\+62\\)\\."]
    contact_form(at, "email").input("bukan alamat")
    press(at, f"{PREFIX}-contact-email", "Simpan")
    assert at.error[0].value == "Alamat e\\-mail tidak sah\\."
    assert store.contacts_of(db, SYSTEM, accounts["op.kupang"]) == {}


def test_the_telegram_form_says_how_to_connect_the_bot(db, accounts, monkeypatch):
    monkeypatch.delenv("HUMAS_TELEGRAM_BOT_NAME", raising=False)
    at = app_as(db, "op.kupang", page=ACCOUNT)
    text = " ".join(c.value for c in at.caption)
    assert "/start" in text and "@userinfobot" in text
    assert not [b for b in at.button if b.label == "Buat tautan Telegram"]


def test_a_tme_link_is_made_for_this_account(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_TELEGRAM_BOT_NAME", "PantauHumasBot")
    at = app_as(db, "op.kupang", page=ACCOUNT)
    assert "@PantauHumasBot" in " ".join(c.value for c in at.caption)
    at.button(key=f"{PREFIX}-tme-buat").click().run()
    assert not at.exception
    (link,) = [e for e in at.get("link_button")]
    url = link.proto.url
    assert (
        url.startswith("https://t.me/PantauHumasBot?start=") and len(url.rpartition("=")[2]) == 22
    )
    (owner,) = db.conn.execute("SELECT user_id FROM telegram_links").fetchall()
    assert owner[0] == accounts["op.kupang"]


def test_a_test_message_goes_to_telegram_and_its_result_is_kept(
    db, accounts, monkeypatch, fake_http
):
    fake = TelegramFake(fake_http)
    monkeypatch.setenv("HUMAS_TELEGRAM_BOT_TOKEN", fake.token)
    monkeypatch.setenv("HUMAS_TELEGRAM_BASE", fake_http.url(""))
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "telegram", "111111")
    at = app_as(db, "op.kupang", page=ACCOUNT)
    press(at, f"{PREFIX}-contact-telegram", "Kirim pesan uji")
    assert not at.exception
    assert [s.value for s in at.success] == ["Pesan uji Telegram terkirim. Periksa Telegram Anda."]
    (sent,) = fake.sent
    assert sent["chat_id"] == "111111" and "Pesan uji dari Pantau Humas" in sent["text"]
    assert store.contacts_of(db, SYSTEM, accounts["op.kupang"])["telegram"].test_status == "sent"
    assert any("Pesan uji terkirim" in c.value for c in at.caption)


def test_a_test_message_without_the_channel_set_up_says_so(db, accounts, monkeypatch):
    monkeypatch.delenv("HUMAS_SMTP_HOST", raising=False)
    monkeypatch.setenv("HUMAS_SECRETS_FILE", "/nonexistent/secrets.toml")
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "email", "op@kemenag.go.id")
    at = app_as(db, "op.kupang", page=ACCOUNT)
    press(at, f"{PREFIX}-contact-email", "Kirim pesan uji")
    assert [e.value for e in at.error] == [
        "Pesan uji E-mail gagal: Saluran E\\-mail belum diatur di server\\."
    ]


def test_an_operator_opts_out_of_the_reminder_and_can_follow_the_default_again(db, accounts):
    at = app_as(db, "op.kupang", page=ACCOUNT)
    assert at.toggle(key=f"{PREFIX}-sub-on-reminder").value is True  # the operator's default
    at.toggle(key=f"{PREFIX}-sub-on-reminder").set_value(False)
    press(at, f"{PREFIX}-sub-reminder", "Simpan")
    assert [s.value for s in at.success] == ["Pengingat dimatikan."]
    mine = store.subscriptions_of(db, SYSTEM, accounts["op.kupang"])["reminder"]
    assert (mine.enabled, mine.own) == (False, True)
    press(at, f"{PREFIX}-sub-reminder", "Ikuti bawaan peran")
    assert store.subscriptions_of(db, SYSTEM, accounts["op.kupang"])["reminder"].enabled


def test_a_leader_chooses_the_recap_time_and_a_scope_below(db, accounts):
    at = app_as(db, "kanwil.ntt", page=ACCOUNT)
    kupang = unit_id(db, "kankemenag-kota-kupang")
    at.time_input(key=f"{PREFIX}-sub-at-recap").set_value(time(17, 30))
    at.selectbox(key=f"{PREFIX}-sub-scope-recap").set_value(kupang)
    at.selectbox(key=f"{PREFIX}-sub-via-recap").set_value("email")
    press(at, f"{PREFIX}-sub-recap", "Simpan")
    assert not at.exception and not at.error
    mine = store.subscriptions_of(db, SYSTEM, accounts["kanwil.ntt"])["recap"]
    assert (mine.at_time, mine.unit_id, mine.via) == ("17:30", kupang, "email")
    # An operator has one unit: no scope to choose.
    op = app_as(db, "op.kupang", page=ACCOUNT)
    assert not [s for s in op.selectbox if s.key == f"{PREFIX}-sub-scope-recap"]


def test_an_admin_sets_someones_contact_on_pengguna(db, accounts):
    at = app_as(db, "admin", page="views/users.py")
    (account,) = [s for s in at.selectbox if s.label == "Akun"]
    account.select("kepala.kupang").run()
    prefix = f"pengguna-pesan-{accounts['kepala.kupang']}"
    at.text_input(key=f"{prefix}-address-email").input("kepala.kupang@kemenag.go.id")
    (button,) = [
        b for b in at.button if b.label == "Simpan" and f"{prefix}-contact-email" in str(b.form_id)
    ]
    button.click().run()
    assert not at.exception
    found = store.contacts_of(db, SYSTEM, accounts["kepala.kupang"])["email"]
    assert found.address == "kepala.kupang@kemenag.go.id"
    (entry,) = db.conn.execute(
        "SELECT actor, action, entity, entity_id FROM audit_log WHERE entity = 'contact'"
    ).fetchall()
    assert tuple(entry) == ("admin", "set", "contact", "kepala.kupang/email")


def _a_failed_message(db, accounts):
    from dashboard import clock

    return failed_message(
        db,
        accounts["op.kupang"],
        unit_id(db, "kankemenag-kota-kupang"),
        "Gateway WhatsApp menolak: [x](y)",
        clock.parse_instant(AT_1405_WITA),
    )


def test_pengiriman_pesan_shows_failures_as_text_and_sends_one_again(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T07:00:00Z")
    message_id = _a_failed_message(db, accounts)
    at = app_as(db, "admin", page="views/messages.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["Pengiriman Pesan"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gagal (7 hari)"] == "1" and metrics["Terkirim (7 hari)"] == "0"
    failed = at.dataframe[1].value
    assert list(failed["Penerima"]) == ["op.kupang"]
    assert list(failed["Alasan"]) == ["Gateway WhatsApp menolak: [x](y)"]
    at.selectbox(key="pesan-ulang").set_value(message_id).run()
    at.button(key="pesan-ulang-kirim").click().run()
    assert "akan dikirim ulang" in at.success[0].value
    assert store.message(db, message_id).status == "retry"


def test_an_admin_changes_a_role_default(db, accounts):
    at = app_as(db, "admin", page="views/messages.py")
    at.checkbox(key="bawaan-operator-recap").check()
    at.time_input(key="bawaan-at-operator-recap").set_value(time(15, 30))
    (button,) = [b for b in at.button if b.label == "Simpan bawaan"]
    button.click().run()
    assert "1 bawaan diubah." in [s.value for s in at.success]
    assert notify.role_defaults(db)[("operator", "recap")].at_time == "15:30"
    mine = store.subscriptions_of(db, SYSTEM, accounts["op.kupang"])["recap"]
    assert (mine.enabled, mine.at_time, mine.own) == (True, "15:30", False)


# Who may open Pengiriman Pesan: tests/test_authorization_matrix.py (admins only).
