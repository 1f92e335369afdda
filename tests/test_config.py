"""Where things live: the default database, and files shipped inside the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard import config

PACKAGE = Path(config.__file__).parent


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A current folder outside any clone, a home and no HUMAS_DB."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv(config.ENV_DB, raising=False)
    return folder


def test_a_clone_keeps_its_database_in_its_data_folder(elsewhere):
    (elsewhere / "data").mkdir()
    assert config.db_path().resolve() == elsewhere / "data" / "humas.db"


def test_elsewhere_the_database_is_in_the_users_data_folder(elsewhere, tmp_path):
    assert config.db_path() == tmp_path / "home" / ".local" / "share" / "pantau-humas" / "humas.db"
    assert not (elsewhere / "data").exists()


def test_xdg_data_home_moves_the_users_data_folder(elsewhere, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert config.db_path() == tmp_path / "xdg" / "pantau-humas" / "humas.db"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the XDG rule
    assert config.db_path() == tmp_path / "home" / ".local" / "share" / "pantau-humas" / "humas.db"


def test_the_environment_and_the_option_win(elsewhere, tmp_path, monkeypatch):
    monkeypatch.setenv(config.ENV_DB, str(tmp_path / "env.db"))
    assert config.db_path() == tmp_path / "env.db"
    assert config.db_path(tmp_path / "option.db") == tmp_path / "option.db"


def test_the_clone_ships_its_data_folder():
    """README's first command keeps its database under data/: the folder is in git."""
    assert (PACKAGE.parent / "data" / ".gitignore").is_file()


@pytest.mark.parametrize(
    "path",
    [
        config.APP_SCRIPT,
        config.STREAMLIT_CONFIG,
        config.UNITS_CSV,
        config.KINDS_CSV,
        config.NGINX_LOCAL_TEMPLATE,
        config.ASSETS_DIR / "DejaVuSansCondensed.ttf",
    ],
    ids=lambda p: p.name,
)
def test_package_files_are_inside_the_package(path):
    assert path.is_file() and PACKAGE in path.parents


def _source_tree_lookups(path: Path) -> list[str]:
    """Every use of `__file__`: a path found relative to the source, not through resources."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name) and node.id == "__file__":
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_module_finds_files_relative_to_its_source():
    """Package data goes through dashboard.config (importlib.resources), nothing else."""
    offenders = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "config.py"
        for hit in _source_tree_lookups(path)
    ]
    assert offenders == []
