"""``flask promise``: set and list the citizen promise (medborgarlöfte) of an area."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from tipsapp.errors import ApiError
from tipsapp.public import service
from tipsapp.public.models import PROMISE_LANGUAGES
from tipsapp.public.schemas import PromiseSetSchema
from tipsapp.staff.service import user_by_email

promise_cli = AppGroup("promise", help="The citizen promise (medborgarlöfte) of each area.")


def _refuse(messages: dict[str, Any]) -> click.ClickException:
    parts = [
        f"{field}: {' '.join(str(m) for m in (text if isinstance(text, list) else [text]))}"
        for field, text in messages.items()
    ]
    return click.ClickException("; ".join(parts))


@promise_cli.command("set")
@click.option("--area", required=True, help="The area code, e.g. gislaved.")
@click.option("--year", type=int, required=True, help="The promise year, e.g. 2026.")
@click.option("--title", required=True, help="The title, e.g. 'Medborgarlöfte Gislaved 2026'.")
@click.option("--text", "body", default=None, help="The promise text (Swedish).")
@click.option(
    "--text-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Read the promise text from this UTF-8 file instead.",
)
@click.option("--focus", multiple=True, help="A focus area; repeat for each, in order.")
@click.option(
    "--language",
    type=click.Choice(PROMISE_LANGUAGES),
    default="sv",
    show_default=True,
    help="Swedish is the promise; an English version is optional.",
)
@click.option("--by", "by_email", default=None, help="The staff account the audit names.")
def set_promise_command(
    area: str,
    year: int,
    title: str,
    body: str | None,
    text_file: Path | None,
    focus: tuple[str, ...],
    language: str,
    by_email: str | None,
) -> None:
    """Set AREA's promise of YEAR (audited). The newest year is shown as the current promise;
    earlier years stay as history. Setting a year again replaces its text."""
    if (body is None) == (text_file is None):
        raise click.UsageError("give the text with exactly one of --text and --text-file")
    if text_file is not None:
        body = text_file.read_text(encoding="utf-8")
    actor = None
    if by_email:
        actor = user_by_email(by_email)
        if actor is None:
            raise click.ClickException(f"no account with e-mail {by_email}")
    raw = {
        "area": area.strip().lower(),
        "year": year,
        "language": language,
        "title": title,
        "text": body,
        "focus_areas": list(focus),
    }
    try:
        data = PromiseSetSchema().load(raw)
        promise = service.set_promise(actor, data)
    except ValidationError as error:
        raise _refuse(error.normalized_messages()) from error
    except ApiError as error:
        raise _refuse(error.fields or {"error": error.message or error.code}) from error
    click.echo(
        f"{promise.area.code} {promise.year} ({promise.language}): {promise.title}; "
        f"{len(promise.focus_areas)} focus areas"
    )


@promise_cli.command("list")
@click.option("--area", required=True, help="The area code.")
def list_promises_command(area: str) -> None:
    """List AREA's promises, newest year first (the first is the current one)."""
    found = service.area_by_code(area.strip().lower())
    if found is None:
        raise click.ClickException(f"no area {area}")
    for promise in service.promises_of(found):
        click.echo(f"{promise.year} {promise.language} {promise.title}")
