"""Flags, the review queue, reviewers' rights, and what counts (issue 14), in the store."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.kpi.periods import resolve
from dashboard.reports import recap as recap_text
from dashboard.service import context, leaders, overview, report, screen, unit
from dashboard.store import checks as check_store
from dashboard.store import counts as count_store
from dashboard.store import summary
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError, write
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from dashboard.store.items import reads as item_reads
from tests.checks import ALOR, KUPANG, NOW, NTT, flag, item_ids
from tests.conftest import principal, unit_id
from tests.service.helpers import add_items


def test_the_queue_holds_open_flags_for_a_pimpinan_above_the_unit(db, flagged):
    queue = check_store.queue(db, principal(db, "kanwil.ntt"))
    # Its own Kanwil's item is not its to judge; Kupang and Alor are below it.
    assert {q.id for q in queue} == {flagged["k1"], flagged["alor"]}
    alor = next(q for q in queue if q.id == flagged["alor"])
    assert alor.reasons == ("title_mismatch", "not_unit_channel")  # as the check stored them
    national = {q.id for q in check_store.queue(db, principal(db, "pusat"))}
    assert national == {flagged["k1"], flagged["alor"], flagged["ntt"]}
    assert {q.id for q in check_store.queue(db, principal(db, "admin"))} == national


@pytest.mark.parametrize("username", ["op.kupang", "op.jatim"])
def test_operators_have_no_queue(db, flagged, username):
    with pytest.raises(AccessDenied):
        check_store.queue(db, principal(db, username))


@pytest.mark.parametrize(
    "username, item",
    [
        ("op.kupang", "k1"),  # the unit's own operator
        ("kepala.kupang", "k1"),  # the unit's own head: not above it
        ("kanwil.ntt", "ntt"),  # the Kanwil's own item
    ],
)
def test_who_may_not_review_is_refused_and_nothing_changes(db, flagged, username, item):
    before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(AccessDenied):
        check_store.decide(
            db, principal(db, username), flagged[item], "rejected", "bukan beritanya"
        )
    assert db.conn.execute("SELECT count(*) FROM item_reviews").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM items WHERE rejected = 1").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_a_pimpinan_of_another_kanwil_is_refused(db, flagged):
    from dashboard import auth

    auth.create_user(
        db,
        SYSTEM,
        username="kanwil.jatim",
        password="Kata-sandi-panjang-2026",
        role="pimpinan",
        unit_code="kanwil-jatim",
    )
    jatim = principal(db, "kanwil.jatim")
    with pytest.raises(AccessDenied):
        check_store.decide(db, jatim, flagged["k1"], "accepted")
    assert check_store.queue(db, jatim) == []
    with pytest.raises(AccessDenied):
        check_store.queue(db, jatim, [unit_id(db, KUPANG)])


def test_a_reject_needs_a_note(db, flagged):
    for note in ("", "   "):
        with pytest.raises(check_store.ReviewRefused, match="Alasan penolakan wajib diisi"):
            check_store.decide(db, principal(db, "kanwil.ntt"), flagged["k1"], "rejected", note)
    assert (
        db.conn.execute("SELECT rejected FROM items WHERE id = ?", (flagged["k1"],)).fetchone()[0]
        == 0
    )


def test_accept_keeps_it_counting_and_leaves_the_queue(db, flagged):
    kanwil = principal(db, "kanwil.ntt")
    before = dict(
        db.conn.execute(
            "SELECT kind, n FROM daily_counts WHERE unit_id = ?", (unit_id(db, KUPANG),)
        ).fetchall()
    )
    check_store.decide(db, kanwil, flagged["k1"], "accepted", "liputan bersama, benar")
    assert flagged["k1"] not in {q.id for q in check_store.queue(db, kanwil)}
    after = dict(
        db.conn.execute(
            "SELECT kind, n FROM daily_counts WHERE unit_id = ?", (unit_id(db, KUPANG),)
        ).fetchall()
    )
    assert before == after
    entry = db.conn.execute(
        "SELECT actor, action, entity_id FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert entry == ("kanwil.ntt", "review_accept", str(flagged["k1"]))
    with pytest.raises(check_store.ReviewRefused):  # decided: nothing open any more
        check_store.decide(db, kanwil, flagged["k1"], "rejected", "berubah pikiran")


def test_an_accepted_item_flagged_for_something_new_is_open_again(db, flagged):
    kanwil = principal(db, "kanwil.ntt")
    check_store.decide(db, kanwil, flagged["k1"], "accepted")
    flag(db, flagged["k1"], "date_mismatch")  # the same flag again: still accepted
    assert flagged["k1"] not in {q.id for q in check_store.queue(db, kanwil)}
    flag(db, flagged["k1"], "date_mismatch", "title_mismatch")
    assert flagged["k1"] in {q.id for q in check_store.queue(db, kanwil)}


def test_reject_stops_counting_keeps_the_item_and_audits(db, flagged):
    kanwil = principal(db, "kanwil.ntt")
    kupang = unit_id(db, KUPANG)
    check_store.decide(db, kanwil, flagged["k1"], "rejected", "berita bulan lalu")
    row = db.conn.execute(
        "SELECT deleted, rejected FROM items WHERE id = ?", (flagged["k1"],)
    ).fetchone()
    assert row == (0, 1)
    assert summary.differing_rows(db) == 0
    assert db.conn.execute(
        "SELECT n FROM daily_counts WHERE unit_id = ? AND day = '2026-11-24'", (kupang,)
    ).fetchone() == (1,)
    entry = db.conn.execute(
        "SELECT actor, action, entity_id, after FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert entry[:3] == ("kanwil.ntt", "review_reject", str(flagged["k1"]))
    assert "berita bulan lalu" in entry[3]
    # The operator still sees it (struck through on its pages) with the reason and the note.
    op = principal(db, "op.kupang")
    shown = check_store.flags_of_unit(db, op, kupang, date(2026, 11, 1))
    assert [(s.id, s.decision, s.note) for s in shown] == [
        (flagged["k1"], "rejected", "berita bulan lalu")
    ]
    assert [i.rejected for i in item_reads.on_day(db, op, kupang, date(2026, 11, 24))] == [
        False,
        True,
    ]
    # ...and cannot edit it back into the counts.
    with pytest.raises(StoreError, match="ditolak"):
        item_edits.update(db, op, flagged["k1"], title="Judul baru")


def test_operator_sees_its_open_flags(db, flagged):
    shown = check_store.flags_of_unit(
        db, principal(db, "op.kupang"), unit_id(db, KUPANG), date(2026, 11, 1)
    )
    assert [(s.id, s.reasons, s.decision) for s in shown] == [
        (flagged["k1"], ("date_mismatch",), None)
    ]
    with pytest.raises(AccessDenied):
        check_store.flags_of_unit(
            db, principal(db, "op.jatim"), unit_id(db, KUPANG), date(2026, 11, 1)
        )


def test_a_link_claimed_by_another_unit_is_in_the_queue_before_any_check(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:00:00Z")
    link = "https://kemenag.go.id/berita/bersama"
    op = principal(db, "op.kupang")
    from dashboard.entries import Entry

    item_batches.add_batch(
        db,
        principal(db, "admin"),
        unit_id(db, ALOR),
        [Entry(day=date(2026, 11, 24), kind="berita_website", title="Rakor bersama", link=link)],
    )
    item_batches.add_batch(
        db,
        op,
        unit_id(db, KUPANG),
        [Entry(day=date(2026, 11, 24), kind="berita_website", title="Rakor bersama", link=link)],
    )
    (later,) = item_ids(db, KUPANG)
    queue = check_store.queue(db, principal(db, "kanwil.ntt"))
    assert [(q.id, q.reasons, q.others) for q in queue] == [
        (later, ("duplicate_content",), ("Kantor Kemenag Kabupaten Alor",))
    ]


def test_verified_share_and_open_flags_per_unit(db, flagged):
    kupang = unit_id(db, KUPANG)
    found = check_store.status_by_day(db, SYSTEM, [kupang], date(2026, 11, 1), date(2026, 11, 30))
    assert found == [(kupang, date(2026, 11, 24), "berita", 2, 1, 1, 2)]
    check_store.decide(db, principal(db, "kanwil.ntt"), flagged["k1"], "accepted")
    found = check_store.status_by_day(db, SYSTEM, [kupang], date(2026, 11, 1), date(2026, 11, 30))
    assert found == [(kupang, date(2026, 11, 24), "berita", 2, 2, 0, 2)]
    add_items(db, KUPANG, "2026-11-24", "berita_website")  # not checked yet
    found = check_store.status_by_day(db, SYSTEM, [kupang], date(2026, 11, 1), date(2026, 11, 30))
    assert found == [(kupang, date(2026, 11, 24), "berita", 3, 2, 0, 2)]


def _figures(db, ctx):
    """Every figure the pages, rankings, exports, recap and meeting screen show, as text."""
    ntt = unit_id(db, NTT)
    root = next(u for u in ctx.units if u.parent_id is None)
    period = resolve("bulan", date(2026, 11, 25))
    data = report.build(db, SYSTEM, ctx, ntt, period)
    peers = [u for u in ctx.units if u.parent_id == ntt]
    return {
        "unit": unit.figures(db, SYSTEM, ctx, unit_id(db, KUPANG), date(2026, 11, 25)).as_json(),
        "overview": repr(overview.overview(db, SYSTEM, ctx, ntt, period)),
        "national": repr(overview.overview(db, SYSTEM, ctx, root.id, period)),
        "ranking": repr(leaders.leaderboard(db, SYSTEM, ctx, peers, period)),
        "report": (repr(data), list(report.items(db, SYSTEM, data))),
        "recap": recap_text.render(report.recap(db, SYSTEM, ctx, ntt, date(2026, 11, 24))),
        "screen": repr(screen.figures(db, SYSTEM, ctx, ntt)),
        "counts": count_store.totals_by_group(
            db, SYSTEM, [unit_id(db, KUPANG)], period.start, period.end
        ),
    }


def test_a_rejected_item_leaves_every_figure_as_a_deleted_one(db, flagged):
    """The same database twice: first with the item rejected, then with the rejection undone
    (the triggers count it again) and the item deleted instead."""
    check_store.decide(db, principal(db, "kanwil.ntt"), flagged["k1"], "rejected", "bukan ini")
    rejected = _figures(db, context.load(db, NOW))
    assert summary.differing_rows(db) == 0
    with write(db):
        db.execute("UPDATE items SET rejected = 0 WHERE id = ?", (flagged["k1"],))
    assert summary.differing_rows(db) == 0
    item_edits.delete(db, principal(db, "op.kupang"), flagged["k1"])
    deleted = _figures(db, context.load(db, NOW))
    for key in rejected:
        assert rejected[key] == deleted[key], key
    assert flagged["k1"] not in [i["id"] for i in rejected["report"][1]]
    assert summary.differing_rows(db) == 0
