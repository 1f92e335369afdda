"""Meeting-screen links (Layar Rapat) as their page manages them: scopes, links, make, revoke."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dashboard import words
from dashboard.domain import ScreenLink, Unit
from dashboard.store import screens as screen_store
from dashboard.store.access import Principal
from dashboard.store.db import Database
from dashboard.store.migrations import SCREEN_ROTATE_RANGE

DAYS_RANGE = screen_store.DAYS_RANGE
DEFAULT_DAYS = screen_store.DEFAULT_DAYS
DEFAULT_ROTATE = screen_store.DEFAULT_ROTATE
LABEL_MAX = screen_store.LABEL_MAX
ROTATE_RANGE = SCREEN_ROTATE_RANGE

__all__ = [
    "DAYS_RANGE",
    "DEFAULT_DAYS",
    "DEFAULT_ROTATE",
    "LABEL_MAX",
    "ROTATE_RANGE",
    "LinkBoard",
    "create_link",
    "is_live",
    "link_board",
    "revoke_link",
    "status_label",
]


@dataclass(frozen=True)
class LinkBoard:
    scopes: list[Unit]  # the units `who` may make a link for (national root, a Kanwil)
    links: list[ScreenLink]  # the links within `who`'s scope, newest first


def link_board(db: Database, who: Principal) -> LinkBoard:
    """What the page shows: where `who` may make a link, and the links it may see."""
    return LinkBoard(
        scopes=screen_store.allowed_scopes(db, who), links=screen_store.list_links(db, who)
    )


def status_label(link: ScreenLink, now: datetime) -> str:
    """'Aktif', 'Kedaluwarsa' or 'Dicabut' at `now`."""
    return words.SCREEN_STATUS_LABELS[screen_store.status_of(link, now)]


def is_live(link: ScreenLink, now: datetime) -> bool:
    """Whether a screen opened with the link shows figures at `now`."""
    return screen_store.status_of(link, now) == screen_store.ACTIVE


def create_link(
    db: Database, who: Principal, unit_id: int, *, days: int, rotate_seconds: int, label: str
) -> str:
    """Make a link for `unit_id`'s screen; its secret token (shown once, never stored)."""
    _, token = screen_store.create(
        db, who, unit_id, days=days, rotate_seconds=rotate_seconds, label=label
    )
    return token


def revoke_link(db: Database, who: Principal, link_id: int) -> None:
    """Revoke a link: a screen showing it goes blank at its next refresh."""
    screen_store.revoke(db, who, link_id)
