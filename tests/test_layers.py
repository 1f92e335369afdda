"""The layers flow one way: store → kpi → service → charts → views (README, "Layers").

Read from the source with `ast` (nothing is imported, so a module that would
run a page when imported is read like any other): every `import` and
`from … import` anywhere in a module, inside functions and `TYPE_CHECKING`
blocks too, resolved to the full name of what it imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard import config

pytestmark = pytest.mark.fast

PACKAGE = Path(config.__file__).parent

# layer: (the modules in it, the names they must not import). A name covers its submodules.
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Pages reach the data through dashboard.service only: the store, and the importers and
    # report writers that work on a connection, are the service's to call.
    "views": (("dashboard.views",), ("dashboard.store", "dashboard.ingest", "dashboard.reports")),
    "store": (
        ("dashboard.store",),
        (
            "dashboard.kpi",
            "dashboard.service",
            "dashboard.ui",
            "dashboard.views",
            "dashboard.charts",
            "dashboard.screen_charts",
            "streamlit",
        ),
    ),
    "kpi": (
        ("dashboard.kpi",),
        ("streamlit", "dashboard.store", "dashboard.ui", "dashboard.service", "dashboard.views"),
    ),
    "charts": (
        ("dashboard.charts", "dashboard.screen_charts", "dashboard.reports.pdf_charts"),
        ("dashboard.store", "streamlit", "dashboard.ui", "dashboard.views"),
    ),
    "service": (("dashboard.service",), ("streamlit", "dashboard.ui", "dashboard.views")),
}

# What ui/ helpers may still take from the store directly: the plumbing under every page
# (connections, the data version, the app's hold on its database, the sign-in of a person
# or of a meeting screen and what a broken database looks like), and the principal type
# (`ui.*` annotate with it; item 1 moves it to the domain module). Page data comes through
# dashboard.service (docs/DECISIONS.md, issue 17, "Item 3: pages through services").
UI_STORE_ANYWHERE = {"dashboard.store.access.Principal"}
UI_STORE_ALLOWED: dict[str, set[str]] = {
    "dashboard.ui.data": {
        "dashboard.store.applock",
        "dashboard.store.bootstrap",
        "dashboard.store.db.Database",
        "dashboard.store.db.changes_here",
        "dashboard.store.db.connect",
        "dashboard.store.db.data_version",
        "dashboard.store.db.is_server",
    },
    "dashboard.ui.figures": {"dashboard.store.db.connect"},  # each cached read's connection
    "dashboard.ui.session": {
        "dashboard.store.sessions",
        "dashboard.store.settings",
        "dashboard.store.users",
        "dashboard.store.access.INACTIVE",
        "dashboard.store.access.AccessDenied",
        "dashboard.store.db.DatabaseProblem",
        "dashboard.store.db.connect",
    },
    "dashboard.ui.screen": {  # a meeting screen signs in with its link's token
        "dashboard.store.screens",
        "dashboard.store.db.DatabaseUnavailable",
        "dashboard.store.db.exists",
    },
    "dashboard.ui.shell": {
        "dashboard.store.db.DatabaseProblem",
        "dashboard.store.db.DatabaseUnavailable",
        "dashboard.store.db.database_problem",
    },
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every name `source` (the text of `module`) imports: `from a.b import c` gives `a.b.c`
    (a module or a name in one), relative imports resolved against `module`."""
    found: set[str] = set()
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def package_imports(root: Path = PACKAGE) -> dict[str, set[str]]:
    return {
        module_name(path, root): imported_names(
            path.read_text(encoding="utf-8"),
            module_name(path, root),
            is_package=path.name == "__init__.py",
        )
        for path in sorted(root.rglob("*.py"))
    }


def layer_offences(imports: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{layer}: {module} imports {name}"
        for layer, (members, forbidden) in RULES.items()
        for module, names in imports.items()
        if under(module, members)
        for name in names
        if under(name, forbidden)
    )


def test_every_layer_imports_only_downward():
    assert layer_offences(package_imports()) == []


def test_ui_helpers_take_only_plumbing_from_the_store():
    offences = sorted(
        f"{module} imports {name}"
        for module, names in package_imports().items()
        if under(module, ("dashboard.ui",))
        for name in names
        if under(name, ("dashboard.store",))
        and name not in UI_STORE_ANYWHERE | UI_STORE_ALLOWED.get(module, set())
    )
    assert offences == []


def test_the_rules_see_every_form_of_import():
    """The checker itself: each way of writing an import of the store from a view is caught."""
    sources = [
        "import dashboard.store.items",
        "from dashboard import store",
        "from dashboard.store import items",
        "from dashboard.store.db import StoreError",
        "from ..store import items",
        "def late():\n    from dashboard.store.access import can_read\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dashboard.store import db\n",
    ]
    for source in sources:
        names = imported_names(source, "dashboard.views.page")
        assert layer_offences({"dashboard.views.page": names}), source
    clean = imported_names("from dashboard.service import units", "dashboard.views.page")
    assert layer_offences({"dashboard.views.page": clean}) == []
    # A relative import inside a package's __init__ resolves against the package itself.
    assert imported_names("from .db import x", "dashboard.store", is_package=True) == {
        "dashboard.store.db.x"
    }


# --- a connection a page opens is handed to dashboard.service, and to nothing else ---------


def aliases(tree: ast.AST, module: str) -> dict[str, str]:
    """Each name an import binds in `module`, to the full name it stands for."""
    bound: dict[str, str] = {}
    here = module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    bound[top] = top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{base}.{alias.name}"
    return bound


def dotted(node: ast.expr, bound: dict[str, str]) -> str | None:
    """`a.b.c` (with `a` resolved through the imports), or None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([bound.get(node.id, node.id), *parts])


def connection_handoffs(source: str, module: str) -> list[str]:
    """Calls of `module` that are given a connection it opened (`with … as db`) and are not
    calls of dashboard.service: `module:line: callee`."""
    tree = ast.parse(source)
    bound = aliases(tree, module)
    connections = {
        item.optional_vars.id
        for node in ast.walk(tree)
        if isinstance(node, (ast.With, ast.AsyncWith))
        for item in node.items
        if isinstance(item.optional_vars, ast.Name)
    }
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        given = [*node.args, *(k.value for k in node.keywords)]
        if not any(isinstance(a, ast.Name) and a.id in connections for a in given):
            continue
        callee = dotted(node.func, bound) or ast.unparse(node.func)
        if not under(callee, ("dashboard.service",)):
            found.append((node.lineno, f"{module}:{node.lineno}: {callee}"))
    return [text for _, text in sorted(found)]


def test_a_page_hands_its_connection_to_services_only():
    offences = [
        found
        for path in sorted((PACKAGE / "views").rglob("*.py"))
        for found in connection_handoffs(
            path.read_text(encoding="utf-8"), module_name(path, PACKAGE)
        )
    ]
    assert offences == []


def test_the_handoff_rule_sees_a_connection_given_past_the_services():
    """The checker itself: Impor Data and Laporan as they were before their services."""
    before = (
        "from dashboard.ingest import importer\n"
        "from dashboard.reports import export\n"
        "from dashboard.ui import data\n"
        "with data.session_db(readonly=True) as db:\n"
        "    importer.save(db, who, unit_id, parsed, dry_run=True)\n"
        "def make(who_now):\n"
        "    with data.session_db(readonly=True, db_file=f) as conn:\n"
        "        return export.to_bytes(conn, who_now, ctx, scope, span, kind)\n"
        "with data.session_db() as db:\n"
        "    helper(db=db)\n"
    )
    assert connection_handoffs(before, "dashboard.views.page") == [
        "dashboard.views.page:5: dashboard.ingest.importer.save",
        "dashboard.views.page:8: dashboard.reports.export.to_bytes",
        "dashboard.views.page:10: helper",
    ]
    after = (
        "from dashboard.service import imports as import_service\n"
        "from ..service.exports import report_file\n"
        "with data.session_db(readonly=True) as db:\n"
        "    import_service.preview(db, who, unit_id, parsed)\n"
        "    report_file(db, who, ctx, 1, span, 'pdf')\n"
    )
    assert connection_handoffs(after, "dashboard.views.page") == []
    names = imported_names("from dashboard.reports import export", "dashboard.views.page")
    assert layer_offences({"dashboard.views.page": names})
