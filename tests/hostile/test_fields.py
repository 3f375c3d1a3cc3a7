"""Hostile values in every field of every write endpoint, one field at a time.

What the app must do, by the kind of value (``corpus.VALUES``) and of field:

- NUL and lone surrogates: refused in any field (422 naming it), since no database stores them;
- other control characters: refused in free text (422 naming the field); a password may hold
  anything (it is only ever hashed);
- right-to-left overrides, zero-width characters, HTML, SVG, SQL and paths are legitimate in
  free text (a resident may quote a threat or write Arabic): never refused for that reason;
- values longer than the field's limit, or of the wrong JSON type: refused.

Every refusal leaves the database and the photo folder as they were.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.hostile.checks import assert_answered, assert_json_error, send
from tests.hostile.corpus import BASE_TEXT, VALUES, WRITES, Value, Write, set_path

CASES = [
    pytest.param(write, name, kind, value, id=f"{write.id}-{name}-{value.name}")
    for write in WRITES
    if write.body is not None
    for name, kind in write.fields
    for value in VALUES
]


def hostile(kind: str, value: Value) -> Any:
    """Free text gets the value inside an otherwise valid text; other fields get it alone."""
    if kind == "text" and isinstance(value.value, str) and value.kind != "huge":
        return BASE_TEXT + value.value
    return value.value


def field_errors(response: Any, name: str) -> list[str] | None:
    """The messages about ``name`` (a.0.b), whether refused whole or as one item of a batch."""
    body = response.get_json()
    if response.status_code == 200 and "summary" in body:  # one action on many items
        # Each item is answered on its own: a reference not found or an ETag that does not
        # match refuses that item (a move its status forbids is no answer about a field).
        (item,) = body["results"]
        refused_item = name.startswith("items.") and item["outcome"] in ("not_found", "changed")
        return [item["code"]] if refused_item else None
    if response.status_code == 200 and "results" in body:  # the offline sync batch
        (result,) = body["results"]
        if result["status"] != "invalid":
            return None
        errors = result["fields"]
        name = name.split(".", 2)[2]
    elif response.status_code in (400, 422):
        errors = body["error"]["fields"]
    else:
        return None
    node: Any = errors
    for part in name.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and name in node:
            return list(node[name])
        else:
            return None
    return node if isinstance(node, list) else [str(node)]


def refused(response: Any, name: str) -> bool:
    return response.status_code >= 400 or field_errors(response, name) is not None


LOGIN_RULE = "/api/v1/auth/login"
FAILED_LOGIN = "auth.login_failed"  # the audit entry a wrong password for a real account makes


@pytest.mark.parametrize(("write", "name", "kind", "value"), CASES)
def test_hostile_value_in_a_field(world: Any, write: Write, name: str, kind: str, value: Value):
    body = set_path(write.body(world), name, hostile(kind, value))
    headers = write.headers(world)
    audited = FAILED_LOGIN if write.rule == LOGIN_RULE else None
    before = world.state(besides=audited)

    response = send(world, write, headers, body=body)

    assert_answered(response)
    if response.status_code >= 400:
        assert_json_error(response)
        assert world.state(besides=audited) == before
    must_name_the_field = value.kind == "unstorable" or (value.kind == "control" and kind == "text")
    may_be_kept = value.kind == "legit" or (value.kind == "control" and kind == "secret")
    if must_name_the_field:
        assert field_errors(response, name), response.get_json()
    elif not may_be_kept:
        assert refused(response, name), response.get_json()
    elif kind == "text":
        assert field_errors(response, name) is None, response.get_json()
