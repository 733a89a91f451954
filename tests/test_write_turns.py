"""Writers to the embedded database queue for their turn instead of SQLite's backoff."""

from __future__ import annotations

import fcntl
import os
import threading

import pytest
from sqlalchemy import text
from support.databases import sqlite_app

from screening.infra import write_turns
from screening.infra.database import begin_write
from screening.infra.extensions import db
from screening.infra.write_turns import wait_for_write_turn


@pytest.fixture
def embedded(make_app, tmp_path):
    """Return an application on its own SQLite file and the file writers queue on."""
    path = tmp_path / "turns.sqlite3"
    app = sqlite_app(make_app, path)
    return app, f"{path}.write-turn"


def turn_is_free(turns: str) -> bool:
    """Return True when another process or connection could take the turn now."""
    descriptor = os.open(turns, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_write_transaction_holds_the_turn_until_it_commits(embedded):
    app, turns = embedded
    with app.app_context():
        begin_write()
        db.session.execute(text("SELECT 1"))
        assert not turn_is_free(turns)
        db.session.commit()
        assert turn_is_free(turns)


def test_a_failed_write_gives_the_turn_back(embedded):
    app, turns = embedded
    with app.app_context():
        begin_write()
        with pytest.raises(Exception, match="no_such_table"):
            db.session.execute(text("INSERT INTO no_such_table VALUES (1)"))
        db.session.rollback()
        assert turn_is_free(turns)


def test_reading_takes_no_turn(embedded):
    app, turns = embedded
    with app.app_context():
        db.session.execute(text("SELECT count(*) FROM screening"))
        assert turn_is_free(turns)


def test_a_waiting_writer_gets_its_turn_when_the_writer_before_it_ends(
    embedded, monkeypatch
):
    app, _ = embedded
    events = []
    first_has_turn = threading.Event()
    real_wait = write_turns.wait_for_write_turn

    def recorded_wait(descriptor, timeout_ms):
        taken = real_wait(descriptor, timeout_ms)
        events.append(f"second took the turn: {taken}")
        return taken

    def second_writer():
        with app.app_context():
            first_has_turn.wait()
            begin_write()
            db.session.commit()

    with app.app_context():
        begin_write()
        db.session.execute(text("SELECT 1"))
        monkeypatch.setattr(write_turns, "wait_for_write_turn", recorded_wait)
        waiting = threading.Thread(target=second_writer)
        waiting.start()
        first_has_turn.set()
        waiting.join(timeout=0.2)
        events.append("first ended")
        db.session.commit()
    waiting.join(timeout=30)
    assert events == ["first ended", "second took the turn: True"]


def test_a_writer_stops_waiting_after_the_busy_timeout(embedded):
    _, turns = embedded
    holder = os.open(turns, os.O_RDWR | os.O_CREAT)
    waiter = os.open(turns, os.O_RDWR)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        assert wait_for_write_turn(waiter, 20) is False
        fcntl.flock(holder, fcntl.LOCK_UN)
        assert wait_for_write_turn(waiter, 20) is True
    finally:
        os.close(holder)
        os.close(waiter)


def test_an_in_memory_database_has_no_turn_file(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI="sqlite://", SCHEMA_CHECK_AT_START=False)
    with app.app_context():
        begin_write()
        db.session.execute(text("SELECT 1"))
        db.session.commit()
    assert not list(tmp_path.glob("*.write-turn"))
