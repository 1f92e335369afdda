"""Pure helpers for message contacts and lengths: WhatsApp numbers, e-mail addresses, limits.

- `whatsapp_number("0812-3456-7890")` -> "+6281234567890" (an Indonesian mobile
  number, checked against libphonenumber's Indonesian numbering plan).
- `email_address(" a@b.go.id ")` -> "a@b.go.id", by the same rule as accounts' e-mail.
- `telegram_chat_id("123456789")`: a numeric chat id (groups are negative) or @channel.
- Limits: a reminder under 300 characters; Telegram 4,096 (counted, as
  Telegram counts, in UTF-16 code units); `fit()` cuts at a line or word.

Bad input raises `ContactError` with a `contact.*` code (`words.say` gives the words), whose
values never repeat what was typed.
"""

from __future__ import annotations

import re

from dashboard import errors
from dashboard.errors import HumasError

REMINDER_MAX = 299  # "under 300 characters"
TELEGRAM_MAX = 4096
WHATSAPP_PARAM_MAX = 1024  # one template body parameter
EMAIL_MAX = 200
_CHAT_ID = re.compile(r"-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31}")


class ContactError(HumasError, ValueError):
    """A contact that cannot be used: a `contact.*` code (`exc.problem` is the finding)."""


def whatsapp_number(text: str) -> str:
    import phonenumbers

    raw = (text or "").strip()
    if not raw:
        raise ContactError(errors.CONTACT_REQUIRED, via="whatsapp")
    if len(raw) > 32 or re.search(r"[^\d\s()+.\-]", raw):
        raise ContactError(errors.CONTACT_WHATSAPP_CHARACTERS)
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ContactError(errors.CONTACT_WHATSAPP_UNREADABLE) from exc
    if number.country_code != 62:
        raise ContactError(errors.CONTACT_WHATSAPP_COUNTRY)
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in mobile:
        raise ContactError(errors.CONTACT_WHATSAPP_MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_address(text: str) -> str:
    from dashboard.auth import EMAIL  # one rule for account and contact e-mail

    address = (text or "").strip()
    if not address:
        raise ContactError(errors.CONTACT_REQUIRED, via="email")
    if len(address) > EMAIL_MAX or not EMAIL.fullmatch(address):
        raise ContactError(errors.CONTACT_INVALID, via="email")
    return address


def telegram_chat_id(text: str) -> str:
    chat = (text or "").strip()
    if not _CHAT_ID.fullmatch(chat):
        raise ContactError(errors.CONTACT_TELEGRAM_CHAT)
    return chat


def length(text: str) -> int:
    """Characters as Telegram counts them (UTF-16 code units: an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int) -> bool:
    return 0 < length(text) <= limit


def fit(text: str, limit: int, tail: str = "…") -> str:
    """`text` if it fits, else cut at the last line break or space that leaves room for `tail`."""
    if length(text) <= limit:
        return text
    room = limit - length(tail)
    cut = text
    while length(cut) > room:
        cut = cut[: max(0, len(cut) - max(1, length(cut) - room))]
    for mark in ("\n", " "):
        at = cut.rfind(mark)
        if at > room // 2:
            cut = cut[:at]
            break
    return cut.rstrip() + tail
