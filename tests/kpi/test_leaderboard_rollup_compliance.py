from datetime import date

from dashboard import clock
from dashboard.kpi.compliance import news_today
from dashboard.kpi.leaderboard import Entry, position_of, rank
from dashboard.kpi.rollup import subtree_totals
from tests.kpi.helpers import unit


def test_rank_by_attainment_then_days_then_output_with_shared_ranks():
    ranked = rank(
        [
            Entry(1, "Alor", news=10, news_target=20, news_days=8, total_output=30),
            Entry(2, "Belu", news=20, news_target=20, news_days=15, total_output=40),
            Entry(3, "Ende", news=10, news_target=20, news_days=9, total_output=12),
            Entry(4, "Sabu", news=10, news_target=20, news_days=8, total_output=30),
            Entry(5, "Pusat", news=50, news_target=None, news_days=20, total_output=80),
        ]
    )
    assert [(e.name, e.rank) for e in ranked] == [
        ("Belu", 1),
        ("Ende", 2),
        ("Alor", 3),
        ("Sabu", 3),
        ("Pusat", 5),
    ]
    assert position_of(ranked, 4) == (3, 5)
    assert position_of(ranked, 99) is None


def test_kanwil_rollup_is_its_own_plus_its_kankemenag():
    units = [
        unit(id=1, parent_id=None),
        unit(id=2, parent_id=1),  # Kanwil
        unit(id=3, parent_id=2),
        unit(id=4, parent_id=2),
        unit(id=5, parent_id=1),  # another Kanwil
    ]
    own = {2: {"berita": 1}, 3: {"berita": 4, "medsos": 2}, 4: {"berita": 5}, 5: {"berita": 7}}
    totals = subtree_totals(units, own)
    assert totals[2] == {"berita": 1 + 4 + 5, "medsos": 2}
    assert totals[2]["berita"] == own[2]["berita"] + totals[3]["berita"] + totals[4]["berita"]
    assert totals[1]["berita"] == 17


def test_news_today_on_each_units_own_day():
    now = clock.parse_instant("2026-11-25T15:45:00Z")  # 23:45 WITA, 00:45 WIT on the 26th
    kupang = unit(id=1, tz="Asia/Makassar")
    jayapura = unit(id=2, tz="Asia/Jayapura")
    medan = unit(id=3, tz="Asia/Jakarta")
    # An item at 23:30 WITA was stored on Kupang's 25th; Jayapura's news was on its 25th too.
    counts = {(1, date(2026, 11, 25)): 1, (2, date(2026, 11, 25)): 1}
    state = news_today([kupang, jayapura, medan], counts, now)
    assert [u.id for u in state.with_news] == [1]
    assert [u.id for u in state.without_news] == [2, 3]
    assert state.share == 1 / 3
