"""What staff pages promise about personal data, kept in one place so tests pin it to the code.

* The kinds masked automatically are exactly the kinds ``pii.MASKS`` knows; pages name them
  through ``masked_kinds`` (each kind's words are in ``MASKED_KIND_LABELS``), never from a list
  of their own. Other personal details (a name, a description of someone) are left to the
  analyst, who reads every item before it goes into a report or is shared.
* Partners and viewers read no text written by a resident or a walk participant: not the text,
  not a redacted or masked one, not the place they typed. Of a shared item they read
  ``PARTNER_ITEM_FIELDS``: its category, area, district and time, and the summary the sharing
  analyst wrote for them (``TriageItem.partner_summary``).

tests/triage/test_privacy_texts.py checks each claim against the code.
"""

from __future__ import annotations

from babel.lists import format_list

from tipsapp.i18n import Table, babel_locale
from tipsapp.triage.pii import MASKS

# How each kind ``pii.MASKS`` masks is named in a sentence ("... are masked automatically").
MASKED_KIND_LABELS = Table(
    "pii_kind",
    {
        "namn": "names",
        "adress": "street addresses",
        "personnummer": "personal identity numbers",
        "telefon": "phone numbers",
        "e-post": "e-mail addresses",
        "regnr": "car registration numbers",
    },
    domain="console",
)

# What a partner reads of an item an analyst shared with partners (GET /api/v1/queue/shared).
PARTNER_ITEM_FIELDS = (
    "reference",
    "area",
    "district",
    "status",
    "effective_category",
    "partner_summary",
    "received_at",
)

PARTNER_SUMMARY_MAX = 500


def masked_kinds(language: str) -> str:
    """The kinds masked automatically, as a list in words: "a, b and c" ("a, b och c")."""
    # In the table's order; a kind pii gained without words here still shows (as its code).
    kinds = [kind for kind in MASKED_KIND_LABELS if kind in MASKS]
    kinds += [kind for kind in MASKS if kind not in MASKED_KIND_LABELS]
    words = [MASKED_KIND_LABELS.get(kind, language) for kind in kinds]
    return format_list(words, locale=babel_locale(language))
