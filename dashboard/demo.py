"""A realistic demo: every seeded unit, about 90 days of output, and an account per role.

Output varies the way it does in real life: Kanwil publish more than
Kankemenag, website news follows working days while social media runs every
day, holidays are quiet, a few units have gone silent for days, and today is
only filled up to the current hour in each unit's own time zone. The random
generator is seeded, so the same date gives the same demo.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from dashboard import auth, clock, fmt, links
from dashboard.domain import Tag, Unit
from dashboard.kpi.calendar import is_working_day
from dashboard.progress import Report, silent
from dashboard.store import bootstrap
from dashboard.store import outtakes as outtake_store
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import StoreError, Target, describe, is_server, open_db
from dashboard.store.items import batches as item_batches
from dashboard.store.items import reads as item_reads

DEMO_PASSWORD = "demo-humas-2026"
DEMO_DAYS = 90


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_code: str
    full_name: str

    @property
    def password(self) -> str:
        return DEMO_PASSWORD


ACCOUNTS = [
    DemoAccount("admin", "admin", "biro-humas", "Admin Biro Humas"),
    DemoAccount("pusat", "pimpinan", "kemenag-ri", "Kepala Biro Humas dan Komunikasi Publik"),
    DemoAccount("kanwil.ntt", "pimpinan", "kanwil-ntt", "Kepala Kanwil Kemenag NTT"),
    DemoAccount(
        "kepala.kupang", "pimpinan", "kankemenag-kota-kupang", "Kepala Kankemenag Kota Kupang"
    ),
    DemoAccount(
        "operator.kupang", "operator", "kankemenag-kota-kupang", "Operator Humas Kota Kupang"
    ),
    DemoAccount(
        "operator.jayapura", "operator", "kankemenag-kota-jayapura", "Operator Humas Kota Jayapura"
    ),
    DemoAccount("operator.jatim", "operator", "kanwil-jatim", "Operator Humas Kanwil Jatim"),
]

EVENTS = [
    "Pelatihan Moderasi Beragama bagi Penyuluh Agama",
    "Bimbingan Perkawinan bagi Calon Pengantin",
    "Rapat Koordinasi Kepala KUA",
    "Pembinaan ASN dan Penguatan Zona Integritas",
    "Sosialisasi Layanan PTSP",
    "Manasik Haji bagi Jemaah Calon Haji",
    "Peringatan Hari Guru Nasional",
    "Apel Pagi Hari Amal Bakti",
    "Kunjungan Kerja ke Madrasah",
    "Penyerahan Bantuan Rumah Ibadah",
    "Seleksi Tilawatil Quran Tingkat Kabupaten",
    "Pendampingan Sertifikasi Halal UMK",
    "Dialog Kerukunan Lintas Agama",
    "Wisuda Tahfidz Madrasah",
    "Gerakan Wakaf Uang ASN",
    "Pelantikan Pejabat Pengawas",
    "Lomba Kompetensi Siswa Madrasah",
    "Penyuluhan Pencegahan Perkawinan Anak",
    "Festival Moderasi Beragama",
    "Rapat Kerja Penyuluh Agama Kristen",
    "Pembinaan Guru Pendidikan Agama Hindu",
    "Bakti Sosial Hari Amal Bakti",
]
MEDSOS_FORMATS = ["Reels: {e}", "Infografis: {e}", "Dokumentasi {e}", "{e}", "Siaran langsung {e}"]
PLATFORM_URLS = {
    "medsos_instagram": "https://www.instagram.com/p/{code}/",
    "medsos_facebook": "https://www.facebook.com/{handle}/posts/{num}",
    "medsos_x": "https://x.com/{handle}/status/{num}",
    "medsos_tiktok": "https://www.tiktok.com/@{handle}/video/{num}",
    "medsos_youtube": "https://www.youtube.com/watch?v={code}",
    "medsos_whatsapp": "https://whatsapp.com/channel/{code}",
}

# Per unit type: (berita per working day, medsos per day, other output per working day)
RATES = {
    "PUSAT": (0.6, 1.2, 0.3),
    "KANWIL": (1.6, 4.0, 1.0),
    "KANKEMENAG": (1.1, 2.0, 0.4),
    "PTKN": (1.2, 2.2, 0.4),
    "UPT": (0.5, 1.0, 0.2),
    "MADRASAH_NEGERI": (0.3, 0.8, 0.1),
    "KUA": (0.2, 0.6, 0.1),
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _site(unit: Unit, parent_code: str | None) -> str:
    province = (parent_code or unit.code).removeprefix("kanwil-")
    if unit.type == "KANWIL":
        return f"https://{unit.code.removeprefix('kanwil-')}.kemenag.go.id"
    if unit.type == "KANKEMENAG":
        return f"https://{province}.kemenag.go.id/{unit.code.removeprefix('kankemenag-')}"
    if unit.type == "PTKN":
        return f"https://www.{unit.code}.ac.id"
    return f"https://kemenag.go.id/{unit.code}"


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: small means only, which is all the demo needs.
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass
class Profile:
    level: float  # multiplies the type's rates
    silent_days: int  # the last N days without output
    platforms: list[str]


def _profile(rng: random.Random, unit: Unit) -> Profile:
    roll = rng.random()
    if unit.code in {"kankemenag-kota-kupang", "kanwil-ntt", "kanwil-jatim"}:
        level, silent_days = 1.3, 0  # the demo accounts' units are busy ones
    elif roll < 0.06:
        level, silent_days = 0.7, rng.randint(3, 21)
    elif roll < 0.22:
        level, silent_days = 0.35, 0
    else:
        level, silent_days = rng.uniform(0.7, 1.5), 0
    platforms = ["medsos_instagram", "medsos_facebook"]
    platforms += [p for p in ("medsos_tiktok", "medsos_youtube", "medsos_x") if rng.random() < 0.5]
    return Profile(level, silent_days, platforms)


def _instant(day: date, tz: str, rng: random.Random) -> datetime:
    local = datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)), clock.zone(tz))
    return local.astimezone(UTC)


def generate(
    units: list[Unit], today_utc: datetime, *, days: int = DEMO_DAYS, seed: int = 2026
) -> Iterator[dict]:
    """Yield item rows for every active unit over the last `days` local days."""
    rng = random.Random(seed)
    parent_codes = {u.id: u.parent_code for u in units}
    serial = 0
    for unit in units:
        if not unit.active:
            continue
        profile = _profile(rng, unit)
        berita_rate, medsos_rate, other_rate = (r * profile.level for r in RATES[unit.type])
        site = _site(unit, parent_codes.get(unit.id))
        handle = _slug(unit.name).replace("-", "")[:28]
        local_today = clock.local_today(unit.tz, today_utc)
        for back in range(days - 1, -1, -1):
            day = local_today - timedelta(days=back)
            if back < profile.silent_days:
                continue
            working = is_working_day(day)
            plan: list[str] = []
            plan += ["berita_website"] * _poisson(
                rng, berita_rate if working else berita_rate * 0.1
            )
            if unit.type != "KANWIL" and rng.random() < 0.15 * working:
                plan.append("berita_portal")
            medsos = _poisson(rng, medsos_rate if working else medsos_rate * 0.6)
            plan += [rng.choice(profile.platforms) for _ in range(medsos)]
            for _ in range(_poisson(rng, other_rate if working else 0.05)):
                plan.append(rng.choice(["siaran_pers", "media_eksternal", "kegiatan_diliput"]))
            for kind in plan:
                at = _instant(day, unit.tz, rng)
                if at > today_utc:
                    continue  # today is only filled up to now
                serial += 1
                yield _item(unit, day, kind, at, site, handle, serial, rng)


def _item(
    unit: Unit,
    day: date,
    kind: str,
    at: datetime,
    site: str,
    handle: str,
    serial: int,
    rng: random.Random,
) -> dict:
    event = rng.choice(EVENTS)
    short = unit.name.replace("Kantor Kemenag ", "Kemenag ").replace(
        "Kanwil Kemenag Provinsi ", "Kanwil Kemenag "
    )
    if kind.startswith("medsos_"):
        title = rng.choice(MEDSOS_FORMATS).format(e=event)
        link = PLATFORM_URLS[kind].format(
            code=f"D{serial:010d}", handle=handle, num=10**12 + serial
        )
    elif kind == "kegiatan_diliput":
        title = event
        link = f"{site}/galeri/{_slug(event)}-{serial}" if rng.random() < 0.6 else None
    elif kind == "media_eksternal":
        title = f"{short}: {event} (liputan media daerah)"
        link = f"https://www.antaranews.com/berita/{serial}/{_slug(event)}"
    elif kind == "berita_portal":
        title = f"{short} {event}"
        link = f"https://kemenag.go.id/nasional/{_slug(event)}-{serial}"
    else:
        title = f"{short} Gelar {event}" if rng.random() < 0.5 else f"{event} di {short}"
        link = f"{site}/berita/{_slug(event)}-{serial}"
    tag = rng.choices([Tag.CAPAIAN, Tag.SEREMONIAL, None], weights=[3, 5, 2])[0]
    stamp = clock.iso(at)
    return {
        "unit_id": unit.id,
        "day": day.isoformat(),
        "kind": kind,
        "title": title[:500],
        "link": link,
        "link_key": links.link_key(link) if link else None,
        "note": "",
        "tag": tag,
        "source": "demo",
        "published_at": stamp,
        "late": 0,
        "created_by": None,
        "created_at": stamp,
        "updated_at": stamp,
    }


# Out-takes: the reach and engagement a Meta Business Suite export would carry, for the
# Instagram and Facebook posts of the units that import such exports (about two in five, and
# the demo accounts' units). A separate generator, so the items stay exactly as before.
OUTTAKE_KINDS = ("medsos_instagram", "medsos_facebook")
OUTTAKE_SHARE = 0.4
AUDIENCE = {"KANWIL": 2500, "PTKN": 1500, "PUSAT": 4000}  # median reach of a post; else 600


def outtakes(
    units: list[Unit], posts: Iterator[tuple], today_utc: datetime, *, seed: int = 2026
) -> Iterator[dict]:
    """Out-take rows (lifetime figures) for `posts`: (unit_id, link_key, kind, day), in id order.

    Posts of a unit's local today are left out: they have not been exported yet.
    """
    rng = random.Random(f"{seed}-outtakes")
    by_id = {u.id: u for u in units}
    importing = {
        u.id
        for u in units
        if rng.random() < OUTTAKE_SHARE
        or u.code in {"kankemenag-kota-kupang", "kanwil-ntt", "kanwil-jatim"}
    }
    for unit_id, link_key, kind, day in posts:
        unit = by_id.get(unit_id)
        if unit is None or unit_id not in importing:
            continue
        if date.fromisoformat(day) >= clock.local_today(unit.tz, today_utc):
            continue
        reach = int(rng.lognormvariate(math.log(AUDIENCE.get(unit.type, 600)), 0.8))
        liked = int(reach * rng.uniform(0.02, 0.08))
        figures = {
            "reach": reach,
            "views": int(reach * rng.uniform(1.2, 2.0)),
            "reactions" if kind == "medsos_facebook" else "likes": liked,
            "comments": int(liked * rng.uniform(0.02, 0.15)),
            "shares": int(liked * rng.uniform(0.01, 0.1)),
        }
        if kind == "medsos_instagram":
            figures["saves"] = int(liked * rng.uniform(0.01, 0.05))
        for metric, value in figures.items():
            yield {
                "unit_id": unit_id,
                "link_key": link_key,
                "kind": kind,
                "metric": metric,
                "value": value,
            }


@dataclass
class DemoReport:
    path: Target
    units: int
    items: int
    accounts: list[DemoAccount]
    outtakes: int = 0

    def summary(self) -> str:
        return (
            f"demo database {describe(self.path)}: {self.units} units, {self.items} items over "
            f"{DEMO_DAYS} days, {self.outtakes} out-take figures"
        )


def has_items(path: Target) -> bool:
    if not is_server(path) and not Path(path).exists():
        return False
    db = open_db(path)
    try:
        return item_reads.count_live(db) > 0
    except Exception:
        return False
    finally:
        db.close()


def ensure_accounts(db) -> None:
    """Add the demo accounts that are missing (demo and synthetic databases)."""
    for account in ACCOUNTS:
        if user_store.by_username(db, account.username) is None:
            auth.create_user(
                db,
                SYSTEM,
                username=account.username,
                password=account.password,
                role=account.role,
                unit_code=account.unit_code,
                full_name=account.full_name,
            )


def build(path: str | Path, *, report: Report = silent, days: int = DEMO_DAYS) -> DemoReport:
    """Seed a database, add demo accounts and fill it with demo output."""
    path = path if is_server(path) else Path(path)
    if has_items(path):
        raise StoreError(
            f"{describe(path)} already holds output items; the demo only fills an empty "
            "database (use another --db, or remove the file)"
        )
    bootstrap.init(path)
    db = open_db(path)
    try:
        units = unit_store.list_all(db, include_inactive=False)
        ensure_accounts(db)
        now = clock.utc_now()
        expected = len(units) * days * 3  # a rough guess, for the bar only

        def counted(rows):
            for n, row in enumerate(rows, 1):
                if n % 5000 == 0:
                    report(min(n, expected), expected, f"{fmt.number(n)} item demo")
                yield row

        added = item_batches.bulk_load(db, SYSTEM, counted(generate(units, now, days=days)))
        report(expected, expected, f"{fmt.number(added)} item demo")
        posts = db.conn.execute(
            "SELECT unit_id, link_key, kind, day FROM items WHERE source = 'demo' "
            "AND kind IN (?, ?) ORDER BY id",
            OUTTAKE_KINDS,
        )
        figures = outtake_store.bulk_load(db, SYSTEM, outtakes(units, posts, now))
        return DemoReport(
            path=path, units=len(units), items=added, accounts=ACCOUNTS, outtakes=figures
        )
    finally:
        db.close()
