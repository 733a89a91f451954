"""The README's production steps, run verbatim as subprocesses on fresh databases.

``flask --app app db upgrade`` then ``gunicorn app:app`` (with the checkout's
gunicorn.conf.py, bound where ``GUNICORN_BIND`` says), as an operator runs
them; and a release's upgrade while the previous release's server, built
from git history, keeps serving.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from support.answers import FORM_BODY, PATIENT
from support.commands import (
    documented_server,
    free_port,
    operator_environment,
    run_documented,
)
from support.databases import KINDS, flask_db, fresh_database_url
from support.patients import Patient
from support.servers import ROOT, LiveServer

from screening.infra.database import MIGRATIONS

pytestmark = pytest.mark.slow


def server_environment(url: str, folder: Path) -> tuple[dict, int]:
    """Return the documented environment for one server on a free port, and the port."""
    port = free_port()
    # Several workers need shared rate-limit counts: the README's production
    # table names FLASK_RATELIMIT_STORAGE_URI for that (gunicorn refuses without).
    env = operator_environment(
        url,
        folder,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        FLASK_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
        FLASK_RATELIMIT_KEY_PREFIX=f"deploy-{secrets.token_hex(6)}",
    )
    return env, port


def readiness(server: LiveServer) -> tuple[int, dict]:
    reply = Patient(server.url).request("GET", "/readyz")
    return reply.status, json.loads(reply.body)


def screen(server: LiveServer, name: str) -> str:
    """Fill in and send the form on ``server``; return the result page's path."""
    _, reply = Patient(server.url).submit({**FORM_BODY, "full_name": name})
    assert reply.status == 303, reply.body
    return urlsplit(reply.location).path


def shows(server: LiveServer, result_path: str) -> bool:
    reply = Patient(server.url).request("GET", result_path)
    return reply.status == 200 and "MS-" in reply.body


def stored_names(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = connection.scalars(text("SELECT full_name FROM screening ORDER BY id"))
        result = list(names)
    engine.dispose()
    return result


@pytest.mark.parametrize("kind", KINDS)
def test_the_documented_deploy_serves_a_fresh_database(kind, tmp_path):
    with fresh_database_url(kind) as url:
        env, port = server_environment(url, tmp_path)
        upgrade = run_documented("flask --app app db upgrade", env)
        assert upgrade.returncode == 0, upgrade.stderr
        with documented_server("gunicorn app:app", env, port) as server:
            status, ready = readiness(server)
            result = screen(server, PATIENT["full_name"])
            assert shows(server, result)
        assert (status, ready["checks"]["migrations"]) == (200, "current")
        assert stored_names(url) == [PATIENT["full_name"]]


def previous_release(folder: Path) -> tuple[Path, str, str]:
    """Check out the code from before the head migration was added.

    Return its folder, the revision it needs (head minus one) and head.
    """
    script = ScriptDirectory(MIGRATIONS)
    head = script.get_revision(script.get_current_head())
    release = last_release_without(Path(head.path).relative_to(ROOT).as_posix())
    previous = script.get_revision(head.down_revision)
    assert has_file(release, Path(previous.path).relative_to(ROOT).as_posix())
    archive = subprocess.run(
        ["git", "archive", release, "app.py", "gunicorn.conf.py"]
        + ["screening", "migrations"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder, head.down_revision, head.revision


def last_release_without(path: str) -> str:
    """Return the newest commit on main's first-parent line that lacks ``path``.

    Branches merged into main may have been cut before the migration just
    below head existed; main's own line always had it before head arrived.
    """
    for commit in git("log", "--first-parent", "--format=%H").split():
        if not has_file(commit, path):
            return commit
    raise AssertionError(f"{path} is in every commit (a shallow clone?)")


def has_file(commit: str, path: str) -> bool:
    """Say whether ``path`` exists in ``commit``."""
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}:{path}"], cwd=ROOT, capture_output=True
    )
    return found.returncode == 0


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_an_upgrade_under_a_serving_previous_release_loses_nothing(tmp_path):
    old_code, previous, head = previous_release(tmp_path / "previous-release")
    with fresh_database_url("postgresql") as url:
        old_env, old_port = server_environment(url, tmp_path / "old")
        new_env, new_port = server_environment(url, tmp_path / "new")
        # The schema as the previous release left it (whose own `db upgrade`
        # could not run on an empty database: issue 11).
        flask_db(url, "upgrade", previous)
        with documented_server(
            "gunicorn app:app", old_env, old_port, cwd=old_code
        ) as old:
            before = [screen(old, name) for name in ("Ada Before", "Bo Before")]
            upgrade = run_documented("flask --app app db upgrade", new_env)
            assert upgrade.returncode == 0, upgrade.stderr
            old_ready = readiness(old)
            old_still_shows = [shows(old, path) for path in before]
            during = screen(old, "Cy During")
            with documented_server("gunicorn app:app", new_env, new_port) as new:
                new_ready = readiness(new)
                new_shows = [shows(new, path) for path in [*before, during]]
        names = stored_names(url)
    assert names == ["Ada Before", "Bo Before", "Cy During"]
    assert f"Running upgrade {previous} -> {head}" in upgrade.stderr
    assert old_ready == (
        200,
        {"status": "ready", "checks": {"database": "ok", "migrations": "ahead"}},
    )
    assert old_still_shows == [True, True]
    assert new_ready[0] == 200 and new_ready[1]["checks"]["migrations"] == "current"
    assert new_shows == [True, True, True]
