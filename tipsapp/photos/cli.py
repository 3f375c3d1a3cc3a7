"""``flask photos migrate --to database|disk``: move the photo bytes between the two stores."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from tipsapp.photos import storage, transfer

photos_cli = AppGroup("photos", help="Where photo bytes are stored.")


@photos_cli.command("migrate")
@click.option("--to", "to", type=click.Choice(storage.KINDS), required=True)
@click.option(
    "--remove-source",
    is_flag=True,
    help="Delete each photo from the other store once it is verified in the target.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    default=transfer.DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Photos per transaction.",
)
def migrate_command(to: str, remove_source: bool, batch_size: int) -> None:
    """Copy every photo the database refers to into the TO store and check its sha256.

    Safe to interrupt and to repeat: a second run copies only what is not yet intact there.
    """
    result = transfer.migrate(to, remove_source, batch_size)
    click.echo(f"referenced: {result.referenced}")
    click.echo(f"copied: {result.copied}")
    click.echo(f"already there: {result.already_there}")
    click.echo(f"removed from source: {result.removed_from_source}")
    click.echo(f"missing: {len(result.missing)}")
    click.echo(f"damaged: {len(result.damaged)}")
    for label, hashes in (("missing in both stores", result.missing), ("damaged", result.damaged)):
        for content_hash in hashes:
            click.echo(f"warning: {label}: {content_hash}", err=True)
    if current_app.config["PHOTO_STORAGE"] != to:
        click.echo(
            f"note: this app still reads photos from {current_app.config['PHOTO_STORAGE']}; set "
            f"TIPSAPP_PHOTO_STORAGE={to}, restart the app, then run this again to copy the "
            "photos uploaded meanwhile",
            err=True,
        )
    if result.unverified:
        raise click.ClickException(
            f"{len(result.unverified)} photo(s) did not read back intact from the {to} store; "
            "they were kept in the source"
        )
