"""Who may call what, and which items each role sees: the role matrix and per-object rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import DEFAULT_PASSWORD, as_role, make_org, make_user, send_tip

ALL = frozenset({"admin", "analyst", "partner", "viewer", "reporter"})
REPORTER = frozenset({"reporter"})
ANALYSTS = frozenset({"admin", "analyst"})
ADMIN = frozenset({"admin"})
PARTNER = frozenset({"partner"})
SENSITIVE = ("drugs", "violence", "sexual_offence", "domestic_violence", "online_abuse")

# (method, path, JSON body, roles allowed); {ref}, {other}, {user} and {org} are filled in.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, frozenset[str]]] = [
    ("GET", "/api/v1/queue", None, ANALYSTS),
    ("GET", "/api/v1/queue/shared", None, PARTNER),
    ("GET", "/api/v1/queue/{ref}", None, ANALYSTS),
    ("PATCH", "/api/v1/queue/{ref}", {"category": "vandalism"}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/notes", {"body": "Ring kommunen."}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/messages", {"body": "Tack för tipset!"}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/queue", {}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/unqueue", {}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/reject", {"reason": "Spam"}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/reopen", {}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/archive", {}, ANALYSTS),
    ("POST", "/api/v1/queue/{ref}/duplicate", {"of": "{other}"}, ANALYSTS),
    (
        "POST",
        "/api/v1/queue/{ref}/share",
        {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."},
        ANALYSTS,
    ),
    ("POST", "/api/v1/queue/{ref}/redact", {"text": "Lampor släckta.", "reason": "x"}, ANALYSTS),
    ("GET", "/api/v1/queue/{ref}/similar", None, ANALYSTS),
    ("GET", "/api/v1/audit", None, ADMIN),
    ("GET", "/api/v1/staff/users", None, ADMIN),
    (
        "POST",
        "/api/v1/staff/users",
        {
            "email": "ny@example.se",
            "display_name": "Ny",
            "password": "twelve chars",
            "role": "viewer",
            "organisation": "{org}",
        },
        ADMIN,
    ),
    ("PATCH", "/api/v1/staff/users/{user}", {"role": "analyst"}, ADMIN),
    ("GET", "/api/v1/staff/organisations", None, ADMIN),
    (
        "POST",
        "/api/v1/staff/organisations",
        {"name": "Fastighetsbolaget", "kind": "partner", "areas": ["varnamo"]},
        ADMIN,
    ),
    ("PATCH", "/api/v1/staff/organisations/{org}", {"areas": ["gislaved"]}, ADMIN),
    ("GET", "/api/v1/staff/me", None, ALL),
    ("GET", "/api/v1/est-reports", None, REPORTER),
    ("POST", "/api/v1/auth/logout", None, ALL),
    (
        "POST",
        "/api/v1/auth/password",
        {"current_password": DEFAULT_PASSWORD, "new_password": "another long password"},
        ALL,
    ),
]
ENDPOINT_IDS = [f"{method} {path}" for method, path, _, _ in ENDPOINTS]


def _fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, dict):
        return {key: _fill(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, names) for item in value]
    return value


@pytest.fixture
def names(app: Any, client: Any) -> dict[str, str]:
    """Real ids for the path placeholders: two tips, a user and an organisation."""
    return {
        "ref": send_tip(client).get_json()["reference"],
        "other": send_tip(client, text="Belysningen i gångtunneln är trasig.").get_json()[
            "reference"
        ],
        "user": make_user(app, "viewer").id,
        "org": make_org(app, kind="partner").id,
    }


def call(
    client: Any,
    endpoint: tuple[str, str, dict[str, Any] | None, frozenset[str]],
    names: dict[str, str],
    headers: dict[str, str],
) -> Any:
    method, path, body, _ = endpoint
    return client.open(_fill(path, names), method=method, json=_fill(body, names), headers=headers)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_every_staff_endpoint_needs_a_token(
    client: Any, names: dict[str, str], endpoint: Any
) -> None:
    response = call(client, endpoint, names, {})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_role_matrix(
    app: Any, client: Any, names: dict[str, str], endpoint: Any, role: str
) -> None:
    headers = as_role(app, client, role)

    response = call(client, endpoint, names, headers)

    if role in endpoint[3]:
        assert response.status_code not in (401, 403), response.get_json()
        assert response.status_code < 500
    else:
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"


def test_forbidden_write_changes_nothing(app: Any, client: Any) -> None:
    reference = send_tip(client).get_json()["reference"]
    viewer = as_role(app, client, "viewer")
    analyst = as_role(app, client, "analyst")

    client.post(f"/api/v1/queue/{reference}/reject", json={"reason": "Spam"}, headers=viewer)

    assert client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()["status"] == "new"


# --- analysts see their agreement's areas ----------------------------------------------------


@pytest.fixture
def varnamo_analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("varnamo",))


def test_analyst_gets_404_for_a_tip_outside_the_agreement(
    client: Any, varnamo_analyst: dict[str, str]
) -> None:
    reference = send_tip(client, area="gislaved").get_json()["reference"]

    response = client.get(f"/api/v1/queue/{reference}", headers=varnamo_analyst)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "", {"category": "vandalism"}),
        ("POST", "/reject", {"reason": "Spam"}),
        ("POST", "/notes", {"body": "Kolla"}),
        ("POST", "/messages", {"body": "Hej"}),
        (
            "POST",
            "/share",
            {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."},
        ),
        ("GET", "/similar", None),
    ],
)
def test_analyst_cannot_act_on_a_tip_outside_the_agreement(
    client: Any, varnamo_analyst: dict[str, str], method: str, path: str, body: Any
) -> None:
    reference = send_tip(client, area="gislaved").get_json()["reference"]

    response = client.open(
        f"/api/v1/queue/{reference}{path}", method=method, json=body, headers=varnamo_analyst
    )

    assert response.status_code == 404


def test_analyst_list_and_counts_hold_only_the_agreement_areas(
    client: Any, varnamo_analyst: dict[str, str]
) -> None:
    send_tip(client, area="gislaved")
    mine = send_tip(client, area="varnamo").get_json()["reference"]

    page = client.get("/api/v1/queue", headers=varnamo_analyst).get_json()
    asked_for_gislaved = client.get(
        "/api/v1/queue", query_string={"area": "gislaved"}, headers=varnamo_analyst
    ).get_json()

    assert [item["reference"] for item in page["items"]] == [mine]
    assert sum(page["counts"].values()) == 1
    assert asked_for_gislaved["items"] == []
    assert sum(asked_for_gislaved["counts"].values()) == 0


def test_analyst_cannot_merge_into_a_tip_outside_the_agreement(
    client: Any, varnamo_analyst: dict[str, str]
) -> None:
    mine = send_tip(client, area="varnamo").get_json()["reference"]
    theirs = send_tip(client, area="gislaved").get_json()["reference"]

    response = client.post(
        f"/api/v1/queue/{mine}/duplicate", json={"of": theirs}, headers=varnamo_analyst
    )

    assert response.status_code == 422
    assert "of" in response.get_json()["error"]["fields"]


def test_admin_sees_every_area(app: Any, client: Any) -> None:
    send_tip(client, area="gislaved")
    send_tip(client, area="varnamo")
    admin = as_role(app, client, "admin", areas=())

    page = client.get("/api/v1/queue", headers=admin).get_json()

    assert len(page["items"]) == 2


# --- partners see shared, masked, non-sensitive items ----------------------------------------


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst")


@pytest.fixture
def partner(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "partner")


def share(client: Any, reference: str, headers: dict[str, str], shared: bool = True) -> Any:
    body: dict[str, Any] = {"shared": shared}
    if shared:
        body["partner_summary"] = "Trasig belysning vid gångtunneln."
    return client.post(f"/api/v1/queue/{reference}/share", json=body, headers=headers)


def shared_list(client: Any, partner: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get("/api/v1/queue/shared", headers=partner)
    assert response.status_code == 200
    return list(response.get_json()["items"])


def test_partner_sees_only_items_shared_with_partners(
    client: Any, analyst: dict[str, str], partner: dict[str, str]
) -> None:
    shared = send_tip(client).get_json()["reference"]
    send_tip(client, text="Klotter på busskuren vid torget igen.", category="vandalism")

    assert share(client, shared, analyst).status_code == 200

    assert [item["reference"] for item in shared_list(client, partner)] == [shared]


def test_partner_stops_seeing_an_item_when_sharing_ends(
    client: Any, analyst: dict[str, str], partner: dict[str, str]
) -> None:
    reference = send_tip(client).get_json()["reference"]
    share(client, reference, analyst)

    share(client, reference, analyst, shared=False)

    assert shared_list(client, partner) == []


@pytest.mark.parametrize("category", SENSITIVE)
def test_partner_never_sees_a_tip_the_resident_put_in_a_sensitive_category(
    client: Any, analyst: dict[str, str], partner: dict[str, str], category: str
) -> None:
    reference = send_tip(client, category=category).get_json()["reference"]

    response = share(client, reference, analyst)

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"
    assert shared_list(client, partner) == []


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("Det säljs knark och hasch bakom skolan varje kväll.", "drugs"),
        ("Han misshandlade en kille utanför pizzerian.", "violence"),
    ],
)
def test_partner_never_sees_a_tip_the_suggestion_finds_sensitive(
    client: Any,
    analyst: dict[str, str],
    partner: dict[str, str],
    text: str,
    suggested: str,
) -> None:
    reference = send_tip(client, text=text, category="other").get_json()["reference"]
    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
    assert item["suggestion"]["category"] == suggested

    assert share(client, reference, analyst).status_code == 409
    assert shared_list(client, partner) == []


@pytest.mark.parametrize("category", SENSITIVE)
def test_partner_never_sees_a_tip_an_analyst_put_in_a_sensitive_category(
    client: Any, analyst: dict[str, str], partner: dict[str, str], category: str
) -> None:
    reference = send_tip(client).get_json()["reference"]
    share(client, reference, analyst)

    client.patch(f"/api/v1/queue/{reference}", json={"category": category}, headers=analyst)

    assert shared_list(client, partner) == []


def test_partner_never_sees_a_tip_once_named_sensitive_even_after_recategorising(
    client: Any, analyst: dict[str, str], partner: dict[str, str]
) -> None:
    reference = send_tip(client, category="drugs").get_json()["reference"]

    client.patch(f"/api/v1/queue/{reference}", json={"category": "vandalism"}, headers=analyst)

    assert share(client, reference, analyst).status_code == 409
    assert shared_list(client, partner) == []


def test_partner_reads_the_summary_and_not_even_the_masked_text(
    client: Any, analyst: dict[str, str], partner: dict[str, str]
) -> None:
    text = "Lamporna är släckta, ring mig på 070-123 45 67 eller skriv till ana@example.se."
    reference = send_tip(client, text=text).get_json()["reference"]
    share(client, reference, analyst)

    (item,) = shared_list(client, partner)

    assert item["partner_summary"] == "Trasig belysning vid gångtunneln."
    assert "Lamporna" not in str(item)
    assert client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()["text"] == text


def test_partner_never_sees_notes_messages_or_coordinates(
    client: Any, analyst: dict[str, str], partner: dict[str, str]
) -> None:
    reference = send_tip(client).get_json()["reference"]
    client.post(
        f"/api/v1/queue/{reference}/notes", json={"body": "INTERN-ANTECKNING"}, headers=analyst
    )
    client.post(
        f"/api/v1/queue/{reference}/messages",
        json={"body": "MEDDELANDE-TILL-TIPSARE"},
        headers=analyst,
    )
    share(client, reference, analyst)

    response = client.get("/api/v1/queue/shared", headers=partner)

    (item,) = response.get_json()["items"]
    assert set(item) == {
        "reference",
        "area",
        "district",
        "status",
        "effective_category",
        "partner_summary",
        "received_at",
    }
    body = response.get_data(as_text=True)
    assert "INTERN-ANTECKNING" not in body
    assert "MEDDELANDE-TILL-TIPSARE" not in body
    assert "57.3048" not in body


def test_partner_sees_only_shared_items_in_the_agreement_areas(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = send_tip(client, area="gislaved").get_json()["reference"]
    share(client, reference, analyst)
    varnamo_partner = as_role(app, client, "partner", areas=("varnamo",))

    assert shared_list(client, varnamo_partner) == []


def test_partner_reads_are_audited(
    app: Any, client: Any, analyst: dict[str, str], partner: dict[str, str]
) -> None:
    reference = send_tip(client).get_json()["reference"]
    share(client, reference, analyst)
    shared_list(client, partner)
    admin = as_role(app, client, "admin")

    entries = client.get(
        "/api/v1/audit", query_string={"target": reference, "action": "item.read"}, headers=admin
    ).get_json()["items"]

    assert [entry["detail"] for entry in entries] == [{"view": "partner"}]
