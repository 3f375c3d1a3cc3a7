"""``flask`` commands, grouped by domain."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from tipsapp.common import idempotency
from tipsapp.reference import service as reference

areas_cli = AppGroup("areas", help="Areas (municipalities).")
tips_cli = AppGroup("tips", help="Tip housekeeping.")


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Write the categories and seed areas (safe to repeat)."""
    created = reference.seed_reference_data()
    click.echo(f"seeded: {created['categories']} new categories, {created['areas']} new areas")


@areas_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--police-area", default=None, help="The local police area it belongs to.")
def add_area_command(code: str, name: str, police_area: str | None) -> None:
    """Add an area CODE with display NAME (or rename an existing one)."""
    area, created = reference.add_area(code.strip().lower(), name.strip(), police_area)
    click.echo(f"{'added' if created else 'updated'} area {area.code}: {area.name}")


@areas_cli.command("list")
def list_areas_command() -> None:
    for area in reference.list_areas():
        click.echo(f"{area.code}\t{area.name}\t{area.police_area or ''}")


@tips_cli.command("purge-keys")
def purge_keys_command() -> None:
    """Delete expired idempotency keys (run daily from cron)."""
    click.echo(f"removed {idempotency.purge_expired()} expired idempotency keys")


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(areas_cli)
    app.cli.add_command(tips_cli)
