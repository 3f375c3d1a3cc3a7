"""How guessable a new staff password is (zxcvbn), and what to tell its owner in Swedish or English.

Staff read texts about violence and about named people, so a password must withstand an
offline guessing attack on a stolen hash. zxcvbn estimates the guesses an attacker needs from
the dictionaries it ships (common and leaked passwords, names, words) plus a short Swedish list
of our own; nothing is looked up online: an anonymity-first service sends no password, and no
hash or prefix of one, to a breach-lookup service.

zxcvbn's feedback is English; each of its known warnings and suggestions has our own text in
the ``console`` catalogue (Swedish and English), and a warning we do not know reads as a
generic "too easy to guess".
"""

from __future__ import annotations

import re
import threading
from typing import Any

from tipsapp.i18n import Table

# zxcvbn's scale: 3 is "safely unguessable" (about 10^10 guesses), 4 "very unguessable".
MIN_SCORE = 3
# zxcvbn refuses longer input; the first 72 characters are plenty to judge a password by, and
# bound the time a hostile 1,024-character password can cost.
MAX_SCORED_LENGTH = 72
# Name parts and e-mail words shorter than this ("bo", "li") are left to zxcvbn's scoring.
MIN_PERSONAL_PART = 4

# Passwords Swedish staff reach for that zxcvbn's English dictionaries miss, most common first;
# with and without å, ä, ö, as people type them both ways.
SWEDISH_COMMON = (
    "lösenord", "losenord", "sommar", "vinter", "våren", "varen", "hösten", "hosten",
    "välkommen", "valkommen", "hejsan", "hejhej", "sverige", "svenska", "stockholm",
    "göteborg", "goteborg", "malmö", "malmo", "uppsala", "jönköping", "jonkoping", "gislaved",
    "värnamo", "varnamo", "gnosjö", "gnosjo", "vaggeryd", "småland", "smaland", "kommun",
    "kommunen", "polisen", "polis", "trygghet", "tipsapp", "medborgarlöfte", "medborgarlofte",
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december", "måndag", "mandag", "tisdag", "onsdag", "torsdag",
    "fredag", "lördag", "lordag", "söndag", "sondag", "midsommar", "julafton", "påsk", "pask",
    "kärlek", "karlek", "älskling", "alskling", "hemlig", "hemligt", "fotboll", "hockey",
    "mamma", "pappa", "blomma", "solsken", "katten", "hunden", "kaffe", "semester",
)  # fmt: skip

TEXTS = Table(
    "password_strength",
    {
        # the first line of every refusal
        "too_weak": "This password is too easy to guess. Choose a stronger one.",
        "personal": "The password must not contain your e-mail address or your name.",
        # zxcvbn's warnings
        "straight_row": "Straight rows of keys are easy to guess.",
        "keyboard_pattern": "Short keyboard patterns are easy to guess.",
        "repeated_characters": "Repeated characters like “aaa” are easy to guess.",
        "repeated_words": "Repeats like “abcabcabc” are hardly harder to guess than “abc”.",
        "sequence": "Sequences like “abc” or “6543” are easy to guess.",
        "recent_year": "Recent years are easy to guess.",
        "date": "Dates are often easy to guess.",
        "top10": "This is one of the ten most common passwords.",
        "top100": "This is one of the hundred most common passwords.",
        "common": "This is a very common password.",
        "similar_to_common": "This is close to a commonly used password.",
        "single_word": "A word on its own is easy to guess.",
        "single_name": "Names and surnames on their own are easy to guess.",
        "common_names": "Common names and surnames are easy to guess.",
        # zxcvbn's suggestions
        "use_words": "Use a few words and avoid common phrases.",
        "no_symbols_needed": "Symbols, digits and capital letters are not needed.",
        "add_words": "Add another word or two; uncommon words are better.",
        "longer_pattern": "Use a longer keyboard pattern with more turns.",
        "avoid_repeats": "Avoid repeated words and characters.",
        "avoid_sequences": "Avoid sequences.",
        "avoid_recent_years": "Avoid recent years.",
        "avoid_your_years": "Avoid years that are associated with you.",
        "avoid_your_dates": "Avoid dates and years that are associated with you.",
        "capitals": "A capital first letter does not help much.",
        "all_capitals": "All capitals are almost as easy to guess as all lower case.",
        "reversed": "Words spelt backwards are hardly harder to guess.",
        "substitutions": "Predictable substitutions like “@” for “a” do not help much.",
    },
    domain="console",
)

# zxcvbn 4.5's feedback strings (zxcvbn/feedback.py) -> our keys. A test reads that file, so a
# new release that adds a text is noticed.
WARNINGS = {
    "Straight rows of keys are easy to guess.": "straight_row",
    "Short keyboard patterns are easy to guess.": "keyboard_pattern",
    'Repeats like "aaa" are easy to guess.': "repeated_characters",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "repeated_words",
    'Sequences like "abc" or "6543" are easy to guess.': "sequence",
    "Recent years are easy to guess.": "recent_year",
    "Dates are often easy to guess.": "date",
    "This is a top-10 common password.": "top10",
    "This is a top-100 common password.": "top100",
    "This is a very common password.": "common",
    "This is similar to a commonly used password.": "similar_to_common",
    "A word by itself is easy to guess.": "single_word",
    "Names and surnames by themselves are easy to guess.": "single_name",
    "Common names and surnames are easy to guess.": "common_names",
}
SUGGESTIONS = {
    "Use a few words, avoid common phrases.": "use_words",
    "No need for symbols, digits, or uppercase letters.": "no_symbols_needed",
    "Add another word or two. Uncommon words are better.": "add_words",
    "Use a longer keyboard pattern with more turns.": "longer_pattern",
    "Avoid repeated words and characters.": "avoid_repeats",
    "Avoid sequences.": "avoid_sequences",
    "Avoid recent years.": "avoid_recent_years",
    "Avoid years that are associated with you.": "avoid_your_years",
    "Avoid dates and years that are associated with you.": "avoid_your_dates",
    "Capitalization doesn't help very much.": "capitals",
    "All-uppercase is almost as easy to guess as all-lowercase.": "all_capitals",
    "Reversed words aren't much harder to guess.": "reversed",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": "substitutions",
}

# zxcvbn keeps the user inputs of a call in a module-wide dictionary: one call at a time.
_ZXCVBN = threading.Lock()
_LOADED: list[Any] = []
_PARTS = re.compile(r"[\W_]+")


def _estimator() -> Any:
    """zxcvbn, imported on first use (its lists take memory) with the Swedish list added."""
    if not _LOADED:
        from zxcvbn import matching, zxcvbn

        matching.add_frequency_lists({"swedish_common": list(SWEDISH_COMMON)})
        _LOADED.append(zxcvbn)
    return _LOADED[0]


def personal_parts(email: str, display_name: str) -> list[str]:
    """What of a person's e-mail and name a password must not contain, lower-cased."""
    local = email.split("@", 1)[0].casefold()
    name = display_name.casefold()
    parts = {local, _PARTS.sub("", name)}
    parts.update(_PARTS.split(local))
    parts.update(_PARTS.split(name))
    return sorted(part for part in parts if len(part) >= MIN_PERSONAL_PART)


def password_feedback(
    password: str, email: str = "", display_name: str = "", language: str = "en"
) -> list[str]:
    """Why ``password`` is refused, in ``language`` (sv or en); empty when it is strong enough.

    A password containing its owner's e-mail or name is refused; zxcvbn also counts them as
    words an attacker knows.
    """
    if not password:  # zxcvbn fails on the empty string; it is the weakest password anyway
        return [TEXTS.get("too_weak", language)]
    folded = password.casefold()
    if any(part in folded for part in personal_parts(email, display_name)):
        return [TEXTS.get("personal", language)]
    with _ZXCVBN:
        estimate = _estimator()
        result = estimate(password[:MAX_SCORED_LENGTH], user_inputs=[email, display_name])
    if result["score"] >= MIN_SCORE:
        return []
    feedback = result["feedback"]
    keys = ["too_weak"]
    if feedback.get("warning") in WARNINGS:
        keys.append(WARNINGS[feedback["warning"]])
    keys += [SUGGESTIONS[text] for text in feedback.get("suggestions", []) if text in SUGGESTIONS]
    return [TEXTS.get(key, language) for key in dict.fromkeys(keys)]
