"""Showing text people typed as text.

Streamlit renders Markdown in titles, captions, metrics labels and markdown
calls even with HTML off (links of any scheme, images, emoji shortcodes).
Anything a person typed goes through `md_escape` before it meets Markdown,
or is shown with st.text / st.dataframe, which never interpret it.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
# GitHub-flavoured autolinks ("https://…", "www.…", "nama@contoh.id") survive backslash
# escapes: an invisible word joiner inside each trigger keeps them plain text.
_JOINER = "\u2060"
# Only where a link would really start: "http:// atau" in a message stays untouched.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//[a-z0-9])|(?<=\bwww)(?=\.[a-z0-9])|(?<=\w)(?=@\w)")


def md_escape(text: object) -> str:
    """Text that Markdown shows exactly as typed: no formatting, no links, one line."""
    text = _AUTOLINK.sub(lambda m: m.group(0) + _JOINER if m.group(0) else _JOINER, str(text))
    return _SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


STRIKE = "\u0336"


def struck(text: str) -> str:
    """Text drawn struck through (a combining stroke after each character): still plain text,
    for a rejected item's title wherever it is listed."""
    return "".join(c if c.isspace() else c + STRIKE for c in text)
