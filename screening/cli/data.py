"""Data commands: the retention purge and the two-factor secrets' keys."""

from __future__ import annotations

import click
from cryptography.fernet import InvalidToken
from flask import current_app
from flask.cli import with_appcontext

from ..infra.database import erase_deleted_traces
from ..infra.transactions import unit_of_work
from ..services.auth.keys import new_key, rotate_totp_secrets
from ..services.retention import audit_purge, purge_batch, purge_cutoff
from . import needs_current_schema


@click.command("purge")
@with_appcontext
@needs_current_schema
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=None,
    help="Delete screenings older than this many days (default: RETENTION_DAYS).",
)
def purge_command(days: int | None) -> None:
    """Delete old screenings with everything personal attached to them."""
    if days is None:
        days = current_app.config["RETENTION_DAYS"]
    cutoff, count = purge_cutoff(days), 0
    while True:
        with unit_of_work(write=True):
            deleted = purge_batch(cutoff)
        if not deleted:
            break
        count += deleted
    with unit_of_work(write=True):
        audit_purge(count, days)
    erase_deleted_traces()
    click.echo(f"Deleted {count} screenings older than {days} days.")


@click.command("new-totp-key")
def new_totp_key_command() -> None:
    """Print a new key for FLASK_TOTP_ENCRYPTION_KEYS."""
    click.echo(new_key())


@click.command("rotate-totp-key")
@with_appcontext
@needs_current_schema
def rotate_totp_key_command() -> None:
    """Re-encrypt every two-factor secret with the newest configured key."""
    try:
        with unit_of_work(write=True):
            count = rotate_totp_secrets()
    except InvalidToken:
        raise click.ClickException(
            "A stored secret was encrypted with a key that is not configured: "
            "nothing was changed. Put the old key back after the new one."
        ) from None
    click.echo(f"Re-encrypted {count} two-factor secrets with the newest key.")
