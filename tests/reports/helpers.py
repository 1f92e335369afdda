"""A small, known dataset for report tests: items put through the store, counted by hand."""

from __future__ import annotations

from itertools import count

from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from tests.conftest import unit_id

_serial = count(1)

# Text a spreadsheet would run, and text WhatsApp would format.
RISKY_TITLE = '=HYPERLINK("http://evil.example/","klik")'
RISKY_NOTE = "@SUM(1+1)*cmd|' /C calc'!A0"


def item(
    db,
    unit_code: str,
    day: str,
    kind: str = "berita_website",
    *,
    title: str | None = None,
    note: str = "",
    tag: str | None = None,
    created_at: str | None = None,
    created_by: int | None = None,
    link: str | None = "auto",
) -> dict:
    serial = next(_serial)
    if link == "auto":
        link = f"https://contoh.kemenag.go.id/{unit_code}/{kind}/{serial}"
    stamp = created_at or f"{day}T02:00:00Z"
    return {
        "unit_id": unit_id(db, unit_code),
        "day": day,
        "kind": kind,
        "title": title or f"Berita {unit_code} {day} nomor {serial}",
        "link": link,
        "link_key": link,
        "note": note,
        "tag": tag,
        "source": "form",
        "published_at": stamp,
        "late": 0,
        "created_by": created_by,
        "created_at": stamp,
        "updated_at": stamp,
    }


def load(db, rows: list[dict]) -> None:
    item_batches.bulk_load(db, SYSTEM, rows)


def ntt_month(db) -> None:
    """November 2026 for Kanwil NTT and two Kankemenag, plus a Jatim unit outside that scope."""
    rows = [
        item(db, "kanwil-ntt", "2026-11-02", title=RISKY_TITLE, note=RISKY_NOTE, tag="capaian"),
        item(db, "kanwil-ntt", "2026-11-03", "medsos_instagram", title="+62 812 siaran"),
        item(db, "kanwil-ntt", "2026-11-24", "siaran_pers", title="-- Siaran pers --"),
        item(db, "kankemenag-kota-kupang", "2026-11-02"),
        item(db, "kankemenag-kota-kupang", "2026-11-02", "medsos_facebook"),
        item(db, "kankemenag-kota-kupang", "2026-11-24", "kegiatan_diliput", link=None),
        item(db, "kankemenag-kab-alor", "2026-11-10", "berita_portal"),
        item(db, "kankemenag-kota-surabaya", "2026-11-02"),
    ]
    load(db, rows)


def small_tree(db) -> None:
    """A Kanwil of three Kankemenag, one of them in WIT, for golden recap text."""
    add = unit_store.add
    add(
        db,
        SYSTEM,
        code="kanwil-uji",
        name="Kanwil Uji",
        type="KANWIL",
        parent_code="kemenag-ri",
        tz="Asia/Makassar",
    )
    add(
        db,
        SYSTEM,
        code="kankemenag-uji-a",
        name="Kankemenag Uji A",
        type="KANKEMENAG",
        parent_code="kanwil-uji",
        tz="Asia/Makassar",
    )
    add(
        db,
        SYSTEM,
        code="kankemenag-uji-b",
        name="Kankemenag Uji B",
        type="KANKEMENAG",
        parent_code="kanwil-uji",
        tz="Asia/Makassar",
    )
    add(
        db,
        SYSTEM,
        code="kankemenag-uji-timur",
        name="Kankemenag Uji Timur",
        type="KANKEMENAG",
        parent_code="kanwil-uji",
        tz="Asia/Jayapura",
    )
