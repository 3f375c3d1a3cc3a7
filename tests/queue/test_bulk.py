"""POST /api/v1/queue:bulk: one action on many items, each done as its single action."""

from __future__ import annotations

from typing import Any

import pytest

from tests.console.test_session import CSRF_META, form_login
from tests.factories import Staff, as_role, etag_of, login_as, make_user, new_tip
from tipsapp.console.session import CSRF_HEADER
from tipsapp.triage.schemas import BULK_MAX_ITEMS

BULK = "/api/v1/queue:bulk"


def status_of(client: Any, headers: dict[str, str], reference: str) -> str:
    return str(client.get(f"/api/v1/queue/{reference}", headers=headers).get_json()["status"])


def bulk(client: Any, headers: dict[str, str], action: str, items: list[Any], **extra: Any) -> Any:
    body = {
        "action": action,
        "items": [{"reference": ref, "etag": etag} for ref, etag in items],
        **extra,
    }
    return client.post(BULK, json=body, headers=headers)


def audit_for(app: Any, client: Any, reference: str, action: str) -> list[dict[str, Any]]:
    admin = as_role(app, client, "admin")
    response = client.get("/api/v1/audit", query_string={"target": reference}, headers=admin)
    assert response.status_code == 200
    return [entry for entry in response.get_json()["items"] if entry["action"] == action]


def test_the_route_is_the_collections_custom_method_not_an_items_path(app: Any) -> None:
    rules = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}

    assert rules["/api/v1/queue:bulk"] == "queue.QueueBulk"
    assert "/api/v1/queue/:bulk" not in rules


def test_mixed_outcomes_are_answered_per_item_in_request_order(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    fresh = new_tip(client)
    stale = new_tip(client)
    stale_etag = etag_of(client, analyst, stale)
    client.patch(f"/api/v1/queue/{stale}", json={"priority": 500}, headers=analyst)
    rejected = new_tip(client)
    client.post(f"/api/v1/queue/{rejected}/reject", json={"reason": "Spam"}, headers=analyst)
    elsewhere = new_tip(client, area="varnamo")  # not in the analyst's areas

    response = bulk(
        client,
        analyst,
        "queue",
        [
            (fresh, etag_of(client, analyst, fresh)),
            (stale, stale_etag),
            (rejected, etag_of(client, analyst, rejected)),
            ("NOSUCHREF", '"v1"'),
            (elsewhere, '"v1"'),
        ],
    )

    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    done, changed, refused, unknown, hidden = answer["results"]
    assert done == {
        "reference": fresh,
        "outcome": "done",
        "etag": etag_of(client, analyst, fresh),
        "status": "queued",
        "code": None,
    }
    assert changed == {
        "reference": stale,
        "outcome": "changed",
        "etag": etag_of(client, analyst, stale),
        "status": "new",
        "code": "precondition_failed",
    }
    assert changed["etag"] != stale_etag
    assert refused == {
        "reference": rejected,
        "outcome": "not_allowed",
        "etag": None,
        "status": "rejected",
        "code": "invalid_transition",
    }
    for missing, reference in ((unknown, "NOSUCHREF"), (hidden, elsewhere)):
        assert missing == {
            "reference": reference,
            "outcome": "not_found",
            "etag": None,
            "status": None,
            "code": "not_found",
        }
    assert answer["summary"] == {"done": 1, "changed": 1, "not_allowed": 1, "not_found": 2}
    assert status_of(client, analyst, stale) == "new"
    assert status_of(client, analyst, rejected) == "rejected"


def test_the_new_etags_serve_a_follow_up_single_action(
    client: Any, analyst: dict[str, str]
) -> None:
    references = [new_tip(client) for _ in range(3)]

    answer = bulk(
        client, analyst, "queue", [(ref, etag_of(client, analyst, ref)) for ref in references]
    ).get_json()

    for result in answer["results"]:
        response = client.post(
            f"/api/v1/queue/{result['reference']}/unqueue",
            json={},
            headers={**analyst, "If-Match": result["etag"]},
        )
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == "triaged"


def test_categorise_sets_the_category_and_triages_new_items(
    client: Any, analyst: dict[str, str]
) -> None:
    references = [new_tip(client) for _ in range(2)]

    answer = bulk(
        client,
        analyst,
        "categorise",
        [(ref, etag_of(client, analyst, ref)) for ref in references],
        category="vandalism",
    ).get_json()

    assert answer["summary"] == {"done": 2, "changed": 0, "not_allowed": 0, "not_found": 0}
    for reference in references:
        item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
        assert (item["category"], item["status"]) == ("vandalism", "triaged")


def test_reject_keeps_the_reason_on_every_item(client: Any, analyst: dict[str, str]) -> None:
    references = [new_tip(client) for _ in range(2)]

    bulk(
        client,
        analyst,
        "reject",
        [(ref, etag_of(client, analyst, ref)) for ref in references],
        reason="Reklam",
    )

    for reference in references:
        item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
        assert (item["status"], item["rejection_reason"]) == ("rejected", "Reklam")


def test_archive_and_unqueue_follow_the_single_actions_rules(
    client: Any, analyst: dict[str, str]
) -> None:
    queued = new_tip(client)
    client.post(f"/api/v1/queue/{queued}/queue", json={}, headers=analyst)
    fresh = new_tip(client)

    archive = bulk(
        client,
        analyst,
        "archive",
        [(ref, etag_of(client, analyst, ref)) for ref in (queued, fresh)],
    ).get_json()
    unqueue = bulk(
        client, analyst, "unqueue", [(queued, etag_of(client, analyst, queued))]
    ).get_json()

    # Archive applies to triaged and reported items only, as POST /archive.
    assert [r["outcome"] for r in archive["results"]] == ["not_allowed", "not_allowed"]
    assert unqueue["results"][0]["status"] == "triaged"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "queue", "items": []}, "items"),
        (
            {
                "action": "queue",
                "items": [
                    {"reference": f"REF{n}", "etag": '"v1"'} for n in range(BULK_MAX_ITEMS + 1)
                ],
            },
            "items",
        ),
        ({"action": "reject", "items": [{"reference": "A1", "etag": '"v1"'}]}, "reason"),
        (
            {"action": "reject", "reason": "  ", "items": [{"reference": "A1", "etag": '"v1"'}]},
            "reason",
        ),
        ({"action": "categorise", "items": [{"reference": "A1", "etag": '"v1"'}]}, "category"),
        (
            {
                "action": "categorise",
                "category": "no_such_category",
                "items": [{"reference": "A1", "etag": '"v1"'}],
            },
            "category",
        ),
        (
            {
                "action": "queue",
                "category": "vandalism",
                "items": [{"reference": "A1", "etag": '"v1"'}],
            },
            "category",
        ),
        (
            {
                "action": "queue",
                "items": [{"reference": "A1", "etag": '"v1"'}, {"reference": "a1", "etag": '"v2"'}],
            },
            "items",
        ),
        ({"action": "reopen", "items": [{"reference": "A1", "etag": '"v1"'}]}, "action"),
        ({"action": "queue", "items": [{"reference": "A1"}]}, "items"),
    ],
    ids=[
        "empty",
        "too-many",
        "reject-without-reason",
        "reject-blank-reason",
        "categorise-without-category",
        "unknown-category",
        "category-for-another-action",
        "duplicate-references",
        "unknown-action",
        "item-without-etag",
    ],
)
def test_invalid_requests_name_the_field_and_change_nothing(
    client: Any, analyst: dict[str, str], body: dict[str, Any], field: str
) -> None:
    reference = new_tip(client)
    for item in body["items"]:
        # "A1" stands for a real item; "a1" is the same one written in lower case.
        item["reference"] = {"A1": reference, "a1": reference.lower()}.get(
            item["reference"], item["reference"]
        )

    response = client.post(BULK, json=body, headers=analyst)

    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert field in error["fields"]
    assert status_of(client, analyst, reference) == "new"


def test_each_change_is_audited_as_its_single_action_and_refusals_are_not(
    app: Any, client: Any, analyst_user: Staff, analyst: dict[str, str]
) -> None:
    single = new_tip(client)
    client.post(f"/api/v1/queue/{single}/reject", json={"reason": "Spam"}, headers=analyst)
    in_bulk = [new_tip(client) for _ in range(2)]
    stale = new_tip(client)

    bulk(
        client,
        analyst,
        "reject",
        [*[(ref, etag_of(client, analyst, ref)) for ref in in_bulk], (stale, '"v99"')],
        reason="Spam",
    )

    (expected,) = audit_for(app, client, single, "item.reject")
    for reference in in_bulk:
        (entry,) = audit_for(app, client, reference, "item.reject")
        assert entry["actor"] == analyst_user.email
        assert {k: v for k, v in entry.items() if k not in {"id", "at", "target"}} == {
            k: v for k, v in expected.items() if k not in {"id", "at", "target"}
        }
    assert audit_for(app, client, stale, "item.reject") == []


def test_categorise_is_audited_as_the_single_update(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client)

    bulk(
        client,
        analyst,
        "categorise",
        [(reference, etag_of(client, analyst, reference))],
        category="vandalism",
        reason="Klotter",
    )

    (entry,) = audit_for(app, client, reference, "item.update")
    assert entry["reason"] == "Klotter"
    assert entry["detail"] == {"category": {"before": None, "after": "vandalism"}}


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_partners_and_viewers_are_forbidden(app: Any, client: Any, role: str) -> None:
    headers = as_role(app, client, role)
    reference = new_tip(client)

    response = bulk(client, headers, "queue", [(reference, '"v1"')])

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_without_a_token_the_answer_is_401(client: Any) -> None:
    response = bulk(client, {}, "queue", [("A1", '"v1"')])

    assert response.status_code == 401


def test_a_request_of_many_items_counts_once_against_the_rate_limit(make_app: Any) -> None:
    app = make_app(RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    analyst = login_as(client, make_user(app, "analyst"))
    references = [new_tip(client) for _ in range(5)]
    items = [(ref, '"v1"') for ref in references]

    first = bulk(client, analyst, "queue", items)
    second = bulk(client, analyst, "unqueue", items)
    third = bulk(client, analyst, "queue", items)

    assert first.status_code == 200, first.get_json()
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert first.get_json()["summary"]["done"] == 5
    assert second.status_code == 200
    assert third.status_code == 429


def test_from_the_console_the_session_cookie_needs_the_csrf_token(app: Any, client: Any) -> None:
    reference = new_tip(client)
    form_login(client, make_user(app, "analyst"))
    token = CSRF_META.search(client.get("/staff").get_data(as_text=True))
    assert token is not None
    body = {"action": "queue", "items": [{"reference": reference, "etag": '"v1"'}]}

    refused = client.post(BULK, json=body)
    done = client.post(BULK, json=body, headers={CSRF_HEADER: token.group(1)})

    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["summary"]["done"] == 1
