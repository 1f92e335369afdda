from datetime import timedelta

from dashboard import clock
from dashboard.kpi.today import verdict


def test_news_today():
    now = clock.parse_instant("2026-11-25T10:00:00Z")
    state = verdict(["berita", "medsos"], "Asia/Makassar", now)
    assert state.has_news
    assert state.headline == "Sudah ada berita hari ini"
    assert state.counts == {"berita": 1, "medsos": 1}


def test_no_news_says_how_long_is_left_in_the_units_zone():
    now = clock.parse_instant("2026-11-25T10:20:00Z")  # 18:20 WITA
    state = verdict(["medsos"], "Asia/Makassar", now)
    assert not state.has_news
    assert state.time_left == timedelta(hours=5, minutes=40)
    assert state.headline == "Belum ada berita — 5 jam 40 menit lagi sebelum hari berganti (WITA)"


def test_goal_progress_reads_as_the_issue_asks():
    from datetime import date

    from dashboard.kpi.figures import Window
    from dashboard.words import goal_progress

    def w(count, target):
        return Window(date(2026, 11, 25), date(2026, 11, 25), count, target, None)

    met = {"berita": w(1, 1.0), "medsos": w(2, 1.0), "media": w(0, None), "kegiatan": w(3, None)}
    assert goal_progress(met) == "Berita hari ini 1/1 ✓ · Medsos 2/1 ✓"
    short = {"berita": w(0, 1.0), "medsos": w(1, 3.0), "media": w(1, 0.6)}
    assert goal_progress(short) == (
        "Berita hari ini 0/1, kurang 1 · Medsos 1/3, kurang 2 · Media 1/0,6 ✓"
    )
    weekend = {"berita": w(1, 0.0), "medsos": w(0, None)}
    assert goal_progress(weekend, "24 Nov") == (
        "Berita 24 Nov 1 (bukan hari yang dihitung) · Medsos 0 (tanpa target)"
    )


def test_goal_note_of_a_tile():
    from datetime import date

    from dashboard.kpi.figures import Window
    from dashboard.words import goal_note

    def w(count, target):
        return Window(date(2026, 11, 25), date(2026, 11, 25), count, target, None)

    assert goal_note(w(1, 1.0)) == "✓ memenuhi target"
    assert goal_note(w(0, 1.0)) == "hari masih berjalan"
    assert goal_note(w(2, 0.0)) == "tidak dihitung hari ini"
    assert goal_note(w(2, None)) == "tanpa target"
