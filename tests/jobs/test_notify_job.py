"""The scheduler's `notify` job, and jobs running side by side (a long one never holds back
the reminders)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from dashboard.cli import main
from dashboard.jobs import notify as notify_job
from dashboard.jobs import runner
from dashboard.jobs.registry import Job, jobs
from dashboard.service import notify
from dashboard.store import notify as store
from dashboard.store.access import SYSTEM
from tests.service.notify_helpers import AT_1405_WITA, Fakes


def test_the_notify_job_runs_every_minute_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv(notify_job.ENV_EVERY, raising=False)
    (job,) = [j for j in jobs() if j.name == "notify"]
    assert (job.every, job.budget, job.lease) == (
        timedelta(minutes=1),
        timedelta(seconds=50),
        timedelta(seconds=50) + timedelta(minutes=2),
    )
    monkeypatch.setenv(notify_job.ENV_EVERY, "5")
    assert notify_job.make().every == timedelta(minutes=5)
    monkeypatch.setenv(notify_job.ENV_EVERY, "0")
    with pytest.raises(ValueError, match="HUMAS_NOTIFY_EVERY_MIN"):
        notify_job.make()


def test_a_long_job_does_not_hold_back_a_short_one(db_path):
    """The harvest of many channels may take minutes; the reminders must keep their minute."""
    stop, release, said = threading.Event(), threading.Event(), []
    quick_runs = []

    def slow(path, budget, stop_event):
        release.wait(30)
        return "slow done"

    def quick(path, budget, stop_event):
        quick_runs.append(release.is_set())
        if len(quick_runs) >= 3:
            release.set()
        return "quick done"

    now = timedelta(0)
    thread = threading.Thread(
        target=runner.serve,
        args=(
            db_path,
            [Job("lama", now, slow, timedelta(minutes=5)), Job("cepat", now, quick, now)],
        ),
        kwargs={"stop": stop, "tick_s": 0.02, "say": said.append},
    )
    thread.start()
    release.wait(30)
    stop.set()
    thread.join(30)
    assert not thread.is_alive()
    # The short job ran (three times) while the long one was still running.
    assert quick_runs[:3] == [False, False, False]
    assert any("lama: ok" in line for line in said) and said[-1] == "scheduler stopped"


@pytest.mark.backends("sqlite", "postgresql")
def test_humas_scheduler_once_sends_the_due_reminders_once(
    db, db_path, accounts, monkeypatch, capsys, fake_http, smtp_server
):
    monkeypatch.setenv("HUMAS_NOW", AT_1405_WITA)
    fakes = Fakes(fake_http, smtp_server)
    monkeypatch.setattr(notify, "senders_from_env", lambda: fakes.senders)
    store.set_contact(db, SYSTEM, accounts["op.kupang"], "telegram", "111111")
    assert main(["scheduler", "--once", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "notify: ok" in out and "sent 1, skipped 0, failed 0" in out
    assert main(["scheduler", "--once", "--db", str(db_path)]) == 0  # not due again this minute
    assert "no job is due" in capsys.readouterr().err
    assert len(fakes.telegram.sent) == 1
    assert main(["scheduler", "--list", "--db", str(db_path)]) == 0
    assert "notify       every 1 min" in capsys.readouterr().out
