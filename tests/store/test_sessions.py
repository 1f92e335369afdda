"""Server-side sessions in the store: start, redeem, look up, touch, expire, end."""

import json
from datetime import timedelta

import pytest

from dashboard import auth, clock
from dashboard.store import sessions
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM, AccessDenied
from tests.conftest import PASSWORD, principal

NOW = clock.parse_instant("2026-11-25T05:30:00Z")
IDLE = timedelta(minutes=120)
MONTH = timedelta(days=30)
BROWSER = sessions.new_secret()


def start(db, user_id, *, now=NOW, browser=BROWSER, **kwargs):
    return sessions.start(
        db,
        user_id,
        method=kwargs.pop("method", "password"),
        now=now,
        max_age=kwargs.pop("max_age", MONTH),
        user_agent=kwargs.pop("user_agent", "Mozilla/5.0 (Linux; Android 14) Chrome/130.0"),
        address=kwargs.pop("address", "203.0.113.7"),
        browser_secret=browser,
    )


def signed_in(db, user_id, **kwargs) -> tuple[int, str]:
    """A session whose browser redeemed its ticket: (session id, cookie value)."""
    started = start(db, user_id, **kwargs)
    token = sessions.redeem(db, started.ticket, browser_secret=BROWSER, now=NOW)
    assert token
    return started.session_id, token


def test_a_session_stores_only_hashes_of_its_secrets(db, accounts):
    sid, token = signed_in(db, accounts["op.kupang"])
    row = db.conn.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()
    assert len(token) == 43  # 256 random bits, URL-safe
    assert token not in json.dumps(row) and sessions.digest(token) in row
    found = sessions.check(db, token=token, now=NOW, idle=IDLE)
    assert found.principal == principal(db, "op.kupang") and found.session_id == sid


def test_every_sign_in_gets_a_new_session_and_id(db, accounts):
    first = signed_in(db, accounts["op.kupang"])
    second = signed_in(db, accounts["op.kupang"])
    assert first[0] != second[0] and first[1] != second[1]


def test_a_ticket_is_redeemed_once_by_its_own_browser_within_its_time(db, accounts):
    started = start(db, accounts["op.kupang"])
    assert (
        sessions.redeem(db, started.ticket, browser_secret=sessions.new_secret(), now=NOW) is None
    )
    assert sessions.redeem(db, started.ticket, browser_secret=None, now=NOW) is None
    late = NOW + sessions.TICKET_LIFE
    assert sessions.redeem(db, started.ticket, browser_secret=BROWSER, now=late) is None
    token = sessions.redeem(db, started.ticket, browser_secret=BROWSER, now=NOW)
    assert token and sessions.redeem(db, started.ticket, browser_secret=BROWSER, now=NOW) is None


def test_without_a_browser_cookie_there_is_no_ticket(db, accounts):
    started = start(db, accounts["op.kupang"], browser=None)
    assert started.ticket is None
    live = sessions.check(db, session_id=started.session_id, now=NOW, idle=IDLE)
    assert isinstance(live, sessions.Live)  # the tab that signed in holds it by id


@pytest.mark.parametrize(
    "token",
    ["", "x", "A" * 43, "A" * 10_000, "' OR 1=1 --", sessions.new_secret()],
    # Fixed ids: a random value in an id would differ between xdist workers.
    ids=["empty", "short", "token-length", "huge", "sql", "unknown-token"],
)
def test_forged_or_foreign_cookies_name_no_session(db, accounts, token):
    signed_in(db, accounts["op.kupang"])
    assert sessions.check(db, token=token, now=NOW, idle=IDLE) == sessions.UNKNOWN


def test_idle_and_absolute_limits(db, accounts):
    sid, token = signed_in(db, accounts["op.kupang"], max_age=timedelta(days=2))
    assert isinstance(sessions.check(db, token=token, now=NOW + IDLE, idle=IDLE), sessions.Live)
    later = NOW + IDLE + timedelta(seconds=1)
    assert sessions.check(db, token=token, now=later, idle=IDLE) == sessions.IDLE
    # Activity keeps it alive until the absolute limit, however active.
    moment = NOW
    while moment < NOW + timedelta(days=2):
        found = sessions.check(db, token=token, now=moment, idle=IDLE)
        assert isinstance(found, sessions.Live)
        sessions.touch(db, found, moment)
        moment += timedelta(minutes=90)
    assert sessions.check(db, token=token, now=moment, idle=IDLE) == sessions.EXPIRED


def test_touch_writes_at_most_once_a_minute(db, accounts):
    sid, token = signed_in(db, accounts["op.kupang"])
    found = sessions.check(db, token=token, now=NOW, idle=IDLE)
    assert not sessions.touch(db, found, NOW + timedelta(seconds=30))
    assert sessions.touch(db, found, NOW + timedelta(seconds=61))
    again = sessions.check(db, token=token, now=NOW + timedelta(seconds=62), idle=IDLE)
    assert again.last_seen_at == NOW + timedelta(seconds=61)


def test_ending_one_session_leaves_the_others(db, accounts):
    me = principal(db, "op.kupang")
    one, token_one = signed_in(db, me.user_id)
    two, token_two = signed_in(db, me.user_id)
    assert sessions.end(db, me, one, "sign_out")
    assert not sessions.end(db, me, one, "sign_out")  # already ended
    assert sessions.check(db, token=token_one, now=NOW, idle=IDLE) == sessions.ENDED
    assert isinstance(sessions.check(db, token=token_two, now=NOW, idle=IDLE), sessions.Live)


def test_only_the_owner_or_an_admin_ends_or_lists_sessions(db, accounts):
    sid, _ = signed_in(db, accounts["op.kupang"])
    with pytest.raises(AccessDenied):
        sessions.end(db, principal(db, "kepala.kupang"), sid, "ended")
    with pytest.raises(AccessDenied):
        sessions.list_live(
            db, principal(db, "kepala.kupang"), accounts["op.kupang"], now=NOW, idle=IDLE
        )
    assert sessions.end(db, principal(db, "admin"), sid, "admin")


def _live_tokens(db, tokens, now):
    return [
        t
        for t in tokens
        if isinstance(sessions.check(db, token=t, now=now, idle=IDLE), sessions.Live)
    ]


def test_deactivation_ends_every_session_of_the_account(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", clock.iso(NOW))
    tokens = [signed_in(db, accounts["op.kupang"])[1] for _ in range(3)]
    other = signed_in(db, accounts["kepala.kupang"])[1]
    assert user_store.set_active(db, SYSTEM, accounts["op.kupang"], False) == 3
    assert [sessions.check(db, token=t, now=NOW, idle=IDLE) for t in tokens] == [
        sessions.INACTIVE
    ] * 3
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], True)
    assert _live_tokens(db, tokens, NOW) == []  # reactivation does not revive them
    assert _live_tokens(db, [other], NOW) == [other]


def test_a_password_reset_ends_every_session_and_a_change_all_but_ones_own(
    db, accounts, monkeypatch
):
    monkeypatch.setenv("HUMAS_NOW", clock.iso(NOW))
    me = principal(db, "op.kupang")
    here, here_token = signed_in(db, me.user_id)
    elsewhere = signed_in(db, me.user_id)[1]
    auth.change_own_password(db, me, PASSWORD, "kopi-pagi-di-kupang", keep_session=here)
    assert _live_tokens(db, [here_token, elsewhere], NOW) == [here_token]
    auth.reset_password(db, principal(db, "admin"), me.user_id, "teh-sore-di-kupang")
    assert _live_tokens(db, [here_token], NOW) == []


def test_starts_and_ends_are_audited_without_secrets(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", clock.iso(NOW))
    sid, token = signed_in(db, accounts["op.kupang"])
    sessions.end(db, principal(db, "op.kupang"), sid, "sign_out")
    entries = db.conn.execute(
        "SELECT actor, action, entity, entity_id, before, after FROM audit_log "
        "WHERE entity = 'session' ORDER BY id"
    ).fetchall()
    assert [(e[0], e[1], e[3]) for e in entries] == [
        ("op.kupang", "start", str(sid)),
        ("op.kupang", "end", str(sid)),
    ]
    assert json.loads(entries[0][5]) == {
        "akun": "op.kupang",
        "metode": "password",
        "perangkat": "Mozilla/5.0 (Linux; Android 14) Chrome/130.0",
        "alamat": "203.0.113.7",
        "berakhir": clock.iso(NOW + MONTH),
    }
    assert json.loads(entries[1][5]) == {"alasan": "keluar"}
    whole = json.dumps(db.conn.execute("SELECT * FROM audit_log").fetchall())
    row = db.conn.execute("SELECT token_hash FROM sessions WHERE id = ?", (sid,)).fetchone()
    assert token not in whole and row[0] not in whole


def test_an_inactive_account_gets_no_session(db, accounts):
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    with pytest.raises(AccessDenied):
        start(db, accounts["op.kupang"])
    assert db.conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)


def test_header_text_is_kept_short_and_printable(db, accounts):
    sid, token = signed_in(
        db, accounts["op.kupang"], user_agent="A\x00B\x1b[2J" + "x" * 1000, address="1" * 100
    )
    row = db.conn.execute(
        "SELECT user_agent, address FROM sessions WHERE id = ?", (sid,)
    ).fetchone()
    assert row[0].startswith("AB[2J") and len(row[0]) == sessions.USER_AGENT_MAX
    assert len(row[1]) == sessions.ADDRESS_MAX


def test_sessions_dead_for_long_are_deleted_when_new_ones_start(db, accounts):
    old, _ = signed_in(db, accounts["op.kupang"], max_age=timedelta(days=1))
    later = NOW + timedelta(days=1) + sessions.KEEP_DEAD + timedelta(seconds=1)
    start(db, accounts["op.kupang"], now=later)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM sessions").fetchall()]
    assert old not in ids and len(ids) == 1


def test_live_sessions_are_counted_and_listed(db, accounts):
    me = principal(db, "op.kupang")
    a, _ = signed_in(db, me.user_id)
    b, _ = signed_in(db, me.user_id, now=NOW + timedelta(minutes=5))
    sessions.end(db, me, a, "ended")
    later = NOW + timedelta(minutes=10)
    assert [r.id for r in sessions.list_live(db, me, me.user_id, now=later, idle=IDLE)] == [b]
    assert sessions.count_live(db, now=later, idle=IDLE) == 1
    assert sessions.count_live(db, now=later + IDLE, idle=IDLE) == 0
