"""Figures and tables made once per cached snapshot (ui/figures.derived, issue 19)."""

from __future__ import annotations

import gc
import importlib.util

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pyarrow as pa

from dashboard.ui import figures


class Snapshot:  # an overview or a context: unhashable, like the dataclasses it stands for
    __hash__ = None


def test_a_snapshots_table_is_made_once_and_shared():
    snapshot, made = Snapshot(), []

    def build():
        made.append(1)
        return figures.arrow(pd.DataFrame({"Unit": ["Kanwil Aceh"], "Berita": [3]}))

    first = figures.derived(snapshot, "level KANWIL", build)
    again = figures.derived(snapshot, "level KANWIL", build)
    assert first is again and len(made) == 1
    assert isinstance(first, pa.Table) and first.column_names == ["Unit", "Berita"]


def test_each_name_and_each_snapshot_is_made_apart():
    a, b = Snapshot(), Snapshot()
    assert figures.derived(a, "x", lambda: "a-x") == "a-x"
    assert figures.derived(a, "y", lambda: "a-y") == "a-y"
    assert figures.derived(b, "x", lambda: "b-x") == "b-x"
    assert figures.derived(a, "x", lambda: "never") == "a-x"


def test_what_was_made_goes_with_its_snapshot():
    snapshot = Snapshot()
    figures.derived(snapshot, "chart", lambda: [1, 2, 3])
    key = id(snapshot)
    assert key in figures._derived
    del snapshot
    gc.collect()
    assert key not in figures._derived


def test_a_snapshot_keeps_a_bounded_number_of_results():
    snapshot = Snapshot()
    for i in range(figures.DERIVED_PER_SNAPSHOT + 5):
        figures.derived(snapshot, f"unit {i}", lambda i=i: i)
    kept = figures._derived[id(snapshot)]
    assert len(kept) == figures.DERIVED_PER_SNAPSHOT
    assert "unit 0" not in kept and f"unit {figures.DERIVED_PER_SNAPSHOT + 4}" in kept


def _figure() -> go.Figure:
    return go.Figure(
        go.Bar(x=np.arange(30), y=np.linspace(0, 1, 30), name="Berita"),
        layout={"height": 300, "title": {"text": "30 hari"}},
    )


def test_a_snapshots_figure_is_kept_frozen_and_sends_the_same_spec():
    snapshot = Snapshot()
    figure = figures.derived(snapshot, "days", _figure)
    assert isinstance(figure, figures.FrozenFigure) and isinstance(figure, go.Figure)
    # What st.plotly_chart does with it on every run: the spec taken once, never copied again.
    sent = plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True)
    assert sent is figure.to_dict() is figures.derived(snapshot, "days", _figure).to_dict()
    assert plotly.io.to_json(sent, validate=False) == plotly.io.to_json(_figure(), validate=False)
    assert figure.data[0].name == "Berita" and figure.layout.height == 300  # still a figure


def test_a_frozen_figure_is_written_out_by_orjson_as_it_is():
    # plotly's JSON engine "auto" takes orjson when it imports: without it every run would
    # walk the spec through the standard library's encoder again (~2 ms for the tile map).
    assert plotly.io.json.config.default_engine == "auto"
    assert importlib.util.find_spec("orjson") is not None


def test_a_figure_made_for_one_run_is_not_frozen():
    class Slotted:  # no weak reference: nothing is kept, so nothing to freeze
        __slots__ = ()

    figure = figures.derived(Slotted(), "days", _figure)
    assert type(figure) is go.Figure


def test_a_shelf_pushed_out_of_a_full_snapshot_goes_without_a_deadlock():
    # The shelf pushed out is freed inside the lock; its finaliser takes the lock again.
    import threading

    snapshot = Snapshot()

    def fill():
        for i in range(figures.DERIVED_PER_SNAPSHOT + 3):
            figures.derived(figures.shelf(snapshot, f"unit {i}"), "chart", lambda i=i: i)

    worker = threading.Thread(target=fill, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "deadlocked: a shelf's finaliser waited for the lock"
    kept = figures._derived[id(snapshot)]
    assert len(kept) == figures.DERIVED_PER_SNAPSHOT and "unit 0" not in kept
    assert figures.derived(kept["unit 5"], "chart", lambda: "never") == 5
