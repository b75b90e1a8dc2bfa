"""aliases: the other names files use for regions and indicators

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 11:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("regions", "indicators"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("aliases", sa.Text(), nullable=False, server_default="")
            )


def downgrade() -> None:
    for table in ("regions", "indicators"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("aliases")
