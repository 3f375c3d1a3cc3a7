"""The queue's masked excerpt is stored with the text: written on intake, redaction and erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from tests.factories import as_role, new_tip
from tipsapp.triage.models import TriageItem

PHONE_TEXT = "Ring Kalle på 070-123 45 67, han såg mopederna vid Storgatan 12 i går kväll."


def _queue_excerpts(client: Any, headers: dict[str, str]) -> dict[str, str]:
    items = client.get("/api/v1/queue", headers=headers).get_json()["items"]
    return {item["reference"]: item["excerpt"] for item in items}


def test_a_new_tips_excerpt_in_the_queue_is_masked(app: Any, client: Any) -> None:
    analyst = as_role(app, client, "analyst")
    reference = new_tip(client, text=PHONE_TEXT)

    excerpt = _queue_excerpts(client, analyst)[reference]

    assert "070-123 45 67" not in excerpt
    assert "Storgatan 12" not in excerpt
    assert "mopederna" in excerpt


def test_a_long_text_is_masked_before_it_is_cut(app: Any, client: Any) -> None:
    analyst = as_role(app, client, "analyst")
    # The number straddles the excerpt's cut: masking the cut text would leave its tail.
    text = "x" * 150 + " ring 070-123 45 67 om något mer händer vid skolan i kväll."
    reference = new_tip(client, text=text)

    excerpt = _queue_excerpts(client, analyst)[reference]

    assert excerpt.endswith("…")
    assert "45 67" not in excerpt
    assert "070" not in excerpt


def test_a_redaction_replaces_the_excerpt(app: Any, client: Any) -> None:
    analyst = as_role(app, client, "analyst")
    reference = new_tip(client, text=PHONE_TEXT)
    etag = client.get(f"/api/v1/queue/{reference}", headers=analyst).headers["ETag"]

    response = client.post(
        f"/api/v1/queue/{reference}/redact",
        json={"text": "Mopeder vid en adress i centrum.", "reason": "Namn och nummer"},
        headers={**analyst, "If-Match": etag},
    )

    assert response.status_code == 200, response.get_json()
    assert _queue_excerpts(client, analyst)[reference] == "Mopeder vid en adress i centrum."


def test_an_erased_item_has_no_excerpt_left(app: Any, client: Any) -> None:
    analyst = as_role(app, client, "analyst")
    reference = new_tip(client, text=PHONE_TEXT)

    response = client.post(
        f"/api/v1/queue/{reference}/erase",
        json={"reason": "Begäran om radering"},
        headers=analyst,
    )

    assert response.status_code == 200, response.get_json()
    assert _queue_excerpts(client, analyst)[reference] == ""


def test_flask_triage_remask_rewrites_excerpts_stored_under_older_rules(
    app: Any, client: Any
) -> None:
    from tipsapp.extensions import db

    analyst = as_role(app, client, "analyst")
    reference = new_tip(client, text=PHONE_TEXT)
    with app.app_context():
        # As if an older masking had let the number through.
        db.session.execute(
            update(TriageItem)
            .where(TriageItem.reference == reference)
            .values(masked_excerpt="Ring 070-123 45 67")
        )
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["triage", "remask"])

    assert result.exit_code == 0, result.output
    assert "rewrote the masked excerpt of 1 items" in result.output
    excerpt = _queue_excerpts(client, analyst)[reference]
    assert "070-123 45 67" not in excerpt
    assert "mopederna" in excerpt
