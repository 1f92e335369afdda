import io

import pytest

from dashboard import auth
from dashboard.cli import main
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM


def add(capsys, monkeypatch, db_path, *args, password="kata-sandi-panjang"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(["user", "add", *args, "--password-stdin", "--db", str(db_path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_user_then_sign_in(db, db_path, capsys, monkeypatch):
    code, out, _ = add(
        capsys, monkeypatch, db_path, "budi", "--role", "operator", "--unit", "kanwil-ntt"
    )
    assert code == 0 and "budi" in out
    assert auth.authenticate(db, "budi", "kata-sandi-panjang").role == "operator"


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["budi", "--role", "raja", "--unit", "kanwil-ntt"], "kata-sandi-panjang", "unknown role"),
        (
            ["budi", "--role", "operator", "--unit", "tidak-ada"],
            "kata-sandi-panjang",
            "tidak ditemukan",
        ),
        (["budi", "--role", "operator", "--unit", "kanwil-ntt"], "", "kosong"),
        (["budi", "--role", "operator", "--unit", "kanwil-ntt"], "pendek", "minimal"),
    ],
)
def test_bad_user_add(db, db_path, capsys, monkeypatch, args, password, message):
    code, _, err = add(capsys, monkeypatch, db_path, *args, password=password)
    assert code == 1 and message in err and err.count("\n") == 1
    assert user_store.by_username(db, "budi") is None


def test_duplicate_username(db, db_path, capsys, monkeypatch):
    add(capsys, monkeypatch, db_path, "budi", "--role", "operator", "--unit", "kanwil-ntt")
    code, _, err = add(
        capsys, monkeypatch, db_path, "BUDI", "--role", "admin", "--unit", "biro-humas"
    )
    assert code == 1 and "sudah dipakai" in err
    assert user_store.by_username(db, "budi").role == "operator"


def test_deactivate_and_reset(db, db_path, capsys, monkeypatch):
    add(capsys, monkeypatch, db_path, "budi", "--role", "operator", "--unit", "kanwil-ntt")
    assert main(["user", "deactivate", "budi", "--db", str(db_path)]) == 0
    assert auth.authenticate(db, "budi", "kata-sandi-panjang") is None
    assert main(["user", "activate", "budi", "--db", str(db_path)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-baru-sekali\n"))
    assert main(["user", "reset-password", "budi", "--password-stdin", "--db", str(db_path)]) == 0
    assert auth.authenticate(db, "budi", "sandi-baru-sekali") is not None
    assert main(["user", "deactivate", "siapa", "--db", str(db_path)]) == 1


# Bytes that are not UTF-8 reach Python as lone surrogates ("\udcff"): SQLite and argon2
# then failed with a traceback.
@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["budi", "--full-name", "Budi\udcff"], "kata-sandi-panjang", "full-name: not valid UTF-8"),
        (["budi\udcff"], "kata-sandi-panjang", "username: not valid UTF-8"),
        (["budi", "--email", "b\udcff@kemenag.go.id"], "kata-sandi-panjang", "email: not valid"),
        (["budi"], "kata-sandi\udcff\udcfe", "password on standard input is not valid UTF-8"),
    ],
)
def test_text_that_is_not_utf8_is_one_line_not_a_traceback(
    db, db_path, capsys, monkeypatch, args, password, message
):
    code, _, err = add(
        capsys,
        monkeypatch,
        db_path,
        *args,
        "--role",
        "operator",
        "--unit",
        "kanwil-ntt",
        password=password,
    )
    assert code in (1, 2) and message in err and err.count("\n") == 1
    assert user_store.list_users(db, SYSTEM) == []


def test_a_unit_code_that_is_not_utf8_is_refused_before_the_database(db_path, capsys):
    assert main(["import", "x.csv", "--unit", "kanwil\udcff", "--db", str(db_path)]) == 2
    assert capsys.readouterr().err == "humas: unit: not valid UTF-8 text\n"


def test_deactivate_ends_the_accounts_sessions(db, db_path, capsys, monkeypatch):
    from datetime import timedelta

    from dashboard import clock
    from dashboard.store import sessions

    add(capsys, monkeypatch, db_path, "budi", "--role", "operator", "--unit", "kanwil-ntt")
    budi = user_store.by_username(db, "budi").id
    now = clock.utc_now()
    for _ in range(2):
        sessions.start(db, budi, method="password", now=now, max_age=timedelta(days=30))
    capsys.readouterr()
    assert main(["user", "deactivate", "budi", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == "user budi deactivated; sessions ended: 2\n"
    live = db.conn.execute("SELECT count(*) FROM sessions WHERE ended_at IS NULL").fetchone()
    assert live == (0,)
    reasons = db.conn.execute("SELECT DISTINCT end_reason FROM sessions").fetchall()
    assert reasons == [("deactivated",)]
