"""The page registry: which pages exist, for which roles, in which section.

The navigation is built from this list per role, and every page asks
`session.require_page(key)` again on each run, so hiding a page from the menu
is never the only thing that keeps a role out.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_ROLES = ("admin", "pimpinan", "operator")
ROLE_LABELS = {"admin": "Admin", "pimpinan": "Pimpinan", "operator": "Operator"}


@dataclass(frozen=True)
class PageSpec:
    key: str
    file: str  # relative to dashboard/
    title: str
    icon: str
    roles: tuple[str, ...]
    section: str


PAGES: list[PageSpec] = [
    PageSpec("beranda", "views/home.py", "Beranda", ":material/home:", ALL_ROLES, "Utama"),
    PageSpec(
        "unit-saya",
        "views/unit_dashboard.py",
        "Unit Saya",
        ":material/monitoring:",
        ALL_ROLES,
        "Utama",
    ),
    PageSpec(
        "ringkasan",
        "views/overview.py",
        "Ringkasan",
        ":material/dashboard:",
        ("admin", "pimpinan"),
        "Utama",
    ),
    PageSpec(
        "peringkat",
        "views/rankings.py",
        "Peringkat",
        ":material/leaderboard:",
        ("admin", "pimpinan"),
        "Utama",
    ),
    PageSpec(
        "layar-rapat",
        "views/screens.py",
        "Layar Rapat",
        ":material/tv:",
        ("admin", "pimpinan"),
        "Utama",
    ),
    PageSpec(
        "unit-kerja", "views/units.py", "Unit Kerja", ":material/account_tree:", ALL_ROLES, "Utama"
    ),
    PageSpec(
        "kalender",
        "views/calendar.py",
        "Kalender Kerja",
        ":material/calendar_month:",
        ALL_ROLES,
        "Utama",
    ),
    PageSpec("target", "views/targets.py", "Target", ":material/flag:", ("admin",), "Admin"),
    PageSpec("pengguna", "views/users.py", "Pengguna", ":material/group:", ("admin",), "Admin"),
    PageSpec("akun", "views/account.py", "Akun Saya", ":material/person:", ALL_ROLES, "Akun"),
]

BY_KEY = {p.key: p for p in PAGES}


def for_role(role: str) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]


def allowed(key: str, role: str) -> bool:
    spec = BY_KEY.get(key)
    return spec is not None and role in spec.roles
