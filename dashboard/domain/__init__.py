"""The vocabulary of the whole code base: word lists as enums, rows as frozen dataclasses.

Pure (no I/O, no Streamlit, no SQL): every layer imports it. Each word list has
ONE definition here; the schema's CHECK constraints (store/migrations.py), the
store's checks, the KPI and the pages all use it. Members are `StrEnum`s whose
values are the strings stored in the database, so a member equals its text
(`Role.ADMIN == "admin"`), JSON-encodes as it, and the interface's labels
(owned by the words module) are keyed by the same strings.

Python 3.11 warns on `"admin" in Role` (plain text) and refuses a non-member with a
TypeError, so a membership test on text uses `in tuple(Role)` (members equal their text).

The dataclasses are what the store's public reads return (docs/DECISIONS.md,
issue 17, "Domain types" and "Domain types, the rest"): the fields are the
columns the store's SELECTs name, with the types the pages need (days as
`date`, flags as `bool`, words as their enum).

Import every name from here (`from dashboard.domain import Unit, Role`): the
modules of this package (`enums`, `rows`, and one per family: `accounts`,
`screens`, `channels`, `messages`, `checks`, `outtakes`, `kinds`, `calendar`, `audit`) are its layout, not
import paths.
"""

from __future__ import annotations

from dashboard.domain.accounts import (
    Account,
    AccountSession,
)
from dashboard.domain.audit import (
    AuditEntry,
)
from dashboard.domain.calendar import (
    CalendarOverride,
)
from dashboard.domain.channels import (
    Channel,
    ChannelSkip,
    ChannelStatus,
)
from dashboard.domain.checks import (
    CheckDue,
    LinkCheck,
    Review,
    ReviewFlag,
    UnitFlag,
    reason_codes,
)
from dashboard.domain.enums import (
    COLLECTED,
    ENTERERS,
    LEADERS,
    NATIONAL_ZONE,
    NEWS,
    SOURCES_M001,
    AuditAction,
    AuditEntity,
    ChannelType,
    CheckOutcome,
    CheckVerdict,
    CountsOn,
    Group,
    ItemStatus,
    JobStatus,
    MessageKind,
    OutboxStatus,
    OuttakeMetric,
    OuttakeSource,
    Period,
    ReviewDecision,
    Role,
    Scope,
    SessionEndReason,
    SessionMethod,
    Source,
    Tag,
    TargetState,
    UnitType,
    Via,
    Zone,
)
from dashboard.domain.kinds import (
    Kind,
    KindCount,
)
from dashboard.domain.messages import (
    Contact,
    OutboxMessage,
    Recipient,
    SubscriptionDefault,
)
from dashboard.domain.outtakes import (
    OutTakeFigure,
    PostDetails,
)
from dashboard.domain.rows import (
    Item,
    LinkConflict,
    Principal,
    Target,
    Unit,
    as_day,
)
from dashboard.domain.screens import (
    ScreenLink,
    ScreenStatus,
)

__all__ = [
    "Account",
    "AccountSession",
    "AuditAction",
    "AuditEntry",
    "AuditEntity",
    "COLLECTED",
    "CalendarOverride",
    "Channel",
    "ChannelSkip",
    "ChannelStatus",
    "ChannelType",
    "CheckDue",
    "CheckOutcome",
    "CheckVerdict",
    "Contact",
    "CountsOn",
    "ENTERERS",
    "Group",
    "Item",
    "ItemStatus",
    "JobStatus",
    "Kind",
    "KindCount",
    "LEADERS",
    "LinkCheck",
    "LinkConflict",
    "MessageKind",
    "NATIONAL_ZONE",
    "NEWS",
    "OutTakeFigure",
    "OutboxMessage",
    "OutboxStatus",
    "OuttakeMetric",
    "OuttakeSource",
    "Period",
    "PostDetails",
    "Principal",
    "Recipient",
    "Review",
    "ReviewDecision",
    "ReviewFlag",
    "Role",
    "SOURCES_M001",
    "Scope",
    "ScreenLink",
    "ScreenStatus",
    "SessionEndReason",
    "SessionMethod",
    "Source",
    "SubscriptionDefault",
    "Tag",
    "Target",
    "TargetState",
    "Unit",
    "UnitFlag",
    "UnitType",
    "Via",
    "Zone",
    "as_day",
    "reason_codes",
]
