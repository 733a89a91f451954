"""Where the schema check runs: serving and data commands check, `flask db` does not.

The commands run as subprocesses, as an operator types them, because which
check runs depends on how the flask command builds the app.
"""

from __future__ import annotations

import subprocess

import pytest
from support.commands import free_port, operator_environment
from support.databases import (
    app_on,
    database_kind,
    flask_db,
    fresh_database_url,
)
from support.servers import ROOT
from test_migrations import HISTORY, tables_and_revision

from screening.infra.database import known_revisions

BEHIND = "Run 'flask --app app db upgrade' before starting it."
# The extensions' own groups: Flask-Migrate's brings the schema up to date,
# Flask-Limiter's touches rate-limit counters only.
EXTENSION_GROUPS = {"db", "limiter"}
# Commands that read and write no stored data, so run on any schema.
DATALESS = {"new-totp-key"}
# What each command is given; the rest act on a staff account by email.
ARGUMENTS = {"purge": [], "rotate-totp-key": [], "deliver": ["--once"]}


def flask(url: str, folder, *args: str, **env: str):
    """Run ``flask --app app ARGS`` on ``url`` in a subprocess; return how it went."""
    return subprocess.run(
        ["flask", "--app", "app", *args],
        cwd=ROOT,
        env=operator_environment(url, folder, **env),
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def empty_url():
    with fresh_database_url(database_kind()) as url:
        yield url


def test_db_commands_run_on_an_empty_database(empty_url, tmp_path):
    for args in (("current",), ("history",), ("downgrade", "base")):
        done = flask(empty_url, tmp_path, "db", *args)
        assert done.returncode == 0, done.stderr
    assert tables_and_revision(empty_url)[1] == set()


def test_db_upgrade_runs_from_every_earlier_revision(empty_url, tmp_path):
    heads, _ = known_revisions()
    for revision in HISTORY[:-1]:
        flask_db(empty_url, "downgrade", "base")
        flask_db(empty_url, "upgrade", revision.revision)
        done = flask(empty_url, tmp_path, "db", "upgrade")
        assert done.returncode == 0, done.stderr
        assert tables_and_revision(empty_url)[1] == set(heads)


def test_a_db_command_leaves_an_older_embedded_database_as_it_is(tmp_path):
    older = HISTORY[-2].revision
    with fresh_database_url("sqlite") as url:
        flask_db(url, "upgrade", older)
        done = flask(url, tmp_path, "db", "current")
        assert done.returncode == 0, done.stderr
        assert tables_and_revision(url)[1] == {older}


def test_a_data_command_migrates_the_embedded_database_first(tmp_path):
    with fresh_database_url("sqlite") as url:
        done = flask(url, tmp_path, "purge")
        heads, _ = known_revisions()
        assert tables_and_revision(url)[1] == set(heads)
    assert done.returncode == 0, done.stderr
    assert "Deleted 0 screenings" in done.stdout


def test_every_data_command_refuses_a_schema_behind_the_code(empty_url):
    with app_on(empty_url, SCHEMA_CHECK_AT_START=False) as app:
        app.config.update(SCHEMA_CHECK_AT_START=True, AUTO_MIGRATE_EMBEDDED=False)
        commands = set(app.cli.commands) - EXTENSION_GROUPS - DATALESS
        for name in commands:
            args = [name, *ARGUMENTS.get(name, ["nurse@clinic.example"])]
            result = app.test_cli_runner().invoke(args=args, input="x\nx\n")
            assert result.exit_code == 1, (name, result.output)
            assert BEHIND in result.output, name
    assert commands >= {"create-staff", "disable-staff", "purge", "reset-password"}


def test_flask_run_refuses_a_schema_behind_the_code(empty_url, tmp_path):
    port = str(free_port())
    done = flask(
        empty_url, tmp_path, "run", "--port", port, FLASK_AUTO_MIGRATE_EMBEDDED="false"
    )
    assert done.returncode != 0
    assert BEHIND in done.stderr
