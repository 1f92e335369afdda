"""Message senders against a local SMTP server and fake Telegram / WhatsApp endpoints."""

from __future__ import annotations

import logging

import pytest

from dashboard.net import contacts
from dashboard.net.secret import Secret
from dashboard.net.senders import (
    BLOCKED,
    FAILED,
    RETRY,
    SENT,
    GatewaySender,
    Message,
    SmtpSender,
    SmtpSettings,
    TelegramSender,
    WhatsAppCloudSender,
    template_text,
)
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import Reply
from tests.fakes.services import FonnteFake, TelegramFake, WhatsAppCloudFake
from tests.fakes.smtp import free_port

REMINDER = Message(
    "Pengingat Pantau Humas", "Kankemenag Kota Kupang belum ada berita hari ini (14.05 WITA)."
)


# --- contacts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "81234567890", "(0812) 3456 7890"],
)
def test_whatsapp_numbers_are_normalised_to_plus_62(typed):
    assert contacts.whatsapp_number(typed) == "+6281234567890"


@pytest.mark.parametrize(
    "typed, words",
    [
        ("", "wajib"),
        ("08123", "tidak sah"),
        ("+1 650 253 0000", r"\+62"),
        ("(021) 5551234", "ponsel"),
        ("0812-abc", "hanya boleh"),
        ("0812345678901234567890123456789012", "hanya boleh"),
    ],
)
def test_bad_whatsapp_numbers_are_refused_in_indonesian(typed, words):
    with pytest.raises(contacts.ContactError, match=words):
        contacts.whatsapp_number(typed)


def test_email_addresses_and_chat_ids():
    assert contacts.email_address("  humas@kemenag.go.id ") == "humas@kemenag.go.id"
    for bad in [
        "",
        "humas",
        "a@b",
        "a b@kemenag.go.id",
        "x" * 200 + "@a.id",
        "a@b.id\nBcc: c@d.id",
    ]:
        with pytest.raises(contacts.ContactError):
            contacts.email_address(bad)
    assert contacts.telegram_chat_id("123456789") == "123456789"
    assert contacts.telegram_chat_id("-1001234567890") == "-1001234567890"
    with pytest.raises(contacts.ContactError, match="/start"):
        contacts.telegram_chat_id("budi")


def test_message_limits_count_as_telegram_does_and_fit_cuts_at_a_word():
    assert contacts.length("🇮🇩") == 4 and contacts.length("abc") == 3
    assert contacts.fits("x" * 4096, contacts.TELEGRAM_MAX)
    assert not contacts.fits("x" * 4097, contacts.TELEGRAM_MAX) and not contacts.fits("", 10)
    text = "Rekap Harian Humas " + "kata " * 100
    cut = contacts.fit(text, contacts.REMINDER_MAX)
    assert contacts.length(cut) <= contacts.REMINDER_MAX and cut.endswith("kata…")
    assert contacts.fit("pendek", 300) == "pendek"
    assert contacts.length(contacts.fit("😀" * 200, 101)) <= 101


def test_template_parameters_have_no_line_breaks():
    flat = template_text("Rekap\n\n\tUnit A: 3 berita\nUnit B:      0")
    assert flat == "Rekap · Unit A: 3 berita · Unit B: 0"
    assert len(template_text("x " * 2000)) <= contacts.WHATSAPP_PARAM_MAX


# --- SMTP -------------------------------------------------------------------------------------


def settings(server, **kw) -> SmtpSettings:
    kw.setdefault("starttls", False)
    return SmtpSettings(
        host="127.0.0.1", port=server.port, sender="pantau@kemenag.go.id", timeout_s=5, **kw
    )


def test_an_email_is_delivered_in_utf8(smtp_server):
    result = SmtpSender(settings(smtp_server)).send(
        "kepala@kemenag.go.id", Message("Rekap — 25 Nov", "Capaian: 3 berita ✓")
    )
    assert result.status == SENT and result.provider_id
    (mail,) = smtp_server.messages
    assert mail["To"] == "kepala@kemenag.go.id" and mail["From"] == "pantau@kemenag.go.id"
    assert mail.get_payload(decode=True).decode().rstrip() == "Capaian: 3 berita ✓"
    assert "Rekap" in str(mail["Subject"])


def test_starttls_and_login(smtp_servers, tls_ca):
    server = smtp_servers(tls=tls_ca.server_context("127.0.0.1"), users={"humas": "sandi-rahasia"})
    good = settings(
        server,
        starttls=True,
        user="humas",
        password=Secret("sandi-rahasia"),
        ssl_context=tls_ca.client_context(),
    )
    assert SmtpSender(good).send("a@kemenag.go.id", REMINDER).status == SENT
    wrong = settings(
        server,
        starttls=True,
        user="humas",
        password=Secret("salah"),
        ssl_context=tls_ca.client_context(),
    )
    result = SmtpSender(wrong).send("a@kemenag.go.id", REMINDER)
    assert result.status == FAILED and "Login SMTP ditolak" in result.reason
    assert "salah" not in result.reason and "salah" not in repr(wrong)
    plain = settings(server, starttls=False, user="humas", password=Secret("sandi-rahasia"))
    assert (
        SmtpSender(plain).send("a@kemenag.go.id", REMINDER).status == FAILED
    )  # refuses mail before TLS
    assert len(server.messages) == 1


def test_refused_recipients_and_a_server_that_is_down(smtp_server):
    smtp_server.refuse["hilang@kemenag.go.id"] = "550 5.1.1 Mailbox unavailable"
    smtp_server.refuse["penuh@kemenag.go.id"] = "452 4.2.2 Mailbox full"
    sender = SmtpSender(settings(smtp_server))
    assert sender.send("hilang@kemenag.go.id", REMINDER).status == FAILED
    assert sender.send("penuh@kemenag.go.id", REMINDER).status == RETRY
    assert sender.send("bukan-alamat", REMINDER).status == FAILED
    down = SmtpSettings(
        host="127.0.0.1",
        port=free_port(),
        sender="pantau@kemenag.go.id",
        starttls=False,
        timeout_s=2,
    )
    result = SmtpSender(down).send("a@kemenag.go.id", REMINDER)
    assert result.status == RETRY and "tidak dapat dihubungi" in result.reason


def test_smtp_settings_from_the_environment_and_secrets():
    env = {
        "HUMAS_SMTP_HOST": "smtp.kemenag.go.id",
        "HUMAS_SMTP_FROM": "humas@kemenag.go.id",
        "HUMAS_SMTP_USER": "humas",
        "HUMAS_SMTP_PASSWORD": "rahasia-smtp",
        "HUMAS_SMTP_STARTTLS": "1",
    }
    found = SmtpSettings.from_env(env)
    assert (found.host, found.port, found.starttls, found.ssl, found.user) == (
        "smtp.kemenag.go.id",
        587,
        True,
        False,
        "humas",
    )
    assert "rahasia-smtp" not in repr(found) and found.password.reveal() == "rahasia-smtp"
    implicit = SmtpSettings.from_env(
        {}, secrets={"host": "smtp.x.id", "port": 465, "from": "a@x.id"}
    )
    assert (implicit.port, implicit.ssl, implicit.starttls) == (465, True, False)
    assert (
        SmtpSettings.from_env(
            {"HUMAS_SMTP_PORT": "25"}, secrets={"host": "h.id", "from": "a@x.id", "starttls": "0"}
        ).starttls
        is False
    )
    assert SmtpSettings.from_env({}) is None
    with pytest.raises(ValueError, match="HUMAS_SMTP_PORT"):
        SmtpSettings.from_env({**env, "HUMAS_SMTP_PORT": "dua lima"})
    with pytest.raises(ValueError, match="HUMAS_SMTP_FROM"):
        SmtpSettings.from_env({**env, "HUMAS_SMTP_FROM": "bukan"})


# --- Telegram ---------------------------------------------------------------------------------


def telegram(server) -> tuple[TelegramFake, TelegramSender]:
    fake = TelegramFake(server)
    return fake, TelegramSender(
        token=Secret(fake.token), endpoints=fake.endpoints(), fetcher=fetcher_for(server)
    )


def test_telegram_sends_plain_text(fake_http):
    fake, sender = telegram(fake_http)
    result = sender.send("123456789", REMINDER)
    assert (result.status, result.provider_id) == (SENT, "1")
    assert fake.sent == [
        {
            "chat_id": "123456789",
            "text": REMINDER.text,
            "link_preview_options": {"is_disabled": True},
        }
    ]
    assert "parse_mode" not in fake.sent[0]  # never Markdown or HTML


@pytest.mark.parametrize(
    "setup, status, words",
    [
        (lambda f: f.blocked.add("123456789"), BLOCKED, "memblokir"),
        (lambda f: f.missing.add("123456789"), FAILED, "/start"),
        (
            lambda f: setattr(
                f,
                "answer",
                Reply(status=429, json={"ok": False, "parameters": {"retry_after": 30}}),
            ),
            RETRY,
            "Batas",
        ),
        (lambda f: setattr(f, "answer", Reply(status=502, body="Bad Gateway")), RETRY, "HTTP 502"),
        (
            lambda f: setattr(f, "answer", Reply(status=200, body="<html>??")),
            FAILED,
            "tidak dikenali",
        ),
        (
            lambda f: setattr(
                f, "answer", Reply(status=401, json={"ok": False, "description": "Unauthorized"})
            ),
            FAILED,
            "Token bot",
        ),
    ],
)
def test_telegram_refusals_are_classified(fake_http, setup, status, words):
    fake, sender = telegram(fake_http)
    setup(fake)
    result = sender.send("123456789", REMINDER)
    assert result.status == status and words in result.reason
    assert fake.token not in result.reason and fake.token not in repr(sender)
    if status == RETRY and "Batas" in words:
        assert result.retry_after_s == 30


def test_telegram_refuses_an_overlong_message_without_sending(fake_http):
    fake, sender = telegram(fake_http)
    assert sender.send("1", Message("", "x" * 4097)).status == FAILED
    assert fake_http.requests == []


# --- WhatsApp ---------------------------------------------------------------------------------


def test_whatsapp_cloud_sends_an_approved_template(fake_http):
    fake = WhatsAppCloudFake(fake_http)
    sender = WhatsAppCloudSender(
        token=Secret(fake.token),
        phone_number_id=fake.phone_number_id,
        template="pengingat_humas",
        endpoints=fake.endpoints(),
        fetcher=fetcher_for(fake_http),
    )
    result = sender.send("0812-3456-7890", Message("", "Baris satu\nBaris dua"))
    assert (result.status, result.provider_id) == (SENT, "wamid.1")
    (sent,) = fake.sent
    assert sent["to"] == "6281234567890" and sent["type"] == "template"
    assert sent["template"]["name"] == "pengingat_humas" and sent["template"]["language"] == {
        "code": "id"
    }
    assert sent["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": "Baris satu · Baris dua"}
    ]
    assert fake_http.hits()[0].headers["authorization"] == f"Bearer {fake.token}"


@pytest.mark.parametrize(
    "status, error, expected",
    [
        (400, {"code": 131026}, FAILED),
        (400, {"code": 130429}, RETRY),
        (401, {"code": 190}, FAILED),
        (400, {"code": 132001}, FAILED),
        (500, {"code": 1}, RETRY),
        (200, None, FAILED),
    ],
)
def test_whatsapp_cloud_errors_are_classified(fake_http, status, error, expected):
    fake = WhatsAppCloudFake(fake_http)
    fake.errors.append((status, {"error": {**error, "message": "x"}} if error else {"weird": True}))
    sender = WhatsAppCloudSender(
        token=Secret(fake.token),
        phone_number_id=fake.phone_number_id,
        template="t",
        endpoints=fake.endpoints(),
        fetcher=fetcher_for(fake_http),
    )
    result = sender.send("081234567890", REMINDER)
    assert result.status == expected and result.reason


def test_a_fonnte_style_gateway_gets_a_form_with_target_and_message(fake_http):
    fake = FonnteFake(fake_http)
    sender = GatewaySender(
        token=Secret(fake.token), endpoints=fake.endpoints(), fetcher=fetcher_for(fake_http)
    )
    assert sender.send("+62 812-3456-7890", REMINDER).status == SENT
    assert fake.sent == [{"target": "6281234567890", "message": REMINDER.text, "countryCode": "62"}]
    assert fake_http.hits()[0].headers["authorization"] == fake.token
    wrong = GatewaySender(
        token=Secret("salah"), endpoints=fake.endpoints(), fetcher=fetcher_for(fake_http)
    )
    result = wrong.send("081234567890", REMINDER)
    assert result.status == FAILED and "invalid token" in result.reason


@pytest.mark.parametrize(
    "reply, expected",
    [
        (Reply(status=500), RETRY),
        (Reply(status=200, body="<html>"), FAILED),
        (Reply(json={"status": False, "reason": "device disconnected"}), RETRY),
        (Reply(status=400, body="x"), FAILED),
    ],
)
def test_gateway_failures_are_classified(fake_http, reply, expected):
    fake = FonnteFake(fake_http)
    fake.answer = reply
    sender = GatewaySender(
        token=Secret(fake.token), endpoints=fake.endpoints(), fetcher=fetcher_for(fake_http)
    )
    assert sender.send("081234567890", REMINDER).status == expected


def test_unreachable_gateways_are_retried_and_bad_numbers_never_sent(fake_http, caplog):
    caplog.set_level(logging.DEBUG)
    fake = FonnteFake(fake_http)
    sender = GatewaySender(
        token=Secret(fake.token), endpoints=fake.endpoints(), fetcher=fetcher_for()
    )
    result = sender.send("081234567890", REMINDER)  # the fake is not on this fetcher's allow list
    assert result.status == FAILED and "jaringan internal" in result.reason
    assert sender.send("12", REMINDER).status == FAILED
    assert fake_http.requests == []
    assert all(fake.token not in r.getMessage() for r in caplog.records)


def test_senders_and_endpoints_come_from_the_environment(monkeypatch):
    from dashboard.net.endpoints import Endpoints

    for name in ("HUMAS_TELEGRAM_BOT_TOKEN", "HUMAS_WHATSAPP_TOKEN", "HUMAS_WA_GATEWAY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert TelegramSender.from_env() is None and GatewaySender.from_env() is None
    assert WhatsAppCloudSender.from_env() is None
    monkeypatch.setenv("HUMAS_TELEGRAM_BOT_TOKEN", "1:rahasia")
    monkeypatch.setenv("HUMAS_WHATSAPP_TOKEN", "EAAG-rahasia")
    monkeypatch.setenv("HUMAS_WHATSAPP_PHONE_ID", "1098765432")
    monkeypatch.setenv("HUMAS_WHATSAPP_TEMPLATE", "rekap_harian")
    monkeypatch.setenv("HUMAS_GRAPH_BASE", "http://127.0.0.1:9/v26.0/")
    telegram = TelegramSender.from_env()
    whatsapp = WhatsAppCloudSender.from_env()
    assert telegram.token.reveal() == "1:rahasia" and "rahasia" not in repr(telegram)
    assert (whatsapp.phone_number_id, whatsapp.template, whatsapp.language) == (
        "1098765432",
        "rekap_harian",
        "id",
    )
    assert "rahasia" not in repr(whatsapp)
    assert whatsapp.endpoints.whatsapp == "http://127.0.0.1:9/v26.0"  # the Graph base, trimmed
    assert Endpoints.from_env({}).graph == "https://graph.facebook.com/v26.0"


def test_telegram_updates_give_the_start_presses_and_the_next_offset(fake_http):
    from dashboard.net.senders import StartPress

    fake, sender = telegram(fake_http)
    fake.press_start(5551234, "kode-sambung_1")
    fake.updates.append({"update_id": 1001, "message": {"chat": {"id": -99, "type": "group"},
                                                        "text": "/start x"}})  # fmt: skip
    fake.updates.append({"update_id": 1002, "edited_message": {}})
    fake.press_start(5551234)  # Start pressed without a code (the bot opened by hand)
    presses, offset = sender.updates(0)
    assert presses == [
        StartPress(1000, "5551234", "kode-sambung_1"),
        StartPress(1003, "5551234", ""),
    ]
    assert offset == 1004
    assert sender.updates(offset) == ([], 1004) and fake.asked_offsets == [0, 1004]
    fake.answer = Reply(status=409, json={"ok": False, "description": "Conflict: webhook"})
    assert "webhook" in sender.updates(offset).reason
    fake.answer = Reply(status=502, body=b"")
    assert sender.updates(offset).status == RETRY
