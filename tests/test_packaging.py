"""The installable wheel: `pip install .` (not editable) works from any folder.

The wheel test installs a copy of the package (pyproject.toml, README.md and
dashboard/ alone, so nothing else of the clone can help it) into a fresh
virtual environment, then runs `humas init`, `humas demo` and `humas run`
from an empty folder with an empty home: seed data, the nginx template, the
fonts and the hardened Streamlit settings must all come from inside the
package. The fresh environment borrows this environment's third-party
packages through a .pth line (their installation is what the README's
set-up command and CI already do; downloading them again would only add
minutes). That line adds a plain folder to sys.path: the editable install's
finder of this checkout is not activated there, and the fresh environment's
own `dashboard` comes first.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from dashboard import config
from tests.ports import free_port
from tests.web import wait_healthy, websocket_status

PACKAGE = Path(config.__file__).parent
REPO = PACKAGE.parent
EXTRA_ONLY = {"numpy", "websockets"}  # what the bench extra installs


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_only_the_speed_tooling_imports_what_the_bench_extra_installs():
    """The app and every other command run without the bench extra."""
    tooling = {PACKAGE / "cli" / "bench.py", *(PACKAGE / "bench").glob("*.py")}
    offenders = {
        f"{path.relative_to(REPO)}: {name}"
        for path in PACKAGE.rglob("*.py")
        if path not in tooling
        for name in _imports(path)
        if name.partition(".")[0] in EXTRA_ONLY or name.startswith("dashboard.bench.")
    }
    assert offenders == set()


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the package installed from a copy, not editable."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        PACKAGE, source / "dashboard", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    purelib = Path(
        subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(source),
        ],
        check=True,
        timeout=600,
    )
    shutil.rmtree(source)  # nothing may come from the copy after the install
    return venv


@pytest.fixture
def elsewhere(tmp_path) -> tuple[Path, dict]:
    """An empty folder and an environment with an empty home, no HUMAS_DB, no XDG folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (config.ENV_DB, "XDG_DATA_HOME")} | {
        "HOME": str(tmp_path / "home")
    }
    env.pop("HUMAS_NOW", None)
    return folder, env


def _humas(venv: Path, folder: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(venv / "bin" / "humas"), *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextmanager
def _serving(venv: Path, folder: Path, env: dict, *args: str):
    """`humas run ARGS` of the installed package on a free port; its address while it runs."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(venv / "bin" / "humas"), "run", *args, "--port", str(port), "--address", "127.0.0.1"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_healthy(url, server, timeout=120)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert b"Traceback" not in server.stderr.read()


@pytest.mark.slow
def test_the_installed_package_is_not_this_checkout(installed, elsewhere):
    folder, env = elsewhere
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import dashboard; print(dashboard.__file__)"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(installed)) and str(REPO) not in where


@pytest.mark.slow
def test_init_demo_and_run_from_another_folder(installed, elsewhere, tmp_path):
    folder, env = elsewhere
    database = tmp_path / "home" / ".local" / "share" / "pantau-humas" / "humas.db"

    done = _humas(installed, folder, env, "init")
    assert done.returncode == 0, done.stderr
    assert f"database {database}:" in done.stdout and "units added: 627" in done.stdout

    done = _humas(installed, folder, env, "demo")
    assert done.returncode == 0, done.stderr
    assert f"demo database {database}:" in done.stdout
    assert list(folder.iterdir()) == []  # nothing written into the folder it ran in

    with _serving(installed, folder, env) as url:
        with urllib.request.urlopen(url + "/", timeout=10) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
        # The hardened settings beside the app script apply (Streamlit's default answers
        # any Host): a session only for the hosts they name.
        assert websocket_status(url, url.removeprefix("http://")) == 101
        assert websocket_status(url, "humas.evil.example") == 403


@pytest.mark.slow
def test_the_installed_fonts_and_proxy_template_are_used(installed, elsewhere, tmp_path):
    """A PDF report embeds the shipped font; `humas run --workers` renders the shipped template."""
    folder, env = elsewhere
    db_file = tmp_path / "humas.db"
    assert _humas(installed, folder, env, "init", "--db", str(db_file)).returncode == 0
    today = date.today().isoformat()
    out = tmp_path / "laporan.pdf"
    done = _humas(
        installed, folder, env, "export", "--db", str(db_file), "--unit", "kanwil-ntt",
        "--from", today, "--to", today, "--format", "pdf", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"DejaVu" in out.read_bytes()
    rendered = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import sys; from pathlib import Path; from dashboard.serve import proxy; "
            "print(proxy.render_config(Path(sys.argv[1]), '127.0.0.1:9000', [9001, 9002]))",
            str(tmp_path / "run"),
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert "server 127.0.0.1:9002;" in rendered.stdout
    assert str(tmp_path / "run") in rendered.stdout and "@@RUN_DIR@@" not in rendered.stdout


@pytest.mark.slow
def test_the_public_host_name_comes_from_the_environment(installed, elsewhere, tmp_path):
    """Production adds its host name with STREAMLIT_SERVER_ALLOWED_HOSTS (README, Deployment)."""
    folder, env = elsewhere
    db_file = tmp_path / "humas.db"
    assert _humas(installed, folder, env, "init", "--db", str(db_file)).returncode == 0
    env = env | {"STREAMLIT_SERVER_ALLOWED_HOSTS": "localhost 127.0.0.1 humas.kemenag.go.id"}
    with _serving(installed, folder, env, "--db", str(db_file)) as url:
        assert websocket_status(url, "humas.kemenag.go.id") == 101
        assert websocket_status(url, "humas.evil.example") == 403
