# ruff: noqa: RUF001, RUF002
"""Text normalisation shared by the triage lexicons, the urgency rules and the resident's browser.

Residents write in many scripts and rarely type every diacritic, so both sides of a match (the
tip and the rule) go through the same two small steps:

* ``STRIP``: characters deleted outright -- Arabic diacritics (tashkeel), the tatweel used to
  stretch words, and zero-width joiners (Persian "می‌زند" and "میزند" become one word).
* ``FOLD``: a one-to-one character map -- Latin letters with diacritics to their bare letter
  (Swedish å/ä/ö, Polish ą ę ł ń ó ś ź ż, Bosnian č ć š ž đ), and the Arabic-script letter
  variants that writers mix freely (ی/ي/ى, ک/ك, ة/ه, أ/إ/آ/ٱ -> ا, ؤ -> و, ئ -> ي).

The map is one-to-one so a span in the folded text is the same span in the stripped text, and
it is plain data so the resident form's script can apply exactly the same map
(see ``urgency.browser_rules``).
"""

from __future__ import annotations

import re

# Arabic tashkeel and Quranic marks, superscript alef, tatweel; ZWNJ/ZWJ, soft hyphen, BOM.
STRIP: str = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670\u0640\u06e1\u200c\u200d\u200b\u00ad\ufeff"
)

_LATIN = {
    "å": "a",
    "ä": "a",
    "á": "a",
    "à": "a",
    "â": "a",
    "ã": "a",
    "æ": "a",
    "ą": "a",
    "ö": "o",
    "ó": "o",
    "ò": "o",
    "ô": "o",
    "õ": "o",
    "ø": "o",
    "é": "e",
    "è": "e",
    "ê": "e",
    "ë": "e",
    "ę": "e",
    "í": "i",
    "ì": "i",
    "î": "i",
    "ï": "i",
    "ú": "u",
    "ù": "u",
    "û": "u",
    "ü": "u",
    "ý": "y",
    "ç": "c",
    "č": "c",
    "ć": "c",
    "š": "s",
    "ś": "s",
    "ş": "s",
    "ž": "z",
    "ź": "z",
    "ż": "z",
    "đ": "d",  # Bosnian đ is also typed "dj": rules write it as "dj?"
    "ł": "l",
    "ń": "n",
    "ñ": "n",
    "ğ": "g",
    "ı": "i",
    "ſ": "s",  # long s: case-insensitive regexes (the browser's) read it as "s"
}
_ARABIC = {
    "ی": "ي",  # Persian yeh
    "ى": "ي",  # alef maksura
    "ئ": "ي",
    "ک": "ك",  # Persian keheh
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",
    "ۂ": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "٫": ",",
    "،": ",",
    "؟": "?",
}
# Ethiopic: the ሠ and ፀ rows are old spellings of ሰ and ጸ that some writers still use.
_ETHIOPIC = {chr(0x1220 + i): chr(0x1230 + i) for i in range(8)}
_ETHIOPIC.update({chr(0x1340 + i): chr(0x1338 + i) for i in range(7)})

FOLD: dict[str, str] = {**_LATIN, **_ARABIC, **_ETHIOPIC}

_FOLD_TABLE = str.maketrans(FOLD)
_STRIP_RE = re.compile("[" + re.escape(STRIP) + "]")
_SPACE_RE = re.compile(r"\s+")
# Whitespace that ``_SPACE_RE`` would change: anything but a lone plain space.
_ODD_SPACE_RE = re.compile(r"[^\S ]| {2,}")


def strip_marks(text: str) -> str:
    """Lowercase, delete ``STRIP`` characters and collapse whitespace to single spaces."""
    text = text.lower()
    # Most tips have no marks and no odd spacing: a search is much cheaper than a rewrite.
    if _STRIP_RE.search(text):
        text = _STRIP_RE.sub("", text)
    if _ODD_SPACE_RE.search(text):
        text = _SPACE_RE.sub(" ", text)
    return text


def fold(text: str) -> str:
    """Apply the one-to-one ``FOLD`` map (the result has the same length as the input)."""
    return text.translate(_FOLD_TABLE)


def normalise(text: str) -> str:
    """``fold(strip_marks(text))``: the form both rules and tips are matched in."""
    return fold(strip_marks(text))
