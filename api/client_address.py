"""The address of the client that sent a request: one function, one setting.

`X-Forwarded-For` is whatever the client wrote, plus one entry per proxy it went through:
only the entries that our own proxies appended can be believed. TRUSTED_PROXY_COUNT says how
many proxies stand in front of the CMS (0, the default: none, REMOTE_ADDR is the client).
With N proxies, the N-th entry from the right is the address the outermost proxy saw;
everything left of it is the client's own claim and is ignored.
"""

import ipaddress

from django.conf import settings

IPV6_NETWORK_PREFIX = 64


def client_address(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote_addr
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if not forwarded:
        return remote_addr  # reached us without our proxies (a health check on the host)
    candidate = forwarded[-min(trusted, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr  # a proxy that writes something else is misconfigured: don't guess


def client_key(request) -> str:
    """What a per-client limit counts: the address, or its /64 for IPv6, since one
    subscriber holds a whole /64 and could otherwise rotate through it."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_PREFIX}", strict=False))
    return str(parsed)
