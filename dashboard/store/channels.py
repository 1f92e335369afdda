"""Channels (Kanal): a unit's website and social accounts whose posts are collected.

Rights (as for output): an operator manages its own unit's channels, an admin
any unit's, a pimpinan reads those of its subtree. Every change is audited in
the same transaction, and no audit entry, listing or error ever holds a
token: the store keeps only the sealed token (`token_cipher`, sealed and
opened by the service with the app's key), hands it out only to whoever may
manage the channel, and records a token change as "token replaced".

A channel is unique nationwide by type and normal address among the live
ones; a removed channel keeps its row (the audit log names it) and loses
its token.

Health: `record_run` keeps the reader's new state and what the run found,
the last success, the last error (Indonesian) and since when the channel has
been failing (`failing_since`: the first failed run after the last success).
A channel is "failing" once that is 24 hours old.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dashboard import channel_address, clock, errors, links
from dashboard.domain import Channel, ChannelStatus
from dashboard.store import audit
from dashboard.store.access import (
    AccessDenied,
    Principal,
    require_read,
    unit_scope,
    visible_unit_ids,
)
from dashboard.store.db import Database, StoreError, one, rows, write

FAILING_AFTER = timedelta(hours=24)
MAX_SKIPS_KEPT = 20  # skipped posts of the last run kept with their reasons

# Statuses, for pages and `humas channel list`.
OK, FAILING, ERROR = ChannelStatus.OK, ChannelStatus.FAILING, ChannelStatus.ERROR
NEW, NO_TOKEN = ChannelStatus.NEW, ChannelStatus.NO_TOKEN

# What pages and the command line read of a channel: never the sealed token.
COLUMNS = """
    c.id, c.unit_id, un.code AS unit_code, un.name AS unit_name, un.tz AS unit_tz,
    c.type, c.address, c.address_key, c.token_cipher IS NOT NULL AS has_token, c.token_set_at,
    c.token_expires_at, c.created_at, c.last_run_at, c.last_success_at, c.last_error,
    c.last_error_code, c.failing_since, c.last_found, c.last_added, c.last_duplicates,
    c.last_skipped, c.last_skips, c.total_added, c.figures_at, c.removed_at
"""
FROM = "FROM channels c JOIN units un ON un.id = c.unit_id"


class ChannelInvalid(StoreError):
    """A registration refused; its code says what to fix (`words.say`)."""


@dataclass(frozen=True)
class RunRecord:
    """What one harvest of a channel found, for `record_run`."""

    state_json: str
    found: int = 0
    added: int = 0
    duplicates: int = 0
    skips: Sequence[tuple[str, str]] = ()  # (post reference, reason)
    error: str | None = None  # Indonesian
    error_code: str | None = None
    token_expires_at: datetime | None = None
    figures_refreshed: bool = False


def status_of(channel: Channel, now: datetime | None = None) -> ChannelStatus:
    now = now or clock.utc_now()
    if channel.type in channel_address.NEEDS_TOKEN and not channel.has_token:
        return NO_TOKEN
    if channel.failing_since:
        since = clock.parse_instant(channel.failing_since)
        return FAILING if now - since >= FAILING_AFTER else ERROR
    if channel.last_run_at is None:
        return NEW
    return OK


def _live(db: Database, channel_id: int) -> Channel:
    found = one(db, f"SELECT {COLUMNS} {FROM} WHERE c.id = ?", (channel_id,))
    if found is None or found["removed_at"] is not None:
        raise StoreError(errors.CHANNEL_NOT_FOUND)
    return Channel.from_row(found)


def can_manage(who: Principal, unit_id: int) -> bool:
    """An admin manages any unit's channels, an operator its own unit's; a pimpinan reads."""
    return who.role == "admin" or (who.role == "operator" and who.unit_id == unit_id)


def _require_manage(db: Database, who: Principal, unit_id: int) -> None:
    if not can_manage(who, unit_id):
        require_read(db, who, unit_id)  # someone outside the unit learns nothing more
        raise AccessDenied(errors.CHANNEL_MANAGE_ROLES)


def get(db: Database, who: Principal, channel_id: int) -> Channel:
    """One live channel (no token), if `who` may read its unit."""
    channel = _live(db, channel_id)
    require_read(db, who, channel.unit_id)
    return channel


def for_units(db: Database, who: Principal, unit_ids: Iterable[int] | None = None) -> list[Channel]:
    """The live channels of the units (None: every unit `who` may read), by unit and type."""
    where, params = unit_scope(db, who, None if unit_ids is None else list(unit_ids))
    found = rows(
        db,
        f"""SELECT {COLUMNS} {FROM}
        WHERE c.removed_at IS NULL AND c.{where}
        ORDER BY un.name, c.type, c.id""",
        params,
    )
    return [Channel.from_row(r) for r in found]


def for_unit(db: Database, who: Principal, unit_id: int) -> list[Channel]:
    require_read(db, who, unit_id)
    return for_units(db, who, [unit_id])


def add(
    db: Database,
    who: Principal,
    unit_id: int,
    channel_type: str,
    address: str,
    *,
    token_cipher: str | None = None,
    token_expires_at: datetime | None = None,
) -> int:
    """Register a channel of a unit; returns its id. ChannelInvalid says what is wrong."""
    _require_manage(db, who, unit_id)
    try:
        parsed = channel_address.parse(channel_type, address)
    except channel_address.AddressError as exc:
        raise exc.problem.error(ChannelInvalid) from exc
    now = clock.now_iso()
    with write(db):
        unit = one(db, "SELECT id, name, active FROM units WHERE id = ?", (unit_id,))
        if unit is None or not unit["active"]:
            raise ChannelInvalid(errors.UNIT_MISSING_OR_INACTIVE)
        taken = one(
            db,
            "SELECT c.id, c.unit_id, un.name AS unit_name "
            "FROM channels c JOIN units un ON un.id = c.unit_id "
            "WHERE c.type = ? AND c.address_key = ? AND c.removed_at IS NULL",
            (channel_type, parsed.key),
        )
        if taken is not None:
            if taken["unit_id"] == unit_id:
                raise ChannelInvalid(errors.CHANNEL_TAKEN_HERE, channel_id=taken["id"])
            visible = visible_unit_ids(db, who)
            whose = taken["unit_name"] if visible is None or taken["unit_id"] in visible else None
            if whose:
                raise ChannelInvalid(errors.CHANNEL_TAKEN_BY, unit=whose)
            raise ChannelInvalid(errors.CHANNEL_TAKEN_ELSEWHERE)
        channel_id = db.conn.execute(
            """
            INSERT INTO channels (unit_id, type, address, address_key, token_cipher,
                                  token_set_at, token_expires_at, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            (
                unit_id,
                channel_type,
                parsed.text,
                parsed.key,
                token_cipher,
                now if token_cipher else None,
                clock.iso(token_expires_at) if token_expires_at and token_cipher else None,
                who.user_id,
                now,
            ),
        ).fetchone()[0]
        audit.record(
            db,
            who,
            "create",
            "channel",
            channel_id,
            unit_id=unit_id,
            after=_live(db, channel_id).record(),
        )
    return int(channel_id)


def token_cipher(db: Database, who: Principal, channel_id: int) -> str | None:
    """The sealed token of a live channel, for whoever may manage it (to test it now)."""
    channel = _live(db, channel_id)
    _require_manage(db, who, channel.unit_id)
    row = one(db, "SELECT token_cipher FROM channels WHERE id = ?", (channel_id,))
    return row["token_cipher"] if row else None


def set_token(
    db: Database,
    who: Principal,
    channel_id: int,
    cipher: str | None,
    *,
    expires_at: datetime | None = None,
) -> None:
    """Replace (or with None, clear) a channel's sealed token. Audited as a change, never
    with the token or its sealed form."""
    with write(db):
        before = _live(db, channel_id)
        _require_manage(db, who, before.unit_id)
        if before.type not in channel_address.NEEDS_TOKEN and cipher is not None:
            raise ChannelInvalid(errors.CHANNEL_NO_TOKEN)
        db.conn.execute(
            """
            UPDATE channels SET token_cipher = ?, token_set_at = ?, token_expires_at = ?
            WHERE id = ?
            """,
            (
                cipher,
                clock.now_iso() if cipher else None,
                clock.iso(expires_at) if expires_at and cipher else None,
                channel_id,
            ),
        )
        after = _live(db, channel_id)
        audit.record(
            db,
            who,
            "token",
            "channel",
            channel_id,
            unit_id=before.unit_id,
            before=before.record(),
            after=after.record() | {"token": "diganti" if cipher else "dihapus"},
        )


def remove(db: Database, who: Principal, channel_id: int) -> Channel:
    """Stop collecting from a channel: it leaves every list and forgets its token. Items
    already collected stay."""
    with write(db):
        before = _live(db, channel_id)
        _require_manage(db, who, before.unit_id)
        db.conn.execute(
            """
            UPDATE channels SET removed_at = ?, removed_by = ?, token_cipher = NULL,
                                token_set_at = NULL, token_expires_at = NULL
            WHERE id = ?
            """,
            (clock.now_iso(), who.user_id, channel_id),
        )
        audit.record(
            db,
            who,
            "delete",
            "channel",
            channel_id,
            unit_id=before.unit_id,
            before=before.record(),
            after={"removed": True},
        )
    return before


# --- the harvest's side --------------------------------------------------------------------


def to_harvest(db: Database, unit_ids: Iterable[int] | None = None) -> list[Channel]:
    """Live channels to read, longest unread first (so a run cut short by its time budget
    leaves the rest first in line next time). For the harvest (a system job): unscoped."""
    params: tuple[Any, ...] = ()
    where = ""
    if unit_ids is not None:
        ids = sorted(set(unit_ids))
        where = f" AND c.unit_id IN ({', '.join('?' for _ in ids) or 'NULL'})"
        params = tuple(ids)
    found = rows(
        db,
        f"""SELECT {COLUMNS}, c.token_cipher, c.state {FROM}
        WHERE c.removed_at IS NULL AND un.active = 1{where}
        ORDER BY COALESCE(c.last_run_at, ''), c.id""",
        params,
    )
    return [Channel.from_row(r) for r in found]


def record_run(db: Database, channel_id: int, run: RunRecord, *, now: datetime) -> None:
    """Keep what one read of a channel found (inside the harvest's write transaction).

    Health only, never audited (it is not a change anybody made): the state, the
    counts, the last success or the error and since when it has been failing.
    """
    at = clock.iso(now)
    skips = [{"ref": ref[:300], "reason": reason[:300]} for ref, reason in run.skips]
    current = one(
        db,
        "SELECT last_success_at, failing_since, token_cipher IS NOT NULL AS has_token, "
        "token_expires_at, figures_at, total_added FROM channels "
        "WHERE id = ? AND removed_at IS NULL",
        (channel_id,),
    )
    if current is None:  # removed while it was being read: nothing to keep
        return
    ok = run.error is None
    expires = current["token_expires_at"]
    if current["has_token"] and run.token_expires_at is not None:
        expires = clock.iso(run.token_expires_at)
    db.conn.execute(
        """
        UPDATE channels SET
            state = ?, last_run_at = ?, last_success_at = ?, last_error = ?,
            last_error_code = ?, failing_since = ?, last_found = ?, last_added = ?,
            last_duplicates = ?, last_skipped = ?, last_skips = ?, total_added = ?,
            token_expires_at = ?, figures_at = ?
        WHERE id = ?
        """,
        (
            run.state_json,
            at,
            at if ok else current["last_success_at"],
            None if ok else (run.error or "")[:500],
            None if ok else (run.error_code or "error")[:40],
            None if ok else (current["failing_since"] or at),
            run.found,
            run.added,
            run.duplicates,
            len(run.skips),
            json.dumps(skips[:MAX_SKIPS_KEPT], ensure_ascii=False),
            current["total_added"] + run.added,
            expires,
            at if run.figures_refreshed else current["figures_at"],
            channel_id,
        ),
    )


# --- for leaders and for link checks ---------------------------------------------------------


def health_below(db: Database, who: Principal, unit_ids: Sequence[int]) -> dict[int, list[Channel]]:
    """unit id -> its live channels (no token), for the units asked (each readable)."""
    found: dict[int, list[Channel]] = {u: [] for u in unit_ids}
    if not unit_ids:
        return found
    for channel in for_units(db, who, unit_ids):
        found[channel.unit_id].append(channel)
    return found


def channel_match(db: Database, unit_id: int, kind: str, link: str) -> bool | None:
    """Is `link` on one of the unit's registered channels of the type `kind` comes from?

    None when the unit has no live channel of that type (nothing to judge by:
    issue 14's `not_unit_channel` is raised only where channels are
    registered); True when the link visibly belongs to one of them
    (`channel_address.link_on`) or was collected from one of them; False
    otherwise. Unscoped: for the link checks, a system job.
    """
    channel_type = channel_address.TYPE_OF_KIND.get(kind)
    if channel_type is None:
        return None
    keys = [
        r["address_key"]
        for r in rows(
            db,
            "SELECT address_key FROM channels WHERE unit_id = ? AND type = ? "
            "AND removed_at IS NULL",
            (unit_id, channel_type),
        )
    ]
    if not keys:
        return None
    if any(channel_address.link_on(channel_type, key, link) for key in keys):
        return True
    try:
        key = links.link_key(link)
    except links.LinkError:
        return False
    collected = one(
        db,
        "SELECT id FROM items WHERE unit_id = ? AND kind = ? AND link_key = ? "
        "AND source = 'otomatis' AND deleted = 0",
        (unit_id, kind, key),
    )
    return collected is not None
