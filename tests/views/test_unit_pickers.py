"""Every page with a unit picker offers what service.units says each role may pick.

Unit Saya, Kanal and Laporan offer the units one may read (an operator its own, a
pimpinan its subtree, an admin every active unit); Input Harian and Impor Data the
units one may enter output for. The picker's labels are compared in order, so a
page that drew its own list (or another order) fails here.
"""

import pytest

from dashboard.service import units as unit_service
from dashboard.store import units as unit_store
from tests.conftest import app_as, principal

# page: (file, picker key, how the page labels a unit, entering output?)
PICKERS = {
    "unit-saya": ("views/unit_dashboard.py", "unit", lambda u, d: u.name, False),
    "kanal": ("views/channels.py", "kanal_unit", lambda u, d: u.name, False),
    "laporan": ("views/reports.py", "unit", lambda u, d: "\u2003" * min(d, 4) + u.name, False),
    "input-harian": (
        "views/entry.py",
        "entry_unit",
        lambda u, d: f"{u.name} ({u.code})",
        True,
    ),
    "impor": ("views/imports.py", "import_unit", lambda u, d: f"{u.name} ({u.code})", True),
}
CASES = [
    (page, username)
    for page in PICKERS
    for username in ("op.kupang", "kanwil.ntt", "admin")
    if not (PICKERS[page][3] and username == "kanwil.ntt")  # a pimpinan enters nothing
]


def offered(at, key: str) -> list[str] | None:
    """The picker's options in order; a long picker in two steps (a group, then a unit in it:
    ui/address.grouped_choice) is walked group by group, as a person would."""
    found = [s for s in at.selectbox if s.key == key]
    if not found:
        return None
    if not [s for s in at.selectbox if s.key == f"{key}_group"]:
        return list(found[0].options)
    shown = []
    for i in range(len(at.selectbox(key=f"{key}_group").options)):
        at.selectbox(key=f"{key}_group").select_index(i).run()
        assert not at.exception
        shown += list(at.selectbox(key=key).options)
    return shown


def expected(db, username: str, page: str) -> list[str]:
    _, _, label, entering = PICKERS[page]
    tree = unit_service.pickable_tree(
        principal(db, username), unit_store.list_all(db), entering=entering
    )
    return [label(unit, depth) for unit, depth in tree]


@pytest.mark.parametrize(("page", "username"), CASES)
def test_each_page_offers_the_units_the_role_may_pick(db, accounts, page, username):
    file, key, _, _ = PICKERS[page]
    at = app_as(db, username, page=file)
    assert not at.exception
    choices = offered(at, key)
    if username == "op.kupang":
        assert choices is None  # its own unit, nothing to choose
        assert any("Kantor Kemenag Kota Kupang" in m.value for m in at.markdown) or any(
            "Kantor Kemenag Kota Kupang" in c.value for c in at.caption
        )
    else:
        assert choices == expected(db, username, page)
        assert len(choices) > 1


@pytest.mark.parametrize("page", list(PICKERS))
def test_an_inactive_unit_is_offered_on_no_page(db, accounts, page):
    unit_store.update(db, principal(db, "admin"), "kankemenag-kota-kupang", active=0)
    file, key, _, _ = PICKERS[page]
    at = app_as(db, "admin", page=file)
    assert not at.exception
    choices = offered(at, key)
    assert choices == expected(db, "admin", page)
    assert not any("Kota Kupang" in c for c in choices)
