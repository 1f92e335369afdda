"""Tinjauan Tautan: the pairs of units claiming one link, within the reviewer's scope."""

from datetime import date

import pytest

from dashboard.entries import Entry
from dashboard.store import items as item_store
from dashboard.store.access import SYSTEM
from tests.conftest import app_as, unit_id

PAGE = "views/link_review.py"
LINK = "https://ntt.kemenag.go.id/kota-kupang/berita/bersama"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")


def claim(db, code, title, link=LINK):
    entry = Entry(day=date(2026, 11, 25), kind="berita_website", title=title, link=link)
    item_store.add_batch(db, SYSTEM, unit_id(db, code), [entry])


def test_a_pimpinan_sees_pairs_inside_its_subtree(db, accounts):
    claim(db, "kankemenag-kota-kupang", "Versi Kupang")
    claim(db, "kanwil-ntt", "Versi Kanwil")
    claim(db, "kanwil-jatim", "Versi Jatim", link=LINK + "-2")
    claim(db, "kankemenag-kota-kupang", "Versi Kupang 2", link=LINK + "-2")
    at = app_as(db, "kanwil.ntt", page=PAGE)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Unit pertama"]) == ["Kantor Kemenag Kota Kupang"]
    assert list(table["Judul (kedua)"]) == ["Versi Kanwil"]
    at = app_as(db, "pusat", page=PAGE)
    assert len(at.dataframe[0].value) == 2


def test_nothing_to_review(db, accounts):
    at = app_as(db, "admin", page=PAGE)
    assert [s.value for s in at.success] == ["Tidak ada tautan ganda antarunit dalam cakupan Anda."]
