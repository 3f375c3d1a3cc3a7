"""Receipts, bearer tokens, passwords and idempotency keys stay out of logs and URLs.

Threat: whoever reads a log file, a proxy's access log or a browser history would otherwise
hold a resident's receipt (their only way back to the tip) or a staff member's session.
"""

from __future__ import annotations

import ast
import logging
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.factories import (
    DEFAULT_PASSWORD,
    auth,
    join_walk,
    login,
    login_response,
    make_user,
    make_walk,
    new_key,
    send_tip,
)
from tests.photos import images

SECRET_NAME = re.compile(r"receipt|token|password|passwd|secret|api.?key|session|auth", re.I)
PACKAGE = Path(__file__).resolve().parents[2] / "tipsapp"


def everything_logged(captured_logs: pytest.LogCaptureFixture) -> str:
    """Each record's message, raw arguments and formatted traceback, as one text."""
    parts = [captured_logs.text]
    for record in captured_logs.records:
        parts.extend([str(record.msg), repr(record.args), record.exc_text or ""])
    return "\n".join(parts)


def test_receipts_tokens_and_passwords_never_reach_the_logs(
    make_app: Any, tmp_path: Path, captured_logs: pytest.LogCaptureFixture, monkeypatch: Any
) -> None:
    # Even with the SQL statement log on (echo=True), as an operator chasing a problem might.
    # (DEBUG would also print result rows: tip texts and join codes. Never in production.)
    captured_logs.set_level(logging.INFO, logger="sqlalchemy.engine")
    app = make_app(PHOTO_DIR=str(tmp_path / "photos"))
    client = app.test_client()
    # The resident: a tip with an idempotency key, its follow-up, an answer and a photo.
    key = new_key()
    tip = send_tip(client, key=key).get_json()
    codes = {"reference": tip["reference"], "receipt": tip["receipt"]}
    assert client.post("/api/v1/tips/status", json=codes).status_code == 200
    reply = {**codes, "body": "Det var två personer där i går kväll också."}
    assert client.post("/api/v1/tips/messages", json=reply).status_code in {200, 201}
    photo = client.put(
        f"/api/v1/tips/{tip['reference']}/photos/{uuid.uuid4()}",
        data=images.encoded(images.picture(), "JPEG"),
        headers={"Content-Type": "image/jpeg", "X-Tip-Receipt": tip["receipt"]},
    )
    assert photo.status_code == 201
    # Staff: a failed login, a login, reads, a password change.
    user = make_user(app, "analyst")
    wrong_password = "not-the-password-4711"
    assert login_response(client, user.email, wrong_password).status_code == 401
    token = login(client, user.email)
    assert client.get(f"/api/v1/queue/{tip['reference']}", headers=auth(token)).status_code == 200
    new_password = "a fresh long password 0815"
    change = {"current_password": DEFAULT_PASSWORD, "new_password": new_password}
    assert client.post("/api/v1/auth/password", json=change, headers=auth(token)).status_code == 204
    # A walk participant's token, used once.
    walk = make_walk(app)
    participant = join_walk(client, walk.join_code)["token"]
    assert client.get(f"/api/v1/walks/{walk.id}", headers=auth(participant)).status_code == 200

    # And a crash while a receipt is in flight: the traceback is logged, the receipt is not.
    def crash(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("tipsapp.tips.service.resident_view", crash)
    crashed = client.post("/api/v1/tips/status", json=codes)

    logged = everything_logged(captured_logs)
    secrets = {
        "receipt": tip["receipt"],
        "receipt without dashes": tip["receipt"].replace("-", ""),
        "idempotency key": key,
        "staff token": token,
        "participant token": participant,
        "password": DEFAULT_PASSWORD,
        "wrong password": wrong_password,
        "new password": new_password,
        "join code": walk.join_code.replace("-", ""),
    }
    assert crashed.status_code == 500
    # The logs were captured, SQL included: the check below is real.
    assert "simulated failure" in logged
    assert "INSERT INTO tips" in logged
    assert [name for name, secret in secrets.items() if secret in logged] == []


def test_no_api_operation_takes_a_secret_in_its_path_or_query(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    in_urls = []
    for path, operations in spec["paths"].items():
        in_urls += re.findall(r"{(\w+)}", path)
        for operation in operations.values():
            if isinstance(operation, dict):
                in_urls += [
                    parameter["name"]
                    for parameter in operation.get("parameters", [])
                    if parameter.get("in") in {"query", "path"}
                ]

    assert "reference" in in_urls and "area" in in_urls  # the spec was read
    assert [name for name in in_urls if SECRET_NAME.search(name)] == []


def test_no_route_reads_a_secret_from_the_url(app: Any) -> None:
    """No URL rule has a secret-named part, and no code reads one from ``request.args``."""
    names_in_rules = {name for rule in app.url_map.iter_rules() for name in rule.arguments}
    read_by_hand = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in {"args", "values"}
                and isinstance(node.func.value.value, ast.Name)
                and node.func.value.value.id == "request"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                read_by_hand.add(str(node.args[0].value))

    assert "public_id" in names_in_rules or "reference" in names_in_rules
    assert [name for name in names_in_rules if SECRET_NAME.search(name)] == []
    assert "lang" in read_by_hand
    assert [name for name in read_by_hand if SECRET_NAME.search(name)] == []


@pytest.mark.parametrize("name", ["access_token", "token", "bearer", "auth"])
def test_a_bearer_token_in_the_query_string_opens_nothing(app: Any, client: Any, name: str) -> None:
    user = make_user(app, "analyst")
    token = login(client, user.email)

    response = client.get("/api/v1/staff/me", query_string={name: token})

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_participant_token_in_the_query_string_opens_nothing(app: Any, client: Any) -> None:
    walk = make_walk(app)
    token = join_walk(client, walk.join_code)["token"]

    response = client.get(f"/api/v1/walks/{walk.id}", query_string={"access_token": token})

    assert response.status_code == 401


def test_the_receipt_travels_only_in_the_answer_body(client: Any) -> None:
    response = send_tip(client, key=new_key())
    receipt = response.get_json()["receipt"]

    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    assert receipt not in headers
    assert receipt.replace("-", "") not in headers
    assert response.headers["Cache-Control"] == "no-store"
