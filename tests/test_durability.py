"""Nothing acknowledged is lost, nothing is stored twice, nothing half-stored."""

from __future__ import annotations

import secrets
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from support.databases import (
    fresh_database_url,
    migrate_to_head,
    server_engine,
    sqlite_app,
)
from support.records import count_screenings

from screening.infra.extensions import db as _db
from screening.services import store as screenings


def token_of(response) -> str:
    assert response.status_code == 303
    return response.headers["Location"].split("/")[-1]


def test_sqlite_runs_in_wal_mode_with_full_sync_and_a_busy_timeout(make_app, tmp_path):
    app = sqlite_app(make_app, tmp_path / "pragmas.sqlite3")
    with app.app_context():
        pragma = {
            name: _db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout")
        }
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 10000}


def test_storing_a_screening_holds_the_write_lock_from_its_first_query(
    make_app, tmp_path, answers, monkeypatch
):
    """The nonce check and the insert are one IMMEDIATE transaction on SQLite."""
    path = tmp_path / "immediate.sqlite3"
    client = sqlite_app(make_app, path).test_client()
    outcomes = []
    decide = screenings.decide

    def decide_while_another_writer_tries(*args):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            outcomes.append("other writer got in")
        except sqlite3.OperationalError as error:
            outcomes.append(str(error))
        finally:
            other.close()
        return decide(*args)

    monkeypatch.setattr(screenings, "decide", decide_while_another_writer_tries)
    data = {**answers, "nonce": "n" * 32}
    assert client.post("/screening", data=data).status_code == 303
    assert outcomes == ["database is locked"]


def test_pages_that_only_read_do_not_wait_for_a_writer(make_app, tmp_path, answers):
    path = tmp_path / "readers.sqlite3"
    client = sqlite_app(make_app, path).test_client()
    token = token_of(client.post("/screening", data={**answers, "nonce": "r" * 32}))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert client.get(f"/screening/{token}").status_code == 200
        assert client.get(f"/screening/{token}/checklist").status_code == 200
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_screening_is_committed_before_the_303_is_sent(app, client, answers):
    """Another connection sees the row while the redirect is still open."""
    response = client.post(
        "/screening", data={**answers, "nonce": "c" * 32}, buffered=False
    )
    try:
        token = token_of(response)
        engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT full_name, outcome FROM screening WHERE token = :token"),
                {"token": token},
            ).one()
        engine.dispose()
    finally:
        response.close()
    assert tuple(row) == ("Ada Example", "eligible")


def test_a_replayed_form_lands_on_the_same_result(app, client, answers):
    data = {**answers, "nonce": "d" * 32}
    first = client.post("/screening", data=data)
    for _ in range(2):
        again = client.post("/screening", data=data)
        assert again.headers["Location"] == first.headers["Location"]
    assert count_screenings(app) == 1


def test_a_race_on_the_same_nonce_stores_one_row(app, client, answers, monkeypatch):
    """Two requests that both find no row: the UNIQUE nonce keeps one."""
    data = {**answers, "nonce": "e" * 32}
    first = client.post("/screening", data=data)
    monkeypatch.setattr(screenings, "find_by_nonce", race_once(screenings))
    second = client.post("/screening", data=data)
    assert second.headers["Location"] == first.headers["Location"]
    assert count_screenings(app) == 1


def race_once(module):
    """Return a find_by_nonce that misses the stored row the first time."""
    real = module.find_by_nonce
    calls = []

    def find_by_nonce(nonce):
        calls.append(nonce)
        return None if len(calls) == 1 else real(nonce)

    return find_by_nonce


UNREACHABLE = {
    "sqlite in a missing directory": "sqlite:////nonexistent-directory/x.sqlite3",
    "postgresql on a closed port": (
        "postgresql+psycopg://postgres@127.0.0.1:9/test?connect_timeout=2"
    ),
}


@pytest.mark.parametrize("url", UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_an_unreachable_database_gives_a_503_that_says_nothing_was_saved(
    make_app, answers, url
):
    app = make_app(SQLALCHEMY_DATABASE_URI=url, SCHEMA_CHECK_AT_START=False)
    response = app.test_client().post("/screening", data={**answers, "nonce": "f" * 32})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "<title>Sorry, the service is unavailable" in page
    assert "your answers were not saved" in page
    for leak in ("Traceback", "sqlalchemy", "psycopg", "INSERT", "SELECT"):
        assert leak not in page


def test_a_database_that_refuses_writes_stores_nothing(make_app, tmp_path, answers):
    path = tmp_path / "readonly.sqlite3"
    writable = sqlite_app(make_app, path)
    read_only = make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{path}?mode=ro&uri=true",
        SCHEMA_CHECK_AT_START=False,
    )
    response = read_only.test_client().post(
        "/screening", data={**answers, "nonce": "g" * 32}
    )
    assert response.status_code == 503
    assert "your answers were not saved" in response.get_data(as_text=True)
    assert count_screenings(writable) == 0


def test_sql_errors_never_carry_the_patients_answers(app):
    with app.app_context(), pytest.raises(DBAPIError) as raised:
        _db.session.execute(
            text("SELECT :name FROM no_such_table"), {"name": "Ada Example"}
        )
    assert "Ada Example" not in str(raised.value)
    assert "hide_parameters" in str(raised.value)


def test_a_restarted_database_does_not_fail_the_next_request(make_app):
    """The pool pre-pings: a connection the server dropped is replaced quietly."""
    name = f"screening-preping-{secrets.token_hex(4)}"
    with fresh_database_url("postgresql") as url:
        migrate_to_head(url)
        url = make_url(url).update_query_dict({"application_name": name})
        app = make_app(SQLALCHEMY_DATABASE_URI=url.render_as_string(False))
        client = app.test_client()
        assert client.get("/readyz").status_code == 200
        admin = server_engine()
        with admin.begin() as connection:
            ended = connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name"
                ),
                {"name": name},
            ).scalars()
            assert list(ended) == [True]
        admin.dispose()
        assert client.get("/readyz").status_code == 200
        with app.app_context():
            _db.engine.dispose()
