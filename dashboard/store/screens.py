"""Meeting-screen links: a secret address that shows the wall display without signing in.

A link is scoped to the nation (the root of the unit tree) or to one Kanwil,
expires, and can be revoked. Only the SHA-256 of its token is stored: the
token is shown once, when the link is made, and cannot be recovered later
(make a new link instead). Whoever holds the address sees the screen, so the
screen reads data as a dedicated read-only principal limited to the link's
subtree: the store's own scoping keeps a Kanwil's screen inside its Kanwil.

Who manages links: an admin for any scope; a pimpinan for scopes inside its
own subtree (a Kakanwil for its Kanwil, the national pimpinan for all);
operators for none. Every create and revoke is audited, without the hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dashboard import clock, errors, freetext
from dashboard.domain import ScreenLink, ScreenStatus, Unit
from dashboard.store import audit
from dashboard.store.access import AccessDenied, Principal, subtree_ids
from dashboard.store.db import Database, StoreError, one, present, rows, write
from dashboard.store.migrations import SCREEN_ROTATE_RANGE

DAYS_RANGE = (1, 90)
DEFAULT_DAYS = 7
DEFAULT_ROTATE = 20
LABEL_MAX = 80
TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")

# Statuses of a link (words.SCREEN_STATUS_LABELS names them for the pages).
ACTIVE, EXPIRED, REVOKED = ScreenStatus.ACTIVE, ScreenStatus.EXPIRED, ScreenStatus.REVOKED

SELECT = """
    SELECT s.id, s.token_hash, s.unit_id, u.code AS unit_code, u.name AS unit_name,
           u.type AS unit_type, u.tz AS unit_tz, u.active AS unit_active,
           (u.parent_id IS NULL) AS national,
           s.label, s.rotate_seconds, s.created_at, s.expires_at, s.created_by, s.creator,
           s.revoked_at, s.revoked_by, s.revoker
    FROM screen_links s JOIN units u ON u.id = s.unit_id
"""


class LinkRefused(StoreError):
    """A screen link that shows nothing: unknown, revoked or expired. `reason` says which."""

    CODES = {
        "invalid": errors.SCREEN_INVALID,
        "revoked": errors.SCREEN_REVOKED,
        "expired": errors.SCREEN_EXPIRED,
    }

    def __init__(self, reason: str):
        super().__init__(self.CODES[reason])
        self.reason = reason


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def status_of(link: ScreenLink, now: datetime) -> ScreenStatus:
    if link.revoked_at:
        return REVOKED
    if clock.parse_instant(link.expires_at) <= now:
        return EXPIRED
    return ACTIVE


def by_id(db: Database, link_id: int) -> ScreenLink | None:
    found = one(db, f"{SELECT} WHERE s.id = ?", (link_id,))
    return None if found is None else ScreenLink.from_row(found)


def _is_scope_root(unit: dict[str, Any]) -> bool:
    return unit["parent_id"] is None or unit["type"] == "KANWIL"


def allowed_scopes(db: Database, who: Principal) -> list[Unit]:
    """The units `who` may make screen links for: the national root and/or Kanwil, active ones.

    Ordered: the nation first, then the Kanwil by name.
    """
    if not who.is_leader:
        return []
    found = rows(
        db,
        """
        SELECT id, code, name, type, parent_id, tz FROM units
        WHERE active = 1 AND (parent_id IS NULL OR type = 'KANWIL')
        ORDER BY parent_id IS NOT NULL, name
        """,
    )
    units = [Unit.from_row(r) for r in found]
    if who.role == "admin":
        return units
    if who.unit_id is None:
        return []
    mine = set(subtree_ids(db, who.unit_id))
    return [u for u in units if u.id in mine]


def _require_manage(db: Database, who: Principal, unit_id: int) -> None:
    if not who.is_leader:
        raise AccessDenied(errors.SCREEN_MANAGE_ROLES)
    if who.role == "pimpinan" and (
        who.unit_id is None or unit_id not in subtree_ids(db, who.unit_id)
    ):
        raise AccessDenied(errors.SCREEN_MANAGE_SCOPE)


def create(
    db: Database,
    who: Principal,
    unit_id: int,
    *,
    days: int = DEFAULT_DAYS,
    rotate_seconds: int = DEFAULT_ROTATE,
    label: str = "",
    now: datetime | None = None,
) -> tuple[int, str]:
    """Make a link; returns (its id, the token). The token is not kept: show it now or never."""
    _require_manage(db, who, unit_id)
    if not isinstance(days, int) or not DAYS_RANGE[0] <= days <= DAYS_RANGE[1]:
        raise StoreError(errors.SCREEN_DAYS_RANGE, low=DAYS_RANGE[0], high=DAYS_RANGE[1], days=days)
    low, high = SCREEN_ROTATE_RANGE
    if not isinstance(rotate_seconds, int) or not low <= rotate_seconds <= high:
        raise StoreError(errors.SCREEN_ROTATE_RANGE, low=low, high=high, seconds=rotate_seconds)
    label = (label or "").strip()
    if problem := freetext.problem(label, "screen.label", max_len=LABEL_MAX):
        raise problem.error(StoreError)
    now = now or clock.utc_now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with write(db):
        unit = one(db, "SELECT id, parent_id, type, active FROM units WHERE id = ?", (unit_id,))
        if unit is None or not unit["active"]:
            raise StoreError(errors.SCREEN_UNIT_MISSING)
        if not _is_scope_root(unit):
            raise StoreError(errors.SCREEN_SCOPE_ROOT)
        cursor = db.conn.execute(
            """
            INSERT INTO screen_links (token_hash, unit_id, label, rotate_seconds, created_at,
                                      expires_at, created_by, creator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            (
                hash_token(token),
                unit_id,
                label,
                rotate_seconds,
                clock.iso(now),
                clock.iso(now + timedelta(days=days)),
                who.user_id,
                who.username,
            ),
        )
        created = present(by_id(db, cursor.fetchone()[0]))
        audit.record(
            db, who, "create", "screen_link", created.id, unit_id=unit_id, after=created.record()
        )
    return created.id, token


def list_links(db: Database, who: Principal) -> list[ScreenLink]:
    """The links `who` may manage, newest first (hash left out)."""
    if not who.is_leader:
        raise AccessDenied(errors.SCREEN_LIST_ROLES)
    found = [ScreenLink.from_row(row) for row in rows(db, f"{SELECT} ORDER BY s.id DESC")]
    if who.role == "pimpinan":
        mine = set(subtree_ids(db, who.unit_id)) if who.unit_id is not None else set()
        found = [link for link in found if link.unit_id in mine]
    return found


def revoke(
    db: Database, who: Principal, link_id: int, *, now: datetime | None = None
) -> ScreenLink:
    """Revoke a link: a screen showing it goes blank at its next refresh."""
    now = now or clock.utc_now()
    with write(db):
        before = by_id(db, link_id)
        if before is None:
            raise StoreError(errors.SCREEN_LINK_NOT_FOUND, link_id=link_id)
        _require_manage(db, who, before.unit_id)
        if before.revoked_at:
            raise StoreError(errors.SCREEN_LINK_REVOKED, link_id=link_id)

        db.conn.execute(
            "UPDATE screen_links SET revoked_at = ?, revoked_by = ?, revoker = ? WHERE id = ?",
            (clock.iso(now), who.user_id, who.username, link_id),
        )
        after = present(by_id(db, link_id))
        audit.record(
            db,
            who,
            "revoke",
            "screen_link",
            link_id,
            unit_id=before.unit_id,
            before=before.record(),
            after=after.record(),
        )
    return after


INVALID = "invalid"


def resolve(db: Database, token: str | None, now: datetime | None = None) -> ScreenLink:
    """The live link a token opens, or LinkRefused (invalid, revoked or expired).

    The token is the credential: no Principal is needed to ask. The lookup is
    by hash (indexed), and the stored hash is compared again in constant time.
    """
    now = now or clock.utc_now()
    if not token or not _TOKEN_SHAPE.fullmatch(token):
        raise LinkRefused(INVALID)
    wanted = hash_token(token)
    found = one(db, f"{SELECT} WHERE s.token_hash = ?", (wanted,))
    if found is None or not hmac.compare_digest(found["token_hash"], wanted):
        raise LinkRefused(INVALID)
    link = ScreenLink.from_row(found)
    if not link.unit_active:
        raise LinkRefused(INVALID)
    state = status_of(link, now)
    if state != ACTIVE:
        raise LinkRefused(state)
    return link


def screen_principal(link: ScreenLink) -> Principal:
    """Whom the screen reads as: a pimpinan of the link's root, with no account behind it.

    Shared by every screen of the same scope, so they share cached figures.
    """
    return Principal(
        user_id=None,
        username="layar-rapat",
        role="pimpinan",
        unit_id=link.unit_id,
        full_name="Layar Rapat",
    )


@dataclass(frozen=True)
class LinkSummary:
    """What the screen keeps of its link between refreshes (no token, no hash)."""

    id: int
    unit_id: int
    national: bool
    title: str  # "Nasional" or the Kanwil's name
    tz: str  # the meeting's zone: the scope root's
    label: str  # typed by whoever made the link: plain text only
    rotate_seconds: int
    expires_at: datetime

    @classmethod
    def of(cls, link: ScreenLink) -> LinkSummary:
        return cls(
            id=link.id,
            unit_id=link.unit_id,
            national=link.national,
            title="Nasional" if link.national else link.unit_name,
            tz=link.unit_tz,
            label=link.label,
            rotate_seconds=link.rotate_seconds,
            expires_at=clock.parse_instant(link.expires_at),
        )
