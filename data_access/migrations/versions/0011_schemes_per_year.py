"""each year assessed by its own scheme (年度考核方案): its weights and scoring
parameters (schemes, scheme_weights) with the record of every change
(scheme_changes); today's databases get one scheme per year with figures or targets,
with today's weights and the parameters in force (the environment's)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PARAMETERS = ("lag_points", "rate_safe_margin", "rate_zero_score_excess",
              "zero_target_penalty", "near_tie_points", "grade_excellent", "grade_good",
              "grade_pass")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "schemes",
        sa.Column("year", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Float(), nullable=False) for name in PARAMETERS],
        sa.Column("seasonal_profile", sa.Boolean(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "scheme_weights",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["year"], ["schemes.year"]),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"]),
        sa.PrimaryKeyConstraint("year", "indicator_id"),
    )
    op.create_table(
        "scheme_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scheme_changes_year", "scheme_changes", ["year"])
    _schemes_of_today()


def _schemes_of_today() -> None:
    """One scheme per year with figures or targets: today's weights, the parameters in
    force now (which judged every stored and published score so far)."""
    from settings import load_settings

    rules = load_settings().rules
    bands = dict((grade, minimum) for minimum, grade in rules.grade_bands)
    conn = op.get_bind()
    years = sorted({y for (y,) in conn.execute(sa.text(
        "SELECT DISTINCT year FROM reports WHERE year > 1900 UNION "
        "SELECT DISTINCT year FROM targets"))})  # fmt: skip
    now = conn.execute(sa.text("SELECT CURRENT_TIMESTAMP")).scalar()
    for year in years:
        conn.execute(sa.text(
            "INSERT INTO schemes (year, lag_points, rate_safe_margin, rate_zero_score_excess,"
            " zero_target_penalty, near_tie_points, grade_excellent, grade_good, grade_pass,"
            " seasonal_profile, documents, updated_by, updated_at) VALUES (:year, :lag, :safe,"
            " :zero_excess, :penalty, :tie, :excellent, :good, :pass_, :seasonal, '',"
            " 'migration', :now)"),
            {"year": year, "lag": rules.lag_points, "safe": rules.rate_safe_margin,
             "zero_excess": rules.rate_zero_score_excess, "penalty": rules.zero_target_penalty,
             "tie": rules.near_tie_points, "excellent": bands.get("excellent", 90.0),
             "good": bands.get("good", 80.0), "pass_": bands.get("pass", 60.0),
             "seasonal": bool(rules.seasonal_profile), "now": now})  # fmt: skip
        conn.execute(sa.text(
            "INSERT INTO scheme_weights (year, indicator_id, weight) "
            "SELECT :year, id, weight FROM indicators"), {"year": year})  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_scheme_changes_year", table_name="scheme_changes")
    op.drop_table("scheme_changes")
    op.drop_table("scheme_weights")
    op.drop_table("schemes")
