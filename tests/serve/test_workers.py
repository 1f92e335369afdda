"""Two workers behind the local nginx on loopback: spread, stickiness, websockets, supervision."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets

from dashboard import demo
from dashboard.bench import wsload
from dashboard.serve.proxy import ROUTE_COOKIE, WORKER_HEADER
from tests.serve.cluster import alive, needs_nginx, running

pytestmark = [needs_nginx, pytest.mark.slow]


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("workers") / "demo.db"
    demo.build(path, days=7)
    return path


@pytest.fixture(scope="module")
def cluster(small_demo, tmp_path_factory):
    with running(small_demo, workers=2, tmp=tmp_path_factory.mktemp("run")) as started:
        yield started


def run_async(make_coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API may hold this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def fetch(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """(worker that answered, routing cookie the proxy set)."""
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", f"{ROUTE_COOKIE}={cookie}")
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        cookie_value = None
        for set_cookie in response.headers.get_all("Set-Cookie") or []:  # the app sets its own too
            if set_cookie.startswith(f"{ROUTE_COOKIE}="):
                cookie_value = set_cookie.split(";", 1)[0].split("=", 1)[1]
        return response.headers[WORKER_HEADER], cookie_value


def test_new_browsers_are_spread_and_each_stays_on_its_worker(cluster):
    first_visits = [fetch(cluster.url + "/") for _ in range(24)]
    workers = {worker for worker, _ in first_visits}
    assert workers == {f"127.0.0.1:{cluster.port + 1}", f"127.0.0.1:{cluster.port + 2}"}
    for worker, cookie in first_visits[:8]:
        assert cookie  # the first answer hands out the routing cookie
        for _ in range(3):
            again, new_cookie = fetch(cluster.url + "/_stcore/health", cookie)
            assert again == worker and new_cookie is None


def test_each_worker_answers_on_its_own_port_without_the_proxy(cluster):
    for number in (1, 2):
        with urllib.request.urlopen(cluster.worker_url(number) + "/_stcore/health") as response:
            assert response.status == 200 and WORKER_HEADER not in response.headers


def test_a_session_signs_in_and_runs_a_page_over_a_websocket_through_the_proxy(cluster):
    async def session():
        ws_url = cluster.url.replace("http", "ws") + "/_stcore/stream"
        async with websockets.connect(ws_url, subprotocols=["streamlit"]) as ws:
            signed_in = await wsload.sign_in(ws, "operator.kupang", demo.DEMO_PASSWORD)
            page = wsload.resolve_page(signed_in.pages, "unit-kerja")
            return await wsload.run_script(ws, page_hash=page)

    result = run_async(session)
    assert result.exception is None and not result.page_not_found
    assert any(label == "Cari unit" for _, _, label in result.elements)


def test_a_dead_worker_is_reported_and_started_again(small_demo, tmp_path):
    with running(small_demo, workers=2, tmp=tmp_path) as cluster:
        victim = cluster.worker_pid(2)
        os.kill(victim, signal.SIGKILL)
        cluster.wait_for(rf"worker 2 \(port {cluster.port + 2}\) exited with code -9")
        cluster.wait_for(r"worker 2 restarted \(pid \d+\)")
        assert cluster.worker_pid(2) != victim
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(cluster.worker_url(2) + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the restarted worker never answered")
        pids = [cluster.worker_pid(1), cluster.worker_pid(2)]
        nginx_pid = int((cluster.run_dir / "nginx.pid").read_text())
        cluster.process.send_signal(signal.SIGTERM)
        assert cluster.process.wait(timeout=30) == 0
    cluster.wait_for(r"stopping the proxy and the workers")
    time.sleep(0.5)
    assert not any(alive(pid) for pid in [*pids, nginx_pid])


def test_a_wrong_password_is_reported_as_a_refused_sign_in(cluster):
    async def session():
        ws_url = cluster.url.replace("http", "ws") + "/_stcore/stream"
        async with websockets.connect(ws_url, subprotocols=["streamlit"]) as ws:
            await wsload.sign_in(ws, "kanwil.ntt", "bukan-sandinya")

    with pytest.raises(wsload.LoadError, match="refused"):
        run_async(session)


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in /metrics")


def test_each_run_keeps_its_turn_until_its_answer_is_sent(cluster):
    """serve/script_gate.py is installed in a served worker, and its waits end because the
    event loop reported the run's messages sent, never by running out of time."""
    worker = cluster.worker_url(1)

    def scrape() -> str:
        with urllib.request.urlopen(worker + "/metrics", timeout=10) as response:
            return response.read().decode()

    before = scrape()
    sent = 'humas_page_runs_answer_waits_total{outcome="sent"}'
    timed_out = 'humas_page_runs_answer_waits_total{outcome="timed_out"}'

    async def runs():
        ws_url = worker.replace("http", "ws") + "/_stcore/stream"
        async with websockets.connect(ws_url, subprotocols=["streamlit"]) as ws:
            return [await wsload.run_script(ws) for _ in range(4)]

    results = run_async(runs)
    assert all(r.exception is None for r in results)
    after = scrape()
    assert _metric(after, "humas_page_runs_gate_early") == 1
    assert _metric(after, sent) >= _metric(before, sent) + 4
    assert _metric(after, timed_out) == _metric(before, timed_out) == 0


def test_a_sign_in_storm_comes_from_a_process_of_its_own(cluster):
    """The load script's storm (issue 19): the crowd signs in from another process, so its
    work never holds up the watchers' reading; both sides are measured."""
    result = run_async(
        lambda: wsload.run_sign_in_storm(
            cluster.url,
            page="unit-kerja",
            login=("operator.kupang", demo.DEMO_PASSWORD),
            signers=3,
            watchers=1,
            quiet_s=0.3,
        )
    )
    assert result["errors"] == 0, result["first_error"]
    assert result["crowd_pid"] not in (0, os.getpid())
    assert result["sign_in_p50_ms"] > 0 and result["quiet_runs"] >= 1
