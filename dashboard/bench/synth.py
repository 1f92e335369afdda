"""Synthetic databases at national scale: N units x D days of output, built fast.

The national default is every seeded unit (627) over 730 days, about 1.8
million items. Asking for more units than are seeded adds synthetic
MADRASAH_NEGERI and KUA units under the Kankemenag (round-robin), which is
how the 10,000-unit variant is made.

The output looks like the demo's (same rates per unit type, working days for
website news, social media every day, a few silent units, today only filled
up to the current hour in each unit's own zone) but is generated with numpy
draws per unit and a tight loop per item, because the demo's per-item
randomness is ~20 times too slow for millions of rows. Links are already in
normal form, so `link_key == link`; `source` is 'bench'.

Generation is pure (no SQL); `build()` hands the rows to `store.bulk`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from dashboard import clock, demo, fmt
from dashboard.bench import DEFAULT_SEED, NATIONAL_DAYS
from dashboard.domain import Tag, Unit
from dashboard.kpi.calendar import is_working_day
from dashboard.progress import Report, silent
from dashboard.store import bootstrap
from dashboard.store import bulk as bulk_store
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import POSTGRESQL, StoreError, Target, describe, is_server, open_db
from dashboard.store.items import reads as item_reads

# Hours of the local day in which output is published: 07.00 to 21.59.
FIRST_MINUTE, LAST_MINUTE = 7 * 60, 22 * 60
OFFSETS_H = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}
OTHER_KINDS = ("siaran_pers", "media_eksternal", "kegiatan_diliput")
TAGS = (Tag.CAPAIAN, Tag.SEREMONIAL, None)
TAG_WEIGHTS = (0.3, 0.5, 0.2)
# Of the synthetic units added under each Kankemenag: KUA outnumber madrasah negeri
# (nationally ~5,900 KUA and ~4,000 MIN/MTsN/MAN).
MADRASAH_KINDS = ("MIN", "MTsN", "MAN")
# The demo's rates per unit type, scaled so that the national scale (627 units x 730 days)
# lands near the 1.8 million items issue 8 names: about 3.9 items per unit per day.
RATE_SCALE = 1.35


@dataclass
class SynthReport:
    path: Target
    units: int
    days: int
    items: int
    summary_rows: int
    mode: str
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"synthetic database {describe(self.path)}: {fmt.number(self.units)} units x {self.days} days, "
            f"{fmt.number(self.items)} items, {fmt.number(self.summary_rows)} summary rows "
            f"in {self.seconds:.1f} s (summary: {self.mode})"
        )


def extra_units(seeded: list[Unit], wanted: int) -> list[dict[str, str]]:
    """Synthetic MADRASAH_NEGERI and KUA units, round-robin under the Kankemenag."""
    missing = wanted - len(seeded)
    parents = [u for u in seeded if u.type == "KANKEMENAG" and u.active]
    if missing <= 0:
        return []
    if not parents:
        raise StoreError("no Kankemenag to hang synthetic units under")
    taken = {u.code for u in seeded}
    made: list[dict] = []
    serial: dict[tuple[str, str], int] = {}
    for n in range(missing):
        parent = parents[n % len(parents)]
        place = parent.code.removeprefix("kankemenag-")
        place_name = parent.name.removeprefix("Kantor Kemenag ")
        if n % 5 in (1, 3):  # two in five are madrasah negeri, the rest KUA
            level = MADRASAH_KINDS[(n // 5) % 3]
            key = (parent.code, level)
            count = serial[key] = serial.get(key, 0) + 1
            unit_type, code = "MADRASAH_NEGERI", f"{level.lower()}-{count}-{place}"
            name = f"{level} {count} {place_name}"
        else:
            key = (parent.code, "KUA")
            count = serial[key] = serial.get(key, 0) + 1
            unit_type, code = "KUA", f"kua-{count}-{place}"
            name = f"KUA Kecamatan {count} {place_name}"
        code = code[:64].rstrip("-")
        if code in taken:
            raise StoreError(f"synthetic unit code {code!r} collides with an existing unit")
        taken.add(code)
        made.append(
            {
                "code": code,
                "name": name[:200],
                "type": unit_type,
                "parent_code": parent.code,
                "province": parent.province,
                "tz": parent.tz,
            }
        )
    return made


@dataclass(frozen=True)
class _Calendar:
    """Per time zone: the unit-local days, which are working days, and UTC date strings."""

    days: list[str]  # local ISO dates, oldest first
    utc_prev: list[str]  # the UTC date of each local day's early hours (before the offset)
    working: np.ndarray
    slots: list[
        tuple[int, str]
    ]  # per minute slot: (0 same UTC day | 1 UTC day before, "HH:MM:00Z")
    today_limit: int  # slots of the last (local today) day that are already in the past


def _calendar(tz: str, now: datetime, days: int) -> _Calendar:
    today = clock.local_today(tz, now)
    local = [today - timedelta(days=back) for back in range(days - 1, -1, -1)]
    offset = OFFSETS_H[tz]
    slots = []
    for minute in range(FIRST_MINUTE, LAST_MINUTE):
        utc_minute = minute - offset * 60
        before = utc_minute < 0
        utc_minute %= 24 * 60
        slots.append((1 if before else 0, f"{utc_minute // 60:02d}:{utc_minute % 60:02d}:00Z"))
    local_now = clock.local_now(tz, now)
    now_minute = local_now.hour * 60 + local_now.minute
    return _Calendar(
        days=[d.isoformat() for d in local],
        utc_prev=[(d - timedelta(days=1)).isoformat() for d in local],
        working=np.array([is_working_day(d) for d in local], dtype=bool),
        slots=slots,
        today_limit=max(0, min(len(slots), now_minute - FIRST_MINUTE + 1)),
    )


def _unit_text(unit: Unit, parent_code: str | None) -> tuple[str, str, str]:
    """(short name for titles, website root, social handle), all plain ASCII where it matters."""
    short = unit.name.replace("Kantor Kemenag ", "Kemenag ").replace(
        "Kanwil Kemenag Provinsi ", "Kanwil Kemenag "
    )
    site = demo._site(unit, parent_code)
    if unit.type in ("MADRASAH_NEGERI", "KUA"):
        site = f"https://kemenag.go.id/{unit.code}"
    handle = demo._slug(unit.name).replace("-", "")[:28]
    return short, site, handle


def estimate(units: list[dict], days: int) -> int:
    """A rough item count, for the progress bar."""
    per_day = 0.0
    for unit in units:
        berita, medsos, other = demo.RATES[unit.type]
        per_day += berita * 0.75 + medsos * 0.9 + other * 0.7 + 0.1
    return int(per_day * days * 0.92 * RATE_SCALE)


def generate(
    units: list[Unit], now: datetime, *, days: int = NATIONAL_DAYS, seed: int = DEFAULT_SEED
) -> Iterator[tuple]:
    """Yield item rows (tuples in `store.items.ITEM_COLUMNS` order) for every active unit."""
    rng = np.random.default_rng(seed)
    calendars = {tz: _calendar(tz, now, days) for tz in {u.tz for u in units}}
    by_id = {u.id: u for u in units}
    slug_events = [demo._slug(e) for e in demo.EVENTS]
    n_events = len(demo.EVENTS)
    n_slots = LAST_MINUTE - FIRST_MINUTE
    serial = 0
    for unit in units:
        if not unit.active:
            continue
        cal = calendars[unit.tz]
        parent = by_id.get(unit.parent_id)
        short, site, handle = _unit_text(unit, parent.code if parent else None)
        roll = rng.random()
        if unit.code in {"kankemenag-kota-kupang", "kanwil-ntt", "kanwil-jatim"}:
            level, silent_days = 1.3, 0
        elif roll < 0.06:
            level, silent_days = 0.7, int(rng.integers(3, 22))
        elif roll < 0.22:
            level, silent_days = 0.35, 0
        else:
            level, silent_days = float(rng.uniform(0.7, 1.5)), 0
        platforms = ["medsos_instagram", "medsos_facebook"] + [
            p for p in ("medsos_tiktok", "medsos_youtube", "medsos_x") if rng.random() < 0.5
        ]
        b, m, o = (r * level * RATE_SCALE for r in demo.RATES[unit.type])
        working = cal.working
        berita = rng.poisson(np.where(working, b, b * 0.1))
        portal = (rng.random(days) < 0.15 * working) & (unit.type != "KANWIL")
        medsos = rng.poisson(np.where(working, m, m * 0.6))
        other = rng.poisson(np.where(working, o, 0.05))
        if silent_days:
            for arr in (berita, portal, medsos, other):
                arr[days - silent_days :] = 0
        total = int(berita.sum() + portal.sum() + medsos.sum() + other.sum())
        if not total:
            continue
        # Every random choice of this unit's items, drawn at once.
        events = rng.integers(0, n_events, total).tolist()
        minutes = rng.integers(0, n_slots, total).tolist()
        tags = rng.choice(3, total, p=TAG_WEIGHTS).tolist()
        plats = rng.integers(0, len(platforms), total).tolist()
        others = rng.integers(0, len(OTHER_KINDS), total).tolist()
        gallery = (rng.random(total) < 0.6).tolist()
        uid = unit.id
        titles_news = [f"{short} Gelar {e}" for e in demo.EVENTS]
        titles_medsos = [f"Dokumentasi {e}" for e in demo.EVENTS]
        titles_media = [f"{short}: {e} (liputan media daerah)" for e in demo.EVENTS]
        k = 0
        last = days - 1
        for d in np.flatnonzero(berita + portal + medsos + other).tolist():
            day = cal.days[d]
            # Each item of the day has its own position k.. in the draws above.
            news = int(berita[d]) + int(portal[d])
            social = news + int(medsos[d])
            plan = (
                ["berita_website"] * int(berita[d])
                + (["berita_portal"] if portal[d] else [])
                + [platforms[p] for p in plats[k + news : k + social]]
                + [OTHER_KINDS[p] for p in others[k + social : k + social + int(other[d])]]
            )
            for kind in plan:
                slot = minutes[k]
                if d == last and slot >= cal.today_limit:
                    k += 1
                    continue  # today is only filled up to now
                e = events[k]
                serial += 1
                prev, hhmm = cal.slots[slot]
                stamp = f"{cal.utc_prev[d] if prev else day}T{hhmm}"
                if kind == "berita_website":
                    title = titles_news[e]
                    link = f"{site}/berita/{slug_events[e]}-{serial}"
                elif kind.startswith("medsos_"):
                    title = titles_medsos[e]
                    link = _medsos_link(kind, handle, serial)
                elif kind == "berita_portal":
                    title = titles_news[e]
                    link = f"https://kemenag.go.id/nasional/{slug_events[e]}-{serial}"
                elif kind == "siaran_pers":
                    title = f"Siaran Pers: {demo.EVENTS[e]}"
                    link = f"{site}/siaran-pers/{slug_events[e]}-{serial}"
                elif kind == "media_eksternal":
                    title = titles_media[e]
                    link = f"https://www.antaranews.com/berita/{serial}/{slug_events[e]}"
                elif gallery[k]:  # kegiatan_diliput: a gallery link most of the time
                    title = demo.EVENTS[e]
                    link = f"{site}/galeri/{slug_events[e]}-{serial}"
                else:
                    title, link = demo.EVENTS[e], None
                yield (
                    uid,
                    day,
                    kind,
                    title,
                    link,
                    link,
                    "",
                    TAGS[tags[k]],
                    "bench",
                    stamp,
                    0,
                    None,
                    stamp,
                    stamp,
                )
                k += 1


def _medsos_link(kind: str, handle: str, serial: int) -> str:
    if kind == "medsos_instagram":
        return f"https://www.instagram.com/p/S{serial:010d}"
    if kind == "medsos_facebook":
        return f"https://www.facebook.com/{handle}/posts/{10**12 + serial}"
    if kind == "medsos_x":
        return f"https://x.com/{handle}/status/{10**12 + serial}"
    if kind == "medsos_tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{10**12 + serial}"
    if kind == "medsos_youtube":
        return f"https://www.youtube.com/watch?v=S{serial:010d}"
    return f"https://whatsapp.com/channel/S{serial:010d}"


def build(
    path: str | Path,
    *,
    units: int | None = None,
    days: int = NATIONAL_DAYS,
    seed: int = DEFAULT_SEED,
    summary_mode: str = "rebuild",
    now: datetime | None = None,
    accounts: bool = True,
    report: Report = silent,
) -> SynthReport:
    """Build a synthetic database at `path` (which must not hold items yet).

    `units=None` takes the seeded units as they are; a larger number adds
    synthetic madrasah and KUA; a smaller one keeps the first N seeded units
    (in seed order, so parents come first). The demo accounts are added so
    the result can be signed in to (password `demo.DEMO_PASSWORD`).
    """
    path = path if is_server(path) else Path(path)
    if days < 1:
        raise StoreError("days must be at least 1")
    if units is not None and units < 1:
        raise StoreError("units must be at least 1")
    if demo.has_items(path):
        raise StoreError(
            f"{describe(path)} already holds output items; synthetic data only goes into an "
            "empty database (use another --db, or remove the file)"
        )
    started = time.perf_counter()
    timings: dict[str, float] = {}
    bootstrap.init(path)
    db = open_db(path)
    try:
        seeded = unit_store.list_all(db, include_inactive=False)
        if units is not None and units > len(seeded):
            bulk_store.add_units(db, SYSTEM, extra_units(seeded, units))
        chosen = unit_store.list_all(db, include_inactive=False)
        if units is not None:
            chosen = chosen[:units]
        if accounts:
            demo.ensure_accounts(db)
        timings["setup_s"] = time.perf_counter() - started
        now = now or clock.utc_now()
        expected = estimate(chosen, days)
        t0 = time.perf_counter()
        with bulk_store.build_pragmas(db):
            loaded = bulk_store.load_items(
                db,
                SYSTEM,
                generate(chosen, now, days=days, seed=seed),
                summary_mode=summary_mode,
                total=expected,
                report=report,
            )
        timings["load_s"] = time.perf_counter() - t0
        if db.dialect == POSTGRESQL:
            # What autovacuum does on a server minutes after a load like this (statistics,
            # the visibility map): the plans measured are the ones production settles on.
            db.execute("VACUUM ANALYZE")
        else:
            # No ANALYZE: production files never get one either, and the query plans
            # measured on this file must be the ones production gets.
            db.conn.execute("PRAGMA main.wal_checkpoint(TRUNCATE)").fetchall()
        report(loaded.items, loaded.items, f"{fmt.number(loaded.items)} items")
        return SynthReport(
            path=path,
            units=len(chosen),
            days=days,
            items=loaded.items,
            summary_rows=loaded.summary_rows,
            mode=summary_mode,
            seconds=time.perf_counter() - started,
            timings=timings,
        )
    finally:
        db.close()


def live_items(path: str | Path) -> int:
    """Items in an existing database (0 when there is none): lets callers reuse a build."""
    if not is_server(path) and not Path(path).exists():
        return 0
    db = open_db(path, readonly=True)
    try:
        return item_reads.count_live(db)
    finally:
        db.close()
