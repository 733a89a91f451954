"""Sign-in throttling per account and client address, with growing waits.

A lock on the whole account would let anyone keep a named colleague out
with a few wrong passwords. Failures are therefore counted per (account,
address): after STAFF_LOCKOUT_ATTEMPTS of them that address waits
STAFF_LOCKOUT_MINUTES before its next try for that account, and every
further failure doubles the wait, up to STAFF_LOCKOUT_MAX_MINUTES. The
real user at another address is not slowed at all. Once the account has
STAFF_ACCOUNT_CEILING failures from all addresses together (a guesser
with many addresses), every address waits after its first failure
instead, which slows the many-address guesser to one try per address
per wait while the real user's right password and code still get in.
A full sign-in clears its own address's count; a day without failures
forgets a count.

Each attempt is counted and judged in one statement, INSERT ... ON
CONFLICT DO UPDATE ... WHERE not blocked ... RETURNING, in a write
transaction: concurrent attempts take turns on the row, so at most the
configured number are ever checked against the password hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import case, delete, func, literal, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ...infra import clock
from ...infra.extensions import db
from ...models import LoginThrottle
from ...models.types import UTCDateTime

# A count with no new failure for this long starts again from nothing.
FORGET_AFTER = timedelta(days=1)
TABLE = LoginThrottle.__table__


@dataclass(frozen=True)
class Admission:
    """Whether an attempt may be checked, and whether it starts a wait."""

    admitted: bool
    # Minutes the address waits after this attempt if it fails; None: no wait.
    wait_minutes: int | None = None


def client_address() -> str:
    """Return the address attempts are counted against."""
    address = request.remote_addr if has_request_context() else None
    return address or "unknown"


def wait_steps() -> list[int]:
    """Return the waits in minutes, each twice the one before, up to the maximum."""
    config = current_app.config
    minutes = config["STAFF_LOCKOUT_MINUTES"]
    longest = config["STAFF_LOCKOUT_MAX_MINUTES"]
    steps = [minutes]
    while steps[-1] * 2 < longest:
        steps.append(steps[-1] * 2)
    return [*steps, max(longest, minutes)] if longest > minutes else steps


def allowed_failures(staff_id: int, now: datetime) -> int:
    """Return how many failures an address may make before it waits."""
    config = current_app.config
    recent = db.session.scalar(
        select(func.coalesce(func.sum(TABLE.c.failures), 0)).where(
            TABLE.c.staff_id == staff_id,
            TABLE.c.last_failure_at > now - FORGET_AFTER,
        )
    )
    if recent >= config["STAFF_ACCOUNT_CEILING"]:
        return 1
    return config["STAFF_LOCKOUT_ATTEMPTS"]


def wait_minutes(failures: int, allowed: int) -> int | None:
    """Return the wait that ``failures`` failures earn, None below the allowance."""
    if failures < allowed:
        return None
    steps = wait_steps()
    return steps[min(failures - allowed, len(steps) - 1)]


def count_attempt(staff_id: int) -> Admission:
    """Count one attempt from this address; refuse it while the address waits.

    Call inside a write transaction (begin_write); the caller commits.
    """
    now, address = clock.now(), client_address()
    allowed = allowed_failures(staff_id, now)
    steps = wait_steps()
    stale = TABLE.c.last_failure_at <= now - FORGET_AFTER
    failures = case((stale, 1), else_=TABLE.c.failures + 1)
    until = case(
        (failures < allowed, null()),
        *(
            (failures == allowed + level, moment(now, minutes))
            for level, minutes in enumerate(steps[:-1])
        ),
        else_=moment(now, steps[-1]),
    )
    first_wait = wait_minutes(1, allowed)
    statement = (
        upsert()
        .values(
            staff_id=staff_id,
            address=address,
            failures=1,
            last_failure_at=now,
            blocked_until=now + timedelta(minutes=first_wait) if first_wait else None,
        )
        .on_conflict_do_update(
            index_elements=[TABLE.c.staff_id, TABLE.c.address],
            set_={"failures": failures, "last_failure_at": now, "blocked_until": until},
            where=or_(TABLE.c.blocked_until.is_(None), TABLE.c.blocked_until <= now),
        )
        .returning(TABLE.c.failures)
    )
    counted = db.session.execute(statement).scalar_one_or_none()
    if counted is None:
        return Admission(admitted=False)
    return Admission(admitted=True, wait_minutes=wait_minutes(counted, allowed))


def moment(now: datetime, minutes: int):
    """Return ``now`` plus ``minutes`` as a bound value of the stored type."""
    return literal(now + timedelta(minutes=minutes), UTCDateTime)


def upsert():
    """Return the dialect's INSERT that knows ON CONFLICT."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(TABLE)
    return sqlite.insert(TABLE)


def uncount_attempt(staff_id: int, admission: Admission) -> None:
    """Take back a counted attempt that proved the password (caller commits).

    A wrong code still counts, so guessing codes is throttled like passwords.
    """
    values = {"failures": case((TABLE.c.failures > 0, TABLE.c.failures - 1), else_=0)}
    if admission.wait_minutes is not None:
        values["blocked_until"] = None
    db.session.execute(
        update(TABLE)
        .where(TABLE.c.staff_id == staff_id, TABLE.c.address == client_address())
        .values(**values)
    )


def is_waiting(staff_id: int) -> bool:
    """Return True while this address must wait before trying this account again."""
    until = db.session.scalar(
        select(TABLE.c.blocked_until).where(
            TABLE.c.staff_id == staff_id, TABLE.c.address == client_address()
        )
    )
    return until is not None and until > clock.now()


def forget_failures(staff_id: int, *, everywhere: bool = False) -> None:
    """Clear this address's count for the account, or all (caller commits)."""
    statement = delete(TABLE).where(TABLE.c.staff_id == staff_id)
    if not everywhere:
        statement = statement.where(TABLE.c.address == client_address())
    db.session.execute(statement)
