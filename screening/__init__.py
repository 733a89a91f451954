"""Mesotherapy eligibility screening: a Flask application for clinics."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .cli import register_commands
from .infra.clinic import check_settings
from .infra.config import (
    Config,
    database_url_from_environment,
    default_database_url,
    instance_secret_key,
    with_psycopg_driver,
)
from .infra.database import MIGRATIONS, modelled, prepare_database
from .infra.errors import register_error_handlers
from .infra.extensions import csrf, db, limiter, login_manager, migrate
from .infra.headers import register_security_headers
from .infra.languages import init_languages
from .infra.logins import init_login_manager
from .infra.logs import register_logging
from .rules import CATALOGUE, PolicyError, load_ruleset, unknown_reads
from .services.auth.keys import init_totp_keys
from .services.auth.sessions import load_staff


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the application: defaults, then FLASK_* variables, then ``config``."""
    app = Flask(__name__, instance_relative_config=True)
    load_configuration(app, config)
    register_logging(app)
    trust_configured_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    prepare_database(app)
    return app


def load_configuration(app: Flask, config: Mapping[str, Any] | None) -> None:
    """Fill app.config and supply the embedded defaults nobody had to set."""
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url_from_environment()
    app.config.from_prefixed_env()
    if config:
        app.config.from_mapping(config)
    if app.config["INSTANCE_PATH"]:
        app.instance_path = str(app.config["INSTANCE_PATH"])
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        with_psycopg_driver(url) if url else default_database_url(app.instance_path)
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    # A key that cannot decrypt must stop start-up (KeyConfigurationError).
    init_totp_keys(app)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    if app.config["REMEMBER_COOKIE_SECURE"] is None:
        app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    # A wrong policy must stop start-up, naming the bad key (PolicyError).
    ruleset = load_ruleset(app.config["SCREENING_POLICY_FILE"])
    catalogue = app.config["SCREENING_CATALOGUE"] or CATALOGUE
    unasked = unknown_reads(ruleset, catalogue)
    if unasked:
        raise PolicyError(f"a rule reads an answer no question asks: {unasked[0]}")
    app.extensions["screening_ruleset"] = ruleset
    app.extensions["screening_catalogue"] = catalogue
    # So must a bad clinic, mail or webhook setting (SettingsError).
    check_settings(app.config)


def trust_configured_proxies(app: Flask) -> None:
    """Read the client address and scheme from proxy headers only when told to."""
    x_for = int(app.config["PROXY_FIX_X_FOR"])
    x_proto = int(app.config["PROXY_FIX_X_PROTO"])
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto)


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this application."""
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, include_name=modelled)
    csrf.init_app(app)
    init_login_manager(app, login_manager, load_staff)
    limiter.init_app(app)
    init_languages(app)


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per audience."""
    from .api import bp as api_bp
    from .api.fhir import bp as fhir_bp
    from .health import bp as health_bp
    from .patient import bp as patient_bp
    from .staff import bp as staff_bp

    csrf.exempt(api_bp)
    # Load balancers poll these every few seconds: never limit them, even
    # if a default limit for every route is configured.
    limiter.exempt(health_bp)
    app.register_blueprint(patient_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(fhir_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(staff_bp)
