"""A performance device: SQLite writers take turns on a lock file, polled every 0.5 ms.

What it buys (docs/benchmarks.md, "Third round"): POST /screening on
SQLite under 8 clients, 39 req/s = 1.56 × the peer with it against
10 req/s = 0.40 × the peer without it (quick A/B runs, 3 s each, medians
of three, load average 9-11), so it meets the target "POST at least
0.8 × the peer". On an idle machine it took the p99 from 587 ms to 45 ms.

Without it (the plain version) SQLite's own busy handler waits for the
write lock by sleeping 1, 2, 5, 10, ... up to 100 ms between tries, so a
waiting writer often sleeps on while the lock is free. Here a writer
takes its turn on ``<database>.write-turn`` before BEGIN IMMEDIATE and
gives it back when its connection returns to the pool, after COMMIT or
ROLLBACK. After the busy timeout it goes ahead anyway and SQLite's own
timeout decides, so a stuck writer cannot hold the others for ever.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import suppress

from sqlalchemy import Engine, event

# How often a waiting writer looks again whether the turn is free.
POLL_SECONDS = 0.0005
# Where a pooled SQLite connection keeps its open write-turn file.
TURN = "screening_write_turn"


def install_write_turns(
    engine: Engine, database: str, write_option: str, timeout_ms: int
) -> None:
    """Make writers on ``engine`` take turns; a writer's BEGIN carries ``write_option``.

    Call it before the engine's own "begin" listener: listeners run in the
    order they were added, and the turn must be taken before BEGIN.
    """
    turns = f"{database}.write-turn"

    @event.listens_for(engine, "connect")
    def open_turn_file(_dbapi_connection, record):
        # One open file per connection, so threads of one process queue too.
        with suppress(OSError):  # a read-only folder: SQLite's wait alone
            record.info[TURN] = os.open(turns, os.O_RDWR | os.O_CREAT, 0o600)

    @event.listens_for(engine, "begin")
    def take_turn(connection):
        writes = connection.get_execution_options().get(write_option, False)
        if writes and TURN in connection.info:
            wait_for_write_turn(connection.info[TURN], timeout_ms)

    @event.listens_for(engine, "checkin")
    def end_turn(_dbapi_connection, record):
        if TURN in record.info:
            fcntl.flock(record.info[TURN], fcntl.LOCK_UN)

    @event.listens_for(engine, "close")
    def close_turn_file(_dbapi_connection, record):
        if TURN in record.info:
            os.close(record.info.pop(TURN))


def wait_for_write_turn(descriptor: int, timeout_ms: int) -> bool:
    """Wait until no other writer holds the turn; return whether it was taken."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
