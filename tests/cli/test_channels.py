"""humas channel add | list | remove and humas harvest, as the issue's command contract says."""

from __future__ import annotations

import io
import json
import re
from dataclasses import asdict

import pytest

from dashboard.cli import main
from dashboard.service import harvest as harvest_service
from dashboard.store import audit
from dashboard.store import channels as channel_store
from dashboard.store.access import SYSTEM
from tests.fakes.channels import GRAPH_TOKEN, IG_ID, NOW, PAGE_ID, TIKTOK_TOKEN, YOUTUBE_ID

KUPANG = "kankemenag-kota-kupang"
LINE = re.compile(r"(\d+) ([a-z0-9-]+) ([a-z]+): (found \d+, added \d+, duplicates \d+|error: .+)")


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW.isoformat())


def run(capsys, monkeypatch, db_path, *args, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*args, "--db", str(db_path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def world(channel_world, monkeypatch):
    monkeypatch.setattr(harvest_service, "fetchers_from_env", channel_world.fetchers)
    return channel_world


def add_all(capsys, monkeypatch, db_path, world) -> dict[str, int]:
    ids = {}
    for kind, (address, token) in world.registrations().items():
        flag = "--url" if kind == "website" else "--id"
        extra = ["--token-stdin"] if token else []
        code, out, err = run(
            capsys,
            monkeypatch,
            db_path,
            "channel",
            "add",
            "--unit",
            KUPANG,
            "--type",
            kind,
            flag,
            address,
            *extra,
            stdin=f"{token}\n" if token else "",
        )
        assert code == 0 and re.fullmatch(r"\d+\n", out), (out, err)
        ids[kind] = int(out)
    return ids


def test_add_list_and_remove(db, db_path, capsys, monkeypatch, world):
    ids = add_all(capsys, monkeypatch, db_path, world)
    code, out, err = run(capsys, monkeypatch, db_path, "channel", "list")
    assert code == 0 and err == "5 channels\n"
    assert len(out.splitlines()) == 5 and all(" new " in line for line in out.splitlines())
    code, out, _ = run(capsys, monkeypatch, db_path, "channel", "list", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "id,unit,type,address,status,last_success,last_error"
    assert f"{ids['youtube']},{KUPANG},youtube,{YOUTUBE_ID},new,-," in lines
    code, out, _ = run(capsys, monkeypatch, db_path, "channel", "remove", str(ids["tiktok"]))
    assert code == 0 and out == f"channel {ids['tiktok']} removed\n"
    code, out, _ = run(capsys, monkeypatch, db_path, "channel", "list", "--unit", KUPANG)
    assert "tiktok" not in out and len(out.splitlines()) == 4
    code, _, err = run(capsys, monkeypatch, db_path, "channel", "remove", str(ids["tiktok"]))
    assert code == 1 and "tidak ditemukan" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "stdin", "code", "words"),
    [
        (["--type", "website", "--url", "ftp://kemenag.go.id"], "", 1, "http"),
        (["--type", "youtube", "--id", "UC1"], "", 1, "UC"),
        (["--type", "website", "--url", "https://a.go.id", "--token-stdin"], "x\n", 2, "no token"),
        (["--type", "tiktok", "--id", "@akun", "--token-stdin"], "\n", 2, "no token on standard"),
    ],
)
def test_bad_adds_are_one_line_and_store_nothing(
    db, db_path, capsys, monkeypatch, world, args, stdin, code, words
):
    got, out, err = run(
        capsys, monkeypatch, db_path, "channel", "add", "--unit", KUPANG, *args, stdin=stdin
    )
    assert (got, out) == (code, "") and words in err and err.count("\n") == 1
    assert channel_store.for_units(db, SYSTEM) == []


def test_a_token_without_a_key_is_refused_saying_how_to_make_one(
    db, db_path, capsys, monkeypatch, world
):
    monkeypatch.delenv("HUMAS_SECRET_KEY")
    monkeypatch.chdir(db_path.parent)  # no .streamlit/secrets.toml here
    monkeypatch.setenv("HOME", str(db_path.parent))
    code, out, err = run(
        capsys,
        monkeypatch,
        db_path,
        *("channel", "add", "--unit", KUPANG, "--type", "tiktok", "--id", "@akun", "--token-stdin"),
        stdin=TIKTOK_TOKEN + "\n",
    )
    assert code == 1 and out == "" and "HUMAS_SECRET_KEY" in err and "Fernet" in err
    assert TIKTOK_TOKEN not in err and channel_store.for_units(db, SYSTEM) == []


def test_harvest_prints_a_line_per_channel_and_a_second_run_adds_nothing(
    db, db_path, capsys, monkeypatch, world
):
    ids = add_all(capsys, monkeypatch, db_path, world)
    code, out, err = run(capsys, monkeypatch, db_path, "harvest")
    assert code == 0, err
    lines = out.splitlines()
    assert [LINE.fullmatch(line).group(1) for line in lines] == [
        str(i) for i in sorted(ids.values())
    ]
    assert f"{ids['website']} {KUPANG} website: found 3, added 3, duplicates 0" in lines
    assert f"{ids['instagram']} {KUPANG} instagram: found 1, added 1, duplicates 0" in lines
    assert "added 8" in err
    code, out, _ = run(capsys, monkeypatch, db_path, "harvest", "--json")
    answer = json.loads(out)
    assert answer["added"] == 0 and len(answer["channels"]) == 5
    assert set(answer["channels"][0]) == {
        "id",
        "unit",
        "type",
        "found",
        "added",
        "duplicates",
        "error",
    }
    assert all(c["error"] is None and c["added"] == 0 for c in answer["channels"])


def test_harvest_runs_on_through_channel_errors_and_says_them(
    db, db_path, capsys, monkeypatch, world
):
    ids = add_all(capsys, monkeypatch, db_path, world)
    for _ in range(8):  # every Graph call (Facebook and Instagram are read at the same time)
        world.graph.fail(190, message="Invalid OAuth access token.")
    code, out, _ = run(capsys, monkeypatch, db_path, "harvest", "--unit", KUPANG, "--json")
    assert code == 0
    errors = {c["id"]: c["error"] for c in json.loads(out)["channels"]}
    assert "kedaluwarsa" in errors[ids["facebook"]] and "kedaluwarsa" in errors[ids["instagram"]]
    assert errors[ids["website"]] is None and errors[ids["tiktok"]] is None


@pytest.mark.parametrize(
    ("args", "setup"),
    [
        (["--unit", "tidak-ada"], None),
        ([], "no-database"),
        ([], "bad-allow-hosts"),
    ],
)
def test_harvest_exits_2_when_it_cannot_run_at_all(
    db_path, tmp_path, capsys, monkeypatch, world, args, setup
):
    target = db_path
    if setup == "no-database":
        target = tmp_path / "tidak-ada" / "humas.db"
    if setup == "bad-allow-hosts":
        monkeypatch.undo()  # the real settings, read from the environment
        monkeypatch.setenv("HUMAS_FETCH_ALLOW_HOSTS", "bukan-host")
    code, out, err = run(capsys, monkeypatch, target, "harvest", *args)
    assert code == 2 and out == "" and err.count("\n") == 1, err


def test_no_output_of_any_command_holds_a_token(db, db_path, capsys, monkeypatch, world):
    add_all(capsys, monkeypatch, db_path, world)
    world.graph.fail(190, message=f"Invalid OAuth access token {GRAPH_TOKEN}.")
    outputs = []
    for args in (
        ("channel", "list"),
        ("channel", "list", "--format", "csv"),
        ("harvest",),
        ("harvest", "--json"),
        ("scheduler", "--list"),
    ):
        outputs.append(run(capsys, monkeypatch, db_path, *args))
    text = json.dumps(outputs) + json.dumps([asdict(e) for e in audit.recent(db, limit=1000)])
    for token in (GRAPH_TOKEN, TIKTOK_TOKEN):
        assert token not in text
    assert PAGE_ID in text and IG_ID in text  # the listing did run
