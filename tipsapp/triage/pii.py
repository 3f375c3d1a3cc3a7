"""Find and mask personal data in tip texts before they are shown or stored more widely.

Anonymous tips often contain other people's identity numbers, phone numbers, e-mail
addresses and car registration plates. Masking is deliberately conservative about identity
numbers (date and Luhn check digit must be valid) so that ordinary numbers such as case or
order numbers stay readable; phone numbers follow Swedish numbering (a leading 0 or +46).
"""

from __future__ import annotations

import re
from typing import Literal

PiiKind = Literal["personnummer", "telefon", "e-post", "regnr"]

MASKS: dict[str, str] = {
    "personnummer": "[personnummer]",
    "telefon": "[telefon]",
    "e-post": "[e-post]",
    "regnr": "[regnr]",
}

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# YYMMDD-NNNC or YYYYMMDD-NNNC; the separator is "-", "+" (person aged 100 or more) or none.
_PNR_RE = re.compile(r"(?<![\d\w])((?:18|19|20)?\d{6})\s?([-+]?)\s?(\d{4})(?![\d\w])")

# Swedish numbers: national 0 + 7-9 digits, or +46/0046 + 7-9 digits (optionally "(0)").
# Single spaces or hyphens may separate digit groups.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?[1-9]|0[1-9])(?:[ -]?\d){6,8}(?![\d\w])"
)
_DATE_LIKE_RE = re.compile(r"^\d{2}[-. /]\d{2}[-. /]\d{2,4}$")

# Three letters (no I, Q, V, Å, Ä, Ö), two digits, then a digit or such a letter. Uppercase
# only, so ordinary words followed by numbers ("kl 123", "nr 45a") are left alone.
_PLATE_LETTER = "A-HJ-PR-UW-Z"
_PLATE_RE = re.compile(rf"(?<![\w-])[{_PLATE_LETTER}]{{3}} ?\d{{2}}[0-9{_PLATE_LETTER}](?![\w-])")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _valid_personnummer(date_part: str, serial: str) -> bool:
    """Valid date (or samordningsnummer day + 60) and Luhn check digit over the 10 digits."""
    yymmdd = date_part[-6:]
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if not 1 <= month <= 12:
        return False
    if day > 60:  # samordningsnummer
        day -= 60
    if not 1 <= day <= 31:
        return False
    return _luhn_ok(yymmdd + serial)


def find_pii(text: str) -> list[tuple[str, int, int]]:
    """Return (kind, start, end) spans of personal data, sorted and non-overlapping."""
    spans: list[tuple[str, int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for _, s, e in spans)

    for m in _EMAIL_RE.finditer(text):
        spans.append(("e-post", m.start(), m.end()))
    for m in _PNR_RE.finditer(text):
        if _valid_personnummer(m.group(1), m.group(3)) and free(m.start(), m.end()):
            spans.append(("personnummer", m.start(), m.end()))
    for m in _PHONE_RE.finditer(text):
        if not _DATE_LIKE_RE.match(m.group()) and free(m.start(), m.end()):
            spans.append(("telefon", m.start(), m.end()))
    for m in _PLATE_RE.finditer(text):
        if free(m.start(), m.end()):
            spans.append(("regnr", m.start(), m.end()))
    spans.sort(key=lambda s: s[1])
    return spans


def mask_pii(text: str) -> str:
    """Replace personal data with placeholders such as ``[telefon]``."""
    parts: list[str] = []
    pos = 0
    for kind, start, end in find_pii(text):
        parts.append(text[pos:start])
        parts.append(MASKS[kind])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
