"""Every word list, once, as a StrEnum whose values are the stored strings."""

from __future__ import annotations

from enum import StrEnum


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
