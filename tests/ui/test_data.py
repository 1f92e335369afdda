"""The pages' cached reads see every committed write, from any process, at once."""

import inspect

from streamlit.runtime.caching.cache_utils import CachedFunc

from dashboard.store import settings
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from dashboard.ui import data


def cached_reads():
    return {name: f for name, f in vars(data).items() if isinstance(f, CachedFunc)}


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
