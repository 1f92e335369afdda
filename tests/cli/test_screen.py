import re

import pytest

from dashboard.cli import main
from dashboard.store import audit, screens


def run(capsys, db_path, *args):
    code = main(["screen", *args, "--db", str(db_path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_the_path_once_and_the_token_opens_the_link(db, db_path, capsys):
    code, out, err = run(capsys, db_path, "add", "--scope", "kanwil-ntt", "--days", "3")
    assert code == 0
    match = re.fullmatch(r"/\?layar=([A-Za-z0-9_-]{43})\n", out)
    assert match, out
    assert "shown only this once" in err and "kanwil-ntt" in err
    link = screens.resolve(db, match.group(1))
    assert link.unit_code == "kanwil-ntt" and link.rotate_seconds == screens.DEFAULT_ROTATE
    assert audit.recent(db, limit=1)[0].actor == "system"
    # The list never shows the token again.
    code, out, _ = run(capsys, db_path, "list")
    assert code == 0 and match.group(1) not in out and "kanwil-ntt" in out and "active" in out


def test_national_scope_and_rotation(db, db_path, capsys):
    code, out, _ = run(capsys, db_path, "add", "--scope", "national", "--rotate", "45")
    assert code == 0
    link = screens.resolve(db, out.strip().split("=", 1)[1])
    assert link.national and link.rotate_seconds == 45


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scope", "kankemenag-kota-kupang"], "not a Kanwil"),
        (["--scope", "tidak-ada"], "unknown unit"),
        (["--scope", "kanwil-ntt", "--rotate", "5"], "10–300 detik"),
        (["--scope", "kanwil-ntt", "--days", "365"], "Masa berlaku"),
    ],
)
def test_bad_add_is_one_line_and_stores_nothing(db, db_path, capsys, args, message):
    code, out, err = run(capsys, db_path, "add", *args)
    assert code == 1 and message in err and err.count("\n") == 1 and out == ""
    assert db.conn.execute("SELECT count(*) FROM screen_links").fetchone()[0] == 0


def test_revoke(db, db_path, capsys):
    _, out, _ = run(capsys, db_path, "add", "--scope", "kanwil-ntt")
    token = out.strip().split("=", 1)[1]
    code, out, _ = run(capsys, db_path, "revoke", "1")
    assert code == 0 and "revoked" in out
    with pytest.raises(screens.LinkRefused):
        screens.resolve(db, token)
    _, out, _ = run(capsys, db_path, "list")
    assert "revoked" in out
    code, _, err = run(capsys, db_path, "revoke", "1")
    assert code == 1 and "sudah dicabut" in err
    code, _, err = run(capsys, db_path, "revoke", "satu")
    assert code == 2 and "whole number" in err
    code, _, err = run(capsys, db_path, "revoke", "99")
    assert code == 1 and "tidak ditemukan" in err
