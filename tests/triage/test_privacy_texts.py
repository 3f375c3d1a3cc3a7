"""Every staff page text about personal data says what the code does (tipsapp/triage/privacy.py).

* The report's note names exactly the kinds ``pii`` masks, and each kind it names is masked.
* The partner version's note and the console's share form say partners read the analyst's
  summary and the item's category, area, district and time, never the text or the place: the
  partner answers carry exactly those fields.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role, send_tip
from tipsapp.console.texts import TEXTS as CONSOLE_TEXTS
from tipsapp.i18n import STAFF_LANGUAGES
from tipsapp.reports.builder import PARTNER_ROW_KEYS
from tipsapp.reports.pages import TEXTS as REPORT_TEXTS
from tipsapp.triage import pii
from tipsapp.triage.privacy import MASKED_KIND_LABELS, PARTNER_ITEM_FIELDS, masked_kinds
from tipsapp.triage.schemas import PartnerItemSchema

# One text per kind that the kind's rule must catch; a kind pii gains needs a sample here.
SAMPLES = {
    "namn": "Han heter Sven Olsson och bor här.",
    "adress": "Det hände utanför Storgatan 12 i natt.",
    "personnummer": "Hans personnummer är 811218-9876.",
    "telefon": "Ring honom på 070-123 45 67.",
    "e-post": "Han skriver från sven.olsson@example.se.",
    "regnr": "Bilen ABC 123 stod kvar hela natten.",
}
# The words the partner texts use for the fields partners read.
PARTNER_FIELD_WORDS = {
    "effective_category": "category",
    "area": "area",
    "district": "district",
    "received_at": "time",
    "partner_summary": "summary",
}
NEVER_SHOWN_TO_PARTNERS = ("text", "place", "photos", "notes", "messages")


def test_the_kinds_named_are_exactly_the_kinds_masked() -> None:
    assert set(MASKED_KIND_LABELS) == set(pii.MASKS)
    assert set(SAMPLES) == set(pii.MASKS)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_kind_named_is_masked(kind: str) -> None:
    assert pii.MASKS[kind] in pii.mask_pii(SAMPLES[kind])


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_the_report_note_names_every_masked_kind(language: str) -> None:
    note = REPORT_TEXTS.get("masked_note", language, kinds=masked_kinds(language))

    assert "{kinds}" in REPORT_TEXTS.entries["masked_note"]
    for kind in pii.MASKS:
        assert MASKED_KIND_LABELS.get(kind, language) in note


def test_the_partner_texts_name_what_partners_read_and_what_never() -> None:
    share = CONSOLE_TEXTS.entries["share_explain"]
    partner_note = REPORT_TEXTS.entries["partner_note"]

    assert set(PartnerItemSchema().fields) == set(PARTNER_ITEM_FIELDS)
    for field, word in PARTNER_FIELD_WORDS.items():
        assert field in PARTNER_ITEM_FIELDS
        assert word in share
    for word in NEVER_SHOWN_TO_PARTNERS:
        assert word in share
        assert word not in PARTNER_ITEM_FIELDS
    for field in ("effective_category", "district", "received_at", "partner_summary"):
        assert PARTNER_FIELD_WORDS[field] in partner_note
    for field in ("effective_category", "district", "received_at", "partner_summary"):
        assert field.replace("effective_", "") in PARTNER_ROW_KEYS
    assert "text" not in PARTNER_ROW_KEYS and "place" not in PARTNER_ROW_KEYS


def _report_with_item(app: Flask, client: FlaskClient) -> tuple[str, dict[str, str]]:
    analyst = as_role(app, client, "analyst")
    reference = send_tip(client).get_json()["reference"]
    client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst)
    report = client.get("/api/v1/reports/next?area=gislaved", headers=analyst).get_json()
    report_id = report["report"]["id"]
    assert client.post(f"/api/v1/reports/{report_id}/publish", headers=analyst).status_code == 200
    return report_id, analyst


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_each_version_of_the_report_page_shows_its_own_note(
    app: Flask, client: FlaskClient, language: str
) -> None:
    report_id, analyst = _report_with_item(app, client)
    viewer = as_role(app, client, "viewer")
    path = f"/reports/{report_id}.html?lang={language}"
    masked_note = REPORT_TEXTS.get("masked_note", language, kinds=masked_kinds(language))
    partner_note = REPORT_TEXTS.get("partner_note", language)

    staff_page = client.get(path, headers=analyst).get_data(as_text=True)
    partner_page = client.get(path, headers=viewer).get_data(as_text=True)

    assert masked_note in staff_page and partner_note not in staff_page
    assert partner_note in partner_page and masked_note not in partner_page


def test_the_partner_json_has_no_text_fields(app: Flask, client: FlaskClient) -> None:
    report_id, _analyst = _report_with_item(app, client)
    viewer = as_role(app, client, "viewer")

    content: dict[str, Any] = client.get(f"/api/v1/reports/{report_id}", headers=viewer).get_json()

    assert content["level"] == "partner"
    assert content["items"]
    for row in content["items"] + content["notable"]:
        assert set(row) == set(PARTNER_ROW_KEYS)
