"""A bound on how many password hashes run at once on one machine.

Argon2 is slow on purpose (tens of milliseconds of CPU and 64 MiB each), so
anonymous sign-in POSTs could keep every worker hashing while patients wait.
gunicorn's sync workers serve one request each, so a semaphore inside one
process would never be contended: the bound is shared by every process of
the instance folder instead, as STAFF_HASHING_SLOTS lock files
(``hashing-slot-<n>``) held with flock while a hash runs. A sign-in that
finds every slot taken is refused at once with 429 and ``Retry-After: 1``,
without waiting, so at most that many workers are ever busy hashing and
the others keep serving patients.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from werkzeug.exceptions import TooManyRequests

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 1


class SignInBusy(TooManyRequests):
    """Every hashing slot is taken: the password was not checked."""

    description = (
        "Many sign-ins are being checked at this moment, so yours was not. "
        "Please try again in a second."
    )

    def __init__(self) -> None:
        super().__init__(retry_after=RETRY_AFTER_SECONDS)


def slot_paths() -> list[Path]:
    """Return the lock files, one per hash allowed at once."""
    folder = Path(current_app.instance_path)
    count = max(1, int(current_app.config["STAFF_HASHING_SLOTS"]))
    return [folder / f"hashing-slot-{number}" for number in range(count)]


@contextmanager
def hashing_slot() -> Iterator[bool]:
    """Hold a free hashing slot for the block; yield False when none is free."""
    for path in slot_paths():
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            # A read-only instance folder: no bound rather than no sign-in.
            log.warning("cannot open hashing slot files; hashing is not bounded")
            yield True
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        try:
            yield True
        finally:
            # Closing the descriptor releases its lock.
            os.close(descriptor)
        return
    yield False
