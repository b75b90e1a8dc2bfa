"""督查督办: department accounts, the policy measures' monthly progress, follow-up
items (督办) with their steps and attachments, the delivery channels and the delivery
log

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role in ('leader', 'supervisor', 'county', 'admin')"
ROLES = "role in ('leader', 'supervisor', 'county', 'department', 'admin')"
DEPARTMENT_SCOPE = "(role = 'department') = (department_id is not null)"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_users_department", "departments",
                                 ["department_id"], ["id"])  # fmt: skip
        batch.drop_constraint("ck_user_role", type_="check")
        batch.create_check_constraint("ck_user_role", ROLES)
        batch.create_check_constraint("ck_department_scope", DEPARTMENT_SCOPE)
    op.create_table(
        "measure_progress",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("measure_id", sa.Integer(), sa.ForeignKey("measures.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("by_name", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status in ('not_started', 'in_progress', 'done', 'lagging')",
            name="ck_progress_status",
        ),
    )  # fmt: skip
    op.create_index("ix_measure_progress", "measure_progress",
                    ["measure_id", "year", "month", "id"])  # fmt: skip
    op.create_table(
        "supervision_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("expected", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("regions.id"), nullable=True),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("departments.id"),
                  nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=True),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id"),
                  nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("opened_gap", sa.Float(), nullable=True),
        sa.Column("opened_status", sa.String(16), nullable=True),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closure", sa.String(16), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("auto_key", sa.String(120), nullable=True, unique=True),
        sa.CheckConstraint("(region_id is null) <> (department_id is null)",
                           name="ck_item_one_party"),
    )  # fmt: skip
    op.create_index("ix_items_region", "supervision_items", ["region_id", "state"])
    op.create_index("ix_items_department", "supervision_items",
                    ["department_id", "state"])  # fmt: skip
    op.create_table(
        "item_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.Integer(),
                  sa.ForeignKey("supervision_items.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("state_after", sa.String(16), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("by_name", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )  # fmt: skip
    op.create_index("ix_item_steps", "item_steps", ["item_id", "id"])
    op.create_table(
        "item_attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("step_id", sa.Integer(),
                  sa.ForeignKey("item_steps.id", ondelete="CASCADE"), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )  # fmt: skip
    op.create_index("ix_item_attachments", "item_attachments", ["step_id"])
    op.create_table(
        "delivery_channels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("regions.id"), nullable=True),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("departments.id"),
                  nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(512), nullable=False),
        sa.Column("secret", sa.String(256), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.CheckConstraint("audience in ('office', 'region', 'department')",
                           name="ck_channel_audience"),
        sa.CheckConstraint("channel in ('email', 'wecom', 'dingtalk')",
                           name="ck_channel_kind"),
        sa.CheckConstraint(
            "(audience = 'region') = (region_id is not null) and "
            "(audience = 'department') = (department_id is not null)",
            name="ck_channel_scope"),
    )  # fmt: skip
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("channel_id", sa.Integer(), sa.ForeignKey("delivery_channels.id"),
                  nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )  # fmt: skip
    op.create_index("ix_deliveries_period", "deliveries", ["year", "month", "state"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_period", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("delivery_channels")
    op.drop_index("ix_item_attachments", table_name="item_attachments")
    op.drop_table("item_attachments")
    op.drop_index("ix_item_steps", table_name="item_steps")
    op.drop_table("item_steps")
    op.drop_index("ix_items_department", table_name="supervision_items")
    op.drop_index("ix_items_region", table_name="supervision_items")
    op.drop_table("supervision_items")
    op.drop_index("ix_measure_progress", table_name="measure_progress")
    op.drop_table("measure_progress")
    # An earlier schema has no department accounts: they are kept, disabled, as
    # leaders without a department (nothing is left referring to a missing row).
    users = sa.table("users", sa.column("role", sa.String), sa.column("department_id"),
                     sa.column("is_active", sa.Boolean))  # fmt: skip
    op.execute(users.update().where(users.c.role == "department")
               .values(role="leader", department_id=None, is_active=False))  # fmt: skip
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("ck_department_scope", type_="check")
        batch.drop_constraint("ck_user_role", type_="check")
        batch.create_check_constraint("ck_user_role", ROLES_BEFORE)
        batch.drop_constraint("fk_users_department", type_="foreignkey")
        batch.drop_column("department_id")
