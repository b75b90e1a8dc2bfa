"""The year-end outlook stored with the assessment (预警 at national scale): each
stored period's projections (region × indicator) and projected totals (region), and
the data version they were stored at

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _keys() -> list[sa.Column]:
    return [
        sa.Column("period_id", sa.Integer(),
                  sa.ForeignKey("assessed_periods.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("regions.id"),
                  primary_key=True),
    ]  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("assessed_periods") as batch:
        batch.add_column(sa.Column("projected_version", sa.Integer(), nullable=True))
    op.create_table(
        "assessed_projections",
        *_keys(),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id"),
                  primary_key=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("basis", sa.String(16), nullable=True),
        sa.Column("years", sa.Integer(), nullable=True),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("outlook", sa.String(16), nullable=True),
        sa.Column("chance", sa.Integer(), nullable=True),
        sa.Column("shortfall", sa.Float(), nullable=False),
    )  # fmt: skip
    op.create_index("ix_projections_outlook", "assessed_projections",
                    ["period_id", "outlook"])  # fmt: skip
    op.create_table(
        "assessed_outlooks",
        *_keys(),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("grade", sa.String(16), nullable=True),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("assessed_outlooks")
    op.drop_index("ix_projections_outlook", table_name="assessed_projections")
    op.drop_table("assessed_projections")
    with op.batch_alter_table("assessed_periods") as batch:
        batch.drop_column("projected_version")
