"""A writer that goes through the store and says which writes were acknowledged.

Used by the crash, backup and concurrency tests, in a thread or as a process:

    python -m tests.store.writer DB PREFIX [COUNT]

prints `ack TOKEN` (flushed) after each write returned, that is after its
transaction committed; without COUNT it writes until killed.

The write is the operator's own path: `items.add_batch` of one item for the
unit's local today, all or nothing, as the Input Harian form submits it,
with every check, the duplicate search, the daily-summary triggers and the
audit entry in the same transaction. The operator account is made on first
use (the hash of a random secret: nobody signs in with it).
"""

from __future__ import annotations

import secrets
import sys
from contextlib import suppress
from itertools import count

from argon2 import PasswordHasher

from dashboard import clock, links
from dashboard.entries import Entry
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM, Principal
from dashboard.store.db import StoreError, open_db
from dashboard.store.items import batches as item_batches

UNIT = "kankemenag-kota-kupang"
OPERATOR = "writer.operator"


def _link(token: str) -> str:
    return f"https://kotakupang.kemenag.go.id/uji/{token}"


def operator(db, unit_id: int) -> Principal:
    """The operator of UNIT that the writers act as, made by the first writer that needs it."""
    found = user_store.by_username(db, OPERATOR)
    if found is None:
        with suppress(StoreError):  # another writer may make it first
            user_store.insert(
                db,
                SYSTEM,
                username=OPERATOR,
                # A cheap argon2id hash of a random secret: nobody signs in as this account.
                password_hash=PasswordHasher(time_cost=1, memory_cost=1024).hash(
                    secrets.token_hex(16)
                ),
                role="operator",
                unit_id=unit_id,
                full_name="Penulis uji",
            )
        found = user_store.by_username(db, OPERATOR)
    return user_store.principal_of(found)


def write_one(db, who: Principal, unit: dict, token: str) -> str:
    """One acknowledged write through the operator's path; returns the token to look for."""
    entry = Entry(
        day=clock.local_today(unit.tz),
        kind="berita_website",
        title=f"Berita uji {token}",
        link=_link(token),
    )
    result = item_batches.add_batch(db, who, unit.id, [entry], all_or_nothing=True)
    assert len(result.added) == 1, result.summary()
    return token


def _key(token: str) -> str:
    return links.link_key(_link(token))  # equal to the link: lower case, no query, no slash


def is_stored(db, token: str) -> bool:
    found = db.conn.execute(
        "SELECT 1 FROM items WHERE link_key = ? AND deleted = 0", (_key(token),)
    ).fetchone()
    return found is not None


def stored_tokens(db, prefix: str) -> set[str]:
    found = db.conn.execute(
        "SELECT link_key FROM items WHERE link_key LIKE ? AND deleted = 0",
        (_key(prefix + "-") + "%",),
    )
    return {row[0].removeprefix(_link("")) for row in found}


def run(db_path, prefix: str, limit: int | None = None, ack=print, stop=lambda: False) -> int:
    db = open_db(db_path)
    try:
        unit = unit_store.require(db, UNIT)
        who = operator(db, unit.id)
        done = 0
        for n in count():
            if (limit is not None and n >= limit) or stop():
                break
            ack(write_one(db, who, unit, f"{prefix}-{n}"))
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
