"""The rate-limit key: a keyed hash of the client's network, never the address itself.

Threat: a stored or logged address can identify a resident who sent a tip. The address is only
read here, hashed at once with a key that changes every UTC day, and only that hash reaches the
rate-limit store.

Several hosts must count one client once, so they must hash with the same key. When the limiter
counts in Redis, today's seed is made at random by the first process that needs it and kept in
Redis with a two-day expiry (``SET NX EX``): never derived from configuration, never written to
disk by tipsapp. The key is an HMAC of that seed under ``SECRET_KEY``, so someone who reads only
Redis (its counters and the seed) still cannot test addresses against the counters. Each process
re-reads the seed every minute, so if it is lost (eviction, a flushed or new Redis) all hosts
agree again on the new one within a minute; counts restart then, as they do at midnight UTC.
Without Redis (``memory://``), or while Redis does not answer, a process hashes with its own seed
from memory, as every worker of one host did before (``preload_app`` shares it between workers).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time
from typing import NamedTuple

import redis
from flask import current_app, request

from tipsapp.common.clock import utcnow

log = logging.getLogger("tipsapp.security")

# Never written anywhere: regenerated when the process starts. Used without a shared seed.
_PROCESS_SEED = secrets.token_bytes(32)

SEED_KEY_PREFIX = "tipsapp:ratelimit-seed:"
# Long enough that today's seed outlives today on every host, even with skewed clocks.
SEED_TTL_SECONDS = 2 * 24 * 60 * 60
# How long a process trusts the seed it read before reading it again (hosts converge within).
SEED_REREAD_SECONDS = 60.0
# How long a process hashes with its own seed after Redis failed to answer, before trying again.
SEED_RETRY_SECONDS = 30.0
REDIS_TIMEOUT_SECONDS = 1.0


def _today() -> str:
    return utcnow().date().isoformat()


def _local_key(day: str) -> bytes:
    return hmac.new(_PROCESS_SEED, b"ratelimit-day:" + day.encode(), hashlib.sha256).digest()


class _Cached(NamedTuple):
    day: str
    key: bytes
    until: float


class DailyKey:
    """Today's key for the limiter's hash: from a seed shared in Redis, else this process's.

    One per app (``app.extensions["tipsapp_daily_key"]``); the Redis client is made on first
    use, so building the app opens no connection.
    """

    def __init__(self, storage_uri: str, secret_key: str) -> None:
        self.redis_url = storage_uri if storage_uri.startswith(("redis://", "rediss://")) else None
        # A sub-key of SECRET_KEY for this one purpose, as tipsapp/security/secrets.py makes.
        self._sub_key = hmac.new(
            secret_key.encode(), b"tipsapp-subkey:ratelimit-seed", hashlib.sha256
        ).digest()
        self._client: redis.Redis | None = None
        self._cached: _Cached | None = None

    def today(self) -> bytes:
        day = _today()
        now = time.monotonic()
        cached = self._cached
        if cached is not None and cached.day == day and now < cached.until:
            return cached.key
        if self.redis_url is None:
            return _local_key(day)
        seed = self._shared_seed(day)
        if seed is None:
            self._cached = _Cached(day, _local_key(day), now + SEED_RETRY_SECONDS)
        else:
            key = hmac.new(self._sub_key, seed, hashlib.sha256).digest()
            self._cached = _Cached(day, key, now + SEED_REREAD_SECONDS)
        return self._cached.key

    def _shared_seed(self, day: str) -> bytes | None:
        """Today's seed from Redis, made here if no process has made it yet; None if down."""
        try:
            if self._client is None:
                self._client = redis.Redis.from_url(
                    str(self.redis_url),
                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                )
            name = SEED_KEY_PREFIX + day
            pipe = self._client.pipeline(transaction=False)
            # Set-if-absent, then read: whoever came first, every process reads the same seed.
            pipe.set(name, secrets.token_bytes(32), nx=True, ex=SEED_TTL_SECONDS)
            pipe.get(name)
            _created, seed = pipe.execute()
        except redis.RedisError as error:
            log.warning("rate-limit seed: Redis unavailable (%s)", type(error).__name__)
            return None
        return bytes(seed) if seed else None


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


def anonymous_key_for(address: str, key: bytes | None = None) -> str:
    """Hash an address group with ``key`` (default: this process's key for today)."""
    key = _local_key(_today()) if key is None else key
    digest = hmac.new(key, network_group(address).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def anonymous_client_key() -> str:
    """flask-limiter key function: the hashed network group of the current request."""
    daily: DailyKey | None = current_app.extensions.get("tipsapp_daily_key")
    return anonymous_key_for(request.remote_addr or "", daily.today() if daily else None)
