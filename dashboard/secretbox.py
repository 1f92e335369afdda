"""Channel tokens kept encrypted at rest, with a key the database never holds.

A token (a Graph API page token, a TikTok access token) is sealed with
Fernet (the `cryptography` package: AES-128-CBC with an HMAC-SHA256 over it,
so a changed or foreign ciphertext is refused, never decrypted into garbage)
before the store sees it, and opened only in the moment a request needs it.
A copy of the database, a backup or an export therefore holds no usable
token.

The key, in this order:

    HUMAS_SECRET_KEY                 the environment (systemd's EnvironmentFile)
    [humas] secret_key = "..."       .streamlit/secrets.toml of the current folder,
                                     then ~/.streamlit/secrets.toml (the files
                                     Streamlit itself reads)

A key is a Fernet key: 32 random bytes in URL-safe base64 (44 characters),
made with `python3 -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`. Several keys separated by commas
rotate: the first seals, every one opens (a new key goes first; tokens
sealed with the old one still open until they are replaced).

No Streamlit here and no SQL: the service layer seals and opens.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from dashboard import errors
from dashboard.errors import Code, HumasError
from dashboard.net.secret import Secret

ENV_KEY = "HUMAS_SECRET_KEY"
SECRETS_SECTION = "humas"
SECRETS_KEY = "secret_key"
MAKE_KEY = (
    'python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class KeyProblem(HumasError):
    """No usable key: a `secret.*` code for pages (`str()` is its words), `detail` English
    for the command line."""

    def __init__(self, code: Code, detail: str):
        super().__init__(code)
        self.detail = detail


class TokenUnreadable(HumasError):
    """A stored token the configured keys cannot open (the key changed, or the text did)."""

    def __init__(self) -> None:
        super().__init__(errors.SECRET_TOKEN_UNREADABLE)


class SecretBox:
    """Seals and opens tokens; never shows a key or a token in a repr."""

    __slots__ = ("_fernet",)

    def __init__(self, keys: Sequence[str | bytes]):
        if not keys:
            raise ValueError("at least one key")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    def __repr__(self) -> str:
        return "SecretBox(***)"

    def seal(self, token: Secret | str) -> str:
        secret = Secret.of(token)
        if not secret:
            raise ValueError("an empty token is not sealed")
        return self._fernet.encrypt(secret.reveal().encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> Secret:
        try:
            return Secret(self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8"))
        except (InvalidToken, UnicodeError, ValueError) as exc:
            raise TokenUnreadable() from exc


def secrets_files(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """The secrets files Streamlit reads, the one that wins first."""
    cwd = cwd or Path.cwd()
    home = home or Path.home()
    return [cwd / ".streamlit" / "secrets.toml", home / ".streamlit" / "secrets.toml"]


def _from_files(files: Sequence[Path]) -> str | None:
    for file in files:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
            raise KeyProblem(
                errors.SECRET_FILE_UNREADABLE,
                f"cannot read {file}: {exc}",
            ) from exc
        section = data.get(SECRETS_SECTION)
        if isinstance(section, Mapping) and section.get(SECRETS_KEY):
            return str(section[SECRETS_KEY])
    return None


def configured_keys(
    environ: Mapping[str, str] | None = None, files: Sequence[Path] | None = None
) -> str | None:
    env = os.environ if environ is None else environ
    value = (env.get(ENV_KEY) or "").strip()
    if value:
        return value
    return _from_files(secrets_files() if files is None else files)


def load(
    environ: Mapping[str, str] | None = None, files: Sequence[Path] | None = None
) -> SecretBox:
    """The box made of the configured key(s), or KeyProblem saying what to do."""
    value = configured_keys(environ, files)
    if not value:
        raise KeyProblem(
            errors.SECRET_KEY_MISSING,
            f"no secret key: set {ENV_KEY} (or secret_key under [humas] in "
            f".streamlit/secrets.toml) to a Fernet key, made with: {MAKE_KEY}",
        )
    keys = [k.strip() for k in value.split(",") if k.strip()]
    try:
        return SecretBox(keys)
    except (ValueError, TypeError) as exc:
        raise KeyProblem(
            errors.SECRET_KEY_INVALID,
            f"{ENV_KEY} is not a Fernet key (32 bytes in URL-safe base64, 44 characters); "
            f"make one with: {MAKE_KEY}",
        ) from exc


def available(**kwargs: Any) -> bool:
    try:
        load(**kwargs)
    except KeyProblem:
        return False
    return True
