"""Reminders, recaps and weekly summaries delivered through the outbox, against the local fakes.

The clock is frozen (HUMAS_NOW) at 14.05 WITA on Wednesday 25 November 2026.
"""

from datetime import date, timedelta

import pytest

from dashboard import clock
from dashboard.cli import main
from dashboard.service import notify
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM
from dashboard.store.db import rows as db_rows
from tests.backends import INTEGRITY_ERRORS
from tests.fakes.http import Reply
from tests.service.helpers import add_items
from tests.service.notify_helpers import (
    AT_1405_WITA,
    AT_1605_WITA,
    CHRISTMAS_1405_WITA,
    Fakes,
    add_account,
    contact,
)


@pytest.fixture
def fakes(fake_http, smtp_server) -> Fakes:
    return Fakes(fake_http, smtp_server)


@pytest.fixture
def people(db, accounts):
    """op.kupang (Telegram) and kepala.kupang (WhatsApp) of a unit with no news yet; op.ntt
    (e-mail) of Kanwil NTT, which has news today; op.jatim (WIB, WhatsApp)."""
    ids = dict(accounts)
    ids["op.ntt"] = add_account(db, "op.ntt", "operator", "kanwil-ntt")
    contact(db, ids["op.kupang"], "telegram", "111111")
    contact(db, ids["kepala.kupang"], "whatsapp", "+6281234567890")
    contact(db, ids["op.ntt"], "email", "op.ntt@kemenag.go.id")
    contact(db, ids["op.jatim"], "whatsapp", "+6281311112222")
    add_items(db, "kanwil-ntt", "2026-11-25", "berita_website")
    return ids


def outbox(db) -> list[dict]:
    return db_rows(
        db,
        "SELECT u.username, o.kind, o.via, o.status, o.day, o.reason, o.attempts "
        "FROM outbox o JOIN users u ON u.id = o.user_id ORDER BY o.id",
    )


def rows(db) -> list[tuple]:
    return [(r[0], r[1], r[2], r[3]) for r in db.conn.execute(
        "SELECT u.username, o.kind, o.via, o.status FROM outbox o JOIN users u ON u.id = o.user_id "
        "ORDER BY o.id"
    ).fetchall()]  # fmt: skip


def test_a_silent_unit_gets_one_reminder_at_1405_wita_even_when_run_twice(
    db, people, fakes, monkeypatch
):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    first = notify.run_once(db, senders=fakes.senders)
    assert (first.sent, first.skipped, first.failed) == (2, 0, 0)
    assert rows(db) == [
        ("kepala.kupang", "reminder", "whatsapp", "sent"),
        ("op.kupang", "reminder", "telegram", "sent"),
    ]
    (telegram,) = fakes.telegram.sent
    assert telegram["chat_id"] == "111111"
    text = telegram["text"]
    assert "Kantor Kemenag Kota Kupang belum mencatat berita hari ini" in text
    assert "Rabu, 25 November 2026" in text and "24.00 WITA" in text and len(text) < 300
    assert "Sisa waktu 9 jam 55 menit" in text
    assert fakes.gateway.sent[0]["target"] == "6281234567890"
    assert fakes.smtp.messages == []  # op.ntt's unit has news: no reminder
    # Jakarta (WIB) is at 13.05: not yet.
    assert not any(r[0] == "op.jatim" for r in rows(db))

    again = notify.run_once(db, senders=fakes.senders)
    assert (again.sent, again.skipped, again.failed) == (0, 0, 0)
    assert fakes.delivered() == 2 and len(rows(db)) == 2


def test_the_reminder_follows_each_units_own_clock(db, people, fakes, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T07:05:00Z")  # 14.05 WIB, 15.05 WITA
    notify.run_once(db, senders=fakes.senders)
    assert ("op.jatim", "reminder", "whatsapp", "sent") in rows(db)
    # A unit that gets its news in before its time gets no reminder.
    add_items(db, "kanwil-jatim", "2026-11-26", "berita_website")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-26T07:05:00Z")
    notify.run_once(db, senders=fakes.senders)
    assert [r for r in outbox(db) if r["username"] == "op.jatim"][-1]["day"] == "2026-11-25"


def test_a_holiday_sends_no_reminder(db, people, fakes, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", CHRISTMAS_1405_WITA)
    result = notify.run_once(db, senders=fakes.senders)
    assert (result.sent, result.skipped, result.failed) == (0, 0, 0)
    assert rows(db) == [] and fakes.delivered() == 0
    # Nor a daily recap: a leader subscribed to it hears nothing on Christmas.
    contact(db, people["kanwil.ntt"], "telegram", "222222")
    monkeypatch.setenv("HUMAS_NOW", "2026-12-25T08:05:00Z")  # 16.05 WITA
    assert notify.run_once(db, senders=fakes.senders).sent == 0
    monkeypatch.setenv("HUMAS_NOW", "2026-12-28T08:05:00Z")  # Monday after: a working day
    assert notify.run_once(db, senders=fakes.senders).sent >= 1
    assert ("kanwil.ntt", "recap", "telegram", "sent") in rows(db)


def test_an_admins_holiday_override_counts_too(db, people, fakes, monkeypatch):
    from dashboard.store import calendar as calendar_store

    calendar_store.set_override(db, SYSTEM, date(2026, 11, 25), False, "Cuti bersama daerah")
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    assert notify.run_once(db, senders=fakes.senders).sent == 0
    assert rows(db) == []


def test_a_regional_day_off_silences_that_region_only(db, people, fakes, monkeypatch):
    from dashboard.store import calendar as calendar_store
    from tests.conftest import unit_id

    calendar_store.set_override(
        db, SYSTEM, date(2026, 11, 25), False, "Libur daerah NTT", unit_id=unit_id(db, "kanwil-ntt")
    )
    contact(db, people["kanwil.ntt"], "telegram", "222222")
    contact(db, people["pusat"], "email", "pusat@kemenag.go.id")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T09:05:00Z")  # 17.05 WITA, 16.05 WIB
    notify.run_once(db, senders=fakes.senders)
    # NTT's reminders and its Kakanwil's recap keep the day off; Jakarta works.
    assert sorted(rows(db)) == [
        ("op.jatim", "reminder", "whatsapp", "sent"),
        ("pusat", "recap", "email", "sent"),
    ]


def test_opting_out_and_the_time_chosen_are_kept(db, people, fakes, monkeypatch):
    store.set_subscription(db, SYSTEM, people["op.kupang"], "reminder", enabled=False)
    store.set_subscription(db, SYSTEM, people["kepala.kupang"], "reminder", at_time="15:00")
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    assert notify.run_once(db, senders=fakes.senders).sent == 0
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T07:01:00Z")  # 15.01 WITA (14.01 WIB)
    assert notify.run_once(db, senders=fakes.senders).sent == 2
    assert rows(db) == [
        ("kepala.kupang", "reminder", "whatsapp", "sent"),
        ("op.jatim", "reminder", "whatsapp", "sent"),
    ]


def test_no_contact_means_nothing_recorded_and_a_channel_not_set_up_is_skipped(
    db, people, fakes, monkeypatch
):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    senders = {k: v for k, v in fakes.senders.items() if k != "whatsapp"}
    result = notify.run_once(db, senders=senders)
    assert (result.sent, result.skipped, result.failed) == (1, 1, 0)
    assert ("kepala.kupang", "reminder", "whatsapp", "skipped") in rows(db)
    assert "WhatsApp belum diatur" in outbox(db)[0]["reason"] + outbox(db)[1]["reason"]
    # pusat and kanwil.ntt have no contact at all: nothing about them is recorded.
    assert {r[0] for r in rows(db)} == {"op.kupang", "kepala.kupang"}


def test_the_recap_equals_humas_digest_for_that_scope_and_date(
    db, db_path, people, fakes, monkeypatch, capsys
):
    monkeypatch.setenv("HUMAS_NOW", AT_1605_WITA)
    monkeypatch.setenv("HUMAS_APP_URL", "https://humas.kemenag.go.id")
    contact(db, people["kanwil.ntt"], "whatsapp", "0813-9999-0000")
    add_items(db, "kankemenag-kab-kupang", "2026-11-25", "berita_website", 2)
    notify.run_once(db, senders=fakes.senders)
    sent = {f["target"]: f["message"] for f in fakes.gateway.sent}  # the last to each number
    recap = sent["6281399990000"]
    assert main(["digest", "--as", "kanwil.ntt", "--date", "2026-11-25", "--db", str(db_path)]) == 0
    assert recap == capsys.readouterr().out.rstrip("\n")
    assert "Sudah ada berita: 2 dari 23 unit" in recap
    assert recap.endswith("Rincian: https://humas.kemenag.go.id")
    # The head of Kota Kupang gets the recap of his own unit (and the reminder of 14.00).
    kupang = sent["6281234567890"]
    assert (
        main(["digest", "--as", "kepala.kupang", "--date", "2026-11-25", "--db", str(db_path)]) == 0
    )
    assert kupang == capsys.readouterr().out.rstrip("\n")


def test_a_recap_scope_below_ones_unit(db, db_path, people, fakes, monkeypatch, capsys):
    from tests.conftest import unit_id

    monkeypatch.setenv("HUMAS_NOW", AT_1605_WITA)
    contact(db, people["kanwil.ntt"], "telegram", "222222")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    store.set_subscription(db, SYSTEM, people["kanwil.ntt"], "recap", unit_id=kupang)
    notify.run_once(db, senders=fakes.senders)
    (mine,) = [m for m in fakes.telegram.sent if m["chat_id"] == "222222"]
    main(["digest", "--as", "kanwil.ntt", "--unit", "kankemenag-kota-kupang", "--db", str(db_path)])
    assert mine["text"] == capsys.readouterr().out.rstrip("\n")
    # A scope the account may not read is refused when chosen.
    from dashboard.store.access import AccessDenied

    with pytest.raises(AccessDenied):
        store.set_subscription(
            db, SYSTEM, people["kanwil.ntt"], "recap", unit_id=unit_id(db, "kanwil-jatim")
        )


def test_the_weekly_summary_on_monday_morning(db, people, fakes, monkeypatch):
    contact(db, people["kanwil.ntt"], "telegram", "222222")
    add_items(db, "kankemenag-kota-kupang", "2026-11-23", "berita_website")
    add_items(db, "kankemenag-kota-kupang", "2026-11-24", "berita_website")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-30T00:05:00Z")  # Monday 08.05 WITA
    notify.run_once(db, senders=fakes.senders)
    weekly = [m["text"] for m in fakes.telegram.sent if m["chat_id"] == "222222"]
    assert len(weekly) == 1 and weekly[0].startswith("*REKAP MINGGUAN HUMAS*")
    text = weekly[0]
    assert "23 November 2026 – 29 November 2026" in text
    assert "Output tercatat: 3 item (3 berita)" in text
    assert "Tanpa berita sepekan (21 unit)" in text
    assert "Kantor Kemenag Kota Kupang" not in text
    assert len(text.encode("utf-16-le")) // 2 <= 4096
    notify.run_once(db, senders=fakes.senders)
    assert len([m for m in fakes.telegram.sent if m["chat_id"] == "222222"]) == 1


# --- failures -----------------------------------------------------------------------------------


def test_smtp_down_is_retried_with_backoff_then_failed_and_the_job_goes_on(
    db, people, fakes, monkeypatch
):
    from tests.fakes.smtp import free_port

    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    store.set_subscription(db, SYSTEM, people["op.kupang"], "reminder", via="email")
    contact(db, people["op.kupang"], "email", "op.kupang@kemenag.go.id")
    down = dict(fakes.senders)
    down["email"] = notify.net.SmtpSender(
        notify.net.SmtpSettings(
            host="127.0.0.1", port=free_port(), sender="pantau@kemenag.go.id", starttls=False
        )
    )
    now = clock.parse_instant(AT_1405_WITA)
    first = notify.run_once(db, senders=down, now=now)
    assert (first.sent, first.failed, first.retry) == (1, 0, 1)  # the head's WhatsApp went
    (mail,) = [r for r in outbox(db) if r["via"] == "email"]
    assert mail["status"] == "retry" and "tidak dapat dihubungi" in mail["reason"]
    waits = []
    for _ in range(notify.MAX_ATTEMPTS - 1):
        row = store.message(db, store.due_ids(db, now=now + timedelta(days=1))[0])
        waits.append(clock.parse_instant(row.next_attempt_at) - now)
        now = clock.parse_instant(row.next_attempt_at)
        assert notify.run_once(db, senders=down, now=now).retry <= 1
    assert waits == list(notify.BACKOFF)
    (mail,) = [r for r in outbox(db) if r["via"] == "email"]
    assert (mail["status"], mail["attempts"]) == ("failed", notify.MAX_ATTEMPTS)


@pytest.mark.parametrize(
    "reply, words",
    [
        (Reply(status=400, json={"status": False, "reason": "target invalid"}), "target invalid"),
        (Reply(status=200, body=b"<html>oops</html>"), "tidak dikenali"),
        (Reply(status=200, json={"status": False, "reason": "token invalid"}), "token invalid"),
    ],
    ids=["4xx", "garbage", "refused"],
)
def test_a_gateway_answering_4xx_or_garbage_fails_with_the_reason(
    db, people, fakes, monkeypatch, reply, words
):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    fakes.gateway.answer = reply
    result = notify.run_once(db, senders=fakes.senders)
    assert (result.sent, result.failed) == (1, 1)
    (wa,) = [r for r in outbox(db) if r["via"] == "whatsapp"]
    assert wa["status"] == "failed" and words in wa["reason"]


def test_a_gateway_answering_5xx_is_retried(db, people, fakes, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    fakes.gateway.answer = Reply(status=502, body=b"bad gateway")
    result = notify.run_once(db, senders=fakes.senders)
    assert (result.sent, result.failed, result.retry) == (1, 0, 1)
    fakes.gateway.answer = None
    later = clock.parse_instant(AT_1405_WITA) + notify.BACKOFF[0]
    assert notify.run_once(db, senders=fakes.senders, now=later).sent == 1
    assert ("kepala.kupang", "reminder", "whatsapp", "sent") in rows(db)


def test_a_telegram_chat_that_blocked_the_bot_turns_the_contact_off(db, people, fakes, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    fakes.telegram.blocked.add("111111")
    result = notify.run_once(db, senders=fakes.senders)
    assert result.failed == 1
    found = store.contacts_of(db, SYSTEM, people["op.kupang"])["telegram"]
    assert found.enabled == 0 and found.blocked_at
    audit = db.conn.execute(
        "SELECT action, after FROM audit_log WHERE entity = 'contact' AND action = 'block'"
    ).fetchall()
    assert len(audit) == 1 and "memblokir" in audit[0][1]


def test_the_audit_holds_each_message_never_a_token(db, people, fakes, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    notify.run_once(db, senders=fakes.senders)
    entries = db.conn.execute(
        "SELECT action, entity, after FROM audit_log WHERE entity = 'message'"
    ).fetchall()
    assert sorted(e[0] for e in entries) == ["send", "send"]
    text = str(db.conn.execute("SELECT * FROM audit_log").fetchall())
    assert fakes.telegram.token not in text and fakes.gateway.token not in text


# --- once across runs and hosts -----------------------------------------------------------------


def test_the_unique_key_holds_whatever_writes(db, people):
    message = store.NewMessage(
        user_id=people["op.kupang"],
        kind="reminder",
        unit_id=1,
        day=date(2026, 11, 25),
        via="telegram",
        address="111111",
        subject="x",
        body="y",
    )
    now = clock.parse_instant(AT_1405_WITA)
    assert len(store.enqueue(db, [message], now=now)) == 1
    assert store.enqueue(db, [message, message], now=now) == []

    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(
            "INSERT INTO outbox (user_id, kind, unit_id, day, via, address, subject, body, status,"
            " created_at, updated_at) SELECT user_id, kind, unit_id, day, via, address, subject,"
            " body, 'pending', created_at, updated_at FROM outbox"
        )


def test_two_senders_never_take_the_same_message(db_path, db, people, fakes, monkeypatch):
    """Two hosts on one database: each plans and records the same messages (one row each) and
    tries to claim every row; each message goes once."""
    from concurrent.futures import ThreadPoolExecutor

    from dashboard.store.db import connect

    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)

    def host(_):
        with connect(db_path) as mine:
            return notify.run_once(mine, senders=fakes.senders).sent

    with ThreadPoolExecutor(4) as pool:
        sent = list(pool.map(host, range(4)))
    assert sum(sent) == 2 and fakes.delivered() == 2 and len(rows(db)) == 2


def test_a_dry_run_lists_and_writes_nothing(db, people, fakes, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    result = notify.run_once(db, senders=fakes.senders, dry_run=True)
    assert sorted(result.would) == [
        ("kepala.kupang", "reminder", "whatsapp"),
        ("op.kupang", "reminder", "telegram"),
    ]
    assert rows(db) == [] and fakes.delivered() == 0


# --- connecting Telegram by a t.me link ----------------------------------------------------------


def test_a_tme_link_connects_the_account_that_made_it(db, people, fakes, monkeypatch):
    monkeypatch.setenv(notify.ENV_BOT, "PantauHumasBot")
    now = clock.parse_instant("2026-11-25T03:00:00Z")  # 11.00 WITA: nothing else is due
    link = notify.telegram_link(db, SYSTEM, people["kanwil.ntt"], now=now)
    assert link.startswith("https://t.me/PantauHumasBot?start=")
    code = link.rpartition("=")[2]
    assert code not in str(db.conn.execute("SELECT * FROM telegram_links").fetchall())
    fakes.telegram.press_start(777001, code)
    fakes.telegram.press_start(777002, "kode-palsu")
    result = notify.run_once(db, senders=fakes.senders, now=now + timedelta(minutes=5))
    assert result.connected == 1
    found = store.contacts_of(db, SYSTEM, people["kanwil.ntt"])["telegram"]
    assert (found.address, found.enabled) == ("777001", 1)
    said = {m["chat_id"]: m["text"] for m in fakes.telegram.sent}
    assert "akun kanwil.ntt akan menerima" in said["777001"]
    assert "tidak dikenal atau sudah kedaluwarsa" in said["777002"]
    # Read once: the next run asks from after these updates; the code is used up.
    notify.run_once(db, senders=fakes.senders, now=now + timedelta(minutes=6))
    assert fakes.telegram.asked_offsets[-1] == 1002 and len(fakes.telegram.sent) == 2
    fakes.telegram.press_start(777003, code)
    assert notify.run_once(db, senders=fakes.senders, now=now + timedelta(minutes=7)).connected == 0


def test_an_expired_tme_link_connects_nobody(db, people, fakes, monkeypatch):
    monkeypatch.setenv(notify.ENV_BOT, "PantauHumasBot")
    now = clock.parse_instant("2026-11-25T03:00:00Z")
    code = notify.telegram_link(db, SYSTEM, people["op.ntt"], now=now).rpartition("=")[2]
    fakes.telegram.press_start(777001, code)
    later = now + notify.LINK_VALID + timedelta(seconds=1)
    assert notify.run_once(db, senders=fakes.senders, now=later).connected == 0
    assert "telegram" not in store.contacts_of(db, SYSTEM, people["op.ntt"])


def test_a_recap_through_the_cloud_api_keeps_its_totals_and_link(
    db, people, fake_http, monkeypatch
):
    """One template parameter holds 1,024 characters: a Kanwil's recap is cut to its totals,
    and its link to the app always stays."""
    from dashboard.net.secret import Secret
    from dashboard.net.senders import WhatsAppCloudSender
    from tests.fakes.fixtures import fetcher_for
    from tests.fakes.services import WhatsAppCloudFake

    monkeypatch.setenv("HUMAS_NOW", AT_1605_WITA)
    monkeypatch.setenv("HUMAS_APP_URL", "https://humas.kemenag.go.id")
    cloud = WhatsAppCloudFake(fake_http)
    senders = {
        "whatsapp": WhatsAppCloudSender(
            token=Secret(cloud.token),
            endpoints=cloud.endpoints(),
            fetcher=fetcher_for(fake_http),
            phone_number_id=cloud.phone_number_id,
            template="rekap_harian",
        )
    }
    contact(db, people["kanwil.ntt"], "whatsapp", "0813-9999-0000")
    notify.run_once(db, senders=senders)
    (sent,) = [m for m in cloud.sent if m["to"] == "6281399990000"]
    (parameter,) = sent["template"]["components"][0]["parameters"]
    text = parameter["text"]
    assert len(text) <= 1024 and "\n" not in text
    assert text.startswith("*REKAP HARIAN HUMAS*")
    assert "Sudah ada berita: 1 dari 23 unit" in text
    assert text.endswith("Rincian: https://humas.kemenag.go.id")


def test_a_reminder_waiting_for_a_retry_is_dropped_once_the_news_is_in(
    db, people, fakes, monkeypatch
):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    fakes.gateway.answer = Reply(status=503, body=b"")
    notify.run_once(db, senders=fakes.senders)
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website")
    fakes.gateway.answer = None
    later = clock.parse_instant(AT_1405_WITA) + notify.BACKOFF[0]
    result = notify.run_once(db, senders=fakes.senders, now=later)
    assert (result.sent, result.skipped) == (0, 1)
    (wa,) = [r for r in outbox(db) if r["via"] == "whatsapp"]
    assert (wa["status"], wa["reason"]) == ("skipped", "Unit sudah mencatat berita.")
    assert fakes.gateway.sent == []
