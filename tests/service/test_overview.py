from datetime import date

from dashboard import clock
from dashboard.kpi import figures as kpi
from dashboard.kpi.periods import resolve
from dashboard.service import context
from dashboard.service.leaders import leaderboard, peer_rank
from dashboard.service.overview import overview
from tests.conftest import principal, unit_id
from tests.service.helpers import add_items

NOW = clock.parse_instant("2026-11-25T08:00:00Z")  # Wed 25 Nov: 15:00 WIB, 16:00 WITA


def test_ntt_overview_agrees_with_a_hand_count(db, accounts):
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website", 2)
    add_items(db, "kankemenag-kab-alor", "2026-11-24", "berita_website")
    add_items(db, "kanwil-ntt", "2026-11-25", "berita_website")
    add_items(db, "kanwil-ntt", "2026-11-23", "medsos_instagram", 3)
    ctx = context.load(db, NOW)
    ntt = unit_id(db, "kanwil-ntt")
    period = resolve("minggu", clock.local_today("Asia/Makassar", NOW))
    view = overview(db, principal(db, "kanwil.ntt"), ctx, ntt, period)
    assert view.compliance.total == 23
    assert {u.code for u in view.compliance.with_news} == {
        "kankemenag-kota-kupang",
        "kanwil-ntt",
    }
    assert view.totals("berita") == (4, 23 * 3)  # 23 units x 3 working days
    assert view.totals("medsos")[0] == 3
    # Roll-up: the Kanwil's subtree equals its own plus its Kankemenag.
    rolled = view.rolled_row(ntt)
    kankemenag = [u for u in ctx.children(ntt)]
    assert rolled["berita"] == view.rows[ntt].counts.get("berita", 0) + sum(
        view.rolled_row(k.id).get("berita", 0) for k in kankemenag
    )
    assert rolled["units"] == 23 and rolled["with_news"] == 2
    # Silent: nobody has news since the lookback began except three units.
    silent = {r.unit.code for r in view.silent()}
    assert "kankemenag-kota-kupang" not in silent and "kankemenag-kab-alor" not in silent
    assert "kankemenag-kab-belu" in silent


def test_a_kanwil_pimpinan_never_sees_another_kanwil(db, accounts):
    import pytest

    from dashboard.store.access import AccessDenied

    ctx = context.load(db, NOW)
    period = resolve("bulan", clock.local_today("Asia/Makassar", NOW))
    with pytest.raises(AccessDenied):
        overview(db, principal(db, "kanwil.ntt"), ctx, unit_id(db, "kanwil-jatim"), period)
    with pytest.raises(AccessDenied):
        overview(db, principal(db, "kanwil.ntt"), ctx, unit_id(db, "kemenag-ri"), period)


def test_leaderboard_and_peer_rank(db, accounts):
    add_items(db, "kankemenag-kota-kupang", "2026-11-24", "berita_website")
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website")
    add_items(db, "kankemenag-kab-alor", "2026-11-25", "berita_website", 3)
    ctx = context.load(db, NOW)
    ntt = unit_id(db, "kanwil-ntt")
    period = resolve("minggu", clock.local_today("Asia/Makassar", NOW))
    ranked = leaderboard(
        db, principal(db, "kanwil.ntt"), ctx, ctx.children(ntt, "KANKEMENAG"), period
    )
    assert [(e.name, e.rank, e.news, e.news_target) for e in ranked[:2]] == [
        ("Kantor Kemenag Kabupaten Alor", 1, 3, 3.0),
        ("Kantor Kemenag Kota Kupang", 2, 2, 3.0),
    ]
    assert len(ranked) == 22 and ranked[-1].rank == 3  # the other 20 share third place
    # The unit head of Kupang learns its rank, nothing more.
    assert peer_rank(
        db, principal(db, "kepala.kupang"), ctx, unit_id(db, "kankemenag-kota-kupang"), period
    ) == (2, 22)


def test_units_without_a_news_target_are_not_counted_in_news_today(db, accounts):
    add_items(db, "biro-humas", "2026-11-25", "berita_website")  # PUSAT: no target
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website")
    ctx = context.load(db, NOW)
    root = unit_id(db, "kemenag-ri")
    view = overview(db, principal(db, "pusat"), ctx, root, resolve("hari", NOW.date()))
    biro = view.rolled_row(unit_id(db, "biro-humas"))
    assert biro["units"] == 0 and biro["with_news"] == 0 and biro["berita"] == 1
    assert view.rolled_row(root)["units"] == view.compliance.total
    assert view.rolled_row(root)["with_news"] == len(view.compliance.with_news) == 1


def test_the_running_week_carries_its_whole_target_and_its_target_so_far(db, accounts):
    """Issue 16, item 13: on a Monday the trend's last week is running, its line does not dive."""
    monday = clock.parse_instant("2026-11-23T08:00:00Z")  # Mon 23 Nov, 16:00 WITA
    add_items(db, "kankemenag-kota-kupang", "2026-11-23", "berita_website")
    ctx = context.load(db, monday)
    ntt = unit_id(db, "kanwil-ntt")
    view = overview(db, principal(db, "kanwil.ntt"), ctx, ntt, resolve("bulan", monday.date()))
    *done, this = view.weeks
    assert this.start == date(2026, 11, 23) and this.running and not any(w.running for w in done)
    assert this.targets["berita"] == 23 * 5  # Monday..Friday of 23 units: the line stays level
    assert this.to_date["berita"] == 23  # Monday so far
    assert this.counts["berita"] == 1 and this.state() == kpi.RUNNING  # not "below"
    last = done[-1]  # 16-20 Nov: finished, judged against its whole week
    assert last.to_date == last.targets and last.targets["berita"] == 23 * 5
    assert last.state() == kpi.BELOW
