"""The rule every free-text field passes before it is stored: a length limit, no control characters.

Pure (no SQL, no Streamlit), shared by every writer of people's text: item
titles and notes (entries.py), account names and e-mail addresses (auth.py),
unit names (store/units.py), target and calendar notes. Text is stored as
typed (surrounding spaces aside), so the checks refuse rather than clean.

Control characters are Unicode category Cc (C0, DEL, C1): they have no
meaning in a title or a name, XML 1.0 (the XLSX export) cannot carry most of
them, and a terminal or a log viewer may act on them. Multi-line fields
(titles and notes from a file) may hold newlines and tabs. Characters that
are not controls stay: emoji, Arabic and other right-to-left text, and even a
bidirectional override (it only reorders how that one text is displayed).
"""

from __future__ import annotations

import unicodedata

from dashboard import errors
from dashboard.errors import Problem

# Noncharacters XML 1.0 cannot carry either.
_NOT_XML = {"\ufffe", "\uffff"}


def has_control(text: str, *, multiline: bool = False) -> bool:
    allowed = "\n\t" if multiline else ""
    return any(
        (unicodedata.category(c) == "Cc" and c not in allowed) or c in _NOT_XML for c in text
    )


def problem(
    text: str, field: str, *, max_len: int, min_len: int = 0, multiline: bool = False
) -> Problem | None:
    """Why `text` cannot be stored as the field `field` (a key of `words.TEXT_FIELDS`), or None.

    The problem's words (`words.say`) name the field and never repeat what was typed, so
    pages can show them anywhere.
    """
    if len(text) > max_len:
        return errors.problem(errors.TEXT_TOO_LONG, field=field, length=len(text), limit=max_len)
    if len(text) < min_len:
        return errors.problem(errors.TEXT_TOO_SHORT, field=field, limit=min_len)
    if has_control(text, multiline=multiline):
        return errors.problem(errors.TEXT_CONTROL, field=field)
    return None
