"""The scheduler: each job once per interval across every scheduler, on any host."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.cli import main
from dashboard.jobs import runner
from dashboard.jobs.registry import Job, jobs
from dashboard.service import harvest as harvest_service
from dashboard.store import channels as channel_store
from dashboard.store import jobs as job_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import DatabaseUnavailable, connect
from tests.conftest import unit_id
from tests.fakes.channels import NOW
from tests.fakes.services import WordPressSite
from tests.jobs.claimer import claim_at_once

T0 = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
EVERY, LEASE = timedelta(minutes=30), timedelta(minutes=40)
BOTH = pytest.mark.backends("sqlite", "postgresql")  # the lease row is the same SQL on both


def claim(db, holder, at):
    return job_store.claim(db, "harvest", holder, now=at, every=EVERY, lease=LEASE)


@BOTH
def test_a_job_runs_when_due_and_free_and_only_its_holder_ends_it(db):
    assert claim(db, "a:1", T0)
    assert not claim(db, "b:2", T0 + timedelta(minutes=1))  # held
    assert not job_store.finish(db, "harvest", "b:2", ok=True, message="x", now=T0)
    assert job_store.finish(db, "harvest", "a:1", ok=True, message="5 channels", now=T0)
    assert not claim(db, "b:2", T0 + timedelta(minutes=10))  # not due: started 10 min ago
    assert claim(db, "b:2", T0 + EVERY)
    (row,) = job_store.status(db)
    assert (row["holder"], row["status"], row["started_at"]) == (
        "b:2",
        "running",
        "2026-11-25T05:30:00Z",
    )


@BOTH
def test_a_scheduler_that_died_holds_the_job_only_until_its_lease_ends(db):
    assert claim(db, "mati:1", T0)  # never finishes
    assert not claim(db, "b:2", T0 + EVERY)
    assert claim(db, "b:2", T0 + LEASE)


@BOTH
@pytest.mark.slow
def test_schedulers_in_several_processes_starting_together_run_a_job_once(db_path):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [
        context.Process(target=claim_at_once, args=(str(db_path), f"p{n}", barrier, results))
        for n in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    answers = [results.get(timeout=30) for _ in workers]
    assert not [got for _, got in answers if isinstance(got, str)]  # no child failed
    won = [holder for holder, got in answers if got]
    assert len(won) == 1
    with connect(db_path) as db:
        assert job_store.status(db)[0]["holder"] == won[0]


def test_run_due_records_success_and_failure_and_goes_on(db_path):
    calls = []

    def good(path, budget, stop):
        calls.append(budget)
        return "3 channels: added 2"

    def bad(path, budget, stop):
        raise RuntimeError("pecah\ndetail")

    clock = iter([T0, T0 + timedelta(seconds=5), T0, T0 + timedelta(seconds=1)])
    ran = runner.run_due(
        db_path,
        [Job("bagus", EVERY, good, timedelta(minutes=24)), Job("rusak", EVERY, bad, EVERY)],
        holder="h:1",
        now=lambda: next(clock),
    )
    assert [(r.job, r.ok, r.message) for r in ran] == [
        ("bagus", True, "3 channels: added 2"),
        ("rusak", False, "pecah"),
    ]
    assert calls == [24 * 60]
    assert ran[0].line() == "2026-11-25T05:00:00Z bagus: ok in 5 s: 3 channels: added 2"
    with connect(db_path) as db:
        assert {r["name"]: (r["status"], r["holder"]) for r in job_store.status(db)} == {
            "bagus": ("ok", None),
            "rusak": ("failed", None),
        }


def test_serve_runs_until_stopped(db_path):
    stop, said, ran = threading.Event(), [], threading.Event()

    def job(path, budget, stop):
        ran.set()
        stop.set()
        return "selesai"

    thread = threading.Thread(
        target=runner.serve,
        args=(db_path, [Job("uji", EVERY, job, EVERY)]),
        kwargs={"stop": stop, "tick_s": 0.05, "say": said.append},
    )
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and ran.is_set()
    assert said[0].startswith("scheduler ") and "uji every 30 min" in said[0]
    assert "uji: ok" in said[1] and said[-1] == "scheduler stopped"


def test_serve_waits_out_a_database_that_is_away(tmp_path, monkeypatch):
    stop, said = threading.Event(), []

    def away(*args, **kwargs):
        stop.set()
        raise DatabaseUnavailable("database gone: for the test")

    monkeypatch.setattr(runner, "run_job", away)
    job = Job("uji", EVERY, lambda *a: "ok", EVERY)
    runner.serve(tmp_path / "x.db", [job], stop=stop, tick_s=0.01, say=said.append)
    assert any("database gone" in line for line in said)
    assert said[-1] == "scheduler stopped"


def test_the_harvest_interval_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("HUMAS_HARVEST_EVERY_MIN", "45")
    (harvest,) = [job for job in jobs() if job.name == "harvest"]
    assert (harvest.name, harvest.every, harvest.budget) == (
        "harvest",
        timedelta(minutes=45),
        timedelta(minutes=36),
    )
    monkeypatch.setenv("HUMAS_HARVEST_EVERY_MIN", "2")
    with pytest.raises(ValueError, match="HUMAS_HARVEST_EVERY_MIN"):
        jobs()


def test_humas_scheduler_once_runs_the_harvest_then_nothing_is_due(
    db, db_path, capsys, monkeypatch, channel_world
):
    monkeypatch.setenv("HUMAS_NOW", NOW.isoformat())
    monkeypatch.setattr(harvest_service, "fetchers_from_env", channel_world.fetchers)
    channel_store.add(
        db,
        SYSTEM,
        unit_id(db, "kankemenag-kota-kupang"),
        "youtube",
        channel_world.registrations()["youtube"][0],
    )
    assert main(["scheduler", "--once", "--db", str(db_path)]) == 0
    out, _ = capsys.readouterr()
    assert "harvest: ok" in out and "added 1" in out
    assert main(["scheduler", "--once", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no job is due" in err
    assert main(["scheduler", "--list", "--db", str(db_path)]) == 0
    out, _ = capsys.readouterr()
    assert (
        out.startswith("harvest      every 30 min  last start 2026-11-25T05:30:00Z")
        and " ok " in out
    )
    monkeypatch.setenv("HUMAS_HARVEST_EVERY_MIN", "nol")
    assert main(["scheduler", "--once", "--db", str(db_path)]) == 2


@pytest.mark.slow
def test_two_scheduler_processes_started_together_harvest_once(db, db_path, fake_http):
    site = WordPressSite(fake_http, [])
    channel_store.add(
        db, SYSTEM, unit_id(db, "kankemenag-kota-kupang"), "website", fake_http.url("/")
    )
    env = dict(os.environ, HUMAS_DB=str(db_path))
    command = [sys.executable, "-m", "dashboard.cli", "scheduler", "--once"]
    started = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    answers = [p.communicate(timeout=120) for p in started]
    assert [p.returncode for p in started] == [0, 0]
    outs = [out for out, _ in answers]
    assert sum("harvest: ok" in out for out in outs) == 1, answers
    assert len(fake_http.hits("/")) == 1  # the site was read by one of them
    assert site.posts == []


def test_the_link_checks_run_in_the_same_scheduler(monkeypatch):
    monkeypatch.setenv("HUMAS_VERIFY_EVERY_MIN", "60")
    found = {job.name: job for job in jobs()}
    assert {"harvest", "notify", "verify"} <= set(found)
    assert found["verify"].every == timedelta(minutes=60)
