"""Command-line tasks on patient and staff data: accounts, TOTP keys, the purge.

Each that reads or writes data checks the schema before it starts
(needs_current_schema); the ``db`` group, which Flask-Migrate adds, does not.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps

import click
from cryptography.fernet import InvalidToken
from flask import Flask, current_app
from flask.cli import with_appcontext

from .auth.accounts import (
    AccountError,
    create_staff,
    disable_staff,
    reset_password,
    reset_staff_two_factor,
)
from .auth.keys import new_key, rotate_totp_secrets
from .database import SchemaNotCurrent, require_current_schema
from .extensions import db
from .policy_impact import assess, report
from .retention import purge_older_than
from .rules import PolicyError, load_ruleset, unknown_reads
from .screenings import current_catalogue


def needs_current_schema(function: Callable) -> Callable:
    """Refuse to run the command unless the schema is current (see prepare_database)."""

    @wraps(function)
    def checked(*args, **kwargs):
        try:
            require_current_schema(current_app)
        except SchemaNotCurrent as error:
            raise click.ClickException(str(error)) from None
        return function(*args, **kwargs)

    return checked


def stdin_is_terminal() -> bool:
    """Return True when a person types at the command (so it can prompt)."""
    return sys.stdin.isatty()


def read_new_password() -> str:
    """Ask for the password twice, or read two lines when stdin is not a terminal."""
    if stdin_is_terminal():
        return click.prompt(
            "Password", hide_input=True, confirmation_prompt="Repeat the password"
        )
    first = sys.stdin.readline().rstrip("\r\n")
    second = sys.stdin.readline().rstrip("\r\n")
    if first != second:
        raise click.ClickException("The two passwords are not the same.")
    return first


def staff_command(name: str) -> Callable[[Callable], click.Command]:
    """Declare a command that acts on the staff account its EMAIL argument names."""

    def declare(function: Callable) -> click.Command:
        checked = needs_current_schema(function)
        return click.command(name)(with_appcontext(click.argument("email")(checked)))

    return declare


def run(action, *args, **kwargs):
    """Run an account action, turning its refusal into a clean CLI error."""
    try:
        return action(*args, **kwargs)
    except AccountError as error:
        raise click.ClickException(str(error)) from None


@staff_command("create-staff")
@click.option("--admin", is_flag=True, help="Allow the audit log, export and accounts.")
def create_staff_command(email: str, admin: bool) -> None:
    """Create a staff account; the password is asked for twice."""
    staff = run(create_staff, email, read_new_password(), admin=admin)
    role = "admin" if staff.is_admin else "staff"
    click.echo(f"Created {role} account {staff.id}. Two-factor is set up at sign-in.")


@staff_command("disable-staff")
def disable_staff_command(email: str) -> None:
    """Disable a staff account and end its sessions."""
    staff = run(disable_staff, email)
    click.echo(f"Disabled account {staff.id} and ended its sessions.")


@staff_command("reset-password")
def reset_password_command(email: str) -> None:
    """Set a new password for a staff account; the password is asked for twice."""
    staff = run(reset_password, email, read_new_password())
    click.echo(f"New password set for account {staff.id}; its sessions were ended.")


@staff_command("reset-two-factor")
def reset_two_factor_command(email: str) -> None:
    """Make a staff member set up two-factor sign-in again (lost phone and codes)."""
    staff = run(reset_staff_two_factor, email)
    click.echo(f"Two-factor reset for account {staff.id}; set up again at sign-in.")


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
    count = purge_older_than(days)
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
        count = rotate_totp_secrets()
    except InvalidToken:
        db.session.rollback()
        raise click.ClickException(
            "A stored secret was encrypted with a key that is not configured: "
            "nothing was changed. Put the old key back after the new one."
        ) from None
    db.session.commit()
    click.echo(f"Re-encrypted {count} two-factor secrets with the newest key.")


@click.command("policy-impact")
@with_appcontext
@needs_current_schema
@click.argument("policy", type=click.Path(dir_okay=False))
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only screenings stored on or after this day (YYYY-MM-DD, UTC).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, writable=True),
    default="policy-impact.csv",
    show_default=True,
    help="Where to write the references of the screenings that change.",
)
def policy_impact_command(policy: str, since, csv_path: str) -> None:
    """Show what the policy file POLICY would change; change nothing."""
    try:
        ruleset = load_ruleset(policy)
    except PolicyError as error:
        raise click.ClickException(str(error)) from None
    catalogue = current_catalogue()
    if unknown_reads(ruleset, catalogue):
        raise click.ClickException("a rule reads an answer no question asks")
    with open(csv_path, "w", newline="", encoding="utf-8") as changed:
        impact = assess(ruleset, catalogue, since and since.date(), changed)
    for line in report(impact, ruleset.version):
        click.echo(line)
    click.echo(f"Wrote the references of the {impact.total_changed} to {csv_path}.")


def register_commands(app: Flask) -> None:
    """Attach the commands to ``flask --app app``."""
    for command in (
        create_staff_command,
        disable_staff_command,
        reset_password_command,
        reset_two_factor_command,
        purge_command,
        new_totp_key_command,
        rotate_totp_key_command,
        policy_impact_command,
    ):
        app.cli.add_command(command)
