"""Argon2id password hashing (argon2-cffi); tests use the cheapest parameters."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY
from flask import current_app

_PRODUCTION = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)
_TESTING = PasswordHasher.from_parameters(CHEAPEST)
MIN_PASSWORD_LENGTH = 12
# Verified against when the account does not exist, so both paths cost the same time: one per
# hasher, made with its own parameters (Argon2 verifies with the parameters in the hash).
_DUMMY_HASHES: dict[bool, str] = {}


def _hasher() -> PasswordHasher:
    return _TESTING if current_app.config.get("TESTING") else _PRODUCTION


def _dummy_hash() -> str:
    testing = bool(current_app.config.get("TESTING"))
    if testing not in _DUMMY_HASHES:
        _DUMMY_HASHES[testing] = _hasher().hash("no-such-account")
    return _DUMMY_HASHES[testing]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    try:
        return hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
