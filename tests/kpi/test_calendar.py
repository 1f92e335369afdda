from datetime import date

from dashboard.kpi import figures as kpi
from dashboard.kpi.calendar import holiday_name, is_working_day, working_days
from dashboard.kpi.goals import Calendar, GoalBook
from tests.kpi.helpers import KANKEMENAG, KANWIL, PTKN, target, unit


def test_weekends_and_national_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 25))  # a Wednesday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 3, 19))  # Nyepi
    assert not is_working_day(date(2026, 3, 18))  # cuti bersama Nyepi
    assert "Nyepi" in holiday_name(date(2026, 3, 19))


def test_admin_overrides_win():
    overrides = {date(2026, 11, 25): False, date(2026, 11, 28): True}
    assert not is_working_day(date(2026, 11, 25), overrides)
    assert is_working_day(date(2026, 11, 28), overrides)


def test_working_days_of_a_week_with_a_holiday():
    # 16-20 March 2026: Nyepi (19th) and cuti bersama (18th, 20th) leave two working days.
    assert working_days(date(2026, 3, 16), date(2026, 3, 22)) == [
        date(2026, 3, 16),
        date(2026, 3, 17),
    ]


# --- regional overrides: a unit and every unit below it ------------------------------------

ROOT = unit(id=1, type="PUSAT", tz="Asia/Jakarta", parent_id=None)
OTHER_KANWIL = unit(id=3, type="KANWIL", tz="Asia/Jakarta", parent_id=1)
OTHER_KANKEMENAG = unit(id=11, type="KANKEMENAG", tz="Asia/Jakarta", parent_id=3)
PARENTS = {1: None, 2: 1, 3: 1, 10: 2, 11: 3, 30: 1}
WED, THU = date(2026, 11, 25), date(2026, 11, 26)
SAT = date(2026, 11, 28)


def regional(**kw) -> Calendar:
    return Calendar(kw.pop("national", None), parents=PARENTS, **kw)


def test_a_regional_day_off_holds_for_the_unit_and_the_units_below_it_only():
    calendar = regional(regional={2: {WED: False}})  # Kanwil 2 (and Kankemenag 10)
    assert not calendar.for_unit(KANWIL).is_working(WED)
    assert not calendar.for_unit(KANKEMENAG).is_working(WED)
    for elsewhere in (ROOT, OTHER_KANWIL, OTHER_KANKEMENAG, PTKN):
        assert calendar.for_unit(elsewhere).is_working(WED)
    assert calendar.is_working(WED)  # the national calendar is untouched


def test_the_nearest_override_wins_then_the_region_then_the_nation():
    calendar = regional(
        national={WED: False, SAT: True},
        regional={2: {WED: True, THU: False}, 10: {THU: True}},
    )
    kanwil, kankemenag = calendar.for_unit(KANWIL), calendar.for_unit(KANKEMENAG)
    assert kanwil.is_working(WED) and kankemenag.is_working(WED)  # the region beats the nation
    assert not kanwil.is_working(THU) and kankemenag.is_working(THU)  # the unit beats its Kanwil
    assert kanwil.is_working(SAT) and kankemenag.is_working(SAT)  # nothing regional: national
    assert not calendar.for_unit(OTHER_KANWIL).is_working(WED)
    assert calendar.region(KANKEMENAG) == (10, 2) and calendar.region(OTHER_KANWIL) == ()


def test_targets_streaks_silence_and_projection_follow_the_units_own_calendar():
    news = target(unit_type="KANKEMENAG")
    weekly = target(id=2, metric="media", period="week", value=4, unit_type="KANKEMENAG")
    goals = GoalBook([news, weekly], regional(regional={2: {WED: False}}))
    # Same type, same target: a day off below Kanwil 2, a working day elsewhere. The
    # memo must not hand one unit's answer to the other.
    assert goals.expected(KANKEMENAG, "berita", WED) == 0.0
    assert goals.expected(OTHER_KANKEMENAG, "berita", WED) == 1.0
    assert goals.expected(KANKEMENAG, "media", THU) == 1.0  # 4 spread over 4 days
    assert goals.expected(OTHER_KANKEMENAG, "media", THU) == 0.8  # over 5
    counts = {date(2026, 11, 23): 1, date(2026, 11, 24): 1, THU: 1}
    assert kpi.streak(goals, KANKEMENAG, "berita", counts, THU) == 3  # Wednesday skipped
    assert kpi.streak(goals, OTHER_KANKEMENAG, "berita", counts, THU) == 1
    assert kpi.silent_working_days(goals, KANKEMENAG, date(2026, 11, 24), THU, THU) == 0
    assert kpi.silent_working_days(goals, OTHER_KANKEMENAG, date(2026, 11, 24), THU, THU) == 1
    month = kpi.month_projection(goals, KANKEMENAG, "berita", counts, THU)
    elsewhere = kpi.month_projection(goals, OTHER_KANKEMENAG, "berita", counts, THU)
    assert month.target == elsewhere.target - 1
