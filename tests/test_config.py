"""Configuration: defaults, FLASK_* variables, the instance folder, the secret key.

Which database is opened (DATABASE_URL and friends): test_database_config.py.
"""

from __future__ import annotations

import os
import stat

import pytest

from screening import create_app
from screening.infra.extensions import db as _db


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    """Start every test here from an environment that sets nothing."""
    for name in list(os.environ):
        if name.startswith("FLASK_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture
def instance(tmp_path):
    return tmp_path / "instance"


@pytest.fixture
def start(instance):
    """Return a function creating an app whose instance folder is a temporary one."""
    started = []

    def start_app(**config):
        started.append(create_app({"INSTANCE_PATH": str(instance)} | config))
        return started[-1]

    yield start_app
    for app in started:
        with app.app_context():
            _db.engine.dispose()


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_with_nothing_set_the_app_uses_sqlite_in_the_instance_folder(start, instance):
    app = start()

    database = instance / "screening.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert database.exists()
    assert mode_of(instance) == 0o700


def test_a_secret_key_is_generated_once_owner_only_and_reused(start, instance):
    first = start()
    second = start()

    key_file = instance / "secret_key"
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) >= 64
    assert mode_of(key_file) == 0o600
    assert not [path for path in instance.iterdir() if path.name.startswith(".")]


def test_an_empty_secret_key_file_stops_start_up(start, instance):
    instance.mkdir()
    (instance / "secret_key").write_text("")

    with pytest.raises(RuntimeError, match="secret_key is empty"):
        start()


def test_flask_secret_key_is_honoured_and_nothing_is_generated(
    environment, start, instance
):
    environment.setenv("FLASK_SECRET_KEY", "from-the-environment")

    app = start()

    assert app.secret_key == "from-the-environment"
    assert not (instance / "secret_key").exists()


def test_flask_prefixed_variables_reach_the_config_and_the_pages(environment, start):
    environment.setenv("FLASK_CLINIC_NAME", "Riverside clinic")
    environment.setenv("FLASK_RETENTION_DAYS", "30")
    environment.setenv("FLASK_PRIVACY_NOTICE_VERSION", "2027-01-01")

    app = start(SECRET_KEY="x", TESTING=True)

    assert app.config["CLINIC_NAME"] == "Riverside clinic"
    assert app.config["RETENTION_DAYS"] == 30
    form = app.test_client().get("/screening").get_data(as_text=True)
    assert "Riverside clinic" in form
    assert "keep your screening for 30 days" in form
    assert "version 2027-01-01" in form


def test_flask_instance_path_moves_the_instance_folder(environment, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    environment.setenv("FLASK_INSTANCE_PATH", str(elsewhere))

    app = create_app()
    with app.app_context():
        _db.engine.dispose()

    assert app.instance_path == str(elsewhere)
    assert (elsewhere / "secret_key").exists()
    assert (elsewhere / "screening.sqlite3").exists()


def test_the_config_argument_beats_the_environment(environment, start):
    environment.setenv("FLASK_CLINIC_NAME", "From the environment")

    app = start(SECRET_KEY="x", CLINIC_NAME="From the argument")

    assert app.config["CLINIC_NAME"] == "From the argument"


def test_session_cookies_are_secure_outside_testing_and_debug(start):
    assert start(SECRET_KEY="x").config["SESSION_COOKIE_SECURE"] is True
    assert start(SECRET_KEY="x", TESTING=True).config["SESSION_COOKIE_SECURE"] is False


def test_safe_defaults(start):
    config = start(SECRET_KEY="x").config

    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAX_CONTENT_LENGTH"] == 64 * 1024
    assert config["WTF_CSRF_ENABLED"] is not False
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
