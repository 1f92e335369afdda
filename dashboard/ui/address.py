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

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

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


def resolve(
    key: str, options: Collection[str], default: str, label_of: Callable[[str], str]
) -> str:
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


@dataclass(frozen=True)
class Grouped:
    """Options in groups, indexed for `grouped_choice`: made once (per context, for a unit
    picker), not on every run — ~600 options walked three times a run were a millisecond."""

    names: dict[str, str]  # group key -> its label
    members: dict[str, list[str]]  # group key -> its options, in order
    group_of: dict[str, str]  # option -> its group key

    @classmethod
    def of(cls, groups: Sequence[tuple[str, str, Sequence[str]]]) -> Grouped:
        """From (group key, its label, its options)."""
        return cls(
            names={g: name for g, name, _options in groups},
            members={g: list(options) for g, _label, options in groups},
            group_of={o: g for g, _label, options in groups for o in options},
        )


def grouped_choice(
    label: str,
    group_label: str,
    grouped: Grouped,
    *,
    key: str,
    default: str,
    format_func: Callable[[str], str] = str,
    always: bool = False,
) -> str:
    """`choice` over a long list, in two selectboxes: first a group, then an option in it.

    The address names the option only (`?unit=CODE`, as `choice` does); the group always
    follows from it. Picking another group picks its first option. A list of ~600 options
    sent on every run cost a national leader's Unit Saya a fifth of its messages' bytes and
    ~1 ms of server time a run (issue 19); two short lists cost a fraction of it, and are how
    people pick on a phone anyway.
    """
    group_of = grouped.group_of
    if default not in group_of:  # (one's own unit, inactive): the first option instead
        default = next(iter(group_of))
    value = resolve(key, group_of, default, format_func)
    group_key = f"{key}_group"
    st.session_state[group_key] = group_of[value]
    st.selectbox(
        group_label,
        list(grouped.names),
        key=group_key,
        format_func=grouped.names.__getitem__,
        on_change=_regroup,
        args=(key, group_key, grouped.members, default, always),
    )
    group = grouped.members[group_of[value]]
    return choice(
        st.selectbox,
        label,
        group,
        key=key,
        default=default if default in group else group[0],
        format_func=format_func,
        always=always,
    )


def _regroup(key: str, group_key: str, members, default: str, always: bool) -> None:
    """Another group picked: its first option is the choice now, in the session and the address."""
    st.session_state[key] = members[st.session_state[group_key]][0]
    _write(key, default, always)


def show(key: str, value: str) -> None:
    """Name `value` in the address (a page without a widget for it, or a drill-down)."""
    if st.query_params.get(key) != value:
        st.query_params[key] = value
