"""Metric kinds (berita_website, medsos_instagram, ...) and output counted per kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.domain.enums import Group
from dashboard.domain.rows import _picked


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of output operators enter, with its KPI group and its labels."""

    code: str
    grp: Group
    label: str
    short_label: str  # the kind as a tap on a phone
    needs_link: bool
    sort_order: int
    active: bool = True

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Kind:
        values = _picked(cls, row)
        values["grp"] = Group(row["grp"])
        values["needs_link"] = bool(row["needs_link"])
        values["sort_order"] = int(row["sort_order"])
        if "active" in values:
            values["active"] = bool(row["active"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class KindCount:
    """Output of one kind summed over some units and days (the mix by channel)."""

    kind: str  # the kind's code
    label: str  # its short label
    grp: Group
    n: int

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> KindCount:
        values = _picked(cls, row)
        values["grp"] = Group(row["grp"])
        values["n"] = int(row["n"])
        return cls(**values)
