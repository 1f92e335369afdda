"""Screen links: hashed tokens, scope rules per role, expiry, revocation, the audit trail."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.store import audit, screens
from dashboard.store.access import SYSTEM, AccessDenied, visible_unit_ids
from dashboard.store.db import StoreError
from tests.backends import INTEGRITY_ERRORS, dump_text
from tests.conftest import principal, unit_id

NOW = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)


def root_id(db):
    return db.conn.execute("SELECT id FROM units WHERE parent_id IS NULL").fetchone()[0]


def make(db, who=SYSTEM, code="kanwil-ntt", **kwargs):
    scope = root_id(db) if code == "national" else unit_id(db, code)
    return screens.create(db, who, scope, now=NOW, **kwargs)


def test_only_the_hash_is_stored_and_the_token_opens_the_link(db):
    link_id, token = make(db, rotate_seconds=30, label="Rakorwil NTT")
    stored = db.conn.execute("SELECT token_hash FROM screen_links").fetchone()[0]
    assert len(token) == 43 and token not in stored
    assert stored == screens.hash_token(token)
    dump = dump_text(db)
    assert token not in dump  # not in any table, the audit log included
    link = screens.resolve(db, token, NOW + timedelta(hours=1))
    assert link.id == link_id and link.rotate_seconds == 30
    assert not hasattr(link, "token_hash")


def test_each_link_gets_its_own_token(db):
    tokens = {make(db)[1] for _ in range(5)}
    assert len(tokens) == 5


@pytest.mark.parametrize(
    "token",
    [None, "", "a" * 42, "a" * 44, "a" * 42 + "!", "' OR 1=1 --" + "a" * 32],
)
def test_malformed_tokens_are_unknown(db, token):
    make(db)
    with pytest.raises(screens.LinkRefused) as refused:
        screens.resolve(db, token, NOW)
    assert refused.value.reason == screens.INVALID


def test_a_wrong_token_is_unknown(db):
    _, token = make(db)
    wrong = ("B" if token[0] != "B" else "C") + token[1:]
    with pytest.raises(screens.LinkRefused) as refused:
        screens.resolve(db, wrong, NOW)
    assert refused.value.reason == screens.INVALID


def test_expiry(db):
    _, token = make(db, days=2)
    assert screens.resolve(db, token, NOW + timedelta(days=2) - timedelta(seconds=1))
    with pytest.raises(screens.LinkRefused) as refused:
        screens.resolve(db, token, NOW + timedelta(days=2))
    assert refused.value.reason == screens.EXPIRED
    assert "habis" in str(refused.value)


def test_revocation(db):
    link_id, token = make(db)
    after = screens.revoke(db, SYSTEM, link_id, now=NOW + timedelta(minutes=5))
    assert after.revoked_at == "2026-11-25T05:35:00Z" and after.revoker == "system"
    with pytest.raises(screens.LinkRefused) as refused:
        screens.resolve(db, token, NOW + timedelta(minutes=6))
    assert refused.value.reason == screens.REVOKED
    with pytest.raises(StoreError, match="sudah dicabut"):
        screens.revoke(db, SYSTEM, link_id)
    with pytest.raises(StoreError, match="tidak ditemukan"):
        screens.revoke(db, SYSTEM, 999)


def test_a_deactivated_scope_unit_closes_its_links(db):
    from dashboard.store import units as unit_store

    _, token = make(db)
    unit_store.update(db, SYSTEM, "kanwil-ntt", active=False)
    with pytest.raises(screens.LinkRefused) as refused:
        screens.resolve(db, token, NOW)
    assert refused.value.reason == screens.INVALID


def test_scope_must_be_the_nation_or_a_kanwil(db):
    assert make(db, code="national")[0]
    with pytest.raises(StoreError, match="nasional atau satu Kanwil"):
        make(db, code="kankemenag-kota-kupang")
    with pytest.raises(StoreError, match="nasional atau satu Kanwil"):
        make(db, code="biro-humas")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"days": 0}, "Masa berlaku"),
        ({"days": 91}, "Masa berlaku"),
        ({"rotate_seconds": 9}, "10–300 detik"),
        ({"rotate_seconds": 301}, "10–300 detik"),
        ({"label": "x" * 81}, "maksimal 80"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_stored(db, kwargs, message):
    with pytest.raises(StoreError, match=message):
        make(db, **kwargs)
    assert db.conn.execute("SELECT count(*) FROM screen_links").fetchone()[0] == 0


def test_who_may_make_links_for_which_scope(db, accounts):
    ntt, jatim, nation = unit_id(db, "kanwil-ntt"), unit_id(db, "kanwil-jatim"), root_id(db)
    admin, pusat = principal(db, "admin"), principal(db, "pusat")
    kakanwil, kepala = principal(db, "kanwil.ntt"), principal(db, "kepala.kupang")
    operator = principal(db, "op.jatim")

    def scopes(who):
        return {u.id for u in screens.allowed_scopes(db, who)}

    assert scopes(admin) == scopes(pusat) and {nation, ntt, jatim} <= scopes(admin)
    assert len(scopes(admin)) == 1 + 34
    assert scopes(kakanwil) == {ntt}
    assert scopes(kepala) == set() and scopes(operator) == set()

    assert screens.create(db, kakanwil, ntt, now=NOW)[0]
    assert screens.create(db, pusat, jatim, now=NOW)[0]
    for who, scope in [(kakanwil, jatim), (kakanwil, nation), (kepala, ntt), (operator, jatim)]:
        with pytest.raises(AccessDenied):
            screens.create(db, who, scope, now=NOW)


def test_listing_and_revoking_follow_the_same_scopes(db, accounts):
    ntt_link = make(db, code="kanwil-ntt")[0]
    jatim_link = make(db, code="kanwil-jatim")[0]
    national_link = make(db, code="national")[0]
    kakanwil = principal(db, "kanwil.ntt")
    assert [link.id for link in screens.list_links(db, kakanwil)] == [ntt_link]
    assert {link.id for link in screens.list_links(db, principal(db, "pusat"))} == {
        ntt_link,
        jatim_link,
        national_link,
    }
    assert not any(hasattr(link, "token_hash") for link in screens.list_links(db, SYSTEM))
    with pytest.raises(AccessDenied):
        screens.list_links(db, principal(db, "op.kupang"))
    with pytest.raises(AccessDenied):
        screens.revoke(db, kakanwil, jatim_link)
    assert screens.revoke(db, kakanwil, ntt_link).revoker == "kanwil.ntt"


def test_writes_are_audited_without_the_hash(db, accounts):
    kakanwil = principal(db, "kanwil.ntt")
    link_id, _ = screens.create(db, kakanwil, unit_id(db, "kanwil-ntt"), now=NOW, label="Rapat")
    screens.revoke(db, kakanwil, link_id)
    revoked, created = audit.recent(db, limit=2)
    assert (created.action, created.entity, created.actor) == (
        "create",
        "screen_link",
        "kanwil.ntt",
    )
    assert json.loads(created.after)["label"] == "Rapat"
    assert revoked.action == "revoke" and json.loads(revoked.after)["revoker"] == "kanwil.ntt"
    for entry in (created, revoked):
        assert "token_hash" not in (entry.before or "") + (entry.after or "")


def test_the_screen_reads_as_a_pimpinan_of_its_scope(db):
    _, token = make(db)
    who = screens.screen_principal(screens.resolve(db, token, NOW))
    assert who.role == "pimpinan" and who.user_id is None
    seen = visible_unit_ids(db, who)
    assert unit_id(db, "kankemenag-kota-kupang") in seen
    assert unit_id(db, "kankemenag-kota-surabaya") not in seen


def test_schema_refuses_what_the_store_refuses(db):

    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(
            "INSERT INTO screen_links (token_hash, unit_id, rotate_seconds, created_at, "
            "expires_at, creator) VALUES ('abc', 1, 20, '2026-01-01', '2026-01-02', 'x')"
        )
    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(
            "INSERT INTO screen_links (token_hash, unit_id, rotate_seconds, created_at, "
            "expires_at, creator) VALUES (?, 1, 5, '2026-01-01', '2026-01-02', 'x')",
            ("a" * 64,),
        )
