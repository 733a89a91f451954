"""Flask-Login, set up here only and kept to staff: patient pages carry no staff cookie.

Flask-Login's strong session protection treats any session that lacks its
identifier as tampered with, and answers with an expired ``remember_token``
cookie (without Secure or HttpOnly): every patient page holding a CSRF
token in its session did so. Only a session that names a signed-in staff
member has anything to protect, and this app never sets a remember cookie,
so one is only cleared when a browser sent it, with the staff cookie flags.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request, session
from flask_login import LoginManager
from flask_login.config import COOKIE_NAME


class StaffLoginManager(LoginManager):
    """A LoginManager that leaves sessions without a signed-in member alone."""

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()

    def _clear_cookie(self, response) -> None:
        config = current_app.config
        name = config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
        if name not in request.cookies:
            return
        response.delete_cookie(
            name,
            domain=config.get("REMEMBER_COOKIE_DOMAIN"),
            path=config.get("REMEMBER_COOKIE_PATH", "/"),
            secure=config["REMEMBER_COOKIE_SECURE"],
            httponly=True,
            samesite=config["REMEMBER_COOKIE_SAMESITE"],
        )


def init_login_manager(app: Flask, manager: LoginManager, loader: Callable) -> None:
    """Bind Flask-Login, loading staff through ``loader`` (server-side sessions)."""
    manager.init_app(app)
    # A session used from another address or browser is dropped, not trusted.
    manager.session_protection = "strong"
    manager.user_loader(loader)
