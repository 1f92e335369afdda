"""humas contact set | show, humas subscribe, humas notify run: messages from the command line.

    humas contact set USERNAME [--email ADDR] [--whatsapp NUMBER] [--telegram CHAT_ID]
    humas subscribe USERNAME --kind recap|reminder|weekly [--at HH:MM] [--via CHANNEL] [--off]
    humas notify run [--dry-run] [--json]

Contacts set here are opted in (the person or an admin asked for them); every
address is checked before anything is saved. `notify run` does once what the
scheduler's `notify` job does every minute and prints `sent N, skipped N,
failed N`; `--dry-run` prints one line per message it would send (`USERNAME
KIND VIA`) and sends and records nothing.
"""

from __future__ import annotations

import argparse
import json
import sys

from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.domain import Account, MessageKind, Via


def register(sub: Commands) -> None:
    contact = sub.add_parser("contact")
    verbs = contact.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("set", help="save an account's e-mail, WhatsApp number, Telegram chat")
    p.add_argument("username")
    p.add_argument("--email", metavar="ADDR")
    p.add_argument("--whatsapp", metavar="NUMBER", help="an Indonesian mobile number")
    p.add_argument("--telegram", metavar="CHAT_ID", help="the chat id the bot gave")
    add_db_option(p)
    p.set_defaults(handler=cmd_contact_set)
    p = verbs.add_parser("show", help="an account's contacts and subscriptions")
    p.add_argument("username")
    add_db_option(p)
    p.set_defaults(handler=cmd_contact_show)

    p = sub.add_parser("subscribe")
    p.add_argument("username")
    p.add_argument("--kind", required=True, choices=tuple(MessageKind))
    p.add_argument("--at", metavar="HH:MM", help="local time of the unit (default: the role's)")
    p.add_argument("--via", choices=tuple(Via), help="the channel (default: the first that works)")
    p.add_argument("--off", action="store_true", help="stop this kind of message")
    add_db_option(p)
    p.set_defaults(handler=cmd_subscribe)

    notify = sub.add_parser("notify")
    verbs = notify.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("run", help="send the messages due now, once")
    p.add_argument("--dry-run", action="store_true", help="list what would be sent; send nothing")
    p.add_argument("--json", action="store_true", help="the counts as JSON")
    add_db_option(p)
    p.set_defaults(handler=cmd_notify_run)


def _account(db, username: str) -> Account:
    from dashboard.cli.users import _require_user

    return _require_user(db, username)


def cmd_contact_set(args: argparse.Namespace) -> int:
    from dashboard.service import notify
    from dashboard.store import notify as store
    from dashboard.store.access import SYSTEM

    given = {via: getattr(args, via) for via in Via if getattr(args, via) is not None}
    if not given:
        raise CliError("give at least one of --email, --whatsapp, --telegram", code=2)
    checked = {}
    for via, text in given.items():  # every address checked before anything is saved
        try:
            checked[via] = notify.normalise(via, text)
        except notify.ContactRefused as exc:
            raise CliError(f"--{via}: {exc}") from exc
    with opened(args) as db:
        user = _account(db, args.username)
        for via, address in checked.items():
            changed = store.set_contact(db, SYSTEM, user.id, via, address)
            print(f"{args.username} {via} {address}{'' if changed else ' (unchanged)'}")
    return 0


def cmd_contact_show(args: argparse.Namespace) -> int:
    from dashboard.store import notify as store
    from dashboard.store.access import SYSTEM

    with opened(args, readonly=True) as db:
        user = _account(db, args.username)
        for via, c in sorted(store.contacts_of(db, SYSTEM, user.id).items()):
            state = "blocked" if c.blocked_at else ("on" if c.enabled else "off")
            print(f"contact {via:<9} {c.address}  {state}")
        for kind, s in store.subscriptions_of(db, SYSTEM, user.id).items():
            print(
                f"{kind:<8} {'on' if s.enabled else 'off'} at {s.at_time} via {s.via or 'auto'}"
                f"{'' if s.own else ' (role default)'}"
            )
    return 0


def cmd_subscribe(args: argparse.Namespace) -> int:
    from dashboard.kpi.schedule import parse_hhmm
    from dashboard.store import notify as store
    from dashboard.store.access import SYSTEM

    at = None
    if args.at is not None:
        try:
            at = parse_hhmm(args.at)
        except ValueError:
            raise CliError(
                f"--at must be a time as HH:MM (00:00-23:59), got {args.at!r}", 2
            ) from None
    with opened(args) as db:
        user = _account(db, args.username)
        store.set_subscription(
            db,
            SYSTEM,
            user.id,
            args.kind,
            enabled=not args.off,
            at_time=at,
            **({"via": args.via} if args.via else {}),
        )
        now = store.subscriptions_of(db, SYSTEM, user.id)[args.kind]
        usable = store.contacts_of(db, SYSTEM, user.id)
    state = "on" if now.enabled else "off"
    print(f"{args.username} {args.kind} {state} at {now.at_time} via {now.via or 'auto'}")
    if now.enabled and not any(c.enabled for c in usable.values()):
        print(
            f"note: {args.username} has no contact turned on yet (humas contact set)",
            file=sys.stderr,
        )
    elif now.enabled and now.via and not (now.via in usable and usable[now.via].enabled):
        print(f"note: {args.username} has no {now.via} contact turned on", file=sys.stderr)
    return 0


def cmd_notify_run(args: argparse.Namespace) -> int:
    from dashboard.service import notify

    try:
        senders = notify.senders_from_env()
    except ValueError as exc:
        raise CliError(str(exc), code=2) from exc
    with opened(args, readonly=args.dry_run) as db:
        result = notify.run_once(db, senders=senders, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    elif args.dry_run:
        for username, kind, via in result.would:
            print(f"{username} {kind} {via}")
    else:
        print(result.line())
        if result.retry:
            print(f"{result.retry} to retry later", file=sys.stderr)
        for reason in dict.fromkeys(result.reasons):
            print(f"  {reason}", file=sys.stderr)
    return 1 if result.failed and not args.dry_run else 0
