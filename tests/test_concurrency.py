"""Eight patients submitting at once, fifty times each: every one stored once.

The server runs on this run's kind of database: a SQLite file with
``make test-sqlite``, PostgreSQL with ``make test-postgres`` (``make test``
does both).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text
from support.patients import Patient, token_from
from support.servers import live_server

THREADS = 8
SUBMISSIONS_EACH = 50
UNLIMITED = {"FLASK_RATELIMIT_SCREENING": "100000 per minute"}


def submit_many(base_url: str, number: int, answers: dict) -> list[tuple]:
    """Submit SUBMISSIONS_EACH screenings as one patient's browser."""
    patient = Patient(base_url)
    sent = []
    for index in range(SUBMISSIONS_EACH):
        name = f"Concurrent patient {number}-{index}"
        nonce, reply = patient.submit({**answers, "full_name": name})
        sent.append((name, nonce, reply.status, reply.location))
    return sent


def stored_rows(url: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT full_name, submission_nonce, token FROM screening")
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


@pytest.mark.slow
def test_concurrent_submissions_are_all_acknowledged_and_stored_once(
    server_database, answers
):
    with (
        live_server(server_database, workers=2, threads=4, env=UNLIMITED) as server,
        ThreadPoolExecutor(THREADS) as pool,
    ):
        batches = pool.map(
            lambda number: submit_many(server.url, number, answers), range(THREADS)
        )
        sent = [item for batch in batches for item in batch]
    statuses = [status for _, _, status, _ in sent]
    assert statuses == [303] * THREADS * SUBMISSIONS_EACH
    expected = sorted(
        (name, nonce, token_from(location)) for name, nonce, _, location in sent
    )
    assert sorted(stored_rows(server_database)) == expected
