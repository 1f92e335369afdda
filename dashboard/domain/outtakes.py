"""Out-takes: the figures channels report for posts, never counted as output."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.domain.rows import _picked


@dataclass(frozen=True, slots=True)
class OutTakeFigure:
    """One stored out-take: a figure a channel reported for a post, never counted as output."""

    link_key: str
    kind: str
    metric: str  # an OuttakeMetric, or a metric a later export names
    period: str  # 'lifetime' or an ISO day
    value: int
    measured_at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutTakeFigure:
        values = _picked(cls, row)
        values["value"] = int(row["value"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class PostDetails:
    """What the best posts of a period show besides their figures."""

    id: int
    unit_id: int
    unit_name: str
    kind_label: str
    title: str
    link: str  # a post with out-takes is found by its link

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PostDetails:
        return cls(**_picked(cls, row))
