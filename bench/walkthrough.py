"""A walkthrough of handover and notification, printed as a transcript (issue 15's closing note).

Usage: .venv/bin/python bench/walkthrough.py

On SQLite in a temporary folder it starts instance B, a second tipsapp standing in for the
municipality's fault reporting, served over HTTPS with a self-signed certificate made for the
run, and an SMTP server (aiosmtpd) that refuses mail before STARTTLS, as production mail needs.
Instance A trusts that certificate for both. In A a resident sends a lighting tip with a name and
a phone number; an analyst categorises it and hands it over to B's Open311 endpoint; the worker
delivers. Then an urgent tip: the worker mails the subscribed analyst, and the mail is printed
as the server received it. Exits 1 if any step does not go as described.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import urllib.request
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.open311.conftest import Receiver
from tipsapp import create_app
from tipsapp.extensions import db
from tipsapp.reference.service import seed_reference_data
from tipsapp.resident.texts import TEXTS
from tipsapp.staff.service import (
    create_organisation,
    create_user,
    organisation_by_name,
)
from tipsapp.tips.models import Tip

PASSWORD = "walkthrough lösenord 4711"
ORGANISATION = "Gislaveds kommun, trygghetsenheten"
LIGHTING_TIP = {
    "area": "gislaved",
    "text": "Jag heter Anna Svensson, ring 070-123 45 67. Gatlyktan vid skolans cykelställ är "
    "släckt sedan en vecka, det är kolsvart på kvällarna.",
    "place": "Cykelstället vid Öresjöskolan",
    "location": {"lat": 57.30481, "lon": 13.54136, "accuracy_m": 10},
}
URGENT_TEXT = "En man hotar en kvinna med kniv just nu vid busshållplatsen på Storgatan!"


class StepError(Exception):
    """A step did not go as the walkthrough says."""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise StepError(what)


def show(title: str, value: Any) -> None:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2)
    print(f"\n--- {title}\n{text}")


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """The SMTP server's handler: each message's bytes exactly as DATA carried them."""

    def __init__(self) -> None:
        self.received: list[tuple[bool, str, list[str], bytes]] = []

    async def handle_DATA(self, _server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        tls = session.ssl is not None
        self.received.append((tls, envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 Message accepted"


def instance(folder: Path, **settings: Any) -> Flask:
    """A tipsapp with its own instance folder and SQLite file, migrated and seeded."""
    folder.mkdir()
    os.environ["TIPSAPP_INSTANCE_PATH"] = str(folder)
    app = create_app(
        {
            "TIPSAPP_ENV": "development",
            "SECRET_KEY": f"walkthrough-{folder.name}-secret-key-long-enough-for-hmac",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'tipsapp.sqlite3'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "REDIS_URL": None,
            **settings,
        }
    )
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        upgrade()  # its logging config sends each migration's name to stderr: kept quiet
        seed_reference_data()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sys.stderr)
    for name in ("alembic", "werkzeug"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return app


def staff(app: Flask, client: FlaskClient, role: str, email: str) -> dict[str, str]:
    """An account of ``role`` at Gislaved municipality, logged in: its request headers."""
    with app.app_context():
        org = organisation_by_name(ORGANISATION) or create_organisation(
            ORGANISATION, "municipality", ["gislaved"]
        )
        create_user(email, role.title(), PASSWORD, role, org)
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    check(answer.status_code == 200, f"{role} login: {answer.get_json()}")
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def call(client: FlaskClient, method: str, url: str, status: int, **kwargs: Any) -> Any:
    answer = client.open(url, method=method, **kwargs)
    check(answer.status_code == status, f"{method} {url}: {answer.status_code} {answer.get_json()}")
    return answer


def deliver(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["worker", "--burst", "--interval", "0.2"])
    check(result.exit_code == 0, f"flask worker --burst: {result.output}")
    print(f"\n$ flask worker --burst\n{result.output.strip()}")


def walkthrough(root: Path) -> None:
    cert, key = certificate(root)
    b = instance(root / "b", RATELIMIT_TIPS="1000 per minute")
    receiver = Receiver(b, cert, key)
    receiver.start()
    inbox = Inbox()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    port = free_port()
    smtp = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True
    )
    smtp.start()
    try:
        a = instance(
            root / "a",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=port,
            SMTP_STARTTLS=True,
            SMTP_CA_FILE=str(cert),
            SMTP_FROM="tipsapp@gislaved.example",
            OPEN311_CA_FILE=str(cert),
        )
        print(f"Instance B (fault reporting): {receiver.endpoint}/  (HTTPS, self-signed)")
        print(f"SMTP server: 127.0.0.1:{a.config['SMTP_PORT']} (aiosmtpd, STARTTLS required)")
        analyst = lighting_and_open311(a, receiver)
        urgent_mail(a, inbox, analyst)
    finally:
        smtp.stop()
        receiver.stop()


def lighting_and_open311(a: Flask, receiver: Receiver) -> dict[str, str]:
    """Section 1; answers the analyst's headers."""
    client = a.test_client()
    admin = staff(a, client, "admin", "admin@gislaved.example")
    analyst = staff(a, client, "analyst", "analytiker@gislaved.example")
    recipient = call(client, "POST", "/api/v1/recipients", 201, headers=admin, json={
        "name": "Gislaveds kommun, felanmälan", "kind": "open311",
        "endpoint": receiver.endpoint + "/", "service_code": "lighting",
        "api_key": "felanmalan-nyckel-4711", "level": "masked",
        "area": "gislaved", "category": "unsafe_environment",
    }).get_json()  # fmt: skip

    print("\n=== 1. A lighting tip, handed over through Open311 to instance B")
    show("Resident: POST /api/v1/tips", LIGHTING_TIP)
    sent = call(client, "POST", "/api/v1/tips", 201, json=LIGHTING_TIP).get_json()
    show("A answers 201", sent)
    reference = sent["reference"]
    item = f"/api/v1/queue/{reference}"
    etag = call(client, "GET", item, 200, headers=analyst).headers["ETag"]
    etag = call(client, "PATCH", item, 200, json={"category": "unsafe_environment"},
                headers={**analyst, "If-Match": etag}).headers["ETag"]  # fmt: skip
    body = {"recipient": recipient["id"], "note": "Trasig gatlykta, se tipset och positionen."}
    show(f"Analyst: POST {item}/handover", body)
    handover = call(client, "POST", f"{item}/handover", 201, json=body,
                    headers={**analyst, "If-Match": etag}).get_json()  # fmt: skip
    show("A answers 201", handover)
    deliver(a)

    with receiver.app.app_context():
        (filed,) = db.session.scalars(select(Tip)).all()
        show("B stored this tip text", filed.text)
        check("Anna Svensson" not in filed.text and "070-123 45 67" not in filed.text, "unmasked")
        check("Gatlyktan" in filed.text, "B's tip lacks the tip text")
        request_id = filed.reference
    url = f"{receiver.endpoint}/requests/{request_id}.json"
    trust = ssl.create_default_context(cafile=str(receiver.cert))
    with urllib.request.urlopen(url, context=trust, timeout=10) as answer:
        show(f"GET {url}", json.loads(answer.read()))

    (shown,) = call(client, "GET", item, 200, headers=analyst).get_json()["handovers"]
    show("A's item: handover and delivery state", shown)
    check(shown["state"] == "delivered", "handover not delivered")
    check(shown["service_request_id"] == request_id, "service_request_id differs from B's")
    receipt = {"reference": reference, "receipt": sent["receipt"]}
    status = call(client, "POST", "/api/v1/tips/status", 200, json=receipt).get_json()
    check(status["handed_over"] is True, "the follow-up does not say handed over")
    show("Resident's follow-up in A (POST /api/v1/tips/status, as the page words it)",
         f"handed_over: true -> {TEXTS.get('status_handed_over', 'sv')}")  # fmt: skip
    return analyst


def urgent_mail(a: Flask, inbox: Inbox, analyst: dict[str, str]) -> None:
    client = a.test_client()
    call(client, "PUT", "/api/v1/staff/me/notifications", 200, headers=analyst,
         json={"subscriptions": [{"area": "gislaved", "kind": "urgent_item"}]})  # fmt: skip

    print("\n=== 2. An urgent tip, and the notice e-mail as the SMTP server received it")
    tip = {"area": "gislaved", "text": URGENT_TEXT}
    show("Resident: POST /api/v1/tips", tip)
    sent = call(client, "POST", "/api/v1/tips", 201, json=tip).get_json()
    show("A answers 201", sent)
    check(sent["urgent"] is True, "the urgency rules did not flag the tip")
    deliver(a)
    check(len(inbox.received) == 1, f"{len(inbox.received)} messages arrived, not 1")
    (over_tls, sender, recipients, raw) = inbox.received[0]
    check(over_tls, "the mail did not come over STARTTLS")
    show(f"SMTP: over STARTTLS, MAIL FROM:<{sender}> RCPT TO:{recipients}, DATA:",
         raw.decode("utf-8", "replace"))  # fmt: skip
    message = message_from_bytes(raw, policy=default)
    part = message.get_body(preferencelist=("plain",))
    check(part is not None, "the mail has no text part")
    decoded = f"{message['Subject']}\n{part.get_content() if part else ''}".lower()
    check(sent["reference"].lower() in decoded, "the mail lacks the reference")
    for word in URGENT_TEXT.rstrip("!").lower().split():
        if len(word) > 3:  # "en", "man", "med", "på" are in any Swedish mail
            check(word not in decoded, f"{word!r} of the tip is in the mail")
            check(word not in raw.decode("utf-8", "replace").lower(), f"{word!r} in raw mail")
    print("\nChecked: no word of the tip (longer than 3 letters) is in the mail, raw or decoded.")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tipsapp-walkthrough-") as folder:
        try:
            walkthrough(Path(folder))
        except (StepError, subprocess.CalledProcessError, OSError) as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
    print("\nOK: every step went as described.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
