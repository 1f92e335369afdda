"""Pengaturan and Log Audit: what an admin does there, and what the rest of the app then does."""

import ast
import json
import time
from datetime import date
from pathlib import Path

from dashboard.store import audit, settings
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from tests.conftest import app_as, principal


def titles(at):
    return [t.value for t in at.title]


# ---- Pengaturan -------------------------------------------------------------------------


def test_settings_page_has_a_field_for_every_setting(db, accounts):
    at = app_as(db, "admin", page="views/settings.py")
    keys = {n.key for n in at.number_input}
    assert keys == {f"setting_{k}" for k in settings.DEFAULTS}
    for key, default in settings.DEFAULTS.items():
        assert at.number_input(key=f"setting_{key}").value == int(default)


def test_admin_changes_settings_and_the_change_is_audited(db, accounts):
    at = app_as(db, "admin", page="views/settings.py")
    at.number_input(key="setting_session_idle_minutes").set_value(45)
    at.number_input(key="setting_backdate_days").set_value(7)
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Disimpan: Batas isian mundur, Sesi berakhir bila tidak aktif."
    ]
    assert settings.all_values(db) == {
        "backdate_days": "7",
        "session_idle_minutes": "45",
        "session_max_days": "30",
    }
    logged = [e for e in audit.recent(db, limit=2) if e["entity"] == "setting"]
    assert {(e["entity_id"], e["actor"], e["after"]) for e in logged} == {
        ("backdate_days", "admin", '"7"'),
        ("session_idle_minutes", "admin", '"45"'),
    }
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Tidak ada yang berubah."]


def test_a_value_outside_the_range_never_reaches_the_store(db, accounts):
    at = app_as(db, "admin", page="views/settings.py")
    # The widget keeps values inside the range (the store refuses the rest: test_settings.py).
    at.number_input(key="setting_session_idle_minutes").set_value(2)
    at.button[0].click().run()
    assert not at.exception
    assert at.number_input(key="setting_session_idle_minutes").value == 120
    assert settings.get(db, "session_idle_minutes") == "120"


def test_sessions_end_after_the_idle_time_the_admin_set(db, accounts):
    settings.put(db, principal(db, "admin"), "session_idle_minutes", 10)
    fresh = app_as(db, "op.kupang")
    fresh.session_state["last_seen"] = time.time() - 9 * 60
    fresh.run()
    assert titles(fresh) == ["Input Harian"]
    idle = app_as(db, "op.kupang")
    idle.session_state["last_seen"] = time.time() - 11 * 60
    idle.run()
    assert titles(idle) == ["Pantau Humas"]
    assert any("lama tidak aktif" in i.value for i in idle.info)
    # Under the default of 120 minutes the same 11 minutes would not have ended it.
    settings.put(db, principal(db, "admin"), "session_idle_minutes", 120)
    again = app_as(db, "op.kupang")
    again.session_state["last_seen"] = time.time() - 11 * 60
    again.run()
    assert titles(again) == ["Input Harian"]


# ---- Log Audit --------------------------------------------------------------------------

HOSTILE = "**tebal** [klik](javascript:alert(1)) <img src=x onerror=alert(1)> ![](http://x/y.png)"


def test_audit_page_shows_changes_newest_first_as_text(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")
    unit_store.update(db, principal(db, "admin"), "kanwil-ntt", name="NTT lama")
    unit_store.update(db, principal(db, "admin"), "kanwil-ntt", name=HOSTILE)
    at = app_as(db, "admin", page="views/audit_log.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Aksi"][:2]) == ["ubah", "ubah"]
    assert json.loads(table["Sesudah"][0])["name"] == HOSTILE  # a plain cell, as stored
    assert json.loads(table["Sebelum"][0])["name"] == "NTT lama"
    assert table["Waktu"][0] == "25 Nov 2026 12.30 WIB"  # the admin's unit is in WIB
    # Nothing the user typed reaches Markdown.
    assert not any("javascript" in m.value for m in at.markdown)
    assert not any("javascript" in c.value for c in at.caption)


def test_audit_page_detail_shows_before_and_after_as_code(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")
    unit_store.update(db, principal(db, "admin"), "kanwil-ntt", name=HOSTILE)
    at = app_as(db, "admin", page="views/audit_log.py")
    at.session_state["audit_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    before, after = (c.value for c in at.code)
    assert json.loads(after)["name"] == HOSTILE
    assert json.loads(before)["name"] == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"


def test_audit_page_filters_by_unit_user_and_dates(db, accounts, monkeypatch):
    admin = principal(db, "admin")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-20T17:30:00Z")  # 21 Nov, 00.30 WIB
    unit_store.update(db, admin, "kanwil-ntt", name="NTT 21 November")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-24T03:00:00Z")
    unit_store.update(db, SYSTEM, "kanwil-jatim", name="Jatim 24 November")
    unit_store.update(db, admin, "kankemenag-kota-kupang", name="Kupang 24 November")
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")

    def shown(at):
        table = at.dataframe[0].value if at.dataframe else None
        if table is None:
            return []
        return [json.loads(v).get("name") for v in table["Sesudah"] if v]

    at = app_as(db, "admin", page="views/audit_log.py")
    at.date_input(key="audit_dates").set_value((date(2026, 11, 21), date(2026, 11, 25))).run()
    assert shown(at)[:3] == ["Kupang 24 November", "Jatim 24 November", "NTT 21 November"]
    at.selectbox(key="audit_unit").select("kanwil-ntt").run()
    assert shown(at) == ["NTT 21 November"]
    at.toggle(key="audit_below").set_value(True).run()
    assert shown(at) == ["Kupang 24 November", "NTT 21 November"]
    at.selectbox(key="audit_unit").select(None).run()
    at.selectbox(key="audit_actor").select("__system__").run()
    assert "Jatim 24 November" in shown(at) and "NTT 21 November" not in shown(at)
    at.selectbox(key="audit_actor").select("admin").run()
    assert shown(at) == ["Kupang 24 November", "NTT 21 November"]
    # The 21st in WIB began at 17.00 UTC on the 20th.
    at.date_input(key="audit_dates").set_value((date(2026, 11, 20), date(2026, 11, 20))).run()
    assert shown(at) == [] and "Tidak ada entri" in at.info[0].value
    at.date_input(key="audit_dates").set_value((date(2026, 11, 21), date(2026, 11, 21))).run()
    assert shown(at) == ["NTT 21 November"]


def test_audit_page_pages_through_fifty_at_a_time(db, accounts):
    admin = principal(db, "admin")
    for n in range(60):
        unit_store.update(db, admin, "kanwil-ntt", name=f"NTT {n}")
    at = app_as(db, "admin", page="views/audit_log.py")
    at.selectbox(key="audit_actor").select("admin").run()
    assert len(at.dataframe[0].value) == 50
    assert "Entri 1–50 dari 60" in [c.value for c in at.caption][1]
    at.button(key="audit_next").click().run()
    table = at.dataframe[0].value
    assert len(table) == 10
    assert json.loads(table["Sesudah"][9])["name"] == "NTT 0"
    assert at.button(key="audit_next").disabled
    # A new filter starts again on the first page.
    at.selectbox(key="audit_unit").select("kanwil-ntt").run()
    assert len(at.dataframe[0].value) == 50


def test_the_log_page_names_every_action_and_entity_the_store_records():
    """Read from the source: every audit.record(db, who, ACTION, ENTITY, ...) in the package."""
    package = Path(__file__).resolve().parents[2] / "dashboard"
    recorded = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and getattr(node.func.value, "id", "") == "audit"
            ):
                for kind, arg in (("action", node.args[2]), ("entity", node.args[3])):
                    names = [n.value for n in ast.walk(arg) if isinstance(n, ast.Constant)]
                    recorded |= {(kind, n) for n in names}
    # Seeding passes its entity through a helper: store/seed.py's three steps.
    recorded |= {("entity", name) for name in ("metric_kind", "unit", "target")}
    page = ast.parse((package / "views" / "audit_log.py").read_text())
    labels = {
        target.id: {key.value for key in node.value.keys}
        for node in page.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
        for target in node.targets
    }
    assert len(recorded) > 20
    table = {"action": labels["ACTIONS"], "entity": labels["ENTITIES"]}
    assert {(kind, name) for kind, name in recorded if name not in table[kind]} == set()
