"""The messages store: who may change whose contacts and subscriptions, what the schema refuses."""

from datetime import timedelta

import pytest

from dashboard import clock
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM, AccessDenied
from tests.backends import INTEGRITY_ERRORS
from tests.conftest import principal, unit_id
from tests.service.notify_helpers import AT_1405_WITA, failed_message

NOW = clock.parse_instant(AT_1405_WITA)


def test_a_person_changes_only_their_own_settings_an_admin_anyones(db, accounts):
    me, other = principal(db, "op.kupang"), accounts["kepala.kupang"]
    assert store.set_contact(db, me, me.user_id, "email", "op@kemenag.go.id")
    with pytest.raises(AccessDenied):
        store.set_contact(db, me, other, "email", "x@kemenag.go.id")
    with pytest.raises(AccessDenied):
        store.set_subscription(db, me, other, "reminder", enabled=False)
    with pytest.raises(AccessDenied):
        store.contacts_of(db, me, other)
    admin = principal(db, "admin")
    assert store.set_contact(db, admin, other, "email", "kepala@kemenag.go.id")
    assert store.set_subscription(db, admin, other, "recap", at_time="17:00")
    actors = db.conn.execute(
        "SELECT actor, entity_id FROM audit_log WHERE entity IN ('contact', 'subscription') "
        "ORDER BY id"
    ).fetchall()
    assert [tuple(a) for a in actors] == [
        ("op.kupang", "op.kupang/email"),
        ("admin", "kepala.kupang/email"),
        ("admin", "kepala.kupang/recap"),
    ]


def test_role_defaults_and_the_outbox_are_for_admins(db, accounts):
    me = principal(db, "kepala.kupang")
    with pytest.raises(AccessDenied):
        store.set_default(db, me, "operator", "recap", enabled=True, at_time="16:00")
    with pytest.raises(AccessDenied):
        store.messages(db, me, store.MessageFilter())
    assert store.messages(db, me, store.MessageFilter(user_id=me.user_id)) == []  # one's own
    message_id = failed_message(
        db, accounts["op.kupang"], unit_id(db, "kankemenag-kota-kupang"), "x", NOW
    )
    with pytest.raises(AccessDenied):
        store.send_again(db, me, message_id, now=NOW)
    assert store.send_again(db, principal(db, "admin"), message_id, now=NOW)
    assert not store.send_again(db, principal(db, "admin"), message_id, now=NOW)  # not failed now


def test_an_unchanged_save_writes_nothing_and_a_new_address_forgets_a_block(db, accounts):
    me = accounts["op.kupang"]
    assert store.set_contact(db, SYSTEM, me, "telegram", "111")
    assert not store.set_contact(db, SYSTEM, me, "telegram", "111")
    store.mark_blocked(db, me, "telegram", at=NOW, reason="diblokir")
    assert store.usable_contacts(db) == []
    assert store.set_contact(db, SYSTEM, me, "telegram", "222")
    assert [(c.via, c.address) for c in store.usable_contacts(db)] == [("telegram", "222")]


def test_a_chosen_scope_must_be_readable_by_the_account(db, accounts):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    store.set_subscription(db, SYSTEM, accounts["kanwil.ntt"], "recap", unit_id=kupang)
    with pytest.raises(AccessDenied):  # an operator reads its own unit alone
        store.set_subscription(
            db, SYSTEM, accounts["op.kupang"], "recap", unit_id=unit_id(db, "kanwil-ntt")
        )


@pytest.mark.parametrize("at", ["24:00", "9:00", "12:60", "1200", "ab:cd"])
def test_the_schema_refuses_a_time_that_is_not_hh_mm(db, accounts, at):
    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(
            "INSERT INTO subscriptions (user_id, kind, enabled, at_time, updated_at) "
            "VALUES (?, 'recap', 1, ?, 'x')",
            (accounts["op.kupang"], at),
        )


def test_a_sender_that_died_holds_a_message_only_until_its_lease_ends(db, accounts):
    (message_id,) = store.enqueue(
        db,
        [
            store.NewMessage(
                accounts["op.kupang"],
                "reminder",
                unit_id(db, "kankemenag-kota-kupang"),
                NOW.date(),
                "telegram",
                "111",
                "s",
                "b",
            )
        ],
        now=NOW,
    )
    assert store.claim(db, message_id, now=NOW, lease_s=120) is not None
    assert store.claim(db, message_id, now=NOW + timedelta(seconds=60), lease_s=120) is None
    assert store.due_ids(db, now=NOW + timedelta(seconds=60)) == []
    later = NOW + timedelta(seconds=121)
    assert store.due_ids(db, now=later) == [message_id]
    assert store.claim(db, message_id, now=later, lease_s=120).attempts == 2
