"""FakeSMTP: an aiosmtpd server on 127.0.0.1 that keeps every message it accepts.

    smtp = FakeSMTP(tls=context, users={"humas": "rahasia"}).start()
    smtp.messages            # email.message.Message objects received
    smtp.refuse["x@a.id"] = "550 5.1.1 Mailbox unavailable"   # or "450 ..." (try later)

With `tls`, STARTTLS is offered and required before mail (and before AUTH).
"""

from __future__ import annotations

import socket
import ssl
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeSMTP:
    def __init__(self, tls: ssl.SSLContext | None = None, users: dict[str, str] | None = None):
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: dict[str, str] = {}
        self.users = users
        self.port = free_port()
        kwargs: dict = {}
        if tls is not None:
            kwargs.update(tls_context=tls, require_starttls=True)
        if users is not None:
            kwargs.update(
                authenticator=self._authenticate,
                auth_required=True,
                auth_require_tls=tls is not None,
            )
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, data) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and self.users is not None
            and self.users.get(data.login.decode()) == data.password.decode()
        )
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def start(self) -> FakeSMTP:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
