"""情况说明 on figures (explanations, append-only: the newest of a figure is its
current one), each indicator's own threshold of the history check
(indicators.check_score), per-indicator review records (return_items.action:
'return' or 'approve') and the wordings the office saves as aliases (saved_aliases)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "explanations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"]),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_explanations_month", "explanations",
                    ["year", "month", "region_id"])  # fmt: skip
    op.create_table(
        "saved_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("wording", sa.String(200), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("field", "wording", name="uq_saved_alias"),
        sa.CheckConstraint(
            "field in ('region', 'indicator')", name="ck_saved_alias_field"
        ),
    )
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(sa.Column("check_score", sa.Float(), nullable=True))
    with op.batch_alter_table("return_items") as batch:
        batch.add_column(sa.Column("action", sa.String(8), nullable=False,
                                   server_default="return"))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("return_items") as batch:
        batch.drop_column("action")
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("check_score")
    op.drop_table("saved_aliases")
    op.drop_index("ix_explanations_month", table_name="explanations")
    op.drop_table("explanations")
