"""Health checks: liveness never touches the database; readiness checks it."""

from __future__ import annotations

import pytest
from support.databases import (
    app_on,
    database_kind,
    fresh_database_url,
    migrate_to_head,
    record_revision,
)

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-directory/screening.sqlite3",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/test",
}


def test_healthz_says_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_on_a_reachable_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "current"},
    }


def test_readyz_is_unavailable_while_the_schema_is_behind():
    with (
        fresh_database_url(database_kind()) as url,
        app_on(url, SCHEMA_CHECK_AT_START=False) as app,
    ):
        response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "behind"},
    }


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_readyz_is_unavailable_without_the_database_while_healthz_stays_up(kind):
    with app_on(UNREACHABLE[kind], SCHEMA_CHECK_AT_START=False) as app:
        client = app.test_client()
        ready = client.get("/readyz")
        alive = client.get("/healthz")
    assert ready.status_code == 503
    assert ready.get_json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable", "migrations": "unknown"},
    }
    assert alive.status_code == 200


def test_readyz_stays_ready_on_a_schema_a_newer_release_migrated():
    with fresh_database_url(database_kind()) as url:
        migrate_to_head(url)
        record_revision(url, "f00dcafe0001")
        with app_on(url, SCHEMA_CHECK_AT_START=False) as app:
            response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "migrations": "ahead"}
