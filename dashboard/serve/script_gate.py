"""The gate taken where Streamlit begins a run, before its own preparation (issue 19: fairness).

app.py takes the process's gate (serve/gate.py) on the first line of the page script.
By then Streamlit has already prepared the run on a thread of its own: the run's context,
the "script started" event and the new-session message, the page lookup, the script's
module. When a crowd asks at once, a hundred new threads do that preparation while the
runs inside the gate hold the interpreter, and the event loop, which reads the crowd's
requests, starts those threads and sends the answers, waits for the interpreter behind
all of them: each thread start cost it up to a switch interval (5 ms), the requests of
a crowd of 100 were read over 0.5-1 s, and the first answers went out only after that
(the fourth session measured the head at 0.6-1.2 s of a 2 s crowd: p50/p95 0.64-0.79).

`install()` moves the turn to the start of `ScriptRunner._run_script`, the method that
prepares and runs one script run (a whole page run or a fragment's): a new thread now
waits at once, before doing anything, and the event loop gets the interpreter back.
The turn in app.py stays: nested on the same thread it passes through, and it still
gates where this hook is not installed (tests through AppTest, another Streamlit).

The turn also ends later: when the run's messages have been sent, not when its script
returns. The event loop sends a session's messages one per loop iteration, and while
the next run holds the interpreter every iteration waits for it: in a crowd the
answers of the first runs stayed queued behind the runs that came after them (the
first `script_finished` left the server 0.6-1 s after its run ended). Waiting inside
the turn for the event loop to report the session's messages sent lets the loop work
alone for those few milliseconds; the wait is bounded (`DELIVERY_WAIT_S`), so a client
that went away never holds the gate.

A run ended by `st.rerun` goes on inside `_run_script` with the same turn: the rerun of
a person who just signed in or saved is not sent to the back of the queue.

Streamlit offers no public hook for either, so this wraps two private methods of the
version the project pins (`streamlit==1.67.*`): `ScriptRunner._run_script` and
`AppSession.on_flushed_messages_sent`, and reads the session through the runtime's
session manager. `install()` checks the version and the methods, and leaves Streamlit
as it was if any differs (a warning in the log); the test suite fails if the hook stops
being installed on the pinned version.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from typing import Any

from dashboard.serve import gate

SUPPORTED_PREFIX = "1.67."
DELIVERY_WAIT_S = 1.0  # the longest a turn waits for its run's messages to be sent
_MARK = "_humas_gated"
_log = logging.getLogger(__name__)
# Threads waiting for their session's messages to be sent, by session id. Touched only on
# the event loop (arm and the flush report both run there), so it needs no lock.
_waiting_for_flush: dict[str, list[threading.Event]] = {}
# How the waits ended, since the process started (/metrics): "sent" when the event loop
# reported the messages sent, "timed_out" when DELIVERY_WAIT_S ran out first.
answer_waits = {"sent": 0, "timed_out": 0}
_counting = threading.Lock()


def first_run_of(session_state: Any) -> bool:
    """Whether the session has not run the page script yet (see ui.shell.first_run)."""
    try:
        return gate.FIRST_RUN_KEY not in session_state
    except Exception:  # a state that cannot be read yet: an ordinary turn
        return False


def installed() -> bool:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    return bool(getattr(getattr(ScriptRunner, "_run_script", None), _MARK, False))


def install(version: str | None = None) -> bool:
    """Take the gate where Streamlit begins each run and hold it until the run's messages
    are sent; False (and nothing changed) if this Streamlit is not the one this was
    written for."""
    import streamlit
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    version = streamlit.__version__ if version is None else version
    run = getattr(ScriptRunner, "_run_script", None)
    flushed = getattr(AppSession, "on_flushed_messages_sent", None)
    if run is None or flushed is None or not version.startswith(SUPPORTED_PREFIX):
        _log.warning(
            "Streamlit %s: runs take the gate in app.py only (the early gate is written for %s*)",
            version,
            SUPPORTED_PREFIX,
        )
        return False
    if getattr(run, _MARK, False):
        return True

    @functools.wraps(run)
    def run_script(self: Any, rerun_data: Any) -> None:
        new = not rerun_data.fragment_id_queue and first_run_of(self._session_state)
        with gate.runs.turn(new=new):  # looked up at each run: tests replace the gate
            try:
                run(self, rerun_data)
            finally:
                wait_until_sent(self._session_id)

    @functools.wraps(flushed)
    def on_flushed_messages_sent(self: Any) -> None:
        flushed(self)
        # Called for every session at every flush cycle: a run waiting is rare, look for it first.
        if self.id in _waiting_for_flush and self._browser_queue.is_empty():
            for sent in _waiting_for_flush.pop(self.id):
                sent.set()

    setattr(run_script, _MARK, True)
    setattr(on_flushed_messages_sent, _MARK, True)
    ScriptRunner._run_script = run_script  # type: ignore[method-assign]
    AppSession.on_flushed_messages_sent = on_flushed_messages_sent  # type: ignore[method-assign]
    return True


def wait_until_sent(session_id: str, timeout: float = DELIVERY_WAIT_S) -> bool:
    """Wait until the event loop has sent what the session's run enqueued (bounded).

    Called on the script thread after the run: its last events are already on their way
    to the event loop, and `arm` is queued behind them, so when it runs the run's last
    message is in the session's queue. It asks for a flush cycle, which ends with the
    session's `on_flushed_messages_sent`. False when there is nothing to wait for (no
    server runtime: AppTest; a session already gone) or the wait ran out.
    """
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    try:
        info = Runtime.instance()._session_mgr.get_active_session_info(session_id)
        session = info.session if info is not None else None
        loop = session._event_loop if session is not None else None
    except AttributeError:  # AppTest's stand-in runtime: no sessions to send to
        return False
    if session is None or loop is None:
        return False
    sent = threading.Event()

    def arm() -> None:
        _waiting_for_flush.setdefault(session_id, []).append(sent)
        if session._message_enqueued_callback:
            session._message_enqueued_callback()  # wakes the runtime's flush loop

    def disarm() -> None:
        waiting = _waiting_for_flush.get(session_id, [])
        if sent in waiting:
            waiting.remove(sent)
        if not waiting:
            _waiting_for_flush.pop(session_id, None)

    try:
        loop.call_soon_threadsafe(arm)
    except RuntimeError:  # the loop is closed: the server is stopping
        return False
    outcome = "sent" if sent.wait(timeout) else "timed_out"
    with _counting:
        answer_waits[outcome] += 1
    if outcome == "sent":
        return True
    with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
        loop.call_soon_threadsafe(disarm)
    return False


def uninstall() -> None:
    """Put Streamlit's own methods back (tests)."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    for owner, name in ((ScriptRunner, "_run_script"), (AppSession, "on_flushed_messages_sent")):
        current = getattr(owner, name)
        if getattr(current, _MARK, False):
            setattr(owner, name, current.__wrapped__)
