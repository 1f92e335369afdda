"""Where things live: the database, and the files shipped inside the package.

The database is resolved the same way everywhere (command line, app, tests):
an explicit `--db`, else the HUMAS_DB environment variable, else the default
database. Either names a SQLite file (a path) or a PostgreSQL database (a
`postgresql://` or `postgres://` URL; libpq's PG* variables and password
file fill in what the URL leaves out); any other `scheme://` is refused.
The default is a SQLite file:

- `data/humas.db` under the current folder when that folder has a `data/`
  folder (a clone has one, so the README's `humas run --demo` keeps its
  database there);
- otherwise the user's data folder, `$XDG_DATA_HOME/pantau-humas/humas.db`
  (`~/.local/share/pantau-humas/humas.db`): an installed wheel run from any
  folder finds the same database again, and no command scatters `data/`
  folders wherever it happens to be run.

Seed data, templates, the Streamlit settings and the fonts are package data,
found through `importlib.resources`, never relative to a source tree: the
wheel installed anywhere works the same as a clone.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_DB = "HUMAS_DB"
DB_NAME = "humas.db"
CLONE_DATA_DIR = Path("data")
APP_NAME = "pantau-humas"


def package_file(*parts: str) -> Path:
    """A file or folder shipped inside the `dashboard` package, as a path on disk."""
    ref = resources.files("dashboard").joinpath(*parts)
    if not isinstance(ref, Path):  # only a zip import gives something else; pip never does
        raise RuntimeError(f"Pantau Humas must be installed as files on disk to read {ref}")
    return ref


APP_SCRIPT = package_file("app.py")
# What `humas run` starts: st.App, the page script with the app's own routes and middleware
# in front (dashboard/web/); it sits beside app.py, so the same .streamlit/config.toml applies.
ASGI_SCRIPT = package_file("asgi.py")
# Streamlit applies a `.streamlit/config.toml` beside the main script over the global and the
# current folder's files, so these settings hold wherever `humas run` is started from;
# STREAMLIT_* environment variables and command-line flags still override them.
STREAMLIT_CONFIG = package_file(".streamlit", "config.toml")
UNITS_CSV = package_file("seed", "units.csv")
KINDS_CSV = package_file("seed", "metric_kinds.csv")
NGINX_LOCAL_TEMPLATE = package_file("serve", "nginx-local.conf.template")
ASSETS_DIR = package_file("assets")
# The folder from which `import dashboard` works: child processes (upload parsing) get it on
# their PYTHONPATH, so they import this very copy of the package.
IMPORT_ROOT = package_file().parent


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        return Path.home() / ".local" / "share" / APP_NAME
    return Path(base) / APP_NAME


def default_db() -> Path:
    if CLONE_DATA_DIR.is_dir():
        return CLONE_DATA_DIR / DB_NAME
    return user_data_dir() / DB_NAME


def db_target(explicit: str | os.PathLike | None = None) -> Path | str:
    """The database to use: a Path (SQLite) or a URL string (PostgreSQL).

    Raises StoreError for a URL whose scheme is neither.
    """
    from dashboard.store.db import dialect_of  # light: no driver is imported

    value = explicit or os.environ.get(ENV_DB) or None
    if value is None:
        return default_db()
    if dialect_of(str(value)) == "postgresql":
        return str(value)
    return Path(value)


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The SQLite file in use; StoreError when the database is a PostgreSQL server."""
    target = db_target(explicit)
    if not isinstance(target, Path):
        from dashboard.store.db import StoreError, masked

        raise StoreError(f"{masked(target)} is a PostgreSQL database, not a SQLite file")
    return target


ENV_APP_URL = "HUMAS_APP_URL"


def app_url() -> str | None:
    """The app's public address (HUMAS_APP_URL, e.g. https://humas.kemenag.go.id), if set.

    Messages sent from the server (the daily recap) link to it; the app itself
    falls back to the address the browser used.
    """
    value = os.environ.get(ENV_APP_URL, "").strip().rstrip("/")
    return value if value.startswith(("https://", "http://")) and " " not in value else None
