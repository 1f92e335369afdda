from datetime import date

from dashboard import clock
from dashboard.domain import NEWS, Group
from dashboard.kpi.periods import Period, resolve
from dashboard.service import context
from dashboard.service.overview import overview
from dashboard.service.report import build, ordered_subtree, recap
from dashboard.store.access import SYSTEM
from tests.conftest import unit_id
from tests.reports.helpers import item, load, ntt_month

NOW = clock.parse_instant("2026-11-25T12:30:00Z")


def test_report_figures_are_the_ringkasan_figures(db):
    ntt_month(db)
    ctx = context.load(db, NOW)
    ntt = unit_id(db, "kanwil-ntt")
    period = resolve("bulan", date(2026, 11, 25))
    data = build(db, SYSTEM, ctx, ntt, period)
    page = overview(db, SYSTEM, ctx, ntt, period)
    for group in Group:
        assert data.totals(group) == page.totals(group)
    assert data.item_count == sum(page.totals(g)[0] for g in Group) == 7
    assert data.working_days == 18 and data.is_calendar_month
    assert data.title == "Laporan Bulanan Humas"
    assert [u.code for u in data.children][:2] == ["kankemenag-kab-alor", "kankemenag-kab-belu"]


def test_days_missed_and_today_in_progress(db):
    load(db, [item(db, "kankemenag-kota-kupang", "2026-11-23")])
    ctx = context.load(db, NOW)
    kupang = unit_id(db, "kankemenag-kota-kupang")
    data = build(db, SYSTEM, ctx, kupang, Period(date(2026, 11, 21), date(2026, 11, 25), "x"))
    missed = sorted(day.isoformat() for _u, day in data.missed)
    # Saturday and Sunday ask nothing; Monday had news; the 25th is still today.
    assert missed == ["2026-11-24"]
    assert data.news_expected[date(2026, 11, 21)] == 0
    assert data.day_totals(date(2026, 11, 23)) == {NEWS: 1}
    assert not data.is_calendar_month and data.title == "Laporan Humas"


def test_tree_order_puts_each_kanwil_before_its_kankemenag(db):
    ctx = context.load(db, NOW)
    root = next(u for u in ctx.units if u.parent_id is None)
    order = [(u.code, depth) for u, depth in ordered_subtree(ctx, root.id)]
    assert order[0] == ("kemenag-ri", 0)
    codes = [c for c, _ in order]
    ntt = codes.index("kanwil-ntt")
    assert codes[ntt + 1] == "kankemenag-kab-alor" and order[ntt + 1][1] == 2
    assert len(codes) == len(ctx.units)


def test_tonights_recap_agrees_with_ringkasan_ada_berita_hari_ini(db):
    load(
        db,
        [
            item(db, "kankemenag-kota-kupang", "2026-11-25"),
            item(db, "kankemenag-kab-alor", "2026-11-25", "medsos_x"),
            item(db, "kanwil-ntt", "2026-11-24"),
        ],
    )
    ctx = context.load(db, NOW)
    ntt = unit_id(db, "kanwil-ntt")
    page = overview(db, SYSTEM, ctx, ntt, resolve("hari", date(2026, 11, 25)))
    tonight = recap(db, SYSTEM, ctx, ntt, date(2026, 11, 25))
    assert len(tonight.with_news) == len(page.compliance.with_news) == 1
    assert len(tonight.judged) == page.compliance.total == 23
    assert tonight.share == page.compliance.share
    assert {u.unit.code for u in tonight.without_news} == {
        u.code for u in page.compliance.without_news
    }
