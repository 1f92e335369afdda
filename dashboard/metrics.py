"""What /metrics tells a monitor, in Prometheus' text format (prometheus_client).

Two kinds of figures:

- This process's own: page runs by page with their duration, sign-ins by
  method and outcome. Each worker counts its own; scrape every worker on its
  port (127.0.0.1:PORT/metrics), as Prometheus expects of several processes.
- The database's, read at each scrape, so every worker reports the same truth:
  live sessions, items created, imports, the data version, the file's size.

No Streamlit here: the shell and the sign-in pages call `page_run` and
`sign_in`; dashboard/web/routes.py serves `render()`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from dashboard import clock
from dashboard.config import db_path
from dashboard.store import sessions as session_store
from dashboard.store import settings as settings_store
from dashboard.store.db import connect, data_version, scalar

CONTENT_TYPE = CONTENT_TYPE_LATEST
disable_created_metrics()  # no "_created" twin of every counter: nothing here reads them
REGISTRY = CollectorRegistry(auto_describe=True)

PAGE_RUNS = Histogram(
    "humas_page_run_seconds",
    "Page script runs of this process, by page, and how long each took.",
    ["page"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
SIGN_INS = Counter(
    "humas_sign_ins",
    "Sign-in attempts in this process, by method (password, sso) and outcome (ok, failed, locked).",
    ["method", "outcome"],
    registry=REGISTRY,
)
OUTCOMES = ("ok", "failed", "locked")
for _method in ("password", "sso"):
    for _outcome in OUTCOMES:
        SIGN_INS.labels(_method, _outcome)  # every series from the start, at 0


class GateCollector:
    """The queue page runs wait in (serve/gate.py), in this process, at each scrape."""

    def describe(self) -> list:
        return []

    def collect(self) -> Iterator:
        from dashboard.serve import gate

        runs = gate.runs
        running = GaugeMetricFamily(
            "humas_page_runs_running", "Page runs of this process inside the gate now."
        )
        running.add_metric([], runs.running())
        waiting = GaugeMetricFamily(
            "humas_page_runs_waiting", "Page runs of this process waiting for their turn now."
        )
        waiting.add_metric([], runs.waiting())
        queued = CounterMetricFamily(
            "humas_page_runs_queued",
            "Page runs of this process that had to wait for their turn, since it started.",
        )
        queued.add_metric([], runs.queued)
        yield from (running, waiting, queued)
        from dashboard.serve import script_gate

        early = GaugeMetricFamily(
            "humas_page_runs_gate_early",
            "1 when runs take the gate where Streamlit begins them and keep it until their"
            " answer is sent (serve/script_gate.py), 0 when only app.py gates.",
        )
        early.add_metric([], 1 if script_gate.installed() else 0)
        waits = CounterMetricFamily(
            "humas_page_runs_answer_waits",
            "Runs that waited in their turn for their answer to be sent, by how the wait ended.",
            labels=["outcome"],
        )
        for outcome, count in script_gate.answer_waits.items():
            waits.add_metric([outcome], count)
        yield from (early, waits)


REGISTRY.register(GateCollector())


def page_run(page: str, seconds: float) -> None:
    PAGE_RUNS.labels(page or "-").observe(seconds)


def sign_in(method: str, outcome: str) -> None:
    SIGN_INS.labels(method, outcome).inc()


class DatabaseCollector:
    """Figures read from the database at each scrape (the same in every worker)."""

    def __init__(self, path_of=db_path):
        self.path_of = path_of

    def describe(self) -> list:
        return []  # collected only when scraped: never at registration

    def collect(self) -> Iterator:
        path = Path(self.path_of()).resolve()
        size = GaugeMetricFamily(
            "humas_database_bytes", "Size of the database file and its write-ahead log."
        )
        size.add_metric([], sum(_size(Path(f"{path}{end}")) for end in ("", "-wal")))
        yield size
        up = GaugeMetricFamily("humas_database_up", "1 when the database answered this scrape.")
        try:
            figures = _read(path)
        except (sqlite3.Error, OSError, Exception):  # a monitor must see "down", not an error page
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, help_text, value, kind in figures:
            family = (CounterMetricFamily if kind == "counter" else GaugeMetricFamily)(
                name, help_text
            )
            family.add_metric([], value)
            yield family


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _read(path: Path) -> list[tuple[str, str, float, str]]:
    with connect(path, readonly=True) as db:
        idle = timedelta(minutes=settings_store.get_int(db, "session_idle_minutes"))
        return [
            (
                "humas_sessions_active",
                "Sessions signed in and not idle, ended or expired.",
                session_store.count_live(db, now=clock.utc_now(), idle=idle),
                "gauge",
            ),
            (
                "humas_data_version",
                "The data version (bumped by every write).",
                data_version(db),
                "gauge",
            ),
            (
                "humas_items_created",
                "Items ever created, from any source (the highest item id).",
                scalar(db, "SELECT coalesce(max(id), 0) FROM items"),
                "counter",
            ),
            (
                "humas_imports",
                "Imports committed (template, Meta exports, feeds), from the audit log.",
                scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'import'"),
                "counter",
            ),
        ]


REGISTRY.register(DatabaseCollector())


def render() -> bytes:
    return generate_latest(REGISTRY)
