"""Erasing an item's content forgets the language it was written in too (it came from the text)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.factories import tip_body
from tipsapp.retention import service as retention
from tipsapp.triage.models import TriageItem


def test_erasing_content_forgets_the_texts_language(app: Any, client: Any, db: Any) -> None:
    body = tip_body(text="Det säljs narkotika vid skolan varje eftermiddag efter lektionerna.")
    reference = client.post("/api/v1/tips", json=body).get_json()["reference"]
    item = db.session.scalars(select(TriageItem).where(TriageItem.reference == reference)).one()
    assert item.text_language == "sv"

    retention._erase_content(item, item.received_at, retention.Counter(), retention.Districts())

    assert item.text_language == "und"
    assert item.needs_translation is False
