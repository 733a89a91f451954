"""A server killed mid-submission loses nothing it acknowledged with a 303.

Like the concurrency test, it runs on this run's kind of database.
"""

from __future__ import annotations

import http.client
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from support.patients import Patient, token_from
from support.servers import live_server, start_server

SUBMITTERS = 4
# Kill once this many 303s are in, while the submitters keep posting.
ACKNOWLEDGED_BEFORE_KILL = 40
WAIT_LIMIT_SECONDS = 120
UNLIMITED = {"FLASK_RATELIMIT_SCREENING": "100000 per minute"}


class Submitters:
    """Threads that post screenings until the server stops answering."""

    def __init__(self, base_url: str, answers: dict):
        self.base_url = base_url
        self.answers = answers
        self.acknowledged: list[tuple[str, str, str]] = []
        self.statuses: list[int] = []
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self.run, args=(number,), daemon=True)
            for number in range(SUBMITTERS)
        ]

    def run(self, number: int) -> None:
        patient = Patient(self.base_url)
        for index in range(10_000):
            name = f"Crash patient {number}-{index}"
            medications = f"Medication list {number}-{index}"
            answers = {**self.answers, "full_name": name, "takes_medication": "yes"}
            try:
                nonce, reply = patient.submit({**answers, "medications": medications})
            except (OSError, http.client.HTTPException):
                return  # the server is gone; this one was never acknowledged
            with self.lock:
                self.statuses.append(reply.status)
                if reply.status == 303:
                    self.acknowledged.append((name, nonce, token_from(reply.location)))

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + WAIT_LIMIT_SECONDS
        while len(self.acknowledged) < count:
            assert time.monotonic() < deadline, "the server acknowledged too few"
            time.sleep(0.05)


def stored(url: str) -> dict[str, tuple]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT token, full_name, submission_nonce, medications, outcome "
                "FROM screening"
            )
        ).all()
    engine.dispose()
    return {row[0]: tuple(row[1:]) for row in rows}


@pytest.mark.slow
def test_every_acknowledged_screening_survives_a_sigkill(
    server_database, answers, tmp_path
):
    server = start_server(
        server_database, workers=2, threads=4, env=UNLIMITED, log_dir=tmp_path
    )
    submitters = Submitters(server.url, answers)
    try:
        for thread in submitters.threads:
            thread.start()
        submitters.wait_for(ACKNOWLEDGED_BEFORE_KILL)
    finally:
        server.kill()
    for thread in submitters.threads:
        thread.join(timeout=60)
    with submitters.lock:
        acknowledged = list(submitters.acknowledged)
    assert set(submitters.statuses) == {303}
    with live_server(server_database, env=UNLIMITED, log_dir=tmp_path) as again:
        patient = Patient(again.url)
        for _, _, token in acknowledged:
            assert patient.request("GET", f"/screening/{token}").status == 200
    rows = stored(server_database)
    for name, nonce, token in acknowledged:
        medications = "Medication list " + name.removeprefix("Crash patient ")
        assert rows[token] == (name, nonce, medications, "needs_review")
