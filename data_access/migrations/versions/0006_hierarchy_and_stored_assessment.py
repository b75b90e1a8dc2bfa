"""region hierarchy (nation/province levels, closure table) and the stored assessment

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LEVELS = "level in ('nation', 'province', 'city', 'county')"


def upgrade() -> None:
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_constraint("ck_level", type_="check")
        batch_op.create_check_constraint("ck_level", LEVELS)
        batch_op.create_index("ix_regions_parent", ["parent_id", "sort_order"])
    op.create_table(
        "region_tree",
        sa.Column("ancestor_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ancestor_id"], ["regions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("ancestor_id", "region_id"),
    )
    op.create_index("ix_region_tree_region", "region_tree", ["region_id", "depth"])
    op.execute(
        "INSERT INTO region_tree (ancestor_id, region_id, depth) "
        "WITH RECURSIVE up(ancestor_id, region_id, depth) AS ("
        " SELECT id, id, 0 FROM regions"
        " UNION ALL SELECT r.parent_id, up.region_id, up.depth + 1"
        " FROM up JOIN regions r ON r.id = up.ancestor_id"
        " WHERE r.parent_id IS NOT NULL)"
        " SELECT ancestor_id, region_id, depth FROM up"
    )
    op.create_table(
        "assessed_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("rules_key", sa.String(length=64), nullable=False),
        sa.Column("computed_version", sa.Integer(), nullable=False),
        sa.Column("has_data", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "mode", "year", "month", "rules_key", name="uq_assessed_key"
        ),
    )
    numbers = ("score_fraction", "actual", "target", "due", "completion", "progress",
               "gap_points", "pace_needed")  # fmt: skip
    op.create_table(
        "assessed_results",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=True) for name in numbers),
        sa.Column("deadline_year", sa.Integer(), nullable=True),
        sa.Column("max_points", sa.Float(), nullable=True),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("seasonal_progress", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"], ["assessed_periods.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"]),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"]),
        sa.PrimaryKeyConstraint("period_id", "region_id", "indicator_id"),
    )
    op.create_table(
        "assessed_scores",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"], ["assessed_periods.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"]),
        sa.PrimaryKeyConstraint("period_id", "region_id"),
    )
    op.create_table(
        "assessment_invalidations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_invalidations_year", "assessment_invalidations",
                    ["from_year", "version"])  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_invalidations_year", table_name="assessment_invalidations")
    op.drop_table("assessment_invalidations")
    op.drop_table("assessed_scores")
    op.drop_table("assessed_results")
    op.drop_table("assessed_periods")
    op.drop_index("ix_region_tree_region", table_name="region_tree")
    op.drop_table("region_tree")
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_index("ix_regions_parent")
        batch_op.drop_constraint("ck_level", type_="check")
        batch_op.create_check_constraint("ck_level", "level in ('city', 'county')")
