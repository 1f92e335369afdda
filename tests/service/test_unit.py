from datetime import date

import pytest

from dashboard import clock
from dashboard.service import context
from dashboard.service.unit import figures
from dashboard.store import targets as target_store
from dashboard.store.access import SYSTEM, AccessDenied
from tests.conftest import principal, unit_id
from tests.service.helpers import add_items

NOW = clock.parse_instant("2026-11-25T08:00:00Z")  # Wed 25 Nov, 16:00 WITA


def test_unit_figures_agree_with_a_hand_count(db, accounts):
    kupang = "kankemenag-kota-kupang"
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        add_items(db, kupang, day, "berita_website")
    add_items(db, kupang, "2026-11-20", "berita_portal", 2)
    add_items(db, kupang, "2026-11-25", "medsos_instagram", 2)
    add_items(db, kupang, "2026-11-22", "medsos_tiktok")  # a Sunday
    ctx = context.load(db, NOW)
    fig = figures(db, principal(db, "kepala.kupang"), ctx, unit_id(db, kupang))
    assert fig.day == date(2026, 11, 25)
    assert fig.has_news and fig.streak_days == 4  # 20, 23, 24, 25
    assert fig.days_since_news == 0
    news = fig.groups["berita"]
    assert (news["day"].count, news["day"].target) == (1, 1)
    assert (news["week"].count, news["week"].target) == (3, 3)
    assert (news["month"].count, news["month"].target) == (5, 18)
    medsos = fig.groups["medsos"]
    assert (medsos["week"].count, medsos["week"].target) == (2, 3)  # Mon-Wed, every day
    assert (medsos["month"].count, medsos["month"].target) == (3, 25)
    assert fig.groups["media"]["month"].target is None  # no media target: "tanpa target"
    as_json = fig.as_json()
    assert as_json["groups"]["media"]["month"] == {
        "count": 0,
        "verified": 0,
        "flagged": 0,
        "target": None,
        "attainment": None,
    }
    assert as_json["tz"] == "Asia/Makassar"


def test_a_raised_target_keeps_the_old_value_for_earlier_days(db, accounts):
    kankemenag_berita = next(
        t
        for t in target_store.list_targets(db)
        if t.unit_type == "KANKEMENAG" and t.metric == "berita"
    )
    target_store.replace(
        db,
        SYSTEM,
        kankemenag_berita.id,
        target_store.NewTarget(
            scope="unit_type",
            unit_type="KANKEMENAG",
            metric="berita",
            period="day",
            value=2,
            counts_on="working",
            valid_from=date(2026, 11, 16),
        ),
    )
    ctx = context.load(db, NOW)
    fig = figures(db, principal(db, "admin"), ctx, unit_id(db, "kankemenag-kota-kupang"))
    # 2-13 November: 10 working days at 1; 16-25: 8 working days at 2.
    assert fig.groups["berita"]["month"].target == 10 * 1 + 8 * 2


def test_scope_is_enforced(db, accounts):
    ctx = context.load(db, NOW)
    with pytest.raises(AccessDenied):
        figures(db, principal(db, "op.jatim"), ctx, unit_id(db, "kankemenag-kota-kupang"))
