"""`humas` when the database fails: one line on stderr, a non-zero exit, never a traceback.

Issue 18, item 7. The command line is the admin's: its line names the file and
SQLite's own words (the page shows people only the short Indonesian sentence).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.faults import busy, full_disk, small_pages, unwritable
from tests.ingest.conftest import FIXTURES


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> bool:
    """One line says what failed, and it is the last (progress lines may come before it)."""
    lines = err.splitlines()
    said = [line for line in lines if line.startswith("humas: ")]
    return len(said) == 1 and lines[-1] == said[0] and "Traceback" not in err


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-26T01:00:00Z")


def test_a_read_only_database_is_read_and_refuses_a_write_in_one_line(db_path, capsys):
    with unwritable(db_path):
        code, out, _ = run(capsys, "units", "--type", "KANWIL", "--db", str(db_path))
        assert code == 0 and out.count("\n") >= 34
        code, out, err = run(
            capsys,
            "import",
            str(FIXTURES / "rss-website.xml"),
            "--unit",
            "kanwil-ntt",
            "--dry-run",
            "--db",
            str(db_path),
        )
        assert (code, out) == (0, "added 3, duplicates 0, rejected 0\n")  # a preview reads
        code, out, err = run(
            capsys, "import", str(FIXTURES / "rss-website.xml"), "--unit", "kanwil-ntt",
            "--db", str(db_path),
        )  # fmt: skip
    assert code == 1 and out == "" and one_line(err)
    assert str(db_path) in err and "readonly" in err


def test_a_busy_database_is_one_line(db_path, capsys, monkeypatch):
    with busy(db_path, monkeypatch):
        code, _, err = run(capsys, "screen", "add", "--scope", "national", "--db", str(db_path))
    assert code == 1 and one_line(err) and "locked" in err


def test_a_full_disk_is_one_line(db_path, capsys, monkeypatch):
    small_pages(db_path)
    full_disk(monkeypatch)
    code, _, err = run(
        capsys, "import", str(FIXTURES / "template-items.csv"), "--unit", "kanwil-ntt",
        "--db", str(db_path),
    )  # fmt: skip
    assert code == 1 and one_line(err) and "full" in err


def test_a_damaged_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "rusak.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    code, _, err = run(capsys, "units", "--db", str(path))
    assert code == 1 and one_line(err)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount")
def test_a_really_full_file_system_is_one_line(tmp_path):
    """`humas init` onto a 128 KiB tmpfs: SQLite meets ENOSPC part-way through the schema."""
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(tiny)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "init", "--db", str(tiny / "humas.db")],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
            timeout=120,
        )
    finally:
        subprocess.run(["umount", str(tiny)], check=True)
    assert done.returncode == 1 and done.stdout == ""
    assert one_line(done.stderr) and "full" in done.stderr


def test_humas_run_serves_a_read_only_database(db_path, capsys, monkeypatch):
    """`humas run` seeds at start, which writes: on a read-only database it says so and serves."""
    from dashboard.cli import core

    started = []
    monkeypatch.setattr(core.os, "execve", lambda *args: started.append(args))
    monkeypatch.setattr(core.os, "chdir", lambda _path: None)
    with unwritable(db_path):
        code, out, err = run(capsys, "run", "--db", str(db_path), "--port", "18765")
    assert code == 0 and err == "" and len(started) == 1
    assert "serving the database read-only" in out
