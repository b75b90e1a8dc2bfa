"""The office's fields of each month's 通报 (bulletin_issues: 期号, 主送, 工作要求,
落款, 成文日期, 抄送) and the 期号 each publication was issued under
(publication_events.issue_number)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulletin_issues",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("addressees", sa.Text(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", "month"),
    )
    with op.batch_alter_table("publication_events") as batch:
        batch.add_column(sa.Column("issue_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publication_events") as batch:
        batch.drop_column("issue_number")
    op.drop_table("bulletin_issues")
