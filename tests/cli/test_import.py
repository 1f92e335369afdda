"""humas import: the summary line, one line per rejected row, exit codes, nothing written on failure."""

import pytest

from dashboard.cli import main
from dashboard.domain import Group, Kind
from dashboard.store.db import open_db
from tests.hostile import workbooks
from tests.ingest.conftest import FIXTURES


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-26T01:00:00Z")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def items(db_path):
    db = open_db(db_path)
    try:
        return db.conn.execute("SELECT unit_id, day, kind, title FROM items ORDER BY id").fetchall()
    finally:
        db.close()


def imp(capsys, db_path, name, *extra, unit="kankemenag-kota-kupang"):
    return run(capsys, "import", str(FIXTURES / name), "--unit", unit, "--db", str(db_path), *extra)


def test_a_template_import_then_the_same_again(db_path, capsys):
    code, out, _ = imp(capsys, db_path, "template-items.csv")
    assert (code, out) == (0, "added 4, duplicates 0, rejected 0\n")
    code, out, _ = imp(capsys, db_path, "template-items.csv")
    assert (code, out) == (0, "added 0, duplicates 4, rejected 0\n")
    assert len(items(db_path)) == 4


def test_rejected_rows_are_listed_by_line(db_path, capsys):
    code, out, _ = imp(capsys, db_path, "hostile-template.csv", "--format", "template")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "added 3, duplicates 0, rejected 11"
    assert lines[1].startswith("line 3: Jenis tidak dikenal")
    assert lines[2] == "line 4: Tanggal tidak ada di kalender (mis. 31/02)."
    assert lines[3] == "line 5: Tanggal di masa depan; hari ini 26/11/2026 WITA."
    assert len(lines) == 12


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("meta-facebook-posts.csv", "meta-facebook"),
        ("meta-instagram-posts.csv", "meta-instagram"),
        ("rss-website.xml", "rss"),
        ("atom-website.xml", "auto"),
    ],
)
def test_each_format(db_path, capsys, name, fmt):
    code, out, _ = imp(capsys, db_path, name, "--format", fmt)
    assert code == 0 and out.startswith("added ") and "rejected 0" in out


def test_a_dry_run_writes_nothing(db_path, capsys):
    code, out, err = imp(capsys, db_path, "rss-website.xml", "--dry-run")
    assert (code, out) == (0, "added 3, duplicates 0, rejected 0\n")
    assert "dry run: nothing written" in err
    assert items(db_path) == []


def test_a_link_claimed_by_another_unit_is_noted_on_stderr(db_path, capsys):
    imp(capsys, db_path, "rss-website.xml")
    code, out, err = imp(capsys, db_path, "rss-website.xml", unit="kanwil-ntt")
    assert out == "added 3, duplicates 0, rejected 0\n"
    assert "line 8: flagged for review, link also claimed by Kantor Kemenag Kota Kupang" in err


@pytest.mark.parametrize(
    "name, fmt, reason",
    [
        ("picture-renamed.csv", "auto", "gambar PNG"),
        ("truncated.xml", "auto", "XML rusak atau terpotong"),
        ("header-only.csv", "auto", "tidak ada baris data"),
        ("template-items.csv", "rss", "Bukan umpan RSS atau Atom"),
        ("rss-website.xml", "template", "Kolom templat tidak lengkap"),
        ("tidak-ada.csv", "auto", "tidak ada"),
    ],
)
def test_an_unreadable_file_exits_2_with_one_line_and_writes_nothing(
    db_path, capsys, name, fmt, reason
):
    code, out, err = imp(capsys, db_path, name, "--format", fmt)
    assert code == 2 and out == ""
    assert err.startswith("humas: cannot read ") and reason in err and err.count("\n") == 1
    assert items(db_path) == []


def test_an_empty_file(db_path, capsys, tmp_path):
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "import", str(empty), "--unit", "kanwil-ntt", "--db", str(db_path))
    assert code == 2 and "Berkas kosong." in err


def test_an_unknown_unit_is_a_refusal_not_a_read_error(db_path, capsys):
    code, out, err = imp(capsys, db_path, "template-items.csv", unit="tidak-ada")
    assert code == 1 and out == "" and "tidak ditemukan" in err


def test_an_unknown_format_is_a_usage_error(db_path, capsys):
    with pytest.raises(SystemExit) as caught:
        imp(capsys, db_path, "template-items.csv", "--format", "json")
    assert caught.value.code == 2


def test_the_xlsx_template_round_trip(db_path, capsys, tmp_path):
    import openpyxl

    from dashboard.ingest import template

    path = tmp_path / "isi.xlsx"
    path.write_bytes(
        template.empty_xlsx(
            [Kind("berita_website", Group.BERITA, "Berita", "Web", needs_link=True, sort_order=1)]
        )
    )
    book = openpyxl.load_workbook(path)
    book["Data"].append(["25/11/2026", "berita_website", "Dari Excel", "https://a.kemenag.go.id/x"])
    book.save(path)
    code, out, _ = run(capsys, "import", str(path), "--unit", "kanwil-ntt", "--db", str(db_path))
    assert (code, out) == (0, "added 1, duplicates 0, rejected 0\n")


def test_the_shared_samples_are_the_fixtures():
    shared = FIXTURES.parents[2].parent / "shared" / "samples"
    if not shared.exists():
        pytest.skip("the shared samples folder is not beside this checkout")
    for sample in shared.iterdir():
        assert (FIXTURES / sample.name).read_bytes() == sample.read_bytes(), sample.name


@pytest.mark.parametrize(
    "build, reason",
    [
        (workbooks.strings_bomb, "mengembang menjadi 90 MB"),
        (workbooks.strings_under_cap, "teks bersama"),
        (workbooks.far_row, "baris kosong ikut dihitung"),
    ],
)
def test_a_workbook_that_would_expand_in_memory_is_refused_in_one_line(
    db_path, capsys, tmp_path, build, reason
):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(build())
    code, out, err = run(capsys, "import", str(path), "--unit", "kanwil-ntt", "--db", str(db_path))
    assert code == 2 and out == ""
    assert err.startswith("humas: cannot read ") and reason in err and err.count("\n") == 1
    assert items(db_path) == []


def test_a_parse_over_the_memory_limit_is_one_line(db_path, capsys, monkeypatch, tmp_path):
    from dashboard.ingest import child

    monkeypatch.setattr(child, "TARGET", "tests.ingest.hogs:eat_memory")
    monkeypatch.setattr(child, "MEMORY_BYTES", 256 * 1024 * 1024)
    path = tmp_path / "isi.csv"
    path.write_text("tanggal;jenis;judul;tautan\n")
    code, out, err = run(capsys, "import", str(path), "--unit", "kanwil-ntt", "--db", str(db_path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "melewati batas memori" in err
    assert items(db_path) == []
