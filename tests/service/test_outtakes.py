"""Out-takes of a period per platform and the best posts; never output, never toward a target."""

from datetime import date

from dashboard import clock
from dashboard.kpi.periods import Period, resolve
from dashboard.service import context
from dashboard.service.outtakes import summary
from dashboard.service.overview import overview
from dashboard.store.access import SYSTEM
from tests.conftest import principal, unit_id
from tests.store.test_outtakes import measure, post

NOW = clock.parse_instant("2026-11-25T08:00:00Z")
NOV = Period(date(2026, 11, 1), date(2026, 11, 25), "Bulan ini")


def test_per_platform_and_the_best_posts_of_a_kanwil(db, accounts):
    _, ig = post(db, "kankemenag-kota-kupang", "2026-11-24")
    _, fb = post(db, "kanwil-ntt", "2026-11-20", "medsos_facebook")
    _, small = post(db, "kankemenag-kab-alor", "2026-11-23")
    measure(db, "kankemenag-kota-kupang", ig, reach=1980, views=2311, likes=240, comments=8,
            shares=12, saves=15, follows=3)  # fmt: skip
    measure(db, "kanwil-ntt", fb, "medsos_facebook", reach=5000, reactions=150, comments=20,
            shares=30, clicks=99)  # fmt: skip
    measure(db, "kankemenag-kab-alor", small, reach=50, likes=2)
    ctx = context.load(db, NOW)
    ntt = unit_id(db, "kanwil-ntt")
    found = summary(db, principal(db, "kanwil.ntt"), ctx, ntt, NOV, subtree=True)
    assert found.posts == 3
    by_kind = {p.kind: p for p in found.platforms}
    assert (by_kind["medsos_instagram"].reach, by_kind["medsos_instagram"].engagement) == (
        2030,
        240 + 8 + 12 + 15 + 2,  # likes, comments, shares, saves: not follows
    )
    assert by_kind["medsos_facebook"].engagement == 150 + 20 + 30  # not clicks
    assert [p.label for p in found.platforms] == ["Facebook", "Instagram"]  # most reach first
    assert [(p.unit_name, p.engagement) for p in found.best] == [
        ("Kantor Kemenag Kota Kupang", 275),
        ("Kanwil Kemenag Provinsi Nusa Tenggara Timur", 200),
        ("Kantor Kemenag Kabupaten Alor", 2),
    ]
    # One unit alone: its own posts only.
    own = summary(db, SYSTEM, ctx, unit_id(db, "kankemenag-kota-kupang"), NOV, subtree=False)
    assert own.posts == 1 and own.best[0].title.startswith("medsos_instagram")


def test_out_takes_never_count_toward_output_or_targets(db, accounts):
    _, ig = post(db, "kankemenag-kota-kupang", "2026-11-24")
    ctx = context.load(db, NOW)
    ntt = unit_id(db, "kanwil-ntt")
    period = resolve("bulan", clock.local_today("Asia/Makassar", NOW))
    who = principal(db, "kanwil.ntt")
    before = overview(db, who, ctx, ntt, period)
    measure(db, "kankemenag-kota-kupang", ig, reach=100_000, likes=9_000, shares=900)
    after = overview(db, who, context.load(db, NOW), ntt, period)
    assert after.totals("medsos") == before.totals("medsos") == (1, after.totals("medsos")[1])
    assert after.rows == before.rows and after.compliance == before.compliance
