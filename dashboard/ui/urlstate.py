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
