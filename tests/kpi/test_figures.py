from datetime import date

from dashboard.kpi import figures as kpi
from tests.kpi.helpers import KANKEMENAG, book, target

GOALS = book(target(), target(id=2, metric="medsos", counts_on="all"))


def d(day):
    return date(2026, 11, day)


def test_attainment_and_status():
    counts = {d(23): 1, d(24): 0, d(25): 2}
    week = kpi.window(GOALS, KANKEMENAG, "berita", counts, d(23), d(25))
    assert (week.count, week.target, week.attainment) == (3, 3.0, 1.0)
    assert week.status == kpi.ON_TARGET
    assert kpi.status(0.85) == kpi.NEAR
    assert kpi.status(0.5) == kpi.BELOW
    assert kpi.status(None) == kpi.NO_TARGET
    assert kpi.ratio(5, None) is None and kpi.ratio(5, 0) is None


def test_day_week_month_are_to_date():
    # Wednesday 25 November 2026; news on the 2nd..6th (5), 9th, 23rd, 25th.
    counts = {d(n): 1 for n in (2, 3, 4, 5, 6, 9, 23, 25)}
    spans = kpi.day_week_month(GOALS, KANKEMENAG, "berita", counts, d(25))
    assert (spans["day"].count, spans["day"].target) == (1, 1)
    assert (spans["week"].count, spans["week"].target) == (2, 3)  # Mon-Wed
    assert (spans["month"].count, spans["month"].target) == (8, 18)  # 18 working days to date
    assert spans["month"].attainment == 8 / 18


def test_weekend_day_has_a_target_of_zero_and_no_attainment():
    sat = kpi.window(GOALS, KANKEMENAG, "berita", {}, d(28), d(28))
    assert sat.target == 0 and sat.attainment is None and sat.status == kpi.NO_TARGET


def test_streak_skips_weekends_and_waits_for_today():
    # Working days 16-20 and 23-24 all had news; today (Wed 25th) not yet.
    counts = {d(n): 1 for n in (16, 17, 18, 19, 20, 23, 24)}
    assert kpi.streak(GOALS, KANKEMENAG, "berita", counts, d(25)) == 7
    counts[d(25)] = 2
    assert kpi.streak(GOALS, KANKEMENAG, "berita", counts, d(25)) == 8
    del counts[d(18)]
    assert kpi.streak(GOALS, KANKEMENAG, "berita", counts, d(25)) == 5  # 19, 20, 23, 24, 25


def test_streak_counts_every_day_for_medsos():
    counts = {d(n): 1 for n in (21, 22, 23, 24)}  # Sat, Sun, Mon, Tue
    assert kpi.streak(GOALS, KANKEMENAG, "medsos", counts, d(25)) == 4
    assert kpi.streak(GOALS, KANKEMENAG, "medsos", counts, d(26)) == 0  # 25th missed


def test_streak_without_a_target_is_zero():
    assert kpi.streak(book(), KANKEMENAG, "berita", {d(25): 3}, d(25)) == 0


def test_days_since_and_silence():
    counts = {d(17): 1, d(19): 2}
    last = kpi.last_day_with_output(counts, d(25))
    assert last == d(19)
    assert kpi.days_since(last, d(25)) == 6
    # Working days after Thursday 19th and before Wednesday 25th: 20, 23, 24.
    assert kpi.silent_working_days(GOALS, KANKEMENAG, last, d(25), d(1)) == 3
    assert kpi.days_since(None, d(25)) is None
    assert kpi.silent_working_days(GOALS, KANKEMENAG, d(24), d(25), d(1)) == 0


def test_month_projection_at_the_working_day_rate():
    # Today Wed 25 Nov: 17 complete working days (2-24), 10 news items in them, 1 today.
    counts = {d(n): 1 for n in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)}
    counts[d(25)] = 1
    p = kpi.month_projection(GOALS, KANKEMENAG, "berita", counts, d(25))
    remaining = 3  # 26, 27, 30
    assert p.count == 11
    assert p.target == 21
    assert p.projected == 11 + 10 / 17 * remaining
    assert p.attainment == p.projected / 21


def test_month_projection_on_the_first_day():
    p = kpi.month_projection(GOALS, KANKEMENAG, "medsos", {d(1): 2}, d(1))
    assert p.count == 2 and p.projected == 2 + 2 * 29 and p.target == 30


def test_the_running_week_is_never_below_its_target():
    """Issue 16, item 13: a Monday's week looked like a collapse (red, target diving)."""
    # Monday, 1 of 23 expected so far: running, not below; the whole week still asks 115.
    assert kpi.week_state(1, 115.0, 23.0, running=True) == kpi.RUNNING
    assert kpi.week_state(0, 115.0, 0.0, running=True) == kpi.RUNNING  # before any counted day
    assert kpi.week_state(24, 115.0, 23.0, running=True) == kpi.ON_TARGET  # ahead of its pace
    assert kpi.week_state(5, None, None, running=True) == kpi.NO_TARGET
    # A finished week is judged against its whole target, as before.
    assert kpi.week_state(1, 115.0, 115.0, running=False) == kpi.BELOW
    assert kpi.week_state(100, 115.0, 115.0, running=False) == kpi.NEAR
