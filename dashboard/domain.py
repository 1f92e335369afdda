"""The vocabulary of the whole code base: word lists as enums, rows as frozen dataclasses.

Pure (no I/O, no Streamlit, no SQL): every layer imports it. Each word list has
ONE definition here; the schema's CHECK constraints (store/migrations.py), the
store's checks, the KPI and the pages all use it. Members are `StrEnum`s whose
values are the strings stored in the database, so a member equals its text
(`Role.ADMIN == "admin"`), JSON-encodes as it, and the interface's labels
(owned by the words module) are keyed by the same strings.

Python 3.11 warns on `"admin" in Role` (plain text) and refuses a non-member with a
TypeError, so a membership test on text uses `in tuple(Role)` (members equal their text).

The dataclasses are what the store returns for units, items and targets
(docs/DECISIONS.md, issue 17, "Item 1: domain types"): the fields are the
columns the store's SELECTs name, with the types the pages need (days as
`date`, flags as `bool`, words as their enum).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from dashboard import words


class Group(StrEnum):
    """KPI groups of output kinds, in display order (berita and medsos are the daily goals)."""

    BERITA = "berita"
    MEDSOS = "medsos"
    MEDIA = "media"
    KEGIATAN = "kegiatan"


NEWS = Group.BERITA


class Role(StrEnum):
    ADMIN = "admin"
    PIMPINAN = "pimpinan"
    OPERATOR = "operator"


LEADERS = (Role.ADMIN, Role.PIMPINAN)  # who sees every unit's output and reviews links
ENTERERS = (Role.ADMIN, Role.OPERATOR)  # who enters output


class UnitType(StrEnum):
    """Kinds of work unit, in display order (lists and trees)."""

    PUSAT = "PUSAT"
    KANWIL = "KANWIL"
    KANKEMENAG = "KANKEMENAG"
    PTKN = "PTKN"
    UPT = "UPT"
    MADRASAH_NEGERI = "MADRASAH_NEGERI"
    KUA = "KUA"


class Zone(StrEnum):
    """Indonesia's three time zones, by their IANA names; the member names are the abbreviations."""

    WIB = "Asia/Jakarta"
    WITA = "Asia/Makassar"
    WIT = "Asia/Jayapura"

    @property
    def abbreviation(self) -> str:
        return self.name


NATIONAL_ZONE = Zone.WIB


class Source(StrEnum):
    """Where an item came from."""

    FORM = "form"
    TEMPLATE = "template"
    META = "meta"
    RSS = "rss"
    DEMO = "demo"
    BENCH = "bench"
    OTOMATIS = "otomatis"  # collected from a unit's channels by the harvest (m060)


# The sources the first schema step allowed (its CHECK lists exactly these, in this order).
SOURCES_M001 = (Source.FORM, Source.TEMPLATE, Source.META, Source.RSS, Source.DEMO, Source.BENCH)
COLLECTED = Source.OTOMATIS


class Tag(StrEnum):
    CAPAIAN = "capaian"
    SEREMONIAL = "seremonial"


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class CountsOn(StrEnum):
    """Which days a target counts: working days or every day."""

    WORKING = "working"
    ALL = "all"


class Scope(StrEnum):
    """Whom a target applies to; the most specific wins (rank 0 first)."""

    UNIT = "unit"
    UNIT_TYPE = "unit_type"
    NATIONAL = "national"

    @property
    def rank(self) -> int:
        return tuple(Scope).index(self)


class TargetState(StrEnum):
    """Where a target stands on a given day (Target.state_on)."""

    UPCOMING = "upcoming"
    IN_FORCE = "in_force"
    ENDED = "ended"


class ItemStatus(StrEnum):
    """What an item counts as: live, rejected on review (kept, counted nowhere) or deleted."""

    LIVE = "live"
    REJECTED = "rejected"
    DELETED = "deleted"


class ChannelType(StrEnum):
    WEBSITE = "website"
    YOUTUBE = "youtube"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"


class OuttakeSource(StrEnum):
    META = "meta"
    OTOMATIS = "otomatis"


class OuttakeMetric(StrEnum):
    VIEWS = "views"
    REACH = "reach"
    REACTIONS = "reactions"
    COMMENTS = "comments"
    SHARES = "shares"
    LIKES = "likes"
    SAVES = "saves"
    CLICKS = "clicks"
    FOLLOWS = "follows"


class JobStatus(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


class Via(StrEnum):
    """Channels messages go out through (the schema's order; service/notify picks its own)."""

    EMAIL = "email"
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"


class MessageKind(StrEnum):
    RECAP = "recap"
    REMINDER = "reminder"
    WEEKLY = "weekly"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    RETRY = "retry"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class CheckOutcome(StrEnum):
    OK = "ok"
    BROKEN = "broken"
    UNKNOWN = "unknown"
    UNSAFE = "unsafe"


class CheckVerdict(StrEnum):
    VERIFIED = "verified"
    FLAGGED = "flagged"
    UNKNOWN = "unknown"


class ReviewDecision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SessionMethod(StrEnum):
    PASSWORD = "password"
    SSO = "sso"


class SessionEndReason(StrEnum):
    """Why a session ended (store/sessions.py names each one in Indonesian for the pages)."""

    SIGN_OUT = "sign_out"  # "Keluar" in that browser
    ENDED = "ended"  # "Akhiri" on Akun Saya, for one of one's own sessions
    ALL = "all"  # "Keluar dari semua perangkat"
    ADMIN = "admin"  # an admin ended the account's sessions on Pengguna
    DEACTIVATED = "deactivated"  # the account was deactivated
    PASSWORD = "password"  # the password was reset or changed


class AuditAction(StrEnum):
    """Every action the audit log records (audit_text names each one in Indonesian)."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    END = "end"
    SET = "set"
    REMOVE = "remove"
    UPSERT = "upsert"
    ACTIVATE = "activate"
    DEACTIVATE = "deactivate"
    RESET_PASSWORD = "reset_password"
    CHANGE_PASSWORD = "change_password"
    LOCK = "lock"
    IMPORT = "import"
    RESTORE = "restore"
    SEED = "seed"
    BULK_LOAD = "bulk_load"
    BULK_CREATE = "bulk_create"
    REBUILD = "rebuild"
    REVOKE = "revoke"
    START = "start"
    TOKEN = "token"
    COPY = "copy"
    TEST = "test"
    BLOCK = "block"
    SEND = "send"
    FAIL = "fail"
    SKIP = "skip"
    RETRY = "retry"
    REVIEW_ACCEPT = "review_accept"
    REVIEW_REJECT = "review_reject"


class AuditEntity(StrEnum):
    """Every kind of record the audit log names."""

    UNIT = "unit"
    USER = "user"
    SETTING = "setting"
    ITEM = "item"
    TARGET = "target"
    CALENDAR = "calendar"
    OUTTAKES = "outtakes"
    IMPORT = "import"
    DATABASE = "database"
    METRIC_KIND = "metric_kind"
    DAILY_COUNTS = "daily_counts"
    SCREEN_LINK = "screen_link"
    SESSION = "session"
    CHANNEL = "channel"
    CONTACT = "contact"
    SUBSCRIPTION = "subscription"
    SUBSCRIPTION_DEFAULT = "subscription_default"
    MESSAGE = "message"


# --- rows ------------------------------------------------------------------------------------


def as_day(value: date | str) -> date:
    """A stored day (ISO text on both backends) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _picked(cls: type, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values for the dataclass's fields (a missing optional column keeps its default)."""
    return {f.name: row[f.name] for f in fields(cls) if f.name in row}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a signed-in account, or the command line's maintenance principal."""

    user_id: int | None
    username: str
    role: str
    unit_id: int | None
    full_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role in LEADERS


@dataclass(frozen=True, slots=True)
class Unit:
    id: int
    code: str
    name: str
    type: UnitType
    parent_id: int | None = None
    parent_code: str | None = None
    province: str = ""
    tz: Zone = Zone.WIB
    active: bool = True

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Unit:
        values = _picked(cls, row)
        values["type"] = UnitType(values["type"])
        if "tz" in values:
            values["tz"] = Zone(values["tz"])
        if "active" in values:
            values["active"] = bool(values["active"])
        return cls(**values)

    def record(self) -> dict[str, Any]:
        """The unit as the audit log stores it (the row's own shape: `active` as 0 or 1)."""
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "type": str(self.type),
            "parent_id": self.parent_id,
            "parent_code": self.parent_code,
            "province": self.province,
            "tz": str(self.tz),
            "active": int(self.active),
        }


@dataclass(frozen=True, slots=True)
class Target:
    """A coordination goal: `value` of `metric` per `period` for a scope, from `valid_from` on."""

    id: int
    scope: Scope
    unit_type: UnitType | None
    unit_id: int | None
    metric: str  # a Group, or one metric kind's code
    period: Period
    value: int
    counts_on: CountsOn
    valid_from: date
    valid_to: date | None
    unit_code: str | None = None
    unit_name: str | None = None
    note: str = ""
    created_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Target:
        values = _picked(cls, row)
        values["scope"] = Scope(values["scope"])
        values["unit_type"] = UnitType(row["unit_type"]) if row["unit_type"] else None
        values["period"] = Period(values["period"])
        values["counts_on"] = CountsOn(values["counts_on"])
        values["value"] = int(values["value"])
        values["valid_from"] = as_day(row["valid_from"])
        values["valid_to"] = as_day(row["valid_to"]) if row["valid_to"] else None
        return cls(**values)

    def state_on(self, day: date) -> TargetState:
        """Not yet in force, in force (valid_from and valid_to inclusive) or ended, on `day`."""
        if day < self.valid_from:
            return TargetState.UPCOMING
        if self.valid_to is not None and self.valid_to < day:
            return TargetState.ENDED
        return TargetState.IN_FORCE

    def holds_on(self, day: date) -> bool:
        """The target is in force on `day` (valid_from and valid_to inclusive; open when None)."""
        return self.state_on(day) == TargetState.IN_FORCE

    @property
    def rule(self) -> str:
        """The target in the words a unit head uses: '1 berita per hari kerja'."""
        return words.target_rule(self.value, self.metric, self.period, self.counts_on)

    def applies_to(self, unit: Unit) -> bool:
        if self.scope == Scope.UNIT:
            return self.unit_id == unit.id
        if self.scope == Scope.UNIT_TYPE:
            return self.unit_type == unit.type
        return True

    def record(self) -> dict[str, Any]:
        """The target as the audit log stores it (the row's own shape: days as ISO text)."""
        return {
            "id": self.id,
            "scope": str(self.scope),
            "unit_type": str(self.unit_type) if self.unit_type else None,
            "unit_id": self.unit_id,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "metric": self.metric,
            "period": str(self.period),
            "value": self.value,
            "counts_on": str(self.counts_on),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "note": self.note,
            "created_at": self.created_at,
        }


@dataclass(frozen=True, slots=True)
class Item:
    """One live (or rejected) output item with its unit's and kind's names, as pages show it."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    day: date
    kind: str
    kind_label: str
    kind_short: str
    grp: Group
    title: str
    link: str | None
    note: str
    tag: Tag | None
    source: Source
    published_at: str | None  # ISO instant (UTC) when the post says when it went out
    late: bool
    flagged: bool
    link_key: str | None
    created_at: str
    updated_at: str
    version: int
    rejected: bool
    created_by: str | None  # the account's user name

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Item:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["grp"] = Group(row["grp"])
        values["tag"] = Tag(row["tag"]) if row["tag"] else None
        values["source"] = Source(row["source"])
        for flag in ("late", "flagged", "rejected"):
            values[flag] = bool(row[flag])
        return cls(**values)

    @property
    def status(self) -> ItemStatus:
        return ItemStatus.REJECTED if self.rejected else ItemStatus.LIVE


@dataclass(frozen=True, slots=True)
class LinkConflict:
    """Two live items of different units on one link; `first` is the earlier claim."""

    link_key: str
    first: Item
    second: Item


@dataclass(frozen=True, slots=True)
class Account:
    """An account with its unit (never its password hash), as the store's users reads give it."""

    id: int
    username: str
    full_name: str
    email: str | None
    role: Role
    unit_id: int
    unit_code: str
    unit_name: str
    unit_tz: Zone
    active: bool
    failed_logins: int
    locked_until: str | None  # ISO instant while locked out somewhere
    created_at: str
    last_login_at: str | None
    must_change_password: bool

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Account:
        values = _picked(cls, row)
        values["role"] = Role(row["role"])
        values["unit_tz"] = Zone(row["unit_tz"])
        values["failed_logins"] = int(row["failed_logins"] or 0)
        for flag in ("active", "must_change_password"):
            values[flag] = bool(row[flag])
        return cls(**values)

    @property
    def principal(self) -> Principal:
        return Principal(
            user_id=self.id,
            username=self.username,
            role=self.role,
            unit_id=self.unit_id,
            full_name=self.full_name,
        )

    def record(self, *, lock: bool = False) -> dict[str, Any]:
        """The account as the audit log stores it (the row's own shape: flags as 0 or 1).

        `lock` adds what a password or lockout change alters, besides the hash the log never holds.
        """
        kept = {
            "username": self.username,
            "full_name": self.full_name,
            "email": self.email,
            "role": str(self.role),
            "unit_code": self.unit_code,
            "active": int(self.active),
            "must_change_password": int(self.must_change_password),
        }
        if lock:
            kept |= {"failed_logins": self.failed_logins, "locked_until": self.locked_until}
        return kept


@dataclass(frozen=True, slots=True)
class AccountSession:
    """One sign-in session of an account (never its hashes), as the account pages list them."""

    id: int
    user_id: int
    method: SessionMethod
    created_at: str
    last_seen_at: str
    expires_at: str
    user_agent: str
    address: str
    ended_at: str | None
    end_reason: SessionEndReason | None
    has_cookie: bool
    username: str
    full_name: str
    role: Role
    unit_id: int
    active: bool  # the account's

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AccountSession:
        values = _picked(cls, row)
        values["method"] = SessionMethod(row["method"])
        values["end_reason"] = SessionEndReason(row["end_reason"]) if row["end_reason"] else None
        values["role"] = Role(row["role"])
        for flag in ("has_cookie", "active"):
            values[flag] = bool(row[flag])
        return cls(**values)


class ScreenStatus(StrEnum):
    """Where a meeting-screen link stands at an instant (store/screens.status_of)."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class ScreenLink:
    """A meeting-screen link with its scope unit (never its token's hash)."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_type: UnitType
    unit_tz: Zone
    unit_active: bool
    national: bool  # scoped to the root of the unit tree, not a Kanwil
    label: str  # typed by whoever made the link: plain text only
    rotate_seconds: int
    created_at: str
    expires_at: str  # ISO instant
    created_by: int | None
    creator: str
    revoked_at: str | None
    revoked_by: int | None
    revoker: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ScreenLink:
        values = _picked(cls, row)
        values["unit_type"] = UnitType(row["unit_type"])
        values["unit_tz"] = Zone(row["unit_tz"])
        values["rotate_seconds"] = int(row["rotate_seconds"])
        for flag in ("unit_active", "national"):
            values[flag] = bool(row[flag])
        return cls(**values)

    def record(self) -> dict[str, Any]:
        """The link as the audit log and `humas screen` keep it (never the hash)."""
        return {
            "id": self.id,
            "unit_code": self.unit_code,
            "label": self.label,
            "rotate_seconds": self.rotate_seconds,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "creator": self.creator,
            "revoked_at": self.revoked_at,
            "revoker": self.revoker,
        }


class ChannelStatus(StrEnum):
    """A channel's health (store/channels.status_of); words.CHANNEL_STATUS_LABELS names each."""

    OK = "ok"
    FAILING = "failing"  # failing for 24 hours
    ERROR = "error"  # the last run failed, not yet for 24 hours
    NEW = "new"  # never read
    NO_TOKEN = "no_token"


@dataclass(frozen=True, slots=True)
class ChannelSkip:
    """A post the channel's last run skipped, and why (Indonesian)."""

    ref: str
    reason: str


@dataclass(frozen=True, slots=True)
class Channel:
    """A unit's registered website or social account with its harvest health.

    `token_cipher` and `state` (the sealed token, the reader's state as JSON) are
    filled only for the harvest (store/channels.to_harvest); pages never get them.
    """

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_tz: Zone
    type: ChannelType
    address: str
    address_key: str
    has_token: bool
    token_set_at: str | None
    token_expires_at: str | None
    created_at: str
    last_run_at: str | None
    last_success_at: str | None
    last_error: str | None  # Indonesian
    last_error_code: str | None
    failing_since: str | None
    last_found: int
    last_added: int
    last_duplicates: int
    last_skipped: int
    last_skips: tuple[ChannelSkip, ...]
    total_added: int
    figures_at: str | None
    removed_at: str | None
    token_cipher: str | None = None
    state: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Channel:
        values = _picked(cls, row)
        values["unit_tz"] = Zone(row["unit_tz"])
        values["type"] = ChannelType(row["type"])
        values["has_token"] = bool(row["has_token"])
        skips = json.loads(row["last_skips"] or "[]")
        values["last_skips"] = tuple(ChannelSkip(s["ref"], s["reason"]) for s in skips)
        return cls(**values)

    def record(self) -> dict[str, Any]:
        """The channel as the audit log keeps it (no token, no state)."""
        return {
            "id": self.id,
            "unit_id": self.unit_id,
            "type": str(self.type),
            "address": self.address,
            "has_token": self.has_token,
            "token_expires_at": self.token_expires_at,
        }


@dataclass(frozen=True, slots=True)
class Recipient:
    """An account as messages need it: whom to write to and whose rights apply."""

    id: int
    username: str
    role: Role
    unit_id: int
    full_name: str = ""
    active: bool = True

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Recipient:
        values = _picked(cls, row)
        values["role"] = Role(row["role"])
        if "active" in values:
            values["active"] = bool(values["active"])
        return cls(**values)

    @property
    def principal(self) -> Principal:
        return Principal(self.id, self.username, self.role, self.unit_id, self.full_name)


@dataclass(frozen=True, slots=True)
class Contact:
    """An account's address on one channel, whether it receives messages there, its last test."""

    user_id: int
    via: Via
    address: str
    enabled: bool = True
    blocked_at: str | None = None
    tested_at: str | None = None
    test_status: str | None = None  # 'sent' or 'failed'
    test_reason: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Contact:
        values = _picked(cls, row)
        values["via"] = Via(row["via"])
        if "enabled" in values:
            values["enabled"] = bool(values["enabled"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class SubscriptionDefault:
    """What a role gets of one kind of message unless an account chose otherwise."""

    role: Role
    kind: MessageKind
    enabled: bool
    at_time: str  # 'HH:MM'
    updated_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SubscriptionDefault:
        values = _picked(cls, row)
        values["role"] = Role(row["role"])
        values["kind"] = MessageKind(row["kind"])
        values["enabled"] = bool(row["enabled"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One message of the outbox with its recipient's and unit's names."""

    id: int
    user_id: int
    username: str
    full_name: str
    kind: MessageKind
    unit_id: int
    unit_name: str
    unit_tz: Zone
    day: date  # the local date it is about
    via: Via
    address: str
    subject: str
    body: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: str | None
    lease_until: str | None
    reason: str
    provider_id: str | None
    created_at: str
    updated_at: str
    sent_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutboxMessage:
        values = _picked(cls, row)
        values["kind"] = MessageKind(row["kind"])
        values["unit_tz"] = Zone(row["unit_tz"])
        values["day"] = as_day(row["day"])
        values["via"] = Via(row["via"])
        values["status"] = OutboxStatus(row["status"])
        values["attempts"] = int(row["attempts"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class CheckDue:
    """An item whose link is due for a check (never checked, corrected since, or re-check due)."""

    id: int
    unit_id: int
    tz: Zone  # the unit's
    day: date
    kind: str
    title: str
    link: str
    link_key: str | None
    flagged: bool

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CheckDue:
        values = _picked(cls, row)
        values["tz"] = Zone(row["tz"])
        values["day"] = as_day(row["day"])
        values["flagged"] = bool(row["flagged"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The latest check of an item's link: what the page answered and what was flagged."""

    item_id: int
    link: str
    day: date
    checked_at: str
    outcome: CheckOutcome
    status: int | None  # HTTP status
    final_url: str | None
    final_key: str | None
    page_title: str | None
    published: str | None  # ISO date the page says it was published
    detail: str | None
    reasons: tuple[str, ...]  # store/checks.REASONS codes
    verdict: CheckVerdict
    recheck_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> LinkCheck:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["outcome"] = CheckOutcome(row["outcome"])
        values["reasons"] = reason_codes(row["reasons"])
        values["verdict"] = CheckVerdict(row["verdict"])
        return cls(**values)


def reason_codes(text: str | None) -> tuple[str, ...]:
    """A check's stored reasons ('a,b') as codes."""
    return tuple(r for r in (text or "").split(",") if r)


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    """An open flagged item a leader may decide on, with what its check found."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    day: date
    kind: str
    kind_short: str
    title: str
    link: str | None
    link_key: str | None
    reasons: tuple[str, ...]
    checked_at: str | None
    status: int | None
    final_url: str | None
    page_title: str | None
    published: str | None
    detail: str | None
    others: tuple[str, ...] = ()  # other units that recorded the same link first

    @classmethod
    def from_row(cls, row: Mapping[str, Any], others: tuple[str, ...] = ()) -> ReviewFlag:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["reasons"] = reason_codes(row["reasons"])
        values["others"] = others
        return cls(**values)


@dataclass(frozen=True, slots=True)
class UnitFlag:
    """A unit's own item with an open flag or a rejection, as its operator sees it."""

    id: int
    day: date
    kind: str
    kind_short: str
    title: str
    link: str | None
    version: int
    reasons: tuple[str, ...]
    decision: ReviewDecision | None  # None while open
    note: str | None
    reviewer: str | None
    decided_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], reasons: str | None) -> UnitFlag:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["reasons"] = reason_codes(reasons)
        values["decision"] = ReviewDecision(row["decision"]) if row["decision"] else None
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Review:
    """A decision just taken on a flagged item."""

    id: int
    unit_id: int
    decision: ReviewDecision
    reasons: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class OutTakeFigure:
    """One stored out-take: a figure a channel reported for a post, never counted as output."""

    link_key: str
    kind: str
    metric: str  # an OuttakeMetric, or a metric a later export names
    period: str  # 'lifetime' or an ISO day
    value: int
    measured_at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutTakeFigure:
        values = _picked(cls, row)
        values["value"] = int(row["value"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class PostDetails:
    """What the best posts of a period show besides their figures."""

    id: int
    unit_id: int
    unit_name: str
    kind_label: str
    title: str
    link: str  # a post with out-takes is found by its link

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PostDetails:
        return cls(**_picked(cls, row))
