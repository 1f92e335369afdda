from tests.conftest import app_as
from tests.service.helpers import add_items


def test_a_busy_day_lists_items_a_page_at_a_time(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:00:00Z")
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "medsos_instagram", 30)
    at = app_as(db, "op.kupang", page="views/entry.py")
    assert not at.exception
    edit_buttons = [b for b in at.button if b.label == "Ubah"]
    assert len(edit_buttons) == 25
    pager = at.get("pagination")
    assert len(pager) == 1
