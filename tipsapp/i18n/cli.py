"""``flask i18n``: extract, update and compile the catalogues, and say how complete each is."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from tipsapp.i18n import DOMAINS, forget_catalogues
from tipsapp.i18n import catalogues as store

i18n_cli = AppGroup("i18n", help="Translation catalogues (gettext) of every offered language.")


@i18n_cli.command("extract")
def extract_command() -> None:
    """Write translations/<domain>.pot from the text tables."""
    for domain in DOMAINS:
        click.echo(f"wrote {store.extract(domain)}")


@i18n_cli.command("update")
def update_command() -> None:
    """Bring every language's .po up to the template (new texts empty, changed ones fuzzy)."""
    for domain in DOMAINS:
        for path in store.update(domain):
            click.echo(f"updated {path}")


@i18n_cli.command("compile")
def compile_command() -> None:
    """Compile every .po newer than its .mo (fuzzy entries are left out)."""
    written = store.compile_all()
    forget_catalogues()
    click.echo(f"compiled {len(written)} catalogue(s)")


@i18n_cli.command("status")
@click.option("--fail-incomplete", is_flag=True, help="Exit 1 when any entry lacks a translation.")
def status_command(fail_incomplete: bool) -> None:
    """Per language: entries, untranslated, fuzzy, and reviewed or awaiting review."""
    header = (
        f"{'domain':<9} {'language':<9} {'entries':>7} {'untranslated':>12} {'fuzzy':>5}  review"
    )
    click.echo(header)
    click.echo("-" * len(header))
    incomplete = False
    for domain in DOMAINS:
        for row in store.status(domain):
            incomplete = incomplete or bool(row.untranslated or row.fuzzy)
            click.echo(
                f"{row.domain:<9} {row.language:<9} {row.entries:>7} {row.untranslated:>12} "
                f"{row.fuzzy:>5}  {row.review}"
            )
    click.echo("English is the source language: its texts are the msgids themselves.")
    if fail_incomplete and incomplete:
        raise SystemExit(1)


@i18n_cli.command("reviewed")
@click.argument("language")
@click.option("--by", "reviewer", required=True, help="Who reviewed it (name, role).")
@click.option("--domain", default="messages", show_default=True)
def reviewed_command(language: str, reviewer: str, domain: str) -> None:
    """Record that a native speaker has reviewed LANGUAGE's whole catalogue."""
    click.echo(f"marked {store.mark_reviewed(language, domain, reviewer)}")
