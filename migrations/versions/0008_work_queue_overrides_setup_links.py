"""work queue, overrides, set-up links and the dashboard's tallies

- decision.override: an approval of a screening the rules found not
  eligible, confirmed with a reason (issue 15);
- screening.latest_decision_at and screening.decided_at: when the latest
  decision was recorded ("more information asked on ...") and when the
  first final decision closed the case (the dashboard's time to decision,
  read through ix_screening_decided); ix_screening_status_decision_created
  reads the open cases waiting for more information in order;
- staff_setup_link: one-time links an admin sends a new member to choose
  a password and set up two-factor; only the token's hash is kept;
- ix_audit_event_occurred: the audit log's date range filter;
- weekly_tally: how many screenings arrived each week with each outcome
  and how many each rule fired on, so the dashboard never counts or reads
  the rule trace of every row.

Columns are added with ALTER TABLE ADD COLUMN, never a batch rebuild: on
SQLite a rebuild of screening would drop the triggers of revision 0003.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('decision', sa.Column('override', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('screening', sa.Column('latest_decision_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('screening', sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_screening_decided', 'screening', ['decided_at', 'created_at'], unique=False)
    op.create_index('ix_screening_status_decision_created', 'screening', ['review_status', 'latest_decision', 'created_at', 'id', 'outcome'], unique=False)
    op.create_table('staff_setup_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_staff_setup_link_staff_id_staff_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_setup_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_setup_link_token_hash'))
    )
    op.create_index(op.f('ix_staff_setup_link_staff_id'), 'staff_setup_link', ['staff_id'], unique=False)
    op.create_index('ix_audit_event_occurred', 'audit_event', ['occurred_at'], unique=False)
    op.create_table('weekly_tally',
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('tally', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('week', 'tally', 'name', name=op.f('pk_weekly_tally'))
    )


def downgrade():
    op.drop_table('weekly_tally')
    op.drop_index('ix_audit_event_occurred', table_name='audit_event')
    op.drop_index(op.f('ix_staff_setup_link_staff_id'), table_name='staff_setup_link')
    op.drop_table('staff_setup_link')
    op.drop_index('ix_screening_status_decision_created', table_name='screening')
    op.drop_index('ix_screening_decided', table_name='screening')
    # SQLite 3.35+ drops a column in place; none of these is in a trigger.
    op.drop_column('screening', 'decided_at')
    op.drop_column('screening', 'latest_decision_at')
    op.drop_column('decision', 'override')
