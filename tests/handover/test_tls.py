"""The mail goes over STARTTLS, with the server's certificate checked, and logs in after it."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.factories import as_role, new_tip
from tests.handover.conftest import (
    SmtpServer,
    add_recipient,
    handed_over,
    item_handovers,
    run_worker,
)

USER, PASSWORD = "tipsapp", "smtp-lösenord-4711"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def check_login(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


class TlsSmtpServer(SmtpServer):
    """Refuses mail before STARTTLS, and before a login (which it allows only over TLS)."""

    def __init__(self, cert: Path, key: Path) -> None:
        super().__init__()
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)

    def start(self) -> None:
        self._controller = Controller(
            self.mailbox,
            hostname="127.0.0.1",
            port=self.port,
            tls_context=self.context,
            require_starttls=True,
            authenticator=check_login,
            auth_required=True,
        )
        self._controller.start()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[TlsSmtpServer, Path]]:
    cert, key = self_signed_certificate(tmp_path)
    server = TlsSmtpServer(cert, key)
    server.start()
    yield server, cert
    server.stop()


def tls_app(make_app: Any, server: TlsSmtpServer, **overrides: Any) -> Any:
    return make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=server.port,
        SMTP_STARTTLS=True,
        SMTP_USER=USER,
        SMTP_PASSWORD=PASSWORD,
        **overrides,
    )


def handover_through(app: Any) -> tuple[Any, dict[str, str], str, str]:
    client = app.test_client()
    admin = as_role(app, client, "admin")
    analyst = as_role(app, client, "analyst")
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    delivery_id = handed_over(client, analyst, reference, recipient["id"])["delivery_id"]
    return client, analyst, reference, delivery_id


def test_mail_goes_over_starttls_with_the_certificate_checked_and_a_login(
    make_app: Any, tls_server: tuple[TlsSmtpServer, Path]
) -> None:
    server, cert = tls_server
    app = tls_app(make_app, server, SMTP_CA_FILE=str(cert))
    client, analyst, reference, delivery_id = handover_through(app)

    run_worker(app)

    assert server.mailbox.delivery_ids() == [delivery_id]
    assert item_handovers(client, analyst, reference)[0]["state"] == "delivered"


def test_a_certificate_nobody_vouches_for_is_refused_and_retried_later(
    make_app: Any, tls_server: tuple[TlsSmtpServer, Path]
) -> None:
    server, _cert = tls_server
    app = tls_app(make_app, server)  # no CA file: the system's CAs do not know this one
    client, analyst, reference, _delivery_id = handover_through(app)

    run_worker(app)

    assert server.mailbox.messages == []
    assert item_handovers(client, analyst, reference)[0]["state"] == "pending"
    listed = client.get("/api/v1/deliveries", headers=as_role(app, client, "admin")).get_json()[
        "items"
    ]
    assert listed[0]["last_error"] == "SSLCertVerificationError"
