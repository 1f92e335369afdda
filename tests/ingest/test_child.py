"""Every upload is read in a child process with memory and time limits (issue 18, item 2).

The stand-ins in tests/ingest/hogs.py play a parser that eats memory, never
ends, is killed by the kernel, or crashes; each must end as one Indonesian
refusal in the caller, with the child gone and the caller unharmed.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dashboard import errors, ingest, words
from dashboard.entries import Entry, OutTake
from dashboard.ingest import child
from dashboard.ingest.common import Parsed
from tests.ingest.conftest import fixture_bytes

HOGS = "tests.ingest.hogs"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0); its state in /proc says it has ended.
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" in status.read_text()


def test_the_file_is_read_in_another_process():
    parsed = child.parse(b"hello", {"name": "x.csv"}, target=f"{HOGS}:whoami")
    assert int(parsed.entries[0].title) != os.getpid()
    assert parsed.entries[0].note == "hello" and parsed.name == "x.csv"


def test_a_parser_that_eats_memory_is_stopped_at_the_limit(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(ingest.Unreadable, match="melewati batas memori"):
        child.parse(
            b"x",
            {"pid_file": str(pid_file)},
            target=f"{HOGS}:eat_memory",
            memory_bytes=256 * 1024 * 1024,
        )
    assert _gone(int(pid_file.read_text()))


def test_a_child_the_kernel_kills_is_a_refusal_too():
    with pytest.raises(ingest.Unreadable, match="melewati batas memori"):
        child.parse(b"x", {}, target=f"{HOGS}:killed_by_the_kernel")


def test_a_parser_that_never_ends_is_killed_at_the_deadline(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(ingest.Unreadable, match="lebih dari 2 detik"):
        child.parse(b"x", {"pid_file": str(pid_file)}, target=f"{HOGS}:never_ends", seconds=2)
    assert _gone(int(pid_file.read_text()))


def test_a_crashing_parser_is_one_line_without_its_traceback():
    with pytest.raises(ingest.Unreadable) as refused:
        child.parse(b"x", {}, target=f"{HOGS}:crashes")
    assert str(refused.value) == words.text(child.FAILED)


def test_uploads_wait_their_turn_and_are_refused_when_none_comes(monkeypatch):
    monkeypatch.setattr(child, "_turns", threading.BoundedSemaphore(1))
    monkeypatch.setattr(child, "WAIT_SECONDS", 0.2)
    child._turns.acquire()  # another upload is being read
    try:
        with pytest.raises(ingest.Unreadable, match="coba lagi sebentar lagi"):
            ingest.parse(fixture_bytes("template-items.csv"), unit_tz="Asia/Jakarta")
    finally:
        child._turns.release()
    assert ingest.parse(fixture_bytes("template-items.csv"), unit_tz="Asia/Jakarta").entries


def test_the_answer_comes_back_whole():
    """What crosses the process boundary (JSON) is exactly what the parser made."""
    parsed = Parsed(
        format="meta-instagram",
        entries=[
            Entry(
                day=date(2026, 11, 24),
                kind="medsos_instagram",
                title="Judul ✓ ‮",
                link="https://instagram.com/p/x",
                note="baris\nkedua",
                tag="capaian",
                published_at=datetime(2026, 11, 24, 3, 30, tzinfo=UTC),
                line=7,
                problems=(
                    ("day", errors.problem(errors.ENTRY_DAY_SHAPE)),
                    ("link", errors.problem(errors.IMPORT_NOT_PLATFORM, platform="Instagram")),
                ),
            ),
            Entry(day=None, line=8),
        ],
        outtakes=[(0, OutTake("instagram.com/p/x", "medsos_instagram", "reach", 120, "lifetime"))],
        skipped_empty=3,
        name="ekspor.csv",
    )
    back = child.decode(child.encode(parsed))
    assert back == parsed


@pytest.mark.parametrize(
    "name",
    ["template-items.csv", "meta-instagram-posts.csv", "rss-website.xml", "atom-website.xml"],
)
def test_the_child_reads_every_format_as_this_process_does(name):
    data = fixture_bytes(name)
    assert ingest.parse(data, unit_tz="Asia/Makassar", name=name) == ingest.parse_here(
        data, unit_tz="Asia/Makassar", name=name
    )
