"""Which addresses the app may reach: the public internet, and the hosts an operator lists.

An address is refused when it is private, loopback, link-local, multicast,
reserved, unspecified, shared (100.64/10) or otherwise not globally routed,
for IPv4 and IPv6 alike, including IPv6 forms that carry an IPv4 address
inside them (IPv4-mapped `::ffff:127.0.0.1`, IPv4-compatible, 6to4, Teredo,
NAT64 `64:ff9b::/96`): the embedded address must be public too.

`HUMAS_FETCH_ALLOW_HOSTS` (comma-separated `host:port`) names the only
exceptions; tests list their local fake servers there.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

ENV_ALLOW = "HUMAS_FETCH_ALLOW_HOSTS"
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _plain_public(address: Address) -> bool:
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _embedded(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    inside: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped:
        inside.append(address.ipv4_mapped)
    if address.sixtofour:
        inside.append(address.sixtofour)
    if address.teredo:
        inside.extend(address.teredo)
    if address in _NAT64 or int(address) >> 32 == 0:  # NAT64, IPv4-compatible (::a.b.c.d)
        inside.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return inside


def is_public(text: str) -> bool:
    """True when `text` is an IP address on the public internet (and so is any IPv4 inside it)."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and not all(
        _plain_public(v4) for v4 in _embedded(address)
    ):
        return False
    return _plain_public(address)


def parse_allow_hosts(text: str) -> frozenset[str]:
    """`host:port,host:port` as a set of lower-case `host:port`; ValueError on a bad entry."""
    allowed: set[str] = set()
    for raw in text.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        host, sep, port = entry.rpartition(":")
        host = host.strip("[]")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{ENV_ALLOW}: {raw.strip()!r} is not host:port")
        allowed.add(f"{host}:{int(port)}")
    return frozenset(allowed)


def allow_hosts_from_env(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    return parse_allow_hosts((os.environ if environ is None else environ).get(ENV_ALLOW, ""))


def host_key(host: str, port: int) -> str:
    return f"{host.lower().strip('[]').rstrip('.')}:{port}"
