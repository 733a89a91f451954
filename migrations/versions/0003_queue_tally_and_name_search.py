"""queue counts per outcome and review status, and an index for name searches

The review queue showed counts from a grouped count of the whole screening
table and searched names with lower(full_name) LIKE '%term%': both read
every row, so both slowed down as screenings piled up. This revision adds

- screening_tally: one row per (outcome, review_status) with its total,
  kept exact by triggers on screening in the same statement as every
  insert, delete and status change (form, decisions, purge, self-deletion,
  bulk loads alike), so no code path can forget it;
- a substring index on names: an FTS5 table with the trigram tokenizer
  (external content: it stores trigrams and row ids, not a copy of the
  names) on SQLite, a pg_trgm GIN index on lower(full_name) on PostgreSQL.

SQLite drops a table's triggers with the table: a later revision that
rebuilds screening with batch_alter_table must create these triggers again
(the tests of exact counts and of search fail if it does not).

On PostgreSQL the pg_trgm extension is created if missing (a trusted
extension since PostgreSQL 13: the database owner may create it). The
downgrade leaves the extension in place: other schemas may use it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TALLY_BACKFILL = (
    "INSERT INTO screening_tally (outcome, review_status, total) "
    "SELECT outcome, review_status, count(*) FROM screening "
    "GROUP BY outcome, review_status"
)

SQLITE_TRIGGERS = {
    "screening_tally_insert": """
        AFTER INSERT ON screening BEGIN
          INSERT INTO screening_tally (outcome, review_status, total)
          VALUES (new.outcome, new.review_status, 1)
          ON CONFLICT (outcome, review_status) DO UPDATE SET total = total + 1;
        END""",
    "screening_tally_delete": """
        AFTER DELETE ON screening BEGIN
          UPDATE screening_tally SET total = total - 1
          WHERE outcome = old.outcome AND review_status = old.review_status;
        END""",
    "screening_tally_update": """
        AFTER UPDATE OF outcome, review_status ON screening
        WHEN old.outcome IS NOT new.outcome OR old.review_status IS NOT new.review_status
        BEGIN
          UPDATE screening_tally SET total = total - 1
          WHERE outcome = old.outcome AND review_status = old.review_status;
          INSERT INTO screening_tally (outcome, review_status, total)
          VALUES (new.outcome, new.review_status, 1)
          ON CONFLICT (outcome, review_status) DO UPDATE SET total = total + 1;
        END""",
    "screening_name_search_insert": """
        AFTER INSERT ON screening BEGIN
          INSERT INTO screening_name_search (rowid, full_name)
          VALUES (new.id, new.full_name);
        END""",
    "screening_name_search_delete": """
        AFTER DELETE ON screening BEGIN
          INSERT INTO screening_name_search (screening_name_search, rowid, full_name)
          VALUES ('delete', old.id, old.full_name);
        END""",
    "screening_name_search_update": """
        AFTER UPDATE OF full_name ON screening BEGIN
          INSERT INTO screening_name_search (screening_name_search, rowid, full_name)
          VALUES ('delete', old.id, old.full_name);
          INSERT INTO screening_name_search (rowid, full_name)
          VALUES (new.id, new.full_name);
        END""",
}

# Statement-level triggers read all changed rows at once (a purge batch is
# one update per group, not one per row). Every change goes through
# screening_tally_add in (outcome, review_status) order, so concurrent
# transactions lock tally rows in the same order and cannot deadlock.
POSTGRESQL_FUNCTIONS = {
    "screening_tally_add(key_outcome text, key_status text, delta bigint)": """
        RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          IF delta > 0 THEN
            INSERT INTO screening_tally AS tally (outcome, review_status, total)
            VALUES (key_outcome, key_status, delta)
            ON CONFLICT (outcome, review_status)
            DO UPDATE SET total = tally.total + excluded.total;
          ELSE
            UPDATE screening_tally SET total = total + delta
            WHERE outcome = key_outcome AND review_status = key_status;
          END IF;
        END $$""",
    "screening_tally_inserted()": """
        RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE change record;
        BEGIN
          FOR change IN
            SELECT outcome, review_status, count(*) AS delta FROM inserted_rows
            GROUP BY outcome, review_status ORDER BY outcome, review_status
          LOOP
            PERFORM screening_tally_add(change.outcome, change.review_status, change.delta);
          END LOOP;
          RETURN NULL;
        END $$""",
    "screening_tally_deleted()": """
        RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE change record;
        BEGIN
          FOR change IN
            SELECT outcome, review_status, -count(*) AS delta FROM deleted_rows
            GROUP BY outcome, review_status ORDER BY outcome, review_status
          LOOP
            PERFORM screening_tally_add(change.outcome, change.review_status, change.delta);
          END LOOP;
          RETURN NULL;
        END $$""",
    "screening_tally_updated()": """
        RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE change record;
        BEGIN
          FOR change IN
            SELECT outcome, review_status, sum(delta) AS delta FROM (
              SELECT outcome, review_status, -1 AS delta FROM rows_before
              UNION ALL
              SELECT outcome, review_status, 1 AS delta FROM rows_after
            ) AS changes
            GROUP BY outcome, review_status HAVING sum(delta) <> 0
            ORDER BY outcome, review_status
          LOOP
            PERFORM screening_tally_add(change.outcome, change.review_status, change.delta);
          END LOOP;
          RETURN NULL;
        END $$""",
    "screening_tally_truncated()": """
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM screening_tally;
          RETURN NULL;
        END $$""",
}

POSTGRESQL_TRIGGERS = {
    "screening_tally_insert": "AFTER INSERT ON screening REFERENCING NEW TABLE AS "
    "inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION screening_tally_inserted()",
    "screening_tally_delete": "AFTER DELETE ON screening REFERENCING OLD TABLE AS "
    "deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION screening_tally_deleted()",
    "screening_tally_update": "AFTER UPDATE ON screening REFERENCING OLD TABLE AS "
    "rows_before NEW TABLE AS rows_after FOR EACH STATEMENT "
    "EXECUTE FUNCTION screening_tally_updated()",
    "screening_tally_truncate": "AFTER TRUNCATE ON screening "
    "FOR EACH STATEMENT EXECUTE FUNCTION screening_tally_truncated()",
}


def is_postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    op.create_table('screening_tally',
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('review_status', sa.String(length=8), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('outcome', 'review_status', name=op.f('pk_screening_tally'))
    )
    op.execute(TALLY_BACKFILL)
    if is_postgresql():
        upgrade_postgresql()
    else:
        upgrade_sqlite()


def upgrade_sqlite():
    op.execute(
        "CREATE VIRTUAL TABLE screening_name_search USING fts5(full_name, "
        "content='screening', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "INSERT INTO screening_name_search (screening_name_search) VALUES ('rebuild')"
    )
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def upgrade_postgresql():
    for signature, body in POSTGRESQL_FUNCTIONS.items():
        op.execute(f"CREATE FUNCTION {signature} {body}")
    for name, body in POSTGRESQL_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The operator class is named with its schema: the extension may live
    # outside this connection's search_path (another schema made it first).
    schema = op.get_bind().scalar(sa.text(
        "SELECT extnamespace::regnamespace::text FROM pg_extension "
        "WHERE extname = 'pg_trgm'"
    ))
    op.execute(
        "CREATE INDEX ix_screening_full_name_trgm ON screening "
        f"USING gin (lower(full_name) {schema}.gin_trgm_ops)"
    )


def downgrade():
    if is_postgresql():
        op.execute("DROP INDEX ix_screening_full_name_trgm")
        for name in POSTGRESQL_TRIGGERS:
            op.execute(f"DROP TRIGGER {name} ON screening")
        for signature in reversed(POSTGRESQL_FUNCTIONS):
            op.execute(f"DROP FUNCTION {signature}")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE screening_name_search")
    op.drop_table('screening_tally')
