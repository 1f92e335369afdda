"""humas contact set | show, humas subscribe, humas notify run [--dry-run] [--json]."""

import json

import pytest

from dashboard.cli import main
from dashboard.service import notify
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM
from tests.service.notify_helpers import AT_1405_WITA, Fakes


def run(db_path, *args) -> int:
    return main([*args, "--db", str(db_path)])


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)


def test_contact_set_normalises_and_opts_in(db, db_path, accounts, capsys):
    code = run(db_path, "contact", "set", "op.kupang", "--email", " op@kemenag.go.id ",
               "--whatsapp", "0812-3456-7890", "--telegram", "123456789")  # fmt: skip
    assert code == 0, capsys.readouterr().err
    found = store.contacts_of(db, SYSTEM, accounts["op.kupang"])
    assert {v: (c.address, c.enabled) for v, c in found.items()} == {
        "email": ("op@kemenag.go.id", 1),
        "whatsapp": ("+6281234567890", 1),
        "telegram": ("123456789", 1),
    }
    assert "op.kupang whatsapp +6281234567890" in capsys.readouterr().out
    assert run(db_path, "contact", "show", "op.kupang") == 0
    out = capsys.readouterr().out
    assert "contact whatsapp  +6281234567890  on" in out
    assert "reminder on at 14:00 via auto (role default)" in out


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--email", "bukan-alamat", "e-mail tidak sah"),
        ("--whatsapp", "+1 202 555 0100", "nomor Indonesia"),
        ("--whatsapp", "021-345678", "nomor ponsel"),
        ("--telegram", "budi", "ID chat Telegram tidak sah"),
    ],
    ids=["email", "foreign", "landline", "chat"],
)
def test_a_bad_address_is_refused_and_nothing_is_saved(
    db, db_path, accounts, capsys, option, value, words
):
    code = run(db_path, "contact", "set", "op.kupang", "--email", "ok@kemenag.go.id", option, value)
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert store.contacts_of(db, SYSTEM, accounts["op.kupang"]) == {}


def test_contact_set_needs_an_address_and_a_known_account(db_path, accounts, capsys):
    assert run(db_path, "contact", "set", "op.kupang") == 2
    assert run(db_path, "contact", "set", "tidak.ada", "--email", "a@kemenag.go.id") == 1
    assert "no user 'tidak.ada'" in capsys.readouterr().err


def test_subscribe_sets_time_channel_and_opts_out(db, db_path, accounts, capsys):
    assert run(db_path, "subscribe", "kepala.kupang", "--kind", "recap", "--at", "17.30",
               "--via", "email") == 0  # fmt: skip
    captured = capsys.readouterr()
    assert captured.out.strip() == "kepala.kupang recap on at 17:30 via email"
    assert "no contact turned on" in captured.err
    mine = store.subscriptions_of(db, SYSTEM, accounts["kepala.kupang"])
    assert (mine["recap"].at_time, mine["recap"].via, mine["recap"].own) == ("17:30", "email", True)
    assert run(db_path, "subscribe", "kepala.kupang", "--kind", "reminder", "--off") == 0
    assert not store.subscriptions_of(db, SYSTEM, accounts["kepala.kupang"])["reminder"].enabled
    assert run(db_path, "subscribe", "kepala.kupang", "--kind", "recap", "--at", "25:00") == 2
    with pytest.raises(SystemExit) as refused:
        run(db_path, "subscribe", "kepala.kupang", "--kind", "bulanan")
    assert refused.value.code == 2
    audit = db.conn.execute("SELECT count(*) FROM audit_log WHERE entity = 'subscription'")
    assert audit.fetchone()[0] == 2


def test_notify_run_prints_counts_and_a_dry_run_sends_nothing(
    db, db_path, accounts, capsys, monkeypatch, fake_http, smtp_server
):
    fakes = Fakes(fake_http, smtp_server)
    monkeypatch.setattr(notify, "senders_from_env", lambda: fakes.senders)
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "telegram", "111111")
    store.set_contact(db, SYSTEM, accounts["kepala.kupang"], "email", "kepala@kemenag.go.id")

    assert run(db_path, "notify", "run", "--dry-run") == 0
    assert sorted(capsys.readouterr().out.splitlines()) == [
        "kepala.kupang reminder email",
        "op.kupang reminder telegram",
    ]
    assert fakes.delivered() == 0
    assert db.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0

    assert run(db_path, "notify", "run") == 0
    assert capsys.readouterr().out == "sent 2, skipped 0, failed 0\n"
    assert run(db_path, "notify", "run", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "sent": 0,
        "skipped": 0,
        "failed": 0,
        "retry": 0,
        "telegram_connected": 0,
        "would_send": [],
    }
    assert fakes.delivered() == 2


def test_notify_run_exits_1_when_a_message_failed(
    db, db_path, accounts, capsys, monkeypatch, fake_http, smtp_server
):
    fakes = Fakes(fake_http, smtp_server)
    fakes.telegram.missing.add("111111")
    monkeypatch.setattr(notify, "senders_from_env", lambda: fakes.senders)
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "telegram", "111111")
    assert run(db_path, "notify", "run") == 1
    captured = capsys.readouterr()
    assert captured.out == "sent 0, skipped 0, failed 1\n"
    assert "Chat Telegram tidak ditemukan" in captured.err


def test_bad_smtp_settings_are_one_line(db_path, accounts, capsys, monkeypatch):
    monkeypatch.setenv("HUMAS_SMTP_HOST", "mail.kemenag.go.id")
    monkeypatch.setenv("HUMAS_SMTP_PORT", "lima")
    monkeypatch.setenv("HUMAS_SMTP_FROM", "pantau@kemenag.go.id")
    assert run(db_path, "notify", "run") == 2
    assert capsys.readouterr().err == "humas: HUMAS_SMTP_PORT must be a number\n"


def test_smtp_settings_from_the_secrets_file(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[smtp]\nhost = "mail.kemenag.go.id"\nport = 465\nfrom = "pantau@kemenag.go.id"\n'
        'user = "pantau"\npassword = "sandi-rahasia"\n'
    )
    monkeypatch.setenv("HUMAS_SECRETS_FILE", str(secrets))
    for name in ("HOST", "PORT", "FROM", "USER", "PASSWORD", "STARTTLS", "SSL"):
        monkeypatch.delenv(f"HUMAS_SMTP_{name}", raising=False)
    email = notify.senders_from_env()["email"]
    assert (email.settings.host, email.settings.port, email.settings.ssl) == (
        "mail.kemenag.go.id",
        465,
        True,
    )
    assert email.settings.password.reveal() == "sandi-rahasia"
    monkeypatch.setenv("HUMAS_SMTP_HOST", "smtp.lain.go.id")  # the environment wins
    assert notify.senders_from_env()["email"].settings.host == "smtp.lain.go.id"


def test_notify_run_reaches_the_channels_configured_in_the_environment(
    db, db_path, accounts, capsys, monkeypatch, fake_http, smtp_server
):
    """No test double between the command and the fakes: only settings, as on a server."""
    from tests.fakes.services import FonnteFake, TelegramFake

    telegram, gateway = TelegramFake(fake_http), FonnteFake(fake_http)
    monkeypatch.setenv("HUMAS_TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("HUMAS_TELEGRAM_BASE", fake_http.url(""))
    monkeypatch.setenv("HUMAS_WA_GATEWAY_TOKEN", gateway.token)
    monkeypatch.setenv("HUMAS_WA_GATEWAY_URL", fake_http.url("/send"))
    for name in ("HUMAS_WHATSAPP_TOKEN", "HUMAS_WHATSAPP_PHONE_ID", "HUMAS_WHATSAPP_TEMPLATE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUMAS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HUMAS_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("HUMAS_SMTP_FROM", "pantau@kemenag.go.id")
    monkeypatch.setenv("HUMAS_SMTP_STARTTLS", "0")
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "telegram", "111111")
    store.set_contact(db, SYSTEM, accounts["kepala.kupang"], "whatsapp", "+6281234567890")
    store.set_contact(db, SYSTEM, accounts["op.jatim"], "email", "op.jatim@kemenag.go.id")
    store.set_subscription(db, SYSTEM, accounts["op.jatim"], "reminder", at_time="13:00")
    assert run(db_path, "notify", "run") == 0, capsys.readouterr().err
    assert capsys.readouterr().out == "sent 3, skipped 0, failed 0\n"
    assert len(telegram.sent) == len(gateway.sent) == len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "op.jatim@kemenag.go.id"
