"""``flask retention run``: erase what has been kept past its months (run daily from cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from tipsapp.retention import service

retention_cli = AppGroup("retention", help="Retention of personal content.")


@retention_cli.command("run")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=service.DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per transaction.",
)
@click.option("--dry-run", is_flag=True, help="Only count what is due; erase nothing.")
def run_command(batch_size: int, dry_run: bool) -> None:
    """Erase the text, photos, messages and audit details whose months have run out.

    Safe to repeat and to interrupt: each batch is its own transaction and a second run
    finds nothing the first one finished.
    """
    try:
        policy = service.Policy.from_config(current_app.config)
    except service.RetentionConfigError as error:
        raise click.ClickException(str(error)) from error
    if dry_run:
        due = service.pending(policy)
        for key, label in service.DUE_LABELS.items():
            click.echo(f"{label}: {due[key]}")
        return
    counts = service.run(policy, batch_size)
    for key, label in service.COUNT_LABELS.items():
        click.echo(f"{label}: {counts.get(key, 0)}")
