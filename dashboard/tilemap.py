"""Where each province sits on the meeting screen's tile map, and how other tiles are laid out.

A tile map needs no base map from the internet (an intranet screen has none):
one square per province on a grid, placed roughly where the province lies,
west to east and north to south. Keyed by Kanwil unit code; a Kanwil missing
here (a new province) is placed in the free row at the bottom, so adding a
unit never breaks the screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# code -> (short label, column, row). Columns run west to east, rows north to south.
PROVINCES: dict[str, tuple[str, int, int]] = {
    # Sumatra, from Aceh down to Lampung, with the islands east of it.
    "kanwil-aceh": ("Aceh", 0, 0),
    "kanwil-sumut": ("Sumut", 1, 1),
    "kanwil-riau": ("Riau", 2, 1),
    "kanwil-kepri": ("Kepri", 3, 1),
    "kanwil-sumbar": ("Sumbar", 1, 2),
    "kanwil-jambi": ("Jambi", 2, 2),
    "kanwil-babel": ("Babel", 3, 2),
    "kanwil-bengkulu": ("Bengkulu", 2, 3),
    "kanwil-sumsel": ("Sumsel", 3, 3),
    "kanwil-lampung": ("Lampung", 3, 4),
    # Java and the Lesser Sunda Islands.
    "kanwil-dki": ("DKI", 5, 4),
    "kanwil-banten": ("Banten", 4, 5),
    "kanwil-jabar": ("Jabar", 5, 5),
    "kanwil-jateng": ("Jateng", 6, 5),
    "kanwil-diy": ("DIY", 6, 6),
    "kanwil-jatim": ("Jatim", 7, 5),
    "kanwil-bali": ("Bali", 8, 5),
    "kanwil-ntb": ("NTB", 9, 5),
    "kanwil-ntt": ("NTT", 10, 5),
    # Kalimantan.
    "kanwil-kaltara": ("Kaltara", 7, 1),
    "kanwil-kalbar": ("Kalbar", 5, 2),
    "kanwil-kalteng": ("Kalteng", 6, 2),
    "kanwil-kaltim": ("Kaltim", 7, 2),
    "kanwil-kalsel": ("Kalsel", 7, 3),
    # Sulawesi.
    "kanwil-gorontalo": ("Gorontalo", 9, 1),
    "kanwil-sulut": ("Sulut", 10, 1),
    "kanwil-sulteng": ("Sulteng", 9, 2),
    "kanwil-sulbar": ("Sulbar", 8, 3),
    "kanwil-sulsel": ("Sulsel", 9, 3),
    "kanwil-sultra": ("Sultra", 10, 3),
    # Maluku and Papua.
    "kanwil-malut": ("Malut", 11, 1),
    "kanwil-maluku": ("Maluku", 11, 3),
    "kanwil-papua-barat": ("Pabar", 12, 2),
    "kanwil-papua": ("Papua", 13, 3),
}
COLUMNS = 14
SPARE_ROW = 6  # free places from here on (under Sumatra): new provinces, then PTKN and Pusat


@dataclass(frozen=True)
class Place:
    label: str
    col: int
    row: int


def province_places(codes: Sequence[str], extra: Sequence[str] = ()) -> dict[str, Place]:
    """Places for Kanwil codes (known ones where they lie), then `extra` tile keys in the spare row.

    Labels of unknown codes and extras are left empty for the caller to fill.
    """
    places: dict[str, Place] = {}
    for code in codes:
        if code in PROVINCES:
            label, col, row = PROVINCES[code]
            places[code] = Place(label, col, row)
    taken = {(p.col, p.row) for p in places.values()}
    spare = SPARE_ROW * COLUMNS
    for key in [c for c in codes if c not in PROVINCES] + list(extra):
        while (spare % COLUMNS, spare // COLUMNS) in taken:
            spare += 1
        places[key] = Place("", spare % COLUMNS, spare // COLUMNS)
        spare += 1
    return places


def grid_places(keys: Sequence[str], *, aspect: float = 16 / 9) -> dict[str, Place]:
    """A plain grid, row by row, about `aspect` wide: the Kankemenag of one Kanwil."""
    n = max(len(keys), 1)
    cols = max(1, math.ceil(math.sqrt(n * aspect)))
    rows = math.ceil(n / cols)
    cols = math.ceil(n / rows)  # as few empty places in the last row as possible
    return {key: Place("", i % cols, i // cols) for i, key in enumerate(keys)}
