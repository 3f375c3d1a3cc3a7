"""Which language a resident wrote in, and whether the triage needs a translation to read it.

Detection uses py3langid (naive Bayes over byte n-grams; it ships its model), restricted to the
languages below. Measured against lingua on short resident texts (bench/language_detect.py): as
accurate as lingua's high-accuracy mode on the offered languages, at a tenth of its time and
memory; its misses answer "und" where lingua's low-accuracy mode names a wrong language; a call
takes ~0.1 ms (a tip's whole intake is ~2 ms). The model is read once per process (~0.7 s,
~90 MB): call ``preload()`` before a preforking server forks, so the workers share it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

# The forms offer tipsapp.i18n.LANGUAGES: sv-x-ll is easy-to-read Swedish, a variant of sv; bs
# is one Latin-script catalogue for Bosnian, Croatian and Serbian; fa covers Dari. Detection
# answers in the same codes, without variants.
UNDETERMINED = "und"
# The languages the triage reads without a translator: the analysts' own, Swedish and English.
# The lexicons suggest a category in every offered language, but a suggestion is advice: on the
# dev set about one in ten of them was wrong, and the suggestion's confidence does not tell
# which (a wrong one scored up to 0.92). An analyst decides only after a translation.
READ_LANGUAGES = frozenset({"sv", "en"})
# A suggestion less sure than this, in any language but Swedish, is read with a translator.
TRANSLATION_CONFIDENCE = 0.6
# How sure the detector must be to name a language.
MIN_CONFIDENCE = 0.5
# The detector assumes every language equally likely; here most texts are Swedish, so its
# Swedish probability is weighed up by this prior (then all are normalised again). A short
# Swedish text it half-recognises, or takes for Norwegian, is far likelier Swedish. The real
# odds (Swedish against any one other language) are higher still; 8 was measured best on the
# bench's texts (Swedish 100%, no other language pulled into Swedish).
SWEDISH_PRIOR = 8.0

# The detector chooses among these: the offered languages, their close neighbours (so Danish is
# not forced into Swedish, nor Urdu into Persian) and languages residents may also write.
# Tigrinya is not among them: no maintained detector has it; see _mostly_ethiopic.
_DETECTOR_LANGUAGES = (
    "sv", "en", "fi", "ar", "so", "bs", "hr", "sr", "pl", "fa", "da", "no", "nn", "de", "es",
    "tr", "ru", "uk", "fr", "it", "pt", "nl", "ro", "lt", "sq", "ur", "et", "ku", "ps",
)  # fmt: skip
# One code per catalogue: the Latin-script Bosnian/Croatian/Serbian catalogue is bs; Nynorsk
# counts as Norwegian.
_NORMALISE = {"hr": "bs", "sr": "bs", "nn": "no", "nb": "no", "prs": "fa"}
# Every code detect_language can answer, for the queue's language filter.
DETECTABLE_LANGUAGES = tuple(
    sorted({_NORMALISE.get(code, code) for code in _DETECTOR_LANGUAGES} | {"ti", UNDETERMINED})
)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_DETECTOR_LANGUAGES))
    return identifier


def preload() -> None:
    """Read the model now (e.g. in a preforking server's master), not on the first tip."""
    _identifier()


def _ethiopic(letters: list[str]) -> bool:
    """Enough Ethiopic letters to be the text's own script.

    A Tigrinya tip names Swedish places and shops in Latin letters ("ኣብ Ica Maxi Gislaved"),
    so the Ethiopic letters need not be the majority: a quarter (and at least five) will do; no
    other language of these residents is written in that script.
    """
    ethiopic = sum("ETHIOPIC" in unicodedata.name(c, "") for c in letters)
    return ethiopic >= 5 and ethiopic * 4 >= len(letters)


# Arabic typed on a Persian keyboard has Persian ی and ک, and the detector then says Persian or
# Pashto. The article ال on several words, and Arabic function words, say Arabic; Persian uses
# ال only in loanwords and has its own function words.
_ARABIC_WORDS = frozenset(
    [
        "في",
        "على",
        "من",
        "الى",
        "إلى",
        "عن",
        "مع",
        "هذا",
        "هذه",
        "اللي",
        "الي",
        "عم",
        "هلق",
        "هسه",
        "دلوقتي",
        "الحين",
        "كان",
        "كانت",
        "فيه",
    ]
)
_PERSIAN_WORDS = frozenset(
    ["است", "را", "که", "می", "این", "در", "با", "برای", "یک", "و", "هست", "نیست", "هستند", "شد"]
)


def _arabic_not_persian(text: str) -> bool:
    words = [word.replace("ی", "ي").replace("ک", "ك") for word in text.split()]
    arabic = sum(word.startswith(("ال", "وال", "بال")) for word in words)
    arabic += sum(word in _ARABIC_WORDS for word in words)
    persian = sum(word.replace("ي", "ی").replace("ك", "ک") in _PERSIAN_WORDS for word in words)
    persian += sum(word.startswith(("می", "مي", "نمی")) for word in words)
    return arabic >= 2 and arabic > 2 * persian


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or 'und' when too short, mixed or unsure."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return UNDETERMINED
    if _ethiopic(letters):
        # Tigrinya is the offered language in Ethiopic script, and the detector knows no
        # Ethiopic-script language (lingua has none either): the script is the best answer.
        return "ti"
    scores: dict[str, float] = {}
    for code, probability in _identifier().rank(text):
        code = _NORMALISE.get(code, code)
        scores[code] = scores.get(code, 0.0) + probability
    scores["sv"] = scores.get("sv", 0.0) * SWEDISH_PRIOR
    language = max(scores, key=scores.__getitem__)
    confidence = scores[language] / (sum(scores.values()) or 1.0)
    if language in ("fa", "ps", "ur") and _arabic_not_persian(text):
        return "ar"
    return language if confidence >= MIN_CONFIDENCE else UNDETERMINED


def base_language(code: str | None) -> str | None:
    """``sv-x-ll`` -> ``sv``: the language a variant is written in."""
    return code.split("-", 1)[0] if code else None


def needs_translation(text_language: str, confidence: float) -> bool:
    """True when the text should be translated before it is triaged.

    ``confidence`` is the category suggestion's: an unsure suggestion in a language other than
    Swedish means the lexicons did not really understand the text.
    """
    if text_language == UNDETERMINED or text_language not in READ_LANGUAGES:
        return True
    return text_language != "sv" and confidence < TRANSLATION_CONFIDENCE
