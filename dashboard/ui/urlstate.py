"""Filters that live in the URL (widgets bound to query parameters), by name and type.

A shared link opened before signing in loses its query string when the
sign-in form gives way to the real page; the shell puts the values back into
the widgets' state from here, parsed to the types the widgets expect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

PARSERS: dict[str, Callable[[str], object]] = {
    "periode": str,
    "dari": date.fromisoformat,
    "sampai": date.fromisoformat,
    "tanggal": date.fromisoformat,
    "unit": str,
    "cakupan": str,
    "kanwil": str,
    "q": str,
    "tahun": int,
    "provinsi": lambda text: text.lower() in ("true", "1", "ya"),
}


def parse(params: Mapping[str, str | list[str]]) -> dict[str, object]:
    """Known filters with valid values; anything else is dropped silently."""
    found: dict[str, object] = {}
    for key, raw in params.items():
        parser = PARSERS.get(key)
        value = raw[-1] if isinstance(raw, list) and raw else raw
        if parser is None or not isinstance(value, str):
            continue
        try:
            found[key] = parser(value)
        except ValueError:
            continue
    return found


# SQLite integers stop at 2**63 - 1: eighteen digits always fit.
_MAX_ID_DIGITS = 18


def record_id(text: object) -> int | None:
    """A row id named in the address (`?item=12`), or None for anything else.

    ASCII digits only (str.isdigit also accepts "²" and "٣", which int() then
    refuses or reads) and short enough for SQLite, so a hand-edited address is
    "not found", never an error.
    """
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        return None
    if len(text) > _MAX_ID_DIGITS:
        return None
    return int(text)
