"""Channels for pages and the command line: register, seal tokens, test now, see health.

Tokens are sealed here (the app's key, `dashboard.secretbox`) before the
store sees them, and opened only by the harvest. Rights are the store's:
an operator manages its own unit's channels, an admin any, a pimpinan reads.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from dashboard import channel_address, clock, errors, fmt, secretbox, words
from dashboard.domain import Channel, ChannelSkip, ChannelStatus, Unit
from dashboard.net import guard
from dashboard.service.context import Context
from dashboard.service.harvest import ChannelOutcome, harvest
from dashboard.store import channels as channel_store
from dashboard.store.access import Principal, require_read
from dashboard.store.db import Database

STATUS_MARKS = {
    channel_store.OK: "🟢",
    channel_store.NEW: "⚪",
    channel_store.ERROR: "🟠",
    channel_store.NO_TOKEN: "🟠",
    channel_store.FAILING: "🔴",
}


@dataclass(frozen=True)
class ChannelView:
    """A channel as pages show it (never its token)."""

    id: int
    unit_id: int
    unit_name: str
    type: str
    type_label: str
    address: str
    status: ChannelStatus
    status_text: str  # a mark and words, never colour alone
    last_success: str  # in the unit's zone, or "belum pernah"
    last_error: str
    last_run: str
    never_run: bool
    last_found: int
    last_added: int
    total_added: int
    has_token: bool
    token_note: str  # "tersimpan · kedaluwarsa 24 Jan 2027 07.00 WITA", "belum diisi", ""
    skips: tuple[ChannelSkip, ...]


def _when(value: str | None, tz: str, empty: str = words.NEVER) -> str:
    return fmt.moment(clock.parse_instant(value), tz) if value else empty


def status_text(status: ChannelStatus) -> str:
    return f"{STATUS_MARKS[status]} {words.CHANNEL_STATUS_LABELS[status]}"


def view_of(channel: Channel, now: datetime | None = None) -> ChannelView:
    tz = channel.unit_tz
    status = channel_store.status_of(channel, now)
    token_note = ""
    if channel.type in channel_address.NEEDS_TOKEN:
        token_note = words.TOKEN_NOT_SET
        if channel.has_token:
            token_note = words.TOKEN_SAVED
            if channel.token_expires_at:
                token_note += words.token_expires(_when(channel.token_expires_at, tz))
    return ChannelView(
        id=channel.id,
        unit_id=channel.unit_id,
        unit_name=channel.unit_name,
        type=channel.type,
        type_label=words.CHANNEL_TYPE_LABELS[channel.type],
        address=channel.address,
        status=status,
        status_text=status_text(status),
        last_success=_when(channel.last_success_at, tz),
        last_error=channel.last_error or "",
        last_run=_when(channel.last_run_at, tz),
        never_run=channel.last_run_at is None,
        last_found=channel.last_found,
        last_added=channel.last_added,
        total_added=channel.total_added,
        has_token=channel.has_token,
        token_note=token_note,
        skips=channel.last_skips,
    )


def can_manage(who: Principal, unit_id: int) -> bool:
    """Whether `who` may add, test and remove the unit's channels (the store's own rule)."""
    return channel_store.can_manage(who, unit_id)


def unit_channels(db: Database, who: Principal, unit_id: int) -> list[ChannelView]:
    now = clock.utc_now()
    return [view_of(c, now) for c in channel_store.for_unit(db, who, unit_id)]


def _seal(channel_type: str, token: str | None) -> str | None:
    token = (token or "").strip()
    if not token:
        return None
    if channel_type not in channel_address.NEEDS_TOKEN:
        raise channel_store.ChannelInvalid(errors.CHANNEL_NO_TOKEN)
    return secretbox.load().seal(token)


def _refuse_internal(channel_type: str, address: str) -> None:
    """A website written as an internal address (an IP literal or a local name) is refused at
    once; a name that resolves inside is refused by the safe fetcher at every read."""
    if channel_type != "website":
        return
    try:
        parts = urlsplit(address.strip())
        host = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return  # the address rules say what is wrong with it
    if not host or guard.host_key(host, port) in guard.allow_hosts_from_env():
        return
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise channel_store.ChannelInvalid(errors.CHANNEL_INTERNAL_ADDRESS) from None
        return
    if not guard.is_public(host):
        raise channel_store.ChannelInvalid(errors.CHANNEL_INTERNAL_ADDRESS)


def add_channel(
    db: Database,
    who: Principal,
    unit_id: int,
    channel_type: str,
    address: str,
    token: str | None = None,
) -> int:
    """Register a channel (its token sealed). ChannelInvalid or KeyProblem say what is wrong."""
    _refuse_internal(channel_type, address or "")
    return channel_store.add(
        db, who, unit_id, channel_type, address, token_cipher=_seal(channel_type, token)
    )


def replace_token(db: Database, who: Principal, channel_id: int, token: str) -> None:
    channel = channel_store.get(db, who, channel_id)
    cipher = _seal(channel.type, token)
    if cipher is None:
        raise channel_store.ChannelInvalid(errors.CHANNEL_TOKEN_REQUIRED)

    channel_store.set_token(db, who, channel_id, cipher)


def remove_channel(db: Database, who: Principal, channel_id: int) -> Channel:
    return channel_store.remove(db, who, channel_id)


def test_now(
    db: Database, who: Principal, channel_id: int, **harvest_options: Any
) -> ChannelOutcome:
    """Read one channel now and keep what it found (as the scheduled harvest would)."""
    channel_store.token_cipher(db, who, channel_id)  # refuses whoever may not manage it
    report = harvest(db, channel_ids=[channel_id], **harvest_options)
    return report.channels[0]


@dataclass(frozen=True)
class UnitAttention:
    """A unit below a leader with no channel, or with a channel failing for 24 hours."""

    unit: Unit
    channels: int
    failing: tuple[ChannelView, ...]

    @property
    def problem(self) -> str:
        if not self.channels:
            return words.NO_CHANNEL
        return words.channels_failing(", ".join(c.type_label for c in self.failing))


@dataclass(frozen=True)
class Coverage:
    units: int  # units looked at
    with_channel: int
    attention: list[UnitAttention]  # failing first, then those without a channel, by name

    @property
    def without_channel(self) -> int:
        return self.units - self.with_channel

    @property
    def failing(self) -> int:
        return sum(1 for a in self.attention if a.failing)


def coverage(db: Database, who: Principal, ctx: Context, root_id: int) -> Coverage:
    """The units of `root_id`'s subtree (the root included) that need a leader's look."""
    require_read(db, who, root_id)
    units = ctx.subtree(root_id)
    now = clock.utc_now()
    found = channel_store.health_below(db, who, [u.id for u in units])
    attention = []
    for unit in units:
        views = [view_of(c, now) for c in found.get(unit.id, [])]
        failing = tuple(v for v in views if v.status == channel_store.FAILING)
        if not views or failing:
            attention.append(UnitAttention(unit, len(views), failing))
    attention.sort(key=lambda a: (not a.failing, a.unit.name))
    return Coverage(
        units=len(units),
        with_channel=sum(1 for u in units if found.get(u.id)),
        attention=attention,
    )
