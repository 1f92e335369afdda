"""A periodic job runs once across processes (hosts, on PostgreSQL): store/jobs.py."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from dashboard.store import jobs
from dashboard.store.db import StoreError
from tests.conftest import REPO

# A second process that takes the job, says so, and holds it until its stdin closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from dashboard.store import jobs
    with jobs.exclusive(sys.argv[1], sys.argv[2]) as got:
        print("got" if got else "busy", flush=True)
        sys.stdin.read()
    """
)


def _holder(db_path, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), name],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _another_process_says(db_path, name: str) -> str:
    """What a second process finds when it asks for the job ("got" or "busy"); it lets go."""
    other = _holder(db_path, name)
    try:
        return other.stdout.readline().strip()
    finally:
        other.stdin.close()
        other.wait(30)


@pytest.mark.slow
def test_a_job_held_by_another_process_is_not_run_here_until_it_ends(db_path):
    other = _holder(db_path, "harvest")
    try:
        assert other.stdout.readline().strip() == "got"
        with jobs.exclusive(db_path, "harvest") as got:
            assert not got  # the other process has it
        with jobs.exclusive(db_path, "checks") as got:
            assert got  # another job is free
    finally:
        other.stdin.close()
        other.wait(30)
    with jobs.exclusive(db_path, "harvest") as got:
        assert got  # released when its holder ended


@pytest.mark.slow
def test_a_killed_holder_leaves_no_stale_lock(db_path):
    other = _holder(db_path, "messages")
    try:
        assert other.stdout.readline().strip() == "got"
    finally:
        other.kill()
        other.wait(30)
    with jobs.exclusive(db_path, "messages") as got:
        assert got


@pytest.mark.slow
def test_a_process_holding_a_job_keeps_others_out_until_it_leaves_the_block(db_path):
    with jobs.exclusive(db_path, "harvest") as got:
        assert got
        assert _another_process_says(db_path, "harvest") == "busy"
    assert _another_process_says(db_path, "harvest") == "got"


def test_job_names_are_checked(db_path):
    with pytest.raises(StoreError), jobs.exclusive(db_path, "../../etc/passwd"):
        pass
