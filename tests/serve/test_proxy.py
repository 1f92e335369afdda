"""The generated nginx config, the production site config, and `humas run --workers` refusals."""

from __future__ import annotations

import shutil
import socket

import pytest

from dashboard.cli import main
from dashboard.serve import proxy, workers
from tests.conftest import REPO
from tests.ports import free_port
from tests.serve.cluster import NGINX, needs_nginx, production_site

DEPLOY = REPO / "deploy"


def test_the_local_config_lists_every_worker_and_hashes_the_routing_cookie(tmp_path):
    text = proxy.render_config(tmp_path, "127.0.0.1:9000", [9001, 9002, 9003])
    assert "@@" not in text.replace("@@...@@", "")
    assert "listen 127.0.0.1:9000;" in text
    for port in (9001, 9002, 9003):
        assert f"server 127.0.0.1:{port};" in text
    directives = "\n".join(line for line in text.splitlines() if not line.strip().startswith("#"))
    assert "hash $humas_route consistent;" in directives and "ip_hash" not in directives
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Connection $connection_upgrade;" in text
    assert f"pid {tmp_path}/nginx.pid;" in text


def test_a_template_field_left_unfilled_is_refused(tmp_path):
    template = tmp_path / "t.conf"
    template.write_text("listen @@LISTEN@@; root @@DOCROOT@@;")
    with pytest.raises(proxy.ProxyError, match="DOCROOT"):
        proxy.render_config(tmp_path, "127.0.0.1:1", [2], template=template)


def test_no_workers_no_proxy(tmp_path):
    with pytest.raises(proxy.ProxyError):
        proxy.render_config(tmp_path, "127.0.0.1:1", [])


@needs_nginx
def test_nginx_accepts_the_generated_config(tmp_path):
    conf = proxy.write_config(tmp_path, "127.0.0.1:9000", [9001, 9002])
    proxy.check_config(NGINX, tmp_path, conf)


@needs_nginx
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_nginx_accepts_the_production_site_config(tmp_path):
    """deploy/nginx-site.conf inside a minimal nginx.conf, with a throwaway certificate."""
    proxy.check_config(NGINX, tmp_path, production_site(tmp_path, 9443, 9080))


def test_workers_without_nginx_is_one_clear_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(proxy, "find_nginx", lambda: None)
    code = main(["run", "--db", str(tmp_path / "h.db"), "--workers", "2", "--port", "18650"])
    out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "apt-get install nginx" in err


def test_a_taken_port_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(proxy, "find_nginx", lambda: "/usr/sbin/nginx")
    port = free_port(3)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", port + 2))
        blocker.listen()
        code = main(
            ["run", "--db", str(tmp_path / "h.db"), "--workers", "2", "--port", str(port)]
            + ["--address", "127.0.0.1"]
        )
    _, err = capsys.readouterr()
    assert code == 1 and f"port {port + 2} already in use" in err


@pytest.mark.parametrize(
    "args, message",
    [(["--workers", "0"], "at least 1"), (["--workers", "3", "--port", "65534"], "leave room")],
)
def test_bad_worker_arguments_are_refused(tmp_path, capsys, args, message):
    code = main(["run", "--db", str(tmp_path / "h.db"), *args])
    _, err = capsys.readouterr()
    assert code == 2 and message in err
    assert not (tmp_path / "h.db").exists()


def test_the_supervisor_is_for_two_or_more(tmp_path):
    with pytest.raises(workers.ServeError):
        workers.Supervisor(db_file=tmp_path / "h.db", workers=1, port=9000)


def test_workers_share_one_cookie_secret_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(workers.ENV_COOKIE_SECRET, raising=False)
    made = workers.Supervisor(db_file=tmp_path / "h.db", workers=2, port=9000)
    assert len(made.env[workers.ENV_COOKIE_SECRET]) == 64
    assert made.env["HUMAS_DB"] == str(tmp_path / "h.db")
    monkeypatch.setenv(workers.ENV_COOKIE_SECRET, "from-the-operator")
    kept = workers.Supervisor(db_file=tmp_path / "h.db", workers=2, port=9000)
    assert kept.env[workers.ENV_COOKIE_SECRET] == "from-the-operator"
    assert all("cookieSecret" not in part for part in workers.streamlit_command(9001, "x"))
