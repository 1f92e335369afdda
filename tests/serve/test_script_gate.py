"""The gate taken where Streamlit begins a run (serve/script_gate.py).

AppTest runs the page script through a subclass of Streamlit's ScriptRunner, so the
hook is exercised on Streamlit's own code path. No timing: the tests wait on events
and on the gate's count of waiting runs.
"""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.testing.v1 import AppTest

from dashboard.serve import gate as gate_module
from dashboard.serve import script_gate
from dashboard.serve.gate import Gate
from tests.conftest import APP, principal

# An exception on a script thread (the hook's own code runs there) fails the test.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")


@pytest.fixture
def hooked():
    assert script_gate.install()
    yield
    script_gate.uninstall()


@pytest.fixture
def prepared(monkeypatch):
    """Whether this thread held a turn each time Streamlit prepared a run's context."""
    seen: list[bool] = []
    reset = ScriptRunContext.reset

    def recording(self, *args, **kwargs):
        seen.append(gate_module.runs.holds())
        return reset(self, *args, **kwargs)

    monkeypatch.setattr(ScriptRunContext, "reset", recording)
    return seen


def signed_in(db, username: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["principal"] = principal(db, username)
    at.session_state["last_seen"] = time.time()
    return at


def test_the_hook_installs_on_the_pinned_streamlit_once(hooked):
    wrapped = ScriptRunner._run_script
    assert script_gate.installed()
    assert script_gate.install()  # a second install changes nothing
    assert ScriptRunner._run_script is wrapped


def test_another_streamlit_is_left_as_it_was():
    before = ScriptRunner._run_script
    assert not script_gate.install(version="1.68.0")
    assert ScriptRunner._run_script is before and not script_gate.installed()


def test_uninstall_puts_streamlits_method_back():
    before = ScriptRunner._run_script
    script_gate.install()
    script_gate.uninstall()
    assert ScriptRunner._run_script is before


def test_the_turn_is_held_before_streamlit_prepares_the_run(db, accounts, hooked, prepared):
    at = signed_in(db, "pusat").run()
    assert not at.exception
    assert prepared and all(prepared)


def test_without_the_hook_the_turn_comes_only_in_the_script(db, accounts, prepared):
    at = signed_in(db, "pusat").run()
    assert not at.exception
    assert prepared and not any(prepared)  # what the hook changes


def test_a_run_waits_for_its_turn_before_doing_anything(
    db, accounts, hooked, prepared, monkeypatch
):
    full = Gate(1)
    monkeypatch.setattr(gate_module, "runs", full)
    at = signed_in(db, "pusat")
    done = threading.Event()
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(at.run())
        finally:
            done.set()

    with full.turn():  # someone else's run holds the only slot
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        deadline = time.monotonic() + 30
        while full.waiting() == 0:
            assert time.monotonic() < deadline, "the run never queued"
            time.sleep(0.001)
        assert prepared == [] and not done.is_set()  # queued with nothing prepared
    assert done.wait(60)
    assert outcome and not outcome[0].exception
    assert prepared == [True]


def test_only_the_first_run_of_a_session_queues_as_new(db, accounts, hooked, monkeypatch):
    asked: list[bool] = []

    class Recording(Gate):
        def turn(self, *, new=False):
            if not self.holds():  # the hook's turn; app.py's nested one passes through
                asked.append(new)
            return super().turn(new=new)

    monkeypatch.setattr(gate_module, "runs", Recording(2))
    at = signed_in(db, "pusat").run()
    at.run()
    assert not at.exception
    assert asked == [True, False]
