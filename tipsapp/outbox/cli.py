"""``flask worker``: the outbox relay and the delivery jobs, beside gunicorn."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from tipsapp.outbox import worker


@click.command("worker")
@click.option("--once", is_flag=True, help="One round (relay, then the queued jobs), then exit.")
@click.option("--burst", is_flag=True, help="Rounds until nothing is due, then exit.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds between rounds (default: TIPSAPP_WORKER_INTERVAL_SECONDS).",
)
@with_appcontext
def worker_command(once: bool, burst: bool, interval: float | None) -> None:
    """Deliver what the outbox holds: handovers by e-mail, with retries (runs until stopped)."""
    mode = "RQ on Redis" if current_app.config.get("REDIS_URL") else "in-process (no Redis)"
    if once:
        result = worker.run_round()
        click.echo(f"worker ({mode}): claimed {result.claimed}, outcomes {result.outcomes or {}}")
        return
    pause = interval if interval is not None else current_app.config["WORKER_INTERVAL_SECONDS"]
    if not burst:
        click.echo(f"worker ({mode}): delivering every {pause:g} s; stop with Ctrl-C")
    claimed = worker.run_forever(pause, burst=burst)
    click.echo(f"worker ({mode}): stopped after claiming {claimed}")
