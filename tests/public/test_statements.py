"""Statements: analysts publish and take down, anyone reads them on the follow-up."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.factories import as_role, login_as, make_user
from tests.public.helpers import followup, next_report_id, publish_tips, seed_districts
from tipsapp.audit.models import AuditEntry


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    seed_districts(app)
    return login_as(client, make_user(app, "analyst"))


def post(client: Any, headers: dict[str, str] | None, **body: Any) -> Any:
    payload = {
        "area": "gislaved",
        "title": "Ingen skottlossning i Gislaved",
        "body": "Det som sprids i sociala medier stämmer inte.",
        **body,
    }
    return client.post("/api/v1/public/statements", json=payload, headers=headers or {})


def test_only_analysts_and_admins_publish(client: Any, app: Any) -> None:
    assert post(client, None).status_code == 401
    for role in ("viewer", "partner"):
        assert post(client, as_role(app, client, role)).status_code == 403
    assert post(client, as_role(app, client, "analyst")).status_code == 201
    assert post(client, as_role(app, client, "admin")).status_code == 201


def test_statement_linked_to_a_report_newest_first(client: Any, app: Any, analyst: Any) -> None:
    publish_tips(client, analyst, 1)
    report = client.get("/api/v1/reports?area=gislaved", headers=analyst).get_json()["items"][0]
    first = post(client, analyst, title="Om inbrotten", report=report["id"])
    assert first.status_code == 201, first.get_json()
    second = post(client, analyst, title="Om ryktet")
    assert second.status_code == 201

    statements = followup(client)["statements"]
    assert [s["title"] for s in statements] == ["Om ryktet", "Om inbrotten"]
    link = statements[1]["report"]
    assert link["number"] == report["number"]
    assert link["period"]["start"] <= link["period"]["last_day"]
    assert statements[0]["report"] is None
    listed = client.get("/api/v1/public/statements?area=gislaved").get_json()["items"]
    assert [s["id"] for s in listed] == [s["id"] for s in statements]
    assert client.get("/api/v1/public/statements?area=varnamo").get_json()["items"] == []


def test_report_must_be_published_and_of_the_area(client: Any, app: Any, analyst: Any) -> None:
    draft = next_report_id(client, analyst)
    response = post(client, analyst, report=draft)
    assert response.status_code == 422
    assert "report" in response.get_json()["error"]["fields"]
    assert post(client, analyst, report="nope").status_code == 422
    assert post(client, analyst, area="varnamo").status_code == 422  # not the analyst's area
    assert post(client, analyst, title="").status_code == 422


def test_delete_is_for_analysts_of_the_area_and_audited(
    client: Any, app: Any, analyst: Any
) -> None:
    statement_id = post(client, analyst).get_json()["id"]
    url = f"/api/v1/public/statements/{statement_id}"
    assert client.delete(url).status_code == 401
    assert client.delete(url, headers=as_role(app, client, "viewer")).status_code == 403
    assert client.delete(url, headers=as_role(app, client, "partner")).status_code == 403
    other_area = as_role(app, client, "analyst", areas=("varnamo",))
    assert client.delete(url, headers=other_area).status_code == 404
    assert client.delete(url, headers=analyst).status_code == 204
    assert client.delete(url, headers=analyst).status_code == 404
    assert followup(client)["statements"] == []
    with app.app_context():
        from tipsapp.extensions import db

        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.target_ref == statement_id)
        ).all()
    assert sorted(actions) == ["statement.delete", "statement.publish"]
