"""What analysts do with an item: status moves, decisions, merges, redaction, messages, audit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from tests.factories import Staff, as_role, new_tip, send_tip
from tipsapp.triage.models import ACTION_SOURCES, ITEM_STATUSES, TRANSITIONS, TriageItem

ACTIONS: dict[str, tuple[dict[str, Any], str]] = {
    "queue": ({}, "queued"),
    "unqueue": ({}, "triaged"),
    "reject": ({"reason": "Reklam, inget tips."}, "rejected"),
    "reopen": ({}, "triaged"),
    "archive": ({}, "archived"),
    "duplicate": ({"of": "{target}"}, "duplicate"),
}


def get_item(client: Any, headers: dict[str, str], reference: str) -> Any:
    response = client.get(f"/api/v1/queue/{reference}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response


def act(client: Any, headers: dict[str, str], reference: str, action: str, body: Any = None) -> Any:
    return client.post(f"/api/v1/queue/{reference}/{action}", json=body or {}, headers=headers)


def must(response: Any) -> Any:
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def set_status_in_database(app: Any, reference: str, status: str) -> None:
    """For states no endpoint reaches yet ("reported" comes with the situation report)."""
    from tipsapp.extensions import db

    with app.app_context():
        db.session.execute(
            update(TriageItem)
            .where(TriageItem.reference == reference)
            .values(status=status, version=TriageItem.version + 1)
        )
        db.session.commit()


def item_in_status(app: Any, client: Any, headers: dict[str, str], status: str) -> str:
    reference = new_tip(client)
    if status in {"triaged", "queued", "reported", "archived"}:
        must(
            client.patch(
                f"/api/v1/queue/{reference}", json={"category": "vandalism"}, headers=headers
            )
        )
    if status in {"queued", "reported"}:
        must(act(client, headers, reference, "queue"))
    if status == "reported":
        set_status_in_database(app, reference, "reported")
    if status == "archived":
        must(act(client, headers, reference, "archive"))
    if status == "rejected":
        must(act(client, headers, reference, "reject", {"reason": "Spam"}))
    if status == "duplicate":
        must(act(client, headers, reference, "duplicate", {"of": new_tip(client)}))
    assert get_item(client, headers, reference).get_json()["status"] == status
    return reference


# --- status moves ----------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("before", ITEM_STATUSES)
def test_status_moves_follow_the_transition_table(
    app: Any, client: Any, analyst: dict[str, str], before: str, action: str
) -> None:
    reference = item_in_status(app, client, analyst, before)
    target = new_tip(client, text="Trasig belysning i gångtunneln vid järnvägen.")
    body, after = ACTIONS[action]
    body = {key: value.format(target=target) for key, value in body.items()}

    response = act(client, analyst, reference, action, body)

    if before in ACTION_SOURCES[action]:
        assert after in TRANSITIONS[before]  # the two tables agree
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == after
    else:
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "invalid_transition"
        assert error["message"] == f"Cannot {action} an item that is '{before}'."
        assert error["fields"]["status"] == [
            f"'{action}' applies to: {sorted(ACTION_SOURCES[action])}"
        ]
        assert get_item(client, analyst, reference).get_json()["status"] == before


def test_reported_item_can_be_archived(app: Any, client: Any, analyst: dict[str, str]) -> None:
    reference = item_in_status(app, client, analyst, "reported")

    assert must(act(client, analyst, reference, "archive"))["status"] == "archived"


def test_every_status_move_in_the_table_is_tested() -> None:
    """Only queued -> reported has no endpoint yet (the situation report will make it)."""
    reachable = {after for _, after in ACTIONS.values()}
    untested = {
        (before, after)
        for before, allowed in TRANSITIONS.items()
        for after in allowed
        if after not in reachable
    }
    assert untested == {("queued", "reported")}


def test_setting_a_category_triages_a_new_item_and_keeps_what_came_before(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(
        client, text="Cykelstöld vid stationen igen.", category="unsafe_environment"
    )

    item = must(
        client.patch(f"/api/v1/queue/{reference}", json={"category": "vandalism"}, headers=analyst)
    )

    assert item["status"] == "triaged"
    assert item["category"] == "vandalism"
    assert item["effective_category"] == "vandalism"
    assert item["focus_area"] == "trygghet"
    assert item["resident_category"] == "unsafe_environment"
    assert item["suggestion"]["category"] == "burglary_theft"
    assert "cykelstöld" in item["suggestion"]["words"]


@pytest.mark.parametrize("status", ["queued", "rejected", "duplicate"])
def test_a_category_change_later_keeps_the_status(
    app: Any, client: Any, analyst: dict[str, str], status: str
) -> None:
    reference = item_in_status(app, client, analyst, status)

    item = must(
        client.patch(f"/api/v1/queue/{reference}", json={"category": "traffic"}, headers=analyst)
    )

    assert item["status"] == status
    assert item["category"] == "traffic"


def test_unknown_category_is_refused(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client)

    response = client.patch(f"/api/v1/queue/{reference}", json={"category": "ufo"}, headers=analyst)

    assert response.status_code == 422
    assert "category" in response.get_json()["error"]["fields"]


def test_priority_set_by_analyst_holds_until_reset_with_null(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client)
    automatic = get_item(client, analyst, reference).get_json()["priority"]

    raised = must(
        client.patch(f"/api/v1/queue/{reference}", json={"priority": 500}, headers=analyst)
    )
    recategorised = must(
        client.patch(f"/api/v1/queue/{reference}", json={"category": "violence"}, headers=analyst)
    )
    reset = must(
        client.patch(f"/api/v1/queue/{reference}", json={"priority": None}, headers=analyst)
    )

    assert raised["priority"] == 500
    assert recategorised["priority"] == 500
    assert reset["priority"] != 500
    assert reset["priority"] > automatic  # now computed for violence, not lighting


def test_analyst_priority_moves_the_item_in_the_queue(client: Any, analyst: dict[str, str]) -> None:
    first, second = new_tip(client), new_tip(client)
    client.patch(f"/api/v1/queue/{second}", json={"priority": 900}, headers=analyst)

    page = client.get("/api/v1/queue", headers=analyst).get_json()

    assert [item["reference"] for item in page["items"]] == [second, first]


@pytest.mark.parametrize("priority", [-1, 1000, "high"])
def test_priority_out_of_range_is_refused(
    client: Any, analyst: dict[str, str], priority: Any
) -> None:
    reference = new_tip(client)

    response = client.patch(
        f"/api/v1/queue/{reference}", json={"priority": priority}, headers=analyst
    )

    assert response.status_code == 422
    assert "priority" in response.get_json()["error"]["fields"]


# --- concurrent edits ------------------------------------------------------------------------


def test_item_answers_carry_an_etag(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client)

    response = get_item(client, analyst, reference)

    assert response.headers["ETag"] == f'"v{response.get_json()["version"]}"'


def test_stale_etag_gets_412_and_the_current_etag_wins(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client)
    seen = get_item(client, analyst, reference).headers["ETag"]
    first = client.patch(
        f"/api/v1/queue/{reference}",
        json={"category": "vandalism"},
        headers={**analyst, "If-Match": seen},
    )
    assert first.status_code == 200
    assert first.headers["ETag"] != seen

    stale = client.patch(
        f"/api/v1/queue/{reference}",
        json={"category": "traffic"},
        headers={**analyst, "If-Match": seen},
    )
    current = client.patch(
        f"/api/v1/queue/{reference}",
        json={"category": "traffic"},
        headers={**analyst, "If-Match": first.headers["ETag"]},
    )

    assert stale.status_code == 412
    assert stale.get_json()["error"]["code"] == "precondition_failed"
    assert stale.headers["ETag"] == first.headers["ETag"]
    assert current.status_code == 200
    assert current.get_json()["category"] == "traffic"
    assert current.headers["ETag"] not in {seen, first.headers["ETag"]}


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("queue", {}),
        ("reject", {"reason": "Spam"}),
        ("share", {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."}),
        ("redact", {"text": "Lampor släckta.", "reason": "Namn"}),
    ],
)
def test_actions_with_a_stale_etag_change_nothing(
    client: Any, analyst: dict[str, str], action: str, body: dict[str, Any]
) -> None:
    reference = new_tip(client)
    seen = get_item(client, analyst, reference)
    client.post(f"/api/v1/queue/{reference}/notes", json={"body": "x"}, headers=analyst)

    response = client.post(
        f"/api/v1/queue/{reference}/{action}",
        json=body,
        headers={**analyst, "If-Match": seen.headers["ETag"]},
    )

    assert response.status_code == 412
    now = get_item(client, analyst, reference).get_json()
    before = seen.get_json()
    assert (now["status"], now["shared_with_partners"], now["text"]) == (
        before["status"],
        before["shared_with_partners"],
        before["text"],
    )


def test_if_match_star_always_matches(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client)

    response = act(client, {**analyst, "If-Match": "*"}, reference, "queue")

    assert response.status_code == 200


# --- duplicates ------------------------------------------------------------------------------


def test_merge_counts_as_support_and_reopen_undoes_it(client: Any, analyst: dict[str, str]) -> None:
    target = new_tip(client)
    copy = new_tip(client)
    before = get_item(client, analyst, target).get_json()

    merged = must(act(client, analyst, copy, "duplicate", {"of": target}))
    supported = get_item(client, analyst, target).get_json()
    reopened = must(act(client, analyst, copy, "reopen"))
    after = get_item(client, analyst, target).get_json()

    assert merged["status"] == "duplicate"
    assert merged["duplicate_of"] == target
    assert supported["supporting_count"] == before["supporting_count"] + 1
    assert supported["priority"] > before["priority"]
    assert reopened["status"] == "triaged"
    assert reopened["duplicate_of"] is None
    assert after["supporting_count"] == before["supporting_count"]
    assert after["priority"] == before["priority"]


def test_merging_into_a_duplicate_supports_the_original(
    client: Any, analyst: dict[str, str]
) -> None:
    original, first_copy, second_copy = new_tip(client), new_tip(client), new_tip(client)
    must(act(client, analyst, first_copy, "duplicate", {"of": original}))

    merged = must(act(client, analyst, second_copy, "duplicate", {"of": first_copy}))

    assert merged["duplicate_of"] == original
    assert get_item(client, analyst, original).get_json()["supporting_count"] == 2


@pytest.mark.parametrize("of", ["self", "T-2222-3333"])
def test_merge_needs_another_known_item(client: Any, analyst: dict[str, str], of: str) -> None:
    reference = new_tip(client)

    response = act(
        client, analyst, reference, "duplicate", {"of": reference if of == "self" else of}
    )

    assert response.status_code == 422
    assert "of" in response.get_json()["error"]["fields"]
    assert get_item(client, analyst, reference).get_json()["status"] == "new"


# --- reject ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{}, {"reason": ""}])
def test_reject_needs_a_reason(client: Any, analyst: dict[str, str], body: dict[str, str]) -> None:
    reference = new_tip(client)

    response = act(client, analyst, reference, "reject", body)

    assert response.status_code == 422
    assert "reason" in response.get_json()["error"]["fields"]
    assert get_item(client, analyst, reference).get_json()["status"] == "new"


def test_rejected_item_shows_its_reason(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client)

    item = must(act(client, analyst, reference, "reject", {"reason": "Reklam"}))

    assert item["status"] == "rejected"
    assert item["rejection_reason"] == "Reklam"


# --- redaction -------------------------------------------------------------------------------

ORIGINAL = "Grannen Sven Svensson på Storgatan 5 säljer stulna cyklar, ring 070-123 45 67."
REDACTED = "En granne på Storgatan säljer stulna cyklar."


def test_redaction_shows_analysts_the_new_text_and_admins_also_the_original(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client, text=ORIGINAL, category="burglary_theft")
    admin = as_role(app, client, "admin")

    redacted = must(
        act(
            client,
            analyst,
            reference,
            "redact",
            {"text": REDACTED, "reason": "Namn på tredje person"},
        )
    )
    as_analyst = get_item(client, analyst, reference).get_json()
    as_admin = get_item(client, admin, reference).get_json()

    assert redacted["text"] == REDACTED
    assert redacted["redacted"] is True
    assert as_analyst["text"] == REDACTED
    assert "original_text" not in as_analyst
    assert "Sven" not in str(as_analyst)
    assert as_admin["text"] == REDACTED
    assert as_admin["original_text"] == ORIGINAL


def test_partner_reads_the_summary_not_even_the_redacted_text(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client, text=ORIGINAL, category="burglary_theft")
    partner = as_role(app, client, "partner")
    must(act(client, analyst, reference, "redact", {"text": REDACTED, "reason": "Namn"}))
    summary = "Inbrottsförsök i källarförråd."
    must(act(client, analyst, reference, "share", {"shared": True, "partner_summary": summary}))

    (item,) = client.get("/api/v1/queue/shared", headers=partner).get_json()["items"]

    assert item["partner_summary"] == summary
    assert "text" not in item
    assert REDACTED not in str(item)


def test_search_and_excerpt_use_the_redacted_text(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client, text=ORIGINAL, category="burglary_theft")
    must(act(client, analyst, reference, "redact", {"text": REDACTED, "reason": "Namn"}))

    by_name = client.get("/api/v1/queue", query_string={"q": "Svensson"}, headers=analyst)
    listed = client.get("/api/v1/queue", headers=analyst).get_json()["items"]

    assert by_name.get_json()["items"] == []
    assert listed[0]["excerpt"] == REDACTED


@pytest.mark.parametrize(
    "body", [{"text": REDACTED}, {"reason": "Namn"}, {"text": "", "reason": "x"}]
)
def test_redaction_needs_text_and_reason(
    client: Any, analyst: dict[str, str], body: dict[str, str]
) -> None:
    reference = new_tip(client)

    response = act(client, analyst, reference, "redact", body)

    assert response.status_code == 422


# --- notes and messages ----------------------------------------------------------------------


def test_notes_are_kept_on_the_item_with_their_author(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client)

    created = client.post(
        f"/api/v1/queue/{reference}/notes",
        json={"body": "Kolla med gatukontoret."},
        headers=analyst,
    )
    client.post(f"/api/v1/queue/{reference}/notes", json={"body": "Gjort."}, headers=analyst)

    assert created.status_code == 201
    assert created.get_json()["body"] == "Kolla med gatukontoret."
    assert created.get_json()["author"] == "Alva Analytiker"
    notes = get_item(client, analyst, reference).get_json()["notes"]
    assert [note["body"] for note in notes] == ["Kolla med gatukontoret.", "Gjort."]


def test_empty_note_is_refused(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client)

    response = client.post(f"/api/v1/queue/{reference}/notes", json={"body": ""}, headers=analyst)

    assert response.status_code == 422


def resident_status(client: Any, receipt: dict[str, str]) -> Any:
    return client.post(
        "/api/v1/tips/status",
        json={"reference": receipt["reference"], "receipt": receipt["receipt"]},
    )


def resident_reply(client: Any, receipt: dict[str, str], body: str) -> Any:
    return client.post(
        "/api/v1/tips/messages",
        json={"reference": receipt["reference"], "receipt": receipt["receipt"], "body": body},
    )


def test_staff_message_reaches_the_resident_without_staff_identity(
    client: Any, analyst_user: Staff, analyst: dict[str, str]
) -> None:
    receipt = send_tip(client).get_json()

    sent = client.post(
        f"/api/v1/queue/{receipt['reference']}/messages",
        json={"body": "Vilken tid på dygnet var det?"},
        headers=analyst,
    )
    follow_up = resident_status(client, receipt)

    assert sent.status_code == 201
    assert sent.get_json()["sender"] == "staff"
    (message,) = follow_up.get_json()["messages"]
    assert set(message) == {"sender", "body", "sent_at"}
    assert message["sender"] == "staff"
    assert message["body"] == "Vilken tid på dygnet var det?"
    page = follow_up.get_data(as_text=True)
    for identity in (analyst_user.email, analyst_user.display_name, analyst_user.organisation):
        assert identity not in page


def test_resident_reply_reaches_the_item_and_puts_it_on_top(
    client: Any, analyst: dict[str, str]
) -> None:
    receipt = send_tip(client).get_json()
    urgent = new_tip(client, text="Det pågår ett slagsmål just nu, en har kniv", category=None)
    client.post(
        f"/api/v1/queue/{receipt['reference']}/messages",
        json={"body": "Vilken tid var det?"},
        headers=analyst,
    )

    reply = resident_reply(client, receipt, "Runt tio på kvällen.")

    assert reply.status_code == 201
    item = get_item(client, analyst, receipt["reference"]).get_json()
    assert [(m["sender"], m["body"]) for m in item["messages"]] == [
        ("staff", "Vilken tid var det?"),
        ("resident", "Runt tio på kvällen."),
    ]
    assert item["attention"] is True
    page = client.get("/api/v1/queue", headers=analyst).get_json()
    assert [row["reference"] for row in page["items"]] == [receipt["reference"], urgent]
    answered = client.get("/api/v1/queue", query_string={"attention": "true"}, headers=analyst)
    assert [row["reference"] for row in answered.get_json()["items"]] == [receipt["reference"]]


def test_answering_the_resident_clears_attention(client: Any, analyst: dict[str, str]) -> None:
    receipt = send_tip(client).get_json()
    resident_reply(client, receipt, "Jag såg mer i går.")

    client.post(
        f"/api/v1/queue/{receipt['reference']}/messages", json={"body": "Tack!"}, headers=analyst
    )

    assert get_item(client, analyst, receipt["reference"]).get_json()["attention"] is False


def test_reply_with_a_wrong_receipt_is_refused_and_stored_nowhere(
    client: Any, analyst: dict[str, str]
) -> None:
    receipt = send_tip(client).get_json()

    reply = resident_reply(client, {**receipt, "receipt": "AAAA-BBBB-CCCC"}, "Falskt svar")

    assert reply.status_code == 404
    assert get_item(client, analyst, receipt["reference"]).get_json()["messages"] == []


# --- similar items ---------------------------------------------------------------------------


def test_similar_items_are_suggested_within_the_same_area(
    client: Any, analyst: dict[str, str]
) -> None:
    place = "Gångvägen vid Öresjöskolan"
    first = new_tip(client, text="Gatlyktorna på gångvägen vid skolan är släckta.", place=place)
    same = new_tip(client, text="Släckta gatlyktor på gångvägen vid skolan igen.", place=place)
    other_area = new_tip(
        client,
        area="varnamo",
        text="Gatlyktorna på gångvägen vid skolan är släckta.",
        place=place,
    )
    unrelated = new_tip(
        client,
        text="Bilar kör alldeles för fort på Storgatan varje kväll.",
        place="Storgatan",
        location=None,
    )

    response = client.get(f"/api/v1/queue/{first}/similar", headers=analyst)

    assert response.status_code == 200
    found = {item["reference"]: item for item in response.get_json()["items"]}
    assert same in found
    assert other_area not in found
    assert unrelated not in found
    assert {"text", "place"} <= set(found[same]["reasons"])
    assert found[same]["distance_m"] == 0


def test_similar_leaves_out_rejected_items(client: Any, analyst: dict[str, str]) -> None:
    first = new_tip(client)
    rejected = new_tip(client)
    act(client, analyst, rejected, "reject", {"reason": "Spam"})

    response = client.get(f"/api/v1/queue/{first}/similar", headers=analyst)

    assert response.get_json()["items"] == []


# --- audit -----------------------------------------------------------------------------------


def audit_for(app: Any, client: Any, reference: str) -> list[dict[str, Any]]:
    admin = as_role(app, client, "admin")
    response = client.get("/api/v1/audit", query_string={"target": reference}, headers=admin)
    assert response.status_code == 200
    return list(response.get_json()["items"])


AUDITED: list[tuple[str, str, Any, str, str | None]] = [
    # (method, path after the reference, body, action, reason)
    ("GET", "", None, "item.read", None),
    ("PATCH", "", {"category": "vandalism", "reason": "Klotter"}, "item.update", "Klotter"),
    ("PATCH", "", {"priority": 300}, "item.update", None),
    ("POST", "/notes", {"body": "Intern"}, "item.note", None),
    ("POST", "/messages", {"body": "Hej"}, "item.message", None),
    ("POST", "/queue", {"reason": "Till veckans bild"}, "item.queue", "Till veckans bild"),
    ("POST", "/reject", {"reason": "Spam"}, "item.reject", "Spam"),
    ("POST", "/reopen", {}, "item.reopen", None),
    ("POST", "/unqueue", {}, "item.unqueue", None),
    ("POST", "/duplicate", {"of": "{target}"}, "item.merge", None),
    (
        "POST",
        "/share",
        {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."},
        "item.share",
        None,
    ),
    ("POST", "/share", {"shared": False}, "item.unshare", None),
    ("POST", "/redact", {"text": "Borttaget.", "reason": "Namn"}, "item.redact", "Namn"),
]


# Actions that need the item in another status first.
PREPARE = {
    "item.reopen": ("reject", {"reason": "Spam"}),
    "item.unqueue": ("queue", {}),
}


@pytest.mark.parametrize(
    ("method", "path", "body", "action", "reason"),
    AUDITED,
    ids=[f"{row[3]}-{n}" for n, row in enumerate(AUDITED)],
)
def test_every_action_and_full_read_is_audited_with_actor_and_reason(
    app: Any,
    client: Any,
    analyst_user: Staff,
    analyst: dict[str, str],
    method: str,
    path: str,
    body: Any,
    action: str,
    reason: str | None,
) -> None:
    reference = new_tip(client)
    target = new_tip(client, text="Trasig belysning i gångtunneln vid järnvägen.")
    if body is not None:
        body = {
            key: value.format(target=target) if isinstance(value, str) else value
            for key, value in body.items()
        }
    if action in PREPARE:
        must(act(client, analyst, reference, *PREPARE[action]))

    response = client.open(
        f"/api/v1/queue/{reference}{path}", method=method, json=body, headers=analyst
    )

    assert response.status_code in (200, 201), response.get_json()
    entries = [entry for entry in audit_for(app, client, reference) if entry["action"] == action]
    assert len(entries) == 1
    (entry,) = entries
    assert entry["actor"] == analyst_user.email
    assert entry["actor_organisation"] == analyst_user.organisation
    assert entry["target_kind"] == "item"
    assert entry["target"] == reference
    assert entry["reason"] == reason


def test_audit_entry_of_a_move_records_before_and_after(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client)
    act(client, analyst, reference, "reject", {"reason": "Spam"})

    (entry,) = [e for e in audit_for(app, client, reference) if e["action"] == "item.reject"]

    assert entry["detail"] == {"status": {"before": "new", "after": "rejected"}}


def test_refused_action_leaves_no_audit_entry(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = new_tip(client)

    assert act(client, analyst, reference, "archive").status_code == 409

    assert [e for e in audit_for(app, client, reference) if e["action"] == "item.archive"] == []


def test_audit_log_is_newest_first_and_filters_by_actor_and_action(
    app: Any, client: Any, analyst_user: Staff, analyst: dict[str, str]
) -> None:
    reference = new_tip(client)
    get_item(client, analyst, reference)
    act(client, analyst, reference, "queue")
    admin = as_role(app, client, "admin")

    mine = client.get(
        "/api/v1/audit", query_string={"actor": analyst_user.email.upper()}, headers=admin
    ).get_json()["items"]
    reads = client.get(
        "/api/v1/audit", query_string={"action": "item.read"}, headers=admin
    ).get_json()["items"]

    assert [entry["action"] for entry in mine] == ["item.queue", "item.read", "auth.login"]
    assert [entry["target"] for entry in reads] == [reference]


@pytest.mark.parametrize("change", ["update", "delete"])
def test_audit_entries_cannot_be_changed_or_deleted(
    app: Any, client: Any, analyst: dict[str, str], change: str
) -> None:
    from tipsapp.audit.models import AuditEntry, AuditLogAppendOnlyError
    from tipsapp.extensions import db

    get_item(client, analyst, new_tip(client))

    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "item.read")).one()
        if change == "update":
            entry.reason = "Rewritten history"
        else:
            db.session.delete(entry)
        with pytest.raises(AuditLogAppendOnlyError):
            db.session.flush()
        db.session.rollback()
        kept = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "item.read")).one()
        assert kept.reason is None
