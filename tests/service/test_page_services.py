"""What the pages call instead of the store: the rules these service functions hold."""

import dataclasses
from datetime import date, timedelta

import pytest

from dashboard import auth, clock
from dashboard.entries import Entry
from dashboard.service import accounts as account_service
from dashboard.service import audit, entry, items, review, screen_links, targets
from dashboard.service.errors import AccessDenied, StoreError
from dashboard.store import sessions as session_store
from dashboard.store import targets as target_store
from dashboard.store.access import subtree_ids
from tests.conftest import principal, unit_id

NOW = "2026-11-25T05:30:00Z"  # 13.30 WITA
TODAY = date(2026, 11, 25)
KUPANG = "kankemenag-kota-kupang"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


def news(n: int) -> Entry:
    link = f"https://ntt.kemenag.go.id/kota-kupang/berita/{n}"
    return Entry(day=TODAY, kind="berita_website", title=f"Berita {n}", link=link, line=n)


def test_an_item_of_another_unit_answers_as_a_missing_one(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, KUPANG)
    entry.save_rows(db, operator, kupang, [news(1)])
    (saved,) = items.day_items(db, operator, kupang, TODAY)
    assert items.find_item(db, operator, saved.id).title == "Berita 1"
    assert items.find_item(db, principal(db, "op.jatim"), saved.id) is None  # not AccessDenied
    assert items.find_item(db, operator, saved.id + 1000) is None
    with pytest.raises(AccessDenied):  # a day's list of another unit is refused outright
        items.day_items(db, principal(db, "op.jatim"), kupang, TODAY)


def test_saved_rows_take_their_draft_with_them_and_refused_rows_leave_it(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, KUPANG)
    typed = [{"kind": "berita_website", "title": "Berita 1", "link": news(1).link}]
    assert entry.keep_draft(db, operator, kupang, TODAY, typed)
    bad = Entry(day=TODAY, kind="berita_website", title="", link="bukan tautan", line=2)
    with pytest.raises(entry.BatchRejected) as refused:
        entry.save_rows(db, operator, kupang, [news(1), bad])
    assert [o.index for o in refused.value.result.rejected] == [1]
    assert items.day_items(db, operator, kupang, TODAY) == []  # all or nothing
    assert entry.draft(db, operator, kupang) is not None  # still there to correct
    result = entry.save_rows(db, operator, kupang, [news(1)])
    assert len(result.added) == 1
    assert entry.draft(db, operator, kupang) is None


def test_an_edit_based_on_an_old_version_is_refused(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, KUPANG)
    entry.save_rows(db, operator, kupang, [news(1)])
    (item,) = items.day_items(db, operator, kupang, TODAY)
    entry.edit_item(db, operator, item.id, expected_version=item.version, title="Baru")
    with pytest.raises(entry.StaleEdit):
        entry.delete_item(db, operator, item.id, expected_version=item.version)
    assert items.find_item(db, operator, item.id).title == "Baru"


def sign_in(db, user_id: int) -> int:
    started = session_store.start(
        db, user_id, method="password", now=clock.utc_now(), max_age=timedelta(days=1)
    )
    return started.session_id


def live(db, who, user_id: int) -> list[int]:
    found = account_service.live_sessions(
        db, who, user_id, now=clock.utc_now(), idle=timedelta(hours=2)
    )
    return [row.id for row in found]


def test_sessions_end_one_everywhere_or_by_an_admin(db, accounts):
    operator = principal(db, "op.kupang")
    first, second = sign_in(db, operator.user_id), sign_in(db, operator.user_id)
    assert sorted(live(db, operator, operator.user_id)) == sorted([first, second])
    assert account_service.end_session(db, operator, first) is True
    assert account_service.end_session(db, operator, first) is False  # already ended
    assert account_service.sign_out_everywhere(db, operator) == 1
    assert live(db, operator, operator.user_id) == []
    sign_in(db, operator.user_id)
    with pytest.raises(AccessDenied):  # another account's sessions are not its business
        account_service.end_all_sessions_of(db, principal(db, "op.jatim"), operator.user_id)
    assert account_service.end_all_sessions_of(db, principal(db, "admin"), operator.user_id) == 1


def test_accounts_are_for_admins_and_say_when_a_new_password_is_due(db, accounts):
    admin = principal(db, "admin")
    assert account_service.must_change_password(db, principal(db, "op.kupang")) is False
    auth.create_user(
        db,
        admin,
        username="op.baru",
        password="kata-sandi-awal-yang-panjang",
        role="operator",
        unit_code=KUPANG,
        must_change_password=True,
    )
    assert account_service.must_change_password(db, principal(db, "op.baru")) is True
    listed = [a.username for a in account_service.list_accounts(db, admin)]
    assert listed.count("op.kupang") == listed.count("op.baru") == 1
    with pytest.raises(AccessDenied):
        account_service.list_accounts(db, principal(db, "kanwil.ntt"))


def test_the_audit_log_comes_a_page_at_a_time_with_its_total(db, accounts):
    admin = principal(db, "admin")
    ntt = unit_id(db, "kanwil-ntt")
    assert audit.unit_ids(db, admin, ntt, with_below=False) == [ntt]
    assert sorted(audit.unit_ids(db, admin, ntt, with_below=True)) == sorted(subtree_ids(db, ntt))
    where = audit.Filter()
    first = audit.log_page(db, admin, where, page=0, size=2)
    second = audit.log_page(db, admin, where, page=1, size=2)
    assert first.total == second.total >= 4  # the accounts made for this test, at least
    assert len(first.entries) == len(second.entries) == 2
    assert first.entries[-1].id > second.entries[0].id  # newest first, no overlap
    with pytest.raises(AccessDenied):
        audit.log_page(db, principal(db, "kanwil.ntt"), where, page=0, size=2)
    with pytest.raises(AccessDenied):
        audit.unit_ids(db, principal(db, "kanwil.ntt"), ntt, with_below=True)


def test_a_target_saved_in_place_of_another_ends_it_the_day_before(db, accounts):
    admin = principal(db, "admin")
    kupang = unit_id(db, KUPANG)
    first = targets.NewTarget(
        scope="unit",
        unit_id=kupang,
        metric="berita",
        period="day",
        value=1,
        counts_on="working",
        valid_from=date(2026, 1, 1),
    )
    old = targets.save(db, admin, first)
    second = dataclasses.replace(first, value=2, valid_from=TODAY)
    new = targets.save(db, admin, second, replacing=old)
    assert target_store.by_id(db, old).valid_to == date(2026, 11, 24)
    assert target_store.by_id(db, new).valid_to is None
    targets.end(db, admin, new, date(2026, 12, 31))
    assert target_store.by_id(db, new).valid_to == date(2026, 12, 31)
    with pytest.raises(StoreError):
        targets.save(db, principal(db, "kanwil.ntt"), first)


def test_a_screen_link_is_made_listed_and_revoked(db, accounts):
    leader = principal(db, "kanwil.ntt")
    ntt = unit_id(db, "kanwil-ntt")
    board = screen_links.link_board(db, leader)
    assert [u.id for u in board.scopes] == [ntt] and board.links == []
    token = screen_links.create_link(db, leader, ntt, days=7, rotate_seconds=20, label="Rakor")
    assert len(token) == 43
    (link,) = screen_links.link_board(db, leader).links
    now = clock.utc_now()
    assert screen_links.is_live(link, now) and screen_links.status_label(link, now) == "Aktif"
    assert screen_links.status_label(link, now + timedelta(days=8)) == "Kedaluwarsa"
    screen_links.revoke_link(db, leader, link.id)
    (link,) = screen_links.link_board(db, leader).links
    assert not screen_links.is_live(link, now) and screen_links.status_label(link, now) == "Dicabut"


def test_who_may_correct_a_flagged_item(db, accounts):
    kupang = unit_id(db, KUPANG)
    allowed = {u: review.can_correct(principal(db, u), kupang) for u in accounts}
    assert allowed == {
        "admin": True,
        "pusat": False,
        "kanwil.ntt": False,
        "kepala.kupang": False,
        "op.kupang": True,
        "op.jatim": False,
    }
    assert review.reasons(["no_such_code"]) == ["no_such_code"]
    with pytest.raises(AccessDenied):
        review.open_flags(db, principal(db, "op.kupang"))
