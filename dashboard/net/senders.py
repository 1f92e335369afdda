"""Message senders: e-mail (SMTP), Telegram, WhatsApp Cloud API, and a Fonnte-style gateway.

One interface: `sender.send(to, Message(subject, text)) -> SendResult` whose
`status` is

- `sent` (with the provider's message id when it gives one),
- `retry`: worth trying again later (server down or busy, rate limit, 5xx,
  a timeout), with `retry_after_s` when the service says,
- `failed`: trying again will not help (bad address, rejected token, 4xx, a
  template not approved, an answer that cannot be read after a 2xx — it may
  have been delivered, so it is not sent twice),
- `blocked`: the contact refuses messages (Telegram: "bot was blocked by the
  user", a deactivated user): the caller marks that contact inactive.

`reason` is one Indonesian line and never holds a token or a password. HTTP
senders go through the safe fetcher (bases from the environment, see
`endpoints`); SMTP uses `smtplib` with a timeout, STARTTLS or implicit TLS.
Nothing here retries or records: the outbox of a later wave does.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from ssl import SSLContext
from typing import Any, ClassVar, Protocol, Self

from dashboard import errors
from dashboard.errors import Code, Problem, problem
from dashboard.net import contacts
from dashboard.net.endpoints import Endpoints
from dashboard.net.fetch import Fetcher, FetchError, Response
from dashboard.net.secret import Secret

SENT, RETRY, FAILED, BLOCKED = "sent", "retry", "failed", "blocked"
SMTP_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Message:
    subject: str
    text: str


@dataclass(frozen=True)
class SendResult:
    status: str
    said: Problem | None = None  # a `send.*` (or `contact.*`, `fetch.*`) code and its values
    provider_id: str | None = None
    retry_after_s: int | None = None

    @property
    def reason(self) -> str:
        """The outcome in words, as the outbox keeps it ("" when nothing was said)."""
        from dashboard import words  # words imports nothing of the net layer

        return words.say(self.said) if self.said else ""

    @property
    def ok(self) -> bool:
        return self.status == SENT


class Sender(Protocol):
    @property
    def via(self) -> str: ...  # email, telegram, whatsapp

    def send(self, to: str, message: Message) -> SendResult: ...


def _said(outcome: str, said: Code, /, **params: Any) -> SendResult:
    return SendResult(outcome, problem(said, **params))


SENT_RESULT = problem(errors.SEND_SENT)


def _from_fetch(exc: FetchError, service: str) -> SendResult:
    """`service`: a key of words.SEND_SERVICES (telegram, whatsapp, gateway)."""
    if exc.code in ("timeout", "connect_failed", "no_such_host", "protocol"):
        return _said(RETRY, errors.SEND_UNREACHABLE, service=service, found=exc.problem)
    return _said(FAILED, errors.SEND_FETCH_FAILED, service=service, found=exc.problem)


def _json(response: Response) -> Any:
    try:
        return response.json()
    except FetchError:
        return None


def _clean(text: Any, limit: int = 200) -> str:
    """A provider's own words, safe to show: one line, no controls, bounded."""
    plain = "".join(c if c.isprintable() else " " for c in str(text or ""))
    return " ".join(plain.split())[:limit]


def _retry_after(response: Response, body: Any = None) -> int | None:
    if isinstance(body, dict):
        seconds = (body.get("parameters") or {}).get("retry_after")
        if isinstance(seconds, int) and seconds >= 0:
            return seconds
    value = (response.header("retry-after") or "").strip()
    return int(value) if value.isdigit() else None


# --- e-mail ------------------------------------------------------------------------------


def _flag(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "ya", "on"):
        return True
    if text in ("0", "false", "no", "tidak", "off"):
        return False
    raise ValueError(f"expected 0 or 1, got {value!r}")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    sender: str = ""
    user: str | None = None
    password: Secret | None = field(default=None, repr=False)
    starttls: bool = True
    ssl: bool = False  # implicit TLS (port 465)
    timeout_s: float = SMTP_TIMEOUT_S
    # SSLContext by its own name: inside this class, `ssl` is the field above.
    ssl_context: SSLContext | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
    ) -> SmtpSettings | None:
        """HUMAS_SMTP_HOST|PORT|FROM|USER|PASSWORD|STARTTLS|SSL, else the same keys in `secrets`
        (host, port, from, user, password, starttls, ssl); None when no host is set.
        ValueError (English, one line) when a value is malformed."""
        env = os.environ if environ is None else environ
        secrets = secrets or {}

        def get(name: str) -> Any:
            value = env.get(f"HUMAS_SMTP_{name.upper()}")
            return value if value not in (None, "") else secrets.get(name)

        host = str(get("host") or "").strip()
        if not host:
            return None
        implicit = _flag(get("ssl"))
        try:
            port = int(get("port") or (465 if implicit else 587))
        except ValueError:
            raise ValueError("HUMAS_SMTP_PORT must be a number") from None
        if not 0 < port < 65536:
            raise ValueError("HUMAS_SMTP_PORT must be between 1 and 65535")
        implicit = implicit if implicit is not None else port == 465
        starttls = _flag(get("starttls"))
        sender = str(get("from") or "").strip()
        try:
            contacts.email_address(sender)
        except contacts.ContactError:
            raise ValueError("HUMAS_SMTP_FROM must be an e-mail address") from None
        password = get("password")
        return cls(
            host=host,
            port=port,
            sender=sender,
            user=str(get("user") or "").strip() or None,
            password=Secret(str(password)) if password else None,
            starttls=(not implicit) if starttls is None else starttls,
            ssl=implicit,
        )


def _smtp_code_result(code: int, what: str) -> SendResult:
    """`what` was refused: a key of words.SMTP_REFUSALS (recipient, sender, message, server)."""
    if 400 <= code < 500:
        return _said(RETRY, errors.SEND_SMTP_LATER, what=what, code=code)
    return _said(FAILED, errors.SEND_SMTP_REFUSED, what=what, code=code)


@dataclass(frozen=True)
class SmtpSender:
    settings: SmtpSettings
    via: str = "email"

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = s.ssl_context or ssl.create_default_context()
        if s.ssl:
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_s, context=context)
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)
        if s.starttls:
            client.starttls(context=context)
        return client

    def send(self, to: str, message: Message) -> SendResult:
        try:
            address = contacts.email_address(to)
        except contacts.ContactError as exc:
            return SendResult(FAILED, exc.problem)
        s = self.settings
        mail = EmailMessage()
        mail["From"] = s.sender
        mail["To"] = address
        mail["Subject"] = " ".join(message.subject.split())
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=s.sender.rpartition("@")[2] or None)
        mail.set_content(message.text, charset="utf-8")
        try:
            with self._connect() as client:
                if s.user:
                    client.login(s.user, s.password.reveal() if s.password else "")
                refused = client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code = next(iter(exc.recipients.values()), (550, b""))[0]
            return _smtp_code_result(code, "recipient")
        except smtplib.SMTPSenderRefused as exc:
            return _smtp_code_result(exc.smtp_code, "sender")
        except smtplib.SMTPAuthenticationError as exc:
            return _said(FAILED, errors.SEND_SMTP_LOGIN, code=exc.smtp_code)
        except smtplib.SMTPNotSupportedError:
            return _said(FAILED, errors.SEND_SMTP_UNSUPPORTED)
        except smtplib.SMTPDataError as exc:
            return _smtp_code_result(exc.smtp_code, "message")
        except smtplib.SMTPResponseException as exc:
            return _smtp_code_result(exc.smtp_code, "server")
        except ssl.SSLError:
            return _said(FAILED, errors.SEND_SMTP_TLS)
        except (TimeoutError, smtplib.SMTPException, OSError):
            return _said(RETRY, errors.SEND_SMTP_UNREACHABLE)
        if refused:
            code = next(iter(refused.values()))[0]
            return _smtp_code_result(code, "recipient")
        return SendResult(SENT, SENT_RESULT, provider_id=str(mail["Message-ID"]))


# --- Telegram ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _HttpSender:
    """What the HTTP senders share: a token (from `TOKEN_ENV`), the bases, the safe fetcher."""

    TOKEN_ENV: ClassVar[str] = ""
    token: Secret = field(repr=False)
    endpoints: Endpoints = field(default_factory=Endpoints.from_env)
    fetcher: Fetcher = field(default_factory=Fetcher.from_env, repr=False)

    @classmethod
    def from_env(cls, **kw: Any) -> Self | None:
        token = os.environ.get(cls.TOKEN_ENV, "").strip()
        return cls(token=Secret(token), **kw) if token else None


@dataclass(frozen=True)
class StartPress:
    """Someone pressed Start on the bot's t.me link: `/start PAYLOAD` in a private chat."""

    update_id: int
    chat_id: str
    payload: str


@dataclass(frozen=True, kw_only=True)
class TelegramSender(_HttpSender):
    TOKEN_ENV: ClassVar[str] = "HUMAS_TELEGRAM_BOT_TOKEN"
    via: str = "telegram"

    def send(self, to: str, message: Message) -> SendResult:
        try:
            chat = contacts.telegram_chat_id(to)
        except contacts.ContactError as exc:
            return SendResult(FAILED, exc.problem)
        if not contacts.fits(message.text, contacts.TELEGRAM_MAX):
            return _said(FAILED, errors.SEND_TOO_LONG, limit=contacts.TELEGRAM_MAX)
        url = f"{self.endpoints.telegram}/bot{Secret.of(self.token).reveal()}/sendMessage"
        body = {
            "chat_id": chat,
            "text": message.text,
            "link_preview_options": {"is_disabled": True},
        }
        try:
            response = self.fetcher.post(url, json_body=body)
        except FetchError as exc:
            return _from_fetch(exc, "telegram")
        answer = _json(response)
        description = _clean(answer.get("description")) if isinstance(answer, dict) else ""
        if response.ok and isinstance(answer, dict) and answer.get("ok"):
            result = answer.get("result") or {}
            return SendResult(SENT, SENT_RESULT, provider_id=str(result.get("message_id") or ""))
        lowered = description.lower()
        if response.status == 403 and ("blocked" in lowered or "deactivated" in lowered):
            return _said(BLOCKED, errors.SEND_TELEGRAM_BLOCKED)
        if response.status == 403 or "chat not found" in lowered:
            return _said(FAILED, errors.SEND_TELEGRAM_NO_CHAT)
        if response.status == 429:
            return SendResult(
                RETRY,
                problem(errors.SEND_TELEGRAM_RATE),
                retry_after_s=_retry_after(response, answer),
            )
        if response.status == 401 or response.status == 404:
            return _said(FAILED, errors.SEND_TELEGRAM_TOKEN)
        if response.status >= 500:
            return _said(
                RETRY, errors.SEND_SERVER_ERROR, service="telegram", status=response.status
            )
        if response.ok:
            return _said(FAILED, errors.SEND_TELEGRAM_UNKNOWN)
        return _said(
            FAILED, errors.SEND_TELEGRAM_REFUSED, status=response.status, description=description
        )

    def updates(self, offset: int) -> tuple[list[StartPress], int] | SendResult:
        """The bot's waiting updates from `offset` (getUpdates, no long poll): the Start presses
        among them and the next offset to ask from; a SendResult (retry / failed) when Telegram
        cannot be read. Other updates are passed over (the bot reads nothing else)."""
        url = f"{self.endpoints.telegram}/bot{Secret.of(self.token).reveal()}/getUpdates"
        body = {"offset": offset, "timeout": 0, "allowed_updates": ["message"]}
        try:
            response = self.fetcher.post(url, json_body=body)
        except FetchError as exc:
            return _from_fetch(exc, "telegram")
        answer = _json(response)
        if not (response.ok and isinstance(answer, dict) and answer.get("ok")):
            if response.status == 409:
                return _said(FAILED, errors.SEND_TELEGRAM_WEBHOOK)
            if response.status >= 500 or response.status == 429:
                return _said(
                    RETRY, errors.SEND_SERVER_ERROR, service="telegram", status=response.status
                )
            return _said(FAILED, errors.SEND_TELEGRAM_UPDATES_REFUSED, status=response.status)
        presses, next_offset = [], offset
        for update in answer.get("result") or []:
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                continue
            next_offset = max(next_offset, update["update_id"] + 1)
            message = update.get("message") or {}
            chat = message.get("chat") or {}
            text = message.get("text")
            if chat.get("type") != "private" or not isinstance(text, str):
                continue
            command, _, payload = text.strip().partition(" ")
            if command.split("@")[0] == "/start" and isinstance(chat.get("id"), int):
                presses.append(StartPress(update["update_id"], str(chat["id"]), payload.strip()))
        return presses, next_offset


# --- WhatsApp ---------------------------------------------------------------------------------

WA_RATE = {4, 80007, 130429, 131048, 131056}
WA_RETRY = {1, 2, 131000, 131016}


def template_text(text: str) -> str:
    """A template parameter: no line breaks or tabs, no run of more than 4 spaces, ≤ 1,024."""
    flat = " · ".join(line.strip() for line in text.replace("\t", " ").splitlines() if line.strip())
    return contacts.fit(" ".join(flat.split()), contacts.WHATSAPP_PARAM_MAX)


@dataclass(frozen=True, kw_only=True)
class WhatsAppCloudSender(_HttpSender):
    """Meta's WhatsApp Cloud API: an approved template whose body has one text parameter."""

    TOKEN_ENV: ClassVar[str] = "HUMAS_WHATSAPP_TOKEN"
    phone_number_id: str
    template: str
    language: str = "id"
    via: str = "whatsapp"

    @classmethod
    def from_env(cls, **kw: Any) -> WhatsAppCloudSender | None:
        env = os.environ
        phone, template = (
            env.get("HUMAS_WHATSAPP_PHONE_ID", ""),
            env.get("HUMAS_WHATSAPP_TEMPLATE", ""),
        )
        if not (phone.strip() and template.strip()):
            return None
        language = env.get("HUMAS_WHATSAPP_LANG", "").strip() or "id"
        return super().from_env(
            phone_number_id=phone.strip(), template=template.strip(), language=language, **kw
        )

    def send(self, to: str, message: Message) -> SendResult:
        try:
            number = contacts.whatsapp_number(to)
        except contacts.ContactError as exc:
            return SendResult(FAILED, exc.problem)
        if not self.phone_number_id.isdigit():
            return _said(FAILED, errors.SEND_WHATSAPP_SENDER_ID)
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": number.lstrip("+"),
            "type": "template",
            "template": {
                "name": self.template,
                "language": {"code": self.language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": template_text(message.text)}],
                    }
                ],
            },
        }
        headers = {"Authorization": f"Bearer {Secret.of(self.token).reveal()}"}
        try:
            response = self.fetcher.post(
                f"{self.endpoints.whatsapp}/{self.phone_number_id}/messages",
                json_body=body,
                headers=headers,
            )
        except FetchError as exc:
            return _from_fetch(exc, "whatsapp")
        answer = _json(response)
        if response.ok and isinstance(answer, dict) and answer.get("messages"):
            try:
                return SendResult(SENT, SENT_RESULT, provider_id=str(answer["messages"][0]["id"]))
            except (KeyError, IndexError, TypeError):
                return SendResult(SENT, SENT_RESULT)
        error = answer.get("error") if isinstance(answer, dict) else None
        code = error.get("code") if isinstance(error, dict) else None
        if code == 190:
            return _said(FAILED, errors.SEND_WHATSAPP_TOKEN)
        if code in WA_RATE or response.status == 429:
            return _said(RETRY, errors.SEND_WHATSAPP_RATE, code=code)
        if code == 131026:
            return _said(FAILED, errors.SEND_WHATSAPP_NOT_WHATSAPP)
        if isinstance(code, int) and 132000 <= code < 133000:
            return _said(FAILED, errors.SEND_WHATSAPP_TEMPLATE, code=code)
        if code in WA_RETRY or response.status >= 500:
            return _said(
                RETRY, errors.SEND_SERVER_ERROR, service="whatsapp", status=response.status
            )
        if response.ok:
            return _said(FAILED, errors.SEND_WHATSAPP_UNKNOWN)
        return _said(FAILED, errors.SEND_WHATSAPP_REFUSED, status=response.status, code=code)


@dataclass(frozen=True, kw_only=True)
class GatewaySender(_HttpSender):
    """An Indonesian WhatsApp gateway, Fonnte-style: a form post of target and message."""

    TOKEN_ENV: ClassVar[str] = "HUMAS_WA_GATEWAY_TOKEN"
    via: str = "whatsapp"

    def send(self, to: str, message: Message) -> SendResult:
        try:
            number = contacts.whatsapp_number(to)
        except contacts.ContactError as exc:
            return SendResult(FAILED, exc.problem)
        if not contacts.fits(message.text, contacts.TELEGRAM_MAX):
            return _said(FAILED, errors.SEND_TOO_LONG, limit=contacts.TELEGRAM_MAX)
        form = {"target": number.lstrip("+"), "message": message.text, "countryCode": "62"}
        try:
            response = self.fetcher.post(
                self.endpoints.wa_gateway,
                form=form,
                headers={"Authorization": Secret.of(self.token).reveal()},
            )
        except FetchError as exc:
            return _from_fetch(exc, "gateway")
        if response.status >= 500:
            return _said(RETRY, errors.SEND_SERVER_ERROR, service="gateway", status=response.status)
        if response.status == 429:
            return _said(RETRY, errors.SEND_GATEWAY_RATE)
        answer = _json(response)
        if not isinstance(answer, dict):
            return _said(FAILED, errors.SEND_GATEWAY_UNKNOWN, status=response.status)
        if response.ok and answer.get("status") is True:
            ids = answer.get("id")
            first = ids[0] if isinstance(ids, list) and ids else ids
            return SendResult(SENT, SENT_RESULT, provider_id=str(first) if first else None)
        reason = _clean(answer.get("reason") or answer.get("detail") or "")
        lowered = reason.lower()
        if "disconnect" in lowered or "not connect" in lowered or "busy" in lowered:
            return _said(RETRY, errors.SEND_GATEWAY_DISCONNECTED, reason=reason)
        return _said(FAILED, errors.SEND_GATEWAY_REFUSED, reason=reason)
