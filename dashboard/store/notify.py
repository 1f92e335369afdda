"""Messages: contacts, subscriptions (with the role defaults), the outbox, Telegram link codes.

Who may change what, checked here:

- a person's contacts and subscriptions: that person, or an admin;
- the role defaults, the outbox of everyone, a message sent again: admins;
- the sending itself (claiming, finishing, a contact the service says is
  blocked): the system (the scheduler or `humas notify run`), as SYSTEM.

The outbox holds one row per (account, kind, unit, local date): `enqueue`
inserts with ON CONFLICT DO NOTHING, so a second run, or a second host,
adds nothing, and `claim` moves one row to `sending` in one statement, so two
senders never take the same row. Every change a person makes and the end of
every message (sent, failed, skipped) is audited; the audit holds the
recipient, channel, status and reason, never a token or a password (this
module never sees one).

The sending (records, claims, attempts, outcomes) does not bump the data
version: no page shows it from a cache (Pengiriman Pesan and Log Audit read
it fresh), and a bump every minute would empty every page's cache.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final, Literal, overload

from dashboard import clock, errors
from dashboard.domain import (
    Contact,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Recipient,
    Role,
    SubscriptionDefault,
    Via,
)
from dashboard.store import audit
from dashboard.store.access import (
    SYSTEM,
    AccessDenied,
    Principal,
    require_admin,
    require_read,
)
from dashboard.store.db import Database, StoreError, one, present, rows, scalar, write

REASON_MAX = 500
OFFSET_COUNTER = "telegram_update_offset"


def require_self_or_admin(who: Principal, user_id: int) -> None:
    if who.role != "admin" and who.user_id != user_id:
        raise AccessDenied(errors.NOTIFY_OWN_ONLY)


def _check(value: str, allowed: type[StrEnum], what: str) -> None:
    """Refuse a value outside `allowed`; `what` names the field (via, role, kind, status)."""
    if value not in tuple(allowed):
        raise StoreError(
            errors.NOTIFY_CHOICE_UNKNOWN, what=what, value=value, choices=tuple(allowed)
        )


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP  # set_subscription: leave this field as it is


def _account(db: Database, user_id: int) -> Recipient:
    found = one(
        db,
        "SELECT id, username, full_name, role, unit_id, active FROM users WHERE id = ?",
        (user_id,),
    )
    if found is None:
        raise StoreError(errors.USER_NOT_FOUND)
    return Recipient.from_row(found)


def account_of(db: Database, user_id: int) -> Recipient:
    """The account's id, username, full name, role, unit and whether it is active."""
    return _account(db, user_id)


# --- contacts ---------------------------------------------------------------------------------

CONTACT_FIELDS = "user_id, via, address, enabled, blocked_at, tested_at, test_status, test_reason"


def contacts_of(db: Database, who: Principal, user_id: int) -> dict[str, Contact]:
    """The account's contacts by channel."""
    require_self_or_admin(who, user_id)
    found = rows(db, f"SELECT {CONTACT_FIELDS} FROM contacts WHERE user_id = ?", (user_id,))
    return {contact.via: contact for contact in map(Contact.from_row, found)}


@overload
def _contact_public(row: dict[str, Any]) -> dict[str, Any]: ...
@overload
def _contact_public(row: None) -> None: ...
@overload
def _contact_public(row: dict[str, Any] | None) -> dict[str, Any] | None: ...
def _contact_public(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    state = "diblokir" if row["blocked_at"] else ("aktif" if row["enabled"] else "mati")
    return {"saluran": row["via"], "kontak": row["address"], "status": state}


def _contact(db: Database, user_id: int, via: str) -> dict[str, Any] | None:
    return one(
        db, f"SELECT {CONTACT_FIELDS} FROM contacts WHERE user_id = ? AND via = ?", (user_id, via)
    )


def set_contact(
    db: Database, who: Principal, user_id: int, via: str, address: str, *, enabled: bool = True
) -> bool:
    """Save the account's address on a channel (already normalised by the caller) and whether
    it receives messages there. A new address forgets the last test and a block. Returns
    whether anything changed."""
    require_self_or_admin(who, user_id)
    _check(via, Via, "via")
    now = clock.now_iso()
    with write(db):
        account = _account(db, user_id)
        before = _contact(db, user_id, via)
        same_address = before is not None and before["address"] == address
        if (
            same_address
            and before is not None
            and bool(before["enabled"]) == enabled
            and not before["blocked_at"]
        ):
            return False
        if before is None:
            db.conn.execute(
                """
                INSERT INTO contacts (user_id, via, address, enabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                (user_id, via, address, int(enabled), now, now),
            )
        elif same_address:
            db.conn.execute(
                "UPDATE contacts SET enabled = ?, blocked_at = NULL, updated_at = ? "
                "WHERE user_id = ? AND via = ?",
                (int(enabled), now, user_id, via),
            )
        else:
            db.conn.execute(
                """
                UPDATE contacts SET address = ?, enabled = ?, blocked_at = NULL, tested_at = NULL,
                                    test_status = NULL, test_reason = '', updated_at = ?
                WHERE user_id = ? AND via = ?
                """,
                (address, int(enabled), now, user_id, via),
            )
        audit.record(
            db,
            who,
            "set",
            "contact",
            f"{account.username}/{via}",
            unit_id=account.unit_id,
            before=_contact_public(before),
            after=_contact_public(_contact(db, user_id, via)),
        )
    return True


def remove_contact(db: Database, who: Principal, user_id: int, via: str) -> bool:
    require_self_or_admin(who, user_id)
    with write(db):
        account = _account(db, user_id)
        before = _contact(db, user_id, via)
        if before is None:
            return False
        db.conn.execute("DELETE FROM contacts WHERE user_id = ? AND via = ?", (user_id, via))
        audit.record(
            db,
            who,
            "remove",
            "contact",
            f"{account.username}/{via}",
            unit_id=account.unit_id,
            before=_contact_public(before),
        )
    return True


def record_test(
    db: Database, who: Principal, user_id: int, via: str, *, ok: bool, reason: str, at: datetime
) -> None:
    """The outcome of "kirim pesan uji" on the contact (and in the audit)."""
    require_self_or_admin(who, user_id)
    with write(db):
        account = _account(db, user_id)
        db.conn.execute(
            "UPDATE contacts SET tested_at = ?, test_status = ?, test_reason = ? "
            "WHERE user_id = ? AND via = ?",
            (clock.iso(at), "sent" if ok else "failed", reason[:300], user_id, via),
        )
        audit.record(
            db,
            who,
            "test",
            "contact",
            f"{account.username}/{via}",
            unit_id=account.unit_id,
            after={"status": "terkirim" if ok else "gagal", "keterangan": reason[:300]},
        )


def mark_blocked(db: Database, user_id: int, via: str, *, at: datetime, reason: str) -> None:
    """The service said the person refuses messages there: the contact goes off (system)."""
    with write(db):
        account = _account(db, user_id)
        before = _contact(db, user_id, via)
        if before is None or before["blocked_at"]:
            return
        db.conn.execute(
            "UPDATE contacts SET enabled = 0, blocked_at = ?, updated_at = ? "
            "WHERE user_id = ? AND via = ?",
            (clock.iso(at), clock.iso(at), user_id, via),
        )
        audit.record(
            db,
            SYSTEM,
            "block",
            "contact",
            f"{account.username}/{via}",
            unit_id=account.unit_id,
            before=_contact_public(before),
            after=_contact_public(present(_contact(db, user_id, via)))
            | {"keterangan": reason[:300]},
        )


def usable_contacts(db: Database) -> list[Contact]:
    """Every contact that may receive messages now, of active accounts."""
    found = rows(
        db,
        """
        SELECT c.user_id, c.via, c.address
        FROM contacts c JOIN users u ON u.id = c.user_id
        WHERE c.enabled = 1 AND c.blocked_at IS NULL AND u.active = 1
        ORDER BY c.user_id, c.via
        """,
    )
    return [Contact.from_row(row) for row in found]


# --- subscriptions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscription:
    """What an account gets of one kind: its own choice, else its role's default."""

    kind: str
    enabled: bool
    at_time: str  # 'HH:MM' in the zone of the unit it is about
    via: str | None  # None: the first channel that works
    unit_id: int | None  # None: the account's own unit
    own: bool  # the account chose (False: the role's default applies)


def defaults(db: Database) -> dict[tuple[str, str], SubscriptionDefault]:
    found = rows(db, "SELECT role, kind, enabled, at_time, updated_at FROM subscription_defaults")
    return {(d.role, d.kind): d for d in map(SubscriptionDefault.from_row, found)}


def set_default(
    db: Database, who: Principal, role: str, kind: str, *, enabled: bool, at_time: str
) -> bool:
    require_admin(who)
    _check(role, Role, "role")
    _check(kind, MessageKind, "kind")
    with write(db):
        before = one(
            db,
            "SELECT enabled, at_time FROM subscription_defaults WHERE role = ? AND kind = ?",
            (role, kind),
        )
        after = {"enabled": int(enabled), "at_time": at_time}
        if before == after:
            return False
        db.conn.execute(
            """
            INSERT INTO subscription_defaults (role, kind, enabled, at_time, updated_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (role, kind) DO UPDATE
            SET enabled = excluded.enabled, at_time = excluded.at_time,
                updated_at = excluded.updated_at
            """,
            (role, kind, int(enabled), at_time, clock.now_iso()),
        )
        audit.record(
            db, who, "update", "subscription_default", f"{role}/{kind}", before=before, after=after
        )
    return True


def _effective(
    kind: str,
    own: dict[str, Any] | None,
    default: SubscriptionDefault | None,
    fallback: tuple[bool, str],
) -> Subscription:
    if own is not None:
        return Subscription(
            kind, bool(own["enabled"]), own["at_time"], own["via"], own["unit_id"], True
        )
    enabled, at = (default.enabled, default.at_time) if default else fallback
    return Subscription(kind, enabled, at, None, None, False)


_FALLBACK = {"recap": (False, "16:00"), "reminder": (False, "14:00"), "weekly": (False, "08:00")}


def subscriptions_of(db: Database, who: Principal, user_id: int) -> dict[str, Subscription]:
    require_self_or_admin(who, user_id)
    account = _account(db, user_id)
    own = {
        r["kind"]: r
        for r in rows(
            db,
            "SELECT kind, enabled, at_time, via, unit_id FROM subscriptions WHERE user_id = ?",
            (user_id,),
        )
    }
    table = defaults(db)
    return {
        kind: _effective(kind, own.get(kind), table.get((account.role, kind)), _FALLBACK[kind])
        for kind in MessageKind
    }


def all_subscriptions(db: Database) -> dict[int, dict[MessageKind, Subscription]]:
    """Every active account's subscriptions (own or default), for the planner."""
    table = defaults(db)
    own: dict[int, dict[str, dict[str, Any]]] = {}
    for r in rows(db, "SELECT user_id, kind, enabled, at_time, via, unit_id FROM subscriptions"):
        own.setdefault(r["user_id"], {})[r["kind"]] = r
    found = {}
    for account in rows(db, "SELECT id, role FROM users WHERE active = 1"):
        mine = own.get(account["id"], {})
        found[account["id"]] = {
            kind: _effective(
                kind, mine.get(kind), table.get((Role(account["role"]), kind)), _FALLBACK[kind]
            )
            for kind in MessageKind
        }
    return found


def _subscription_public(s: Subscription) -> dict[str, Any]:
    return {
        "aktif": s.enabled,
        "pukul": s.at_time,
        "saluran": s.via or "otomatis",
        "unit_id": s.unit_id,
        "milik_sendiri": s.own,
    }


def set_subscription(
    db: Database,
    who: Principal,
    user_id: int,
    kind: str,
    *,
    enabled: bool | None = None,
    at_time: str | None = None,
    via: str | None | Literal[_Keep.KEEP] = KEEP,
    unit_id: int | None | Literal[_Keep.KEEP] = KEEP,
) -> bool:
    """Change what the account gets of `kind`; what is not given stays as it is (the role's
    default for an account that never chose). Returns whether anything changed."""
    require_self_or_admin(who, user_id)
    _check(kind, MessageKind, "kind")
    if via is not KEEP and via is not None:
        _check(via, Via, "via")
    with write(db):
        account = _account(db, user_id)
        if unit_id is not KEEP and unit_id is not None:
            # The scope must be one the account itself may read (a Kakanwil: its province).
            require_read(db, account.principal, unit_id)
        before = subscriptions_of(db, who, user_id)[kind]
        after = Subscription(
            kind,
            before.enabled if enabled is None else enabled,
            at_time or before.at_time,
            before.via if via is KEEP else via,
            before.unit_id if unit_id is KEEP else unit_id,
            True,
        )
        if after == before:
            return False
        db.conn.execute(
            """
            INSERT INTO subscriptions (user_id, kind, enabled, at_time, via, unit_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, kind) DO UPDATE
            SET enabled = excluded.enabled, at_time = excluded.at_time, via = excluded.via,
                unit_id = excluded.unit_id, updated_at = excluded.updated_at
            """,
            (
                user_id,
                kind,
                int(after.enabled),
                after.at_time,
                after.via,
                after.unit_id,
                clock.now_iso(),
            ),
        )
        audit.record(
            db,
            who,
            "update",
            "subscription",
            f"{account.username}/{kind}",
            unit_id=account.unit_id,
            before=_subscription_public(before),
            after=_subscription_public(after),
        )
    return True


def follow_default(db: Database, who: Principal, user_id: int, kind: str) -> bool:
    """Forget the account's own choice of `kind`: the role's default applies again."""
    require_self_or_admin(who, user_id)
    with write(db):
        account = _account(db, user_id)
        before = subscriptions_of(db, who, user_id)[kind]
        if not before.own:
            return False
        db.conn.execute("DELETE FROM subscriptions WHERE user_id = ? AND kind = ?", (user_id, kind))
        audit.record(
            db,
            who,
            "remove",
            "subscription",
            f"{account.username}/{kind}",
            unit_id=account.unit_id,
            before=_subscription_public(before),
            after=_subscription_public(subscriptions_of(db, who, user_id)[kind]),
        )
    return True


# --- the outbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMessage:
    user_id: int
    kind: str
    unit_id: int
    day: date
    via: str
    address: str
    subject: str
    body: str
    status: str = "pending"  # or "skipped" (nothing to send, said once: `reason`)
    reason: str = ""

    @property
    def key(self) -> tuple[int, str, int, str]:
        return (self.user_id, self.kind, self.unit_id, self.day.isoformat())


def existing_keys(db: Database, days: Iterable[date]) -> set[tuple[int, str, int, str]]:
    """The (account, kind, unit, day) of every message already recorded for those days."""
    wanted = sorted({d.isoformat() for d in days})
    if not wanted:
        return set()
    marks = ", ".join("?" for _ in wanted)
    found = db.conn.execute(
        f"SELECT user_id, kind, unit_id, day FROM outbox WHERE day IN ({marks})", wanted
    ).fetchall()
    return {tuple(r) for r in found}


def enqueue(db: Database, messages: Iterable[NewMessage], *, now: datetime) -> list[int]:
    """Record messages; one already recorded for its key is left as it is. Returns the ids of
    the rows this call added (a skipped one is audited at once: it is already final)."""
    added = []
    at = clock.iso(now)
    with write(db, bump_version=False):
        for m in messages:
            found = db.conn.execute(
                """
                INSERT INTO outbox (user_id, kind, unit_id, day, via, address, subject, body,
                                    status, reason, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, kind, unit_id, day) DO NOTHING
                RETURNING id
                """,
                (
                    m.user_id,
                    m.kind,
                    m.unit_id,
                    m.day.isoformat(),
                    m.via,
                    m.address,
                    m.subject[:300],
                    m.body,
                    m.status,
                    m.reason[:REASON_MAX],
                    at if m.status == "pending" else None,
                    at,
                    at,
                ),
            ).fetchone()
            if found is None:
                continue
            added.append(found[0])
            if m.status == "skipped":
                _audit_end(db, found[0])
    return added


MESSAGE_FIELDS = """
    o.id, o.user_id, u.username, u.full_name, o.kind, o.unit_id, un.name AS unit_name,
    un.tz AS unit_tz, o.day, o.via, o.address, o.subject, o.body, o.status, o.attempts,
    o.next_attempt_at, o.lease_until, o.reason, o.provider_id, o.created_at, o.updated_at,
    o.sent_at
"""
MESSAGE_FROM = "FROM outbox o JOIN users u ON u.id = o.user_id JOIN units un ON un.id = o.unit_id"


def message(db: Database, message_id: int) -> OutboxMessage | None:
    found = one(db, f"SELECT {MESSAGE_FIELDS} {MESSAGE_FROM} WHERE o.id = ?", (message_id,))
    return None if found is None else OutboxMessage.from_row(found)


def due_ids(db: Database, *, now: datetime, limit: int = 500) -> list[int]:
    """Messages to send now: new or to retry and due, or taken by a sender whose lease ended."""
    at = clock.iso(now)
    found = db.conn.execute(
        """
        SELECT id FROM outbox
        WHERE (status IN ('pending', 'retry') AND next_attempt_at <= ?)
           OR (status = 'sending' AND lease_until <= ?)
        ORDER BY id LIMIT ?
        """,
        (at, at, limit),
    ).fetchall()
    return [r[0] for r in found]


def active_accounts(db: Database) -> list[Recipient]:
    """Every active account: who may receive messages (system)."""
    found = rows(
        db,
        "SELECT id, username, full_name, role, unit_id FROM users WHERE active = 1 ORDER BY id",
    )
    return [Recipient.from_row(row) for row in found]


def claim(db: Database, message_id: int, *, now: datetime, lease_s: int) -> OutboxMessage | None:
    """Take a message to send, when it is due and nobody holds it (one statement: two senders
    never both win). A sender that died holds it only until its lease ends."""
    at = clock.iso(now)
    until = clock.iso(now + timedelta(seconds=lease_s))
    with write(db, bump_version=False):
        taken = db.conn.execute(
            """
            UPDATE outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1,
                              updated_at = ?
            WHERE id = ?
              AND ((status IN ('pending', 'retry') AND next_attempt_at <= ?)
                   OR (status = 'sending' AND lease_until <= ?))
            RETURNING id
            """,
            (until, at, message_id, at, at),
        ).fetchone()
    return message(db, message_id) if taken else None


def _audit_end(db: Database, message_id: int) -> None:
    row = present(message(db, message_id))
    action = {"sent": "send", "failed": "fail", "skipped": "skip"}[row.status]
    audit.record(
        db,
        SYSTEM,
        action,
        "message",
        message_id,
        unit_id=row.unit_id,
        after={
            "penerima": row.username,
            "jenis": str(row.kind),
            "saluran": str(row.via),
            "tanggal": row.day.isoformat(),
            "status": str(row.status),
            "percobaan": row.attempts,
            "keterangan": row.reason,
        },
    )


def finish(
    db: Database,
    message_id: int,
    status: str,
    *,
    now: datetime,
    reason: str = "",
    provider_id: str | None = None,
    next_attempt_at: datetime | None = None,
) -> None:
    """Record an attempt's end: `sent`, `failed`, `skipped` (final, audited) or `retry` at
    `next_attempt_at`."""
    _check(status, OutboxStatus, "status")

    at = clock.iso(now)
    final = status in ("sent", "failed", "skipped")
    with write(db, bump_version=False):
        db.conn.execute(
            """
            UPDATE outbox SET status = ?, reason = ?, provider_id = ?, lease_until = NULL,
                              next_attempt_at = ?, sent_at = ?, updated_at = ?
            WHERE id = ?
            """,
            (
                status,
                reason[:REASON_MAX],
                (provider_id or None) and provider_id[:200],
                clock.iso(next_attempt_at) if next_attempt_at else None,
                at if status == "sent" else None,
                at,
                message_id,
            ),
        )
        if final:
            _audit_end(db, message_id)


def send_again(db: Database, who: Principal, message_id: int, *, now: datetime) -> bool:
    """An admin asks for a failed message to be tried again at the next run."""
    require_admin(who)
    with write(db):
        row = message(db, message_id)
        if row is None or row.status != OutboxStatus.FAILED:
            return False
        db.conn.execute(
            "UPDATE outbox SET status = 'retry', attempts = 0, next_attempt_at = ?, "
            "updated_at = ? WHERE id = ?",
            (clock.iso(now), clock.iso(now), message_id),
        )
        audit.record(
            db,
            who,
            "retry",
            "message",
            message_id,
            unit_id=row.unit_id,
            before={"status": str(row.status), "keterangan": row.reason},
            after={"status": "retry"},
        )
    return True


@dataclass(frozen=True)
class MessageFilter:
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: datetime | None = None  # created at or after (an instant)
    user_id: int | None = None

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        for column, values in (("o.status", self.statuses), ("o.kind", self.kinds)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params += list(values)
        if self.since is not None:
            clauses.append("o.created_at >= ?")
            params.append(clock.iso(self.since))
        if self.user_id is not None:
            clauses.append("o.user_id = ?")
            params.append(self.user_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def messages(
    db: Database, who: Principal, where: MessageFilter, *, limit: int = 200
) -> list[OutboxMessage]:
    """Messages, newest first: an admin any; anyone else only their own."""
    if where.user_id is None or where.user_id != who.user_id:
        require_admin(who)
    clause, params = where.where()
    found = rows(
        db,
        f"SELECT {MESSAGE_FIELDS} {MESSAGE_FROM}{clause} ORDER BY o.id DESC LIMIT ?",
        (*params, max(1, min(int(limit), 1000))),
    )
    return [OutboxMessage.from_row(row) for row in found]


def status_counts(db: Database, who: Principal, *, since: datetime) -> dict[str, int]:
    require_admin(who)
    found = db.conn.execute(
        "SELECT status, count(*) FROM outbox WHERE created_at >= ? GROUP BY status",
        (clock.iso(since),),
    ).fetchall()
    return {status: n for status, n in found}


# --- Telegram: deep-link codes and the updates offset -------------------------------------------


def new_link_code(
    db: Database, who: Principal, user_id: int, code_hash: str, *, now: datetime, until: datetime
) -> None:
    """Remember the one code (its hash) that connects this account's Telegram until `until`."""
    require_self_or_admin(who, user_id)
    with write(db, bump_version=False):
        db.conn.execute(
            """
            INSERT INTO telegram_links (user_id, code_hash, created_at, expires_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE
            SET code_hash = excluded.code_hash, created_at = excluded.created_at,
                expires_at = excluded.expires_at
            """,
            (user_id, code_hash, clock.iso(now), clock.iso(until)),
        )


def redeem_link_code(
    db: Database, code_hash: str, chat_id: str, *, now: datetime
) -> Recipient | None:
    """The account a live code belongs to, its Telegram contact set to `chat_id` and on; the
    code is used up. None for an unknown or expired code (system)."""
    with write(db):
        found = one(
            db,
            "SELECT user_id FROM telegram_links WHERE code_hash = ? AND expires_at > ?",
            (code_hash, clock.iso(now)),
        )
        db.conn.execute("DELETE FROM telegram_links WHERE code_hash = ?", (code_hash,))
        if found is None:
            return None
        account = _account(db, found["user_id"])
        if not account.active:
            return None
        set_contact(db, SYSTEM, account.id, "telegram", chat_id, enabled=True)
        return account


def update_offset(db: Database) -> int:
    return int(scalar(db, "SELECT value FROM counters WHERE name = ?", (OFFSET_COUNTER,)) or 0)


def set_update_offset(db: Database, offset: int) -> None:
    with write(db, bump_version=False):
        db.conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (OFFSET_COUNTER, int(offset)),
        )
