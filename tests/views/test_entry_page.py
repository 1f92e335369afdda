"""Input Harian, driven as an operator would: a day's batch, errors beside fields, edits, deletes."""

from datetime import date

import pytest

from dashboard.entries import Entry
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from dashboard.ui.text import md_escape
from tests.conftest import app_as, unit_id

PAGE = "views/entry.py"
KUPANG_LINK = "https://ntt.kemenag.go.id/kota-kupang/berita/"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")  # 13.30 WITA


def fill(at, row, *, title="", link="", kind=None, tag=None, note=""):
    if kind:
        at.pills(key=f"entry_kind_{row}").set_value(kind)
    at.text_input(key=f"entry_title_{row}").input(title)
    at.text_input(key=f"entry_link_{row}").input(link)
    at.text_input(key=f"entry_note_{row}").input(note)
    if tag:
        at.segmented_control(key=f"entry_tag_{row}").set_value(tag)


def save(at):
    at.button(key="entry_save").click().run()
    assert not at.exception, at.exception
    return at


def stored(db):
    return db.conn.execute(
        "SELECT unit_id, day, kind, title, link, note, tag, late, source FROM items ORDER BY id"
    ).fetchall()


def texts(at):
    return [t.value for t in at.text]


def test_the_date_starts_at_the_units_own_today(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T16:30:00Z")  # 00.30 WITA on the 26th, 23.30 WIB
    assert app_as(db, "op.kupang", page=PAGE).date_input(key="entry_day").value == date(
        2026, 11, 26
    )
    assert app_as(db, "op.jatim", page=PAGE).date_input(key="entry_day").value == date(2026, 11, 25)


@pytest.mark.backends("sqlite", "postgresql")  # the page on both backends
def test_an_operator_saves_a_days_batch_and_sees_it_listed(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    fill(
        at,
        0,
        kind="berita_website",
        title="Rakor Penyuluh",
        link=KUPANG_LINK + "rakor",
        tag="capaian",
    )
    fill(
        at,
        1,
        title="**Reels** <b>Rakor</b>",
        link="https://www.instagram.com/reel/R1/",
        note="_catatan_",
    )
    save(at)
    assert [s.value for s in at.success] == ["2 item disimpan untuk Rabu, 25 November 2026."]
    u = unit_id(db, "kankemenag-kota-kupang")
    assert stored(db) == [
        (
            u,
            "2026-11-25",
            "berita_website",
            "Rakor Penyuluh",
            KUPANG_LINK + "rakor",
            "",
            "capaian",
            0,
            "form",
        ),
        (
            u,
            "2026-11-25",
            "medsos_instagram",
            "**Reels** <b>Rakor</b>",
            "https://www.instagram.com/reel/R1/",
            "_catatan_",
            None,
            0,
            "form",
        ),
    ]
    # Listed as plain text, exactly as typed; the form is empty for the next batch.
    assert "**Reels** <b>Rakor</b>" in texts(at) and "Rakor Penyuluh" in texts(at)
    assert at.text_input(key="entry_title_0").value == ""
    assert at.pills(key="entry_kind_0").value is None


def test_an_invalid_row_saves_nothing_and_keeps_what_was_typed(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    fill(at, 0, kind="berita_website", title="Berita sah", link=KUPANG_LINK + "sah")
    fill(at, 1, kind="siaran_pers", title="", link="javascript:alert(1)")
    save(at)
    errors = [e.value for e in at.error]
    assert md_escape("Judul wajib diisi.") in errors
    assert md_escape("Tautan harus alamat web (http:// atau https://), bukan jenis lain.") in errors
    assert (
        "1 item perlu diperbaiki (lihat pesan di bawah kolomnya); belum ada yang disimpan."
        in errors
    )
    assert stored(db) == []
    assert at.text_input(key="entry_title_0").value == "Berita sah"
    assert at.text_input(key="entry_link_1").value == "javascript:alert(1)"
    assert at.pills(key="entry_kind_1").value == "siaran_pers"
    # Fixed, it saves; the messages go.
    at.text_input(key="entry_title_1").input("Siaran pers sah")
    at.text_input(key="entry_link_1").input(KUPANG_LINK + "siaran")
    save(at)
    assert len(stored(db)) == 2 and not at.error


def test_a_resubmitted_batch_counts_once(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    fill(at, 0, kind="berita_website", title="Sekali saja", link=KUPANG_LINK + "sekali")
    save(at)
    fill(
        at,
        0,
        kind="berita_website",
        title="Sekali saja",
        link=KUPANG_LINK + "sekali/?utm_source=wa",
    )
    save(at)
    assert [s.value for s in at.success] == [
        "1 item sudah tercatat sebelumnya dan tidak dihitung dua kali."
    ]
    assert len(stored(db)) == 1


def test_an_empty_form_asks_for_an_item(db, accounts):
    at = save(app_as(db, "op.kupang", page=PAGE))
    assert [w.value for w in at.warning] == [
        "Belum ada item yang diisi: isi judul dan tautan minimal satu baris."
    ]


def test_adding_a_row_keeps_what_was_typed(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    fill(at, 0, title="Masih di sini", link=KUPANG_LINK + "x")
    at.button(key="entry_more").click().run()
    assert at.text_input(key="entry_title_0").value == "Masih di sini"
    assert at.text_input(key="entry_title_3").value == ""


def test_the_phone_form_three_rows_a_tap_for_the_kind_optional_fields_folded(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    assert not at.get("form")  # each field reaches the server (drafts); only the form reruns
    assert [p.key for p in at.pills] == [f"entry_kind_{row}" for row in range(3)]
    assert not [s for s in at.selectbox if (s.key or "").startswith("entry_kind")]
    assert len(at.get("expander")) == 3
    for expander in at.get("expander"):
        assert expander.label == "Tag dan catatan (opsional)"
        keys = {w.key for w in expander.children.values() if hasattr(w, "key")}
        assert {k.rsplit("_", 1)[0] for k in keys} == {"entry_tag", "entry_note"}
    # The kinds are the short labels, one tap each.
    assert at.pills(key="entry_kind_0").options == [
        "Berita web",
        "Portal",
        "Siaran pers",
        "Liputan media",
        "Instagram",
        "Facebook",
        "X",
        "TikTok",
        "YouTube",
        "WhatsApp",
        "Kegiatan",
    ]


def test_a_link_without_https_is_saved_with_it(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    fill(at, 0, kind="berita_website", title="Tanpa skema", link="ntt.kemenag.go.id/b/tanpa")
    fill(at, 1, title="Reels", link="www.instagram.com/reel/R9/")
    save(at)
    assert [row[2:5] for row in stored(db)] == [
        ("berita_website", "Tanpa skema", "https://ntt.kemenag.go.id/b/tanpa"),
        ("medsos_instagram", "Reels", "https://www.instagram.com/reel/R9/"),
    ]


def test_after_saving_the_operator_sees_the_days_goals(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    progress = [m.value for m in at.markdown if "hari ini" in m.value]
    assert progress == ["**Berita hari ini 0/1, kurang 1 · Medsos 0/1, kurang 1**"]
    fill(at, 0, kind="berita_website", title="Rakor", link=KUPANG_LINK + "rakor")
    fill(at, 1, title="Reels 1", link="https://www.instagram.com/reel/R1/")
    fill(at, 2, title="Reels 2", link="https://www.facebook.com/reel/R2/")
    save(at)
    assert [s.value for s in at.success] == ["3 item disimpan untuk Rabu, 25 November 2026."]
    progress = [m.value for m in at.markdown if "hari ini" in m.value]
    assert progress == ["**Berita hari ini 1/1 ✓ · Medsos 2/1 ✓**"]
    # The same figures as Unit Saya's tiles for the head of the unit.
    head = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    tiles = {m.label: m.value for m in head.metric}
    assert (tiles["Berita hari ini"], tiles["Medsos hari ini"]) == ("1 / 1", "2 / 1")


def test_a_past_day_shows_that_days_goals(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    at.date_input(key="entry_day").set_value(date(2026, 11, 22)).run()  # a Sunday
    progress = [m.value for m in at.markdown if "22 Nov" in m.value]
    assert progress == ["**Berita 22 Nov 0 (bukan hari yang dihitung) · Medsos 0/1, kurang 1**"]


def test_a_back_dated_entry_is_marked_late(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    at.date_input(key="entry_day").set_value(date(2026, 11, 23)).run()
    assert any("ditandai terlambat" in w.value for w in at.warning)
    fill(at, 0, kind="berita_website", title="Kemarin lusa", link=KUPANG_LINK + "lusa")
    save(at)
    assert stored(db)[0][1:2] == ("2026-11-23",) and stored(db)[0][7] == 1
    assert "Tanggal lampau: item ditandai terlambat." in at.success[0].value


def test_an_operator_always_enters_for_its_own_unit(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    assert not [s for s in at.selectbox if s.label == "Unit kerja"]
    at.session_state["entry_unit"] = unit_id(db, "kanwil-jatim")  # a forged choice is ignored
    fill(at, 0, kind="berita_website", title="Milik Kupang", link=KUPANG_LINK + "milik")
    save(at)
    assert stored(db)[0][0] == unit_id(db, "kankemenag-kota-kupang")


def test_an_admin_picks_the_unit(db, accounts):
    at = app_as(db, "admin", page=PAGE)
    jatim = unit_id(db, "kanwil-jatim")
    at.selectbox(key="entry_unit").select(jatim).run()
    fill(at, 0, kind="berita_website", title="Untuk Jatim", link="https://jatim.kemenag.go.id/b/1")
    save(at)
    assert stored(db)[0][0] == jatim


def _seed(db, code, title="Berita lama", n=1):
    entries = [
        Entry(
            day=date(2026, 11, 25),
            kind="berita_website",
            title=f"{title} {i}",
            link=f"{KUPANG_LINK}{code}/{i}",
        )
        for i in range(n)
    ]
    return [o.item_id for o in item_batches.add_batch(db, SYSTEM, unit_id(db, code), entries).added]


def test_an_operator_edits_an_item_of_the_day(db, accounts):
    (item_id,) = _seed(db, "kankemenag-kota-kupang")
    at = app_as(db, "op.kupang", page=PAGE)
    at.button(key=f"entry_open_{item_id}").click().run()
    at.text_input(key=f"edit_title_{item_id}").input("Judul diperbaiki")
    at.segmented_control(key=f"edit_tag_{item_id}").set_value("seremonial")
    at.button(key="edit_save").click().run()
    assert not at.exception
    assert "Perubahan disimpan." in [s.value for s in at.success]
    assert stored(db)[0][3] == "Judul diperbaiki" and stored(db)[0][6] == "seremonial"
    assert "Judul diperbaiki" in texts(at)


def test_a_bad_edit_is_refused_beside_its_field(db, accounts):
    (item_id,) = _seed(db, "kankemenag-kota-kupang")
    at = app_as(db, "op.kupang", page=PAGE)
    at.button(key=f"entry_open_{item_id}").click().run()
    at.text_input(key=f"edit_link_{item_id}").input("data:text/html,x")
    at.button(key="edit_save").click().run()
    assert md_escape("Tautan harus alamat web (http:// atau https://), bukan jenis lain.") in [
        e.value for e in at.error
    ]
    assert at.text_input(key=f"edit_link_{item_id}").value == "data:text/html,x"
    assert stored(db)[0][4].startswith("https://")


def test_an_operator_deletes_an_item_after_confirming(db, accounts):
    first, second = _seed(db, "kankemenag-kota-kupang", n=2)
    at = app_as(db, "op.kupang", page=PAGE)
    at.button(key=f"entry_open_{first}").click().run()
    at.button(key="edit_delete").click().run()
    assert db.conn.execute("SELECT count(*) FROM items WHERE deleted = 1").fetchone() == (0,)
    at.button(key="edit_delete_yes").click().run()
    assert not at.exception
    assert db.conn.execute("SELECT id FROM items WHERE deleted = 1").fetchall() == [(first,)]
    assert "Berita lama 0" not in texts(at) and "Berita lama 1" in texts(at)


def test_another_units_item_answers_as_a_missing_one(db, accounts):
    """Issue 18, item 8: "not yours" and "not there" must not differ, or ids can be probed."""
    (jatim_item,) = _seed(db, "kanwil-jatim", title="Milik Jatim")
    (gone,) = _seed(db, "kankemenag-kota-kupang", title="Dihapus")
    item_edits.delete(db, SYSTEM, gone)

    def answer(asked):
        at = app_as(db, "op.kupang", page=PAGE)
        at.query_params["item"] = str(asked)
        at.run()
        assert not at.exception
        assert not [t for t in at.text_input if t.key and t.key.startswith("edit_")]
        return [(e.type, e.value) for e in (*at.error, *at.warning, *at.info)]

    other_unit = answer(jatim_item)
    assert other_unit == answer(jatim_item + 1000) == answer(gone)
    assert ("warning", "Item pada alamat ini tidak ditemukan atau sudah dihapus.") in other_unit
    assert not any("berhak" in text for _, text in other_unit)


def test_an_item_named_in_the_address_opens_for_its_own_operator(db, accounts):
    (item_id,) = _seed(db, "kankemenag-kota-kupang")
    at = app_as(db, "op.kupang", page=PAGE)
    at.query_params["item"] = str(item_id)
    at.run()
    assert at.text_input(key=f"edit_title_{item_id}").value == "Berita lama 0"


@pytest.mark.parametrize("asked", ["99999999999999999999", "²", "٣", "-1", "1e3", "<b>1</b>"])
def test_a_hand_edited_item_address_is_not_found_never_an_error(db, accounts, asked):
    at = app_as(db, "op.kupang", page=PAGE)
    at.query_params["item"] = asked
    at.run()
    assert not at.exception, at.exception
    assert "Item pada alamat ini tidak ditemukan atau sudah dihapus." in [
        w.value for w in at.warning
    ]


# --- drafts (issue 11 item 5): typed rows survive a reload, a new tab, a new sign-in --------


def type_three_rows(at):
    fill(at, 0, kind="berita_website", title="Rakor Penyuluh", link=KUPANG_LINK + "rakor")
    fill(at, 1, title="Reels rakor", link="www.instagram.com/reel/R1/", tag="capaian")
    fill(at, 2, kind="kegiatan_diliput", title="Apel pagi", note="diliput tim humas")
    at.run()  # the fields reach the server (in the browser: a second after typing)
    assert not at.exception


def rows_of(at, n=3):
    return [
        (
            at.pills(key=f"entry_kind_{row}").value,
            at.text_input(key=f"entry_title_{row}").value,
            at.text_input(key=f"entry_link_{row}").value,
            at.text_input(key=f"entry_note_{row}").value,
            at.segmented_control(key=f"entry_tag_{row}").value,
        )
        for row in range(n)
    ]


def test_a_draft_comes_back_in_a_fresh_session_of_the_same_account(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    type_three_rows(at)
    typed = rows_of(at)
    assert stored(db) == []  # nothing is an item before "Simpan semua"
    # A reload, a new tab, a new sign-in: a new session of the same account (an operator
    # lands on Input Harian).
    again = app_as(db, "op.kupang")
    assert rows_of(again) == typed
    notice = [i.value for i in again.info if "Draf dipulihkan" in i.value]
    assert notice and notice[0].startswith(
        "Draf dipulihkan: 3 baris untuk Rabu, 25 November 2026 yang belum disimpan"
    )
    assert stored(db) == []
    # Said once: the next run of that session does not repeat it.
    again.run()
    assert not [i for i in again.info if "Draf dipulihkan" in i.value]
    # Another account of the same unit never sees it.
    other = app_as(db, "admin", page=PAGE)
    other.selectbox(key="entry_unit").select(unit_id(db, "kankemenag-kota-kupang")).run()
    assert other.text_input(key="entry_title_0").value == ""


def test_saving_the_restored_draft_stores_it_once_and_forgets_the_draft(db, accounts):
    type_three_rows(app_as(db, "op.kupang", page=PAGE))
    at = app_as(db, "op.kupang", page=PAGE)
    save(at)
    assert [s.value for s in at.success] == ["3 item disimpan untuk Rabu, 25 November 2026."]
    assert [row[3] for row in stored(db)] == ["Rakor Penyuluh", "Reels rakor", "Apel pagi"]
    assert db.conn.execute("SELECT count(*) FROM entry_drafts").fetchone() == (0,)
    fresh = app_as(db, "op.kupang", page=PAGE)
    assert rows_of(fresh)[0] == (None, "", "", "", None)
    assert not [i for i in fresh.info if "Draf" in i.value]


def test_a_refused_save_keeps_the_draft(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    fill(at, 0, kind="berita_website", title="", link=KUPANG_LINK + "tanpa-judul")
    save(at)
    assert stored(db) == [] and at.error
    assert app_as(db, "op.kupang", page=PAGE).text_input(key="entry_link_0").value == (
        KUPANG_LINK + "tanpa-judul"
    )


def test_a_draft_keeps_its_day_and_can_be_thrown_away(db, accounts):
    at = app_as(db, "op.kupang", page=PAGE)
    at.date_input(key="entry_day").set_value(date(2026, 11, 24)).run()
    fill(at, 0, kind="berita_website", title="Kemarin", link=KUPANG_LINK + "kemarin")
    at.run()
    again = app_as(db, "op.kupang")
    assert again.date_input(key="entry_day").value == date(2026, 11, 24)
    assert again.text_input(key="entry_title_0").value == "Kemarin"
    again.button(key="entry_discard").click().run()
    assert again.text_input(key="entry_title_0").value == ""
    assert db.conn.execute("SELECT count(*) FROM entry_drafts").fetchone() == (0,)
    assert app_as(db, "op.kupang", page=PAGE).text_input(key="entry_title_0").value == ""


def test_an_admin_keeps_one_draft_per_unit(db, accounts):
    jatim, kupang = unit_id(db, "kanwil-jatim"), unit_id(db, "kankemenag-kota-kupang")
    at = app_as(db, "admin", page=PAGE)
    at.selectbox(key="entry_unit").select(jatim).run()
    fill(at, 0, kind="berita_website", title="Untuk Jatim", link="https://jatim.kemenag.go.id/1")
    at.run()
    at.selectbox(key="entry_unit").select(kupang).run()
    assert at.text_input(key="entry_title_0").value == ""  # Kupang's rows are Kupang's
    fill(at, 0, kind="berita_website", title="Untuk Kupang", link=KUPANG_LINK + "admin")
    at.run()
    at.selectbox(key="entry_unit").select(jatim).run()
    assert at.text_input(key="entry_title_0").value == "Untuk Jatim"
    save(at)
    assert [(row[0], row[3]) for row in stored(db)] == [(jatim, "Untuk Jatim")]
    at.selectbox(key="entry_unit").select(kupang).run()
    assert at.text_input(key="entry_title_0").value == "Untuk Kupang"


def test_an_edit_from_a_page_opened_before_anothers_change_is_refused_and_reloaded(db, accounts):
    """Issue 18, item 5, as it happened: the operator fixes the title; the admin, from a page
    opened earlier, changes only the note. Before, the title silently went back."""
    (item_id,) = _seed(db, "kankemenag-kota-kupang")
    admin = app_as(db, "admin", page=PAGE)
    admin.query_params["item"] = str(item_id)
    admin.run()  # the admin's panel is open, showing "Berita lama 0"
    operator = app_as(db, "op.kupang", page=PAGE)
    operator.button(key=f"entry_open_{item_id}").click().run()
    operator.text_input(key=f"edit_title_{item_id}").input("Judul dari operator")
    operator.button(key="edit_save").click().run()
    assert "Perubahan disimpan." in [s.value for s in operator.success]

    admin.text_input(key=f"edit_note_{item_id}").input("Catatan dari admin")
    admin.button(key="edit_save").click().run()
    assert not admin.exception
    assert "Perubahan disimpan." not in [s.value for s in admin.success]
    assert [e.value for e in admin.error] == [
        md_escape(
            "Item ini sudah diubah oleh op.kupang (judul) sejak Anda membukanya; perubahan Anda "
            "belum disimpan. Muat ulang item, lalu ulangi perubahan."
        )
    ]
    assert "25 Nov 2026 13.30 WITA: op.kupang mengubah judul" in texts(admin)
    assert stored(db)[0][3:6] == (
        "Judul dari operator",
        f"{KUPANG_LINK}kankemenag-kota-kupang/0",
        "",
    )
    # What the admin typed is still there until the reload.
    assert admin.text_input(key=f"edit_note_{item_id}").value == "Catatan dari admin"

    admin.button(key="edit_reload").click().run()
    assert not admin.exception and not admin.warning
    assert admin.text_input(key=f"edit_title_{item_id}").value == "Judul dari operator"
    assert admin.text_input(key=f"edit_note_{item_id}").value == ""
    admin.text_input(key=f"edit_note_{item_id}").input("Catatan dari admin")
    admin.button(key="edit_save").click().run()
    assert "Perubahan disimpan." in [s.value for s in admin.success]
    assert stored(db)[0][3] == "Judul dari operator" and stored(db)[0][5] == "Catatan dari admin"


def test_the_same_person_saves_twice_in_a_row(db, accounts):
    """One's own saves move the panel's base along: no false refusal."""
    (item_id,) = _seed(db, "kankemenag-kota-kupang")
    at = app_as(db, "op.kupang", page=PAGE)
    at.button(key=f"entry_open_{item_id}").click().run()
    for title in ("Pertama", "Kedua"):
        at.text_input(key=f"edit_title_{item_id}").input(title)
        at.button(key="edit_save").click().run()
        assert "Perubahan disimpan." in [s.value for s in at.success]
    assert stored(db)[0][3] == "Kedua"


def test_a_delete_from_a_page_opened_before_anothers_change_is_refused(db, accounts):
    (item_id,) = _seed(db, "kankemenag-kota-kupang")
    admin = app_as(db, "admin", page=PAGE)
    admin.query_params["item"] = str(item_id)
    admin.run()
    item_edits.update(db, SYSTEM, item_id, expected_version=1, title="Diubah sementara itu")
    admin.button(key="edit_delete").click().run()
    admin.button(key="edit_delete_yes").click().run()
    assert not admin.exception
    assert any(md_escape("sudah diubah oleh system (judul)") in e.value for e in admin.error)
    assert db.conn.execute("SELECT deleted FROM items").fetchall() == [(0,)]
