"""Where things live: the database path and the project's folders.

The database path is resolved the same way everywhere (command line, app,
tests): an explicit path, else the HUMAS_DB environment variable, else
data/humas.db under the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
UNITS_CSV = DATA_DIR / "units.csv"
DEFAULT_DB = Path("data") / "humas.db"
ENV_DB = "HUMAS_DB"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    return DEFAULT_DB


ENV_APP_URL = "HUMAS_APP_URL"


def app_url() -> str | None:
    """The app's public address (HUMAS_APP_URL, e.g. https://humas.kemenag.go.id), if set.

    Messages sent from the server (the daily recap) link to it; the app itself
    falls back to the address the browser used.
    """
    value = os.environ.get(ENV_APP_URL, "").strip().rstrip("/")
    return value if value.startswith(("https://", "http://")) and " " not in value else None
