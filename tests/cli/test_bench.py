import pytest

from dashboard.cli import main
from dashboard.store.db import open_db


def test_synth_builds_the_asked_size(tmp_path, capsys):
    path = tmp_path / "synth.db"
    code = main(["synth", "--db", str(path), "--units", "8", "--days", "5"])
    out, _ = capsys.readouterr()
    assert code == 0 and "8 units x 5 days" in out
    db = open_db(path)
    assert db.conn.execute("SELECT count(DISTINCT unit_id) FROM items").fetchone()[0] <= 8
    db.close()


def test_synth_refuses_the_configured_real_database(tmp_path, capsys, monkeypatch):
    real = tmp_path / "real.db"
    monkeypatch.setenv("HUMAS_DB", str(real))
    code = main(["synth", "--db", str(real), "--units", "3", "--days", "2"])
    _, err = capsys.readouterr()
    assert code == 1 and "real database" in err and not real.exists()


@pytest.mark.parametrize("args", [["--units", "0"], ["--days", "0"]])
def test_synth_refuses_sizes_below_one(tmp_path, capsys, args):
    code = main(["synth", "--db", str(tmp_path / "x.db"), *args])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1


def test_synth_needs_an_explicit_path(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["synth"])
    assert stop.value.code == 2
