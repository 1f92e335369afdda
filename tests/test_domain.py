"""The domain vocabulary: one definition per word list, rows as typed values."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import audit_text, domain
from dashboard.domain import (
    AuditAction,
    AuditEntity,
    AuditEntry,
    CalendarOverride,
    Group,
    Item,
    Kind,
    KindCount,
    Role,
    Scope,
    Target,
    TargetState,
    Unit,
    UnitType,
    Zone,
)


def test_members_are_the_stored_words():
    assert Role.ADMIN == "admin" and f"{Group.BERITA}" == "berita"
    assert json.dumps({Role.PIMPINAN: [Zone.WITA]}) == '{"pimpinan": ["Asia/Makassar"]}'
    assert Zone.WIT.abbreviation == "WIT"
    assert [s.rank for s in Scope] == [0, 1, 2]  # the unit's own target wins
    assert tuple(Group) == ("berita", "medsos", "media", "kegiatan")  # the pages' order


def test_every_audit_action_and_entity_has_its_words_and_no_more():
    assert set(domain.AuditAction) == set(audit_text.ACTIONS)
    assert set(domain.AuditEntity) == set(audit_text.ENTITIES)


UNIT_ROW = {
    "id": 7,
    "code": "kankemenag-kota-kupang",
    "name": "Kantor Kemenag Kota Kupang",
    "type": "KANKEMENAG",
    "parent_id": 3,
    "parent_code": "kanwil-ntt",
    "province": "Nusa Tenggara Timur",
    "tz": "Asia/Makassar",
    "active": 1,
}


def test_a_unit_row_becomes_a_unit_and_is_audited_in_the_rows_shape():
    unit = Unit.from_row(UNIT_ROW)
    assert (unit.type, unit.tz, unit.active) == (UnitType.KANKEMENAG, Zone.WITA, True)
    assert unit.record() == UNIT_ROW
    assert list(unit.record()) == list(UNIT_ROW)  # the audit log's key order too
    with pytest.raises(AttributeError):
        unit.name = "x"  # type: ignore[misc]


def test_an_unknown_word_in_a_row_is_refused():
    with pytest.raises(ValueError):
        Unit.from_row(UNIT_ROW | {"type": "KECAMATAN"})


TARGET_ROW = {
    "id": 1,
    "scope": "unit_type",
    "unit_type": "KANKEMENAG",
    "unit_id": None,
    "unit_code": None,
    "unit_name": None,
    "metric": "berita",
    "period": "day",
    "value": 1,
    "counts_on": "working",
    "valid_from": "2026-11-01",
    "valid_to": "2026-11-30",
    "note": "",
    "created_at": "2026-10-31T00:00:00Z",
}


@pytest.mark.parametrize(
    "day, state",
    [
        (date(2026, 10, 31), TargetState.UPCOMING),
        (date(2026, 11, 1), TargetState.IN_FORCE),  # both ends count
        (date(2026, 11, 30), TargetState.IN_FORCE),
        (date(2026, 12, 1), TargetState.ENDED),
    ],
)
def test_a_target_holds_from_its_first_to_its_last_day(day, state):
    target = Target.from_row(TARGET_ROW)
    assert target.state_on(day) is state
    assert target.holds_on(day) is (state is TargetState.IN_FORCE)


def test_an_open_target_never_ends_and_keeps_its_rows_shape():
    target = Target.from_row(TARGET_ROW | {"valid_to": None})
    assert target.state_on(date(2099, 1, 1)) is TargetState.IN_FORCE
    assert target.record() == TARGET_ROW | {"valid_to": None}
    assert target.applies_to(Unit.from_row(UNIT_ROW))
    assert not target.applies_to(Unit.from_row(UNIT_ROW | {"type": "KANWIL"}))


def test_an_item_row_gets_dates_flags_and_words():
    row = {
        "id": 5,
        "unit_id": 7,
        "unit_code": "kankemenag-kota-kupang",
        "unit_name": "Kantor Kemenag Kota Kupang",
        "day": "2026-11-25",
        "kind": "berita_website",
        "kind_label": "Berita website",
        "kind_short": "Berita",
        "grp": "berita",
        "title": "Rakor",
        "link": None,
        "note": "",
        "tag": None,
        "source": "form",
        "published_at": None,
        "late": 0,
        "flagged": 1,
        "link_key": None,
        "created_at": "2026-11-25T01:00:00Z",
        "updated_at": "2026-11-25T01:00:00Z",
        "version": 1,
        "rejected": 0,
        "created_by": "operator.kupang",
    }
    item = Item.from_row(row)
    assert (item.day, item.grp, item.tag, item.flagged, item.late) == (
        date(2026, 11, 25),
        Group.BERITA,
        None,
        True,
        False,
    )
    assert item.status == "live"
    assert Item.from_row(row | {"rejected": 1, "tag": "capaian"}).status == "rejected"


# --- the rows of accounts, screens, channels, messages and link checks (issue 17, item 1) -----

ACCOUNT_ROW = {
    "id": 3,
    "username": "op.kupang",
    "full_name": "Operator Kupang",
    "email": None,
    "role": "operator",
    "unit_id": 7,
    "unit_code": "kankemenag-kota-kupang",
    "unit_name": "Kantor Kemenag Kota Kupang",
    "unit_tz": "Asia/Makassar",
    "active": 1,
    "failed_logins": None,
    "locked_until": None,
    "created_at": "2026-11-01T00:00:00Z",
    "last_login_at": None,
    "must_change_password": 0,
}


def test_an_account_row_gets_words_and_flags_and_is_audited_without_its_hash():
    account = domain.Account.from_row(ACCOUNT_ROW | {"password_hash": "$argon2id$..."})
    assert account.role is Role.OPERATOR and account.unit_tz is Zone.WITA
    assert account.active is True and account.must_change_password is False
    assert account.failed_logins == 0
    assert account.principal == domain.Principal(3, "op.kupang", "operator", 7, "Operator Kupang")
    kept = account.record(lock=True)
    assert kept == {
        "username": "op.kupang",
        "full_name": "Operator Kupang",
        "email": None,
        "role": "operator",
        "unit_code": "kankemenag-kota-kupang",
        "active": 1,
        "must_change_password": 0,
        "failed_logins": 0,
        "locked_until": None,
    }
    assert "hash" not in json.dumps(kept)


def test_a_session_row_gets_its_method_reason_and_flags():
    row = {
        "id": 1,
        "user_id": 3,
        "method": "sso",
        "created_at": "2026-11-25T01:00:00Z",
        "last_seen_at": "2026-11-25T01:05:00Z",
        "expires_at": "2026-11-26T01:00:00Z",
        "user_agent": "Firefox",
        "address": "",
        "ended_at": None,
        "end_reason": None,
        "has_cookie": True,  # PostgreSQL answers a boolean, SQLite 0 or 1
        "username": "op.kupang",
        "full_name": "",
        "role": "operator",
        "unit_id": 7,
        "active": 1,
    }
    found = domain.AccountSession.from_row(row)
    assert found.method is domain.SessionMethod.SSO and found.end_reason is None
    assert found.has_cookie is True and found.active is True
    ended = domain.AccountSession.from_row(row | {"end_reason": "admin", "has_cookie": 0})
    assert ended.end_reason is domain.SessionEndReason.ADMIN and ended.has_cookie is False


def test_a_screen_link_row_keeps_no_hash_and_audits_its_public_fields():
    row = {
        "id": 4,
        "token_hash": "ab" * 32,
        "unit_id": 1,
        "unit_code": "kemenag-pusat",
        "unit_name": "Kementerian Agama",
        "unit_type": "PUSAT",
        "unit_tz": "Asia/Jakarta",
        "unit_active": 1,
        "national": 1,
        "label": "Rapat",
        "rotate_seconds": 20,
        "created_at": "2026-11-25T01:00:00Z",
        "expires_at": "2026-12-02T01:00:00Z",
        "created_by": 1,
        "creator": "admin",
        "revoked_at": None,
        "revoked_by": None,
        "revoker": None,
    }
    link = domain.ScreenLink.from_row(row)
    assert not hasattr(link, "token_hash")
    assert link.national is True and link.unit_type is UnitType.PUSAT
    assert link.record() == {
        "id": 4,
        "unit_code": "kemenag-pusat",
        "label": "Rapat",
        "rotate_seconds": 20,
        "created_at": "2026-11-25T01:00:00Z",
        "expires_at": "2026-12-02T01:00:00Z",
        "creator": "admin",
        "revoked_at": None,
        "revoker": None,
    }


def test_a_channel_row_reads_its_skips_and_audits_no_token():
    row = {
        "id": 2,
        "unit_id": 7,
        "unit_code": "kankemenag-kota-kupang",
        "unit_name": "Kantor Kemenag Kota Kupang",
        "unit_tz": "Asia/Makassar",
        "type": "instagram",
        "address": "kemenagkupang",
        "address_key": "kemenagkupang",
        "has_token": 1,
        "token_set_at": "2026-11-25T01:00:00Z",
        "token_expires_at": None,
        "created_at": "2026-11-25T01:00:00Z",
        "last_run_at": None,
        "last_success_at": None,
        "last_error": None,
        "last_error_code": None,
        "failing_since": None,
        "last_found": 0,
        "last_added": 0,
        "last_duplicates": 0,
        "last_skipped": 1,
        "last_skips": '[{"ref": "p1", "reason": "Bertanggal di masa depan."}]',
        "total_added": 0,
        "figures_at": None,
        "removed_at": None,
    }
    channel = domain.Channel.from_row(row)
    assert channel.type is domain.ChannelType.INSTAGRAM and channel.has_token is True
    assert channel.last_skips == (domain.ChannelSkip("p1", "Bertanggal di masa depan."),)
    assert channel.token_cipher is None and channel.state is None  # pages never get them
    assert channel.record() == {
        "id": 2,
        "unit_id": 7,
        "type": "instagram",
        "address": "kemenagkupang",
        "has_token": True,
        "token_expires_at": None,
    }
    assert domain.Channel.from_row(row | {"last_skips": ""}).last_skips == ()


def test_message_rows_get_their_words_days_and_flags():
    recipient = domain.Recipient.from_row(
        {"id": 3, "username": "op.kupang", "full_name": "", "role": "operator", "unit_id": 7}
    )
    assert recipient.principal == domain.Principal(3, "op.kupang", "operator", 7, "")
    assert recipient.active is True  # active_accounts lists active ones only
    contact = domain.Contact.from_row(
        {"user_id": 3, "via": "telegram", "address": "1", "enabled": 0}
    )
    assert contact.via is domain.Via.TELEGRAM and contact.enabled is False
    default = domain.SubscriptionDefault.from_row(
        {"role": "pimpinan", "kind": "recap", "enabled": 1, "at_time": "16:00"}
    )
    assert (default.role, default.kind, default.enabled) == (Role.PIMPINAN, "recap", True)
    message = domain.OutboxMessage.from_row(
        {
            "id": 9,
            "user_id": 3,
            "username": "op.kupang",
            "full_name": "",
            "kind": "reminder",
            "unit_id": 7,
            "unit_name": "Kantor Kemenag Kota Kupang",
            "unit_tz": "Asia/Makassar",
            "day": "2026-11-25",
            "via": "whatsapp",
            "address": "+6281234567890",
            "subject": "Pengingat",
            "body": "Belum ada berita hari ini.",
            "status": "retry",
            "attempts": 2,
            "next_attempt_at": "2026-11-25T06:00:00Z",
            "lease_until": None,
            "reason": "",
            "provider_id": None,
            "created_at": "2026-11-25T05:00:00Z",
            "updated_at": "2026-11-25T05:30:00Z",
            "sent_at": None,
        }
    )
    assert message.day == date(2026, 11, 25) and message.status is domain.OutboxStatus.RETRY
    assert message.kind is domain.MessageKind.REMINDER and message.via is domain.Via.WHATSAPP


def test_link_check_rows_get_their_reason_codes_and_decisions():
    assert domain.reason_codes("date_mismatch,link_broken") == ("date_mismatch", "link_broken")
    assert domain.reason_codes("") == domain.reason_codes(None) == ()
    flag = domain.UnitFlag.from_row(
        {
            "id": 5,
            "day": "2026-11-24",
            "kind": "berita_website",
            "kind_short": "Website",
            "title": "Rakor",
            "link": "https://kemenag.go.id/rakor",
            "version": 2,
            "reasons": "ignored: the caller passes the reasons",
            "decision": "rejected",
            "note": "berita bulan lalu",
            "reviewer": "kanwil.ntt",
            "decided_at": "2026-11-25T01:00:00Z",
        },
        "date_mismatch",
    )
    assert flag.day == date(2026, 11, 24) and flag.reasons == ("date_mismatch",)
    assert flag.decision is domain.ReviewDecision.REJECTED
    due = domain.CheckDue.from_row(
        {
            "id": 5,
            "unit_id": 7,
            "tz": "Asia/Makassar",
            "day": "2026-11-24",
            "kind": "berita_website",
            "title": "Rakor",
            "link": "https://kemenag.go.id/rakor",
            "link_key": "https://kemenag.go.id/rakor",
            "flagged": 0,
        }
    )
    assert due.tz is Zone.WITA and due.day == date(2026, 11, 24) and due.flagged is False


def test_a_kind_row_gets_its_group_and_flags():
    row = {
        "code": "medsos_instagram",
        "grp": "medsos",
        "label": "Unggahan Instagram",
        "short_label": "IG",
        "needs_link": 1,
        "sort_order": 4,
        "active": 0,
    }
    kind = Kind.from_row(row)
    assert (kind.grp, kind.needs_link, kind.active) == (Group.MEDSOS, True, False)
    assert kind.grp is Group.MEDSOS and kind.sort_order == 4
    assert Kind.from_row({k: v for k, v in row.items() if k != "active"}).active is True
    with pytest.raises(ValueError):
        Kind.from_row(row | {"grp": "koran"})


def test_a_calendar_override_row_gets_its_day_and_flag():
    national = CalendarOverride.from_row(
        {
            "day": "2026-12-31",
            "working": 0,
            "note": "Cuti bersama",
            "unit_id": None,
            "unit_code": None,
            "unit_name": None,
            "created_at": "2026-11-30T08:00:00+00:00",
        }
    )
    assert (national.day, national.working, national.national) == (date(2026, 12, 31), False, True)
    regional = CalendarOverride.from_row(
        {"day": "2026-11-24", "working": 1, "note": "x", "unit_id": 9, "unit_name": "Kanwil Bali"}
    )
    assert (regional.working, regional.national, regional.unit_name) == (True, False, "Kanwil Bali")


def test_an_audit_row_gets_its_action_and_entity_words():
    row = {
        "id": 5,
        "at": "2026-11-25T03:00:00Z",
        "actor_id": None,
        "actor": "system",
        "action": "update",
        "entity": "unit",
        "entity_id": "kanwil-ntt",
        "unit_id": 3,
        "before": '{"name": "A"}',
        "after": '{"name": "B"}',
    }
    entry = AuditEntry.from_row(row)
    assert (entry.action, entry.entity) == (AuditAction.UPDATE, AuditEntity.UNIT)
    assert entry.action is AuditAction.UPDATE and entry.unit_name is None
    assert AuditEntry.from_row(row | {"unit_name": "Kanwil NTT"}).unit_name == "Kanwil NTT"
    with pytest.raises(ValueError):
        AuditEntry.from_row(row | {"action": "hack"})


def test_a_kind_count_row_gets_its_group_and_number():
    mix = KindCount.from_row({"kind": "medsos_x", "label": "X", "grp": "medsos", "n": 12})
    assert (mix.grp, mix.n) == (Group.MEDSOS, 12) and mix.grp is Group.MEDSOS
    with pytest.raises(ValueError):
        KindCount.from_row({"kind": "a", "label": "A", "grp": "koran", "n": 1})
