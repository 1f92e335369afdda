from datetime import date

from dashboard.kpi.calendar import holiday_name, is_working_day, working_days


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
