"""more than one policy document (policy_documents; a measure belongs to its
document), targets with their provenance (source, set by, set at, reason; the history
keeps source and reason), and each year's kind and direction of an indicator
(scheme_weights.kind, .direction, from the catalogue)

Existing targets are the office's decomposition, set by whoever last changed them
(their newest history row) or by nobody recorded; every existing measure belongs to
the city's first document once the catalogue loader registers it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# SQLite's reflected unnamed unique constraint on measures.number gets this name.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    op.create_table(
        "policy_documents",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("doc_number", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("issued", sa.String(10), nullable=False),
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("to_year", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("measures", naming_convention=NAMING) as batch:
        batch.drop_constraint(_number_constraint(), type_="unique")
        batch.add_column(sa.Column("document", sa.String(32), nullable=True))
        batch.create_unique_constraint(
            "uq_measure_document_number", ["document", "number"]
        )
    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=False,
                                   server_default="office"))  # fmt: skip
        batch.add_column(sa.Column("set_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("set_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
    with op.batch_alter_table("target_history") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
    with op.batch_alter_table("scheme_weights") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=True))
        batch.add_column(sa.Column("direction", sa.String(8), nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE scheme_weights SET kind = (SELECT kind FROM indicators i WHERE "
        "i.id = scheme_weights.indicator_id), direction = (SELECT direction FROM "
        "indicators i WHERE i.id = scheme_weights.indicator_id)"))  # fmt: skip
    conn.execute(sa.text(
        "UPDATE targets SET set_by = (SELECT changed_by FROM target_history h WHERE"
        " h.region_id = targets.region_id AND h.indicator_id = targets.indicator_id"
        " AND h.year = targets.year ORDER BY h.id DESC LIMIT 1), set_at = (SELECT"
        " changed_at FROM target_history h WHERE h.region_id = targets.region_id AND"
        " h.indicator_id = targets.indicator_id AND h.year = targets.year ORDER BY"
        " h.id DESC LIMIT 1)"))  # fmt: skip


def _number_constraint() -> str:
    """The name of the unique constraint on measures.number: PostgreSQL's own, or on
    SQLite (where 0001 left it unnamed) the name the batch's naming convention gives."""
    for found in sa.inspect(op.get_bind()).get_unique_constraints("measures"):
        if found["column_names"] == ["number"]:
            return found["name"] or "uq_measures_number"
    return "uq_measures_number"


def downgrade() -> None:
    with op.batch_alter_table("scheme_weights") as batch:
        batch.drop_column("direction")
        batch.drop_column("kind")
    with op.batch_alter_table("target_history") as batch:
        batch.drop_column("reason")
        batch.drop_column("source")
    with op.batch_alter_table("targets") as batch:
        for name in ("reason", "set_at", "set_by", "source"):
            batch.drop_column(name)
    op.execute("DELETE FROM measure_departments WHERE measure_id IN (SELECT id FROM "
               "measures WHERE document IN (SELECT code FROM policy_documents "
               "WHERE sort_order > 0))")  # fmt: skip
    op.execute("DELETE FROM indicator_measures WHERE measure_id IN (SELECT id FROM "
               "measures WHERE document IN (SELECT code FROM policy_documents "
               "WHERE sort_order > 0))")  # fmt: skip
    op.execute("DELETE FROM measures WHERE document IN (SELECT code FROM "
               "policy_documents WHERE sort_order > 0)")  # fmt: skip
    with op.batch_alter_table("measures", naming_convention=NAMING) as batch:
        batch.drop_constraint("uq_measure_document_number", type_="unique")
        batch.drop_column("document")
        batch.create_unique_constraint("measures_number_key", ["number"])
    op.drop_table("policy_documents")
