"""One translation layer: the offered languages, one negotiation, and gettext catalogues.

Every word a person reads is written once, in English, as a gettext msgid, and translated in
``tipsapp/translations/<catalogue>/LC_MESSAGES/<domain>.po`` (compiled to ``.mo`` by
``make i18n``; ``flask i18n compile`` at ``make run`` and ``make test``). Two domains:

* ``messages``: what residents, walk participants and the public read, in every offered
  language (Swedish, easy-to-read Swedish, English, Finnish, Arabic, Somali, Tigrinya,
  Bosnian/Croatian/Serbian, Polish, Dari/Persian);
* ``console``: the staff console and the situation report, in Swedish and English.

Texts are kept in named tables (``Table``): each entry's msgctxt is ``table:key``, so two
tables may share an English word with different Swedish ones ("Other" the issue vs "Other" the
category), and translators see where a text is used. English is the source: it needs no
catalogue. The Swedish catalogue is complete by test, as is every other offered language's
``messages`` catalogue.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.support import Translations
from flask import Flask, Response, g, has_request_context, request

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "sv"
COOKIE_NAME = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Language:
    """One offered language: its code in the API and pages, and how it is written and named."""

    code: str
    # The language's name in itself, as the picker shows it.
    native_name: str
    # The Babel locale for numbers, dates and weekdays (easy-to-read Swedish formats as sv).
    locale: str
    # The folder under translations/ (a BCP 47 private-use tag is no gettext locale name).
    catalogue: str
    rtl: bool = False


RESIDENT_LANGUAGES: tuple[Language, ...] = (
    Language("sv", "Svenska", "sv", "sv"),
    Language("sv-x-ll", "Lättläst", "sv", "sv_LL"),
    Language("en", "English", "en", "en"),
    Language("fi", "Suomi", "fi", "fi"),
    Language("ar", "العربية", "ar", "ar", rtl=True),
    Language("so", "Soomaali", "so", "so"),
    Language("ti", "ትግርኛ", "ti", "ti"),
    Language("bs", "Bosanski/Hrvatski/Srpski", "bs", "bs"),
    Language("pl", "Polski", "pl", "pl"),
    Language("fa", "دری / فارسی", "fa", "fa", rtl=True),
)
BY_CODE: dict[str, Language] = {language.code: language for language in RESIDENT_LANGUAGES}
LANGUAGES: tuple[str, ...] = tuple(BY_CODE)
STAFF_LANGUAGES: tuple[str, ...] = ("sv", "en")
DOMAINS: dict[str, tuple[str, ...]] = {"messages": LANGUAGES, "console": STAFF_LANGUAGES}

# Codes a client may send for a variant: BCP 47 is case-insensitive and browsers send "sv-SE".
_ALIASES = {
    "sv-ll": "sv-x-ll",
    "fa-af": "fa",
    "prs": "fa",
    "hr": "bs",
    "sr": "bs",
    "sr-latn": "bs",
}


def canonical_code(value: str | None, offered: tuple[str, ...] = LANGUAGES) -> str | None:
    """``value`` as one of ``offered``, or None: "FI" and "fi-FI" are "fi", "hr" is "bs"."""
    if not value or not isinstance(value, str) or len(value) > 35:
        return None
    lowered = value.strip().lower().replace("_", "-")
    for candidate in (lowered, _ALIASES.get(lowered), lowered.split("-")[0]):
        candidate = _ALIASES.get(candidate or "", candidate)
        if candidate in offered:
            return candidate
    return None


def direction(language: str) -> str:
    entry = BY_CODE.get(language)
    return "rtl" if entry is not None and entry.rtl else "ltr"


def babel_locale(language: str) -> str:
    entry = BY_CODE.get(language)
    return entry.locale if entry is not None else DEFAULT_LANGUAGE


# --- negotiation -----------------------------------------------------------------------------


def negotiate_language(
    explicit: str | None = None,
    offered: tuple[str, ...] = LANGUAGES,
    cookie: str = COOKIE_NAME,
) -> str:
    """``explicit`` (``?lang``, a body's ``language``), the cookie, Accept-Language, Swedish."""
    chosen = canonical_code(explicit, offered)
    if chosen is not None:
        return chosen
    if has_request_context():
        chosen = canonical_code(request.cookies.get(cookie), offered)
        if chosen is not None:
            return chosen
        for value, _quality in request.accept_languages:
            chosen = canonical_code(value, offered)
            if chosen is not None:
                return chosen
    return DEFAULT_LANGUAGE


def request_language(offered: tuple[str, ...] = LANGUAGES) -> str:
    """The negotiated language of this request (``?lang`` first), decided once per request."""
    cache: dict[tuple[str, ...], str] = g.setdefault("tipsapp_languages", {})
    if offered not in cache:
        cache[offered] = negotiate_language(request.args.get("lang"), offered)
    return cache[offered]


def remember_choice(
    response: Response,
    offered: tuple[str, ...] = LANGUAGES,
    cookie: str = COOKIE_NAME,
    path: str = "/",
    secure: bool | None = None,
    samesite: str = "Lax",
) -> Response:
    """Keep a language picked with ``?lang`` in a cookie, so the next page speaks it too.

    The cookie holds the language code and nothing else; it is read only to choose the words.
    """
    chosen = canonical_code(request.args.get("lang"), offered)
    if chosen is not None and request.cookies.get(cookie) != chosen:
        response.set_cookie(
            cookie,
            chosen,
            max_age=COOKIE_MAX_AGE,
            path=path,
            secure=request.is_secure if secure is None else secure,
            httponly=True,
            samesite=samesite,
        )
    return response


# --- catalogues ------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def translations(language: str, domain: str = "messages") -> gettext.NullTranslations:
    """The compiled catalogue of ``language``; English (the source) or a missing file: msgids.

    Easy-to-read Swedish falls back to Swedish entry by entry.
    """
    entry = BY_CODE.get(language)
    if entry is None or language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    compiled = TRANSLATIONS_DIR / entry.catalogue / "LC_MESSAGES" / f"{domain}.mo"
    source = compiled.with_suffix(".po")
    found: gettext.NullTranslations = gettext.NullTranslations()
    if compiled.is_file() and (
        not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as handle:
            found = Translations(handle, domain=domain)
    elif source.is_file():
        # Not compiled yet (a checkout without `make`): compile in memory, once per process.
        from tipsapp.i18n.catalogues import compile_catalog

        found = Translations(io.BytesIO(compile_catalog(language, domain)), domain=domain)
    if language == "sv-x-ll":
        found.add_fallback(translations("sv", domain))
    return found


def forget_catalogues() -> None:
    """Read the ``.mo`` files again (after ``flask i18n compile`` in a running process)."""
    translations.cache_clear()


# A phone number such as "114 14" is two runs of digits: inside right-to-left text they would
# be shown in the opposite order ("14 114"). Isolated as left-to-right, they read as dialled.
_SPACED_NUMBER = re.compile(r"(?<![\d\u2066])\d+(?: \d+)+(?![\d\u2069])")


def gettext_in(
    language: str, msgid: str, context: str | None = None, domain: str = "messages"
) -> str:
    catalogue = translations(language, domain)
    found = catalogue.gettext(msgid) if context is None else catalogue.pgettext(context, msgid)
    if direction(language) == "rtl":
        found = _SPACED_NUMBER.sub(lambda number: f"\u2066{number.group(0)}\u2069", found)
    return found


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a text; a translation must keep exactly these."""
    return set(_PLACEHOLDER.findall(text))


def fill(template: str, values: Mapping[str, object]) -> str:
    """``{name}`` placeholders filled; unlike ``str.format`` a stray brace is no 500."""
    if not values:
        return template
    return _PLACEHOLDER.sub(
        lambda found: str(values[found.group(1)]) if found.group(1) in values else found.group(0),
        template,
    )


class Table:
    """Named texts of one domain: ``key -> English``, read in any language by ``get``.

    Every table registers itself, so ``flask i18n extract`` finds every text to translate.
    """

    registry: dict[str, Table] = {}  # noqa: RUF012 (a deliberate class-wide registry)

    def __init__(
        self,
        name: str,
        entries: Mapping[str, str],
        domain: str = "messages",
        contextual: bool = True,
    ) -> None:
        if name in Table.registry:
            raise ValueError(f"two translation tables named {name!r}")
        self.name = name
        self.domain = domain
        # Without context the msgid alone names the entry (messages quoted from libraries).
        self.contextual = contextual
        self.entries: dict[str, str] = dict(entries)
        Table.registry[name] = self

    def context(self, key: str) -> str | None:
        return f"{self.name}:{key}" if self.contextual else None

    def get(self, key: str, language: str, **values: object) -> str:
        """The text of ``key`` in ``language``; an unknown key is shown as itself, not a 500."""
        msgid = self.entries.get(key)
        if msgid is None:
            return key
        return fill(gettext_in(language, msgid, self.context(key), self.domain), values)

    def texts(self, language: str) -> dict[str, str]:
        """Every text of the table in one language (for templates and scripts)."""
        return {key: self.get(key, language) for key in self.entries}

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def label(table: Table, key: str, language: str | None = None, **values: object) -> str:
    """A label from a table; an unknown key is shown as itself."""
    return table.get(key, language or DEFAULT_LANGUAGE, **values)


def init_app(app: Flask) -> None:
    """Flask-Babel for formatting (numbers, dates, weekdays) in the negotiated locale."""
    from flask_babel import Babel

    def locale() -> str:
        language = getattr(g, "tipsapp_language", None) or negotiate_language(
            request.args.get("lang") if has_request_context() else None
        )
        return babel_locale(language)

    Babel(app, locale_selector=locale, default_translation_directories=str(TRANSLATIONS_DIR))
