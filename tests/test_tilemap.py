import csv

from dashboard import tilemap
from dashboard.config import UNITS_CSV


def test_every_seeded_kanwil_has_its_own_place():
    with open(UNITS_CSV, newline="", encoding="utf-8") as f:
        kanwil = [row["code"] for row in csv.DictReader(f) if row["type"] == "KANWIL"]
    assert sorted(kanwil) == sorted(tilemap.PROVINCES)
    places = tilemap.province_places(kanwil)
    assert len({(p.col, p.row) for p in places.values()}) == len(kanwil) == 34
    assert all(0 <= p.col < tilemap.COLUMNS for p in places.values())


def test_roughly_geographic():
    p = tilemap.PROVINCES
    assert p["kanwil-aceh"][1] < p["kanwil-jatim"][1] < p["kanwil-papua"][1]  # west to east
    assert p["kanwil-kaltara"][2] < p["kanwil-jatim"][2]  # north to south


def test_new_provinces_and_extras_go_to_free_places():
    places = tilemap.province_places(["kanwil-ntt", "kanwil-papua-tengah"], ["ptkn"])
    assert places["kanwil-ntt"].label == "NTT"
    spare = [places["kanwil-papua-tengah"], places["ptkn"]]
    assert all(p.row >= tilemap.SPARE_ROW and p.label == "" for p in spare)
    taken = {(p.col, p.row) for p in tilemap.province_places(list(tilemap.PROVINCES)).values()}
    full = tilemap.province_places(list(tilemap.PROVINCES) + ["kanwil-baru"], ["ptkn", "pusat"])
    assert len({(p.col, p.row) for p in full.values()}) == len(full)
    assert (full["kanwil-baru"].col, full["kanwil-baru"].row) not in taken


def test_grid_places_is_wider_than_tall():
    places = tilemap.grid_places([str(i) for i in range(23)])
    cols = max(p.col for p in places.values()) + 1
    rows = max(p.row for p in places.values()) + 1
    assert cols * rows >= 23 and cols > rows
    assert len({(p.col, p.row) for p in places.values()}) == 23
