"""Impor Data: upload, a preview with a status per row, one commit; the empty templates."""

import pytest

from dashboard.ingest import child, template
from dashboard.ui.text import md_escape
from tests.conftest import app_as, unit_id
from tests.hostile import workbooks
from tests.ingest.conftest import fixture_bytes

PAGE = "views/imports.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-26T01:00:00Z")


def upload(at, name):
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith("import_file"))
    uploader.upload(name, fixture_bytes(name), "text/csv").run()
    assert not at.exception, at.exception
    return at


def metrics(at):
    return {m.label: m.value for m in at.metric}


def count(db):
    return db.conn.execute("SELECT count(*) FROM items").fetchone()[0]


def test_preview_then_commit(db, accounts):
    at = upload(app_as(db, "op.kupang", page=PAGE), "hostile-template.csv")
    assert metrics(at) == {"Akan ditambahkan": "3", "Sudah tercatat": "0", "Ditolak": "11"}
    table = at.dataframe[0].value
    assert list(table["Baris"])[:3] == [2, 3, 4]
    assert list(table["Status"])[:2] == ["Akan ditambahkan", "Ditolak"]
    assert table["Keterangan"][2] == "Tanggal tidak ada di kalender (mis. 31/02)."
    assert count(db) == 0  # a preview writes nothing
    at.button(key="import_commit").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Impor selesai: 3 item ditambahkan, 0 sudah tercatat, 11 ditolak."
    ]
    assert count(db) == 3
    rows = db.conn.execute("SELECT DISTINCT unit_id, source FROM items").fetchall()
    assert rows == [(unit_id(db, "kankemenag-kota-kupang"), "template")]


def test_a_second_upload_of_the_same_file_has_nothing_to_add(db, accounts):
    at = upload(app_as(db, "op.kupang", page=PAGE), "rss-website.xml")
    at.button(key="import_commit").click().run()
    at = upload(at, "rss-website.xml")
    assert metrics(at)["Sudah tercatat"] == "3"
    assert not [b for b in at.button if b.key == "import_commit"]
    assert "Tidak ada item baru untuk disimpan dari berkas ini." in [i.value for i in at.info]


def test_meta_preview_mentions_out_takes(db, accounts):
    at = upload(app_as(db, "op.kupang", page=PAGE), "meta-facebook-posts.csv")
    assert metrics(at)["Akan ditambahkan"] == "3"
    assert any("tidak dihitung sebagai output" in c.value for c in at.caption)


def test_an_unreadable_upload_says_why(db, accounts):
    at = upload(app_as(db, "op.kupang", page=PAGE), "picture-renamed.csv")
    assert [e.value for e in at.error] == [
        md_escape("Berkas tidak dapat dibaca: Berkas ini gambar PNG, bukan CSV, XLSX, atau RSS.")
    ]
    assert count(db) == 0


def test_the_empty_templates_are_offered(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    keys = {b.key for b in at.get("download_button")}
    assert keys == {"template_csv", "template_xlsx"}
    assert template.empty_csv().decode("utf-8-sig").startswith("tanggal;jenis;judul;tautan;catatan")


def test_an_admin_imports_into_the_unit_it_picks(db, accounts):
    at = app_as(db, "admin", page=PAGE)
    jayapura = unit_id(db, "kankemenag-kota-jayapura")
    at.selectbox(key="import_unit").select(jayapura).run()
    upload(at, "rss-website.xml")
    at.button(key="import_commit").click().run()
    found = db.conn.execute("SELECT DISTINCT unit_id FROM items").fetchall()
    assert found == [(jayapura,)]


def test_a_workbook_that_would_expand_in_memory_is_refused_on_the_page(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith("import_file"))
    uploader.upload("bom.xlsx", workbooks.strings_under_cap(), XLSX).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        md_escape(
            "Berkas tidak dapat dibaca: XLSX memuat lebih dari 300.000 teks bersama "
            "(shared strings); pecah menjadi beberapa berkas."
        )
    ]
    assert count(db) == 0


def test_a_parse_over_its_time_is_refused_on_the_page(db, accounts, monkeypatch):
    monkeypatch.setattr(child, "TARGET", "tests.ingest.hogs:never_ends")
    monkeypatch.setattr(child, "SECONDS", 2)
    at = upload(app_as(db, "op.kupang", page=PAGE), "template-items.csv")
    assert [e.value for e in at.error] == [
        md_escape(
            "Berkas tidak dapat dibaca: Berkas terlalu berat untuk diperiksa (lebih dari 2 detik); "
            "pecah menjadi beberapa berkas yang lebih kecil."
        )
    ]
    assert count(db) == 0


def test_an_operators_preview_does_not_tell_which_links_other_units_recorded(db, accounts):
    """Issue 18, item 8: a preview is free, so it must not answer "has another unit got X?"."""
    upload(app_as(db, "op.jatim", page=PAGE), "rss-website.xml").button(
        key="import_commit"
    ).click().run()
    assert count(db) == 3
    at = upload(app_as(db, "op.kupang", page=PAGE), "rss-website.xml")
    assert metrics(at) == {"Akan ditambahkan": "3", "Sudah tercatat": "0", "Ditolak": "0"}
    notes = list(at.dataframe[0].value["Keterangan"])
    assert not any("unit lain" in note for note in notes)
    # A reviewer (admin) importing the same file for Kupang sees the claim.
    admin = app_as(db, "admin", page=PAGE)
    admin.selectbox(key="import_unit").select(unit_id(db, "kankemenag-kota-kupang")).run()
    upload(admin, "rss-website.xml")
    assert metrics(admin)["Perlu ditinjau"] == "3"
    assert all("unit lain" in note for note in admin.dataframe[0].value["Keterangan"])
