"""Which units each role may pick (service.units): the one rule every unit picker asks."""

from dashboard.service import units as unit_service
from dashboard.service.context import load
from dashboard.store import units as unit_store
from dashboard.store.access import can_read, can_write_output, subtree_ids
from tests.conftest import principal, unit_id


def codes(found) -> list[str]:
    return [u.code for u in found]


def picked(db, username: str, *, entering: bool = False) -> list[dict]:
    return unit_service.pickable_units(
        principal(db, username), unit_store.list_all(db), entering=entering
    )


def test_an_operator_picks_its_own_unit_only(db, accounts):
    assert codes(picked(db, "op.kupang")) == ["kankemenag-kota-kupang"]
    assert codes(picked(db, "op.kupang", entering=True)) == ["kankemenag-kota-kupang"]
    assert codes(picked(db, "op.jatim")) == ["kanwil-jatim"]  # not the units below its Kanwil


def test_a_pimpinan_picks_its_unit_and_every_unit_below(db, accounts):
    found = unit_service.pickable_tree(principal(db, "kanwil.ntt"), unit_store.list_all(db))
    ntt = unit_id(db, "kanwil-ntt")
    assert found[0][0].id == ntt and found[0][1] == 0  # its own unit first, at the top
    assert sorted(u.id for u, _ in found) == sorted(subtree_ids(db, ntt))
    assert {depth for _, depth in found[1:]} == {1}  # the Kankemenag of NTT, one level down
    assert codes(picked(db, "kepala.kupang")) == ["kankemenag-kota-kupang"]  # nothing below it


def test_a_pimpinan_enters_output_for_no_unit(db, accounts):
    assert picked(db, "kanwil.ntt", entering=True) == []


def test_an_admin_picks_every_active_unit_once_root_first(db, accounts):
    every = unit_store.list_all(db)
    found = picked(db, "admin")
    assert sorted(codes(found)) == sorted(u.code for u in every if u.active)
    assert found[0].parent_id is None  # the ministry itself, then its tree
    assert codes(picked(db, "admin", entering=True)) == codes(found)


def test_the_tree_reads_parent_first_then_children_by_type_and_name(db, accounts):
    found = unit_service.pickable_tree(principal(db, "admin"), unit_store.list_all(db))
    seen: set[int] = set()
    for unit, _ in found:
        assert unit.parent_id is None or unit.parent_id in seen
        seen.add(unit.id)
    below_root = [u for u, depth in found if depth == 1]
    keys = [(unit_service.TYPE_ORDER[u.type], u.name) for u in below_root]
    assert keys == sorted(keys)


def test_inactive_units_are_never_offered(db, accounts):
    admin = principal(db, "admin")
    unit_store.update(db, admin, "kankemenag-kota-kupang", active=0)
    unit_store.update(db, admin, "kanwil-ntt", active=0)
    for username in ("admin", "pusat"):
        assert "kankemenag-kota-kupang" not in codes(picked(db, username))
        assert "kanwil-ntt" not in codes(picked(db, username))
    # Its own unit inactive: an operator or a pimpinan there is offered nothing.
    assert picked(db, "op.kupang") == [] and picked(db, "op.kupang", entering=True) == []
    assert picked(db, "kanwil.ntt") == []
    # An active unit under an inactive one: an admin still reaches it (a tree of its own,
    # after the ministry's); a pimpinan above the inactive unit no longer walks down to it.
    belu = "kankemenag-kab-belu"
    admin_codes = codes(picked(db, "admin"))
    assert belu in admin_codes
    assert admin_codes.index(belu) > admin_codes.index("kanwil-jatim")
    assert belu not in codes(picked(db, "pusat"))


def test_every_unit_offered_is_one_the_store_lets_them_read_or_enter(db, accounts):
    units = unit_store.list_all(db)
    for username in accounts:
        who = principal(db, username)
        for unit in unit_service.pickable_units(who, units):
            assert can_read(db, who, unit.id), (username, unit.code)
        for unit in unit_service.pickable_units(who, units, entering=True):
            assert can_write_output(who, unit.id), (username, unit.code)


def test_the_page_context_gives_the_same_choices(db, accounts):
    """Pages pass the cached context's units (active only): the same choices as the directory."""
    ctx = load(db)
    for username in accounts:
        who = principal(db, username)
        assert codes(unit_service.pickable_units(who, ctx.units)) == codes(picked(db, username))


def test_a_long_picker_is_cut_into_groups_that_read_the_tree_in_order(db, accounts):
    """Issue 19: an admin's ~600 units in groups a person picks first (ui/address.grouped_choice)."""
    tree = unit_service.pickable_tree(principal(db, "admin"), unit_store.list_all(db))
    groups = unit_service.picker_groups(tree)
    assert [u for g in groups for u in g.units] == [u for u, _ in tree]  # each once, in order
    by_key = {g.key: g for g in groups}
    assert len(by_key) == len(groups)
    root = tree[0][0]
    pusat = groups[0]  # the nation first, with its Pusat offices
    assert pusat.label == "Pusat" and pusat.units[0] == root
    assert {u.type for u in pusat.units} == {"PUSAT"}
    ntt = by_key["kanwil-ntt"]  # a Kanwil: itself, then its Kankemenag
    assert ntt.label == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    assert ntt.units[0].code == "kanwil-ntt"
    assert {u.type for u in ntt.units[1:]} == {"KANKEMENAG"}
    assert "kankemenag-kota-kupang" in codes(ntt.units)
    ptkn = by_key[f"{root.code}/PTKN"]  # leaf units below the root: by type
    assert ptkn.label == "PTKN" and "iakn-kupang" in codes(ptkn.units)
    assert max(len(g.units) for g in groups) < 100 < len(tree)  # every step a short list
