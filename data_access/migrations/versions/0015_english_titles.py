"""English titles of the policy documents, their sections and measures (the city
folder's policy_titles_en.csv; the bodies stay Chinese)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("policy_documents") as batch:
        batch.add_column(sa.Column("title_en", sa.Text(), nullable=True))
    with op.batch_alter_table("measures") as batch:
        batch.add_column(sa.Column("section_title_en", sa.String(256), nullable=True))
        batch.add_column(sa.Column("title_en", sa.String(256), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("title_en")
        batch.drop_column("section_title_en")
    with op.batch_alter_table("policy_documents") as batch:
        batch.drop_column("title_en")
