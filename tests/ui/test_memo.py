"""Shared snapshots answered from a dict in front of st.cache_resource (ui/memo.py, issue 19)."""

from __future__ import annotations

import pytest

from dashboard.ui import memo


@pytest.fixture
def made():
    return []


def shared_read(made, **limits):
    @memo.shared(**limits)
    def read(db_file: str, version: int) -> dict[str, int]:
        made.append((db_file, version))
        return {"version": version}

    behind = []
    cached = read.cached  # Streamlit's cache, behind the front
    read.cached = lambda *args: behind.append(args) or cached(*args)
    return read, behind


def test_a_second_read_is_answered_without_streamlits_cache(made):
    read, behind = shared_read(made, max_entries=4)
    first = read("humas.db", 7)
    assert read("humas.db", 7) is first  # the same shared object for every session
    assert behind == [("humas.db", 7)] and made == [("humas.db", 7)]
    assert read("humas.db", 8) == {"version": 8}  # a new data version: a new key
    assert behind == [("humas.db", 7), ("humas.db", 8)]


def test_a_front_keeps_as_many_entries_as_the_cache_behind_it(made):
    read, behind = shared_read(made, max_entries=2)
    read("a", 1), read("b", 1), read("a", 1), read("c", 1)  # "b": the least recently read
    assert len(behind) == 3
    read("a", 1)
    assert len(behind) == 3
    read("b", 1)
    assert behind[-1] == ("b", 1)


def test_a_front_keeps_nothing_past_its_time(made, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: now[0])
    read, behind = shared_read(made, ttl=300)
    read("a", 1)
    now[0] += 299
    read("a", 1)
    assert len(behind) == 1
    now[0] += 2
    read("a", 1)
    assert len(behind) == 2


def test_clear_all_empties_every_front(made):
    read, behind = shared_read(made)
    read("a", 1)
    memo.clear_all()
    read("a", 1)
    assert len(behind) == 2
