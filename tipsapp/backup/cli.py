"""``flask backup create PATH`` and ``flask backup restore PATH``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask.cli import AppGroup

from tipsapp.backup.service import BackupError, BackupSummary, create_backup, restore_backup

# What a backup or restore can run into besides its own checks: a full disk, a folder it may not
# write, a locked database. The operator gets the message, not a traceback.
FAILURES = (BackupError, OSError, sqlite3.Error)

backup_cli = AppGroup("backup", help="Back up and restore the database and the photos.")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_command(path: Path) -> None:
    """Write a backup to PATH (a new .tar.gz; it holds personal data: encrypt it)."""
    try:
        summary = create_backup(path)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    manifest = summary.manifest
    rows = sum(manifest["counts"].values())
    click.echo(
        f"backup written to {summary.path}: {manifest['database']['kind']} at revision "
        f"{manifest['database']['alembic_revision']}, {rows} rows, {_photos(summary)}"
    )
    if manifest["missing_photos"]:
        where = "database" if summary.photo_storage == "database" else "photo folder"
        click.echo(
            f"warning: {len(manifest['missing_photos'])} photo file(s) the database refers to "
            f"are missing from the {where}",
            err=True,
        )


def _photos(summary: BackupSummary) -> str:
    if summary.photo_storage == "database":
        return f"{summary.photos} photos in the database part"
    return f"{summary.photos} photo files"


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace the data of an instance that is not empty (its rows and photos are lost).",
)
def restore_command(path: Path, force: bool) -> None:
    """Restore the backup PATH into this (empty) instance; stop the app first."""
    try:
        summary = restore_backup(path, force=force)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    rows = sum(summary.counts.values())
    click.echo(
        f"restored {summary.kind} backup at revision {summary.revision}: {rows} rows, "
        f"{summary.photos} photo files"
    )
    if summary.removed_photos:
        click.echo(f"removed {summary.removed_photos} photo files that were not in the backup")
    if summary.upgraded_to:
        click.echo(f"upgraded the schema to {summary.upgraded_to}")
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
