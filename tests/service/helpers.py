from itertools import count

from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from tests.conftest import unit_id

_serial = count(1)


def item_row(db, unit_code: str, day: str, kind: str, title: str, link: str, at: str) -> dict:
    """One item as `items.bulk_load` takes it, typed on a form at `at`."""
    return {
        "unit_id": unit_id(db, unit_code),
        "day": day,
        "kind": kind,
        "title": title,
        "link": link,
        "link_key": link,
        "note": "",
        "tag": None,
        "source": "form",
        "published_at": None,
        "late": 0,
        "created_by": None,
        "created_at": at,
        "updated_at": at,
    }


def add_items(db, unit_code: str, day: str, kind: str, n: int = 1) -> None:
    """Put n items of a kind on a unit's local day (through the store, summary by trigger)."""
    rows = []
    for _ in range(n):
        link = f"https://contoh.kemenag.go.id/{unit_code}/{kind}/{next(_serial)}"
        rows.append(item_row(db, unit_code, day, kind, f"{kind} {day}", link, f"{day}T02:00:00Z"))
    item_batches.bulk_load(db, SYSTEM, rows)
