"""Signing in under a crowd (issue 19): argon2 runs on a few hashing threads of its own,
never on the thread of a page run, and a page run is served while a sign-in hashes.

No timing: the hasher is replaced by one that waits for the test's word.
"""

from __future__ import annotations

import threading
import time

import pytest

from dashboard import auth
from dashboard.serve import gate as gate_module
from dashboard.serve.gate import Gate
from dashboard.store.db import connect
from tests.conftest import PASSWORD


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.001)


class HeldHasher:
    """argon2's hasher, but each verification waits until the test lets it finish."""

    def __init__(self, real) -> None:
        self.real = real
        self.go = threading.Event()
        self.lock = threading.Lock()
        self.inside = 0
        self.most_inside = 0
        self.threads: list[str] = []

    def verify(self, stored_hash, password):
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            self.threads.append(threading.current_thread().name)
        try:
            self.go.wait(30)
            return self.real.verify(stored_hash, password)
        finally:
            with self.lock:
                self.inside -= 1

    def hash(self, password):
        self.threads.append(threading.current_thread().name)
        return self.real.hash(password)


@pytest.fixture
def held(monkeypatch):
    hasher = HeldHasher(auth.hasher)
    monkeypatch.setattr(auth, "hasher", hasher)
    yield hasher
    hasher.go.set()


@pytest.fixture
def one_at_a_time(monkeypatch):
    gate = Gate(1)
    monkeypatch.setattr(gate_module, "runs", gate)
    return gate


def test_the_hash_runs_off_the_callers_thread(db, accounts, held):
    held.go.set()
    who = auth.authenticate(db, "op.kupang", PASSWORD)
    assert who is not None and who.username == "op.kupang"
    assert held.threads and all(name.startswith("argon2") for name in held.threads)
    assert threading.current_thread().name not in held.threads


def test_hashing_a_new_password_runs_off_the_callers_thread_too(held):
    stored = auth.hash_password("kopi-pagi-di-kupang")
    assert stored.startswith("$argon2id$")
    assert held.threads == [held.threads[0]] and held.threads[0].startswith("argon2")


def test_sign_ins_at_once_hash_a_few_at_a_time(db, accounts, held):
    stored = auth.user_store.password_hash(db, accounts["op.kupang"])
    crowd = auth.HASH_THREADS + 4
    answers: list[bool] = []
    threads = [
        threading.Thread(target=lambda: answers.append(auth._verify(stored, PASSWORD)))
        for _ in range(crowd)
    ]
    for thread in threads:
        thread.start()
    wait_until(lambda: held.inside == auth.HASH_THREADS, "the hashing threads are busy")
    wait_until(
        lambda: auth._hashing._work_queue.qsize() == crowd - auth.HASH_THREADS,
        "the other sign-ins wait their turn",
    )
    assert held.inside == auth.HASH_THREADS
    held.go.set()
    for thread in threads:
        thread.join(30)
    assert answers == [True] * crowd
    assert held.most_inside == auth.HASH_THREADS


def test_a_page_run_is_served_while_a_sign_in_hashes(db_path, accounts, held, one_at_a_time):
    """With one run at a time per process, the signing-in run gives its turn away."""
    order: list[str] = []
    signed_in: list = []

    def signing_in():
        with one_at_a_time.turn(), connect(db_path) as db:
            order.append("sign-in starts")
            signed_in.append(auth.authenticate(db, "op.kupang", PASSWORD))
            order.append("sign-in ends")

    signer = threading.Thread(target=signing_in)
    signer.start()
    wait_until(lambda: held.inside == 1, "the sign-in is hashing")

    def page_run():
        with one_at_a_time.turn():
            order.append("page run")

    page = threading.Thread(target=page_run)
    page.start()
    page.join(30)  # nothing lets the hash finish before this
    assert not page.is_alive(), "the page run waited for the sign-in's hash"
    assert order == ["sign-in starts", "page run"]
    held.go.set()
    signer.join(30)
    assert order[-1] == "sign-in ends" and signed_in[0].username == "op.kupang"
    assert one_at_a_time.running() == 0


def test_hashing_threads_run_below_the_page_runs():
    """Linux: the hashing thread's nice value is HASH_NICE above the caller's (argon2's lanes,
    started from it, inherit it), so the processor goes to page runs first."""
    import os

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert auth._hashed(niceness) == min(19, niceness() + auth.HASH_NICE)
