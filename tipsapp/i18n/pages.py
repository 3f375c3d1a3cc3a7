"""What every resident and public page needs to speak the reader's language."""

from __future__ import annotations

from typing import Any

from flask import request

from tipsapp.i18n import RESIDENT_LANGUAGES, direction


def page_language(language: str) -> dict[str, Any]:
    """Template context: ``lang``, ``dir`` and the picker's links (this page, each language)."""
    return {
        "lang": language,
        "dir": direction(language),
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
