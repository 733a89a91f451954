"""staff credentials: encrypted two-factor secrets, credentials version, must-change

The authenticator secret moves to totp_secret_encrypted, a Fernet token
made with the application's key ring (screening/services/auth/keys.py), so this
migration runs inside the application (``flask --app app db upgrade``,
or the embedded database's start-up) and uses its keys. Downgrading
decrypts the secrets back into the plain column.

credentials_version is bumped by every reset, disable and two-factor
reset; a half-finished sign-in remembers it and cannot finish after one.
must_change_password marks a password an admin chose.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
from flask import current_app


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

STAFF = sa.table(
    'staff_member',
    sa.column('id', sa.Integer),
    sa.column('totp_secret', sa.String),
    sa.column('totp_secret_encrypted', sa.String),
)


def copy_secrets(source, target, change):
    """Write change(source) into target for every account with a secret."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(STAFF.c.id, source).where(source.is_not(None))
    ).all()
    for ident, value in rows:
        connection.execute(
            sa.update(STAFF)
            .where(STAFF.c.id == ident)
            .values({target.name: change(value.encode()).decode()})
        )


def upgrade():
    ring = current_app.extensions['totp_cipher']
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret_encrypted', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('credentials_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))
    copy_secrets(STAFF.c.totp_secret, STAFF.c.totp_secret_encrypted, ring.encrypt)
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_column('totp_secret')


def downgrade():
    ring = current_app.extensions['totp_cipher']
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
    copy_secrets(STAFF.c.totp_secret_encrypted, STAFF.c.totp_secret, ring.decrypt)
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('credentials_version')
        batch_op.drop_column('totp_secret_encrypted')
