"""Shared fixtures: a fresh, seeded database per test, accounts for each role, AppTest.

Markers (README, "Run the tests"; the rules for tests that run in parallel are in
tests/README.md):
  browser  drives Chromium (set by hand on the module)
  slow     takes more than a few seconds: servers, subprocesses, big builds (by hand)
  apptest  runs pages through AppTest: set here on every test of a module that has
           `app_as`, `open_page` or `AppTest` among its names
  postgresql  runs on this test process's PostgreSQL server: set here on every test
           whose `backend` is postgresql (tests/backends.py)
  fast     set here on every test that is none of the above: `pytest -m fast` is the
           subset a developer runs between edits (under a minute)
"""

from __future__ import annotations

import ast
import functools
import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import streamlit as st
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import auth
from dashboard.config import APP_SCRIPT as APP
from dashboard.store import applock, bootstrap, postgres
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from dashboard.ui import memo
from dashboard.ui.pages import PAGES
from tests import pgserver
from tests.backends import BACKENDS, runs_on_both

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
HEAVY_MARKERS = ("slow", "browser", "apptest", "postgresql")


def pytest_generate_tests(metafunc):
    """Database tests of the areas in tests/backends.py run on SQLite and PostgreSQL."""
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None:
        names = marker.args
    elif runs_on_both(metafunc.definition.nodeid):
        names = BACKENDS
    else:
        return  # the `backend` fixture's default: SQLite
    metafunc.parametrize("backend", names, indirect=True)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the markers set here
def pytest_collection_modifyitems(config, items):
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and any(hasattr(module, name) for name in PAGE_RUNNERS):
            item.add_marker(pytest.mark.apptest)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgresql":
            item.add_marker(pytest.mark.postgresql)
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
    memo.clear_all()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    memo.clear_all()
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
def backend(request) -> str:
    """The store backend of this test: "sqlite" unless parametrised (tests/backends.py)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """This test process's throwaway PostgreSQL server (started on first use)."""
    reason = pgserver.unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL cases need a server: {reason}")
    server = pgserver.PostgresServer()
    try:
        server.start()
        yield server
    finally:
        postgres.close_pools()
        server.destroy()


def pg_admin(server):
    """An autocommit connection to the server's maintenance database."""
    return psycopg.connect(server.url("postgres"), autocommit=True)


@pytest.fixture(scope="session")
def _pg_template(pg_server) -> str:
    """A database migrated and seeded once; each test gets a copy (CREATE DATABASE TEMPLATE)."""
    with pg_admin(pg_server) as admin:
        admin.execute("CREATE DATABASE humas_template")
    url = pg_server.url("humas_template")
    bootstrap.init(url)
    postgres.close_pools(url)  # a template must have no connection when it is copied
    return "humas_template"


_pg_databases = itertools.count()


@pytest.fixture
def pg_database(pg_server, _pg_template) -> Iterator[str]:
    """The URL of a fresh seeded database, dropped after the test."""
    name = f"humas_t{next(_pg_databases)}"
    with pg_admin(pg_server) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {_pg_template} STRATEGY FILE_COPY")
    url = pg_server.url(name)
    try:
        yield url
    finally:
        postgres.close_pools(url)
        with pg_admin(pg_server) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def empty_pg(pg_server):
    """Make empty databases (no schema) on the test server; all dropped at the end."""
    made = []

    def make(owner: str = "postgres") -> str:
        name = f"humas_empty{len(made)}_{os.getpid()}"
        with pg_admin(pg_server) as admin:
            admin.execute(f"CREATE DATABASE {name} OWNER {owner}")
        made.append(name)
        return name

    yield make
    for name in made:
        postgres.close_pools(pg_server.url(name))
        postgres.close_pools(pg_server.url(name, pgserver.PASSWORD_ROLE, pgserver.PASSWORD))
        with pg_admin(pg_server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db_path(backend, tmp_path, request, monkeypatch) -> Path | str:
    """The test's own seeded database: a file (SQLite) or a URL (PostgreSQL)."""
    if backend == "postgresql":
        target = request.getfixturevalue("pg_database")
    else:
        target = tmp_path / "humas.db"
        target.write_bytes(request.getfixturevalue("_seeded_template").read_bytes())
    monkeypatch.setenv("HUMAS_DB", str(target))
    return target


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
    return unit_store.require(db, code).id


def open_page(db, username: str, page: str, query: dict[str, str] | None = None) -> AppTest:
    """`page` (e.g. "views/entry.py") opened directly, as a browser opens its address with
    `query` in it: one run, where `app_as(..., page=...)` runs the landing page first.

    AppTest has no public way to open a page that st.navigation registered under its own
    url_path before the first run, so this sets the hash a browser's address would ask for
    and checks, after the run, that this page (not the default one) is what ran.
    """
    key = next(spec.key for spec in PAGES if spec.file == page)
    wanted = calc_hash(key)
    # The user's landing page is served as `<key>-awal`; its own name forwards there.
    ran = {wanted, calc_hash(f"{key}-awal")}
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["principal"] = principal(db, username)
    at.session_state["last_seen"] = time.time()
    at.query_params.update(query or {})
    at._page_hash = wanted
    at.run()
    assert at._finished_page_script_hash in ran, f"{page} was not the page that ran"
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
