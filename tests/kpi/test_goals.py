from dataclasses import replace
from datetime import date

from dashboard.kpi.goals import (
    month_bounds,
    replaced_target,
    rule_in_force,
    usual_counts_on,
    week_bounds,
)
from tests.kpi.helpers import KANKEMENAG, KANWIL, PTKN, book, target

WED = date(2026, 11, 25)
SAT = date(2026, 11, 28)


def test_most_specific_target_wins():
    goals = book(
        target(id=1, scope="national", value=1, unit_type=None),
        target(id=2, scope="unit_type", unit_type="KANWIL", value=3),
        target(id=3, scope="unit", unit_id=10, value=2),
    )
    assert goals.target_on(KANWIL, "berita", WED).id == 2
    assert goals.target_on(KANKEMENAG, "berita", WED).id == 3
    assert goals.target_on(PTKN, "berita", WED).id == 1
    assert goals.expected(KANKEMENAG, "berita", WED) == 2


def test_no_target_is_none_not_zero():
    goals = book(target(unit_type="KANWIL"))
    assert goals.expected(KANKEMENAG, "berita", WED) is None
    assert goals.expected_total(KANKEMENAG, "berita", [WED, SAT]) is None


def test_a_zero_target_is_an_exemption():
    goals = book(target(value=1), target(id=2, scope="unit", unit_id=10, value=0))
    assert goals.expected(KANKEMENAG, "berita", WED) is None


def test_working_day_targets_skip_weekends_and_holidays():
    goals = book(target(counts_on="working"), target(id=2, metric="medsos", counts_on="all"))
    assert goals.expected(KANKEMENAG, "berita", WED) == 1
    assert goals.expected(KANKEMENAG, "berita", SAT) == 0
    assert goals.expected(KANKEMENAG, "berita", date(2026, 3, 19)) == 0  # Nyepi
    assert goals.expected(KANKEMENAG, "berita", date(2026, 3, 18)) == 0  # cuti bersama Nyepi
    assert goals.expected(KANKEMENAG, "medsos", SAT) == 1
    assert goals.expected(KANKEMENAG, "medsos", date(2026, 3, 19)) == 1


def test_admin_overrides_move_a_working_day():
    goals = book(target(), overrides={WED: False, SAT: True})
    assert goals.expected(KANKEMENAG, "berita", WED) == 0
    assert goals.expected(KANKEMENAG, "berita", SAT) == 1


def test_a_raised_target_judges_earlier_days_by_the_old_value():
    goals = book(
        target(id=1, value=1, valid_to=date(2026, 11, 15)),
        target(id=2, value=2, valid_from=date(2026, 11, 16)),
    )
    assert goals.expected(KANKEMENAG, "berita", date(2026, 11, 13)) == 1  # Friday before
    assert goals.expected(KANKEMENAG, "berita", date(2026, 11, 16)) == 2  # Monday after
    # November 2026: 21 working days; 10 before the 16th, 11 from it.
    month = [date(2026, 11, d) for d in range(1, 31)]
    assert goals.expected_total(KANKEMENAG, "berita", month) == 10 * 1 + 11 * 2


def test_weekly_and_monthly_targets_spread_over_counted_days():
    weekly = book(target(period="week", value=3))
    # A normal week has 5 working days: 3/5 a day; the week sums to 3.
    week = [date(2026, 11, 23 + n) for n in range(7)]
    assert weekly.expected(KANKEMENAG, "berita", WED) == 3 / 5
    assert round(weekly.expected_total(KANKEMENAG, "berita", week), 9) == 3
    # The Nyepi week (16-22 March 2026) has 2 working days: each carries 3/2.
    assert weekly.expected(KANKEMENAG, "berita", date(2026, 3, 16)) == 1.5
    monthly = book(target(period="month", value=42, counts_on="all"))
    assert monthly.expected(KANKEMENAG, "berita", WED) == 42 / 30


def test_week_and_month_bounds():
    assert week_bounds(WED) == (date(2026, 11, 23), date(2026, 11, 29))
    assert month_bounds(WED) == (date(2026, 11, 1), date(2026, 11, 30))
    assert month_bounds(date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_bounds(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_rule_in_words():
    assert target().rule == "1 berita per hari kerja"
    assert target(metric="medsos", counts_on="all", value=3).rule == "3 medsos per hari"
    assert target(period="week", value=3).rule == "3 berita per minggu"


def test_an_exempted_unit_is_not_judged():
    goals = book(target(value=1), target(id=2, scope="unit", unit_id=10, value=0))
    assert not goals.judged(KANKEMENAG, "berita", WED)
    assert goals.judged(replace(KANKEMENAG, id=11), "berita", SAT)  # a weekend: counted as judged


def test_the_target_a_new_one_replaces_and_the_rule_in_force():
    old = target(id=1, metric="medsos", counts_on="all", valid_to=date(2026, 12, 31))
    national = target(id=2, scope="national", metric="medsos", counts_on="all", value=2)
    targets = [old, national]
    ask = dict(scope="unit_type", metric="medsos", unit_type="KANKEMENAG")
    assert replaced_target(targets, **ask, day=date(2026, 11, 25)) == old
    assert replaced_target(targets, **ask, day=date(2027, 1, 1)) is None  # ended before
    assert (
        replaced_target(targets, **(ask | {"unit_type": "KANWIL"}), day=date(2026, 11, 25)) is None
    )
    # A unit follows its type's target; a type the national one; the nation nothing.
    assert (
        rule_in_force(
            targets, scope="unit", metric="medsos", unit=KANKEMENAG, day=date(2026, 11, 25)
        )
        == old
    )
    assert (
        rule_in_force(targets, scope="unit_type", metric="medsos", day=date(2026, 11, 25))
        == national
    )
    assert rule_in_force(targets, scope="national", metric="medsos", day=date(2026, 11, 25)) is None
    assert (usual_counts_on("berita"), usual_counts_on("medsos")) == ("working", "all")
