"""Each data change says whether it reaches the approved figures' view: a county's
draft, its submission and the office's return change the working and submitted
figures only, and the views of approved figures (every leader's default) are kept
across them; an index on the reports' write times

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_invalidations") as batch:
        batch.add_column(sa.Column("approved_view", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))  # fmt: skip
    # When the newest report was written, read from an index (it was a scan of every
    # report after each write: most of a second nationally).
    op.create_index("ix_reports_updated", "reports", ["updated_at"])
    # The years with targets (the month menu asks after every write) likewise.
    op.create_index("ix_targets_year", "targets", ["year"])


def downgrade() -> None:
    op.drop_index("ix_targets_year", table_name="targets")
    op.drop_index("ix_reports_updated", table_name="reports")
    with op.batch_alter_table("assessment_invalidations") as batch:
        batch.drop_column("approved_view")
