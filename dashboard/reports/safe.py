"""Spreadsheet formula injection: text a spreadsheet would run as a formula is made inert.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return,
which some spreadsheets skip before reading the rest as a formula) is run as
a formula by Excel and LibreOffice when a CSV is opened. Titles and notes are
typed by operators, so every text cell of an export goes through here.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(text: str) -> bool:
    return bool(text) and text.startswith(TRIGGERS)


def neutralise(value: object) -> object:
    """For CSV: a leading apostrophe (OWASP's advice) makes the cell plain text."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value
