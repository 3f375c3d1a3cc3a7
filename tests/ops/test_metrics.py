"""/metrics gives Prometheus figures to the token holder, and no label can identify anyone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.factories import login_as, make_user, new_tip, tip_body
from tipsapp.common.clock import utcnow

TOKEN = "scrape-token-0123456789abcdef"
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}
DEVICE_AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J530F-UNIQUE-DEVICE-4711)"
CLIENT_ADDRESS = "198.51.100.99"


@pytest.fixture
def app(make_app: Any) -> Any:
    return make_app(METRICS_TOKEN=TOKEN)


def scrape(client: Any) -> str:
    response = client.get("/metrics", headers=SCRAPE)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return str(response.get_data(as_text=True))


def samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """The samples called ``name``, keyed by their sorted labels."""
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


def requests_of(text: str, endpoint: str, status: str) -> float:
    key = (("endpoint", endpoint), ("method", "POST"), ("status", status))
    return samples(text, "tipsapp_http_requests_total").get(key, 0.0)


def test_without_a_token_configured_metrics_is_not_found(make_app: Any) -> None:
    client = make_app(METRICS_TOKEN=None).test_client()

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/metrics", {}),
        ("/metrics", {"Authorization": "Bearer wrong-token"}),
        ("/metrics", {"Authorization": f"Basic {TOKEN}"}),
        (f"/metrics?token={TOKEN}", {}),
    ],
)
def test_metrics_needs_the_bearer_token(client: Any, path: str, headers: dict[str, str]) -> None:
    response = client.get(path, headers=headers)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "tipsapp_http_requests" not in response.get_data(as_text=True)


def test_requests_are_counted_per_endpoint_name_and_status(client: Any) -> None:
    before = scrape(client)
    new_tip(client)
    client.post("/api/v1/tips", json=tip_body(area="atlantis"))

    after = scrape(client)

    assert requests_of(after, "tips.Tips", "201") - requests_of(before, "tips.Tips", "201") == 1
    assert requests_of(after, "tips.Tips", "422") - requests_of(before, "tips.Tips", "422") == 1
    latency = samples(after, "tipsapp_http_request_duration_seconds_count")
    assert latency[(("endpoint", "tips.Tips"), ("method", "POST"))] >= 2


def test_labels_hold_no_reference_address_or_user_agent(app: Any, client: Any) -> None:
    analyst = login_as(client, make_user(app, "analyst"))
    device = {"User-Agent": DEVICE_AGENT, "X-Forwarded-For": CLIENT_ADDRESS}
    answer = client.post(
        "/api/v1/tips",
        json=tip_body(text="Mopeder kör på gångvägen varje kväll vid Storgatan 12."),
        headers=device,
        environ_base={"REMOTE_ADDR": CLIENT_ADDRESS},
    )
    reference = answer.get_json()["reference"]
    client.get(f"/api/v1/queue/{reference}", headers={**analyst, **device})
    client.get("/api/v1/queue/T-NOPE-NOPE", headers=analyst)
    client.get(f"/no/such/page/{reference}", headers=device)
    client.open("/api/v1/tips", method="BREW", headers=device)

    text = scrape(client)

    assert answer.status_code == 201
    for trace in (reference, CLIENT_ADDRESS, "SM-J530F", "Storgatan", "T-NOPE", "BREW", "/api/"):
        assert trace not in text
    endpoints = {
        value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        for name, value in sample.labels.items()
        if name == "endpoint"
    }
    assert {"queue.QueueItem", "unmatched"} <= endpoints
    assert endpoints - {"unmatched"} <= set(app.view_functions)


def test_queue_sizes_per_status_and_outbox_state_and_lag(app: Any, client: Any) -> None:
    from tipsapp.extensions import db
    from tipsapp.outbox.models import OutboxEvent

    new_tip(client)
    new_tip(client)
    now = utcnow()
    with app.app_context():
        db.session.add_all(
            OutboxEvent(
                kind="webhook",
                payload={},
                state=state,
                next_attempt_at=now - timedelta(minutes=minutes),
                created_at=now - timedelta(minutes=minutes + 30),
            )
            for state, minutes in (("pending", 10), ("pending", -5), ("dead", 60))
        )
        db.session.commit()

    text = scrape(client)

    queue = samples(text, "tipsapp_queue_items")
    assert queue[(("status", "new"),)] == 2
    assert queue[(("status", "queued"),)] == 0
    outbox = samples(text, "tipsapp_outbox_events")
    assert outbox == {
        (("state", "pending"),): 2,
        (("state", "delivered"),): 0,
        (("state", "dead"),): 1,
    }
    lag = samples(text, "tipsapp_outbox_lag_seconds")[()]
    assert 10 * 60 <= lag < 12 * 60  # the overdue one; the one due in 5 minutes is not late
    assert 40 * 60 <= samples(text, "tipsapp_outbox_oldest_due_age_seconds")[()] < 42 * 60
    assert samples(text, "tipsapp_metrics_database_up")[()] == 1


def test_database_pool_use_is_reported(client: Any) -> None:
    new_tip(client)

    text = scrape(client)

    assert samples(text, "tipsapp_db_pool_size")[()] >= 1
    assert samples(text, "tipsapp_db_pool_checked_out")[()] >= 0


WORKER = """
import os, sys
from tipsapp import create_app
app = create_app({"TIPSAPP_ENV": "testing", "SECRET_KEY": "x" * 40,
                  "SQLALCHEMY_DATABASE_URI": sys.argv[1], "METRICS_TOKEN": "t" * 20})
client = app.test_client()
for _ in range(int(sys.argv[2])):
    assert client.get("/healthz").status_code == 200
if sys.argv[3] == "scrape":
    sys.stdout.write(client.get("/metrics", headers={"Authorization": "Bearer " + "t" * 20}).text)
"""


def test_gunicorn_workers_share_their_counts_through_the_multiprocess_folder(
    tmp_path: Path, migrated_database: str, instance_path: Path
) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "TIPSAPP_INSTANCE_PATH": str(instance_path),
    }
    root = Path(__file__).resolve().parents[2]

    def worker(count: int, then: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", WORKER, migrated_database, str(count), then],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout

    worker(2, "exit")
    text = worker(3, "scrape")

    key = (("endpoint", "ops.healthz"), ("method", "GET"), ("status", "200"))
    assert samples(text, "tipsapp_http_requests_total")[key] == 5
