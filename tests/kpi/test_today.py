from datetime import timedelta

from dashboard import clock
from dashboard.kpi.today import verdict


def test_news_today():
    now = clock.parse_instant("2026-11-25T10:00:00Z")
    state = verdict([{"grp": "berita"}, {"grp": "medsos"}], "Asia/Makassar", now)
    assert state.has_news
    assert state.headline == "Sudah ada berita hari ini"
    assert state.counts == {"berita": 1, "medsos": 1}


def test_no_news_says_how_long_is_left_in_the_units_zone():
    now = clock.parse_instant("2026-11-25T10:20:00Z")  # 18:20 WITA
    state = verdict([{"grp": "medsos"}], "Asia/Makassar", now)
    assert not state.has_news
    assert state.time_left == timedelta(hours=5, minutes=40)
    assert state.headline == "Belum ada berita — 5 jam 40 menit lagi sebelum hari berganti (WITA)"
