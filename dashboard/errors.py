"""Errors that carry a code and parameters, never a sentence.

The store, kpi and service raise `HumasError` subclasses (StoreError, AccessDenied,
PeriodError, ...) built from one of the codes registered here and the values its
words need: `StoreError(errors.USER_NAME_TAKEN, username="siti")`. `dashboard.words`
turns a code and its values into Indonesian, for pages and the command line alike;
`str(err)` is that text, so a log line or an old `st.error(str(exc))` still reads right.

Every code is declared once, with the names of its parameters; raising one with other
parameters is a TypeError at the raise (a test reaches every raise path it cares
about). `tests/test_words.py` walks `REGISTRY` and proves each code has its words.

A check that finds several things wrong at once (an entry row: a problem per field) does not
raise: it returns a `Problem` per field, the same code and values an error carries, and the
interface says each with `words.say`. `problem.error(StoreError)` raises one as an error.

One code carries text made elsewhere: `DETAIL`, an English line for the command line or a
developer (backups, copies, configuration).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar


@dataclass(frozen=True)
class Code:
    """An error's name ("item.not_found") and the names of the values its words use."""

    name: str
    params: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name

    def check(self, params: Mapping[str, Any]) -> None:
        """A TypeError unless `params` are exactly this code's parameters."""
        if set(params) != set(self.params):
            raise TypeError(
                f"error code {self.name} takes {sorted(self.params)}, not {sorted(params)}"
            )


E = TypeVar("E", bound="HumasError")


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check found wrong, as a code and its values (words.say gives the words).

    Returned rather than raised where a check reports several at once (a row's fields).
    """

    code: Code
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.code.check(self.params)

    def error(self, cls: type[E]) -> E:
        """This problem as an error of class `cls`, to raise."""
        return cls(self.code, **self.params)


def problem(code: Code, /, **params: Any) -> Problem:
    """`Problem(code, params)`, written like a raise: `problem(TEXT_TOO_LONG, field=...)`."""
    return Problem(code, params)


REGISTRY: dict[str, Code] = {}


def code(name: str, *params: str) -> Code:
    """Declare a code (once) with its parameters' names."""
    if name in REGISTRY:
        raise ValueError(f"error code {name!r} is declared twice")
    found = Code(name, params)
    REGISTRY[name] = found
    return found


def _revive(cls: type[HumasError], state: dict[str, Any]) -> HumasError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = (state.get("code"),)
    return error


class HumasError(Exception):
    """A refusal or failure with a code and its parameters; `words.say(err)` says it."""

    def __init__(self, code: Code | str, /, **params: Any) -> None:
        if isinstance(code, str):  # an English line for the command line or a developer
            code, params = DETAIL, {"detail": code, **params}
        code.check(params)
        super().__init__(code.name)
        self.code: str = code.name
        self.params: dict[str, Any] = params

    @property
    def problem(self) -> Problem:
        """This error's code and values, as a check's finding (e.g. a field's problem)."""
        return Problem(REGISTRY[self.code], self.params)

    def __str__(self) -> str:
        from dashboard import words  # words imports nothing of the layers that raise

        return words.say(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_revive, (type(self), dict(self.__dict__)))


# --- codes that carry text made elsewhere -----------------------------------------------

DETAIL = code("detail", "detail")

# --- the checks of people's text (dashboard.freetext) and of evidence links (dashboard.links)
# `field` is a key of words.TEXT_FIELDS ("item.title", "unit.name"), said as the field's name.

TEXT_TOO_LONG = code("text.too_long", "field", "length", "limit")
TEXT_TOO_SHORT = code("text.too_short", "field", "limit")
TEXT_CONTROL = code("text.control", "field")
TEXT_FORMULA = code("text.formula", "field")
LINK_EMPTY = code("link.empty")
LINK_TOO_LONG = code("link.too_long", "limit")
LINK_SPACES = code("link.spaces")
LINK_NO_SITE = code("link.no_site")
LINK_NOT_WEB = code("link.not_web")
LINK_PORT = code("link.port")

# --- an output item's row (dashboard.entries' check, the importers' parsers, the batch) ----

ENTRY_DAY_REQUIRED = code("entry.day_required")
ENTRY_DAY_FUTURE = code("entry.day_future", "today", "zone")
ENTRY_DAY_TOO_EARLY = code("entry.day_too_early", "days", "earliest")
ENTRY_DAY_IMPOSSIBLE = code("entry.day_impossible")
ENTRY_DAY_SHAPE = code("entry.day_shape")
ENTRY_TITLE_REQUIRED = code("entry.title_required")
ENTRY_KIND_UNKNOWN = code("entry.kind_unknown")
ENTRY_KIND_REQUIRED = code("entry.kind_required")
ENTRY_LINK_REQUIRED = code("entry.link_required")
ENTRY_TAG_UNKNOWN = code("entry.tag_unknown")
ENTRY_INVALID = code("entry.invalid", "problems")
IMPORT_META_TIME = code("import.meta_time")
IMPORT_NOT_PLATFORM = code("import.not_platform", "platform")
IMPORT_FEED_NO_DATE = code("import.feed_no_date")
ROW_SAME_AS = code("row.same_as", "line")
ROW_COLLECTED = code("row.collected")
ROW_DELETED_BEFORE = code("row.deleted_before")
ROW_RECORDED_BEFORE = code("row.recorded_before")
ROW_LINK_TAKEN = code("row.link_taken")
ROW_TITLE_TAKEN = code("row.title_taken")

# --- a whole file an import cannot read (dashboard.ingest): nothing of it is stored --------
# Sizes are in bytes (said in whole megabytes); `path` is the file as the command line was
# given it; `reason`, `detail` and `cause` are what Python or a library said (the OS error,
# the CSV or XML parser's message, the innermost exception's name), not this application's.

FILE_EMPTY = code("file.empty")
FILE_TOO_BIG = code("file.too_big", "size", "limit")
FILE_PATH_TOO_BIG = code("file.path_too_big", "size")
FILE_PATH_FOLDER = code("file.path_folder", "path")
FILE_PATH_MISSING = code("file.path_missing", "path")
FILE_PATH_UNREADABLE = code("file.path_unreadable", "path", "reason")
FILE_OTHER_KIND = code("file.other_kind", "kind")
FILE_BINARY = code("file.binary")
FILE_BINARY_CSV = code("file.binary_csv")
FILE_CSV_BROKEN = code("file.csv_broken", "line", "detail")
FILE_TOO_MANY_ROWS = code("file.too_many_rows", "limit")
FILE_SHAPE_UNKNOWN = code("file.shape_unknown", "columns")
FILE_HEADER_ONLY = code("file.header_only")
FILE_TEMPLATE_COLUMNS = code("file.template_columns", "missing", "columns")
FILE_META_COLUMNS = code("file.meta_columns", "missing")
FILE_XLSX_NOT_FEED = code("file.xlsx_not_feed")
FILE_FEED_NOT_XML = code("file.feed_not_xml")
FILE_FEED_BROKEN = code("file.feed_broken", "line", "detail")
FILE_NOT_FEED = code("file.not_feed")
FILE_FEED_EMPTY = code("file.feed_empty")
FILE_FEED_HTTP = code("file.feed_http", "status")
FILE_XLSX_NOT_ZIP = code("file.xlsx_not_zip")
FILE_XLSX_PARTS = code("file.xlsx_parts", "parts", "limit")
FILE_XLSX_UNPACKED = code("file.xlsx_unpacked", "size", "limit")
FILE_XLSX_NOT_WORKBOOK = code("file.xlsx_not_workbook")
FILE_XLSX_COUNT = code("file.xlsx_count", "part", "limit")
FILE_XLSX_DTD = code("file.xlsx_dtd")
FILE_XLSX_DAMAGED = code("file.xlsx_damaged")
FILE_XLSX_UNREADABLE = code("file.xlsx_unreadable", "cause")
FILE_XLSX_NO_SHEET = code("file.xlsx_no_sheet")
FILE_CHECK_SLOW = code("file.check_slow", "seconds")
FILE_CHECK_MEMORY = code("file.check_memory")
FILE_CHECK_BUSY = code("file.check_busy")
FILE_CHECK_FAILED = code("file.check_failed")

# --- an outside address the safe fetcher could not read (dashboard.net.fetch, net.robots) ---
# The fetcher's `FetchError.code` ("timeout", "bad_url") stays its kind, kept with link checks;
# these say it. `site` is the host asked for, `limit` a count or (too_large) bytes.

FETCH_BAD_JSON = code("fetch.bad_json")
FETCH_DNS_SLOW = code("fetch.dns_slow", "site")
FETCH_NO_SUCH_HOST = code("fetch.no_such_host", "site")
FETCH_UNSAFE_ADDRESS = code("fetch.unsafe_address")
FETCH_BAD_URL = code("fetch.bad_url")
FETCH_BAD_PORT = code("fetch.bad_port")
FETCH_NOT_WEB = code("fetch.not_web")
FETCH_NO_HOST = code("fetch.no_host")
FETCH_CREDENTIALS = code("fetch.credentials")
FETCH_BAD_HOST = code("fetch.bad_host")
FETCH_COMPRESSION = code("fetch.compression")
FETCH_TOO_LARGE = code("fetch.too_large", "limit")
FETCH_REDIRECT_LOOP = code("fetch.redirect_loop")
FETCH_TOO_MANY_REDIRECTS = code("fetch.too_many_redirects", "limit")
FETCH_BAD_REDIRECT = code("fetch.bad_redirect")
FETCH_TIMEOUT_TOTAL = code("fetch.timeout_total", "seconds")
FETCH_CONNECT_TIMEOUT = code("fetch.connect_timeout")
FETCH_READ_TIMEOUT = code("fetch.read_timeout")
FETCH_TLS = code("fetch.tls")
FETCH_REFUSED = code("fetch.refused")
FETCH_BROKEN = code("fetch.broken")
FETCH_ROBOTS_UNAVAILABLE = code("fetch.robots_unavailable", "status")
FETCH_ROBOTS = code("fetch.robots")

# --- a page a link check read (dashboard.net.pages): its HTTP status said ----------------

PAGE_REFUSED = code("page.refused", "status")
PAGE_NOT_FOUND = code("page.not_found", "status")
PAGE_ERROR = code("page.error", "status")
PAGE_UNEXPECTED = code("page.unexpected", "status")

# --- a channel's reading (dashboard.net: posts, website, youtube, graph, tiktok) ----------
# ChannelError.code and Skip.code stay their kinds, for data; these say them, as the channel
# keeps them (`last_error`, its skips). `subject` is a key of words.READ_SUBJECTS, `code` the
# platform's own error code, `found` a link's problem.

READ_NO_PERMALINK = code("read.no_permalink")
READ_BAD_LINK = code("read.bad_link", "found")
READ_NO_DATE = code("read.no_date")
READ_NO_ZONE = code("read.no_zone")
READ_FUTURE = code("read.future")
READ_NOT_FOUND = code("read.not_found", "subject", "status")
READ_RATE_LIMITED = code("read.rate_limited")
READ_DENIED = code("read.denied", "status")
READ_SERVER_ERROR = code("read.server_error", "status")
READ_STATUS = code("read.status", "status")
READ_TOKEN_MISSING = code("read.token_missing")
READ_UNEXPECTED = code("read.unexpected")
READ_EMPTY_ANSWER = code("read.empty_answer")
READ_HTML_ANSWER = code("read.html_answer")
READ_NOT_XML = code("read.not_xml")
READ_FEED_ENTITIES = code("read.feed_entities")
READ_FEED_BROKEN = code("read.feed_broken")
READ_NOT_FEED = code("read.not_feed")
READ_WORDPRESS_UNKNOWN = code("read.wordpress_unknown")
READ_SITEMAP_BROKEN = code("read.sitemap_broken")
READ_NOT_SITEMAP = code("read.not_sitemap")
READ_NO_FEED = code("read.no_feed")
READ_YOUTUBE_BAD_ID = code("read.youtube_bad_id")
READ_GRAPH_TOKEN_EXPIRED = code("read.graph_token_expired")
READ_GRAPH_RATE_LIMITED = code("read.graph_rate_limited", "code")
READ_GRAPH_PERMISSION = code("read.graph_permission", "code")
READ_GRAPH_NOT_FOUND = code("read.graph_not_found")
READ_GRAPH_REFUSED = code("read.graph_refused", "code")
READ_GRAPH_NOT_JSON = code("read.graph_not_json")
READ_GRAPH_UNKNOWN = code("read.graph_unknown")
READ_GRAPH_BAD_ID = code("read.graph_bad_id")
READ_TIKTOK_TOKEN_EXPIRED = code("read.tiktok_token_expired")
READ_TIKTOK_RATE_LIMITED = code("read.tiktok_rate_limited")
READ_TIKTOK_SCOPE = code("read.tiktok_scope")
READ_TIKTOK_REFUSED = code("read.tiktok_refused", "code")
READ_TIKTOK_UNKNOWN = code("read.tiktok_unknown")

# --- a message's sending (dashboard.net.senders): SendResult.status says what happens next;
# these say why. `service` is telegram, whatsapp or gateway; `what` what an e-mail server
# refused (recipient, sender, message, server); `found` the fetcher's problem; `code`, `status`,
# `description` and `reason` what the provider answered.

SEND_SENT = code("send.sent")
SEND_UNREACHABLE = code("send.unreachable", "service", "found")
SEND_FETCH_FAILED = code("send.fetch_failed", "service", "found")
SEND_SERVER_ERROR = code("send.server_error", "service", "status")
SEND_TOO_LONG = code("send.too_long", "limit")
SEND_VIA_NOT_SET = code("send.via_not_set", "via")
SEND_SMTP_LATER = code("send.smtp_later", "what", "code")
SEND_SMTP_REFUSED = code("send.smtp_refused", "what", "code")
SEND_SMTP_LOGIN = code("send.smtp_login", "code")
SEND_SMTP_UNSUPPORTED = code("send.smtp_unsupported")
SEND_SMTP_TLS = code("send.smtp_tls")
SEND_SMTP_UNREACHABLE = code("send.smtp_unreachable")
SEND_TELEGRAM_BLOCKED = code("send.telegram_blocked")
SEND_TELEGRAM_NO_CHAT = code("send.telegram_no_chat")
SEND_TELEGRAM_RATE = code("send.telegram_rate")
SEND_TELEGRAM_TOKEN = code("send.telegram_token")
SEND_TELEGRAM_UNKNOWN = code("send.telegram_unknown")
SEND_TELEGRAM_REFUSED = code("send.telegram_refused", "status", "description")
SEND_TELEGRAM_WEBHOOK = code("send.telegram_webhook")
SEND_TELEGRAM_UPDATES_REFUSED = code("send.telegram_updates_refused", "status")
SEND_WHATSAPP_SENDER_ID = code("send.whatsapp_sender_id")
SEND_WHATSAPP_TOKEN = code("send.whatsapp_token")
SEND_WHATSAPP_RATE = code("send.whatsapp_rate", "code")
SEND_WHATSAPP_NOT_WHATSAPP = code("send.whatsapp_not_whatsapp")
SEND_WHATSAPP_TEMPLATE = code("send.whatsapp_template", "code")
SEND_WHATSAPP_UNKNOWN = code("send.whatsapp_unknown")
SEND_WHATSAPP_REFUSED = code("send.whatsapp_refused", "status", "code")
SEND_GATEWAY_RATE = code("send.gateway_rate")
SEND_GATEWAY_UNKNOWN = code("send.gateway_unknown", "status")
SEND_GATEWAY_DISCONNECTED = code("send.gateway_disconnected", "reason")
SEND_GATEWAY_REFUSED = code("send.gateway_refused", "reason")

# --- the database itself -------------------------------------------------------------------

DB_UNAVAILABLE = code("db.unavailable")
DB_DISCONNECTED = code("db.disconnected")
DB_SCHEMA_TOO_NEW = code("db.schema_too_new")
DB_BUSY = code("db.busy")
DB_READ_ONLY = code("db.read_only")
DB_FULL = code("db.full")

# --- who may do what ---------------------------------------------------------------------

ACCESS_SOME_UNITS = code("access.some_units")
ACCESS_UNIT = code("access.unit")
ACCESS_WRITE_OWN_UNIT = code("access.write_own_unit")
ACCESS_INACTIVE = code("access.inactive")
ACCESS_ADMIN_ONLY = code("access.admin_only")
SESSION_OWN_ONLY = code("session.own_only")
NOTIFY_OWN_ONLY = code("notify.own_only")
SCREEN_MANAGE_ROLES = code("screen.manage_roles")
SCREEN_MANAGE_SCOPE = code("screen.manage_scope")
SCREEN_LIST_ROLES = code("screen.list_roles")
CHANNEL_MANAGE_ROLES = code("channel.manage_roles")
REVIEW_PAIRS_ROLES = code("review.pairs_roles")
REVIEW_ROLES = code("review.roles")
REVIEW_SOME_UNITS = code("review.some_units")
REVIEW_NOT_REVIEWER = code("review.not_reviewer")

# --- accounts ------------------------------------------------------------------------------

USER_NOT_FOUND = code("user.not_found")
USER_ROLE_UNKNOWN = code("user.role_unknown", "role", "choices")
USER_NAME_TAKEN = code("user.name_taken", "username")
USER_EMAIL_TAKEN = code("user.email_taken", "email")
USER_DEACTIVATE_SELF = code("user.deactivate_self")
DRAFT_SIGNED_IN_ONLY = code("draft.signed_in_only")
DRAFT_TOO_LONG = code("draft.too_long")

PASSWORD_EMPTY = code("password.empty")
PASSWORD_TOO_SHORT = code("password.too_short", "limit")
PASSWORD_TOO_LONG = code("password.too_long", "limit")
PASSWORD_IS_NAME = code("password.is_name")
PASSWORD_COMMON = code("password.common")
PASSWORD_WRONG = code("password.wrong")
PASSWORD_NO_CHANGE_NEEDED = code("password.no_change_needed")
PASSWORD_SAME_AS_GIVEN = code("password.same_as_given")
USER_NAME_SHAPE = code("user.name_shape", "low", "high")
USER_EMAIL_INVALID = code("user.email_invalid")

# --- units and the calendar ----------------------------------------------------------------

UNIT_NOT_FOUND = code("unit.not_found")
UNIT_MISSING_OR_INACTIVE = code("unit.missing_or_inactive")
UNIT_CODE_NOT_FOUND = code("unit.code_not_found", "code")
UNIT_CODE_SHAPE = code("unit.code_shape")
UNIT_CODE_TAKEN = code("unit.code_taken", "code")
UNIT_TYPE_UNKNOWN = code("unit.type_unknown", "type")
UNIT_FIELDS_UNKNOWN = code("unit.fields_unknown", "fields")
UNIT_BELOW_ITSELF = code("unit.below_itself")
CALENDAR_PICK_DAY = code("calendar.pick_day")
CALENDAR_NOTE_REQUIRED = code("calendar.note_required")
CALENDAR_NO_OVERRIDE = code("calendar.no_override")

# --- output items and their review --------------------------------------------------------

ITEM_NOT_FOUND = code("item.not_found")
ITEM_SOURCE_UNKNOWN = code("item.source_unknown", "source")
ITEM_FIELDS_NOT_EDITABLE = code("item.fields_not_editable", "fields")
ITEM_REJECTED_EDIT = code("item.rejected_edit")
ITEM_STALE = code("item.stale", "actors", "fields")
ITEM_BATCH_REJECTED = code("item.batch_rejected", "count")
REVIEW_DECISION_UNKNOWN = code("review.decision_unknown", "decision")
REVIEW_NOTE_REQUIRED = code("review.note_required")
REVIEW_NOTE_TOO_LONG = code("review.note_too_long", "limit")
REVIEW_NOT_OPEN = code("review.not_open")

# --- targets and settings ------------------------------------------------------------------

TARGET_SCOPE_UNKNOWN = code("target.scope_unknown")
TARGET_PICK_UNIT_TYPE = code("target.pick_unit_type")
TARGET_PICK_UNIT = code("target.pick_unit")
TARGET_METRIC_UNKNOWN = code("target.metric_unknown", "metric")
TARGET_PERIOD_UNKNOWN = code("target.period_unknown")
TARGET_COUNTS_ON_UNKNOWN = code("target.counts_on_unknown")
TARGET_NEGATIVE = code("target.negative")
TARGET_TOO_BIG = code("target.too_big")
TARGET_ENDS_BEFORE_START = code("target.ends_before_start")
TARGET_OVERLAP = code("target.overlap", "valid_from", "until")
TARGET_NOT_FOUND = code("target.not_found")
TARGET_END_BEFORE_START = code("target.end_before_start")
TARGET_ENDED_EARLIER = code("target.ended_earlier")
SETTING_UNKNOWN = code("setting.unknown", "key")
SETTING_NOT_WHOLE = code("setting.not_whole", "key")
SETTING_RANGE = code("setting.range", "key", "minimum", "maximum")


# --- meeting-screen links ------------------------------------------------------------------

SCREEN_DAYS_RANGE = code("screen.days_range", "low", "high", "days")
SCREEN_ROTATE_RANGE = code("screen.rotate_range", "low", "high", "seconds")
SCREEN_UNIT_MISSING = code("screen.unit_missing")
SCREEN_SCOPE_ROOT = code("screen.scope_root")
SCREEN_LINK_NOT_FOUND = code("screen.link_not_found", "link_id")
SCREEN_LINK_REVOKED = code("screen.link_revoked", "link_id")
SCREEN_INVALID = code("screen.invalid")
SCREEN_REVOKED = code("screen.revoked")
SCREEN_EXPIRED = code("screen.expired")

# --- channels and messages -----------------------------------------------------------------

CHANNEL_NOT_FOUND = code("channel.not_found")
CHANNEL_TAKEN_HERE = code("channel.taken_here", "channel_id")
CHANNEL_TAKEN_BY = code("channel.taken_by", "unit")
CHANNEL_TAKEN_ELSEWHERE = code("channel.taken_elsewhere")
CHANNEL_NO_TOKEN = code("channel.no_token")
CHANNEL_TOKEN_REQUIRED = code("channel.token_required")
CHANNEL_INTERNAL_ADDRESS = code("channel.internal_address")
NOTIFY_CHOICE_UNKNOWN = code("notify.choice_unknown", "what", "value", "choices")
NOTIFY_NO_CONTACT = code("notify.no_contact", "via")

# --- a channel's address (dashboard.channel_address); `type` is a channel type ("youtube"),
# said as the name of what a person types for it ("ID kanal YouTube") -----------------------

CHANNEL_TYPE_UNKNOWN = code("channel.type_unknown")
ADDRESS_REQUIRED = code("address.required", "type")
ADDRESS_INVALID = code("address.invalid", "type")
ADDRESS_NOT_ID = code("address.not_id", "type")
ADDRESS_YOUTUBE = code("address.youtube")
ADDRESS_TIKTOK = code("address.tiktok")

# --- a message contact (dashboard.net.contacts); `via` is "email", "whatsapp" or "telegram",
# said as what the contact is ("Nomor WhatsApp") ------------------------------------------

CONTACT_REQUIRED = code("contact.required", "via")
CONTACT_INVALID = code("contact.invalid", "via")
CONTACT_WHATSAPP_CHARACTERS = code("contact.whatsapp_characters")
CONTACT_WHATSAPP_UNREADABLE = code("contact.whatsapp_unreadable")
CONTACT_WHATSAPP_COUNTRY = code("contact.whatsapp_country")
CONTACT_WHATSAPP_MOBILE = code("contact.whatsapp_mobile")
CONTACT_TELEGRAM_CHAT = code("contact.telegram_chat")

# --- the application's secret key and the tokens it seals (dashboard.secretbox) -----------

SECRET_FILE_UNREADABLE = code("secret.file_unreadable")
SECRET_KEY_MISSING = code("secret.key_missing")
SECRET_KEY_INVALID = code("secret.key_invalid")
SECRET_TOKEN_UNREADABLE = code("secret.token_unreadable")

# --- periods and times (kpi) ---------------------------------------------------------------

PERIOD_UNKNOWN = code("period.unknown", "preset")
PERIOD_PICK_DATES = code("period.pick_dates")
PERIOD_REVERSED = code("period.reversed")
PERIOD_FUTURE = code("period.future")
PERIOD_TOO_LONG = code("period.too_long")
TIME_SHAPE = code("time.shape")
