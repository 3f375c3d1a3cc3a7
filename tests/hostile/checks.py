"""What every refused request must look like, and how the corpus sends its requests."""

from __future__ import annotations

import json
from typing import Any

from tests.hostile.corpus import Write


def assert_json_error(response: Any, *statuses: int) -> dict[str, Any]:
    """A 4xx in the one envelope: JSON, ``{"error": {status, code, message, fields}}``."""
    assert response.status_code < 500, (response.status_code, response.get_data()[:300])
    assert response.status_code >= 400, (response.status_code, response.get_data()[:300])
    if statuses:
        assert response.status_code in statuses, (response.status_code, response.get_json())
    assert response.mimetype == "application/json", response.get_data()[:300]
    error = json.loads(response.get_data(as_text=True))["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == response.status_code
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return dict(error)


def assert_answered(response: Any) -> None:
    """Any answer but a 5xx; an error in the envelope, a success in JSON (or the raw file)."""
    if response.status_code >= 400:
        assert_json_error(response)
    else:
        assert response.status_code < 300 or response.status_code == 304


def send(
    world: Any,
    write: Write,
    headers: dict[str, str],
    *,
    body: dict[str, Any] | None = None,
    data: bytes | None = None,
    content_type: str | None = "application/json",
    path: str | None = None,
) -> Any:
    """One request to ``write`` with ``headers`` (built before any snapshot of the state).

    The JSON is written ASCII-only, so a lone surrogate travels as the escape ``\\ud800``.
    """
    if data is None:
        payload = body if body is not None else (write.body(world) if write.body else None)
        data = b"" if payload is None else json.dumps(payload).encode()
    all_headers = dict(headers)
    if content_type is not None and data:
        all_headers["Content-Type"] = content_type
    return world.client.open(
        path or write.path(world), method=write.method, data=data, headers=all_headers
    )
