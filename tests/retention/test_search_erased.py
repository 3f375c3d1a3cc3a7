"""The retention run takes an erased text out of the queue's search index, in its own batch."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.retention.conftest import World, run_retention
from tests.traces import database_dump


def searched(world: World, q: str) -> list[str]:
    response = world.client.get("/api/v1/queue", query_string={"q": q}, headers=world.analyst)
    assert response.status_code == 200, response.get_json()
    return [item["reference"] for item in response.get_json()["items"]]


def test_a_text_the_retention_run_erased_is_not_found_nor_left_in_the_index(
    app: Flask, world: World, months_later: Any
) -> None:
    reference, _ = world.tip("Mopederna på Zorrogatan väsnas varje natt, säger qwertyuiop.")
    world.act(reference, "queue")
    world.publish()
    assert searched(world, "moped") == [reference]

    months_later(13)
    run_retention(app)

    assert searched(world, "moped") == []
    assert searched(world, "qwertyuiop") == []
    assert "qwertyuiop" not in database_dump(app)
