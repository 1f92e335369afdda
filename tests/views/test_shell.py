"""The shell: sign-in, sign-out, and the menu each role gets."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import words
from dashboard.auth import LOGIN_REFUSED
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import DatabaseDisconnected
from dashboard.ui import data, shell
from dashboard.ui.text import md_escape
from tests.conftest import APP, PASSWORD, app_as, principal


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

    monkeypatch.setattr(data, "leads_units", away)  # the directory, as the shell reads it
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [words.text(DatabaseDisconnected.CODE)]


# --- issue 16 item 17: the first sign-in of an account an admin made or reset ---------------

FIRST = "dari-admin-123"


def _made_by_admin(db):
    from dashboard import auth
    from tests.conftest import principal

    return auth.create_user(
        db,
        principal(db, "admin"),
        username="siti.ntt",
        password=FIRST,
        role="operator",
        unit_code="kanwil-ntt",
        must_change_password=True,
    )


def _sign_in(db, username, password):
    at = app_as(db, None)
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_a_new_account_changes_its_password_before_any_page(db, accounts):
    from dashboard.ui.pages import PAGES

    _made_by_admin(db)
    at = _sign_in(db, "siti.ntt", FIRST)
    assert titles(at) == ["Ganti kata sandi"]
    assert not at.sidebar.button  # no menu, no page behind it
    # Not one page script is in the navigation: every address shows the password change.
    for spec in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.file)
    at.run()
    assert titles(at) == ["Ganti kata sandi"]


def test_the_first_password_is_chosen_then_the_landing_page_opens(db, accounts):
    user_id = _made_by_admin(db)
    at = _sign_in(db, "siti.ntt", FIRST)
    at.text_input(key="first_password_new").input(FIRST)
    at.text_input(key="first_password_again").input(FIRST)
    at.button[0].click().run()
    assert [e.value for e in at.error] == [
        md_escape("Kata sandi baru harus berbeda dari kata sandi yang diberikan admin.")
    ]
    assert at.text_input(key="first_password_new").value == ""  # never kept
    at.text_input(key="first_password_new").input("pilihan-siti-456")
    at.text_input(key="first_password_again").input("pilihan-siti-457")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [md_escape("Kedua kata sandi tidak sama.")]
    at.text_input(key="first_password_new").input("pilihan-siti-456")
    at.text_input(key="first_password_again").input("pilihan-siti-456")
    at.button[0].click().run()
    assert not at.exception
    assert titles(at)[0] == "Input Harian"
    assert not user_store.must_change_password(db, user_id)
    # The next sign-in goes straight to work.
    assert titles(_sign_in(db, "siti.ntt", "pilihan-siti-456"))[0] == "Input Harian"


def test_an_admin_reset_asks_again_and_the_gate_can_be_left_by_signing_out(db, accounts):
    from dashboard import auth
    from tests.conftest import principal

    auth.reset_password(db, principal(db, "admin"), accounts["op.kupang"], "reset-admin-123")
    at = _sign_in(db, "op.kupang", "reset-admin-123")
    assert titles(at) == ["Ganti kata sandi"]
    at.button(key="first_password_logout").click().run()
    assert titles(at) == ["Pantau Humas"]


def test_an_account_flagged_while_signed_in_is_stopped_at_its_next_run(db, accounts):
    at = app_as(db, "op.kupang")
    assert titles(at)[0] == "Input Harian"
    from dashboard import auth
    from tests.conftest import principal

    auth.reset_password(db, principal(db, "admin"), accounts["op.kupang"], "reset-admin-123")
    at.run()
    assert titles(at) == ["Ganti kata sandi"]


def test_single_sign_on_is_not_stopped_by_the_password_change(db, accounts):
    from tests.conftest import principal

    _made_by_admin(db)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["principal"] = principal(db, "siti.ntt")
    at.session_state["last_seen"] = time.time()
    at.session_state["signed_in_with"] = "sso"
    at.run()
    assert titles(at)[0] == "Input Harian"


def test_a_sessions_navigation_pages_are_made_once_and_remade_for_another_role(db, accounts):
    at = app_as(db, "pusat", page="views/overview.py")
    assert not at.exception
    (key, sections) = at.session_state[shell.KEY_PAGES]
    at.run()
    assert not at.exception and at.title[0].value == "Ringkasan"
    again = at.session_state[shell.KEY_PAGES]
    assert again[0] == key and again[1] is sections  # the same pages, not made again
    at.session_state["principal"] = principal(db, "kepala.kupang")  # another role
    at.run()
    assert not at.exception
    remade = at.session_state[shell.KEY_PAGES]
    assert remade[0] != key and remade[1] is not sections
