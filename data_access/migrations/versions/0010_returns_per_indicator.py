"""returns per indicator: a return of a county's month may give a reason for each
indicator (return_items, one row an indicator, tied to the return's event) besides,
or instead of, a reason for the whole month

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["submission_events.id"]),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_return_items_event", "return_items", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_return_items_event", table_name="return_items")
    op.drop_table("return_items")
