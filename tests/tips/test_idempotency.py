"""Retries from flaky phones never create duplicates."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from tests.factories import new_key, send_tip, tip_body
from tipsapp.tips.models import Tip


def count_tips(app: Any) -> int:
    from tipsapp.extensions import db

    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Tip)) or 0)


def test_retry_with_same_idempotency_key_returns_same_reference(app: Any, client: Any) -> None:
    key = new_key()
    first = send_tip(client, key)
    second = send_tip(client, key)

    assert first.status_code == second.status_code == 201
    assert second.json["reference"] == first.json["reference"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert count_tips(app) == 1


def test_receipt_from_a_replayed_answer_opens_the_follow_up(client: Any) -> None:
    key = new_key()
    send_tip(client, key)
    replay = send_tip(client, key).get_json()

    status = client.post(
        "/api/v1/tips/status", json={"reference": replay["reference"], "receipt": replay["receipt"]}
    )
    assert status.status_code == 200


def test_same_key_with_different_body_gets_422(app: Any, client: Any) -> None:
    key = new_key()
    send_tip(client, key)
    response = send_tip(client, key, text="Ett helt annat tips om något annat.")

    assert response.status_code == 422
    assert response.json["error"]["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json["error"]["fields"]
    assert count_tips(app) == 1


def test_different_keys_create_different_tips(app: Any, client: Any) -> None:
    send_tip(client, new_key())
    send_tip(client, new_key())
    assert count_tips(app) == 2


def test_idempotency_key_must_be_a_uuid(app: Any, client: Any) -> None:
    response = client.post("/api/v1/tips", json=tip_body(), headers={"Idempotency-Key": "x1"})

    assert response.status_code == 422
    assert "Idempotency-Key" in response.json["error"]["fields"]
    assert count_tips(app) == 0


def test_retry_storm_with_one_key_stores_one_tip(app: Any) -> None:
    key = new_key()
    references: list[str] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def send() -> None:
        response = send_tip(app.test_client(), key)
        with lock:
            statuses.append(response.status_code)
            references.append(response.get_json().get("reference", ""))

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [201] * 12
    assert len(set(references)) == 1
    assert count_tips(app) == 1


def test_key_expires_after_fourteen_days(app: Any, client: Any, monkeypatch: Any) -> None:
    key = new_key()
    first = send_tip(client, key).json["reference"]
    later = datetime.now(UTC) + timedelta(days=14, minutes=1)
    monkeypatch.setattr("tipsapp.common.idempotency.utcnow", lambda: later)

    second = send_tip(client, key)

    assert second.status_code == 201
    assert second.json["reference"] != first
    assert count_tips(app) == 2


def test_purge_removes_only_expired_keys(app: Any, client: Any, monkeypatch: Any) -> None:
    send_tip(client, new_key())
    runner = app.test_cli_runner()
    assert "removed 0" in runner.invoke(args=["tips", "purge-keys"]).output

    later = datetime.now(UTC) + timedelta(days=15)
    monkeypatch.setattr("tipsapp.common.idempotency.utcnow", lambda: later)
    assert "removed 1" in runner.invoke(args=["tips", "purge-keys"]).output
