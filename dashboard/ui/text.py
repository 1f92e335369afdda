"""Showing text people typed as text.

Streamlit renders Markdown in titles, captions, metrics labels and markdown
calls even with HTML off (links of any scheme, images, emoji shortcodes).
Anything a person typed goes through `md_escape` before it meets Markdown,
or is shown with st.text / st.dataframe, which never interpret it.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_escape(text: object) -> str:
    """Backslash-escape every character Markdown (and Streamlit's extensions) could act on."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
