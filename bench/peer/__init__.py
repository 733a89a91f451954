"""The benchmark's peer: the screening form as a Flask-WTF tutorial would write it.

Flask's own patterns (application factory, Flask-SQLAlchemy, FlaskForm,
a ``render_field`` macro that lets WTForms render each widget), SQLite
with its default settings, the rules written inline in the view, and no
hardening: no security headers, rate limits, audit or request log. It
is what the app's throughput is measured against (bench/throughput.py).
"""

from __future__ import annotations

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of the peer's one model."""


db = SQLAlchemy(model_class=Base)


def create_app(config: dict | None = None) -> Flask:
    """Create the peer app; the database and secret key come from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("FLASK_SECRET_KEY", "dev"),
        SQLALCHEMY_DATABASE_URI=os.environ.get("DATABASE_URL", "sqlite:///peer.db"),
    )
    app.config.update(config or {})
    db.init_app(app)

    from . import views

    app.register_blueprint(views.bp)

    @app.cli.command("init-db")
    def init_db_command():
        """Create the peer's table."""
        db.create_all()

    return app
