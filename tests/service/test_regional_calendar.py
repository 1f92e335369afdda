"""A regional day off (Bali) changes the figures of Bali's units, and nobody else's.

Set through the store, as the Kalender Kerja page does, then read through the
same services the pages, reports and the meeting screen use.
"""

from datetime import date

import pytest

from dashboard import clock
from dashboard.domain import NEWS
from dashboard.kpi.periods import resolve
from dashboard.service import context, report, screen, unit
from dashboard.service.overview import overview
from dashboard.store import calendar as calendar_store
from dashboard.store import screens
from dashboard.store.access import SYSTEM
from tests.conftest import unit_id
from tests.service.helpers import add_items

NOW = clock.parse_instant("2026-11-25T08:00:00Z")  # Wed 25 Nov: 16:00 WITA
DAY_OFF = date(2026, 11, 24)  # Tuesday
BALI = ("kanwil-bali", "kankemenag-kota-denpasar", "kankemenag-kab-badung")
OTHERS = ("kanwil-ntt", "kankemenag-kota-kupang", "kanwil-jatim", "uhn-denpasar")


def figures_of(db):
    """Every figure the pages show that depends on working days, per unit code."""
    ctx = context.load(db, NOW)
    found = {}
    for code in BALI + OTHERS:
        fig = unit.figures(db, SYSTEM, ctx, unit_id(db, code))
        found[code] = {
            "day_off_target": fig.groups[NEWS]["week"].target,
            "month_target": fig.projection.target,
            "projected": fig.projection.projected,
            "streak": fig.streak_days,
        }
    for kanwil in ("kanwil-bali", "kanwil-ntt"):
        period = resolve("bulan", date(2026, 11, 25))
        view = overview(db, SYSTEM, ctx, unit_id(db, kanwil), period)
        for row in view.rows.values():
            if row.unit.code in found:
                found[row.unit.code]["silent"] = row.silent_days
        found[kanwil]["subtree_target"] = view.totals(NEWS)[1]
        found[kanwil]["report_working_days"] = report.build(
            db, SYSTEM, ctx, unit_id(db, kanwil), period
        ).working_days
    return found


@pytest.fixture
def output(db):
    for code in BALI + OTHERS:
        add_items(db, code, "2026-11-23", "berita_website")  # Monday
        add_items(db, code, "2026-11-25", "berita_website")  # today
    # Silent since Monday: the two-day gap has one working day left in Bali, two elsewhere.
    add_items(db, "kankemenag-kab-gianyar", "2026-11-20", "berita_website")
    add_items(db, "kankemenag-kab-alor", "2026-11-20", "berita_website")


def test_a_bali_day_off_changes_bali_figures_and_no_one_elses(db, output):
    before = figures_of(db)
    calendar_store.set_override(
        db, SYSTEM, DAY_OFF, False, "Libur daerah Bali", unit_id=unit_id(db, "kanwil-bali")
    )
    after = figures_of(db)

    for code in OTHERS:
        assert after[code] == before[code], code  # UHN Denpasar sits under PUSAT: national
    for code in BALI:
        assert after[code]["day_off_target"] == before[code]["day_off_target"] - 1, code
        assert after[code]["month_target"] == before[code]["month_target"] - 1, code
        # Monday and today met, Tuesday no longer asked: the streak runs through it.
        assert (before[code]["streak"], after[code]["streak"]) == (1, 2), code
    # Kanwil Bali's subtree (itself and nine Kankemenag): ten units' Tuesday is off.
    assert after["kanwil-bali"]["subtree_target"] == before["kanwil-bali"]["subtree_target"] - 10
    assert after["kanwil-bali"]["report_working_days"] == 17
    assert after["kanwil-ntt"]["report_working_days"] == 18

    ctx = context.load(db, NOW)
    period = resolve("bulan", date(2026, 11, 25))
    silent = {
        r.unit.code: r.silent_days
        for code in ("kanwil-bali", "kanwil-ntt")
        for r in overview(db, SYSTEM, ctx, unit_id(db, code), period).rows.values()
    }
    # Last news on Friday 20th: Mon 23, Tue 24 without news; Tuesday is off in Bali only.
    assert silent["kankemenag-kab-gianyar"] == 1 and silent["kankemenag-kab-alor"] == 2
    # Unit Saya's "hari kerja tanpa berita" and the daily recap count them the same way.
    quiet = ("kankemenag-kab-gianyar", "kankemenag-kab-alor")
    assert {
        code: unit.figures(db, SYSTEM, ctx, unit_id(db, code)).silent_days for code in quiet
    } == {"kankemenag-kab-gianyar": 1, "kankemenag-kab-alor": 2}
    recapped = {
        r.unit.code: r.silent_days
        for code in ("kanwil-bali", "kanwil-ntt")
        for r in report.recap(db, SYSTEM, ctx, unit_id(db, code), date(2026, 11, 25)).units
    }
    assert {code: recapped[code] for code in quiet} == {
        "kankemenag-kab-gianyar": 1,
        "kankemenag-kab-alor": 2,
    }


def test_the_meeting_screen_follows_the_regional_calendar(db, output):
    def month_news_target(code):
        _, token = screens.create(db, SYSTEM, unit_id(db, code), now=NOW)
        who = screens.screen_principal(screens.resolve(db, token, NOW))
        ctx = context.load(db, NOW)
        return screen.figures(db, who, ctx, unit_id(db, code)).news[1]

    bali, ntt = month_news_target("kanwil-bali"), month_news_target("kanwil-ntt")
    calendar_store.set_override(
        db, SYSTEM, DAY_OFF, False, "Libur daerah Bali", unit_id=unit_id(db, "kanwil-bali")
    )
    assert month_news_target("kanwil-bali") == bali - 10
    assert month_news_target("kanwil-ntt") == ntt


def test_a_regional_working_day_beats_a_national_day_off(db):
    calendar_store.set_override(db, SYSTEM, DAY_OFF, False, "Cuti bersama tambahan")
    calendar_store.set_override(
        db, SYSTEM, DAY_OFF, True, "Tetap masuk", unit_id=unit_id(db, "kanwil-bali")
    )
    ctx = context.load(db, NOW)
    assert ctx.book.calendar.for_unit(ctx.unit(unit_id(db, "kankemenag-kota-denpasar"))).is_working(
        DAY_OFF
    )
    assert not ctx.book.calendar.for_unit(ctx.unit(unit_id(db, "kanwil-ntt"))).is_working(DAY_OFF)
