"""The command-line door: ``flask --app app <command>``.

Each command that reads or writes data checks the schema before it starts
(needs_current_schema); the ``db`` group, which Flask-Migrate adds, does
not. Commands commit through unit_of_work; the services they call flush.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import click
from flask import Flask, current_app

from ..infra.database import SchemaNotCurrent, require_current_schema


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


def register_commands(app: Flask) -> None:
    """Attach the commands to ``flask --app app``."""
    from .accounts import (
        create_staff_command,
        disable_staff_command,
        reset_password_command,
        reset_two_factor_command,
    )
    from .data import new_totp_key_command, purge_command, rotate_totp_key_command
    from .deliver import deliver_command
    from .policy import policy_impact_command

    for command in (
        create_staff_command,
        disable_staff_command,
        reset_password_command,
        reset_two_factor_command,
        purge_command,
        new_totp_key_command,
        rotate_totp_key_command,
        deliver_command,
        policy_impact_command,
    ):
        app.cli.add_command(command)
