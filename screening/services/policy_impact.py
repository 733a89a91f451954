"""What a new policy would change: every stored screening decided again, read-only.

Each screening's stored answers are evaluated under the new rule set on the
date it was decided for (its as-of date), and the new outcome is compared
with the stored one. Screenings are read in batches (``yield_per``), so a
million of them never sit in memory; the transaction is read-only on the
database's side too, so nothing can be written by mistake.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TextIO

from sqlalchemy import func, select, text

from ..infra.extensions import db
from ..models import ReviewStatus, Screening
from ..rules import Catalogue, RuleSet, evaluate

BATCH = 1000
CSV_COLUMNS = ("reference", "created_at", "review_status", "from", "to", "rules")


@dataclass
class Impact:
    """Counts of what the new policy would change."""

    examined: int = 0
    changed: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    still_open: int = 0

    @property
    def total_changed(self) -> int:
        """Return how many screenings would change outcome."""
        return sum(self.changed.values())


@contextmanager
def read_only() -> Iterator[None]:
    """Run the block in a transaction the database refuses to write in."""
    dialect = db.engine.dialect.name
    db.session.rollback()
    if dialect == "postgresql":
        db.session.execute(text("SET TRANSACTION READ ONLY"))
    else:
        db.session.execute(text("PRAGMA query_only = ON"))
    try:
        yield
    finally:
        if dialect == "sqlite":
            # The same connection, before it goes back to the pool.
            db.session.execute(text("PRAGMA query_only = OFF"))
        db.session.rollback()


def stored_rules(screening: Screening) -> dict[str, str]:
    """Return the severity of each rule that fired when it was stored."""
    return {fired["rule"]: fired["severity"] for fired in screening.fired}


def screenings_since(since: date | None) -> Iterator[Screening]:
    """Yield stored screenings (created on or after ``since``), a batch at a time."""
    query = select(Screening).order_by(Screening.id)
    if since is not None:
        start = datetime.combine(since, time(), tzinfo=UTC)
        query = query.where(Screening.created_at >= start)
    yield from db.session.scalars(query.execution_options(yield_per=BATCH))


def assess(
    ruleset: RuleSet, catalogue: Catalogue, since: date | None, changed_csv: TextIO
) -> Impact:
    """Decide every stored screening again under ``ruleset``; count what changes.

    A changed screening is counted under each rule whose result differs (it
    fires now and did not, or no longer fires, or fires with another
    severity), and its reference goes to ``changed_csv``.
    """
    impact = Impact()
    writer = csv.writer(changed_csv)
    writer.writerow(CSV_COLUMNS)
    with read_only():
        for screening in screenings_since(since):
            impact.examined += 1
            now = evaluate(screening.answers(catalogue), ruleset)
            before, after = screening.outcome, str(now.outcome)
            if before == after:
                continue
            was = stored_rules(screening)
            fires = {result.rule: str(result.severity) for result in now.fired}
            rules = sorted(
                rule
                for rule in was.keys() | fires.keys()
                if was.get(rule) != fires.get(rule)
            )
            impact.changed[before, after] += 1
            for rule in rules:
                impact.by_rule[rule, before, after] += 1
            if screening.review_status == ReviewStatus.NEW:
                impact.still_open += 1
            writer.writerow(
                (
                    screening.reference,
                    screening.created_at.isoformat(),
                    screening.review_status,
                    before,
                    after,
                    " ".join(rules),
                )
            )
    return impact


def report(impact: Impact, version: str) -> Iterator[str]:
    """Yield the report's lines for staff."""
    yield (
        f"Examined {impact.examined} stored screenings under {version}: "
        f"{impact.total_changed} would change outcome."
    )
    for (before, after), count in sorted(impact.changed.items()):
        yield f"  {before} -> {after}: {count}"
    if impact.by_rule:
        yield "By rule:"
    for (rule, before, after), count in sorted(impact.by_rule.items()):
        yield f"  {rule}: {before} -> {after}: {count}"
    yield (
        f"Still open in the work queue: {impact.still_open} "
        f"of the {impact.total_changed} that change."
    )


def ruleset_history() -> list[tuple[str, int, datetime, datetime]]:
    """Return each rule-set version seen in stored screenings: count, first, last."""
    query = (
        select(
            Screening.ruleset_version,
            func.count(),
            func.min(Screening.created_at),
            func.max(Screening.created_at),
        )
        .group_by(Screening.ruleset_version)
        .order_by(func.max(Screening.created_at).desc())
    )
    return [tuple(row) for row in db.session.execute(query)]
