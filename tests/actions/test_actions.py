"""Actions (insatser): creating them from queue items, who may do what, the status table, audit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.actions.walking import join, observe, plan_walk
from tests.factories import Org, Staff, as_role, login_as, make_org, make_user, send_tip
from tipsapp.actions.models import ACTION_STATUSES, ACTION_TRANSITIONS
from tipsapp.audit.models import AuditEntry

# How to reach each status from a new (planned) action.
PATH_TO: dict[str, list[dict[str, str]]] = {
    "planned": [],
    "in_progress": [{"status": "in_progress"}],
    "done": [{"status": "done"}],
    "wont_do": [{"status": "wont_do", "reason": "Ingen budget i år."}],
}


@pytest.fixture
def analyst_user(app: Any) -> Staff:
    return make_user(app, "analyst", display_name="Alva Analytiker")


@pytest.fixture
def analyst(client: Any, analyst_user: Staff) -> dict[str, str]:
    return login_as(client, analyst_user)


@pytest.fixture
def partner_org(app: Any) -> Org:
    return make_org(app, "Gislavedshem", kind="partner")


@pytest.fixture
def observation(client: Any, analyst: dict[str, str]) -> tuple[str, str]:
    """A walk and one observation on it: (walk id, observation reference)."""
    walk = plan_walk(client, analyst)
    reference = observe(
        client, walk["id"], join(client, walk), "lighting", place="Gångtunneln", text="Mörkt."
    )
    return walk["id"], reference


def create(client: Any, headers: dict[str, str], **body: Any) -> Any:
    return client.post("/api/v1/actions", json=body, headers=headers)


def must_create(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = create(client, headers, **body)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def set_status(client: Any, headers: dict[str, str], action_id: str, **body: Any) -> Any:
    return client.post(f"/api/v1/actions/{action_id}/status", json=body, headers=headers)


def audit_for(app: Any, action_id: str) -> list[AuditEntry]:
    from tipsapp.extensions import db

    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.target_ref == action_id).order_by(AuditEntry.id)
        ).all()
        db.session.expunge_all()
        return list(entries)


# --- creating --------------------------------------------------------------------------------


def test_an_observation_becomes_an_action(
    app: Any,
    client: Any,
    analyst: dict[str, str],
    analyst_user: Staff,
    partner_org: Org,
    observation: tuple[str, str],
) -> None:
    walk_id, reference = observation

    action = must_create(
        client,
        analyst,
        title="Byt armaturer i gångtunneln",
        description="Två armaturer är trasiga.",
        owner=partner_org.id,
        due_date="2026-12-31",
        item=reference,
    )

    assert action["area"] == "gislaved"
    assert action["item"] == reference
    assert action["walk"] == walk_id  # from the observation
    assert action["owner"] == {"id": partner_org.id, "name": "Gislavedshem"}
    assert action["status"] == "planned"
    assert action["due_date"] == "2026-12-31"
    (entry,) = audit_for(app, action["id"])
    assert entry.action == "action.create"
    assert entry.actor_email == analyst_user.email
    assert entry.detail == {
        "title": "Byt armaturer i gångtunneln",
        "owner": partner_org.id,
        "item": reference,
        "walk": walk_id,
        "due_date": "2026-12-31",
    }


def test_a_tip_or_a_walk_or_an_area_can_carry_an_action(
    client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    walk_id, _reference = observation
    tip = send_tip(client).get_json()["reference"]

    from_tip = must_create(
        client, analyst, title="Kontakta fastighetsägaren", owner=partner_org.id, item=tip
    )
    from_walk = must_create(client, analyst, title="Röj buskar", owner=partner_org.id, walk=walk_id)
    in_area = must_create(
        client, analyst, title="Fler nattvandrare", owner=partner_org.id, area="gislaved"
    )

    assert (from_tip["item"], from_tip["walk"], from_tip["area"]) == (tip, None, "gislaved")
    assert (from_walk["item"], from_walk["walk"]) == (None, walk_id)
    assert (in_area["item"], in_area["walk"], in_area["area"]) == (None, None, "gislaved")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"item": "O-XXXX-XXXX"}, "item"),
        ({"walk": "no-such-walk"}, "walk"),
        ({"area": "no-such-area"}, "area"),
        ({}, "area"),
        ({"area": "varnamo"}, "area"),  # not the analyst's area
        ({"area": "gislaved", "owner": "no-such-organisation"}, "owner"),
    ],
)
def test_what_an_action_is_about_must_be_known(
    client: Any, analyst: dict[str, str], partner_org: Org, body: dict[str, Any], field: str
) -> None:
    response = create(client, analyst, **{"title": "Något", "owner": partner_org.id, **body})

    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_the_owner_must_work_in_the_area(
    app: Any, client: Any, analyst: dict[str, str], observation: tuple[str, str]
) -> None:
    elsewhere = make_org(app, "Värnamo Energi", kind="partner", areas=("varnamo",))

    response = create(client, analyst, title="Belysning", owner=elsewhere.id, item=observation[1])

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "owner": ["The organisation's agreement does not cover this area."]
    }


def test_item_and_walk_must_agree(
    client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    other_walk = plan_walk(client, analyst, title="En annan vandring")

    response = create(
        client,
        analyst,
        title="Belysning",
        owner=partner_org.id,
        item=observation[1],
        walk=other_walk["id"],
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "walk": ["The observation was made on another walk."]
    }


# --- the status table ------------------------------------------------------------------------


@pytest.mark.parametrize("after", ACTION_STATUSES)
@pytest.mark.parametrize("before", ACTION_STATUSES)
def test_status_moves_follow_the_table(
    client: Any,
    analyst: dict[str, str],
    partner_org: Org,
    observation: tuple[str, str],
    before: str,
    after: str,
) -> None:
    action = must_create(
        client, analyst, title="Belysning", owner=partner_org.id, item=observation[1]
    )
    for step in PATH_TO[before]:
        assert set_status(client, analyst, action["id"], **step).status_code == 200

    response = set_status(client, analyst, action["id"], status=after, reason="Se protokollet.")

    if after in ACTION_TRANSITIONS[before]:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == after
        assert response.get_json()["status_reason"] == "Se protokollet."
    else:
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "invalid_transition"
        assert error["message"] == f"Cannot go from '{before}' to '{after}'."
        assert error["fields"] == {
            "status": [f"Allowed from '{before}': {sorted(ACTION_TRANSITIONS[before])}"]
        }
        current = client.get(f"/api/v1/actions/{action['id']}", headers=analyst).get_json()
        assert current["status"] == before


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_wont_do_needs_a_reason(
    client: Any,
    analyst: dict[str, str],
    partner_org: Org,
    observation: tuple[str, str],
    reason: str | None,
) -> None:
    action = must_create(
        client, analyst, title="Belysning", owner=partner_org.id, item=observation[1]
    )
    body: dict[str, Any] = {"status": "wont_do"}
    if reason is not None:
        body["reason"] = reason

    response = set_status(client, analyst, action["id"], **body)

    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["reason"]
    assert client.get(f"/api/v1/actions/{action['id']}", headers=analyst).get_json()["status"] == (
        "planned"
    )


# --- who may do what -------------------------------------------------------------------------


def test_viewers_may_not_touch_actions(
    app: Any, client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    action = must_create(
        client, analyst, title="Belysning", owner=partner_org.id, item=observation[1]
    )
    viewer = as_role(app, client, "viewer")

    assert client.get("/api/v1/actions", headers=viewer).status_code == 403
    assert client.get(f"/api/v1/actions/{action['id']}", headers=viewer).status_code == 403
    assert (
        create(client, viewer, title="X", owner=partner_org.id, area="gislaved").status_code == 403
    )
    assert set_status(client, viewer, action["id"], status="done").status_code == 403
    assert client.get("/api/v1/actions").status_code == 401


def test_partners_see_and_move_only_their_own_actions(
    app: Any, client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    other_org = make_org(app, "Tekniska kontoret", kind="municipality")
    own = must_create(client, analyst, title="Belysning", owner=partner_org.id, item=observation[1])
    theirs = must_create(client, analyst, title="Röjning", owner=other_org.id, item=observation[1])
    partner = login_as(client, make_user(app, "partner", org=partner_org))

    listed = client.get("/api/v1/actions", headers=partner).get_json()["items"]
    assert [a["id"] for a in listed] == [own["id"]]
    assert client.get(f"/api/v1/actions/{theirs['id']}", headers=partner).status_code == 404
    assert set_status(client, partner, theirs["id"], status="done").status_code == 404

    moved = set_status(client, partner, own["id"], status="in_progress", reason="Beställt.")
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["status"] == "in_progress"

    # Nothing else: not the title, not a new action.
    patch = client.patch(f"/api/v1/actions/{own['id']}", json={"title": "Annat"}, headers=partner)
    assert patch.status_code == 403
    assert (
        create(client, partner, title="Egen", owner=partner_org.id, area="gislaved").status_code
        == 403
    )


def test_analysts_of_another_area_see_nothing(
    app: Any, client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    action = must_create(
        client, analyst, title="Belysning", owner=partner_org.id, item=observation[1]
    )
    elsewhere = as_role(app, client, "analyst", areas=("varnamo",))

    assert client.get(f"/api/v1/actions/{action['id']}", headers=elsewhere).status_code == 404
    patch = client.patch(
        f"/api/v1/actions/{action['id']}", json={"title": "Annat"}, headers=elsewhere
    )
    assert patch.status_code == 404
    assert set_status(client, elsewhere, action["id"], status="done").status_code == 404
    assert client.get("/api/v1/actions", headers=elsewhere).get_json()["items"] == []
    # Nor may they hang an action on an item they cannot see.
    response = create(client, elsewhere, title="Annat", owner=partner_org.id, item=observation[1])
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"item": ["Unknown item."]}


# --- editing, listing, audit -----------------------------------------------------------------


def test_edits_are_audited_with_before_and_after(
    app: Any, client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    other_org = make_org(app, "Tekniska kontoret", kind="municipality")
    action = must_create(
        client, analyst, title="Belysning", owner=partner_org.id, item=observation[1]
    )

    response = client.patch(
        f"/api/v1/actions/{action['id']}",
        json={"title": "Ny belysning", "due_date": "2027-03-01", "owner": other_org.id},
        headers=analyst,
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["owner"]["name"] == "Tekniska kontoret"
    assert (
        set_status(
            client, analyst, action["id"], status="wont_do", reason="Vägen rivs."
        ).status_code
        == 200
    )
    # The status has its own endpoint, with its rules.
    sneaky = client.patch(
        f"/api/v1/actions/{action['id']}", json={"status": "done"}, headers=analyst
    )
    assert sneaky.status_code == 422

    entries = audit_for(app, action["id"])
    assert [e.action for e in entries] == ["action.create", "action.update", "action.status"]
    assert entries[1].detail == {
        "title": {"before": "Belysning", "after": "Ny belysning"},
        "due_date": {"before": None, "after": "2027-03-01"},
        "owner": {"before": partner_org.id, "after": other_org.id},
    }
    assert entries[2].reason == "Vägen rivs."
    assert entries[2].detail == {"status": {"before": "planned", "after": "wont_do"}}


def test_list_filters(
    app: Any, client: Any, analyst: dict[str, str], partner_org: Org, observation: tuple[str, str]
) -> None:
    walk_id, reference = observation
    first = must_create(
        client,
        analyst,
        title="Belysning",
        owner=partner_org.id,
        item=reference,
        due_date="2026-06-01",
    )
    second = must_create(
        client, analyst, title="Fler nattvandrare", owner=partner_org.id, area="gislaved"
    )
    set_status(client, analyst, second["id"], status="in_progress")

    def ids(query: str) -> list[str]:
        response = client.get(f"/api/v1/actions{query}", headers=analyst)
        assert response.status_code == 200, response.get_json()
        return [a["id"] for a in response.get_json()["items"]]

    assert ids("") == [first["id"], second["id"]]  # dated first
    assert ids("?status=in_progress") == [second["id"]]
    assert ids(f"?walk={walk_id}") == [first["id"]]
    assert ids(f"?owner={partner_org.id}&area=gislaved") == [first["id"], second["id"]]
    assert ids("?area=varnamo") == []
    assert ids("?walk=no-such-walk") == []
