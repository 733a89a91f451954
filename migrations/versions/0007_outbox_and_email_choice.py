"""the outbox of messages, and the patient's choice to be emailed a link

outbox_message holds every email, webhook call and staff notice, written in
the same transaction as the screening or decision that causes it and sent
by `flask --app app deliver`. A patient's messages are deleted with their
screening (ON DELETE CASCADE), so a purge leaves no address behind.

screening.email_result is added with ALTER TABLE ADD COLUMN, not a batch
rebuild: on SQLite a rebuild of screening would drop the tally and name
search triggers of revision 0003.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=2048), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['screening_id'], ['screening.id'], name=op.f('fk_outbox_message_screening_id_screening'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('delivery_id', name=op.f('uq_outbox_message_delivery_id'))
    )
    op.create_index('ix_outbox_message_due', 'outbox_message', ['status', 'due_at', 'id'], unique=False)
    op.create_index(op.f('ix_outbox_message_screening_id'), 'outbox_message', ['screening_id'], unique=False)
    op.add_column('screening', sa.Column('email_result', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    # SQLite 3.35+ drops a column in place; email_result is in no trigger or index.
    op.drop_column('screening', 'email_result')
    op.drop_index(op.f('ix_outbox_message_screening_id'), table_name='outbox_message')
    op.drop_index('ix_outbox_message_due', table_name='outbox_message')
    op.drop_table('outbox_message')
