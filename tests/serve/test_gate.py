"""The gate around page runs (serve/gate.py): first come first served, never a deadlock.

No timing: every test waits on events and on the gate's own count of waiting runs.
"""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.serve import gate as gate_module
from dashboard.serve.gate import Gate


class RerunException(Exception):  # the name Streamlit's st.rerun raises
    pass


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.001)


def run_in_turn(
    gate: Gate, name: str, order: list, release: threading.Event | None = None, *, new=False
):
    def body():
        with gate.turn(new=new):
            order.append(name)
            if release is not None:
                release.wait(30)

    thread = threading.Thread(target=body, name=name)
    thread.start()
    return thread


def test_runs_are_served_in_the_order_they_asked():
    gate = Gate(1)
    order: list[str] = []
    hold = threading.Event()
    first = run_in_turn(gate, "first", order, hold)
    wait_until(lambda: order == ["first"], "the first run holds the gate")
    waiting = []
    for i, name in enumerate(["b", "c", "d", "e"]):
        waiting.append(run_in_turn(gate, name, order))
        wait_until(lambda n=i + 1: gate.waiting() == n, f"{name} queues")
    hold.set()
    for thread in [first, *waiting]:
        thread.join(30)
    assert order == ["first", "b", "c", "d", "e"]
    assert gate.running() == 0 and gate.waiting() == 0
    assert gate.served == 5 and gate.queued == 4


def test_no_newcomer_slips_in_front_of_a_waiting_run():
    """A slot handed over goes to the oldest waiting run, even if another thread asks then."""
    gate = Gate(1)
    order: list[str] = []
    hold = threading.Event()
    first = run_in_turn(gate, "first", order, hold)
    wait_until(lambda: order == ["first"], "the first run holds the gate")
    second = run_in_turn(gate, "second", order)
    wait_until(lambda: gate.waiting() == 1, "the second run queues")
    hold.set()
    first.join(30)
    late = run_in_turn(gate, "late", order)
    second.join(30)
    late.join(30)
    assert order == ["first", "second", "late"]


def test_as_many_runs_as_the_size_go_at_once():
    gate = Gate(2)
    order: list[str] = []
    hold = threading.Event()
    threads = [run_in_turn(gate, name, order, hold) for name in ("a", "b")]
    wait_until(lambda: sorted(order) == ["a", "b"], "two runs inside together")
    third = run_in_turn(gate, "c", order)
    wait_until(lambda: gate.waiting() == 1, "the third run queues")
    assert gate.running() == 2
    hold.set()
    for thread in [*threads, third]:
        thread.join(30)
    assert order[-1] == "c"


def test_a_nested_turn_on_the_same_thread_passes_through():
    """A fragment drawn inside a full run, or a turn inside a turn: no deadlock."""
    gate = Gate(1)
    with gate.turn():
        with gate.turn():
            assert gate.holds() and gate.running() == 1
        assert gate.holds()
    assert not gate.holds() and gate.running() == 0


def test_an_error_in_a_run_gives_its_turn_back():
    gate = Gate(1)
    with pytest.raises(ValueError), gate.turn():
        raise ValueError("a page failed")
    assert gate.running() == 0
    with gate.turn():  # the next run gets in
        pass


def test_a_rerun_queues_again_and_never_deadlocks():
    """st.rerun ends the run with RerunException and Streamlit starts it again on the same
    thread: the turn was given back, so the rerun gets one after those already waiting."""
    gate = Gate(1)
    order: list[str] = []
    queued = threading.Event()

    def rerunning():
        with pytest.raises(RerunException), gate.turn():
            order.append("run")
            queued.wait(30)
            raise RerunException()
        with gate.turn():
            order.append("rerun")

    thread = threading.Thread(target=rerunning)
    thread.start()
    wait_until(lambda: order == ["run"], "the run holds the gate")
    other = run_in_turn(gate, "other", order)
    wait_until(lambda: gate.waiting() == 1, "another run queues")
    queued.set()
    thread.join(30)
    other.join(30)
    assert not thread.is_alive() and not other.is_alive()
    assert order == ["run", "other", "rerun"]
    assert gate.running() == 0


def test_aside_lets_the_next_run_through_and_comes_back_first():
    """A run waiting on a password hash gives its turn away and resumes ahead of the queue."""
    gate = Gate(1)
    order: list[str] = []
    hashing, hashed = threading.Event(), threading.Event()

    def signing_in():
        with gate.turn():
            order.append("sign-in starts")
            with gate.aside():
                hashing.set()
                hashed.wait(30)
            order.append("sign-in ends")

    signer = threading.Thread(target=signing_in)
    signer.start()
    hashing.wait(30)
    page = run_in_turn(gate, "page run", order)
    page.join(30)  # served while the hash is still going: nothing sets `hashed` before this
    assert not page.is_alive() and order == ["sign-in starts", "page run"]
    hold = threading.Event()
    busy = run_in_turn(gate, "busy", order, hold)
    wait_until(lambda: order[-1] == "busy", "another run holds the gate")
    queued = run_in_turn(gate, "queued", order)
    wait_until(lambda: gate.waiting() == 1, "a run queues")
    hashed.set()
    wait_until(lambda: gate.waiting() == 2, "the signing-in run asks back")
    hold.set()
    for thread in (signer, busy, queued):
        thread.join(30)
    assert order[-2:] == ["sign-in ends", "queued"]


def test_aside_outside_a_turn_is_a_plain_block():
    gate = Gate(1)
    with gate.aside():
        assert gate.running() == 0


def test_gated_runs_a_function_inside_a_turn():
    seen = []

    @gate_module.gated
    def panels(token):
        seen.append((token, gate_module.runs.holds()))
        return "drawn"

    assert panels("abc") == "drawn" and seen == [("abc", True)]
    assert panels.__name__ == "panels"  # st.fragment names a fragment by its function


def test_the_size_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(gate_module.ENV_SIZE, "3")
    assert gate_module.size_from_env() == 3
    monkeypatch.setenv(gate_module.ENV_SIZE, "0")
    assert gate_module.size_from_env() == 1
    monkeypatch.setenv(gate_module.ENV_SIZE, "many")
    assert gate_module.size_from_env() == gate_module.DEFAULT_SIZE
    with pytest.raises(ValueError):
        Gate(0)


def test_every_page_run_of_the_app_takes_a_turn_and_gives_it_back(db, accounts):
    """The app's page script (app.py) runs inside the process's gate, for a page that
    reruns itself (the landing page forwards) as for the sign-in form."""
    from tests.conftest import app_as

    before = gate_module.runs.served
    signed_out = app_as(db, None)
    assert not signed_out.exception
    signed_in = app_as(db, "pusat", page="views/overview.py")
    assert not signed_in.exception and signed_in.title[0].value == "Ringkasan"
    assert gate_module.runs.served >= before + 3
    assert gate_module.runs.running() == 0 and gate_module.runs.waiting() == 0


def test_first_runs_of_new_sessions_take_turns_with_runs_of_open_sessions():
    """Fifty landing pages after fifty sign-ins do not all go before someone's next click."""
    gate = Gate(1)
    order: list[str] = []
    hold = threading.Event()
    first = run_in_turn(gate, "first", order, hold)
    wait_until(lambda: order == ["first"], "the first run holds the gate")
    threads = []
    for i, (name, new) in enumerate(
        [
            ("land-1", True),
            ("land-2", True),
            ("land-3", True),
            ("click-1", False),
            ("click-2", False),
        ]
    ):
        threads.append(run_in_turn(gate, name, order, new=new))
        wait_until(lambda n=i + 1: gate.waiting() == n, f"{name} queues")
    hold.set()
    for thread in [first, *threads]:
        thread.join(30)
    assert order == ["first", "click-1", "land-1", "click-2", "land-2", "land-3"]
    assert gate.running() == 0 and gate.waiting() == 0


def test_a_new_sessions_run_takes_a_free_slot_at_once():
    gate = Gate(1)
    with gate.turn(new=True):
        assert gate.running() == 1 and gate.waiting() == 0
    assert gate.running() == 0


def test_only_the_first_run_of_a_session_is_new(db, accounts, monkeypatch):
    from tests.conftest import app_as

    asked: list[bool] = []

    class Recording(Gate):
        def turn(self, *, new=False):
            asked.append(new)
            return super().turn(new=new)

    monkeypatch.setattr(gate_module, "runs", Recording(2))
    at = app_as(db, "pusat")
    at.run()
    assert not at.exception
    assert asked[0] is True and asked[1:] and not any(asked[1:])
