"""The nastiest accepted strings, stored everywhere people's text is kept.

Used by the AppTest display tests and the browser test: titles and notes of
items, full names of accounts, unit names, target and calendar notes, a
channel's address, last error and skipped posts. Each
is accepted by the store (they are legitimate text) and must then be shown as
text on every page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from dashboard import auth
from dashboard.entries import Entry
from dashboard.store import calendar as calendar_store
from dashboard.store import targets as target_store
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from tests.fakes.channels import failed_website
from tests.hostile.corpus import NASTY, TEXTS

NOW = "2026-11-25T05:30:00Z"  # Wednesday, 13.30 WITA
TODAY = date(2026, 11, 25)
PASSWORD = "rahasia-sekali-123"

# Unit names: the operator's unit, its Kanwil (shown as "parent" and in scopes), a peer.
UNIT_NAMES = {
    "kankemenag-kota-kupang": "Kankemenag [Kota Kupang](javascript:alert(1)) <script>x</script>",
    "kanwil-ntt": "Kanwil ![NTT](https://evil.example/ntt.png) www.evil.example :red[NTT]",
    "kankemenag-kab-kupang": "Kankemenag <img src=https://evil.example/k.png> admin@evil.example",
    "biro-humas": "Biro Humas <b>tebal</b> https://evil.example/biro",
}
FULL_NAMES = {
    "admin": "Admin [klik](javascript:alert(1))",
    "kanwil.ntt": "Kakanwil <img src=https://evil.example/a.png> www.evil.example",
    "kepala.kupang": "Kepala ![x](https://evil.example/x.png)",
    "op.kupang": "Operator <script>alert(1)</script> op@evil.example",
}
# What the browser test looks for on each page: every one of these is stored somewhere.
SHARED_LINK = "https://ntt.kemenag.go.id/berita/bersama-hostile"


def create_accounts(db) -> dict[str, int]:
    """The test accounts of tests.conftest.ACCOUNTS, with nasty full names."""
    from tests.conftest import ACCOUNTS

    return {
        username: auth.create_user(
            db,
            SYSTEM,
            username=username,
            password=PASSWORD,
            role=role,
            unit_code=unit_code,
            full_name=FULL_NAMES.get(username, username.title()),
        )
        for username, (role, unit_code) in ACCOUNTS.items()
    }


def store_everything(db) -> dict[str, list[int]]:
    """Accounts, unit names, items, a target and a calendar note, all nasty; item ids per unit."""
    create_accounts(db)
    for code, name in UNIT_NAMES.items():
        unit_store.update(db, SYSTEM, code, name=name)
    kupang = unit_store.require(db, "kankemenag-kota-kupang").id
    kab = unit_store.require(db, "kankemenag-kab-kupang").id
    operator = user_store.principal_of(user_store.by_username(db, "op.kupang"))
    entries = [
        Entry(
            day=TODAY,
            kind="berita_website",
            title=title,
            link=f"https://ntt.kemenag.go.id/kota-kupang/berita/hostile-{i}",
            note=NASTY[(i + 1) % len(NASTY)],
            tag="capaian" if i % 2 else None,
        )
        for i, title in enumerate(NASTY)
    ] + [
        Entry(day=TODAY, kind="kegiatan_diliput", title=TEXTS["emoji"], note=TEXTS["arabic"]),
        Entry(day=TODAY, kind="siaran_pers", title=TEXTS["md_image_remote"], link=SHARED_LINK),
    ]
    added = item_batches.add_batch(db, operator, kupang, entries, all_or_nothing=True)
    other = item_batches.add_batch(
        db,
        SYSTEM,
        kab,
        [Entry(day=TODAY, kind="siaran_pers", title=TEXTS["html_script"], link=SHARED_LINK)],
    )
    target_store.add(
        db,
        SYSTEM,
        target_store.NewTarget(
            scope="unit",
            unit_id=kupang,
            metric="media",
            period="week",
            value=2,
            counts_on="working",
            valid_from=date(2026, 11, 1),
            note=TEXTS["md_link_javascript"],
        ),
    )
    calendar_store.set_override(db, SYSTEM, date(2026, 12, 24), False, TEXTS["html_img_remote"])
    # A channel whose address, last error and skipped posts carry what outside services send.
    failed_website(
        db,
        kupang,
        "https://evil.example/[klik](javascript:alert(1))",
        f"Alamat situs tidak ditemukan: www.evil.example {TEXTS['md_link_javascript']}",
        when=datetime(2026, 11, 24, 1, 0, tzinfo=UTC),
        code="not_found",
        skips=((TEXTS["html_script"], TEXTS["md_image_remote"]),),
    )
    return {
        "kankemenag-kota-kupang": [o.item_id for o in added.added],
        "kankemenag-kab-kupang": [o.item_id for o in other.added],
    }
