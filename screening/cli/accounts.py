"""Staff account commands: create, disable, reset a password or two-factor."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from flask.cli import with_appcontext

from ..infra.transactions import unit_of_work
from ..services.auth.accounts import (
    AccountError,
    create_staff,
    disable_staff,
    reset_password,
    reset_staff_two_factor,
)
from . import needs_current_schema


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
    """Run an account action in one unit of work; a refusal is a clean CLI error."""
    try:
        with unit_of_work(write=True):
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
