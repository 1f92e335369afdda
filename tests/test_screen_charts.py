from datetime import date

from dashboard import screen_charts
from dashboard.kpi.leaderboard import Entry
from dashboard.service.overview import DayPoint
from dashboard.service.screen import Tile


def test_plain_escapes_plotly_markup():
    assert screen_charts.plain("<a href='javascript:x'>klik</a> & <b>") == (
        "&lt;a href='javascript:x'&gt;klik&lt;/a&gt; &amp; &lt;b&gt;"
    )


def test_share_colours_run_from_dark_to_bright():
    assert screen_charts.share_color(None) == screen_charts.NO_UNITS
    dark, mid, bright = (screen_charts.share_color(s) for s in (0, 0.5, 1))
    assert dark == "#2B3933" and mid == "#1F7A4A" and bright == "#3FDB85"
    assert screen_charts.share_color(1.7) == bright


def test_tile_map_draws_each_tile_with_its_value_and_escaped_label():
    tiles = [
        Tile("a", "NTT", 0, 0, 11, 23),
        Tile("b", "Kab. <b>Alor</b>", 1, 0, 1, 1),
        Tile("c", "Kab. Belu", 0, 1, 0, 1),
        Tile("d", "Kosong", 1, 1, 0, 0),
    ]
    figure = screen_charts.tile_map(tiles)
    assert len(figure.layout.shapes) == 4
    texts = [a.text for a in figure.layout.annotations]
    assert "48%" in texts[0] and "sudah" in texts[1] and "belum" in texts[2] and "–" in texts[3]
    assert "&lt;b&gt;Alor&lt;/b&gt;" in texts[1] and "<b>Alor" not in texts[1]


def test_leaderboard_bars_and_figures():
    entries = [
        Entry(1, "Kanwil Kemenag Provinsi Bali", 30, 20.0, 18, 50, rank=1),
        Entry(2, "Kanwil Kemenag Provinsi Aceh", 6, 20.0, 5, 9, rank=2),
    ]
    figure = screen_charts.leaderboard(entries)
    bar = figure.data[0]
    assert list(bar.y) == ["1. Bali", "2. Aceh"] and list(bar.x) == [150.0, 30.0]
    assert list(bar.marker.color) == [screen_charts.COLORS["on"], screen_charts.COLORS["below"]]
    assert "150%" in figure.layout.annotations[0].text


def test_days_chart_leaves_uncounted_days_off_the_target_line():
    points = [
        DayPoint(date(2026, 11, 21), 3, 0.0, "none"),
        DayPoint(date(2026, 11, 24), 20, 23.0, "near"),
    ]
    figure = screen_charts.days_vs_target(points)
    assert list(figure.data[1].y) == [None, 23.0]
