"""Free-text search of the queue (tipsapp/triage/search.py): Swedish words in any inflection,
only what analysts may read, and never an erased text."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    as_role,
    make_participant,
    make_user,
    make_walk,
    observation_body,
    send_tip,
)
from tests.traces import database_dump

MOPED = "En moped kör fram och tillbaka på gång- och cykelvägen varje kväll."
MOPEDS = "Flera mopeder står parkerade framför entrén och blockerar dörren."
BIKES = "Någon har stulit tre cyklar ur cykelstället vid stationen."


@pytest.fixture
def analyst(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved", "varnamo"))


def tip(client: FlaskClient, text: str, **overrides: Any) -> str:
    response = send_tip(client, text=text, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def found(client: FlaskClient, headers: dict[str, str], q: str, **query: Any) -> list[str]:
    response = client.get("/api/v1/queue", query_string={"q": q, **query}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["reference"] for item in response.get_json()["items"]]


def act(
    client: FlaskClient, headers: dict[str, str], reference: str, action: str, **body: Any
) -> Any:
    response = client.post(f"/api/v1/queue/{reference}/{action}", json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


@pytest.mark.parametrize("q", ["moped", "mopeder", "mopeden", "mopederna", "MOPED"])
def test_a_swedish_word_finds_every_inflection_of_it(
    client: FlaskClient, analyst: dict[str, str], q: str
) -> None:
    one, several = tip(client, MOPED), tip(client, MOPEDS)
    tip(client, BIKES)

    assert set(found(client, analyst, q)) == {one, several}


def test_cyklar_finds_the_stolen_bikes_and_every_word_must_occur(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    bikes = tip(client, BIKES)
    tip(client, MOPED)

    assert found(client, analyst, "cyklar") == [bikes]
    assert found(client, analyst, "stulit cyklarna stationer") == [bikes]
    assert found(client, analyst, "cyklar moped") == []


def test_a_with_ring_and_dots_are_letters_of_their_own(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    sheep = tip(client, "Ett får har rymt och går lös på vägen mot skolan.")
    father = tip(client, "En far med barnvagn blev nästan påkörd vid övergångsstället.")

    assert found(client, analyst, "får") == [sheep]
    assert found(client, analyst, "far") == [father]


def test_search_keeps_the_queue_order_and_pages_with_the_cursor(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    mopeds = [tip(client, f"{MOPED} Gång nummer {n}.") for n in range(5)]
    tip(client, BIKES)
    whole = found(client, analyst, "mopeder")

    pages, cursor = [], None
    while True:
        query = {"q": "mopeder", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/queue", query_string=query, headers=analyst).get_json()
        pages.extend(item["reference"] for item in page["items"])
        cursor = page["next"]
        if cursor is None:
            break

    in_queue_order = [
        item["reference"]
        for item in client.get("/api/v1/queue", headers=analyst).get_json()["items"]
        if item["reference"] in mopeds
    ]
    assert pages == whole == in_queue_order
    assert set(whole) == set(mopeds)


def test_search_combines_with_the_other_filters(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    in_gislaved = tip(client, MOPED)
    in_varnamo = tip(client, MOPED, area="varnamo")

    assert found(client, analyst, "moped", area="varnamo") == [in_varnamo]
    assert found(client, analyst, "moped", area="gislaved") == [in_gislaved]


def test_search_counts_per_status_are_the_matching_items(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    queued = tip(client, MOPED)
    tip(client, MOPEDS)
    tip(client, BIKES)
    act(client, analyst, queued, "queue")

    page = client.get("/api/v1/queue", query_string={"q": "mopeder"}, headers=analyst).get_json()

    assert page["counts"]["new"] == 1
    assert page["counts"]["queued"] == 1
    assert sum(page["counts"].values()) == 2


def test_a_redacted_word_is_not_found_and_the_redaction_is(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    reference = tip(client, "Grannen Kalle Svensson kör moped på gångvägen varje kväll.")

    act(
        client,
        analyst,
        reference,
        "redact",
        text="En granne kör moped på gångvägen.",
        reason="Namn",
    )

    assert found(client, analyst, "Svensson") == []
    assert found(client, analyst, "Kalle") == []
    assert found(client, analyst, "granne mopeder") == [reference]


def test_an_erased_text_is_not_found_by_any_of_its_words(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    erased = tip(client, "Grannen Kalle Svensson kör moped på gångvägen varje kväll.")
    kept = tip(client, MOPED)
    act(client, analyst, erased, "redact", text="En granne kör moped.", reason="Namn")

    act(client, analyst, erased, "erase", reason="Begäran om radering.")

    for word in ("moped", "granne", "Svensson", "gångvägen", "kväll"):
        assert erased not in found(client, analyst, word)
    assert found(client, analyst, "moped") == [kept]
    # The reference still finds the item: only its content is gone.
    assert found(client, analyst, erased) == [erased]


@pytest.mark.parametrize("q", ["%", "!!", '"', "*", "AND", "moped OR", "(moped", "NEAR(a b)"])
def test_any_input_answers_without_a_search_error(
    client: FlaskClient, analyst: dict[str, str], q: str
) -> None:
    tip(client, MOPED)

    response = client.get("/api/v1/queue", query_string={"q": q}, headers=analyst)

    assert response.status_code == 200
    assert response.get_json()["counts"] is not None


def test_the_other_language_texts_are_found_by_their_words(
    client: FlaskClient, analyst: dict[str, str]
) -> None:
    english = tip(
        client,
        "Someone keeps dumping broken bicycles and rubbish behind the sports hall at night.",
    )

    assert found(client, analyst, "bicycles") == [english]
    assert found(client, analyst, "rubbish hall") == [english]


def test_a_walk_observation_is_found_by_its_note(app: Flask, client: FlaskClient) -> None:
    organiser = make_user(app, "analyst", areas=("gislaved",))
    walk = make_walk(app, organiser, checklist=["lighting", "vegetation", "overview"])
    walker = make_participant(app, walk)
    note = "Mopederna kör i full fart genom gångtunneln, det är livsfarligt."
    posted = client.post(
        f"/api/v1/walks/{walk.id}/observations", json=observation_body(text=note), headers=walker
    )
    assert posted.status_code == 201, posted.get_json()
    analyst = as_role(app, client, "analyst", areas=("gislaved",))

    assert found(client, analyst, "moped") == [posted.get_json()["reference"]]


def test_an_erased_texts_words_leave_the_search_index_rows(
    app: Flask, client: FlaskClient, analyst: dict[str, str]
) -> None:
    """Not findable is not enough: whoever holds the database must not read them either."""
    for n in range(3):
        tip(client, f"Klotter på busskuren igen, gång {n}.")
    erased = tip(client, "Zorrogatan har en qwertyuiop som står och lurar vid porten.")
    assert "qwertyuiop" in database_dump(app)

    act(client, analyst, erased, "erase", reason="Begäran om radering.")

    dump = database_dump(app)
    assert "qwertyuiop" not in dump
    assert "zorrogat" not in dump
