"""Every module of the package imports with only the declared dependencies.

sqlite-utils left the dependencies when PostgreSQL came (the store has its own
connection type), yet three streams built beside that change still imported it:
a developer's environment that kept it installed hid the break, a fresh install
could not open Kanal or run a link check. The modules are imported in a child
process that refuses sqlite_utils, as a fresh install would.
"""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.fast

SCRIPT = """
import importlib, pkgutil, sys
sys.modules["sqlite_utils"] = None  # not a dependency: importing it must fail here
import dashboard
failed = []
for found in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
    name = found.name
    # Pages and the Streamlit entry points run the app when imported.
    if name.endswith(("__main__", ".app", ".asgi")) or ".views." in name:
        continue
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {exc!r}")
print("\\n".join(failed))
"""


def test_every_module_imports_without_undeclared_packages():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""
