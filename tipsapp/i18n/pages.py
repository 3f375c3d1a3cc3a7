"""What every resident and public page needs to speak the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import dates, numbers
from flask import request

from tipsapp.i18n import RESIDENT_LANGUAGES, babel_locale, direction

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def page_language(language: str) -> dict[str, Any]:
    """The frame of every resident and public page: ``lang``, ``dir``, the picker's links (this
    page in each language), whose service it is and the links to the two notices."""
    from tipsapp.resident.identity import current_identity
    from tipsapp.resident.texts import ABOUT

    return {
        "identity": current_identity(),
        "about_texts": {
            key: ABOUT.get(key, language) for key in ("about_link", "accessibility_link")
        },
        "lang": language,
        "dir": direction(language),
        "fmt": Formats(language),
        "languages": [
            {
                "code": entry.code,
                "name": entry.native_name,
                "dir": "rtl" if entry.rtl else "ltr",
                "href": f"{request.path}?lang={entry.code}",
                "current": entry.code == language,
            }
            for entry in RESIDENT_LANGUAGES
        ],
    }


class Formats:
    """Dates, months and numbers as the reader's locale writes them (Babel, Swedish time)."""

    def __init__(self, language: str) -> None:
        self.locale = babel_locale(language)

    def moment(self, value: datetime | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return dates.format_datetime(value, "medium", tzinfo=STOCKHOLM, locale=self.locale)

    def day(self, value: date | str | None) -> str:
        if value is None or value == "":
            return "–"  # noqa: RUF001 (an en dash: no date)
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return dates.format_date(value, "medium", locale=self.locale)

    def month(self, key: str) -> str:
        """``"2026-03"`` as the month's name and year ("mars 2026", "maaliskuu 2026")."""
        year, month = (int(part) for part in key.split("-"))
        return dates.format_date(date(year, month, 1), "LLLL y", locale=self.locale)

    def quarter(self, key: str) -> str:
        """``"2026-Q1"`` as the locale names the quarter ("1:a kvartalet 2026")."""
        year, quarter = key.split("-Q")
        first = date(int(year), 3 * int(quarter) - 2, 1)
        return dates.format_date(first, "QQQQ y", locale=self.locale)

    def period(self, key: str) -> str:
        """A period key of the follow-up: a year (``"2026"``), a quarter or a month."""
        if "-Q" in key:
            return self.quarter(key)
        if "-" in key:
            return self.month(key)
        return dates.format_date(date(int(key), 1, 1), "y", locale=self.locale)

    def number(self, value: float) -> str:
        return numbers.format_decimal(value, locale=self.locale)
