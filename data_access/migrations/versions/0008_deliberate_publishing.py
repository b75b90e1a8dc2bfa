"""deliberate publishing: who published by name, a reason where counties were missing,
the events (publish, withdraw) with their reasons, and the bulletin files as issued

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("published_periods", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("published_by_name", sa.String(128), nullable=True)
        )
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.create_table(
        "publication_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("by_name", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_publication_events_period", "publication_events",
                    ["year", "month"], unique=False)  # fmt: skip
    op.create_table(
        "issued_bulletins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("fmt", sa.String(8), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["publication_events.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_issued_bulletins_period", "issued_bulletins",
                    ["year", "month", "fmt"], unique=False)  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_issued_bulletins_period", table_name="issued_bulletins")
    op.drop_table("issued_bulletins")
    op.drop_index("ix_publication_events_period", table_name="publication_events")
    op.drop_table("publication_events")
    with op.batch_alter_table("published_periods", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("published_by_name")
