import pytest

from dashboard import words
from dashboard.store import audit, settings
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError
from tests.conftest import principal


def test_every_setting_has_a_range_and_its_default_is_inside_it():
    assert set(settings.LIMITS) == set(settings.DEFAULTS) == set(words.SETTINGS)
    for key, limits in settings.LIMITS.items():
        assert limits.minimum <= int(settings.DEFAULTS[key]) <= limits.maximum, key
        named = words.SETTINGS[key]
        assert named.label and named.unit and named.help


def test_put_many_changes_and_audits_only_what_changed(db):
    changed = settings.put_many(db, SYSTEM, {"backdate_days": 7, "session_idle_minutes": "120"})
    assert changed == ["backdate_days"]
    assert settings.all_values(db) == {
        "backdate_days": "7",
        "session_idle_minutes": "120",
        "session_max_days": "30",
    }
    entry = audit.recent(db, limit=1)[0]
    assert (entry.entity, entry.entity_id) == ("setting", "backdate_days")
    assert (entry.before, entry.after) == ('"30"', '"7"')


@pytest.mark.parametrize(
    "values, message",
    [
        ({"session_idle_minutes": 4}, "antara 5 dan 1.440 menit"),
        ({"session_idle_minutes": 100_000}, "antara 5 dan 1.440 menit"),
        ({"backdate_days": -1}, "antara 0 dan 366 hari"),
        ({"backdate_days": "tujuh"}, "bilangan bulat"),
        ({"backdate_days": "7.5"}, "bilangan bulat"),
        ({"backdate_days": 7, "session_idle_minutes": 1}, "antara 5 dan 1.440"),
        ({"warna": "hijau"}, "tidak dikenal"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(db, values, message):
    before = settings.all_values(db)
    entries = len(audit.recent(db))
    with pytest.raises(StoreError, match=message):
        settings.put_many(db, SYSTEM, values)
    assert settings.all_values(db) == before
    assert len(audit.recent(db)) == entries


def test_only_admins_change_settings(db, accounts):
    for username in ("kanwil.ntt", "op.kupang"):
        with pytest.raises(AccessDenied):
            settings.put(db, principal(db, username), "session_idle_minutes", 30)
    settings.put(db, principal(db, "admin"), "session_idle_minutes", 30)
    assert settings.get_int(db, "session_idle_minutes") == 30
