from dashboard import orgtree
from dashboard.store import units as unit_store


def test_path_children_and_search(db):
    units = unit_store.list_all(db)
    by_id = orgtree.index(units)
    kids = orgtree.children_map(units)
    kupang = unit_store.by_code(db, "kankemenag-kota-kupang")
    assert [u.code for u in orgtree.path(kupang.id, by_id)] == [
        "kemenag-ri",
        "kanwil-ntt",
        "kankemenag-kota-kupang",
    ]
    ntt = unit_store.by_code(db, "kanwil-ntt")
    assert len(orgtree.descendants(ntt.id, kids)) == 22
    found = {u.code for u in orgtree.search(units, "  KUPANG ")}
    assert found == {"kankemenag-kota-kupang", "kankemenag-kab-kupang", "iakn-kupang"}
    assert {u.code for u in orgtree.search(units, "kota kupang")} == {"kankemenag-kota-kupang"}


def test_short_names_drop_the_words_peers_share():
    assert orgtree.short_name("Kantor Kemenag Kabupaten Timor Tengah Selatan") == (
        "Kab. Timor Tengah Selatan"
    )
    assert orgtree.short_name("Kantor Kemenag Kota Kupang") == "Kota Kupang"
    assert orgtree.short_name("Kanwil Kemenag Provinsi Jawa Timur") == "Jawa Timur"
    assert orgtree.short_name("Kanwil Kemenag Provinsi Jawa Timur", kanwil=True) == (
        "Kanwil Jawa Timur"
    )
    assert orgtree.short_name("IAKN Kupang") == "IAKN Kupang"
