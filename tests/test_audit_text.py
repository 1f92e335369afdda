"""The audit log in words: names for every field, changed fields only, values as people read them."""

import json

from dashboard import audit_text
from dashboard.domain import AuditEntry
from dashboard.store.settings import LIMITS
from dashboard.words import SETTINGS


def entry(entity, before=None, after=None, entity_id=None, action="update"):
    return AuditEntry.from_row(
        {
            "id": 1,
            "at": "2026-11-25T03:00:00Z",
            "actor_id": None,
            "actor": "system",
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "unit_id": None,
            "before": None if before is None else json.dumps(before),
            "after": None if after is None else json.dumps(after),
        }
    )


def test_only_changed_fields_with_their_indonesian_names_and_readable_values():
    before = {
        "id": 7,
        "title": "Rakor",
        "day": "2026-11-25",
        "kind": "berita_website",
        "tag": None,
        "late": 0,
        "updated_at": "a",
        "link_key": "x",
    }
    after = before | {
        "tag": "capaian",
        "late": 1,
        "updated_at": "b",
        "link_key": "y",
        "kind": "medsos_x",
    }
    found = audit_text.changes(
        entry("item", before, after), {"berita_website": "Berita website", "medsos_x": "X"}
    )
    assert [(c.label, c.before, c.after) for c in found] == [
        ("Jenis", "Berita website", "X"),
        ("Tag", "—", "Capaian/dampak"),
        ("Terlambat", "tidak", "ya"),
    ]
    whole = audit_text.changes(entry("item", before, after), every_field=True)
    assert {c.label for c in whole} >= {"Judul", "Tanggal", "Nomor", "Diubah pada"}
    assert next(c for c in whole if c.field == "day").after == "25 November 2026"


def test_a_created_record_lists_its_filled_fields_and_a_removed_one_what_it_was():
    made = audit_text.changes(
        entry("calendar", None, {"day": "2026-12-31", "working": 0, "note": "Cuti"}, action="set")
    )
    assert (
        audit_text.summary(made)
        == "Tanggal: 31 Desember 2026 · Catatan: Cuti · Menjadi: hari libur"
    )
    gone = audit_text.changes(entry("calendar", {"day": "2026-12-31", "working": 0}, None))
    assert [(c.label, c.before, c.after) for c in gone] == [
        ("Tanggal", "31 Desember 2026", "—"),
        ("Menjadi", "hari libur", "—"),
    ]


def test_what_an_entry_is_about():
    assert audit_text.subject(entry("item", {"title": "Lama"}, {"title": "Baru"})) == "Baru"
    assert audit_text.subject(entry("item", {"title": "Dihapus"}, None)) == "Dihapus"
    assert audit_text.subject(entry("user", None, {"username": "op.kupang"})) == "op.kupang"
    assert audit_text.subject(entry("calendar", entity_id="2026-12-31")) == "31 Desember 2026"
    assert audit_text.subject(entry("calendar", entity_id="kanwil-bali:2026-11-24")) == (
        "24 November 2026 (kanwil-bali)"
    )
    assert audit_text.subject(entry("target", None, {"metric": "medsos"}, entity_id="12")) == (
        "#12 · medsos"
    )


def test_every_setting_is_named_by_its_pengaturan_label():
    for key in LIMITS:
        (change,) = audit_text.changes(entry("setting", "30", "7", entity_id=key))
        label = SETTINGS[key].label
        assert (change.label, change.before, change.after) == (label, "30", "7")
        assert audit_text.subject(entry("setting", "30", "7", entity_id=key)) == label


def test_a_long_summary_is_cut_for_its_cell():
    long = audit_text.changes(entry("item", {"title": "a"}, {"title": "b" * 500}))
    assert len(audit_text.summary(long)) == 240 and audit_text.summary(long).endswith("…")


def test_a_session_start_lists_its_filled_fields_and_times_in_the_readers_zone():
    started = {
        "akun": "op.kupang",
        "metode": "password",
        "perangkat": "Mozilla/5.0 (Linux; Android 14)",
        "alamat": None,  # no address known: not a field the record filled
        "berakhir": "2026-12-25T05:30:00Z",
    }
    found = audit_text.changes(entry("session", None, started, action="start"), tz="Asia/Makassar")
    assert [(c.label, c.after) for c in found] == [
        ("Akun", "op.kupang"),
        ("Cara masuk", "kata sandi"),
        ("Perangkat", "Mozilla/5.0 (Linux; Android 14)"),
        ("Berlaku sampai", "25 Des 2026 13.30 WITA"),
    ]
    whole = audit_text.changes(entry("session", None, started), every_field=True)
    assert ("Alamat perangkat", "—") in [(c.label, c.after) for c in whole]  # the whole record
    assert ("Berlaku sampai", "25 Des 2026 12.30 WIB") in [(c.label, c.after) for c in whole]
    assert audit_text.value_text("berakhir", "bukan waktu") == "bukan waktu"
