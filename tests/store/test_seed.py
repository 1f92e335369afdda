import subprocess
import sys
from collections import Counter

from dashboard.store import bootstrap, seed
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.kinds import list_kinds
from tests.conftest import REPO

GUIDE_KINDS = {
    "berita_website": "berita",
    "berita_portal": "berita",
    "siaran_pers": "media",
    "media_eksternal": "media",
    "medsos_instagram": "medsos",
    "medsos_facebook": "medsos",
    "medsos_x": "medsos",
    "medsos_tiktok": "medsos",
    "medsos_youtube": "medsos",
    "medsos_whatsapp": "medsos",
    "kegiatan_diliput": "kegiatan",
}


def test_metric_kinds_are_the_guides(db):
    kinds = {k.code: k.grp for k in list_kinds(db)}
    assert kinds == GUIDE_KINDS


def test_unit_counts_and_tree(db):
    units = unit_store.list_all(db)
    by_type = Counter(u.type for u in units)
    assert by_type["KANWIL"] == 34
    assert by_type["KANKEMENAG"] == 514
    assert by_type["PTKN"] >= 50
    assert by_type["PUSAT"] >= 10
    by_code = {u.code: u for u in units}
    for unit in units:
        if unit.type == "KANKEMENAG":
            assert by_code[unit.parent_code].type == "KANWIL"
        if unit.type in ("KANWIL", "PTKN"):
            assert by_code[unit.parent_code].type == "PUSAT"
    assert by_code["iakn-kupang"].type == "PTKN"
    assert by_code["kankemenag-kota-kupang"].parent_code == "kanwil-ntt"


def test_time_zones_follow_the_province(db):
    units = unit_store.list_all(db)
    ntt = [u for u in units if u.province == "Nusa Tenggara Timur"]
    papua = [u for u in units if u.province.startswith("Papua")]
    assert ntt and all(u.tz == "Asia/Makassar" for u in ntt)
    assert papua and all(u.tz == "Asia/Jayapura" for u in papua)
    assert unit_store.by_code(db, "kankemenag-kota-medan").tz == "Asia/Jakarta"
    assert unit_store.by_code(db, "iakn-kupang").tz == "Asia/Makassar"


def test_reseeding_keeps_admin_edits(db, db_path):
    unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil Kemenag NTT (nama baru)")
    report = bootstrap.init(db_path)
    assert report.units_added == 0
    assert unit_store.by_code(db, "kanwil-ntt").name == "Kanwil Kemenag NTT (nama baru)"
    assert seed.seed_units(db) == 0


def test_units_csv_is_what_the_build_script_makes():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_units.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
