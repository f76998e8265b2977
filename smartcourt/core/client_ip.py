"""The client's IP address behind the reverse proxy that `settings/prod.py` assumes.

`X-Forwarded-For` is whatever the sender wrote, so it is believed only when the request arrived from a proxy we run
(`settings.TRUSTED_PROXIES`: addresses or networks such as `10.0.0.0/8`). Then the header is read from the right:
each proxy appends the address it received the request from, so the first address from the right that is not a
trusted proxy is the client (an address the client made up sits further left and is never reached). From any other
peer the header is ignored and `REMOTE_ADDR` is the client. Login throttling (django-axes) and the audit log both
ask this one function.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, networks: Iterable[Network]) -> bool:
    return address is not None and any(address.version == n.version and address in n for n in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of whoever sent `request`: `REMOTE_ADDR`, or — when `REMOTE_ADDR` is a trusted proxy — the
    right-most address of `X-Forwarded-For` that is not itself a trusted proxy. None when there is no address (or
    no request: work a job or a command does)."""
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not _trusted(peer, networks):
        return str(peer)
    hops = [h for h in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be believed; the last good proxy hop stands
        if not _trusted(address, networks):
            return str(address)
        peer = address
    return str(peer)  # every hop was one of our proxies: the left-most one is as close to the client as we know
