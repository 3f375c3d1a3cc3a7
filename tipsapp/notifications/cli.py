"""``flask notifications run``: overdue notices and the daily digest (cron, or the worker)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from tipsapp.notifications import scan

notifications_cli = AppGroup("notifications", help="E-mail notices to staff.")


@notifications_cli.command("run")
def run_command() -> None:
    """Emit due overdue notices and today's digests (each once; the worker sends them)."""
    result = scan.run()
    click.echo(
        f"notifications: {result.overdue} overdue item(s), {result.digests} digest(s), "
        f"{result.reminders} reporter reminder(s)"
    )
