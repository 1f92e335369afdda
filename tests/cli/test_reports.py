import csv
import io

import openpyxl
import pytest

from dashboard.cli import main
from tests.reports.helpers import item, load, ntt_month

NOW = "2026-11-25T12:30:00Z"


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


@pytest.fixture
def folder(tmp_path):
    """Where exports go (the database lives in tmp_path itself)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def run(db_path, *args) -> int:
    return main([*args, "--db", str(db_path)])


def test_export_every_format(db, db_path, folder, capsys):
    ntt_month(db)
    for kind in ("csv", "xlsx", "pdf"):
        out = folder / f"ntt.{kind}"
        code = run(db_path, "export", "--from", "2026-11-01", "--to", "2026-11-30",
                   "--unit", "kanwil-ntt", "--format", kind, "--out", str(out))  # fmt: skip
        assert code == 0, capsys.readouterr().err
        assert out.stat().st_size > 0
        summary = capsys.readouterr().out.strip().splitlines()
        assert len(summary) == 1
        assert f"wrote {kind.upper()} of kanwil-ntt 2026-11-01..2026-11-25" in summary[0]
        assert "23 units, 7 items" in summary[0] or kind == "pdf"
        assert "(cut at today, 2026-11-25)" in summary[0]
    rows = list(csv.reader(io.StringIO((folder / "ntt.csv").read_text("utf-8-sig"))))
    assert len(rows) == 1 + 7
    assert openpyxl.load_workbook(folder / "ntt.xlsx").sheetnames[0] == "Ringkasan"
    assert not list(folder.glob(".*.part"))


def test_export_without_unit_covers_every_unit(db, db_path, folder, capsys):
    ntt_month(db)
    out = folder / "nasional.csv"
    assert run(db_path, "export", "--from", "2026-11-01", "--to", "2026-11-25",
               "--format", "csv", "--out", str(out)) == 0  # fmt: skip
    assert "of kemenag-ri" in capsys.readouterr().out
    assert len(out.read_text("utf-8-sig").splitlines()) == 1 + 8  # Surabaya included


def test_export_as_an_operator_holds_its_unit_alone(db, db_path, folder, capsys, accounts):
    ntt_month(db)
    out = folder / "op.csv"
    assert run(db_path, "export", "--from", "2026-11-01", "--to", "2026-11-25",
               "--format", "csv", "--out", str(out), "--as", "op.kupang") == 0  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert {r["kode_unit"] for r in rows} == {"kankemenag-kota-kupang"} and len(rows) == 3
    refused = folder / "refused.csv"
    assert run(db_path, "export", "--from", "2026-11-01", "--to", "2026-11-25", "--unit",
               "kanwil-ntt", "--format", "csv", "--out", str(refused), "--as", "op.kupang") == 1  # fmt: skip
    assert "tidak berhak" in capsys.readouterr().err
    assert not refused.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2026-11-30", "--to", "2026-11-01"], 2, "is after --to 2026-11-01: swap them"),
        (["--from", "2024-01-01", "--to", "2026-11-01"], 2, "at most 731 (two years)"),
        (["--from", "2026-12-01", "--to", "2026-12-31"], 2, "starts after today"),
        (["--from", "2026-02-30", "--to", "2026-03-01"], 2, "--from must be a date as YYYY-MM-DD"),
        (
            ["--from", "2026-11-01", "--to", "2026-11-25", "--unit", "nope"],
            1,
            "unknown unit 'nope'",
        ),
        (["--from", "2026-11-01", "--to", "2026-11-25", "--as", "nobody"], 1, "no active account"),
    ],
)
def test_export_bad_input_is_one_line_and_no_file(db_path, folder, capsys, args, code, message):
    out = folder / "r.csv"
    assert run(db_path, "export", *args, "--format", "csv", "--out", str(out)) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert list(folder.iterdir()) == []


def test_export_to_a_path_that_cannot_be_written(db_path, folder, capsys):
    dates = ["--from", "2026-11-01", "--to", "2026-11-25", "--format", "xlsx"]
    assert run(db_path, "export", *dates, "--out", str(folder / "missing" / "r.xlsx")) == 1
    assert "does not exist" in capsys.readouterr().err
    assert run(db_path, "export", *dates, "--out", str(folder)) == 1
    assert "it is a folder" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_a_failing_export_leaves_no_half_written_file(db, db_path, folder, monkeypatch, capsys):
    ntt_month(db)
    from dashboard.reports import export

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_xlsx", broken)
    out = folder / "r.xlsx"
    out.write_bytes(b"last month's report")
    assert run(db_path, "export", "--from", "2026-11-01", "--to", "2026-11-25",
               "--format", "xlsx", "--out", str(out)) == 1  # fmt: skip
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == b"last month's report"  # the old file is untouched
    assert [p.name for p in folder.iterdir()] == ["r.xlsx"]


def test_digest_prints_the_recap(db, db_path, capsys, monkeypatch):
    monkeypatch.setenv("HUMAS_APP_URL", "https://humas.kemenag.go.id/")
    load(db, [item(db, "kankemenag-kota-kupang", "2026-11-25", title="Apel *pagi*")])
    assert run(db_path, "digest", "--date", "2026-11-25", "--unit", "kanwil-ntt") == 0
    out = capsys.readouterr().out
    assert out.startswith("*REKAP HARIAN HUMAS*\n*Kanwil Kemenag Provinsi Nusa Tenggara Timur*\n")
    assert "Rabu, 25 November 2026" in out
    assert "Sudah ada berita: 1 dari 23 unit (4%)" in out
    assert "Kantor Kemenag Kota Kupang" not in out  # it has news: not among those named
    assert out.endswith("\n\nRincian: https://humas.kemenag.go.id\n")  # the configured address
    assert run(db_path, "digest", "--unit", "kanwil-ntt") == 0  # default: today in WITA
    assert "Rabu, 25 November 2026" in capsys.readouterr().out


def test_digest_bad_input(db_path, capsys):
    assert run(db_path, "digest", "--date", "2026-11-26", "--unit", "kanwil-ntt") == 2
    assert "after today" in capsys.readouterr().err
    assert run(db_path, "digest", "--date", "kemarin") == 2
    assert run(db_path, "digest", "--unit", "nope") == 1
    assert "unknown unit" in capsys.readouterr().err
