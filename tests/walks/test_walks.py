"""Safety walks: planning one, who may see it, its status, joining with the code, the QR poster."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import segno

from tests.factories import (
    Staff,
    WalkRef,
    as_role,
    auth,
    create_walk,
    join_walk,
    login_as,
    make_participant,
    make_user,
    make_walk,
    move_walk,
    observation_body,
    send_tip,
    sync,
    walk_body,
)
from tests.traces import database_dump

# A fixed start for the tests that move the clock; far enough ahead that nothing else cares.
START = datetime(2030, 6, 10, 16, 0, tzinfo=UTC)


@pytest.fixture
def analyst(app: Any) -> Staff:
    return make_user(app, "analyst", areas=("gislaved",))


@pytest.fixture
def organiser(client: Any, analyst: Staff) -> dict[str, str]:
    return login_as(client, analyst)


@pytest.fixture
def walk(app: Any, analyst: Staff) -> WalkRef:
    return make_walk(app, analyst)


@pytest.fixture
def participant(app: Any, walk: WalkRef) -> dict[str, str]:
    return make_participant(app, walk)


def at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    """Set the walks' clock (the service and the participant-token check) to ``when``."""
    monkeypatch.setattr("tipsapp.walks.service.utcnow", lambda: when)
    monkeypatch.setattr("tipsapp.walks.auth.utcnow", lambda: when)


def error_code(response: Any) -> str:
    return str(response.get_json()["error"]["code"])


def stored_status(app: Any, walk: WalkRef) -> str:
    from tipsapp.walks.service import walk_by_public_id

    with app.app_context():
        return walk_by_public_id(walk.id).status


# --- planning a walk -------------------------------------------------------------------------


def test_planned_walk_gets_a_grouped_join_code_and_its_window(
    client: Any, organiser: dict[str, str]
) -> None:
    walk = create_walk(client, organiser, starts_at="2030-06-10T18:00:00+02:00")

    assert walk["id"]
    assert walk["status"] == "planned"
    assert walk["area"] == "gislaved"
    code = walk["join_code"]
    assert len(code) == 9 and code[4] == "-"
    assert code.replace("-", "").isalnum() and code == code.upper()
    assert datetime.fromisoformat(walk["starts_at"]) == START
    assert datetime.fromisoformat(walk["join_valid_from"]) == START - timedelta(hours=1)
    assert datetime.fromisoformat(walk["join_valid_until"]) == START + timedelta(hours=24)


def test_each_walk_gets_its_own_grouped_join_code(app: Any, analyst: Staff) -> None:
    codes = {make_walk(app, analyst).join_code for _ in range(5)}

    assert len(codes) == 5
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert code.replace("-", "").isalnum() and code == code.upper()


def test_walk_without_checklist_rates_every_point_and_labels_follow_the_language(
    client: Any, organiser: dict[str, str]
) -> None:
    walk = create_walk(client, organiser)
    english = client.get(
        f"/api/v1/walks/{walk['id']}", headers={**organiser, "Accept-Language": "en"}
    ).get_json()

    codes = [point["code"] for point in walk["checklist"]]
    assert codes == [
        "lighting",
        "vegetation",
        "overview",
        "people",
        "upkeep",
        "graffiti",
        "traffic",
    ]
    labels = walk["checklist"][0]["labels"]
    assert (labels["sv"], labels["en"]) == ("Belysning", "Lighting")
    assert len(labels) == 10  # every offered language
    assert english["checklist"][0]["label"] == "Lighting"


def test_walk_keeps_its_chosen_checklist_and_route(client: Any, organiser: dict[str, str]) -> None:
    route = {"type": "LineString", "coordinates": [[13.54, 57.30], [13.55, 57.31], [13.56, 57.3]]}
    walk = create_walk(client, organiser, checklist=["lighting", "traffic"], route=route)

    assert [point["code"] for point in walk["checklist"]] == ["lighting", "traffic"]
    assert walk["route"] == route


def test_walk_without_route_is_fine(client: Any, organiser: dict[str, str]) -> None:
    assert create_walk(client, organiser, route=...)["route"] is None
    assert create_walk(client, organiser, route=None)["route"] is None


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ("2030-06-10T18:00:00", datetime(2030, 6, 10, 16, 0, tzinfo=UTC)),  # summer: +02:00
        ("2030-01-15T18:00:00", datetime(2030, 1, 15, 17, 0, tzinfo=UTC)),  # winter: +01:00
    ],
)
def test_start_without_offset_is_read_as_swedish_time(
    client: Any, organiser: dict[str, str], local: str, utc: datetime
) -> None:
    walk = create_walk(client, organiser, starts_at=local)
    assert datetime.fromisoformat(walk["starts_at"]) == utc


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"route": {"type": "Point", "coordinates": [[13.54, 57.30], [13.55, 57.31]]}}, "route"),
        ({"route": {"type": "LineString", "coordinates": [[13.54, 57.30]]}}, "route"),
        ({"route": {"type": "LineString", "coordinates": [[2.35, 48.85], [2.36, 48.86]]}}, "route"),
        (
            {"route": {"type": "LineString", "coordinates": [[57.3, 13.54], [57.31, 13.55]]}},
            "route",
        ),
        ({"route": {"type": "LineString", "coordinates": [[13.54], [13.55]]}}, "route"),
        ({"route": {"type": "LineString", "coordinates": "13.54,57.30"}}, "route"),
        ({"route": [[13.54, 57.30], [13.55, 57.31]]}, "route"),
        ({"title": "ab"}, "title"),
        ({"title": ...}, "title"),
        ({"meeting_point": ...}, "meeting_point"),
        ({"starts_at": "i morgon kväll"}, "starts_at"),
        ({"starts_at": ...}, "starts_at"),
        ({"checklist": ["lighting", "smell"]}, "checklist"),
        ({"checklist": []}, "checklist"),
        ({"area": ...}, "area"),
    ],
)
def test_invalid_walk_is_422_naming_the_field(
    client: Any, organiser: dict[str, str], overrides: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/walks", json=walk_body(**overrides), headers=organiser)

    assert response.status_code == 422, response.get_json()
    assert error_code(response) == "validation_failed"
    assert field in response.get_json()["error"]["fields"]
    assert client.get("/api/v1/walks", headers=organiser).get_json()["items"] == []


@pytest.mark.parametrize("position", ["[NaN, 57.30]", '["13.54x", 57.30]', "[null, 57.30]"])
def test_route_position_that_is_not_two_numbers_is_422(
    client: Any, organiser: dict[str, str], position: str
) -> None:
    body = json.dumps(walk_body(route={"type": "LineString", "coordinates": "HERE"}))
    raw = body.replace('"HERE"', f"[{position}, [13.55, 57.31]]")

    response = client.post(
        "/api/v1/walks", data=raw, content_type="application/json", headers=organiser
    )

    assert response.status_code == 422
    assert "route" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("area", ["atlantis", "GISLAVED "])
def test_unknown_area_is_422(client: Any, organiser: dict[str, str], area: str) -> None:
    response = client.post("/api/v1/walks", json=walk_body(area=area), headers=organiser)

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"area": ["Unknown area."]}


def test_analyst_cannot_plan_a_walk_outside_their_areas(
    client: Any, organiser: dict[str, str]
) -> None:
    response = client.post("/api/v1/walks", json=walk_body(area="varnamo"), headers=organiser)

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"area": ["Unknown area."]}


def test_admin_may_plan_a_walk_in_any_area(app: Any, client: Any) -> None:
    admin = as_role(app, client, "admin", areas=("gislaved",))
    assert create_walk(client, admin, area="varnamo")["area"] == "varnamo"


# --- who may see and plan ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 201),
        ("analyst", 201),
        ("partner", 403),
        ("viewer", 403),
    ],
)
def test_who_may_plan_a_walk(app: Any, client: Any, role: str, status: int) -> None:
    headers = as_role(app, client, role)
    assert client.post("/api/v1/walks", json=walk_body(), headers=headers).status_code == status


def test_planning_needs_a_login(client: Any) -> None:
    response = client.post("/api/v1/walks", json=walk_body())

    assert response.status_code == 401
    assert error_code(response) == "unauthorized"


def test_viewer_may_not_list_or_read_walks(app: Any, client: Any, walk: WalkRef) -> None:
    viewer = as_role(app, client, "viewer")

    for response in (
        client.get("/api/v1/walks", headers=viewer),
        client.get(f"/api/v1/walks/{walk.id}", headers=viewer),
        client.get(f"/api/v1/walks/{walk.id}/qr.svg", headers=viewer),
    ):
        assert response.status_code == 403
        assert error_code(response) == "forbidden"


def test_partner_lists_and_reads_the_walks_in_its_areas_only(
    app: Any, client: Any, walk: WalkRef
) -> None:
    make_walk(app, area="varnamo")
    partner = as_role(app, client, "partner", areas=("gislaved",))

    listed = client.get("/api/v1/walks", headers=partner).get_json()["items"]
    read = client.get(f"/api/v1/walks/{walk.id}", headers=partner)

    assert [item["id"] for item in listed] == [walk.id]
    assert read.status_code == 200
    assert read.get_json()["id"] == walk.id


def test_partner_prints_posters_in_its_areas_and_gets_404_elsewhere(
    app: Any, client: Any, walk: WalkRef
) -> None:
    theirs = make_walk(app, area="varnamo")
    partner = as_role(app, client, "partner", areas=("gislaved",))

    assert client.get(f"/api/v1/walks/{walk.id}/qr.svg", headers=partner).status_code == 200
    for url in (f"/api/v1/walks/{theirs.id}", f"/api/v1/walks/{theirs.id}/qr.svg"):
        response = client.get(url, headers=partner)
        assert response.status_code == 404
        assert error_code(response) == "not_found"


def test_partner_may_not_move_a_walk_on(app: Any, client: Any, walk: WalkRef) -> None:
    partner = as_role(app, client, "partner")
    response = client.patch(f"/api/v1/walks/{walk.id}", json={"status": "active"}, headers=partner)

    assert response.status_code == 403
    assert stored_status(app, walk) == "planned"


def test_analyst_of_another_area_gets_404(app: Any, client: Any, walk: WalkRef) -> None:
    other = as_role(app, client, "analyst", areas=("varnamo",))

    for response in (
        client.get(f"/api/v1/walks/{walk.id}", headers=other),
        client.get(f"/api/v1/walks/{walk.id}/qr.svg", headers=other),
        client.patch(f"/api/v1/walks/{walk.id}", json={"status": "active"}, headers=other),
    ):
        assert response.status_code == 404
        assert error_code(response) == "not_found"
    assert client.get("/api/v1/walks", headers=other).get_json()["items"] == []
    assert stored_status(app, walk) == "planned"


def test_unknown_walk_is_404(client: Any, organiser: dict[str, str]) -> None:
    response = client.get("/api/v1/walks/no-such-walk", headers=organiser)

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_list_is_newest_first_and_filters_by_area_and_status(app: Any, client: Any) -> None:
    admin = as_role(app, client, "admin")
    early = make_walk(app, starts_at="2030-05-01T18:00:00+02:00")
    late = make_walk(app, starts_at="2030-05-08T18:00:00+02:00")
    elsewhere = make_walk(app, area="varnamo")
    move_walk(app, early, "active")

    def ids(**query: str) -> list[str]:
        response = client.get("/api/v1/walks", query_string=query, headers=admin)
        assert response.status_code == 200
        return [item["id"] for item in response.get_json()["items"]]

    assert ids(area="gislaved") == [late.id, early.id]
    assert ids(area="varnamo") == [elsewhere.id]
    assert ids(status="active") == [early.id]


def test_list_with_unknown_status_is_422(client: Any, organiser: dict[str, str]) -> None:
    response = client.get("/api/v1/walks?status=done", headers=organiser)

    assert response.status_code == 422
    assert "status" in response.get_json()["error"]["fields"]


def test_staff_see_the_join_code_on_the_walk(
    client: Any, organiser: dict[str, str], walk: WalkRef
) -> None:
    read = client.get(f"/api/v1/walks/{walk.id}", headers=organiser).get_json()
    listed = client.get("/api/v1/walks", headers=organiser).get_json()["items"][0]

    assert read["join_code"] == listed["join_code"] == walk.join_code


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [["active", "completed", "followed_up"], ["completed", "followed_up"]]
)
def test_walk_moves_on_through_its_statuses(
    client: Any, organiser: dict[str, str], walk: WalkRef, path: list[str]
) -> None:
    for status in path:
        response = client.patch(
            f"/api/v1/walks/{walk.id}", json={"status": status}, headers=organiser
        )
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == status
    shown = client.get(f"/api/v1/walks/{walk.id}", headers=organiser).get_json()
    assert shown["status"] == path[-1]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([], "followed_up"),
        (["active"], "planned"),
        (["active"], "followed_up"),
        (["completed"], "active"),
        (["completed"], "planned"),
        (["completed", "followed_up"], "completed"),
        (["completed", "followed_up"], "planned"),
    ],
)
def test_illegal_status_change_is_409_and_changes_nothing(
    app: Any,
    client: Any,
    organiser: dict[str, str],
    walk: WalkRef,
    before: list[str],
    after: str,
) -> None:
    move_walk(app, walk, *before)

    response = client.patch(f"/api/v1/walks/{walk.id}", json={"status": after}, headers=organiser)

    assert response.status_code == 409
    assert error_code(response) == "invalid_transition"
    assert "status" in response.get_json()["error"]["fields"]
    assert stored_status(app, walk) == (before[-1] if before else "planned")


def test_unknown_status_is_422(
    app: Any, client: Any, organiser: dict[str, str], walk: WalkRef
) -> None:
    response = client.patch(f"/api/v1/walks/{walk.id}", json={"status": "done"}, headers=organiser)

    assert response.status_code == 422
    assert "status" in response.get_json()["error"]["fields"]
    assert stored_status(app, walk) == "planned"


# --- joining -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "status"),
    [
        (timedelta(hours=-1, seconds=-1), 404),  # just before the code opens
        (timedelta(hours=-1), 201),  # the code opens
        (timedelta(minutes=-10), 201),
        (timedelta(hours=2), 201),  # mid-walk
        (timedelta(hours=24, seconds=-1), 201),  # closing
        (timedelta(hours=24, seconds=1), 404),  # the day after: closed
        (timedelta(days=30), 404),
    ],
)
def test_join_code_works_from_an_hour_before_to_a_day_after_the_start(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch, offset: timedelta, status: int
) -> None:
    walk = make_walk(app, starts_at=START.isoformat())
    at(monkeypatch, START + offset)

    response = client.post("/api/v1/walks/join", json={"code": walk.join_code})

    assert response.status_code == status, response.get_json()
    if status == 404:
        assert error_code(response) == "walk_not_found"


SLOPPY = {
    "as-printed": lambda code: code,
    "lower-case": lambda code: code.lower(),
    "no-dash": lambda code: code.replace("-", ""),
    "space-for-dash": lambda code: code.replace("-", " "),
    "spaces-and-lower": lambda code: f"  {code[:2]} {code[2:6]}  {code[6:].lower()} ",
}


@pytest.mark.parametrize("typed", list(SLOPPY.values()), ids=list(SLOPPY))
def test_sloppily_typed_code_still_joins(client: Any, walk: WalkRef, typed: Any) -> None:
    answer = join_walk(client, typed(walk.join_code))
    assert answer["walk"]["id"] == walk.id


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ", "0000-0000", "abcd", "x" * 32])
def test_unknown_code_is_404(client: Any, walk: WalkRef, code: str) -> None:
    response = client.post("/api/v1/walks/join", json={"code": code})

    assert response.status_code == 404
    assert error_code(response) == "walk_not_found"


def test_code_of_a_followed_up_walk_no_longer_joins(app: Any, client: Any, walk: WalkRef) -> None:
    move_walk(app, walk, "completed", "followed_up")

    response = client.post("/api/v1/walks/join", json={"code": walk.join_code})

    assert response.status_code == 404
    assert error_code(response) == "walk_not_found"


def test_join_answer_holds_a_token_and_the_walk_but_no_join_code(
    client: Any, walk: WalkRef
) -> None:
    response = client.post("/api/v1/walks/join", json={"code": walk.join_code})
    answer = response.get_json()
    raw = response.get_data(as_text=True)

    assert response.status_code == 201
    assert set(answer) == {"token", "expires_at", "walk"}
    assert answer["token"].startswith("wp_")
    assert answer["walk"]["id"] == walk.id
    assert answer["walk"]["title"] == walk.title
    assert "join_code" not in answer["walk"]
    assert walk.join_code not in raw
    assert walk.join_code.replace("-", "") not in raw


def test_join_answer_asks_for_no_name_or_contact(client: Any, walk: WalkRef) -> None:
    answer = client.post("/api/v1/walks/join", json={"code": walk.join_code}).get_json()
    keys = set(answer) | set(answer["walk"])

    for personal in ("name", "email", "phone", "contact", "address"):
        assert not any(personal in key for key in keys)


def test_join_turns_away_a_name_instead_of_storing_it(client: Any, walk: WalkRef) -> None:
    response = client.post(
        "/api/v1/walks/join", json={"code": walk.join_code, "name": "Anna Andersson"}
    )
    assert response.status_code == 422


def test_each_join_gets_its_own_token(client: Any, walk: WalkRef) -> None:
    tokens = {join_walk(client, walk.join_code)["token"] for _ in range(3)}
    assert len(tokens) == 3


def test_join_is_rate_limited(make_app: Any) -> None:
    app = make_app(RATELIMIT_WALK_JOIN="3 per minute")
    client = app.test_client()
    walk = make_walk(app)

    answers = [
        client.post("/api/v1/walks/join", json={"code": walk.join_code}).status_code
        for _ in range(4)
    ]

    assert answers == [201, 201, 201, 429]


def test_guessing_codes_is_rate_limited(make_app: Any) -> None:
    app = make_app(RATELIMIT_WALK_JOIN="3 per minute")
    client = app.test_client()
    walk = make_walk(app)

    guesses = [
        client.post("/api/v1/walks/join", json={"code": f"AAAA-AAA{n}"}).status_code
        for n in range(3)
    ]
    # Having guessed three times, even the right code has to wait.
    right = client.post("/api/v1/walks/join", json={"code": walk.join_code})

    assert guesses == [404, 404, 404]
    assert right.status_code == 429
    assert error_code(right) == "rate_limited"


# --- the participant's token -------------------------------------------------------------------


def test_participant_reads_their_walk_without_the_join_code(
    client: Any, walk: WalkRef, participant: dict[str, str]
) -> None:
    response = client.get(f"/api/v1/walks/{walk.id}", headers=participant)

    assert response.status_code == 200
    assert response.get_json()["id"] == walk.id
    assert "join_code" not in response.get_json()
    assert walk.join_code not in response.get_data(as_text=True)


def test_participant_token_cannot_reach_another_walk(
    app: Any, client: Any, analyst: Staff, participant: dict[str, str]
) -> None:
    same_area = make_walk(app, analyst)
    other_area = make_walk(app, area="varnamo")

    for other in (same_area, other_area):
        for response in (
            client.get(f"/api/v1/walks/{other.id}", headers=participant),
            sync(client, other.id, participant, [observation_body()]),
            client.post(
                f"/api/v1/walks/{other.id}/observations",
                json=observation_body(),
                headers=participant,
            ),
        ):
            assert response.status_code == 404, response.get_json()
            assert error_code(response) == "not_found"


def test_participant_token_opens_no_tip_and_no_queue(
    client: Any, participant: dict[str, str]
) -> None:
    reference = send_tip(client).get_json()["reference"]

    for response in (
        client.get("/api/v1/queue", headers=participant),
        client.get(f"/api/v1/queue/{reference}", headers=participant),
        client.get("/api/v1/walks", headers=participant),
    ):
        assert response.status_code == 401
        assert error_code(response) == "unauthorized"
        assert reference not in response.get_data(as_text=True)


def test_participant_token_cannot_move_the_walk_on_or_print_its_poster(
    app: Any, client: Any, walk: WalkRef, participant: dict[str, str]
) -> None:
    patch = client.patch(
        f"/api/v1/walks/{walk.id}", json={"status": "completed"}, headers=participant
    )
    poster = client.get(f"/api/v1/walks/{walk.id}/qr.svg", headers=participant)
    planning = client.post("/api/v1/walks", json=walk_body(), headers=participant)

    assert patch.status_code in (401, 403)
    assert poster.status_code in (401, 403)
    assert planning.status_code in (401, 403)
    assert stored_status(app, walk) == "planned"


def test_made_up_participant_token_is_401(client: Any, walk: WalkRef) -> None:
    response = client.get(f"/api/v1/walks/{walk.id}", headers=auth("wp_made-up"))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("grace_hours", "offset", "status"),
    [
        (72, timedelta(hours=24 + 72, seconds=-1), 201),
        (72, timedelta(hours=24 + 72), 401),
        (72, timedelta(days=30), 401),
        (2, timedelta(hours=26, seconds=-1), 201),
        (2, timedelta(hours=26, seconds=1), 401),
    ],
)
def test_participant_token_expires_after_the_grace_window(
    make_app: Any,
    monkeypatch: pytest.MonkeyPatch,
    grace_hours: int,
    offset: timedelta,
    status: int,
) -> None:
    app = make_app(WALK_SYNC_GRACE_HOURS=grace_hours)
    client = app.test_client()
    walk = make_walk(app, starts_at=START.isoformat())
    at(monkeypatch, START)
    participant = make_participant(app, walk)

    at(monkeypatch, START + offset)
    response = client.post(
        f"/api/v1/walks/{walk.id}/observations", json=observation_body(), headers=participant
    )

    assert response.status_code == status, response.get_json()
    if status == 401:
        assert error_code(response) == "unauthorized"


def test_join_answer_tells_when_the_token_expires(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(WALK_SYNC_GRACE_HOURS=5)
    walk = make_walk(app, starts_at=START.isoformat())
    at(monkeypatch, START + timedelta(minutes=20))

    answer = join_walk(app.test_client(), walk.join_code)

    assert datetime.fromisoformat(answer["expires_at"]) == START + timedelta(hours=24 + 5)


# --- the QR poster -----------------------------------------------------------------------------


def qr(client: Any, headers: dict[str, str], walk: WalkRef) -> Any:
    response = client.get(f"/api/v1/walks/{walk.id}/qr.svg", headers=headers)
    assert response.status_code == 200
    return response


def local_name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def test_qr_poster_is_well_formed_svg(
    client: Any, organiser: dict[str, str], walk: WalkRef
) -> None:
    response = qr(client, organiser, walk)
    root = ET.fromstring(response.get_data())  # noqa: S314 - our own answer

    assert response.mimetype == "image/svg+xml"
    assert local_name(root) == "svg"


def test_qr_poster_encodes_the_join_link(
    app: Any, client: Any, organiser: dict[str, str], walk: WalkRef
) -> None:
    link = f"{app.config['PUBLIC_URL']}/w/{walk.join_code.replace('-', '')}"
    expected = segno.make(link, error="m").svg_inline(scale=8, title=walk.title)

    assert qr(client, organiser, walk).get_data(as_text=True) == expected


def test_qr_poster_follows_the_code(
    app: Any, client: Any, analyst: Staff, organiser: dict[str, str]
) -> None:
    first, second = make_walk(app, analyst), make_walk(app, analyst)

    assert first.join_code != second.join_code
    assert qr(client, organiser, first).get_data() != qr(client, organiser, second).get_data()


def test_qr_poster_with_markup_in_the_title_is_still_well_formed(
    app: Any, client: Any, analyst: Staff, organiser: dict[str, str]
) -> None:
    walk = make_walk(app, analyst, title='Torget & parken <kväll> "vår"')
    root = ET.fromstring(qr(client, organiser, walk).get_data())  # noqa: S314 - our own answer

    titles = [element.text for element in root.iter() if local_name(element) == "title"]
    assert titles == ['Torget & parken <kväll> "vår"']


# --- no trace of who walked ----------------------------------------------------------------------

FORWARDED_ADDRESS = "203.0.113.91"
DEVICE_MARK = "SM-A536B-WALKER-DEVICE-0815"
DEVICE_HEADERS = {
    "X-Forwarded-For": FORWARDED_ADDRESS,
    "X-Real-IP": FORWARDED_ADDRESS,
    "User-Agent": f"Mozilla/5.0 (Linux; Android 14; {DEVICE_MARK})",
}
CLIENT_ADDRESS = "127.0.0.9"


def test_no_device_trace_of_a_participant_is_stored(
    app: Any, client: Any, walk: WalkRef, captured_logs: Any
) -> None:
    device = {"headers": DEVICE_HEADERS, "environ_base": {"REMOTE_ADDR": CLIENT_ADDRESS}}
    token = join_walk(client, walk.join_code, **device)["token"]
    headers = {**DEVICE_HEADERS, **auth(token)}
    url = f"/api/v1/walks/{walk.id}/observations"
    one = client.post(
        url, json=observation_body(), headers=headers, environ_base=device["environ_base"]
    )
    batch = client.post(
        f"{url}:sync",
        json={"observations": [observation_body(), observation_body()]},
        headers=headers,
        environ_base=device["environ_base"],
    )
    assert one.status_code == 201
    assert batch.get_json()["created"] == 2

    dump = database_dump(app)
    assert walk.id in dump  # the dump really holds the walk's rows
    for trace in (FORWARDED_ADDRESS, DEVICE_MARK, CLIENT_ADDRESS, token):
        assert trace not in dump
        assert trace not in captured_logs.text
