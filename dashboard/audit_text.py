"""The audit log in words: Indonesian names of actions, data and fields; what changed.

Pure data and functions (no SQL, no Streamlit), so a test can iterate every
mapping: `tests/test_audit_text.py` checks that every action and entity the
store records has a name here, and `tests/store/test_audit_writers.py` that
every field any writer logs has one.

An entry holds the record before and after (JSON). The Log Audit page shows
the record's name (an item's title, an account's user name), and only the
fields that changed, with the names people use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dashboard import clock, fmt
from dashboard.store.settings import LIMITS

ACTIONS = {
    "create": "tambah",
    "update": "ubah",
    "delete": "hapus",
    "end": "akhiri",
    "set": "atur",
    "remove": "hapus",
    "upsert": "perbarui",
    "activate": "aktifkan",
    "deactivate": "nonaktifkan",
    "reset_password": "atur ulang sandi",
    "change_password": "ganti sandi",
    "lock": "kunci akun",
    "import": "impor",
    "restore": "pulihkan cadangan",
    "seed": "isi data acuan",
    "bulk_load": "muat data massal",
    "bulk_create": "tambah massal",
    "rebuild": "hitung ulang",
    "revoke": "cabut",
    "start": "mulai",
    "token": "ganti token",
    "copy": "salin basis data",
    # messages (issue 15)
    "test": "kirim pesan uji",
    "block": "blokir",
    "send": "kirim",
    "fail": "gagal kirim",
    "skip": "lewati",
    "retry": "kirim ulang",
    "review_accept": "terima (tinjauan tautan)",
    "review_reject": "tolak (tinjauan tautan)",
}

ENTITIES = {
    "unit": "unit kerja",
    "user": "pengguna",
    "setting": "pengaturan",
    "item": "output",
    "target": "target",
    "calendar": "kalender",
    "outtakes": "data jangkauan",
    "import": "berkas impor",
    "database": "basis data",
    "metric_kind": "jenis output",
    "daily_counts": "ringkasan harian",
    "screen_link": "tautan layar rapat",
    "session": "sesi masuk",
    "channel": "kanal",
    # messages (issue 15)
    "contact": "kontak pesan",
    "subscription": "langganan pesan",
    "subscription_default": "bawaan langganan",
    "message": "pesan",
}

# Every field any writer puts in `before` or `after`, in the order they are listed.
FIELDS = {
    # output items
    "title": "Judul",
    "day": "Tanggal",
    "kind": "Jenis",
    "link": "Tautan",
    "note": "Catatan",
    "tag": "Tag",
    "source": "Sumber",
    "published_at": "Waktu terbit",
    "late": "Terlambat",
    "flagged": "Tautan juga dicatat unit lain",
    "deleted": "Dihapus",
    # link-check review (issue 14)
    "decision": "Keputusan tinjauan",
    "reasons": "Tanda pemeriksaan tautan",
    # units
    "name": "Nama",
    "code": "Kode",
    "type": "Jenis unit",
    "parent_id": "Induk",
    "parent_code": "Induk",
    "province": "Provinsi",
    "tz": "Zona waktu",
    "active": "Aktif",
    # accounts
    "username": "Nama pengguna",
    "full_name": "Nama lengkap",
    "email": "E-mail",
    "role": "Peran",
    "unit_code": "Unit",
    "unit_name": "Unit",
    "password": "Kata sandi",
    "must_change_password": "Wajib ganti kata sandi",
    "failed_logins": "Gagal masuk berturut-turut",
    "locked_until": "Terkunci sampai",
    # sign-in sessions (store/sessions.py logs these keys in Indonesian already); "alamat" is
    # also the client address an account's lock holds for
    "akun": "Akun",
    "metode": "Cara masuk",
    "perangkat": "Perangkat",
    "alamat": "Alamat perangkat",
    "berakhir": "Berlaku sampai",
    "alasan": "Alasan berakhir",
    # targets
    "scope": "Cakupan",
    "unit_type": "Jenis unit",
    "metric": "Metrik",
    "period": "Periode",
    "value": "Nilai",
    "counts_on": "Hari yang dihitung",
    "valid_from": "Berlaku mulai",
    "valid_to": "Berakhir",
    # calendar days
    "working": "Menjadi",
    # meeting-screen links
    "label": "Nama tautan",
    "rotate_seconds": "Ganti panel (detik)",
    "expires_at": "Berlaku sampai",
    "creator": "Dibuat oleh",
    "revoked_at": "Dicabut pada",
    "revoker": "Dicabut oleh",
    # imports, bulk loads, out-takes, seeding, recounts, restores
    "file": "Berkas",
    "format": "Format",
    "rows": "Baris",
    "added": "Ditambahkan",
    "duplicates": "Sudah tercatat",
    "rejected": "Ditolak",
    "outtakes": "Data jangkauan",
    "item_ids": "Nomor item",
    "items": "Item",
    "units": "Unit",
    "sources": "Sumber",
    "mode": "Cara",
    "codes": "Kode",
    "rows_differing": "Baris berbeda",
    "data_version": "Versi data",
    "kept_as": "Disimpan sebagai",
    "backup": "Cadangan",
    "last_change_at": "Perubahan terakhir",
    "schema": "Skema",
    "counts": "Jumlah baris",
    # messages (store/notify.py logs these keys in Indonesian): contacts, subscriptions and
    # their role defaults, each message's end
    "saluran": "Saluran",
    "kontak": "Kontak",
    "status": "Status",
    "keterangan": "Keterangan",
    "aktif": "Aktif",
    "pukul": "Pukul",
    "milik_sendiri": "Pilihan sendiri",
    "enabled": "Aktif",
    "at_time": "Pukul",
    "penerima": "Penerima",
    "jenis": "Jenis pesan",
    "tanggal": "Tanggal",
    "percobaan": "Percobaan",
    # bookkeeping every record carries
    "id": "Nomor",
    "unit_id": "Unit",
    "created_by": "Dibuat oleh",
    "created_at": "Dibuat pada",
    "updated_at": "Diubah pada",
    "link_key": "Tautan (bentuk baku)",
    "version": "Versi",
}

# Shown in the full record, never as a change of its own: they change with every write
# (an item's version, the lost-update check, goes up by one with each) or only follow
# another field (the normalised link follows the link).
BOOKKEEPING = {"id", "created_at", "updated_at", "created_by", "link_key", "unit_id", "version"}

FLAGS = {"late", "flagged", "deleted", "active", "must_change_password"}
VALUE_WORDS: dict[str, Mapping[object, str]] = {
    "tag": {"capaian": "Capaian/dampak", "seremonial": "Kegiatan/seremonial"},
    "role": {"admin": "Admin", "pimpinan": "Pimpinan", "operator": "Operator"},
    "working": {0: "hari libur", 1: "hari kerja"},
    "period": {"day": "per hari", "week": "per minggu", "month": "per bulan"},
    "counts_on": {"working": "hari kerja", "all": "setiap hari"},
    "scope": {"national": "nasional", "unit_type": "jenis unit", "unit": "satu unit"},
    "password": {"lama": "lama", "baru": "baru (diganti)"},
    "metode": {"password": "kata sandi", "sso": "SSO"},
}
DAY_FIELDS = {"day", "valid_from", "valid_to"}
# Instants are logged in UTC ("2026-12-25T05:30:00Z"): shown in the reader's zone.
INSTANT_FIELDS = {
    "berakhir",
    "expires_at",
    "revoked_at",
    "locked_until",
    "published_at",
    "last_change_at",
    "created_at",
    "updated_at",
}
NATIONAL_TZ = "Asia/Jakarta"
SUBJECT_FIELDS = ("title", "name", "label", "username", "akun", "file")


def label(field: str) -> str:
    return FIELDS.get(field, field)


def _loads(value: str | None):
    return None if value is None else json.loads(value)


def value_text(
    field: str, value, kinds: Mapping[str, str] | None = None, tz: str = NATIONAL_TZ
) -> str:
    """A logged value as people read it: dates, times in `tz`, yes/no, kind and tag names;
    '—' for empty."""
    if value is None or value == "":
        return "—"
    if field in FLAGS and value in (0, 1, True, False):
        return "ya" if value else "tidak"
    words = VALUE_WORDS.get(field)
    if words and value in words:
        return words[value]
    if field in ("kind", "metric") and kinds and value in kinds:
        return kinds[value]
    if field in DAY_FIELDS and isinstance(value, str):
        try:
            return fmt.day_medium(date.fromisoformat(value))
        except ValueError:
            return value
    if field in INSTANT_FIELDS and isinstance(value, str):
        try:
            return fmt.moment(clock.parse_instant(value), tz)
        except ValueError:
            return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def _ordered(keys) -> list[str]:
    order = {name: i for i, name in enumerate(FIELDS)}
    return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


def changes(
    entry: Mapping,
    kinds: Mapping[str, str] | None = None,
    *,
    every_field: bool = False,
    tz: str = NATIONAL_TZ,
) -> list[Change]:
    """The fields an entry changed (all of a created or removed record's filled fields).

    `every_field` lists the whole record, changed or not (the detail view); times are
    shown in `tz` (the reader's zone).
    """
    before, after = _loads(entry.get("before")), _loads(entry.get("after"))
    if not isinstance(before, dict) and not isinstance(after, dict):
        if before == after and not every_field:
            return []
        field = entry.get("entity_id") or "value"
        name = LIMITS[field].label if field in LIMITS else label(field)
        return [
            Change(field, name, value_text(field, before, tz=tz), value_text(field, after, tz=tz))
        ]
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    found = []
    for field in _ordered(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if not every_field:
            if field in BOOKKEEPING or old == new:
                continue
            if old in (None, "") and new in (None, ""):  # nothing filled, before or after
                continue
        found.append(
            Change(
                field,
                label(field),
                value_text(field, old, kinds, tz),
                value_text(field, new, kinds, tz),
            )
        )
    return found


def subject(entry: Mapping) -> str:
    """What the entry is about: the item's title, the account, the unit, the day."""
    for record in (_loads(entry.get("after")), _loads(entry.get("before"))):
        if isinstance(record, dict):
            for field in SUBJECT_FIELDS:
                if record.get(field):
                    return str(record[field])
    key = entry.get("entity_id") or ""
    if entry.get("entity") == "setting" and key in LIMITS:
        return LIMITS[key].label
    if entry.get("entity") == "target" and key:
        record = _loads(entry.get("after")) or _loads(entry.get("before")) or {}
        return f"#{key} · {record.get('metric', '')}".rstrip(" ·")
    if entry.get("entity") == "calendar" and key:
        where, _, day = key.rpartition(":")
        try:
            shown = fmt.day_medium(date.fromisoformat(day))
        except ValueError:
            return key
        return f"{shown} ({where})" if where else shown
    return key


def summary(found: list[Change], limit: int = 240) -> str:
    """Changes on one line for a table cell: 'Judul: lama → baru · Tag: — → Capaian/dampak'."""
    text = " · ".join(
        f"{c.label}: {c.before} → {c.after}" if c.before != "—" else f"{c.label}: {c.after}"
        for c in found
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"
