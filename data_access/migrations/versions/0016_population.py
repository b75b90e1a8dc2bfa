"""Each region's resident population (the city folder's population.csv), for the
rankings' per-capita view: the figure, its year, and whether it is made up (示例数据)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("regions") as batch:
        batch.add_column(sa.Column("population", sa.Float(), nullable=True))
        batch.add_column(sa.Column("population_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("population_is_demo", sa.Boolean(), nullable=False,
                                   server_default="0"))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("regions") as batch:
        batch.drop_column("population_is_demo")
        batch.drop_column("population_year")
        batch.drop_column("population")
