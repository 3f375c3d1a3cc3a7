"""The rate-limit key: a keyed hash of the client's network, never the address itself.

Threat: a stored or logged address can identify a resident who sent a tip. The address is only
read here, hashed at once with a key that lives in process memory and changes every UTC day,
and only that hash reaches the rate-limit store. Under gunicorn ``--preload`` every worker
inherits the same seed, so counters in a shared store (Redis) agree between workers.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from flask import request

from tipsapp.common.clock import utcnow

# Never written anywhere: regenerated when the process starts.
_PROCESS_SEED = secrets.token_bytes(32)


def _key_for_today() -> bytes:
    day = utcnow().date().isoformat().encode()
    return hmac.new(_PROCESS_SEED, b"ratelimit-day:" + day, hashlib.sha256).digest()


def network_group(address: str) -> str:
    """The unit a limit applies to: an IPv4 address, or the /64 an IPv6 host owns."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        # One phone often holds a whole /64 and rotates addresses inside it.
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def anonymous_key_for(address: str) -> str:
    """Hash an address group with today's in-memory key (exposed for tests)."""
    digest = hmac.new(_key_for_today(), network_group(address).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def anonymous_client_key() -> str:
    """flask-limiter key function: the hashed network group of the current request."""
    return anonymous_key_for(request.remote_addr or "")
