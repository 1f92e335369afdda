"""Messages delivered: reminders, daily recaps and weekly summaries, through the outbox.

One run (`humas notify run`, and the scheduler's `notify` job every minute):

1. plan: for every active account, each kind it is subscribed to (its own
   choice, else its role's default) that is due now on the clock of the unit
   it is about (kpi/schedule.py) and not yet in the outbox for that local
   date, with a contact it opted in to;
2. record them in the outbox (the unique key (account, kind, unit, day) keeps a
   second run, or a second host, from adding the same message again);
3. deliver what is due: each message claimed by one sender, sent through its
   channel, then sent / retried with backoff / failed; a Telegram chat that
   blocked the bot turns that contact off.

The recap's text is `humas digest`'s for the same scope and date
(reports/recap.py over service/report.recap, read as the account itself).
An account without any usable contact gets nothing and nothing is recorded
(contacts are opt-in); a message whose channel has no sender configured on
this server is recorded as skipped, with the reason, for the admins to see.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
import tomllib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dashboard import clock, config, errors, words
from dashboard.domain import NEWS, Group, MessageKind, OutboxMessage, Unit, Via
from dashboard.errors import HumasError
from dashboard.kpi import schedule
from dashboard.net import contacts as contact_rules
from dashboard.net import senders as net
from dashboard.reports import messages as texts
from dashboard.reports import recap as recap_text
from dashboard.service import context
from dashboard.service import report as report_data
from dashboard.store import counts as count_store
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM, AccessDenied, Principal
from dashboard.store.db import Database, StoreError

VIAS = (
    Via.WHATSAPP,
    Via.TELEGRAM,
    Via.EMAIL,
)  # the order a channel is picked in when none is chosen
VIA_LABELS = words.VIA_LABELS
KIND_LABELS = words.MESSAGE_KIND_LABELS
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE_S = 120  # a sender's hold on one message (the SMTP timeout is 20 s)
ENV_SECRETS = "HUMAS_SECRETS_FILE"
ENV_BOT = "HUMAS_TELEGRAM_BOT_NAME"
LINK_VALID = timedelta(minutes=30)
log = logging.getLogger(__name__)


# --- channels ---------------------------------------------------------------------------------


def secrets_file() -> Path:
    """Where the SMTP secrets may be ([smtp] table): HUMAS_SECRETS_FILE, else the
    .streamlit/secrets.toml of the folder the process runs in (Streamlit's own place)."""
    named = os.environ.get(ENV_SECRETS, "").strip()
    return Path(named) if named else Path.cwd() / ".streamlit" / "secrets.toml"


def smtp_secrets(path: Path | None = None) -> dict[str, Any]:
    path = path or secrets_file()
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle).get("smtp") or {}
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read the [smtp] secrets in {path}: {exc}") from exc
    return table if isinstance(table, dict) else {}


def senders_from_env() -> dict[str, net.Sender]:
    """The channels this server can send through (ValueError, one line, for a bad setting).

    WhatsApp: the Cloud API when HUMAS_WHATSAPP_TOKEN, _PHONE_ID and _TEMPLATE are set,
    else a Fonnte-style gateway when HUMAS_WA_GATEWAY_TOKEN is."""
    found: dict[str, net.Sender] = {}
    smtp = net.SmtpSettings.from_env(secrets=smtp_secrets())
    if smtp is not None:
        found["email"] = net.SmtpSender(smtp)
    if (telegram := net.TelegramSender.from_env()) is not None:
        found["telegram"] = telegram
    whatsapp = net.WhatsAppCloudSender.from_env() or net.GatewaySender.from_env()
    if whatsapp is not None:
        found["whatsapp"] = whatsapp
    return found


def pick_channel(
    chosen: str | None, usable: Mapping[str, str], senders: Mapping[str, Any]
) -> tuple[str, str, str] | None:
    """(via, address, reason-if-skipped) for a message, or None when the account has no usable
    contact. The chosen channel first, then WhatsApp, Telegram, e-mail; a channel this server
    cannot send through is passed over while another works."""
    order = ([chosen] if chosen else []) + [v for v in VIAS if v != chosen]
    have = [v for v in order if v in usable]
    if not have:
        return None
    for via in have:
        if via in senders:
            return via, usable[via], ""
    via = have[0]
    return via, usable[via], words.via_not_set(via)


# --- planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    username: str
    message: store.NewMessage


def _week_data(
    db: Database, who: Principal, ctx: context.Context, root_id: int, monday: date
) -> texts.WeeklyData:
    start, end = schedule.week_before(monday)
    mine = report_data.visible_context(db, who, ctx)
    units = [u for u, _ in report_data.ordered_subtree(mine, root_id)]
    ids = [u.id for u in units]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    news_days: dict[int, set[date]] = defaultdict(set)
    for unit_id, day, group, n in count_store.daily_by_group(db, who, ids, start, end):
        counts[unit_id][group] += n
        if group == NEWS and n:
            news_days[unit_id].add(day)
    week = [start + timedelta(days=n) for n in range(7)]
    found = []
    for unit in units:
        judged = [d for d in week if (ctx.book.expected(unit, NEWS, d) or 0) > 0]
        found.append(
            texts.WeekUnit(
                unit=unit,
                counts={g: counts[unit.id].get(g, 0) for g in Group},
                news_days=len(news_days[unit.id] & set(judged)),
                judged_days=len(judged),
            )
        )
    return texts.WeeklyData(root=mine.unit(root_id), start=start, end=end, units=found)


def recap_body(db: Database, who: Principal, ctx: context.Context, unit_id: int, day: date) -> str:
    """The recap as `humas digest --as USERNAME --unit CODE --date DAY` prints it."""
    return recap_text.render(report_data.recap(db, who, ctx, unit_id, day), link=config.app_url())


def weekly_body(
    db: Database, who: Principal, ctx: context.Context, unit_id: int, monday: date
) -> str:
    return texts.weekly(_week_data(db, who, ctx, unit_id, monday), link=config.app_url())


def _news_on(db: Database, wanted: set[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which (unit, local day) of `wanted` already have news."""
    if not wanted:
        return set()
    days = [d for _, d in wanted]
    found = count_store.daily_by_group(
        db, SYSTEM, sorted({u for u, _ in wanted}), min(days), max(days)
    )
    return {(u, d) for u, d, g, n in found if g == NEWS and n > 0 and (u, d) in wanted}


def plan(db: Database, senders: Mapping[str, Any], *, now: datetime) -> list[Planned]:
    """The messages due now that the outbox does not hold yet (reads only)."""
    ctx = context.load(db, now)
    subscriptions = store.all_subscriptions(db)
    usable: dict[int, dict[str, str]] = defaultdict(dict)
    for c in store.usable_contacts(db):
        usable[c.user_id][c.via] = c.address
    candidates = []  # (account, kind, unit, day, subscription)
    for account in store.active_accounts(db):
        if account.id not in usable:
            continue
        mine = subscriptions.get(account.id, {})
        for kind in KIND_LABELS:  # a reminder before a recap due in the same run
            sub = mine.get(MessageKind(kind))
            if sub is None or not sub.enabled:
                continue
            # The reminder is about the account's own unit; a recap's scope may be chosen.
            unit_id = account.unit_id if kind == "reminder" else sub.unit_id
            unit = ctx.by_id.get(unit_id or account.unit_id)
            if unit is None:
                continue
            calendar = ctx.book.calendar.for_unit(unit)  # its region's days off too
            day = schedule.due_day(kind, sub.at_time, unit.tz, now, calendar)
            if day is None:
                continue
            if kind == "reminder" and not (ctx.book.expected(unit, NEWS, day) or 0) > 0:
                continue  # no news asked of the unit that day (an exemption)
            candidates.append((account, kind, unit, day, sub))
    have = store.existing_keys(db, {c[3] for c in candidates})
    candidates = [c for c in candidates if (c[0].id, c[1], c[2].id, c[3].isoformat()) not in have]
    with_news = _news_on(db, {(c[2].id, c[3]) for c in candidates if c[1] == "reminder"})
    link = config.app_url()
    planned = []
    for account, kind, unit, day, sub in candidates:
        if kind == "reminder" and (unit.id, day) in with_news:
            continue
        picked = pick_channel(sub.via, usable[account.id], senders)
        if picked is None:  # not reached: accounts without a usable contact were passed over
            continue
        via, address, skipped = picked
        who = account.principal
        try:
            if kind == "reminder":
                subject, body = texts.REMINDER_SUBJECT, texts.reminder(unit, day, now, link=link)
            elif kind == "recap":
                subject = f"{texts.RECAP_SUBJECT} {unit.name}"
                body = recap_body(db, who, ctx, unit.id, day)
            else:
                subject = f"{texts.WEEKLY_SUBJECT} {unit.name}"
                body = weekly_body(db, who, ctx, unit.id, day)
        except AccessDenied:
            subject, body = KIND_LABELS[kind], "-"
            skipped = words.SKIP_NO_RIGHT
        if via == "whatsapp" and isinstance(senders.get(via), net.WhatsAppCloudSender):
            body = texts.for_template(body)  # one template parameter: the totals and the link
        planned.append(
            Planned(
                account.username,
                store.NewMessage(
                    user_id=account.id,
                    kind=kind,
                    unit_id=unit.id,
                    day=day,
                    via=via,
                    address=address,
                    subject=subject[:300],
                    body=body,
                    status="skipped" if skipped else "pending",
                    reason=skipped,
                ),
            )
        )
    return planned


# --- delivery ---------------------------------------------------------------------------------


@dataclass
class RunResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retry: int = 0
    connected: int = 0  # Telegram chats connected by a t.me link in this run
    would: list[tuple[str, str, str]] = field(default_factory=list)  # a dry run's list
    reasons: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"sent {self.sent}, skipped {self.skipped}, failed {self.failed}"

    def as_json(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "skipped": self.skipped,
            "failed": self.failed,
            "retry": self.retry,
            "telegram_connected": self.connected,
            "would_send": [{"username": u, "kind": k, "via": v} for u, k, v in self.would],
        }


def backoff(attempts: int, retry_after_s: int | None = None) -> timedelta:
    wait = BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]
    if retry_after_s:
        wait = max(wait, timedelta(seconds=min(retry_after_s, 6 * 3600)))
    return wait


def _expired(row: OutboxMessage, now: datetime) -> bool:
    """A reminder is for its own day: once the unit's day is over it is not sent."""
    return row.kind == MessageKind.REMINDER and clock.local_today(row.unit_tz, now) > row.day


def deliver_one(
    db: Database,
    row: OutboxMessage,
    senders: Mapping[str, Any],
    *,
    now: datetime,
    result: RunResult,
) -> None:
    """Send one claimed message and record how it went."""
    sender = senders.get(row.via)
    if _expired(row, now):
        store.finish(db, row.id, "skipped", now=now, reason=words.SKIP_DAY_OVER)
        result.skipped += 1
        return
    if row.kind == MessageKind.REMINDER and _news_on(db, {(row.unit_id, row.day)}):
        # Its news came in while the reminder waited for a retry: nothing to remind of.
        store.finish(db, row.id, "skipped", now=now, reason=words.SKIP_HAS_NEWS)
        result.skipped += 1
        return
    if sender is None:
        reason = words.via_not_set(row.via)
        store.finish(db, row.id, "failed", now=now, reason=reason)
        result.failed += 1
        result.reasons.append(reason)
        return
    sent = sender.send(row.address, net.Message(row.subject, row.body))
    if sent.status == net.SENT:
        store.finish(db, row.id, "sent", now=now, reason="", provider_id=sent.provider_id)
        result.sent += 1
    elif sent.status == net.RETRY and row.attempts < MAX_ATTEMPTS:
        later = now + backoff(row.attempts, sent.retry_after_s)
        store.finish(db, row.id, "retry", now=now, reason=sent.reason, next_attempt_at=later)
        result.retry += 1
        result.reasons.append(sent.reason)
    else:
        if sent.status == net.BLOCKED:
            store.mark_blocked(db, row.user_id, row.via, at=now, reason=sent.reason)
        store.finish(db, row.id, "failed", now=now, reason=sent.reason)
        result.failed += 1
        result.reasons.append(sent.reason)


def run_once(
    db: Database,
    *,
    now: datetime | None = None,
    senders: Mapping[str, Any] | None = None,
    dry_run: bool = False,
    stop: threading.Event | None = None,
    budget_s: float | None = None,
) -> RunResult:
    """Plan, record and deliver what is due now; a dry run only lists it and writes nothing."""
    now = now or clock.utc_now()
    senders = senders_from_env() if senders is None else senders
    result = RunResult()
    if not dry_run and "telegram" in senders and bot_name():
        result.connected = connect_telegram(db, senders["telegram"], now=now)
    planned = plan(db, senders, now=now)
    if dry_run:
        result.would = [(p.username, p.message.kind, p.message.via) for p in planned]
        for message_id in store.due_ids(db, now=now):
            row = store.message(db, message_id)
            if row is not None:  # listed a moment ago; gone only if deleted meanwhile
                result.would.append((row.username, row.kind, row.via))
        return result
    store.enqueue(db, [p.message for p in planned if p.message.status == "pending"], now=now)
    skipped = [p.message for p in planned if p.message.status == "skipped"]
    result.skipped += len(store.enqueue(db, skipped, now=now))
    result.reasons += sorted({m.reason for m in skipped})
    started = time.monotonic()
    for message_id in store.due_ids(db, now=now):
        if stop is not None and stop.is_set():
            break
        if budget_s is not None and time.monotonic() - started > budget_s:
            break
        row = store.claim(db, message_id, now=now, lease_s=LEASE_S)
        if row is not None:
            deliver_one(db, row, senders, now=now, result=result)
    return result


# --- connecting Telegram by a t.me link -------------------------------------------------------


def bot_name() -> str | None:
    """The bot's user name (HUMAS_TELEGRAM_BOT_NAME, e.g. PantauHumasBot), if set."""
    name = os.environ.get(ENV_BOT, "").strip().lstrip("@")
    return name if name.replace("_", "").isalnum() and 5 <= len(name) <= 32 else None


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def telegram_link(
    db: Database, who: Principal, user_id: int, *, now: datetime | None = None
) -> str | None:
    """A t.me link that connects this account's Telegram when its owner presses Start within
    LINK_VALID; a new link replaces the last. None when no bot name is configured."""
    bot = bot_name()
    if bot is None:
        return None
    now = now or clock.utc_now()
    code = secrets.token_urlsafe(16)  # 22 of A-Z a-z 0-9 _ -: what a /start payload allows
    store.new_link_code(db, who, user_id, _code_hash(code), now=now, until=now + LINK_VALID)
    return f"https://t.me/{bot}?start={code}"


CONNECTED_TEXT, UNKNOWN_TEXT = words.TELEGRAM_CONNECTED, words.TELEGRAM_UNKNOWN


def connect_telegram(db: Database, sender: Any, *, now: datetime) -> int:
    """Read the bot's Start presses: a live code makes that chat its account's Telegram contact
    (on); the chat is told either way. Returns how many accounts were connected."""
    got = sender.updates(store.update_offset(db))
    if isinstance(got, net.SendResult):
        log.warning("telegram updates: %s", got.reason)
        return 0
    presses, offset = got
    connected = 0
    for press in presses:
        account = None
        if press.payload:
            account = store.redeem_link_code(db, _code_hash(press.payload), press.chat_id, now=now)
        text = CONNECTED_TEXT.format(username=account.username) if account else UNKNOWN_TEXT
        sender.send(press.chat_id, net.Message("Pantau Humas", text))
        connected += account is not None
    store.set_update_offset(db, offset)
    return connected


# --- contacts and subscriptions (Akun Saya, Pengguna, the command line) ------------------------


class ContactRefused(HumasError, ValueError):
    """An address that cannot be used; the contact rules' message says why."""


NORMALISE = {
    "email": contact_rules.email_address,
    "whatsapp": contact_rules.whatsapp_number,
    "telegram": contact_rules.telegram_chat_id,
}


def normalise(via: str, text: str) -> str:
    try:
        return NORMALISE[via](text)
    except contact_rules.ContactError as exc:
        raise exc.problem.error(ContactRefused) from exc


def save_contact(
    db: Database, who: Principal, user_id: int, via: str, text: str, *, enabled: bool = True
) -> bool:
    return store.set_contact(db, who, user_id, via, normalise(via, text), enabled=enabled)


def send_test(
    db: Database,
    who: Principal,
    user_id: int,
    via: str,
    *,
    senders: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> net.SendResult:
    """ "Kirim pesan uji": one message to the saved contact, now; the outcome is kept on the
    contact (a blocked Telegram chat turns it off)."""
    now = now or clock.utc_now()
    contact = store.contacts_of(db, who, user_id).get(via)
    if contact is None:
        raise StoreError(errors.NOTIFY_NO_CONTACT, via=via)
    senders = senders_from_env() if senders is None else senders
    sender = senders.get(via)
    if sender is None:
        result = net.SendResult(net.FAILED, errors.problem(errors.SEND_VIA_NOT_SET, via=via))
    else:
        account = store.account_of(db, user_id)
        text = texts.test_text(account.full_name or account.username, VIA_LABELS[via])
        result = sender.send(contact.address, net.Message(texts.TEST_SUBJECT, text))
    store.record_test(db, who, user_id, via, ok=result.ok, reason=result.reason, at=now)
    if result.status == net.BLOCKED:
        store.mark_blocked(db, user_id, via, at=now, reason=result.reason)
    return result


# --- what the pages read and change (Akun Saya, Pengguna, Pengiriman Pesan) ---------------------

contacts_of = store.contacts_of
subscriptions_of = store.subscriptions_of
set_subscription = store.set_subscription
follow_default = store.follow_default
remove_contact = store.remove_contact
role_defaults = store.defaults
set_role_default = store.set_default
messages = store.messages
MessageFilter = store.MessageFilter
status_counts = store.status_counts


def send_again(db: Database, who: Principal, message_id: int) -> bool:
    return store.send_again(db, who, message_id, now=clock.utc_now())


def configured_channels() -> dict[str, str]:
    """Each channel and whether this server can send through it (for admins), in Indonesian."""
    try:
        found = senders_from_env()
    except ValueError as exc:
        return {via: f"pengaturan salah: {exc}" for via in VIAS}
    return {via: (words.VIA_READY if via in found else words.VIA_NOT_READY) for via in VIAS}


def account_principal(db: Database, account_id: int) -> Principal:
    """The principal of an account (its role and unit decide what it may subscribe to)."""
    return store.account_of(db, account_id).principal


def scopes_for(db: Database, who: Principal, ctx: context.Context) -> list[Unit]:
    """The units an account may choose as its recap's scope: its own unit and those below it
    that it may read, own unit first."""
    mine = report_data.visible_context(db, who, ctx)
    if who.unit_id not in mine.by_id:
        return []
    return [u for u, _ in report_data.ordered_subtree(mine, who.unit_id)]
