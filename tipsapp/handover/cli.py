"""``flask recipients add|list|remove``: who items are handed over to."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.handover import service
from tipsapp.handover.models import RECIPIENT_KINDS, RECIPIENT_LEVELS
from tipsapp.handover.schemas import RecipientCreateSchema

recipients_cli = AppGroup("recipients", help="Who items are handed over to (per area, category).")


@recipients_cli.command("add")
@click.argument("area")
@click.argument("name")
@click.option("--kind", type=click.Choice(RECIPIENT_KINDS), default="email", show_default=True)
@click.option("--email", default=None, help="The recipient's mailbox (kind email).")
@click.option("--endpoint", default=None, help="Open311 GeoReport v2 base URL (kind open311).")
@click.option("--service-code", default=None, help="Open311 service_code (kind open311).")
@click.option("--api-key", default=None, help="Open311 API key (kind open311).")
@click.option(
    "--level",
    type=click.Choice(RECIPIENT_LEVELS),
    required=True,
    help="full: the police or the municipality's own office; masked: anyone else.",
)
@click.option("--category", default=None, help="Only this category (default: every one).")
def add_command(
    area: str,
    name: str,
    kind: str,
    email: str | None,
    endpoint: str | None,
    service_code: str | None,
    api_key: str | None,
    level: str,
    category: str | None,
) -> None:
    """Add a recipient NAME for AREA."""
    raw = {
        "area": area,
        "name": name,
        "kind": kind,
        "email": email,
        "endpoint": endpoint,
        "service_code": service_code,
        "api_key": api_key,
        "level": level,
        "category": category,
    }
    given = {key: value for key, value in raw.items() if value is not None}
    errors = RecipientCreateSchema().validate(given)
    if errors:
        raise click.ClickException(f"invalid: {errors}")
    data = RecipientCreateSchema().load(given)
    try:
        recipient = service.add_recipient(None, data)
    except ApiError as exc:
        raise click.ClickException(f"invalid: {exc.fields or exc.message or exc.code}") from exc
    click.echo(f"added recipient {recipient.public_id}: {recipient.name} <{recipient.address}>")


@recipients_cli.command("list")
@click.option("--area", default=None, help="Only this area's recipients.")
def list_command(area: str | None) -> None:
    """List recipients: id, area, category, level, name and address."""
    for recipient in db.session.scalars(service.recipients_query(area_code=area)):
        click.echo(
            f"{recipient.public_id}  {recipient.area.code}  {recipient.category or '*'}  "
            f"{recipient.level}  {recipient.name} <{recipient.address}>"
        )


@recipients_cli.command("remove")
@click.argument("recipient_id")
def remove_command(recipient_id: str) -> None:
    """Remove the recipient RECIPIENT_ID (earlier handovers keep its name)."""
    recipient = service.recipient_by_public_id(recipient_id)
    if recipient is None:
        raise click.ClickException(f"no recipient {recipient_id}")
    service.remove_recipient(None, recipient)
    click.echo(f"removed recipient {recipient_id}")
