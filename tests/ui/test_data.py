"""The pages' cached reads see every committed write, from any process, at once."""

import inspect
import sqlite3

from streamlit.runtime.caching.cache_utils import CachedFunc

from dashboard.store import settings
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from dashboard.ui import data
from tests.conftest import app_as


def cached_reads():
    found = {name: getattr(f, "cached", f) for name, f in vars(data).items()}  # behind a front
    return {name: f for name, f in found.items() if isinstance(f, CachedFunc)}


def test_no_cached_read_leaves_an_argument_out_of_its_key():
    # Streamlit does not hash parameters named _x: a version or scope named so is ignored.
    found = cached_reads()
    assert found, "expected cached reads in dashboard/ui/data.py"
    for name, cached in found.items():
        params = inspect.signature(cached.__wrapped__).parameters
        unhashed = [p for p in params if p.startswith("_")]
        assert unhashed == [], f"{name} leaves {unhashed} out of its cache key"


def test_a_write_by_another_connection_is_seen_without_clearing_caches(db_path):
    def ntt_name():
        return next(u.name for u in data.units() if u.code == "kanwil-ntt")

    assert ntt_name() == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    assert data.setting_int("session_idle_minutes") == 120
    other = open_db(db_path)  # stands for another process: no clear_caches() here
    unit_store.update(other, SYSTEM, "kanwil-ntt", name="Kanwil NTT (diubah)")
    settings.put(other, SYSTEM, "session_idle_minutes", 30)
    other.close()
    assert ntt_name() == "Kanwil NTT (diubah)"
    assert data.setting_int("session_idle_minutes") == 30


def test_the_shared_reads_are_among_those_checked():
    assert {"_ensure", "_unit_index", "_setting", "_units"} <= set(cached_reads())


def _write_elsewhere(db_path):
    # Another process's committed write: the counter moves, and nothing of this process knows.
    with sqlite3.connect(db_path) as other:
        other.execute("UPDATE counters SET value = value + 1 WHERE name = 'data_version'")
    other.close()


def test_a_run_reads_the_data_version_once_and_keeps_it(db_path):
    before = data.version()
    with data.one_version_per_run():
        assert data.version() == before
        _write_elsewhere(db_path)
        assert data.version() == before  # another process's write: from the next run on
        with data.one_version_per_run():  # a fragment drawn inside the run
            assert data.version() == before
        assert data.version() == before
    assert data.version() > before  # outside a run every read asks


def test_a_run_that_writes_reads_the_version_after_its_write(db_path):
    with data.one_version_per_run():
        before = data.version()
        with data.session_db() as db:
            unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT (disimpan)")
        after = data.version()
        assert after > before
        assert next(u.name for u in data.units() if u.code == "kanwil-ntt").endswith("disimpan)")


def test_a_fragment_run_keeps_its_version_only_while_it_runs(db_path):
    seen = []
    panels = data.per_run(lambda: seen.extend([data.version(), data.version()]))
    panels()
    _write_elsewhere(db_path)
    panels()
    assert seen[0] == seen[1] and seen[2] == seen[3] and seen[2] > seen[0]


def test_a_page_run_reads_the_data_version_once(db, accounts, monkeypatch):
    at = app_as(db, "pusat", page="views/overview.py")
    assert not at.exception
    reads = []
    read = data._read_version
    monkeypatch.setattr(data, "_read_version", lambda: reads.append(1) or read())
    at.run()
    assert not at.exception and len(reads) == 1
