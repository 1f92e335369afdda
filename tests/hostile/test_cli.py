"""`humas user add` and `humas import` given the corpus on the command line.

A refusal is one line on stderr and a non-zero exit, never a traceback, and
nothing stored changes; an accepted value is stored exactly as given.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from dashboard.cli import main
from dashboard.store import users as user_store
from tests.conftest import REPO
from tests.hostile.corpus import ALWAYS_REFUSED, TEXTS, snapshot

FIELDS = ["username", "--full-name", "--email", "password"]


def _add(monkeypatch, db_path, *, username="siti.uji", options=(), password="kata-sandi-uji-1"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(
        [
            "user",
            "add",
            username,
            "--role",
            "operator",
            "--unit",
            "kanwil-ntt",
            *options,
            "--password-stdin",
            "--db",
            str(db_path),
        ]
    )


@pytest.mark.parametrize("field", FIELDS)
def test_humas_user_add(db, db_path, capsys, monkeypatch, field):
    for i, (name, text) in enumerate(TEXTS.items()):
        username = f"siti.{i}"
        kwargs = {"username": username}
        if field == "username":
            kwargs["username"] = text
        elif field == "password":
            kwargs["password"] = text.replace("\n", " ").replace("\r", " ")  # stdin is a line
        else:
            kwargs["options"] = (field, text)
        before = snapshot(db)
        code = _add(monkeypatch, db_path, **kwargs)
        out, err = capsys.readouterr()
        accepted = {
            "username": False,
            "--full-name": name not in ALWAYS_REFUSED,
            "--email": False,
            "password": 10 <= len(kwargs.get("password", "")) <= 256,
        }[field]
        if accepted:
            assert code == 0 and err == "", (name, err)
            user = user_store.by_username(db, username)
            if field == "--full-name":
                assert user.full_name == text.strip(), name
        else:
            assert code != 0, name
            assert out == "" and err.startswith("humas: ") and err.count("\n") == 1, (name, err)
            assert snapshot(db) == before, name


@pytest.mark.slow
def test_the_real_command_line_with_bytes_that_are_not_utf8(db, db_path):
    """Through the `humas` entry point in a process of its own, as a shell would pass them."""
    env = dict(os.environ, HUMAS_DB=str(db_path))
    command = [sys.executable, "-c", "import sys; from dashboard.cli import main; sys.exit(main())"]
    cases = [
        [
            b"user",
            b"add",
            b"siti",
            b"--role",
            b"operator",
            b"--unit",
            b"kanwil-ntt",
            b"--full-name",
            b"Siti \xff\xfe",
            b"--password-stdin",
        ],
        [b"import", b"berkas.csv", b"--unit", b"kanwil\xc3\x28"],
        [b"user", b"deactivate", b"\xffsiti"],
    ]
    before = snapshot(db)
    for args in cases:
        done = subprocess.run(
            [os.fsencode(c) for c in command] + args,
            input=b"kata-sandi-uji-1\n",
            capture_output=True,
            cwd=REPO,
            env=env,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert b"Traceback" not in done.stderr
        assert done.stderr.endswith(b": not valid UTF-8 text\n") and done.stderr.count(b"\n") == 1
    assert snapshot(db) == before
