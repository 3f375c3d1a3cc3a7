"""marshmallow fields for what people type on phones."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma
from marshmallow import validate

from tipsapp.i18n import LANGUAGES

# NUL and other control characters break databases and hide text from reviewers, and C1 ones
# (U+0080-U+009F) are read as escape sequences by terminals that show logs; tabs and line
# breaks are what people actually type. Format characters (zero-width joiners, right-to-left
# marks) are kept: Arabic, Persian and emoji need them, and every page escapes what it shows.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class TrimmedText(ma.fields.String):
    """A string trimmed of surrounding white space, then checked for length and control chars."""

    def __init__(self, *, min_length: int = 0, max_length: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_length = min_length
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        raw = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL_CHARACTERS.search(raw):
            raise ma.ValidationError("Must not contain control characters.")
        trimmed = raw.strip()
        if len(trimmed) < self.min_length:
            raise ma.ValidationError(f"Must be at least {self.min_length} characters.")
        if len(trimmed) > self.max_length:
            raise ma.ValidationError(f"Must be at most {self.max_length} characters.")
        return trimmed


def offered_language(description: str) -> ma.fields.String:
    """A client's language: one of the offered codes (``tipsapp.i18n``), or null.

    An unknown code is a 422 naming the field.
    """
    return ma.fields.String(
        allow_none=True, validate=validate.OneOf(LANGUAGES), metadata={"description": description}
    )
