"""The shell: sign-in, sign-out, and the menu each role gets."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import LOGIN_REFUSED
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import DatabaseDisconnected
from dashboard.ui import data
from dashboard.ui.text import md_escape
from tests.conftest import APP, PASSWORD, app_as


def titles(at):
    return [t.value for t in at.title]


def test_anonymous_visitor_sees_only_the_login(db, accounts):
    at = app_as(db, None)
    assert not at.exception
    assert titles(at) == ["Pantau Humas"]
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]


@pytest.mark.parametrize(
    "username, landing",
    [
        ("op.kupang", "Input Harian"),  # operators land on today's entry
        ("kepala.kupang", "Unit Saya"),  # a unit head on its unit's verdict
        ("kanwil.ntt", "Ringkasan"),  # a Kakanwil on its Kankemenag (issue 16, item 7)
        ("pusat", "Ringkasan"),  # Biro Humas on the national view
        ("admin", "Ringkasan"),
    ],
)
def test_each_role_lands_where_its_work_is_and_can_log_out(db, accounts, username, landing):
    at = app_as(db, None)
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert titles(at)[0] == landing
    at.sidebar.button(key="logout").click().run()
    assert titles(at) == ["Pantau Humas"]
    assert "Anda telah keluar." in [i.value for i in at.info]


def test_wrong_password_message_does_not_tell_which_part_was_wrong(db, accounts):
    messages = []
    for username, password in [("op.kupang", "salah-sekali-123"), ("tidak.ada", PASSWORD)]:
        at = app_as(db, None)
        at.text_input[0].input(username)
        at.text_input[1].input(password)
        at.button[0].click().run()
        messages.append([e.value for e in at.error])
    assert messages == [[LOGIN_REFUSED], [LOGIN_REFUSED]]


def test_deactivated_account_is_signed_out_on_its_next_run(db, accounts):
    at = app_as(db, "op.kupang")
    assert titles(at) == ["Input Harian"]
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    at.run()
    assert titles(at) == ["Pantau Humas"]
    assert any("tidak aktif" in i.value for i in at.info)


def test_idle_session_ends(db, accounts):
    at = app_as(db, "op.kupang")
    at.session_state["last_seen"] = time.time() - 3 * 3600  # default limit: 120 minutes
    at.run()
    assert titles(at) == ["Pantau Humas"]
    assert any("lama tidak aktif" in i.value for i in at.info)


def test_menu_per_role(db, accounts):
    def menu(username):
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.session_state["principal"] = user_store.principal_of(
            user_store.by_username(db, username)
        )
        at.session_state["last_seen"] = time.time()
        at.run()
        # AppTest exposes the registered pages of st.navigation through switch_page errors;
        # the simplest honest check is which page files it accepts.
        accepted = set()
        for page in [
            "views/home.py",
            "views/units.py",
            "views/users.py",
            "views/account.py",
            "views/entry.py",
            "views/imports.py",
            "views/link_review.py",
        ]:
            try:
                at.switch_page(page)
                accepted.add(page)
            except ValueError:
                pass
        return accepted

    everyone = {"views/home.py", "views/units.py", "views/account.py"}
    entry = {"views/entry.py", "views/imports.py"}
    assert menu("admin") == everyone | entry | {"views/users.py", "views/link_review.py"}
    assert menu("kanwil.ntt") == everyone | {"views/link_review.py"}
    assert menu("op.kupang") == everyone | entry


def test_the_sidebar_shows_the_units_name_as_text(db, accounts):
    # Unit names are data an admin edits: Markdown in one must not become a live link.
    name = "Kankemenag [Kota Kupang](javascript:alert(1)) <b>www.evil.example</b>"
    unit_store.update(db, SYSTEM, "kankemenag-kota-kupang", name=name)
    at = app_as(db, "op.kupang")
    captions = [c.value for c in at.sidebar.caption]
    assert f"Operator · {md_escape(name)}" in captions
    assert not any(name in c for c in captions)


def test_a_lost_database_while_choosing_the_landing_page_is_the_plain_message(
    db, accounts, monkeypatch
):
    """The leader's landing depends on the unit directory: its read failing is no crash."""
    at = app_as(db, "pusat")
    assert not at.exception

    def away(*args, **kwargs):
        raise DatabaseDisconnected()

    monkeypatch.setattr(data, "units", away)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [DatabaseDisconnected.message]
