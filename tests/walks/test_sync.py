"""Observations from walkers' phones: stored once per client UUID, however they are retried."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import (
    Staff,
    WalkRef,
    as_role,
    login_as,
    make_participant,
    make_user,
    make_walk,
    move_walk,
    new_key,
    observation_body,
    send_tip,
    sync,
)
from tipsapp.walks.models import Observation

START = datetime(2030, 6, 10, 16, 0, tzinfo=UTC)


@pytest.fixture
def analyst(app: Any) -> Staff:
    return make_user(app, "analyst", areas=("gislaved",))


@pytest.fixture
def staff(client: Any, analyst: Staff) -> dict[str, str]:
    return login_as(client, analyst)


@pytest.fixture
def walk(app: Any, analyst: Staff) -> WalkRef:
    return make_walk(app, analyst, checklist=["lighting", "vegetation", "overview"])


@pytest.fixture
def walker(app: Any, walk: WalkRef) -> dict[str, str]:
    return make_participant(app, walk)


def at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr("tipsapp.walks.service.utcnow", lambda: when)
    monkeypatch.setattr("tipsapp.walks.auth.utcnow", lambda: when)


def post_one(client: Any, walk: WalkRef, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/walks/{walk.id}/observations", json=body, headers=headers)


def synced(client: Any, walk: WalkRef, headers: dict[str, str], items: list[Any]) -> Any:
    response = sync(client, walk.id, headers, items)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def stored(app: Any) -> list[Observation]:
    from tipsapp.extensions import db

    with app.app_context():
        return list(db.session.scalars(select(Observation).order_by(Observation.id)))


def count_observations(app: Any) -> int:
    from tipsapp.extensions import db

    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Observation)) or 0)


def observation_queue(client: Any, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/queue", query_string={"kind": "observation"}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return {item["reference"]: item for item in response.get_json()["items"]}


def error_code(response: Any) -> str:
    return str(response.get_json()["error"]["code"])


# --- one observation -----------------------------------------------------------------------------


def test_observation_is_stored_once_by_client_uuid(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    body = observation_body()
    first = post_one(client, walk, walker, body)
    again = post_one(client, walk, walker, body)
    in_a_batch = synced(client, walk, walker, [body])

    assert first.status_code == 201
    assert first.get_json()["status"] == "created"
    assert first.get_json()["reference"].startswith("O-")
    assert again.status_code == 200
    assert again.get_json()["status"] == "duplicate"
    assert again.get_json()["reference"] == first.get_json()["reference"]
    assert in_a_batch["results"][0]["reference"] == first.get_json()["reference"]
    assert (in_a_batch["created"], in_a_batch["duplicate"]) == (0, 1)
    assert count_observations(app) == 1


def test_the_same_uuid_in_upper_case_is_the_same_observation(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    client_uuid = new_key()
    first = post_one(client, walk, walker, observation_body(client_uuid=client_uuid.upper()))
    again = post_one(client, walk, walker, observation_body(client_uuid=client_uuid))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["reference"] == first.get_json()["reference"]
    assert count_observations(app) == 1


def test_answer_names_the_client_uuid_as_the_phone_sent_it(
    client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    sent = new_key().upper()
    answer = synced(client, walk, walker, [observation_body(client_uuid=sent)])

    assert answer["results"][0]["client_uuid"] == sent


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issue": ...}, "issue"),
        ({"issue": "noise"}, "issue"),
        ({"client_uuid": ...}, "client_uuid"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid"),
        ({"seen_at": ...}, "seen_at"),
        ({"ratings": {"lighting": 4}}, "ratings"),
        ({"ratings": {"lighting": -1}}, "ratings"),
        ({"ratings": {"lighting": "2"}}, "ratings"),
        ({"ratings": {"smell": 1}}, "ratings"),
        ({"ratings": {"traffic": 1}}, "ratings"),  # a point, but not on this walk's list
        ({"text": "Mörkt\x00här"}, "text"),
        ({"location": {"lat": 48.85, "lon": 2.35}}, "location"),
        ({"category": "aliens"}, "category"),
    ],
)
def test_invalid_observation_is_422_naming_the_field(
    app: Any,
    client: Any,
    walk: WalkRef,
    walker: dict[str, str],
    overrides: dict[str, Any],
    field: str,
) -> None:
    response = post_one(client, walk, walker, observation_body(**overrides))

    assert response.status_code == 422
    assert error_code(response) == "validation_failed"
    assert field in response.get_json()["error"]["fields"]
    assert count_observations(app) == 0


def test_observation_seen_in_the_future_is_422(
    client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    response = post_one(client, walk, walker, observation_body(seen_at=later))

    assert response.status_code == 422
    assert "seen_at" in response.get_json()["error"]["fields"]


def test_observation_needs_a_token(app: Any, client: Any, walk: WalkRef) -> None:
    response = post_one(client, walk, {}, observation_body())

    assert response.status_code == 401
    assert count_observations(app) == 0


def test_phones_seen_at_is_kept_when_the_sync_comes_hours_later(
    app: Any,
    client: Any,
    walk: WalkRef,
    walker: dict[str, str],
    staff: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    later = seen + timedelta(hours=7, minutes=30)
    at(monkeypatch, later)

    answer = synced(client, walk, walker, [observation_body(seen_at=seen.isoformat())])
    reference = answer["results"][0]["reference"]
    item = client.get(f"/api/v1/queue/{reference}", headers=staff).get_json()

    assert answer["created"] == 1
    assert datetime.fromisoformat(item["occurred_at"]) == seen
    assert datetime.fromisoformat(item["received_at"]) == later.replace(second=0)
    assert stored(app)[0].seen_at == seen


def test_seen_at_without_offset_is_read_as_swedish_time(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    from zoneinfo import ZoneInfo

    local = datetime.now(ZoneInfo("Europe/Stockholm")).replace(microsecond=0) - timedelta(hours=1)
    body = observation_body(seen_at=local.replace(tzinfo=None).isoformat())

    assert post_one(client, walk, walker, body).status_code == 201
    assert stored(app)[0].seen_at == local


# --- a batch -----------------------------------------------------------------------------------


@pytest.fixture
def mixed_batch(
    client: Any, walk: WalkRef, walker: dict[str, str]
) -> tuple[list[Any], dict[str, Any]]:
    """A batch as a phone back online sends it; ``expected`` is the answer per item."""
    earlier = observation_body()
    reference = post_one(client, walk, walker, earlier).get_json()["reference"]
    first, second = observation_body(), observation_body(issue="graffiti", ratings=None)
    items: list[Any] = [
        first,
        earlier,  # already stored by an earlier sync
        second,
        dict(first),  # the same observation twice in the batch
        observation_body(issue=...),
        observation_body(ratings={"lighting": 4}),
        observation_body(ratings={"traffic": 2}),  # not on this walk's checklist
        observation_body(location={"lat": float("nan"), "lon": float("nan")}),
        "lampan är trasig",
        [first],
        observation_body(text="Mörkt\x00här"),
    ]
    expected = {
        "statuses": ["created", "duplicate", "created", "duplicate", *["invalid"] * 7],
        "fields": [*[None] * 4, "issue", "ratings", "ratings", "location", None, None, "text"],
        "earlier": reference,
    }
    return items, expected


def test_batch_answers_each_item_and_stores_exactly_the_good_new_ones(
    app: Any,
    client: Any,
    walk: WalkRef,
    walker: dict[str, str],
    staff: dict[str, str],
    mixed_batch: tuple[list[Any], dict[str, Any]],
) -> None:
    items, expected = mixed_batch

    answer = synced(client, walk, walker, items)
    results = answer["results"]

    assert [result["status"] for result in results] == expected["statuses"]
    assert (answer["created"], answer["duplicate"], answer["invalid"]) == (2, 2, 7)
    assert [r["client_uuid"] for r in results[:4]] == [i["client_uuid"] for i in items[:4]]
    assert results[1]["reference"] == expected["earlier"]
    for result, field in zip(results, expected["fields"], strict=True):
        if result["status"] == "invalid":
            assert result["reference"] is None
            assert result["fields"]  # says what is wrong with this item
            if field:
                assert field in result["fields"]
    created = {results[0]["reference"], results[2]["reference"]}
    assert len(created) == 2 and None not in created
    assert {o.client_uuid for o in stored(app)} == {
        items[0]["client_uuid"],
        items[1]["client_uuid"],
        items[2]["client_uuid"],
    }
    assert set(observation_queue(client, staff)) == created | {expected["earlier"]}


def test_null_item_is_invalid_on_its_own_and_the_rest_is_stored(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    good = observation_body()
    response = sync(client, walk.id, walker, [good, None])

    assert response.status_code == 200, response.get_json()
    assert [r["status"] for r in response.get_json()["results"]] == ["created", "invalid"]
    assert [o.client_uuid for o in stored(app)] == [good["client_uuid"]]


def test_repeat_inside_a_batch_is_answered_with_the_stored_reference(
    client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    body = observation_body()
    answer = synced(client, walk, walker, [body, body])

    assert [r["status"] for r in answer["results"]] == ["created", "duplicate"]
    assert answer["results"][1]["reference"] == answer["results"][0]["reference"]


def test_same_batch_again_stores_nothing_new(
    app: Any,
    client: Any,
    walk: WalkRef,
    walker: dict[str, str],
    mixed_batch: tuple[list[Any], dict[str, Any]],
) -> None:
    items, _expected = mixed_batch
    first = synced(client, walk, walker, items)
    before = count_observations(app)

    again = synced(client, walk, walker, items)

    assert (again["created"], again["duplicate"], again["invalid"]) == (0, 4, 7)
    for one, other in zip(first["results"], again["results"], strict=True):
        if one["status"] == "invalid":
            assert other["status"] == "invalid"
            assert other["fields"] == one["fields"]
        else:
            assert other["status"] == "duplicate"
    assert again["results"][0]["reference"] == first["results"][0]["reference"]
    assert again["results"][2]["reference"] == first["results"][2]["reference"]
    assert count_observations(app) == before == 3


def test_nan_coordinates_are_invalid_not_stored(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    seen_at = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    item = f'{{"client_uuid": "{new_key()}", "issue": "lighting", "seen_at": "{seen_at}", '
    raw = '{"observations": [' + item + '"location": {"lat": NaN, "lon": Infinity}}]}'
    response = client.post(
        f"/api/v1/walks/{walk.id}/observations:sync",
        data=raw,
        content_type="application/json",
        headers=walker,
    )

    assert response.status_code == 200
    (result,) = response.get_json()["results"]
    assert result["status"] == "invalid"
    assert "location" in result["fields"]
    assert count_observations(app) == 0


@pytest.mark.parametrize(("size", "status"), [(0, 422), (1, 200), (200, 200), (201, 422)])
def test_batch_holds_one_to_two_hundred_observations(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str], size: int, status: int
) -> None:
    # Lean items, so the size of the batch is what is tested, not the size of the body.
    seen_at = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    items = [{"client_uuid": new_key(), "issue": "other", "seen_at": seen_at} for _ in range(size)]

    response = sync(client, walk.id, walker, items)

    assert response.status_code == status, response.get_json()
    if status == 422:
        assert "observations" in response.get_json()["error"]["fields"]
        assert count_observations(app) == 0
    else:
        assert response.get_json()["created"] == size
        assert count_observations(app) == size


def test_full_batch_of_ordinary_observations_is_accepted(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    items = [observation_body() for _ in range(200)]

    response = sync(client, walk.id, walker, items)

    assert response.status_code == 200
    assert response.get_json()["created"] == 200


def test_retry_storm_of_one_batch_stores_each_observation_once(
    app: Any, walk: WalkRef, walker: dict[str, str], staff: dict[str, str]
) -> None:
    items = [observation_body(issue=issue) for issue in ("lighting", "graffiti", "crossing")]
    answers: list[Any] = []
    lock = threading.Lock()

    def send() -> None:
        response = sync(app.test_client(), walk.id, walker, items)
        with lock:
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _ in answers] == [200] * 10
    for index, item in enumerate(items):
        results = [answer["results"][index] for _, answer in answers]
        assert [r["status"] for r in results].count("created") == 1
        assert {r["status"] for r in results} <= {"created", "duplicate"}
        assert len({r["reference"] for r in results}) == 1, item
    assert sum(answer["created"] for _, answer in answers) == 3
    assert count_observations(app) == 3
    assert len(observation_queue(app.test_client(), staff)) == 3


def test_client_uuid_used_on_another_walk_is_invalid_here(
    app: Any, client: Any, analyst: Staff, walk: WalkRef, walker: dict[str, str]
) -> None:
    other = make_walk(app, analyst)
    body = observation_body()
    assert post_one(client, other, make_participant(app, other), body).status_code == 201

    in_a_batch = synced(client, walk, walker, [body])
    alone = post_one(client, walk, walker, body)

    (result,) = in_a_batch["results"]
    assert result["status"] == "invalid"
    assert result["reference"] is None
    assert "client_uuid" in result["fields"]
    assert alone.status_code == 422
    assert "client_uuid" in alone.get_json()["error"]["fields"]
    assert [o.client_uuid for o in stored(app)] == [body["client_uuid"]]  # the other walk's


# --- after the walk ----------------------------------------------------------------------------


@pytest.fixture
def short_grace_app(make_app: Any) -> Any:
    return make_app(WALK_SYNC_GRACE_HOURS=2)


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (timedelta(hours=3), True),  # the walk is over and completed
        (timedelta(hours=25), True),  # the join code has closed; the grace window has not
        (timedelta(hours=26, seconds=-1), True),
        (timedelta(hours=26, seconds=1), False),  # the grace window is over
        (timedelta(days=10), False),
    ],
)
def test_sync_after_the_walk_is_accepted_within_the_grace_window_only(
    short_grace_app: Any, monkeypatch: pytest.MonkeyPatch, offset: timedelta, accepted: bool
) -> None:
    app = short_grace_app
    client = app.test_client()
    walk = make_walk(app, starts_at=START.isoformat())
    at(monkeypatch, START)
    walker = make_participant(app, walk)
    at(monkeypatch, START + timedelta(hours=2))
    move_walk(app, walk, "active", "completed")

    at(monkeypatch, START + offset)
    response = sync(client, walk.id, walker, [observation_body()])

    if accepted:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["created"] == 1
        assert count_observations(app) == 1
    else:
        # Refused: the walker's token has lapsed with the grace window.
        assert response.status_code in (401, 409)
        assert error_code(response) in ("unauthorized", "walk_closed")
        assert count_observations(app) == 0


def test_staff_may_still_log_after_the_grace_window(
    short_grace_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = short_grace_app
    client = app.test_client()
    walk = make_walk(app, starts_at=START.isoformat())
    staff = as_role(app, client, "analyst")
    move_walk(app, walk, "completed")
    at(monkeypatch, START + timedelta(days=10))

    assert synced(client, walk, staff, [observation_body()])["created"] == 1


def test_followed_up_walk_takes_no_more_observations(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str], staff: dict[str, str]
) -> None:
    move_walk(app, walk, "completed", "followed_up")

    for headers in (walker, staff):
        for response in (
            sync(client, walk.id, headers, [observation_body()]),
            post_one(client, walk, headers, observation_body()),
        ):
            assert response.status_code == 409
            assert error_code(response) == "walk_closed"
    assert count_observations(app) == 0


# --- staff and partners on the walk ------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "analyst", "partner"])
def test_staff_and_partners_log_with_their_own_token_and_no_participant(
    app: Any, client: Any, walk: WalkRef, role: str
) -> None:
    user = make_user(app, role, areas=("gislaved",))
    headers = login_as(client, user)

    one = post_one(client, walk, headers, observation_body())
    batch = synced(client, walk, headers, [observation_body()])

    assert one.status_code == 201
    assert batch["created"] == 1
    for observation in stored(app):
        assert observation.participant_id is None
        assert observation.staff_author_id is not None


def test_walker_observations_name_their_participant_not_staff(
    app: Any, client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    post_one(client, walk, walker, observation_body())

    (observation,) = stored(app)
    assert observation.participant_id is not None
    assert observation.staff_author_id is None


@pytest.mark.parametrize(
    ("role", "areas", "status"),
    [
        ("viewer", ("gislaved",), 403),
        ("analyst", ("varnamo",), 404),
        ("partner", ("varnamo",), 404),
    ],
)
def test_staff_outside_the_walk_cannot_log(
    app: Any, client: Any, walk: WalkRef, role: str, areas: tuple[str, ...], status: int
) -> None:
    headers = as_role(app, client, role, areas=areas)

    assert sync(client, walk.id, headers, [observation_body()]).status_code == status
    assert post_one(client, walk, headers, observation_body()).status_code == status
    assert count_observations(app) == 0


# --- into the triage queue ---------------------------------------------------------------------


def test_each_observation_enters_the_queue_with_the_walkers_category(
    client: Any, walk: WalkRef, walker: dict[str, str], staff: dict[str, str]
) -> None:
    tip = send_tip(client).get_json()["reference"]
    answer = synced(
        client,
        walk,
        walker,
        [
            observation_body(issue="lighting"),
            observation_body(issue="speeding", category="traffic", text="Bilarna kör för fort."),
            observation_body(issue="other", category="disorder", text=""),
        ],
    )
    references = [result["reference"] for result in answer["results"]]

    queue = observation_queue(client, staff)

    assert set(queue) == set(references)
    assert tip not in queue
    rows = [queue[reference] for reference in references]
    assert [row["kind"] for row in rows] == ["observation"] * 3
    assert [row["status"] for row in rows] == ["new"] * 3
    assert [row["area"] for row in rows] == ["gislaved"] * 3
    assert [row["resident_category"] for row in rows] == [
        "unsafe_environment",
        "traffic",
        "disorder",
    ]
    for row in rows:
        assert row["suggestion"]["category"]
        assert row["suggestion"]["confidence"] is not None
    # With no text, the walker's own category is all there is to suggest.
    assert rows[2]["suggestion"] == {"category": "disorder", "confidence": 1.0, "words": []}


@pytest.mark.parametrize(
    ("issue", "category"),
    [
        ("lighting", "unsafe_environment"),
        ("vegetation", "unsafe_environment"),
        ("littering", "unsafe_environment"),
        ("graffiti", "vandalism"),
        ("damage", "vandalism"),
        ("crossing", "traffic"),
        ("speeding", "traffic"),
        ("gathering", "disorder"),
        ("other", "other"),
    ],
)
def test_category_defaults_from_the_issue(
    client: Any,
    walk: WalkRef,
    walker: dict[str, str],
    staff: dict[str, str],
    issue: str,
    category: str,
) -> None:
    body = observation_body(issue=issue, category=..., ratings=None)
    reference = post_one(client, walk, walker, body).get_json()["reference"]

    assert observation_queue(client, staff)[reference]["resident_category"] == category


def test_observations_are_kept_apart_per_walk_in_the_queue(
    app: Any, client: Any, analyst: Staff, walk: WalkRef, walker: dict[str, str]
) -> None:
    elsewhere = make_walk(app, area="varnamo")
    there = synced(client, elsewhere, make_participant(app, elsewhere), [observation_body()])
    here = synced(client, walk, walker, [observation_body()])

    gislaved_only = observation_queue(client, login_as(client, analyst))

    assert set(gislaved_only) == {here["results"][0]["reference"]}
    assert there["results"][0]["reference"] not in gislaved_only


def test_observation_reference_is_unique_and_readable(
    client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    answer = synced(client, walk, walker, [observation_body() for _ in range(20)])
    references = [result["reference"] for result in answer["results"]]

    assert len(set(references)) == 20
    for reference in references:
        prefix, first, second = reference.split("-")
        assert prefix == "O" and len(first) == len(second) == 4


def test_an_invalid_item_explains_itself_in_the_walkers_language(
    client: Any, walk: WalkRef, walker: dict[str, str]
) -> None:
    items = [observation_body(issue=None)]

    swedish = sync(client, walk.id, {**walker, "Accept-Language": "sv"}, items).get_json()
    english = sync(client, walk.id, {**walker, "Accept-Language": "en"}, items).get_json()

    assert swedish["results"][0]["status"] == english["results"][0]["status"] == "invalid"
    assert swedish["results"][0]["fields"] != english["results"][0]["fields"]
    assert "Field may not be null." in str(english["results"][0]["fields"])
    assert "Field may not be null." not in str(swedish["results"][0]["fields"])
