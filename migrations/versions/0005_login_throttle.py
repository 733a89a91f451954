"""sign-in throttle per account and client address

Failed sign-ins are counted per (account, address) with growing waits,
so guessing from one address cannot lock a colleague out everywhere
(screening/services/auth/throttle.py). staff_member.failed_logins and locked_until
are no longer written; a later release drops them, once no server of the
previous release reads them. Locks held at upgrade time are not carried
over: they named no address.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_login_throttle_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', 'address', name=op.f('pk_login_throttle'))
    )


def downgrade():
    op.drop_table('login_throttle')
