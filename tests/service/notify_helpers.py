"""Senders pointed at the local fakes, and accounts with contacts, for the message tests."""

from __future__ import annotations

from datetime import date, datetime

from dashboard import auth
from dashboard.net.secret import Secret
from dashboard.net.senders import GatewaySender, SmtpSender, SmtpSettings, TelegramSender
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM
from tests.conftest import PASSWORD
from tests.fakes.fixtures import fetcher_for
from tests.fakes.services import FonnteFake, TelegramFake

# 14.05 WITA on Wednesday 25 November 2026, a working day: 13.05 WIB, 15.05 WIT.
AT_1405_WITA = "2026-11-25T06:05:00Z"
AT_1605_WITA = "2026-11-25T08:05:00Z"
CHRISTMAS_1405_WITA = "2026-12-25T06:05:00Z"  # Hari Raya Natal, a national holiday


class Fakes:
    """The three channels on local fakes: Telegram and a Fonnte-style gateway on one HTTP
    server, e-mail on an aiosmtpd server."""

    def __init__(self, http, smtp):
        self.http, self.smtp = http, smtp
        self.telegram = TelegramFake(http)
        self.gateway = FonnteFake(http)
        fetcher = fetcher_for(http)
        self.senders = {
            "telegram": TelegramSender(
                token=Secret(self.telegram.token),
                endpoints=self.telegram.endpoints(),
                fetcher=fetcher,
            ),
            "whatsapp": GatewaySender(
                token=Secret(self.gateway.token),
                endpoints=self.gateway.endpoints(),
                fetcher=fetcher,
            ),
            "email": SmtpSender(
                SmtpSettings(
                    host="127.0.0.1", port=smtp.port, sender="pantau@kemenag.go.id", starttls=False
                )
            ),
        }

    def delivered(self) -> int:
        return len(self.telegram.sent) + len(self.gateway.sent) + len(self.smtp.messages)


def add_account(db, username: str, role: str, unit_code: str) -> int:
    return auth.create_user(
        db, SYSTEM, username=username, password=PASSWORD, role=role, unit_code=unit_code
    )


def contact(db, user_id: int, via: str, address: str) -> None:
    store.set_contact(db, SYSTEM, user_id, via, address)


def failed_message(db, user_id: int, unit_id: int, reason: str, now: datetime) -> int:
    """A WhatsApp reminder of 25 November 2026 that failed with `reason`; its id."""
    (message_id,) = store.enqueue(
        db,
        [
            store.NewMessage(
                user_id=user_id,
                kind="reminder",
                unit_id=unit_id,
                day=date(2026, 11, 25),
                via="whatsapp",
                address="+6281234567890",
                subject="Pengingat",
                body="Pantau Humas: *tes*",
            )
        ],
        now=now,
    )
    store.claim(db, message_id, now=now, lease_s=60)
    store.finish(db, message_id, "failed", now=now, reason=reason)
    return message_id
