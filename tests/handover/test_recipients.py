"""Recipients per area and category: the admin API, the CLI, and who sees which."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role, new_tip
from tests.handover.conftest import Mailbox, add_recipient, handed_over


def test_admin_adds_lists_and_removes_a_recipient_and_each_change_is_audited(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    added = add_recipient(client, admin, category="unsafe_environment", level="full")

    listed = client.get("/api/v1/recipients", headers=admin).get_json()["items"]
    removed = client.delete(f"/api/v1/recipients/{added['id']}", headers=admin)
    after = client.get("/api/v1/recipients", headers=admin).get_json()["items"]

    assert listed == [added]
    assert added["area"] == "gislaved"
    assert added["category"] == "unsafe_environment"
    assert added["level"] == "full"
    assert removed.status_code == 204
    assert after == []
    actions = [
        entry["action"]
        for entry in client.get(
            "/api/v1/audit", query_string={"target_kind": "recipient"}, headers=admin
        ).get_json()["items"]
    ]
    assert actions == ["recipient.remove", "recipient.add"]


def test_analysts_see_their_areas_recipients_and_may_not_add_any(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    own = add_recipient(client, admin)
    add_recipient(client, admin, area="varnamo", name="Värnamo kommun")

    listed = client.get("/api/v1/recipients", headers=analyst).get_json()["items"]
    refused = client.post(
        "/api/v1/recipients",
        json={
            "name": "X",
            "kind": "email",
            "email": "x@example.se",
            "level": "full",
            "area": "gislaved",
        },
        headers=analyst,
    )

    assert [recipient["id"] for recipient in listed] == [own["id"]]
    assert refused.status_code == 403


def test_recipient_needs_the_address_of_its_kind_and_a_known_area_and_category(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    def post(**body: object) -> dict[str, object]:
        base = {"name": "Mottagare", "kind": "email", "level": "masked", "area": "gislaved"}
        response = client.post("/api/v1/recipients", json={**base, **body}, headers=admin)
        assert response.status_code == 422
        return dict(response.get_json()["error"]["fields"])

    assert "email" in post()
    assert {"endpoint", "service_code"} <= set(post(kind="open311"))
    assert "area" in post(email="a@example.se", area="atlantis")
    assert "category" in post(email="a@example.se", category="no_such_category")
    assert "level" in post(email="a@example.se", level="everything")


def test_a_recipient_for_one_category_is_refused_for_another(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    only_vandalism = add_recipient(client, admin, category="vandalism")
    reference = new_tip(client, category="unsafe_environment")
    detail = client.get(f"/api/v1/queue/{reference}", headers=analyst)
    assert detail.get_json()["effective_category"] != "vandalism"

    response = client.post(
        f"/api/v1/queue/{reference}/handover",
        json={"recipient": only_vandalism["id"], "note": "Hej"},
        headers={**analyst, "If-Match": detail.headers["ETag"]},
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "recipient_not_responsible"


def test_cli_adds_lists_and_removes_recipients(app: Flask) -> None:
    runner = app.test_cli_runner()

    added = runner.invoke(
        args=[
            "recipients",
            "add",
            "gislaved",
            "Polisen, intag",
            "--email",
            "intag@polisen.example",
            "--level",
            "full",
        ]
    )
    listed = runner.invoke(args=["recipients", "list", "--area", "gislaved"])
    recipient_id = added.output.split()[2].rstrip(":")
    removed = runner.invoke(args=["recipients", "remove", recipient_id])
    after = runner.invoke(args=["recipients", "list"])

    assert added.exit_code == 0, added.output
    assert "gislaved  *  full  Polisen, intag <intag@polisen.example>" in listed.output
    assert removed.exit_code == 0, removed.output
    assert after.output == ""


def test_cli_refuses_a_recipient_without_its_address(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["recipients", "add", "gislaved", "Kommunen", "--level", "masked"]
    )

    assert result.exit_code != 0
    assert "email" in result.output


def test_flask_worker_burst_delivers_everything_due_then_stops(
    app: Flask, client: FlaskClient, admin: dict[str, str], mailbox: Mailbox
) -> None:
    recipient = add_recipient(client, admin)
    analyst = as_role(app, client, "analyst")
    for _ in range(3):
        handed_over(client, analyst, new_tip(client), recipient["id"])

    result = app.test_cli_runner().invoke(args=["worker", "--burst", "--interval", "0.1"])

    assert result.exit_code == 0, result.output
    assert "in-process (no Redis)" in result.output
    assert len(mailbox.unique_deliveries()) == len(mailbox.messages) == 3
