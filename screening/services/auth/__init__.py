"""Staff authentication: passwords, lockout, two-factor and server-side sessions."""

from __future__ import annotations

from flask import Flask

from ...infra.extensions import login_manager
from .sessions import load_staff


def init_login_manager(app: Flask) -> None:
    """Bind Flask-Login, loading staff through their server-side session."""
    login_manager.init_app(app)
    # A session used from another address or browser is dropped, not trusted.
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_staff)
