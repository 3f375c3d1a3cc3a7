"""Path traversal, SQL, markup, NUL and invalid UTF-8 as the id of every route that takes one."""

from __future__ import annotations

import os
import re
import tempfile
from typing import Any

import pytest

from tests.hostile.checks import assert_json_error
from tests.hostile.corpus import IDS, QUERY_VALUES, SCRIPT, WRITES
from tipsapp import create_app

PARAMETER = re.compile(r"<(?:[a-z]+:)?[a-z_]+>")
BODIES = {(write.method, write.rule): write for write in WRITES}


def _api_rules() -> list[tuple[str, str]]:
    """Every (method, rule) under /api/ with an id in its path, from the app itself.

    Read at collection, from an app whose instance folder is a temporary one (the factory
    creates that folder).
    """
    saved = os.environ.get("TIPSAPP_INSTANCE_PATH")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TIPSAPP_INSTANCE_PATH"] = folder
        try:
            app = create_app({"TIPSAPP_ENV": "testing", "SECRET_KEY": "x" * 40})
        finally:
            if saved is None:
                del os.environ["TIPSAPP_INSTANCE_PATH"]
            else:
                os.environ["TIPSAPP_INSTANCE_PATH"] = saved
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and PARAMETER.search(rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


API_RULES = _api_rules()


@pytest.mark.parametrize("name", list(IDS))
@pytest.mark.parametrize(("method", "rule"), API_RULES, ids=[f"{m} {r}" for m, r in API_RULES])
def test_hostile_id_in_the_path_is_an_error_and_stores_nothing(
    world: Any, method: str, rule: str, name: str
) -> None:
    write = BODIES.get((method, rule))
    headers = dict(write.headers(world)) if write else dict(world.admin)
    if write is None or not write.raw:
        headers.setdefault("Authorization", world.admin["Authorization"])
    body = write.body(world) if write and write.body else None
    before = world.state()

    response = world.client.open(
        PARAMETER.sub(IDS[name], rule),
        method=method,
        json=body,
        data=b"\xff\xd8\xff" if write and write.raw else None,
        headers=headers,
    )

    assert_json_error(response, 400, 401, 403, 404, 405, 413, 415, 422)
    assert world.state() == before


# The query parameters each list endpoint reads (their schemas), with a hostile value each.
QUERIES = [
    ("/api/v1/categories", ("lang",)),
    ("/api/v1/queue", ("status", "category", "area", "kind", "q", "sort", "cursor", "since")),
    ("/api/v1/queue/shared", ("cursor",)),
    ("/api/v1/audit", ("actor", "action", "target", "cursor", "since", "until")),
    ("/api/v1/walks", ("area", "status")),
    ("/api/v1/actions", ("area", "status", "owner", "walk")),
    ("/api/v1/reports", ("area",)),
    ("/api/v1/reports/next", ("area",)),
    ("/api/v1/public/followup", ("area", "lang")),
    ("/api/v1/public/statements", ("area",)),
]


@pytest.mark.parametrize("value", list(QUERY_VALUES))
@pytest.mark.parametrize(("path", "names"), QUERIES, ids=[path for path, _ in QUERIES])
def test_hostile_query_parameters_answer_json(world: Any, path: str, names: Any, value: str):
    query = {name: QUERY_VALUES[value] for name in names}

    response = world.client.get(path, query_string=query, headers=world.admin)

    assert response.status_code < 500, response.get_data()[:300]
    assert response.mimetype == "application/json"
    if response.status_code >= 400:
        assert_json_error(response)
    else:
        assert SCRIPT not in response.get_data(as_text=True) or value == "script"
