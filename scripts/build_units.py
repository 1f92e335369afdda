"""Rebuild dashboard/seed/units.csv, the seed list of Kemenag work units.

Kanwil (one per province) and Kankemenag (one per kabupaten/kota) come from the
`areaid` package (MIT), which lists the 34 provinces and 514 regencies/cities.
The PUSAT units and the state religious universities (PTKN) are curated here by
hand: no package lists them.

Run:  python scripts/build_units.py            (writes dashboard/seed/units.csv)
      python scripts/build_units.py --check    (exit 1 when the file is stale)

The CSV is data, not code: after seeding, units are edited in the app or with
`humas` (added, renamed, merged). This script only rebuilds the first list.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"

ROOT_CODE = "kemenag-ri"

# areaid province name -> (short code used in kanwil codes, display name, IANA zone)
PROVINCES: dict[str, tuple[str, str, str]] = {
    "Aceh": ("aceh", "Aceh", WIB),
    "Sumatra Utara": ("sumut", "Sumatera Utara", WIB),
    "Sumatra Barat": ("sumbar", "Sumatera Barat", WIB),
    "Riau": ("riau", "Riau", WIB),
    "Jambi": ("jambi", "Jambi", WIB),
    "Sumatra Selatan": ("sumsel", "Sumatera Selatan", WIB),
    "Bengkulu": ("bengkulu", "Bengkulu", WIB),
    "Lampung": ("lampung", "Lampung", WIB),
    "Kepulauan Bangka Belitung": ("babel", "Kepulauan Bangka Belitung", WIB),
    "Kepulauan Riau": ("kepri", "Kepulauan Riau", WIB),
    "Daerah Khusus Ibukota Jakarta": ("dki", "DKI Jakarta", WIB),
    "Jawa Barat": ("jabar", "Jawa Barat", WIB),
    "Jawa Tengah": ("jateng", "Jawa Tengah", WIB),
    "Daerah Istimewa Yogyakarta": ("diy", "DI Yogyakarta", WIB),
    "Jawa Timur": ("jatim", "Jawa Timur", WIB),
    "Banten": ("banten", "Banten", WIB),
    "Bali": ("bali", "Bali", WITA),
    "Nusa Tenggara Barat": ("ntb", "Nusa Tenggara Barat", WITA),
    "Nusa Tenggara Timur": ("ntt", "Nusa Tenggara Timur", WITA),
    "Kalimantan Barat": ("kalbar", "Kalimantan Barat", WIB),
    "Kalimantan Tengah": ("kalteng", "Kalimantan Tengah", WIB),
    "Kalimantan Selatan": ("kalsel", "Kalimantan Selatan", WITA),
    "Kalimantan Timur": ("kaltim", "Kalimantan Timur", WITA),
    "Kalimantan Utara": ("kaltara", "Kalimantan Utara", WITA),
    "Sulawesi Utara": ("sulut", "Sulawesi Utara", WITA),
    "Sulawesi Tengah": ("sulteng", "Sulawesi Tengah", WITA),
    "Sulawesi Selatan": ("sulsel", "Sulawesi Selatan", WITA),
    "Sulawesi Tenggara": ("sultra", "Sulawesi Tenggara", WITA),
    "Gorontalo": ("gorontalo", "Gorontalo", WITA),
    "Sulawesi Barat": ("sulbar", "Sulawesi Barat", WITA),
    "Maluku": ("maluku", "Maluku", WIT),
    "Maluku Utara": ("malut", "Maluku Utara", WIT),
    "Papua": ("papua", "Papua", WIT),
    "Papua Barat": ("papua-barat", "Papua Barat", WIT),
}

PUSAT = [
    # code, name (all under the root)
    ("biro-humas", "Biro Hubungan Masyarakat dan Komunikasi Publik"),
    ("setjen", "Sekretariat Jenderal"),
    ("itjen", "Inspektorat Jenderal"),
    ("ditjen-pendis", "Direktorat Jenderal Pendidikan Islam"),
    ("ditjen-bimas-islam", "Direktorat Jenderal Bimbingan Masyarakat Islam"),
    ("ditjen-bimas-kristen", "Direktorat Jenderal Bimbingan Masyarakat Kristen"),
    ("ditjen-bimas-katolik", "Direktorat Jenderal Bimbingan Masyarakat Katolik"),
    ("ditjen-bimas-hindu", "Direktorat Jenderal Bimbingan Masyarakat Hindu"),
    ("ditjen-bimas-buddha", "Direktorat Jenderal Bimbingan Masyarakat Buddha"),
    ("bmbpsdm", "Badan Moderasi Beragama dan Pengembangan Sumber Daya Manusia"),
    ("pusbimdik-khonghucu", "Pusat Bimbingan dan Pendidikan Khonghucu"),
]

# State religious universities: code, name, areaid province. Only those named
# reliably; more are added as data in the app.
PTKN = [
    ("uin-jakarta", "UIN Syarif Hidayatullah Jakarta", "Banten"),
    ("uin-yogyakarta", "UIN Sunan Kalijaga Yogyakarta", "Daerah Istimewa Yogyakarta"),
    ("uin-surabaya", "UIN Sunan Ampel Surabaya", "Jawa Timur"),
    ("uin-bandung", "UIN Sunan Gunung Djati Bandung", "Jawa Barat"),
    ("uin-semarang", "UIN Walisongo Semarang", "Jawa Tengah"),
    ("uin-malang", "UIN Maulana Malik Ibrahim Malang", "Jawa Timur"),
    ("uin-makassar", "UIN Alauddin Makassar", "Sulawesi Selatan"),
    ("uin-banda-aceh", "UIN Ar-Raniry Banda Aceh", "Aceh"),
    ("uin-medan", "UIN Sumatera Utara Medan", "Sumatra Utara"),
    ("uin-padang", "UIN Imam Bonjol Padang", "Sumatra Barat"),
    ("uin-riau", "UIN Sultan Syarif Kasim Riau", "Riau"),
    ("uin-palembang", "UIN Raden Fatah Palembang", "Sumatra Selatan"),
    ("uin-lampung", "UIN Raden Intan Lampung", "Lampung"),
    ("uin-jambi", "UIN Sulthan Thaha Saifuddin Jambi", "Jambi"),
    ("uin-banjarmasin", "UIN Antasari Banjarmasin", "Kalimantan Selatan"),
    ("uin-mataram", "UIN Mataram", "Nusa Tenggara Barat"),
    ("uin-palu", "UIN Datokarama Palu", "Sulawesi Tengah"),
    ("uin-banten", "UIN Sultan Maulana Hasanuddin Banten", "Banten"),
    ("uin-surakarta", "UIN Raden Mas Said Surakarta", "Jawa Tengah"),
    ("uin-purwokerto", "UIN Prof. K.H. Saifuddin Zuhri Purwokerto", "Jawa Tengah"),
    ("uin-salatiga", "UIN Salatiga", "Jawa Tengah"),
    ("uin-pekalongan", "UIN K.H. Abdurrahman Wahid Pekalongan", "Jawa Tengah"),
    ("uin-tulungagung", "UIN Sayyid Ali Rahmatullah Tulungagung", "Jawa Timur"),
    ("uin-jember", "UIN Kiai Haji Achmad Siddiq Jember", "Jawa Timur"),
    ("uin-cirebon", "UIN Siber Syekh Nurjati Cirebon", "Jawa Barat"),
    ("uin-bengkulu", "UIN Fatmawati Sukarno Bengkulu", "Bengkulu"),
    ("uin-samarinda", "UIN Sultan Aji Muhammad Idris Samarinda", "Kalimantan Timur"),
    ("uin-batusangkar", "UIN Mahmud Yunus Batusangkar", "Sumatra Barat"),
    ("uin-bukittinggi", "UIN Sjech M. Djamil Djambek Bukittinggi", "Sumatra Barat"),
    (
        "uin-padangsidimpuan",
        "UIN Syekh Ali Hasan Ahmad Addary Padangsidimpuan",
        "Sumatra Utara",
    ),
    ("uin-palangka-raya", "UIN Palangka Raya", "Kalimantan Tengah"),
    ("uin-ponorogo", "UIN Kiai Ageng Muhammad Besari Ponorogo", "Jawa Timur"),
    ("uin-kediri", "UIN Syekh Wasil Kediri", "Jawa Timur"),
    ("iain-ambon", "IAIN Ambon", "Maluku"),
    ("iain-kendari", "IAIN Kendari", "Sulawesi Tenggara"),
    ("iain-manado", "IAIN Manado", "Sulawesi Utara"),
    ("iain-ternate", "IAIN Ternate", "Maluku Utara"),
    ("iain-parepare", "IAIN Parepare", "Sulawesi Selatan"),
    ("iain-palopo", "IAIN Palopo", "Sulawesi Selatan"),
    ("iain-bone", "IAIN Bone", "Sulawesi Selatan"),
    ("iain-pontianak", "IAIN Pontianak", "Kalimantan Barat"),
    ("iain-metro", "IAIN Metro", "Lampung"),
    ("iain-kerinci", "IAIN Kerinci", "Jambi"),
    ("iain-curup", "IAIN Curup", "Bengkulu"),
    ("iain-lhokseumawe", "IAIN Lhokseumawe", "Aceh"),
    ("iain-langsa", "IAIN Langsa", "Aceh"),
    ("iain-takengon", "IAIN Takengon", "Aceh"),
    ("iain-kudus", "IAIN Kudus", "Jawa Tengah"),
    ("iain-madura", "IAIN Madura", "Jawa Timur"),
    ("iain-babel", "IAIN Syaikh Abdurrahman Siddik Bangka Belitung", "Kepulauan Bangka Belitung"),
    ("iain-sorong", "IAIN Sorong", "Papua Barat"),
    ("iain-papua", "IAIN Fattahul Muluk Papua", "Papua"),
    ("iain-gorontalo", "IAIN Sultan Amai Gorontalo", "Gorontalo"),
    ("iakn-kupang", "IAKN Kupang", "Nusa Tenggara Timur"),
    ("iakn-ambon", "IAKN Ambon", "Maluku"),
    ("iakn-manado", "IAKN Manado", "Sulawesi Utara"),
    ("iakn-tarutung", "IAKN Tarutung", "Sumatra Utara"),
    ("iakn-toraja", "IAKN Toraja", "Sulawesi Selatan"),
    ("iakn-palangka-raya", "IAKN Palangka Raya", "Kalimantan Tengah"),
    ("stakn-sentani", "STAKN Sentani", "Papua"),
    ("stakatn-pontianak", "STAKatN Pontianak", "Kalimantan Barat"),
    ("uhn-denpasar", "UHN I Gusti Bagus Sugriwa Denpasar", "Bali"),
    ("iahn-mataram", "IAHN Gde Pudja Mataram", "Nusa Tenggara Barat"),
    ("iahn-palangka-raya", "IAHN Tampung Penyang Palangka Raya", "Kalimantan Tengah"),
    ("stahn-singaraja", "STAHN Mpu Kuturan Singaraja", "Bali"),
    ("stabn-sriwijaya", "STABN Sriwijaya Tangerang Banten", "Banten"),
    ("stabn-raden-wijaya", "STABN Raden Wijaya Wonogiri", "Jawa Tengah"),
]

HEADER = ["code", "name", "type", "parent_code", "province", "tz", "active"]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def clean_regency(name: str) -> tuple[str, str]:
    """'Kabupaten Bulungan (Bulongan)' -> ('Kabupaten Bulungan', 'kab-bulungan')."""
    name = re.sub(r"\s*\(.*?\)", "", name).replace("Adm. ", "").strip()
    kind, _, rest = name.partition(" ")
    prefix = {"Kabupaten": "kab", "Kota": "kota"}[kind]
    return name, f"{prefix}-{slug(rest)}"


def build_rows() -> list[dict[str, str]]:
    from areaid import buka_data, buka_nama  # test extra; only this script needs it

    rows = [
        _row(ROOT_CODE, "Kementerian Agama Republik Indonesia", "PUSAT", "", "DKI Jakarta", WIB)
    ]
    rows += [_row(code, name, "PUSAT", ROOT_CODE, "DKI Jakarta", WIB) for code, name in PUSAT]
    seen: set[str] = set()
    for province in buka_nama()["himpunan"]:
        short, display, tz = PROVINCES[province]
        kanwil = f"kanwil-{short}"
        rows.append(
            _row(kanwil, f"Kanwil Kemenag Provinsi {display}", "KANWIL", ROOT_CODE, display, tz)
        )
        for regency in buka_data(province.lower())[0]["kabupaten"]:
            name, code = clean_regency(regency["kab_kota"])
            code = f"kankemenag-{code}"
            if code in seen:  # same regency name in two provinces: keep both readable
                code = f"{code}-{short}"
            seen.add(code)
            rows.append(_row(code, f"Kantor Kemenag {name}", "KANKEMENAG", kanwil, display, tz))
    for code, name, province in PTKN:
        _short, display, tz = PROVINCES[province]
        rows.append(_row(code, name, "PTKN", ROOT_CODE, display, tz))
    return rows


def _row(code: str, name: str, type_: str, parent: str, province: str, tz: str) -> dict[str, str]:
    return {
        "code": code,
        "name": name,
        "type": type_,
        "parent_code": parent,
        "province": province,
        "tz": tz,
        "active": "1",
    }


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when dashboard/seed/units.csv is stale"
    )
    args = parser.parse_args()
    target = Path(__file__).resolve().parents[1] / "dashboard" / "seed" / "units.csv"
    text = render(build_rows())
    if args.check:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{target} is stale: run scripts/build_units.py")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count(chr(10)) - 1} units)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
