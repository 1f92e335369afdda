"""The meeting screen's figures: the same numbers as Ringkasan and Peringkat, inside the scope."""

import pytest

from dashboard import clock, tilemap
from dashboard.kpi.periods import resolve
from dashboard.service import context, screen
from dashboard.service.leaders import leaderboard
from dashboard.service.overview import daily, overview
from dashboard.store import screens
from dashboard.store.access import SYSTEM, AccessDenied
from tests.conftest import unit_id
from tests.service.helpers import add_items

NOW = clock.parse_instant("2026-11-25T08:00:00Z")  # Wed 25 Nov: 15:00 WIB, 16:00 WITA


def screen_of(db, code):
    scope = (
        db.conn.execute("SELECT id FROM units WHERE parent_id IS NULL").fetchone()[0]
        if code == "national"
        else unit_id(db, code)
    )
    _, token = screens.create(db, SYSTEM, scope, now=NOW)
    link = screens.resolve(db, token, NOW)
    who = screens.screen_principal(link)
    ctx = context.load(db, NOW)
    return who, ctx, scope, screen.figures(db, who, ctx, scope)


@pytest.fixture
def output(db):
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website", 2)
    add_items(db, "kanwil-ntt", "2026-11-24", "berita_website")
    add_items(db, "kankemenag-kota-surabaya", "2026-11-25", "berita_website")
    add_items(db, "kanwil-jatim", "2026-11-25", "medsos_instagram", 4)
    add_items(db, "iakn-kupang", "2026-11-25", "berita_website")


def test_national_figures_agree_with_ringkasan_and_peringkat(db, output):
    who, ctx, root, f = screen_of(db, "national")
    period = resolve("bulan", clock.local_today("Asia/Jakarta", NOW))
    view = overview(db, SYSTEM, ctx, root, period)
    assert (f.with_news, f.judged) == (len(view.compliance.with_news), view.compliance.total)
    assert f.with_news == 3  # Kupang, Surabaya, IAKN Kupang
    assert f.news == view.totals("berita") and f.medsos == view.totals("medsos")
    # Peringkat's default: each Kanwil as its whole province (issue 16, item 6).
    board = leaderboard(db, SYSTEM, ctx, ctx.children(root, "KANWIL"), period, with_subtree=True)
    assert [(e.unit_id, e.rank, e.news) for e in f.board] == [
        (e.unit_id, e.rank, e.news) for e in board
    ]
    ntt = next(e for e in f.board if e.name.endswith("Nusa Tenggara Timur"))
    assert ntt.news == 3  # the Kanwil office's 1 and Kota Kupang's 2
    assert f.title == "Nasional" and f.peers == "Kanwil (seluruh provinsi)" and f.national


def test_province_tiles_add_up_to_the_headline(db, output):
    _, _, _, f = screen_of(db, "national")
    assert sum(t.judged for t in f.tiles) == f.judged
    assert sum(t.with_news for t in f.tiles) == f.with_news
    by_key = {t.key: t for t in f.tiles}
    assert len([k for k in by_key if k.startswith("kanwil-")]) == 34
    for code, (label, col, row) in tilemap.PROVINCES.items():
        assert (by_key[code].label, by_key[code].col, by_key[code].row) == (label, col, row)
    assert (by_key["kanwil-ntt"].with_news, by_key["kanwil-ntt"].judged) == (1, 23)
    assert by_key[screen.PTKN_TILE].with_news == 1
    assert screen.PUSAT_TILE not in by_key  # no Pusat unit has a news target
    assert len({(t.col, t.row) for t in f.tiles}) == len(f.tiles)


def test_a_kanwil_screen_holds_nothing_from_another_kanwil(db, output):
    who, ctx, ntt, f = screen_of(db, "kanwil-ntt")
    inside = {u.id for u in ctx.subtree(ntt)}
    names = {u.name for u in ctx.subtree(ntt)}
    assert f.title == "Kanwil Kemenag Provinsi Nusa Tenggara Timur" and not f.national
    assert {int(t.key) for t in f.tiles} <= inside and f.tiles[0].label == "Kanwil"
    assert (f.with_news, f.judged) == (1, 23)
    assert {e.unit_id for e in f.board} <= inside and len(f.board) == 22
    assert all(item.unit in {"Kota Kupang", "Kanwil Nusa Tenggara Timur"} for item in f.latest)
    assert len(f.latest) == 3
    assert all("Surabaya" not in s.name and "Jawa Timur" not in s.name for s in f.silent)
    assert all(n in names for n in [e.name for e in f.board])
    # The screen's principal itself cannot read outside: the store refuses.
    with pytest.raises(AccessDenied):
        screen.figures(db, who, ctx, unit_id(db, "kanwil-jatim"))


def test_thirty_days_against_the_summed_target(db, output):
    _, ctx, ntt, f = screen_of(db, "kanwil-ntt")
    assert len(f.days) == 30 and f.days[-1].day == clock.local_today("Asia/Makassar", NOW)
    by_day = {p.day.isoformat(): p for p in f.days}
    assert by_day["2026-11-25"].count == 2 and by_day["2026-11-24"].count == 1
    assert by_day["2026-11-24"].expected == 23  # 23 units, 1 per working day
    assert by_day["2026-11-22"].expected == 0  # a Sunday: not counted
    assert by_day["2026-11-24"].status == "below"
    assert by_day["2026-11-25"].status == "none"  # today is not over: never red
    assert daily(db, SYSTEM, ctx, ntt, 30) == list(f.days)


def test_silent_units_are_named_with_their_province(db, output):
    _, _, _, f = screen_of(db, "national")
    assert f.silent and all(s.days >= 3 for s in f.silent)
    belu = next(s for s in f.silent if s.name == "Kab. Belu")
    assert belu.parent == "NTT" and belu.last_news is None
    assert [s.days for s in f.silent] == sorted((s.days for s in f.silent), reverse=True)
