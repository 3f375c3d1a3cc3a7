"""The name lists shipped with the masking (see README.md in this folder for their sources).

Every list is read once, on first use, into frozensets of *keys*: lower-cased and also
accent-folded, so "Wójcik", "Wojcik" and "WÓJCIK" find the same entry. Swedish å, ä and ö
(and ü) stay as they are.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

LANGUAGES = ("sv", "ar", "so", "bcs", "fi", "pl", "fa", "ti")

# Letters NFKD does not decompose.
# Combining ring above and diaeresis: å, ä, ö (and ü, ë, ï) keep them.
_KEEP_MARKS = frozenset("\u030a\u0308")
_EXTRA_FOLDS = str.maketrans({"ł": "l", "đ": "dj", "ø": "o", "æ": "ae", "ß": "ss"})


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower case without diacritics: the key every list and every token is looked up by.

    Swedish å, ä and ö stay letters of their own: folded, "läge" would be the name Lage and
    "råna" the name Rana.
    """
    lowered = word.casefold().translate(_EXTRA_FOLDS)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFD", lowered)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in _KEEP_MARKS)
    return unicodedata.normalize("NFC", kept)


@dataclass(frozen=True)
class NameLists:
    first: frozenset[str]
    surnames: frozenset[str]
    # Names that are also ordinary words: they need a cue or a capital mid-sentence.
    ordinary: frozenset[str]
    sizes: dict[str, int]


def _read(filename: str) -> list[str]:
    path = resources.files(__name__).joinpath(filename)
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _feminine_polish(name: str) -> str | None:
    """Kowalski → Kowalska, Nowicki → Nowicka, Zawadzki → Zawadzka."""
    return name[:-1] + "a" if name.endswith(("ski", "cki", "dzki")) else None


@cache
def load() -> NameLists:
    first: set[str] = set()
    surnames: set[str] = set()
    sizes: dict[str, int] = {}
    for lang in LANGUAGES:
        firsts = _read(f"first_{lang}.txt")
        lasts = _read(f"surnames_{lang}.txt")
        if lang == "pl":
            lasts += [f for name in lasts if (f := _feminine_polish(name))]
        sizes[f"first_{lang}"] = len({fold(n) for n in firsts})
        sizes[f"surnames_{lang}"] = len({fold(n) for n in lasts})
        first.update(fold(n) for n in firsts)
        surnames.update(fold(n) for n in lasts)
    ordinary = {fold(w) for w in _read("ordinary_words.txt")}
    sizes["ordinary_words"] = len(ordinary)
    return NameLists(frozenset(first), frozenset(surnames), frozenset(ordinary), sizes)
