"""A writer that goes through the store and says which writes were acknowledged.

Used by the crash, backup and concurrency tests, in a thread or as a process:

    python -m tests.store.writer DB PREFIX [COUNT]

prints `ack TOKEN` (flushed) after each write returned, that is after its
transaction committed; without COUNT it writes until killed.

The write itself is `write_one` and its check `is_stored`: when the entry
issue's item functions land, swap their bodies (e.g. `items.add(...)` as an
operator, token = the new id) and every test using this module follows.
"""

from __future__ import annotations

import sys
from itertools import count

from dashboard.store import items as item_store
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db

UNIT = "kankemenag-kota-kupang"
DAY = "2026-11-25"


def _link(token: str) -> str:
    return f"https://kotakupang.kemenag.go.id/uji/{token}"


def write_one(db, unit_id: int, token: str) -> str:
    """One acknowledged write through the store; returns the token to look for."""
    item_store.bulk_load(db, SYSTEM, [_item(unit_id, token)], chunk=1)
    return token


def is_stored(db, token: str) -> bool:
    found = db.conn.execute(
        "SELECT 1 FROM items WHERE link_key = ? AND deleted = 0", (_link(token),)
    ).fetchone()
    return found is not None


def stored_tokens(db, prefix: str) -> set[str]:
    base = _link(prefix + "-")
    found = db.conn.execute(
        "SELECT link_key FROM items WHERE link_key LIKE ? AND deleted = 0", (base + "%",)
    )
    return {row[0].removeprefix(_link("")) for row in found}


def _item(unit_id: int, token: str) -> dict:
    at = "2026-11-25T03:00:00Z"
    return {
        "unit_id": unit_id,
        "day": DAY,
        "kind": "berita_website",
        "title": f"Berita uji {token}",
        "link": _link(token),
        "link_key": _link(token),
        "note": "",
        "tag": None,
        "source": "bench",
        "published_at": at,
        "late": 0,
        "created_by": None,
        "created_at": at,
        "updated_at": at,
    }


def run(db_path, prefix: str, limit: int | None = None, ack=print, stop=lambda: False) -> int:
    db = open_db(db_path)
    try:
        unit_id = unit_store.require(db, UNIT)["id"]
        done = 0
        for n in count():
            if (limit is not None and n >= limit) or stop():
                break
            ack(write_one(db, unit_id, f"{prefix}-{n}"))
            done += 1
        return done
    finally:
        db.close()


def main(argv: list[str]) -> int:
    db_path, prefix = argv[0], argv[1]
    limit = int(argv[2]) if len(argv) > 2 else None

    def ack(token: str) -> None:
        sys.stdout.write(f"ack {token}\n")
        sys.stdout.flush()

    run(db_path, prefix, limit, ack)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
