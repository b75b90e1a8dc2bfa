"""A month's figures read from one index: the reports' (year, month, indicator,
region) index carries the figures themselves (value, approved value), so reading a
whole month (a save's peer comparison, a write's refresh of the county's ancestors)
no longer visits one table page per report (nationally 28,000 scattered pages: 0.15–
0.4 s in PostgreSQL, 45 ms from the index). It replaces the (year, month, indicator)
index, of which it is an extension.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 21:00:00
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

COLUMNS = ["year", "month", "indicator_id", "region_id", "value", "approved_value"]


def upgrade() -> None:
    op.create_index("ix_reports_month_values", "reports", COLUMNS)
    op.drop_index("ix_reports_period", table_name="reports")


def downgrade() -> None:
    op.create_index("ix_reports_period", "reports", ["year", "month", "indicator_id"])
    op.drop_index("ix_reports_month_values", table_name="reports")
