"""Tinjauan Tautan: the review queue per role, decided in one click (issue 14)."""

from datetime import date

import pytest

from dashboard.entries import Entry
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from tests.conftest import app_as, unit_id

PAGE = "views/link_review.py"
LINK = "https://ntt.kemenag.go.id/kota-kupang/berita/bersama"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")


def listed(at) -> list[str]:
    """The titles in the queue, in order."""
    return [t.value for t in at.main.text]


def said(elements) -> list[str]:
    """Messages as read (the page escapes Markdown in them)."""
    return [e.value.replace("\\", "") for e in elements]


def rejected(db, item_id) -> int:
    return db.conn.execute("SELECT rejected FROM items WHERE id = ?", (item_id,)).fetchone()[0]


def test_a_kakanwil_sees_why_each_item_below_it_is_doubtful(db, flagged):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    assert not at.exception
    assert at.metric[0].value == "2"
    assert sorted(listed(at)) == ["berita_website 2026-11-24"] * 2  # Kupang's and Alor's
    reasons = " ".join(m.value for m in at.markdown)
    assert "Tanggal terbit halaman berbeda lebih dari sehari" in reasons
    assert "Bukan kanal resmi unit yang terdaftar" in reasons
    assert "Tautan tidak dapat dibuka" not in reasons  # the Kanwil's own item is not its to judge


def test_accept_is_one_click(db, flagged):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    at.button(key=f"review_accept_{flagged['k1']}").click().run()
    assert said(at.success) == ["Item diterima: tetap dihitung."]
    assert at.metric[0].value == "1"
    assert db.conn.execute(
        "SELECT decision, reviewer FROM item_reviews WHERE item_id = ?", (flagged["k1"],)
    ).fetchone() == ("accepted", "kanwil.ntt")
    assert rejected(db, flagged["k1"]) == 0


def test_reject_needs_a_note_then_stops_counting(db, flagged):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    at.button(key=f"review_reject_{flagged['alor']}").click().run()
    assert said(at.error) == ["Alasan penolakan wajib diisi."]
    assert rejected(db, flagged["alor"]) == 0
    at.text_input(key=f"review_note_{flagged['alor']}").set_value("akun pribadi").run()
    at.button(key=f"review_reject_{flagged['alor']}").click().run()
    assert said(at.success) == ["Item ditolak: tidak dihitung."]
    assert rejected(db, flagged["alor"]) == 1
    assert not db.conn.execute(
        "SELECT n FROM daily_counts WHERE unit_id = ?", (unit_id(db, "kankemenag-kab-alor"),)
    ).fetchall()


@pytest.mark.parametrize(
    "username, count", [("pusat", "3"), ("admin", "3")], ids=["pusat", "admin"]
)
def test_the_national_reviewers_see_every_open_flag(db, flagged, username, count):
    at = app_as(db, username, page=PAGE)
    assert not at.exception and at.metric[0].value == count


def test_a_head_without_units_below_has_nothing_to_review(db, flagged):
    at = app_as(db, "kepala.kupang", page=PAGE)
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Tidak ada item yang menunggu tinjauan dalam cakupan Anda."
    ]
    assert [b.key for b in at.main.button] == []


def test_operators_cannot_open_the_queue(db, flagged):
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app_as(db, "op.kupang", page=PAGE)


def test_a_link_claimed_by_two_units_is_a_duplicate_content_flag(db, accounts):
    for code, title in (("kanwil-ntt", "Versi Kanwil"), ("kankemenag-kota-kupang", "Versi Kupang")):
        entry = Entry(day=date(2026, 11, 25), kind="berita_website", title=title, link=LINK)
        item_batches.add_batch(db, SYSTEM, unit_id(db, code), [entry])
    at = app_as(db, "pusat", page=PAGE)
    assert listed(at) == ["Versi Kupang"]  # the later claim
    text = " ".join(m.value for m in at.markdown)
    assert "Tautan yang sama sudah dicatat unit lain" in text
    assert "juga dicatat: Kanwil Kemenag Provinsi Nusa Tenggara Timur" in text


def test_what_the_page_said_is_shown_as_text(db, flagged):
    db.conn.execute(
        "UPDATE item_checks SET reasons = 'title_mismatch', page_title = ? WHERE item_id = ?",
        ("**Tebal** [klik](https://jahat.example)", flagged["k1"]),
    )
    at = app_as(db, "kanwil.ntt", page=PAGE)
    shown = next(m.value for m in at.markdown if "Tebal" in m.value)
    assert "judul halaman: “\\*\\*Tebal\\*\\* \\[klik\\]" in shown
