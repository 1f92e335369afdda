"""Secret: a token that never shows itself in a repr, a str(), a log line or an exception."""

from __future__ import annotations

from typing import overload


class Secret:
    """Wraps a token; only `reveal()` gives it back, for the one header that needs it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = str(value)

    @overload
    @classmethod
    def of(cls, value: Secret | str) -> Secret: ...
    @overload
    @classmethod
    def of(cls, value: None) -> None: ...
    @overload
    @classmethod
    def of(cls, value: Secret | str | None) -> Secret | None: ...
    @classmethod
    def of(cls, value: Secret | str | None) -> Secret | None:
        if value is None or isinstance(value, Secret):
            return value
        return cls(value)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self):
        raise TypeError("a Secret is not pickled")
