"""Keyed hashes and one-time secrets derived from the app's ``SECRET_KEY``.

Each use gets its own sub-key, so a hash made for one purpose cannot be replayed for another.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from flask import current_app

# Crockford-style alphabet without the look-alikes 0/O, 1/I/L and U: easy to read aloud or copy.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def sub_key(purpose: str) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"tipsapp-subkey:" + purpose.encode(), hashlib.sha256).digest()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under the purpose's sub-key, as hex."""
    return hmac.new(sub_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def readable_code(length: int) -> str:
    """``length`` random readable characters (one urandom read; 64 spare bits keep it even)."""
    bits_needed = int(length * math.log2(len(READABLE_ALPHABET))) + 64
    return readable_from_bytes(secrets.token_bytes(bits_needed // 8 + 1), length)


def readable_from_bytes(raw: bytes, length: int) -> str:
    """Encode bytes into ``length`` readable characters (deterministic, for derived secrets)."""
    number = int.from_bytes(raw, "big")
    chars = []
    base = len(READABLE_ALPHABET)
    for _ in range(length):
        number, index = divmod(number, base)
        chars.append(READABLE_ALPHABET[index])
    return "".join(chars)


def group(code: str, size: int = 4) -> str:
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def normalise_code(value: str) -> str:
    """Undo what people do when they copy a code: lower case, spaces and dashes."""
    return "".join(value.upper().split()).replace("-", "")


def constant_time_equal(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())
