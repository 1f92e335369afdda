"""humas verify, humas review and humas kpi's verified/flagged, per the command contract (issue 14)."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main
from dashboard.store import checks as check_store
from tests.conftest import principal
from tests.service.test_verify import add, page

KUPANG = "kankemenag-kota-kupang"


@pytest.fixture
def site(db, fake_http, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T09:00:00Z")
    page(fake_http, "/baik")
    page(fake_http, "/lama", date="2026-10-01T10:00:00+08:00")
    good = add(db, KUPANG, fake_http.url("/baik"))
    old = add(db, KUPANG, fake_http.url("/lama"))
    return fake_http, good, old


def test_verify_prints_the_counts_then_each_flagged_item(db_path, site, capsys):
    _server, _good, old = site
    assert main(["verify", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "checked 2, verified 1, flagged 1",
        f"{old}: date_mismatch",
    ]
    assert main(["verify", "--db", str(db_path)]) == 0  # nothing is due any more
    assert capsys.readouterr().out.splitlines() == ["checked 0, verified 0, flagged 0"]


def test_verify_json(db_path, site, capsys):
    server, good, old = site
    assert (
        main(["verify", "--unit", KUPANG, "--since", "2026-11-01", "--json", "--db", str(db_path)])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "checked": 2,
        "verified": 1,
        "flagged": 1,
        "items": [
            {"id": good, "link": server.url("/baik"), "status": "verified", "reasons": []},
            {
                "id": old,
                "link": server.url("/lama"),
                "status": "flagged",
                "reasons": ["date_mismatch"],
            },
        ],
    }


def test_verify_bad_input(db_path, capsys):
    assert main(["verify", "--unit", "nope", "--db", str(db_path)]) == 1
    assert "unknown unit 'nope'" in capsys.readouterr().err
    assert main(["verify", "--since", "2026-13-01", "--db", str(db_path)]) == 2
    assert "--since" in capsys.readouterr().err


def test_review_list_accept_and_reject(db, db_path, flagged, capsys):
    assert (
        main(["review", "list", "--as", "kanwil.ntt", "--format", "csv", "--db", str(db_path)]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,unit,date,link,reasons"
    assert {line.split(",")[0] for line in lines[1:]} == {str(flagged["k1"]), str(flagged["alor"])}
    assert main(["review", "list", "--unit", "kankemenag-kab-alor", "--db", str(db_path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["id", "unit", "date", "link", "reasons"] and len(table) == 2
    assert "kankemenag-kab-alor" in table[1] and "title_mismatch,not_unit_channel" in table[1]

    k1 = str(flagged["k1"])
    assert main(["review", "accept", k1, "--as", "kanwil.ntt", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == f"item {k1} accepted (date_mismatch)"
    alor = str(flagged["alor"])
    assert (
        main(
            [
                "review",
                "reject",
                alor,
                "--as",
                "pusat",
                "--note",
                "akun pribadi",
                "--db",
                str(db_path),
            ]
        )
        == 0
    )
    assert "rejected" in capsys.readouterr().out
    assert db.conn.execute(
        "SELECT rejected FROM items WHERE id = ?", (flagged["alor"],)
    ).fetchone() == (1,)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["accept", "K1", "--as", "op.kupang"], "may not review item"),
        (["reject", "K1", "--as", "kepala.kupang", "--note", "x"], "may not review item"),
        (["reject", "K1", "--as", "kanwil.ntt", "--note", "  "], "a reject needs a --note"),
        (["accept", "K2", "--as", "kanwil.ntt"], "no open flag"),
        (["accept", "K1", "--as", "nobody"], "no active account 'nobody'"),
        (["accept", "999999", "--as", "admin"], "no such live item"),
    ],
    ids=["operator", "unit-head", "blank-note", "not-flagged", "unknown-account", "no-item"],
)
def test_review_refusals_are_one_line_and_change_nothing(
    db, db_path, flagged, capsys, argv, message
):
    argv = [a.replace("K1", str(flagged["k1"])).replace("K2", str(flagged["k2"])) for a in argv]
    assert main(["review", *argv, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert db.conn.execute("SELECT count(*) FROM item_reviews").fetchone() == (0,)


def test_reject_without_note_is_a_usage_error(db_path, flagged, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["review", "reject", str(flagged["k1"]), "--as", "admin", "--db", str(db_path)])
    assert exit_.value.code == 2


def test_an_operator_has_no_queue(db_path, flagged, capsys):
    assert main(["review", "list", "--as", "op.kupang", "--db", str(db_path)]) == 1
    assert "may not review items" in capsys.readouterr().err


def test_kpi_json_has_verified_and_flagged_and_no_rejected_item(db, db_path, flagged, capsys):
    args = ["kpi", "--unit", KUPANG, "--date", "2026-11-25", "--json", "--db", str(db_path)]
    assert main(args) == 0
    week = json.loads(capsys.readouterr().out)["groups"]["berita"]["week"]
    assert (week["count"], week["verified"], week["flagged"]) == (2, 1, 1)
    check_store.decide(db, principal(db, "kanwil.ntt"), flagged["k1"], "rejected", "bulan lalu")
    assert main(args) == 0
    week = json.loads(capsys.readouterr().out)["groups"]["berita"]["week"]
    assert (week["count"], week["verified"], week["flagged"]) == (1, 1, 0)
