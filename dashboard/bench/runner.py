"""`humas bench`: the speed of a national-scale database, measured the way people feel it.

It builds a synthetic database in a temporary folder (never the real one), or
in an empty PostgreSQL database given with `--db` (then `--reuse` measures a
database a previous run built there), then measures:

  save_batch20_ms   median store time to save an operator's batch of 20 items
  import_10k_s      parsing and saving a 10,000-row template file
  page_warm_ms      per page, median script run through AppTest with warm caches
  page_cold_ms      per page, median script run right after a write (every cache keyed by
                    the data version misses)
  naive_page_ms     the overview figures computed the naive way: every item into pandas,
                    then plotly express (the baseline in the guide, section 6)
  speedup_vs_naive  naive ÷ the overview page (ringkasan), warm
  rss_mb            peak resident memory of the process doing the app's work (store,
                    import, pages); the synthetic build and the naive baseline run in
                    child processes of their own

Pages run through AppTest in this process, as the signed-in role each page is for.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dashboard import clock
from dashboard.bench import synth
from dashboard.config import APP_SCRIPT, ENV_DB
from dashboard.domain import Account
from dashboard.entries import Entry
from dashboard.progress import TextBar
from dashboard.store import users as user_store
from dashboard.store.db import connect, describe, is_server, open_db
from dashboard.store.items import batches as item_batches

# page key -> (file, the demo account the page is measured for)
PAGES: dict[str, tuple[str, str]] = {
    "beranda": ("views/home.py", "operator.kupang"),
    "input-harian": ("views/entry.py", "operator.kupang"),
    "unit-saya": ("views/unit_dashboard.py", "kepala.kupang"),
    "ringkasan": ("views/overview.py", "pusat"),
    "peringkat": ("views/rankings.py", "pusat"),
    "laporan": ("views/reports.py", "pusat"),
}
OVERVIEW = "ringkasan"
KINDS = ["berita_website", "medsos_instagram", "medsos_facebook", "kegiatan_diliput"]


@dataclass
class BenchResult:
    units: int
    days: int
    items: int
    build_s: float
    save_batch20_ms: float
    import_10k_s: float
    page_warm_ms: dict[str, float] = field(default_factory=dict)
    page_cold_ms: dict[str, float] = field(default_factory=dict)
    naive_page_ms: float = 0.0
    speedup_vs_naive: float = 0.0
    rss_mb: float = 0.0

    def as_json(self) -> dict:
        return {
            "items": self.items,
            "save_batch20_ms": round(self.save_batch20_ms, 2),
            "import_10k_s": round(self.import_10k_s, 2),
            "page_warm_ms": {k: round(v, 1) for k, v in self.page_warm_ms.items()},
            "page_cold_ms": {k: round(v, 1) for k, v in self.page_cold_ms.items()},
            "naive_page_ms": round(self.naive_page_ms, 1),
            "speedup_vs_naive": round(self.speedup_vs_naive, 1),
            "rss_mb": round(self.rss_mb, 1),
            "units": self.units,
            "days": self.days,
            "build_s": round(self.build_s, 1),
        }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


class _Links:
    """Fresh, never-seen evidence links for measured writes."""

    def __init__(self):
        self.serial = 0

    def __call__(self, unit_code: str) -> str:
        self.serial += 1
        return f"https://bench.kemenag.go.id/{unit_code}/berita/{time.time_ns()}-{self.serial}"


def save_batches(db, who, unit: dict, *, batches: int, links: _Links) -> float:
    """Median seconds to save a batch of 20 items through the operator's path."""
    today = clock.local_today(unit["tz"])
    samples = []
    for n in range(batches):
        entries = [
            Entry(
                day=today,
                kind=KINDS[(n + i) % len(KINDS)],
                title=f"Berita uji {n}-{i}",
                link=links(unit["code"]),
            )
            for i in range(20)
        ]
        started = time.perf_counter()
        result = item_batches.add_batch(db, who, unit["id"], entries, source="form")
        samples.append(time.perf_counter() - started)
        if len(result.added) != 20:
            raise RuntimeError(f"benchmark batch saved {len(result.added)} of 20")
    return statistics.median(samples)


def template_csv(rows: int, today: date, links: _Links, unit_code: str) -> bytes:
    """A template file of `rows` items over the past year, as operators fill it."""
    rng = random.Random(rows)
    out = io.StringIO()
    out.write("tanggal;jenis;judul;tautan;catatan\n")
    for n in range(rows):
        day = today - timedelta(days=rng.randrange(365))
        kind = KINDS[n % len(KINDS)]
        out.write(f"{day:%d/%m/%Y};{kind};Kegiatan humas nomor {n};{links(unit_code)};\n")
    return out.getvalue().encode("utf-8")


def import_rows(db, who, unit: dict, *, rows: int, links: _Links) -> float:
    from dashboard.ingest import importer, parse

    data = template_csv(rows, clock.local_today(unit["tz"]), links, unit["code"])
    started = time.perf_counter()
    parsed = parse(data, unit_tz=unit["tz"], fmt="template", name="bench.csv")
    result = importer.save(db, who, unit["id"], parsed)
    seconds = time.perf_counter() - started
    if len(result.batch.added) != rows:
        raise RuntimeError(f"benchmark import added {len(result.batch.added)} of {rows}")
    return seconds


def _account(db, username: str) -> Account:
    """An account of the synthetic database (humas synth makes every one the benchmark uses)."""
    user = user_store.by_username(db, username)
    if user is None:
        raise RuntimeError(f"no account {username!r}: bench runs on a `humas synth` database")
    return user


def page_times(db, key: str, *, runs: int, before_each: Callable[[], None] | None = None) -> float:
    """Median milliseconds of one page's script run for its account."""
    from streamlit.testing.v1 import AppTest

    file, username = PAGES[key]
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=300)
    at.session_state["principal"] = user_store.principal_of(_account(db, username))
    at.session_state["last_seen"] = time.time()
    at.run()
    at.switch_page(file)
    at.run()  # the first run of a page warms imports and caches
    if at.exception:
        raise RuntimeError(f"page {key} failed: {at.exception[0].value}")
    samples = []
    for _ in range(runs):
        at.session_state["last_seen"] = time.time()
        if before_each:
            before_each()
        started = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - started)
    if at.exception:
        raise RuntimeError(f"page {key} failed: {at.exception[0].value}")
    return _median_ms(samples)


def _frame(db, sql: str):
    import pandas as pd

    cursor = db.execute(sql)
    return pd.DataFrame(cursor.fetchall(), columns=[c[0] for c in cursor.description])


def naive_overview_ms(path: str, *, runs: int = 3) -> float:
    """The overview figures the naive way: all items into pandas, then plotly express."""
    import pandas as pd
    import plotly.express as px

    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        with connect(path, readonly=True) as db:
            items = _frame(
                db,
                "SELECT i.unit_id, i.day, k.grp, u.parent_id, u.type, u.name FROM items i "
                "JOIN metric_kinds k ON k.code = i.kind JOIN units u ON u.id = i.unit_id "
                "WHERE i.deleted = 0",
            )
            units = _frame(db, "SELECT id, name, type, parent_id FROM units")
        items["day"] = pd.to_datetime(items["day"])
        today = items["day"].max()
        month = items[items["day"] >= today.replace(day=1)]
        news = items[items["grp"] == "berita"]
        with_news = news[news["day"] == today]["unit_id"].nunique() / len(units)
        totals = month.groupby("grp").size()
        weekly = (
            news[news["day"] >= today - pd.Timedelta(weeks=12)]
            .set_index("day")
            .resample("W-MON")
            .size()
            .reset_index(name="berita")
        )
        last = news.groupby("unit_id")["day"].max()
        silent = (today - last).dt.days.ge(3).sum()
        per_parent = month[month["grp"] == "berita"].groupby("parent_id").size().reset_index()
        per_parent.columns = ["parent_id", "berita"]
        figures = [
            px.bar(weekly, x="day", y="berita", title="Berita per minggu"),
            px.bar(per_parent, x="parent_id", y="berita", title="Berita per Kanwil"),
        ]
        for figure in figures:
            figure.to_json()
        del with_news, totals, silent
        samples.append(time.perf_counter() - started)
    return _median_ms(samples)


def _in_child(target, *args):
    """Run `target(*args)` in a fresh process and return its result.

    The synthetic build and the naive baseline each hold a large part of the
    data in memory; measured in their own process, they do not inflate the
    peak memory reported for the app's own work (store, import, pages).
    """
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(target, args)


def _build(path: str, units: int | None, days: int):
    built = synth.build(path, units=units, days=days, report=TextBar())
    return built.units, built.days, built.seconds


def run(
    *,
    units: int | None = None,
    days: int = synth.NATIONAL_DAYS,
    folder: Path | None = None,
    keep: bool = False,
    page_runs: int = 7,
    batches: int = 100,
    db_url: str | None = None,
    reuse: bool = False,
    log: Callable[[str], None] = lambda line: None,
) -> BenchResult:
    if db_url is not None and not is_server(db_url):
        raise ValueError("db_url must be a PostgreSQL URL")
    folder = Path(folder or tempfile.mkdtemp(prefix="humas-bench-"))
    path = db_url or str(folder / "bench.db")
    previous_db = os.environ.get(ENV_DB)
    try:
        if reuse and synth.live_items(path):
            log(f"measuring the synthetic database already in {describe(path)} ...")
            with connect(path, readonly=True) as db:
                # The units with output (the build's, and the one the measured writes go to).
                built_units = db.execute(
                    "SELECT count(DISTINCT unit_id) FROM daily_counts"
                ).fetchone()[0]
                first, last = db.execute("SELECT min(day), max(day) FROM daily_counts").fetchone()
            built_days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
            build_s = 0.0
        else:
            log(f"building a synthetic database in {describe(path)} ...")
            built_units, built_days, build_s = _in_child(_build, str(path), units, days)
        os.environ[ENV_DB] = str(path)
        db = open_db(path)
        try:
            links = _Links()
            # Writes go to another unit than the one whose pages are measured: 2,000 items
            # today would measure an operator's day that never happens.
            operator = _account(db, "operator.jatim")
            who = user_store.principal_of(operator)
            unit: dict = {
                "id": operator.unit_id,
                "code": operator.unit_code,
                "tz": operator.unit_tz,
            }
            log("saving batches of 20 ...")
            batch_s = save_batches(db, who, unit, batches=batches, links=links)
            log("importing 10,000 template rows ...")
            import_s = import_rows(db, who, unit, rows=10_000, links=links)

            def a_write() -> None:
                item_batches.add_batch(
                    db,
                    who,
                    unit["id"],
                    [
                        Entry(
                            day=clock.local_today(unit["tz"]),
                            kind="medsos_x",
                            title="x",
                            link=links("w"),
                        )
                    ],
                )

            warm, cold = {}, {}
            for key in PAGES:
                log(f"page {key} ...")
                warm[key] = page_times(db, key, runs=page_runs)
                cold[key] = page_times(db, key, runs=max(3, page_runs // 2), before_each=a_write)
            app_rss = peak_rss_mb()
            log("the naive overview ...")
            naive = _in_child(naive_overview_ms, path)
        finally:
            db.close()
        return BenchResult(
            units=built_units,
            days=built_days,
            items=synth.live_items(path),
            build_s=build_s,
            save_batch20_ms=batch_s * 1000,
            import_10k_s=import_s,
            page_warm_ms=warm,
            page_cold_ms=cold,
            naive_page_ms=naive,
            speedup_vs_naive=naive / warm[OVERVIEW] if warm[OVERVIEW] else 0.0,
            rss_mb=app_rss,
        )
    finally:
        if previous_db is None:
            os.environ.pop(ENV_DB, None)
        else:
            os.environ[ENV_DB] = previous_db
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
