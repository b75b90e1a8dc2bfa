"""Recomputation runs: the stored assessment recomputed outside the request after a
change that makes many months stale, with its lease and progress; each data change's
stamp

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recompute_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("requested_version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(128), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("months_total", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("months_done", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state in ('pending', 'running', 'done', 'superseded', 'failed')",
            name="ck_recompute_state",
        ),
    )
    op.create_index("ix_recompute_state", "recompute_runs", ["state", "id"])
    # Each data change's stamp beside its version: views of a month are kept by the
    # newest change that reaches it (server.rendered, data_access.assessed).
    with op.batch_alter_table("assessment_invalidations") as batch:
        batch.add_column(sa.Column("stamp", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_invalidations") as batch:
        batch.drop_column("stamp")
    # The stored assessment may hold a run's staged or superseded periods (their
    # rules key has a "~"): they are dropped with the runs.
    for table in ("assessed_results", "assessed_scores", "assessed_projections",
                  "assessed_outlooks"):  # fmt: skip
        op.execute(f"DELETE FROM {table} WHERE period_id IN (SELECT id FROM "  # noqa: S608
                   "assessed_periods WHERE rules_key LIKE '%~%')")  # fmt: skip
    op.execute("DELETE FROM assessed_periods WHERE rules_key LIKE '%~%'")
    op.drop_index("ix_recompute_state", table_name="recompute_runs")
    op.drop_table("recompute_runs")
