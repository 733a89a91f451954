"""The dashboard's figures, each read from an index or a tally, never a full scan.

- screenings per week by outcome and the rules that fired most: the
  weekly tally (WeeklyTally), written with each screening, a few dozen
  rows whatever the number of screenings (36 range counts on the
  (outcome, created_at) index took 86 to 140 ms on 100 to 1,000 rows on
  a busy machine, and grow with the rows in the weeks counted);
- time from screening to final decision: the latest final decisions read
  through ix_screening_decided, at most TIMING_SAMPLE of them;
- open cases by age: range counts on (review_status, outcome, created_at)
  and (review_status, latest_decision, created_at).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..infra.extensions import db
from ..models import Screening, Tally, WeeklyTally
from ..rules import Outcome
from ..rules.text import N_
from .work_queue import referred, waiting_for_information

WEEKS = 12
TOP_RULES = 10
# The time to a final decision is read from this many latest decisions at most.
TIMING_SAMPLE = 2000
# Open cases by how long they have waited: (label, from days, to days).
# The labels are English; the page translates them.
AGE_BANDS = (
    (N_("Less than 1 day"), 0, 1),
    (N_("1 to 2 days"), 1, 3),
    (N_("3 to 6 days"), 3, 7),
    (N_("1 to 2 weeks"), 7, 14),
    (N_("2 weeks or more"), 14, None),
)


def week_of(moment: datetime, zone: tzinfo) -> date:
    """Return the Monday of the clinic's week that ``moment`` falls in."""
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def count_arrival(
    executor, dialect: str, week: date, outcome: str, rules: Iterable[str]
) -> None:
    """Count one screening's outcome and fired rules in its week's tally."""
    add_to_tally(
        executor,
        dialect,
        [(week, Tally.OUTCOME, outcome), *((week, Tally.RULE, rule) for rule in rules)],
    )


def add_to_tally(executor, dialect: str, keys: Iterable[tuple[date, str, str]]) -> None:
    """Add one to the weekly tally of each (week, tally, name) key given.

    In the caller's transaction; ``executor`` is a session or a connection.
    An upsert in key order, so screenings stored at once in two
    transactions both count, and never deadlock.
    """
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    for (week, tally, name), total in sorted(Counter(keys).items()):
        statement = insert(WeeklyTally).values(
            week=week, tally=str(tally), name=name, total=total
        )
        executor.execute(
            statement.on_conflict_do_update(
                index_elements=["week", "tally", "name"],
                set_={"total": WeeklyTally.total + statement.excluded.total},
            )
        )


@dataclass(frozen=True)
class Dashboard:
    """Every figure the dashboard shows."""

    weeks: list[tuple[date, dict[str, int]]]
    top_rules: list[tuple[str, int]]
    decided_sample: int
    median_hours: float | None
    p90_hours: float | None
    open_by_age: list[tuple[str, int]]


def week_starts(now: datetime, zone: ZoneInfo) -> list[date]:
    """Return the Mondays of the last WEEKS weeks, this one last."""
    this_week = week_of(now, zone)
    return [this_week - timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]


def weekly_outcomes(starts: list[date]) -> list[tuple[date, dict[str, int]]]:
    """Return, for each week, how many screenings arrived with each outcome."""
    query = select(WeeklyTally.week, WeeklyTally.name, WeeklyTally.total).where(
        WeeklyTally.tally == Tally.OUTCOME, WeeklyTally.week >= starts[0]
    )
    counts = {start: dict.fromkeys(map(str, Outcome), 0) for start in starts}
    for week, outcome, total in db.session.execute(query):
        if week in counts and outcome in counts[week]:
            counts[week][outcome] = total
    return list(counts.items())


def most_fired(since: date) -> list[tuple[str, int]]:
    """Return the rules that fired on most screenings since ``since``, most first."""
    total = func.sum(WeeklyTally.total)
    query = (
        select(WeeklyTally.name, total)
        .where(WeeklyTally.tally == Tally.RULE, WeeklyTally.week >= since)
        .group_by(WeeklyTally.name)
        .order_by(total.desc(), WeeklyTally.name)
        .limit(TOP_RULES)
    )
    return [(rule, int(count)) for rule, count in db.session.execute(query)]


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Return the value below which ``fraction`` of the values lie (nearest rank)."""
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


def decision_times(since: datetime) -> list[float]:
    """Return hours from screening to final decision, latest decisions first."""
    query = (
        select(Screening.created_at, Screening.decided_at)
        .where(Screening.decided_at >= since)
        .order_by(Screening.decided_at.desc())
        .limit(TIMING_SAMPLE)
    )
    return [
        (decided - created).total_seconds() / 3600
        for created, decided in db.session.execute(query)
    ]


def open_by_age(now: datetime) -> list[tuple[str, int]]:
    """Return how many open cases have waited for each band of days.

    Each band is two range counts, one per index (referred, and waiting
    for more information but not referred): no OR, so no full scan.
    """
    waiting_only = and_(
        waiting_for_information(), Screening.outcome != Outcome.NEEDS_REVIEW
    )
    bands = []
    for label, low, high in AGE_BANDS:
        count = 0
        for part in (referred(), waiting_only):
            query = select(func.count()).where(
                part, Screening.created_at <= now - timedelta(days=low)
            )
            if high is not None:
                query = query.where(Screening.created_at > now - timedelta(days=high))
            count += db.session.scalar(query)
        bands.append((label, count))
    return bands


def dashboard(now: datetime, zone: ZoneInfo) -> Dashboard:
    """Return the dashboard's figures as of ``now``."""
    starts = week_starts(now, zone)
    since = datetime.combine(starts[0], time(), tzinfo=zone)
    hours = sorted(decision_times(since))
    return Dashboard(
        weeks=weekly_outcomes(starts),
        top_rules=most_fired(starts[0]),
        decided_sample=len(hours),
        median_hours=percentile(hours, 0.5) if hours else None,
        p90_hours=percentile(hours, 0.9) if hours else None,
        open_by_age=open_by_age(now),
    )
