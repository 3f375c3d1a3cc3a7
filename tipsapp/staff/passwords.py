"""Argon2id password hashing (argon2-cffi); tests use the cheapest parameters."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY
from flask import current_app

_PRODUCTION = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)
_TESTING = PasswordHasher.from_parameters(CHEAPEST)
MIN_PASSWORD_LENGTH = 12
# Verified against when the account does not exist, so both paths cost the same time.
_DUMMY_HASH = _TESTING.hash("no-such-account")


def _hasher() -> PasswordHasher:
    return _TESTING if current_app.config.get("TESTING") else _PRODUCTION


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    try:
        return hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
