"""Load many screenings fast: big executemany batches on SQLite, COPY on PostgreSQL.

Rows go into the migrated schema with every index and trigger in place,
so the tally and the name index are kept exactly as for rows the form
stores; the dashboard's weekly tally is added to as the store does.
PostgreSQL's statistics are refreshed afterwards, as autovacuum would
shortly do after a load this size.
"""

from __future__ import annotations

import json
import time
from datetime import UTC

from sqlalchemy import Engine, create_engine, insert

from screening.models import Screening, Tally
from screening.services.dashboard import add_to_tally, week_of

from . import dataset

BATCH = 20_000
COLUMNS = tuple(dataset.rows(0, 1)[0])
JSON_COLUMNS = {"treatment_areas", "fired_rules"}


def load(url: str, start: int, count: int) -> float:
    """Add screenings ``start`` to ``start + count - 1``; return the seconds taken."""
    engine = create_engine(url)
    began = time.perf_counter()
    try:
        if engine.dialect.name == "postgresql":
            copy_rows(engine, start, count)
        else:
            insert_rows(engine, start, count)
    finally:
        engine.dispose()
    return time.perf_counter() - began


def batches(start: int, count: int):
    """Yield the rows to load, a batch at a time."""
    for first in range(start, start + count, BATCH):
        yield dataset.rows(first, min(BATCH, start + count - first))


def insert_rows(engine: Engine, start: int, count: int) -> None:
    """Insert with SQLAlchemy Core executemany, one transaction per batch.

    The loader's own connection skips fsync (synchronous=OFF) and uses a
    large page cache: only the benchmark's throw-away data is at stake.
    """
    with engine.connect() as connection:
        for pragma in ("journal_mode=WAL", "synchronous=OFF", "cache_size=-262144"):
            connection.exec_driver_sql(f"PRAGMA {pragma}")
        connection.commit()
        for rows in batches(start, count):
            with connection.begin():
                connection.execute(insert(Screening.__table__), rows)
                add_to_tally(connection, "sqlite", arrivals_in(rows))


def copy_rows(engine: Engine, start: int, count: int) -> None:
    """Stream rows with COPY, one statement and transaction per batch."""
    statement = f"COPY screening ({', '.join(COLUMNS)}) FROM STDIN"
    connection = engine.raw_connection()
    try:
        raw = connection.driver_connection
        for rows in batches(start, count):
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(tuple(copy_value(row, name) for name in COLUMNS))
            raw.commit()
            with engine.begin() as tally:
                add_to_tally(tally, "postgresql", arrivals_in(rows))
        raw.execute("ANALYZE screening")
        raw.commit()
    finally:
        connection.close()


def arrivals_in(rows: list[dict]):
    """Yield the weekly tally keys of these rows, as the store counts them (UTC)."""
    for row in rows:
        week = week_of(row["created_at"], UTC)
        yield week, Tally.OUTCOME, row["outcome"]
        for fired in row["fired_rules"]:
            yield week, Tally.RULE, fired["rule"]


def copy_value(row: dict, name: str):
    """Return a column's value as COPY takes it (JSON as its text)."""
    value = row[name]
    return json.dumps(value) if name in JSON_COLUMNS else value
