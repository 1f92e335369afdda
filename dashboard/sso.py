"""Single sign-on (OIDC through st.login): configuration and identity rules, no Streamlit.

SSO is optional. It is on when `.streamlit/secrets.toml` holds an `[auth]`
section complete enough for Streamlit's st.login (see
`.streamlit/secrets.toml.example`); local accounts keep working either way.
An SSO identity is only a claim "this person owns this e-mail address": it
signs in the *existing, active* account with that e-mail (users.email), with
that account's role and unit, and nothing else. No account is ever created
from an identity, and an address that matches no active account gets a
plain refusal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
DEFAULT_LABEL = "Masuk dengan SSO"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# An identity token issued a little "in the future" is clock skew, not an attack.
CLOCK_SKEW = timedelta(minutes=5)

NO_EMAIL = (
    "Penyedia SSO tidak mengirim alamat e-mail yang terverifikasi, jadi akun Anda tidak "
    "dapat dikenali. Masuk dengan nama pengguna dan kata sandi, atau hubungi admin satker Anda."
)
REFUSED = (
    "Akun SSO Anda tidak terdaftar atau tidak aktif di Pantau Humas, jadi tidak dapat masuk. "
    "Minta admin satker Anda mencantumkan alamat e-mail di bawah ini pada akun Anda."
)
STALE = "Sesi SSO Anda sudah lama. Tekan tombol SSO di bawah untuk masuk kembali."


@dataclass(frozen=True)
class Provider:
    name: str | None  # None: the [auth] section itself is the provider (st.login())
    label: str


def _complete(section: object, keys: tuple[str, ...]) -> bool:
    return isinstance(section, Mapping) and all(section.get(k) for k in keys)


def providers(secrets: Mapping) -> list[Provider]:
    """The sign-in buttons the secrets allow, in file order; empty means SSO is off.

    `[auth]` needs redirect_uri and cookie_secret, and either the provider
    keys itself or one `[auth.NAME]` table per provider. Optional button
    texts: `[sso] label = "..."` for the unnamed provider and
    `[sso.labels] NAME = "..."` for named ones.
    """
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not _complete(auth, SHARED_KEYS):
        return []
    texts = secrets.get("sso") or {}
    named_texts = texts.get("labels") or {}
    found = []
    if _complete(auth, PROVIDER_KEYS):
        found.append(Provider(None, str(texts.get("label") or DEFAULT_LABEL)))
    for name, section in auth.items():
        # Streamlit refuses provider names with "_" (see st.login's documentation).
        if name != "client_kwargs" and "_" not in name and _complete(section, PROVIDER_KEYS):
            found.append(Provider(name, str(named_texts.get(name) or f"Masuk dengan {name}")))
    return found


def email_of(identity: Mapping) -> str | None:
    """The identity's e-mail address, unless missing, malformed or marked unverified."""
    email = identity.get("email")
    if not isinstance(email, str) or not EMAIL.fullmatch(email.strip()):
        return None
    verified = identity.get("email_verified")
    if verified is False or (isinstance(verified, str) and verified.lower() == "false"):
        return None
    return email.strip()


def issued_at(identity: Mapping) -> datetime | None:
    iat = identity.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return None
    try:
        return datetime.fromtimestamp(iat, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def is_fresh(identity: Mapping, now: datetime, max_age: timedelta) -> bool:
    """Whether the identity was issued recently enough to start a new app session.

    Streamlit keeps the identity in a cookie for 30 days and hands it to every
    new tab. A new session accepts it only while it is younger than the idle
    limit; an older one needs one click on the SSO button (a fresh token).
    """
    issued = issued_at(identity)
    return issued is not None and now - max_age <= issued <= now + CLOCK_SKEW
