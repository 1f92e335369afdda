"""Authorization, as a table a reader can check: every role × page, every store operation ×
own unit / a unit below / a unit elsewhere → allowed (✓) or refused (✗).

The store refuses by itself (dashboard/store/access.py): these tests call the store directly,
not through pages, so a page that forgot a check could still not read or write what the table
forbids. "—" marks a relation that does not exist for that account.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.entries import Entry
from dashboard.kpi.periods import resolve
from dashboard.service import context, overview, unit
from dashboard.store import calendar as calendar_store
from dashboard.store import channels as channel_store
from dashboard.store import counts as count_store
from dashboard.store import drafts
from dashboard.store import outtakes as outtake_store
from dashboard.store import settings as settings_store
from dashboard.store import targets as target_store
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from dashboard.store.items import reads as item_reads
from dashboard.ui.pages import PAGES
from tests.conftest import APP, principal

# ---------------------------------------------------------------------------------------------
# Pages: which roles may open which page (a change to ui/pages.py must be made here too).
PAGE_TABLE = """
page        admin  pimpinan  operator
beranda       ✓       ✓         ✓
unit-saya     ✓       ✓         ✓
kanal         ✓       ✓         ✓
ringkasan     ✓       ✓         ✗
peringkat     ✓       ✓         ✗
laporan       ✓       ✓         ✓
layar-rapat   ✓       ✓         ✗
unit-kerja    ✓       ✓         ✓
kalender      ✓       ✓         ✓
input-harian  ✓       ✗         ✓
impor         ✓       ✗         ✓
tinjauan-tautan ✓     ✓         ✗
target        ✓       ✗         ✗
pengguna      ✓       ✗         ✗
pengaturan    ✓       ✗         ✗
pengiriman-pesan ✓    ✗         ✗
log-audit     ✓       ✗         ✗
akun          ✓       ✓         ✓
"""

# Store operations × the account's own unit / a unit below it / a unit elsewhere.
STORE_TABLE = """
operation                 account          own  below  elsewhere
read.items_on_day         admin             ✓     —       ✓
read.items_on_day         kanwil.ntt        ✓     ✓       ✗
read.items_on_day         kepala.kupang     ✓     ✓       ✗
read.items_on_day         op.kupang         ✓     ✗       ✗
read.daily_counts         admin             ✓     —       ✓
read.daily_counts         kanwil.ntt        ✓     ✓       ✗
read.daily_counts         kepala.kupang     ✓     ✓       ✗
read.daily_counts         op.kupang         ✓     ✗       ✗
read.unit_figures         admin             ✓     —       ✓
read.unit_figures         kanwil.ntt        ✓     ✓       ✗
read.unit_figures         op.kupang         ✓     ✗       ✗
read.overview             admin             ✓     —       ✓
read.overview             kanwil.ntt        ✓     ✓       ✗
read.overview             kepala.kupang     ✓     ✓       ✗
read.peer_rank_totals     kanwil.ntt        ✓     ✓       ✗
read.peer_rank_totals     op.kupang         ✓     ✗       ✗
read.outtakes             admin             ✓     —       ✓
read.outtakes             kanwil.ntt        ✓     ✓       ✗
read.outtakes             kepala.kupang     ✓     ✓       ✗
read.outtakes             op.kupang         ✓     ✗       ✗
write.add_items           admin             ✓     —       ✓
write.add_items           kanwil.ntt        ✗     ✗       ✗
write.add_items           kepala.kupang     ✗     ✗       ✗
write.add_items           op.kupang         ✓     ✗       ✗
write.edit_item           admin             ✓     —       ✓
write.edit_item           kanwil.ntt        ✗     ✗       ✗
write.edit_item           op.kupang         ✓     ✗       ✗
write.delete_item         admin             ✓     —       ✓
write.delete_item         kepala.kupang     ✗     ✗       ✗
write.delete_item         op.kupang         ✓     ✗       ✗
read.item_history         kanwil.ntt        ✓     ✓       ✗
read.item_history         op.kupang         ✓     ✗       ✗
write.bulk_items          admin             ✓     —       ✓
write.bulk_items          kanwil.ntt        ✗     ✗       ✗
write.bulk_items          op.kupang         ✗     ✗       ✗
write.bulk_outtakes       admin             ✓     —       ✓
write.bulk_outtakes       kanwil.ntt        ✗     ✗       ✗
write.bulk_outtakes       op.kupang         ✗     ✗       ✗
admin.unit_update         admin             ✓     —       ✓
admin.unit_update         kanwil.ntt        ✗     ✗       ✗
admin.unit_update         op.kupang         ✗     ✗       ✗
admin.user_create         admin             ✓     —       ✓
admin.user_create         kanwil.ntt        ✗     ✗       ✗
admin.user_create         op.kupang         ✗     ✗       ✗
admin.target_add          admin             ✓     —       ✓
admin.target_add          kanwil.ntt        ✗     ✗       ✗
admin.target_add          op.kupang         ✗     ✗       ✗
admin.calendar_set        admin             ✓     —       ✓
admin.calendar_set        kanwil.ntt        ✗     ✗       ✗
admin.calendar_region     admin             ✓     —       ✓
admin.calendar_region     kanwil.ntt        ✗     ✗       ✗
write.draft               admin             ✓     —       ✓
write.draft               kanwil.ntt        ✗     ✗       ✗
write.draft               kepala.kupang     ✗     ✗       ✗
write.draft               op.kupang         ✓     ✗       ✗
admin.setting_put         admin             ✓     —       ✓
admin.setting_put         op.kupang         ✗     ✗       ✗
admin.user_list           admin             ✓     —       ✓
admin.user_list           kepala.kupang     ✗     ✗       ✗
read.channels             admin             ✓     —       ✓
read.channels             kanwil.ntt        ✓     ✓       ✗
read.channels             kepala.kupang     ✓     ✓       ✗
read.channels             op.kupang         ✓     ✗       ✗
write.add_channel         admin             ✓     —       ✓
write.add_channel         kanwil.ntt        ✗     ✗       ✗
write.add_channel         kepala.kupang     ✗     ✗       ✗
write.add_channel         op.kupang         ✓     ✗       ✗
write.remove_channel      admin             ✓     —       ✓
write.remove_channel      kanwil.ntt        ✗     ✗       ✗
write.remove_channel      op.kupang         ✓     ✗       ✗
"""

# The unit each relation means, per account.
PLACES = {
    "admin": {"own": "biro-humas", "below": None, "elsewhere": "kanwil-ntt"},
    "kanwil.ntt": {
        "own": "kanwil-ntt",
        "below": "kankemenag-kota-kupang",
        "elsewhere": "kanwil-jatim",
    },
    "kepala.kupang": {
        "own": "kankemenag-kota-kupang",
        "below": "kua-kota-lama",
        "elsewhere": "kankemenag-kab-alor",
    },
    "op.kupang": {
        "own": "kankemenag-kota-kupang",
        "below": "kua-kota-lama",
        "elsewhere": "kanwil-ntt",
    },
}

DAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    # DAY must be "today" for every unit, so entries are within the entry window.
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:00:00Z")


def parse(table: str) -> list[list[str]]:
    lines = [line.split() for line in table.strip().splitlines()]
    return lines[1:]


def _item(unit_id: int) -> dict:
    link = f"https://contoh.kemenag.go.id/matrix/{unit_id}/{time.monotonic_ns()}"
    return {
        "unit_id": unit_id, "day": DAY.isoformat(), "kind": "berita_website", "title": "t",
        "link": link, "link_key": link, "note": "", "tag": None, "source": "form",
        "published_at": None, "late": 0, "created_by": None,
        "created_at": "2026-11-25T01:00:00Z", "updated_at": "2026-11-25T01:00:00Z",
    }  # fmt: skip


def _entry() -> Entry:
    return Entry(
        day=DAY,
        kind="berita_website",
        title="Berita uji",
        link=f"https://contoh.kemenag.go.id/berita/{time.monotonic_ns()}",
    )


def operation(name: str):
    """operation name -> callable(db, who, unit) that raises AccessDenied when refused."""
    period = resolve("bulan", DAY)

    def ctx(db):
        return context.load(db)

    def site() -> str:
        return f"https://m{time.monotonic_ns()}.example.go.id"

    def existing_channel(db, u) -> int:
        return channel_store.add(db, SYSTEM, u.id, "website", site())

    def existing_item(db, u) -> int:
        result = item_batches.add_batch(db, SYSTEM, u.id, [_entry()], source="form")
        return result.outcomes[0].item_id

    return {
        "write.add_items": lambda db, who, u: item_batches.add_batch(
            db, who, u.id, [_entry()], source="form"
        ),
        "write.edit_item": lambda db, who, u: item_edits.update(
            db, who, existing_item(db, u), title="Judul diubah"
        ),
        "write.delete_item": lambda db, who, u: item_edits.delete(db, who, existing_item(db, u)),
        "read.item_history": lambda db, who, u: item_reads.history(db, who, existing_item(db, u)),
        "read.items_on_day": lambda db, who, u: item_reads.on_day(db, who, u.id, DAY),
        "read.daily_counts": lambda db, who, u: count_store.daily_by_group(
            db, who, [u.id], DAY, DAY
        ),
        "read.unit_figures": lambda db, who, u: unit.figures(db, who, ctx(db), u.id, DAY),
        "read.overview": lambda db, who, u: overview.overview(db, who, ctx(db), u.id, period),
        "read.peer_rank_totals": lambda db, who, u: count_store.peer_totals_by_group(
            db, who, u.id, DAY, DAY
        ),
        "write.bulk_items": lambda db, who, u: item_batches.bulk_load(db, who, [_item(u.id)]),
        "read.outtakes": lambda db, who, u: outtake_store.posts_in_period(
            db, who, [u.id], DAY, DAY
        ),
        "write.bulk_outtakes": lambda db, who, u: outtake_store.bulk_load(
            db,
            who,
            [
                {
                    "unit_id": u.id,
                    "link_key": f"https://instagram.com/p/{time.monotonic_ns()}/",
                    "kind": "medsos_instagram",
                    "metric": "reach",
                    "value": 1,
                }
            ],
        ),
        "admin.unit_update": lambda db, who, u: unit_store.update(
            db, who, u.code, name=u.name + " "
        ),
        "admin.user_create": lambda db, who, u: user_store.insert(
            db,
            who,
            username=f"u{time.monotonic_ns()}",
            password_hash="$argon2id$x",
            role="operator",
            unit_id=u.id,
        ),  # fmt: skip
        "admin.target_add": lambda db, who, u: target_store.add(
            db,
            who,
            target_store.NewTarget(
                scope="unit",
                unit_id=u.id,
                metric="kegiatan",
                period="month",
                value=1,
                counts_on="all",
                valid_from=date(2030, 1, 1),
            ),
        ),  # fmt: skip
        "admin.calendar_set": lambda db, who, u: calendar_store.set_override(
            db, who, DAY, True, "uji"
        ),
        "admin.calendar_region": lambda db, who, u: calendar_store.set_override(
            db, who, DAY, False, "uji", unit_id=u.id
        ),
        "write.draft": lambda db, who, u: (
            drafts.save(db, who, u.id, DAY, [{"title": "draf"}]),
            drafts.load(db, who, u.id),
        ),
        "admin.setting_put": lambda db, who, u: settings_store.put(db, who, "backdate_days", "30"),
        "admin.user_list": lambda db, who, u: user_store.list_users(db, who),
        "read.channels": lambda db, who, u: channel_store.for_unit(db, who, u.id),
        "write.add_channel": lambda db, who, u: channel_store.add(db, who, u.id, "website", site()),
        "write.remove_channel": lambda db, who, u: channel_store.remove(
            db, who, existing_channel(db, u)
        ),
    }[name]


@pytest.fixture
def with_a_unit_below_kupang(db):
    unit_store.add(
        db, SYSTEM, code="kua-kota-lama", name="KUA Kecamatan Kota Lama", type="KUA",
        parent_code="kankemenag-kota-kupang", province="Nusa Tenggara Timur", tz="Asia/Makassar",
    )  # fmt: skip


@pytest.mark.parametrize("row", parse(STORE_TABLE), ids=lambda r: f"{r[0]}-{r[1]}")
def test_store_matrix(db, accounts, with_a_unit_below_kupang, row):
    name, account, *cells = row
    who = principal(db, account)
    run = operation(name)
    for relation, expected in zip(("own", "below", "elsewhere"), cells, strict=True):
        code = PLACES[account][relation]
        if expected == "—":
            assert code is None, f"{name} {account} {relation}: the table says no such unit"
            continue
        target = unit_store.by_code(db, code)
        if expected == "✓":
            run(db, who, target)
        else:
            with pytest.raises(AccessDenied):
                run(db, who, target)


def test_every_page_is_in_the_table():
    table = {row[0] for row in parse(PAGE_TABLE)}
    assert table == {p.key for p in PAGES}


@pytest.mark.parametrize("row", parse(PAGE_TABLE), ids=lambda r: r[0])
def test_page_matrix(db, accounts, row):
    key, *cells = row
    spec = next(p for p in PAGES if p.key == key)
    users = {"admin": "admin", "pimpinan": "kanwil.ntt", "operator": "op.kupang"}
    for (role, username), expected in zip(users.items(), cells, strict=True):
        assert (role in spec.roles) == (expected == "✓"), f"{key}: menu for {role}"
        # Run the page file itself, bypassing the menu, to prove its own guard.
        at = AppTest.from_file(str(APP.parent / spec.file), default_timeout=60)
        at.session_state["principal"] = principal(db, username)
        at.session_state["last_seen"] = time.time()
        at.run()
        refused = [e.value for e in at.error] == ["Halaman ini tidak tersedia untuk peran Anda."]
        assert refused == (expected == "✗"), f"{key} as {role}"
        if expected == "✓":
            assert not at.exception, f"{key} as {role}: {at.exception}"
