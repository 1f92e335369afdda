from datetime import date, timedelta

from dashboard import charts
from dashboard.kpi.figures import BELOW, NEAR, NO_TARGET, ON_TARGET, RUNNING


def test_daily_vs_target_colours_each_day_by_status_and_gaps_uncounted_days():
    days = [date(2026, 11, 20) + timedelta(n) for n in range(4)]  # Fri, Sat, Sun, Mon
    fig = charts.daily_vs_target(
        days, [1, 0, 2, 0], [1.0, 0.0, 0.0, 1.0], [ON_TARGET, NO_TARGET, NO_TARGET, BELOW],
        title="Berita 30 hari terakhir",
    )  # fmt: skip
    bars, goal = fig.data
    assert list(bars.x) == ["20 Nov", "21 Nov", "22 Nov", "23 Nov"]
    assert list(bars.marker.color) == [
        charts.COLORS[ON_TARGET], charts.COLORS[NO_TARGET], charts.COLORS[NO_TARGET],
        charts.COLORS[BELOW],
    ]  # fmt: skip
    assert list(goal.y) == [1.0, None, None, 1.0]
    assert bars.hovertext[0] == "Jumat, 20 November 2026<br>1 berita · target 1"
    assert fig.layout.separators == ",."
    assert fig.layout.title.text == "Berita 30 hari terakhir"


def test_calendar_heatmap_places_days_by_week_and_weekday():
    days = [date(2026, 11, 2) + timedelta(n) for n in range(14)]  # two weeks from a Monday
    statuses = [ON_TARGET] * 5 + [NO_TARGET] * 2 + [NEAR] + [BELOW] * 4 + [NO_TARGET] * 2
    fig = charts.calendar_heatmap(days, statuses, list(range(14)), title="Kalender")
    cells = fig.data[0]
    assert len(cells.z) == 7 and len(cells.z[0]) == 2
    assert cells.z[0][0] == 3 and cells.z[0][1] == 2  # Mondays: on target, then near
    assert cells.z[5][0] == 0  # a Saturday without a target
    assert cells.y[0] == "Sen" and cells.y[6] == "Min"
    assert "Senin, 2 November 2026" in cells.text[0][0]


def test_channel_mix_sorts_and_labels_numbers_the_indonesian_way():
    fig = charts.channel_mix(["Instagram", "Berita website"], [1234, 56], title="Per kanal")
    bars = fig.data[0]
    assert list(bars.y) == ["Berita website", "Instagram"]  # largest last = on top
    assert list(bars.text) == ["56", "1.234"]


def test_weekly_trend_statuses_follow_the_palette():
    weeks = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    fig = charts.weekly_trend(weeks, [10, 8, 2], [10.0, 10.0, None], title="Per minggu")
    assert list(fig.data[0].marker.color) == [
        charts.COLORS[ON_TARGET],
        charts.COLORS[NEAR],
        charts.COLORS[NO_TARGET],
    ]


def test_weekly_trend_draws_the_running_week_as_unfinished():
    """Issue 16, item 13: the running week is hatched, labelled, never red; the line is level."""
    weeks = [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    fig = charts.weekly_trend(
        weeks, [115, 60, 1], [115.0, 115.0, 115.0], title="Per minggu",
        to_date=[115.0, 115.0, 23.0], running=[False, False, True], today=date(2026, 11, 23),
    )  # fmt: skip
    bars, goal, pace = fig.data
    assert list(bars.x) == ["9 Nov", "16 Nov", "23 Nov"]
    assert list(bars.text) == ["", "", "berjalan"]
    assert list(bars.marker.color) == [
        charts.COLORS[ON_TARGET], charts.COLORS[BELOW], charts.COLORS[RUNNING]
    ]  # fmt: skip
    assert list(bars.marker.pattern.shape) == ["", "", "/"]
    assert list(goal.y) == [115.0, 115.0, 115.0]  # the whole week's target: no dive on Monday
    assert (list(pace.x), list(pace.y)) == (["23 Nov"], [23.0])
    assert pace.name == "Target s.d. hari ini"
    assert bars.hovertext[2] == (
        "Minggu berjalan mulai 23 November 2026 s.d. 23 November 2026<br>1 berita · "
        "target s.d. hari ini 23 dari 115 seminggu"
    )


def test_out_takes_by_platform_are_not_drawn_in_output_or_status_colours():
    fig = charts.outtakes_by_platform(
        ["Instagram", "Facebook"], [2030, 5000], [277, 200], title="Per platform"
    )
    reach, engaged = fig.data
    assert list(reach.y) == ["Instagram", "Facebook"]  # the most reach on top
    assert list(reach.x) == [2030, 5000] and list(engaged.x) == [277, 200]
    assert list(reach.text) == ["2.030", "5.000"]
    assert (reach.xaxis, reach.yaxis, engaged.xaxis, engaged.yaxis) == ("x", "y", "x2", "y2")
    assert charts.OUTTAKE not in charts.COLORS.values()
    assert [a.text for a in fig.layout.annotations][0] == "Jangkauan (dijumlah per unggahan)"
