import json

from dashboard.cli import main
from tests.service.helpers import add_items


def test_kpi_json_for_a_day(db, db_path, capsys):
    add_items(db, "kankemenag-kota-kupang", "2026-11-24", "berita_website")
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website", 2)
    code = main(
        [
            "kpi",
            "--unit",
            "kankemenag-kota-kupang",
            "--date",
            "2026-11-25",
            "--json",
            "--db",
            str(db_path),
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == {
        "unit",
        "date",
        "tz",
        "has_news",
        "streak_days",
        "days_since_news",
        "silent_working_days",
        "groups",
    }
    assert out["unit"] == "kankemenag-kota-kupang" and out["tz"] == "Asia/Makassar"
    assert out["has_news"] is True and out["streak_days"] == 2 and out["days_since_news"] == 0
    assert out["silent_working_days"] == 0  # news yesterday and today: no working day went by
    assert out["groups"]["berita"]["day"] == {
        "count": 2,
        "verified": 0,
        "flagged": 0,
        "target": 1.0,
        "attainment": 2.0,
    }
    assert out["groups"]["berita"]["week"] == {
        "count": 3,
        "verified": 0,
        "flagged": 0,
        "target": 3.0,
        "attainment": 1.0,
    }
    assert out["groups"]["media"]["month"]["target"] is None
    assert set(out["groups"]) == {"berita", "medsos", "media", "kegiatan"}


def test_kpi_text_and_bad_input(db_path, capsys):
    assert main(["kpi", "--unit", "kanwil-ntt", "--date", "2026-11-25", "--db", str(db_path)]) == 0
    assert "Rabu, 25 November 2026" in capsys.readouterr().out
    assert main(["kpi", "--unit", "nope", "--db", str(db_path)]) == 1
    assert "unknown unit" in capsys.readouterr().err
    assert main(["kpi", "--unit", "kanwil-ntt", "--date", "2026-02-31", "--db", str(db_path)]) == 2
