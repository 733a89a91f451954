"""Two-factor secrets are encrypted at rest, and the key can be rotated.

Issue 12, point 8: the secret that makes every authenticator code must not
be readable from a copy of the database.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import text
from support.databases import (
    app_on,
    database_kind,
    flask_db,
    fresh_database_url,
    sqlite_app,
)
from support.staff import TEST_TOTP_KEY, add_staff

from screening.infra.extensions import db
from screening.models import StaffMember
from screening.services.auth.keys import KeyConfigurationError

ROOT = Path(__file__).resolve().parents[2]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def stored_tokens(app) -> list[str]:
    """Return what the database holds in the secret column, as it is stored."""
    with app.app_context():
        query = text("SELECT totp_secret_encrypted FROM staff_member ORDER BY id")
        return list(db.session.scalars(query))


def flask_command(app, command: str, **environment: str) -> str:
    """Run ``flask --app app COMMAND`` on ``app``'s database; return its output."""
    completed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", command],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "FLASK_INSTANCE_PATH": app.instance_path,
            **environment,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def staff_on(app, email: str, **options) -> tuple[int, str | None]:
    """Create an account through ``app`` (and its keys); return id and secret."""
    with app.app_context():
        staff, secret = add_staff(email, "a long harbour passphrase", **options)
        return staff.id, secret


def secret_of(app, ident: int) -> str:
    with app.app_context():
        return db.session.get(StaffMember, ident).totp_secret


def test_the_secret_is_stored_encrypted_with_the_configured_key(make_app):
    app = make_app(TOTP_ENCRYPTION_KEYS=[TEST_TOTP_KEY])
    ident, secret = staff_on(app, "nurse@clinic.example")
    [token] = stored_tokens(app)
    assert secret not in token
    assert Fernet(TEST_TOTP_KEY).decrypt(token.encode()).decode() == secret
    assert secret_of(app, ident) == secret


def test_without_configured_keys_one_is_made_in_the_instance_folder_owner_only(
    make_app, tmp_path
):
    app = make_app(INSTANCE_PATH=tmp_path / "instance")
    key_file = tmp_path / "instance" / "totp_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    Fernet(key_file.read_text().strip())
    again = make_app(INSTANCE_PATH=tmp_path / "instance")
    token = app.extensions["totp_cipher"].encrypt(b"x")
    assert again.extensions["totp_cipher"].decrypt(token) == b"x"


@pytest.mark.parametrize(
    "keys",
    [["not a key"], [TEST_TOTP_KEY, "short"], "", [" "]],
)
def test_a_key_that_is_not_a_fernet_key_stops_start_up(make_app, keys, tmp_path):
    if keys == "":
        (tmp_path / "totp_key").write_text("\n")
        refusal = RuntimeError
    else:
        refusal = KeyConfigurationError
    with pytest.raises(refusal) as refused:
        make_app(TOTP_ENCRYPTION_KEYS=keys)
    assert "short" not in str(refused.value) and "not a key" not in str(refused.value)


def test_keys_from_the_environment_are_a_json_list_or_comma_separated(
    make_app, monkeypatch
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = Fernet(old).encrypt(b"secret")
    for value in (json.dumps([new, old]), f"{new},{old}"):
        monkeypatch.setenv("FLASK_TOTP_ENCRYPTION_KEYS", value)
        ring = make_app().extensions["totp_cipher"]
        assert ring.decrypt(token) == b"secret"
        assert Fernet(new).decrypt(ring.encrypt(b"x")) == b"x"


def test_rotation_re_encrypts_every_secret_with_the_newest_key(make_app):
    old, new = TEST_TOTP_KEY, Fernet.generate_key().decode()
    before = make_app(TOTP_ENCRYPTION_KEYS=[old])
    accounts = [staff_on(before, f"staff{n}@clinic.example") for n in range(3)]
    staff_on(before, "no-app@clinic.example", two_factor=False)

    rotated = make_app(TOTP_ENCRYPTION_KEYS=[new, old])
    result = rotated.test_cli_runner().invoke(args=["rotate-totp-key"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 3 two-factor secrets" in result.output

    tokens = [token for token in stored_tokens(before) if token]
    assert [Fernet(new).decrypt(token.encode()).decode() for token in tokens] == [
        secret for _, secret in accounts
    ]
    with pytest.raises(InvalidToken):
        Fernet(old).decrypt(tokens[0].encode())
    after = make_app(TOTP_ENCRYPTION_KEYS=[new])
    assert [secret_of(after, ident) for ident, _ in accounts] == [
        secret for _, secret in accounts
    ]


def test_rotation_without_the_old_key_changes_nothing_and_says_why(make_app):
    staff_on(make_app(TOTP_ENCRYPTION_KEYS=[TEST_TOTP_KEY]), "nurse@clinic.example")
    stranger = make_app(TOTP_ENCRYPTION_KEYS=[Fernet.generate_key().decode()])
    before = stored_tokens(stranger)
    result = stranger.test_cli_runner().invoke(args=["rotate-totp-key"])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    assert stored_tokens(stranger) == before


def test_the_readme_rotation_makes_a_key_puts_it_first_and_re_encrypts(
    make_app, tmp_path
):
    # Its own database file: another process writing the run's shared SQLite
    # file would race the test process's pooled connections.
    path = tmp_path / "rotation.sqlite3"
    app = sqlite_app(make_app, path)
    ident, secret = staff_on(app, "nurse@clinic.example")
    old = (tmp_path / "totp_key").read_text().strip()  # generated at start
    new = flask_command(app, "new-totp-key").strip()
    keys = json.dumps([new, old])
    output = flask_command(app, "rotate-totp-key", FLASK_TOTP_ENCRYPTION_KEYS=keys)
    assert "Re-encrypted 1 two-factor secrets" in output
    [token] = stored_tokens(app)
    assert Fernet(new).decrypt(token.encode()).decode() == secret
    with pytest.raises(InvalidToken):
        Fernet(old).decrypt(token.encode())
    after = sqlite_app(make_app, path, TOTP_ENCRYPTION_KEYS=[new])
    assert secret_of(after, ident) == secret


def test_the_migration_encrypts_existing_secrets_and_the_downgrade_decrypts():
    with fresh_database_url(database_kind()) as url:
        flask_db(url, "upgrade", "0004")
        with app_on(url, SCHEMA_CHECK_AT_START=False) as app, app.app_context():
            db.session.execute(
                text(
                    "INSERT INTO staff_member (email, password_hash, is_admin,"
                    " created_at, failed_logins, totp_secret)"
                    " VALUES ('a@clinic.example', 'x', false, :now, 0, :secret)"
                ),
                {"now": "2026-11-26 09:00:00+00:00", "secret": SECRET},
            )
            db.session.commit()
        flask_db(url, "upgrade", "0006")
        with app_on(url, SCHEMA_CHECK_AT_START=False) as app:
            [token] = stored_tokens(app)
            assert SECRET not in token
            assert Fernet(TEST_TOTP_KEY).decrypt(token.encode()).decode() == SECRET
            with app.app_context():
                staff = db.session.scalar(db.select(StaffMember))
                assert staff.totp_secret == SECRET
                assert staff.credentials_version == 0
                assert not staff.must_change_password
        flask_db(url, "downgrade", "0004")
        with app_on(url, SCHEMA_CHECK_AT_START=False) as app, app.app_context():
            plain = db.session.scalar(text("SELECT totp_secret FROM staff_member"))
        assert plain == SECRET
