"""Pesan & pengingat (Akun Saya) fed the hostile corpus: every string in every contact field is
refused with a message and nothing stored changes, or (a phone number) stored only in its
normalised form; nothing on the page renders live; a provider's words are shown as text."""

from __future__ import annotations

from dashboard.service import notify
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM
from tests.conftest import open_page
from tests.hostile.corpus import TEXTS, live_on_page, snapshot

PREFIX = "akun-pesan"


def test_every_contact_field_refuses_the_corpus(db, accounts):
    at = open_page(db, "op.kupang", "views/account.py")
    for via in ("whatsapp", "telegram", "email"):
        for name, text in TEXTS.items():
            (field,) = [
                t for t in at.text_input if (t.key or "").startswith(f"{PREFIX}-address-{via}")
            ]
            field.input(text)
            before = snapshot(db)
            (save,) = [
                b
                for b in at.button
                if b.label == "Simpan" and f"{PREFIX}-contact-{via}" in str(b.form_id)
            ]
            save.click().run()
            what = f"{via}/{name}"
            assert not at.exception, (what, at.exception)
            assert live_on_page(at) == [], what
            try:
                accepted = notify.normalise(via, text)
            except notify.ContactRefused:
                assert snapshot(db) == before, what
                assert at.error, what
                continue
            # Accepted only in its normalised form ("+62 812 …" is a number, not a formula).
            found = store.contacts_of(db, SYSTEM, accounts["op.kupang"])[via]
            assert found.address == accepted and accepted.lstrip("+").isdigit(), what
            store.remove_contact(db, SYSTEM, accounts["op.kupang"], via)
            at.run()
    assert store.contacts_of(db, SYSTEM, accounts["op.kupang"]) == {}


def test_a_providers_reason_is_shown_as_text(db, accounts):
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "telegram", "111111")
    from dashboard import clock

    store.record_test(
        db,
        SYSTEM,
        accounts["op.kupang"],
        "telegram",
        ok=False,
        reason=TEXTS["md_link_javascript"],
        at=clock.parse_instant("2026-11-25T05:30:00Z"),
    )
    at = open_page(db, "op.kupang", "views/account.py")
    assert not at.exception and live_on_page(at) == []
