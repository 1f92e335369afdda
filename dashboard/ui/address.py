"""Choices that live in the page's address by their code: `/unit-saya?unit=kankemenag-kota-kupang`.

Streamlit's `bind="query-params"` writes a selectbox's or segmented control's
*label* into the address (`?unit=Kantor+Kemenag+Kota+Kupang`,
`?periode=Tahun+ini`) and reads nothing else back: a code put there by a link
or by `st.switch_page(..., query_params=...)` is dropped as invalid, and the
widget shows its default or the value the session remembers. That is how a
Kankemenag row picked on Ringkasan opened the signed-in user's own unit
(issue 16, item 1).

A choice drawn here keeps the option's code in the address and follows the
address whenever it changes (a drill-down, a shared link, back and forward):

    the address names a valid option   -> that option
    else the session holds a valid one -> that one (the last pick, or a link's
                                          filter put back after signing in)
    else                               -> the default

A pick writes the address in the widget's callback, which Streamlit runs
before the page, so the page never reads an address older than the pick.
Labels are accepted too, so addresses copied before this change still open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def named(key: str) -> str | None:
    """What the address says for `key` (the last value when repeated), or None."""
    value = st.query_params.get_all(key)
    return value[-1] if value and isinstance(value[-1], str) else None


def _write(key: str, default: str, always: bool) -> None:
    value = st.session_state.get(key)
    if not isinstance(value, str):
        return
    if value == default and not always:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def resolve(key: str, options: Sequence[str], default: str, label_of: Callable[[str], str]) -> str:
    """The option the address, else the session, else the default names."""
    asked = named(key)
    if asked is not None and asked not in options:
        asked = {label_of(o): o for o in options}.get(asked)
    if asked is not None and asked in options:
        return asked
    kept = st.session_state.get(key)
    return kept if isinstance(kept, str) and kept in options else default


def choice(
    draw: Callable,
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str,
    format_func: Callable[[str], str] = str,
    always: bool = False,
    **widget,
) -> str:
    """Draw `draw` (st.selectbox, st.segmented_control, ...) with its choice in the address.

    `always` names the choice in the address even when it is the default
    (a unit page should name its unit whoever opens the link).
    """
    value = resolve(key, options, default, format_func)
    st.session_state[key] = value
    draw(
        label,
        list(options),
        key=key,
        format_func=format_func,
        on_change=_write,
        args=(key, default, always),
        **widget,
    )
    _write(key, default, always)
    return value


def show(key: str, value: str) -> None:
    """Name `value` in the address (a page without a widget for it, or a drill-down)."""
    if st.query_params.get(key) != value:
        st.query_params[key] = value
