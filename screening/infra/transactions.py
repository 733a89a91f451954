"""The one way the application commits: a unit of work that views and CLI commands open.

Services change rows and flush; they never commit. A view or a command
wraps the services it calls in ``unit_of_work()``: everything they flushed
is committed together when the block ends, or rolled back together when it
raises, so nothing is ever half-saved. A request that ends without one
commits nothing (Flask-SQLAlchemy removes the session).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .database import begin_write
from .extensions import db


@contextmanager
def unit_of_work(*, write: bool = False) -> Iterator[None]:
    """Commit what the block flushed, or roll it all back if the block raises.

    ``write=True`` first ends the session's read transaction and opens one
    that writes (begin_write: BEGIN IMMEDIATE on SQLite), for a block that
    reads and then writes rows other requests write too: on SQLite a read
    transaction that later writes fails at once with "database is locked"
    when another writer went first, where a write transaction waits its turn.
    """
    if write:
        db.session.commit()
        begin_write()
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
