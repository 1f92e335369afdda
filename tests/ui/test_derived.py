"""Figures and tables made once per cached snapshot (ui/figures.derived, issue 19)."""

from __future__ import annotations

import gc

import pandas as pd
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


def test_a_finished_figure_hands_out_its_dict_without_copying_and_sends_the_same_json():
    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.tools

    figure = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]), layout={"title": {"text": "Berita"}})
    done = figures.finished(figure)
    # What st.plotly_chart calls on every run: the same dict, not a deep copy of every trace.
    sent = plotly.tools.return_figure_from_figure_or_data(done, validate_figure=True)
    assert sent is done.to_dict() is plotly.tools.return_figure_from_figure_or_data(done, True)
    assert pio.to_json(sent, validate=False) == pio.to_json(figure.to_dict(), validate=False)
    figure.update_layout(title_text="diubah")  # the original is not what is sent
    assert pio.to_json(done.to_dict(), validate=False) == pio.to_json(sent, validate=False)
    assert "diubah" not in pio.to_json(sent, validate=False)


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
