"""The page registry: which pages exist, for which roles, in which section.

The navigation is built from this list per role, and every page asks
`session.require_page(key)` again on each run, so hiding a page from the menu
is never the only thing that keeps a role out.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.domain import ENTERERS, LEADERS, Role

ALL_ROLES = tuple(Role)  # pages every role sees


@dataclass(frozen=True)
class PageSpec:
    key: str
    file: str  # relative to dashboard/
    title: str
    icon: str
    roles: tuple[str, ...]
    section: str


# Sections appear in this order; within one, pages in this order.
PAGES: list[PageSpec] = [
    PageSpec(
        "input-harian", "views/entry.py", "Input Harian", ":material/edit_note:", ENTERERS, "Input"
    ),
    PageSpec(
        "impor", "views/imports.py", "Impor Data", ":material/upload_file:", ENTERERS, "Input"
    ),
    PageSpec("beranda", "views/home.py", "Beranda", ":material/home:", ALL_ROLES, "Pantau"),
    PageSpec(
        "unit-saya",
        "views/unit_dashboard.py",
        "Unit Saya",
        ":material/monitoring:",
        ALL_ROLES,
        "Pantau",
    ),
    PageSpec("kanal", "views/channels.py", "Kanal", ":material/rss_feed:", ALL_ROLES, "Pantau"),
    PageSpec(
        "ringkasan", "views/overview.py", "Ringkasan", ":material/dashboard:", LEADERS, "Pantau"
    ),
    PageSpec(
        "peringkat", "views/rankings.py", "Peringkat", ":material/leaderboard:", LEADERS, "Pantau"
    ),
    PageSpec("laporan", "views/reports.py", "Laporan", ":material/summarize:", ALL_ROLES, "Pantau"),
    PageSpec(
        "tinjauan-tautan",
        "views/link_review.py",
        "Tinjauan Tautan",
        ":material/link:",
        LEADERS,
        "Pantau",
    ),
    PageSpec(
        "layar-rapat",
        "views/screens.py",
        "Layar Rapat",
        ":material/tv:",
        LEADERS,
        "Pantau",
    ),
    PageSpec(
        "unit-kerja",
        "views/units.py",
        "Unit Kerja",
        ":material/account_tree:",
        ALL_ROLES,
        "Referensi",
    ),
    PageSpec(
        "kalender",
        "views/calendar.py",
        "Kalender Kerja",
        ":material/calendar_month:",
        ALL_ROLES,
        "Referensi",
    ),
    PageSpec("target", "views/targets.py", "Target", ":material/flag:", ("admin",), "Admin"),
    PageSpec("pengguna", "views/users.py", "Pengguna", ":material/group:", ("admin",), "Admin"),
    PageSpec(
        "pengaturan", "views/settings.py", "Pengaturan", ":material/settings:", ("admin",), "Admin"
    ),
    PageSpec(
        "pengiriman-pesan",
        "views/messages.py",
        "Pengiriman Pesan",
        ":material/outgoing_mail:",
        ("admin",),
        "Admin",
    ),
    PageSpec(
        "log-audit", "views/audit_log.py", "Log Audit", ":material/history:", ("admin",), "Admin"
    ),
    PageSpec("akun", "views/account.py", "Akun Saya", ":material/person:", ALL_ROLES, "Akun"),
]

# Where each role lands after signing in: where its daily work is (guide, section 9).
LANDING = {"operator": "input-harian", "pimpinan": "unit-saya", "admin": "ringkasan"}
NATIONAL_LANDING = "ringkasan"  # a pimpinan at the national root lands on the national view


BY_KEY = {p.key: p for p in PAGES}


def for_role(role: str) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]


def allowed(key: str, role: str) -> bool:
    spec = BY_KEY.get(key)
    return spec is not None and role in spec.roles
