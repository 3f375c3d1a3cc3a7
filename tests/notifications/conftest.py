"""Notification fixtures: the handover tests' real SMTP server (aiosmtpd) and app, reused."""

from tests.handover.conftest import (  # noqa: F401  (fixtures)
    Mailbox,
    SmtpServer,
    app,
    mailbox,
    run_worker,
    smtp,
)
