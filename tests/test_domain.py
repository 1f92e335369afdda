"""The domain vocabulary: one definition per word list, rows as typed values."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import audit_text, domain
from dashboard.domain import (
    Group,
    Item,
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
