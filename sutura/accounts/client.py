"""Who is asking: the client's address, read through trusted proxies only."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; when that is a trusted proxy (`SUTURA_TRUSTED_PROXIES`), the address the
    proxies recorded in `SUTURA_CLIENT_IP_HEADER`, read from the right and skipping trusted
    proxies, so a client cannot choose its address by sending the header itself."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _networks(tuple(settings.SUTURA_TRUSTED_PROXIES))
    if remote is None or not trusted:
        return remote

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in trusted)

    address = _parse(remote)
    if address is None or not is_trusted(address):
        return remote
    header = request.META.get(settings.SUTURA_CLIENT_IP_HEADER, "")
    hops = [_parse(part) for part in header.split(",") if part.strip()]
    for hop in reversed(hops):
        if hop is None:
            break  # a malformed entry: nothing left of it can be believed
        if not is_trusted(hop):
            return str(hop)
        address = hop
    return str(address)
