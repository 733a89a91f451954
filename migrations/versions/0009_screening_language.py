"""the language each screening was answered in

- screening.language: the language code the patient read the form in
  ("en", "es"); the patient's emails and checklist use it, and staff see
  "answered in Spanish". Screenings stored before it were answered in
  English, the only language then: the server default says so.

Added with ALTER TABLE ADD COLUMN, never a batch rebuild: on SQLite a
rebuild of screening would drop the triggers of revision 0003.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('screening', sa.Column('language', sa.String(length=16), server_default='en', nullable=False))


def downgrade():
    # SQLite 3.35+ drops a column in place; it is in no trigger.
    op.drop_column('screening', 'language')
