"""Out-takes read for a period: scoped like every read, joined to the live post, lifetime only."""

from datetime import date

import pytest

from dashboard.store import outtakes
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.items import edits as item_edits
from dashboard.store.outtakes import OutTake
from tests.conftest import principal, unit_id
from tests.service.helpers import add_items

NOV = (date(2026, 11, 1), date(2026, 11, 30))


def post(db, unit_code: str, day: str, kind: str = "medsos_instagram") -> tuple[int, str]:
    add_items(db, unit_code, day, kind)
    item_id, link_key = db.conn.execute(
        "SELECT id, link_key FROM items ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return item_id, link_key


def measure(db, unit_code: str, link_key: str, kind: str = "medsos_instagram", **figures):
    found = [OutTake(link_key, kind, metric, value) for metric, value in figures.items()]
    outtakes.save(db, SYSTEM, unit_id(db, unit_code), found)


def test_posts_of_the_period_carry_their_lifetime_figures(db):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    first, key1 = post(db, "kankemenag-kota-kupang", "2026-11-24")
    second, key2 = post(db, "kankemenag-kota-kupang", "2026-11-25", "medsos_facebook")
    _, old = post(db, "kankemenag-kota-kupang", "2026-10-31")  # before the period
    _unmeasured, _ = post(db, "kankemenag-kota-kupang", "2026-11-25")
    measure(db, "kankemenag-kota-kupang", key1, reach=1980, views=2311, likes=240, saves=15)
    measure(db, "kankemenag-kota-kupang", key2, "medsos_facebook", reach=700, reactions=40)
    measure(db, "kankemenag-kota-kupang", old, reach=99)
    # A figure for one day (an export whose Date column holds a day) is not a lifetime figure.
    outtakes.save(db, SYSTEM, kupang, [OutTake(key1, "medsos_instagram", "reach", 5, "2026-11-24")])
    found = outtakes.posts_in_period(db, SYSTEM, [kupang], *NOV)
    by_id = {row[0]: row[1:] for row in found}
    # (kind, day, reach, views, reactions, likes, comments, shares, saves)
    assert by_id == {
        first: ("medsos_instagram", "2026-11-24", 1980, 2311, None, 240, None, None, 15),
        second: ("medsos_facebook", "2026-11-25", 700, None, 40, None, None, None, None),
    }
    # A deleted post takes its out-takes out of every period.
    item_edits.delete(db, SYSTEM, second)
    assert [row[0] for row in outtakes.posts_in_period(db, SYSTEM, [kupang], *NOV)] == [first]


def test_reads_are_scoped_like_every_other_read(db, accounts):
    _, key = post(db, "kankemenag-kota-surabaya", "2026-11-24")
    measure(db, "kankemenag-kota-surabaya", key, reach=10)
    surabaya = unit_id(db, "kankemenag-kota-surabaya")
    for who in ("kanwil.ntt", "op.kupang", "kepala.kupang"):
        with pytest.raises(AccessDenied):
            outtakes.posts_in_period(db, principal(db, who), [surabaya], *NOV)
    # "Every unit I may read": a Kakanwil of NTT sees none of Surabaya's.
    assert outtakes.posts_in_period(db, principal(db, "kanwil.ntt"), None, *NOV) == []
    assert len(outtakes.posts_in_period(db, principal(db, "pusat"), None, *NOV)) == 1
    item_id = outtakes.posts_in_period(db, SYSTEM, [surabaya], *NOV)[0][0]
    with pytest.raises(AccessDenied):
        outtakes.posts(db, principal(db, "kanwil.ntt"), [item_id])
    assert outtakes.posts(db, principal(db, "pusat"), [item_id])[item_id].unit_name == (
        "Kantor Kemenag Kota Surabaya"
    )


def test_a_bulk_load_is_for_admins_and_skips_what_is_there(db, accounts):
    _, key = post(db, "kankemenag-kota-kupang", "2026-11-24")
    row = {"unit_id": unit_id(db, "kankemenag-kota-kupang"), "link_key": key,
           "kind": "medsos_instagram", "metric": "reach", "value": 12}  # fmt: skip
    with pytest.raises(AccessDenied):
        outtakes.bulk_load(db, principal(db, "op.kupang"), [row])
    assert outtakes.bulk_load(db, SYSTEM, [row, {**row, "metric": "views"}]) == 2
    assert outtakes.bulk_load(db, SYSTEM, [row]) == 0
    assert outtakes.bulk_load(db, SYSTEM, []) == 0
