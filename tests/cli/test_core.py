import csv
import io
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.store.db import open_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_then_units_csv(tmp_path, capsys):
    path = str(tmp_path / "h.db")
    code, out, _ = run(capsys, "init", "--db", path)
    assert code == 0 and "units added: 627" in out
    code, out, _ = run(capsys, "units", "--format", "csv", "--db", path)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["code", "name", "type", "parent_code", "province", "tz", "active"]
    types = Counter(r["type"] for r in rows)
    assert types["KANWIL"] == 34 and types["KANKEMENAG"] == 514
    assert all(r["tz"] == "Asia/Makassar" for r in rows if r["province"] == "Nusa Tenggara Timur")
    assert all(r["tz"] == "Asia/Jayapura" for r in rows if r["province"] == "Papua")


def test_db_from_environment(tmp_path, capsys, monkeypatch):
    path = tmp_path / "env.db"
    monkeypatch.setenv("HUMAS_DB", str(path))
    assert run(capsys, "init")[0] == 0
    assert path.exists()


def test_units_on_a_missing_database_fails_without_creating_it(tmp_path, capsys):
    path = tmp_path / "missing.db"
    code, _, err = run(capsys, "units", "--db", str(path))
    assert code == 1 and "does not exist" in err
    assert not path.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_path(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    code, _, err = run(capsys, "init", "--db", str(folder / "h.db"))
    assert code == 1 and err.count("\n") == 1


def test_path_that_cannot_be_a_database(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "init", "--db", str(blocker / "h.db"))
    assert code == 1 and err.startswith("humas: ") and err.count("\n") == 1


def test_newer_schema(db_path, capsys):
    db = open_db(db_path)
    db.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('humas', 'm999_x', 'x')"
    )
    db.close()
    code, _, err = run(capsys, "init", "--db", str(db_path))
    assert code == 1 and "newer" in err
    code, _, err = run(capsys, "units", "--db", str(db_path))
    assert code == 1 and "newer" in err


@pytest.mark.slow
def test_the_console_script_is_installed(tmp_path):
    humas = shutil.which("humas", path=str(Path(sys.executable).parent))
    if humas is None:
        pytest.skip("the package is not installed with its console script")
    result = subprocess.run(
        [humas, "init", "--db", str(tmp_path / "h.db")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
