"""Shared fixtures: a fresh, seeded database per test, accounts for each role, AppTest.

Markers (README, "Run the tests"; the rules for tests that run in parallel are in
tests/README.md):
  browser  drives Chromium (set by hand on the module)
  slow     takes more than a few seconds: servers, subprocesses, big builds (by hand)
  apptest  runs pages through AppTest: set here on every test of a module that has
           `app_as`, `open_page` or `AppTest` among its names
  fast     set here on every test that is none of the above: `pytest -m fast` is the
           subset a developer runs between edits (under a minute)
"""

from __future__ import annotations

import ast
import functools
import time
from pathlib import Path

import pytest
import streamlit as st
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import auth
from dashboard.config import APP_SCRIPT as APP
from dashboard.store import applock, bootstrap
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from dashboard.ui.pages import PAGES

REPO = Path(__file__).resolve().parents[1]  # the clone: scripts/, deploy/, docs/, artifacts/
PASSWORD = "rahasia-sekali-123"

# Local fake servers (HTTP services, SMTP) of the network layer, for every test that wants them.
pytest_plugins = ("tests.fakes.fixtures", "tests.checks")

# username -> (role, unit code): one account per role and place the tests need.
ACCOUNTS = {
    "admin": ("admin", "biro-humas"),
    "pusat": ("pimpinan", "kemenag-ri"),
    "kanwil.ntt": ("pimpinan", "kanwil-ntt"),
    "kepala.kupang": ("pimpinan", "kankemenag-kota-kupang"),
    "op.kupang": ("operator", "kankemenag-kota-kupang"),
    "op.jatim": ("operator", "kanwil-jatim"),
}


PAGE_RUNNERS = ("app_as", "open_page", "AppTest")
HEAVY_MARKERS = ("slow", "browser", "apptest")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the markers set here
def pytest_collection_modifyitems(config, items):
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and any(hasattr(module, name) for name in PAGE_RUNNERS):
            item.add_marker(pytest.mark.apptest)
        if not any(item.get_closest_marker(name) for name in HEAVY_MARKERS):
            item.add_marker(pytest.mark.fast)


# --- pytest-xdist (`pytest -n auto`): which tests must share a worker ------------------------


def _is_wide_fixture(call: ast.Call) -> bool:
    """`@pytest.fixture(scope="module")` (or package, class): one instance for many tests."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    return name == "fixture" and any(
        kw.arg == "scope"
        and isinstance(kw.value, ast.Constant)
        and kw.value.value in ("module", "package", "class")
        for kw in call.keywords
    )


@functools.cache
def shares_fixtures(module_path: str) -> bool:
    """Whether a test module (or a conftest above it) defines a module-wide fixture."""
    path = REPO / module_path
    files = [path, *(p / "conftest.py" for p in path.parents if REPO in p.parents)]
    for file in files:
        if file.is_file():
            tree = ast.parse(file.read_text(encoding="utf-8"))
            if any(isinstance(n, ast.Call) and _is_wide_fixture(n) for n in ast.walk(tree)):
                return True
    return False


def pytest_xdist_make_scheduler(config, log):
    """With `-n`, every test goes to whichever worker is free, except that the tests of a
    module with a module-wide fixture (a server, a cluster of workers) stay together on one
    worker, so that fixture starts once. (xdist's own `loadgroup` cannot do this under
    pytest 9.2: pytest-dev/pytest-xdist#1386.) An explicit `--dist` other than the default
    keeps xdist's own scheduling."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if shares_fixtures(module) else nodeid

    return ModuleFixtureScheduling(config, log)


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch):
    # Still argon2id, with costs a test suite can afford; production keeps the library defaults.
    monkeypatch.setattr(
        auth, "hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    applock.release_all()  # the app's hold on each test's database (see store/applock.py)


@pytest.fixture(autouse=True)
def _no_frozen_clock(monkeypatch):
    monkeypatch.delenv("HUMAS_NOW", raising=False)


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory) -> Path:
    """Migrating and seeding once; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    bootstrap.init(path)
    db = open_db(path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path, _seeded_template, monkeypatch) -> Path:
    path = tmp_path / "humas.db"
    path.write_bytes(_seeded_template.read_bytes())
    monkeypatch.setenv("HUMAS_DB", str(path))
    return path


@pytest.fixture
def db(db_path):
    handle = open_db(db_path)
    yield handle
    handle.close()


@pytest.fixture
def accounts(db) -> dict[str, int]:
    """Create the ACCOUNTS; returns username -> user id."""
    ids = {}
    for username, (role, unit_code) in ACCOUNTS.items():
        ids[username] = auth.create_user(
            db,
            SYSTEM,
            username=username,
            password=PASSWORD,
            role=role,
            unit_code=unit_code,
            full_name=username.title(),
        )
    return ids


def principal(db, username: str):
    return user_store.principal_of(user_store.by_username(db, username))


def unit_id(db, code: str) -> int:
    return unit_store.require(db, code)["id"]


def open_page(db, username: str, page: str, query: dict[str, str] | None = None) -> AppTest:
    """`page` (e.g. "views/entry.py") opened directly, as a browser opens its address with
    `query` in it: one run, where `app_as(..., page=...)` runs the landing page first.

    AppTest has no public way to open a page that st.navigation registered under its own
    url_path before the first run, so this sets the hash a browser's address would ask for
    and checks, after the run, that this page (not the default one) is what ran.
    """
    wanted = calc_hash(next(spec.key for spec in PAGES if spec.file == page))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["principal"] = principal(db, username)
    at.session_state["last_seen"] = time.time()
    at.query_params.update(query or {})
    at._page_hash = wanted
    at.run()
    assert at._finished_page_script_hash == wanted, f"{page} was not the page that ran"
    return at


def app_as(db, username: str | None, *, page: str | None = None) -> AppTest:
    """The whole app, signed in as `username` (or not signed in), optionally on one page."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if username:
        at.session_state["principal"] = principal(db, username)
        at.session_state["last_seen"] = time.time()
    at.run()
    if page:
        at.switch_page(page).run()
    return at
