"""SQLAlchemy 2 typed models: the schema's single source (with its Alembic migrations)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from domain.model import Kind, RegionLevel
from domain.workflow import SubmissionState

# The Alembic revision these models describe; /health refuses a database at any other
# (a test keeps it equal to the newest migration).
SCHEMA_REVISION = "0021"


class Base(DeclarativeBase):
    pass


class EnumText(TypeDecorator):
    """A StrEnum stored as its text: rows come back as the enum, and a value outside
    it is refused before it reaches the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int):
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value, _dialect):
        return None if value is None else self.enum(value).value

    def process_result_value(self, value, _dialect):
        return None if value is None else self.enum(value)


class Region(Base):
    """A unit of the hierarchy nation → province → city → county (旗县区); a view ranks
    the units under one parent."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    level: Mapped[RegionLevel] = mapped_column(EnumText(RegionLevel, 16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Other names files use for it ("临河", "杭后"), separated by ";".
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Its resident population (population.csv), the year of the figure and whether
    # the figure is made up (示例数据): the rankings' per-capita view.
    population: Mapped[float | None] = mapped_column(Float, nullable=True)
    population_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    population_is_demo: Mapped[bool] = mapped_column(default=False, server_default="0")

    __table_args__ = (
        CheckConstraint(
            "level in ('nation', 'province', 'city', 'county')", name="ck_level"
        ),
        Index("ix_regions_parent", "parent_id", "sort_order"),
    )


class RegionTree(Base):
    """The hierarchy's closure: every (ancestor, region) pair with the steps between
    them, itself included at depth 0. Sums to any level and "every county of this
    province" are one indexed join."""

    __tablename__ = "region_tree"

    ancestor_id: Mapped[int] = mapped_column(
        ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(
        ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True
    )
    depth: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_region_tree_region", "region_id", "depth"),)


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64), unique=True)
    name_en: Mapped[str] = mapped_column(String(128))


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128))
    unit_zh: Mapped[str] = mapped_column(String(16))
    unit_en: Mapped[str] = mapped_column(String(32))
    kind: Mapped[Kind] = mapped_column(EnumText(Kind, 16))
    direction: Mapped[str] = mapped_column(String(8))
    weight: Mapped[float] = mapped_column(Float)
    city_aggregation: Mapped[str] = mapped_column(String(16))
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    decimals: Mapped[int] = mapped_column(Integer, default=0)
    article: Mapped[str] = mapped_column(String(64))
    lead_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # The wordings of statistics bulletins and counties' sheets ("城镇新增就业"), ";".
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The history check's threshold (robust score) for this indicator; None: default.
    check_score: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        CheckConstraint(
            f"kind in ({', '.join(repr(k.value) for k in Kind)})",
            name="ck_indicator_kind",
        ),
        CheckConstraint("direction in ('higher', 'lower')", name="ck_direction"),
        CheckConstraint(
            "city_aggregation in ('sum', 'reported')", name="ck_city_aggregation"
        ),
        CheckConstraint("weight >= 0", name="ck_weight"),
    )


class Target(Base):
    """Annual target (flow), cap (rate) or level due by the end of ``year`` (stock)."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    # Its provenance: where it comes from (domain.model.TargetSource), who set it when,
    # and why it was last changed.
    source: Mapped[str] = mapped_column(
        String(16), default="office", server_default="office"
    )
    set_by: Mapped[str | None] = mapped_column(String(64))
    set_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("region_id", "indicator_id", "year", name="uq_target_key"),
        Index("ix_targets_year", "year"),  # the years with targets, without a scan
    )


class Report(Base):
    """A monthly figure: year-to-date for flows, end-of-month for stocks and rates."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    # The value as last approved by the supervisory office; dashboards count this one.
    approved_value: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )

    __table_args__ = (
        UniqueConstraint(
            "region_id", "indicator_id", "year", "month", name="uq_report_key"
        ),
        CheckConstraint("month between 1 and 12", name="ck_month"),
        # A month's figures read from the index alone (migration 0021): reading a
        # whole month visited one table page per report.
        Index(
            "ix_reports_month_values",
            "year",
            "month",
            "indicator_id",
            "region_id",
            "value",
            "approved_value",
        ),
        # The newest write (data_as_of, asked after every write) read from the index,
        # not a scan of every report.
        Index("ix_reports_updated", "updated_at"),
    )


class PolicyDocument(Base):
    """A policy document of the city (文件): its number (文号), title, date and the
    years it governs; its numbered measures are ``measures``."""

    __tablename__ = "policy_documents"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)  # policy_titles_en.csv
    issued: Mapped[str] = mapped_column(String(10))
    from_year: Mapped[int] = mapped_column(Integer)
    to_year: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)


class Measure(Base):
    """One of a policy document's numbered measures (（一）…（二十七）)."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str | None] = mapped_column(String(32))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(16))
    section: Mapped[int] = mapped_column(Integer)
    section_title: Mapped[str] = mapped_column(String(128))
    section_title_en: Mapped[str | None] = mapped_column(String(256))
    title: Mapped[str] = mapped_column(String(128))
    title_en: Mapped[str | None] = mapped_column(String(256))
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("document", "number", name="uq_measure_document_number"),
    )


class MeasureDepartment(Base):
    __tablename__ = "measure_departments"

    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("role in ('lead', 'co')", name="ck_role"),)


class IndicatorMeasure(Base):
    """Which policy measures drive an indicator."""

    __tablename__ = "indicator_measures"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id"), primary_key=True
    )
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), primary_key=True)


class DatasetInfo(Base):
    """Key/value facts about the loaded dataset (city name, demo flag)."""

    __tablename__ = "dataset_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class User(Base):
    """An account: leader, supervisor (督查室), county official or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    # A department's account (督查督办): writes its own measures' progress and items.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", name="fk_users_department")
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    # Set when an admin creates the account or resets its password: the user must
    # choose their own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(
        default=False, server_default="0"
    )

    __table_args__ = (
        CheckConstraint(
            "role in ('leader', 'supervisor', 'county', 'department', 'admin')",
            name="ck_user_role",
        ),
        CheckConstraint(
            "(role = 'department') = (department_id is not null)",
            name="ck_department_scope",
        ),
        CheckConstraint(
            "(role = 'county') = (region_id is not null)", name="ck_county_scope"
        ),
    )


class AccountEvent(Base):
    """Who did what to which account (created, reset, disabled, …): the audit trail."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(256), default="")

    __table_args__ = (Index("ix_account_events_at", "at"),)


class LoginAttempt(Base):
    """Failed logins, shared by every worker, for rate limiting."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_login_attempts_user_at", "username", "at"),
        Index("ix_login_attempts_ip_at", "ip", "at"),
    )


class UserSession(Base):
    """A signed-in browser. The cookie holds a random token; this row (its SHA-256) is
    what makes the cookie valid, so logout, a password change or disabling the
    account end sessions at once, on every worker."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_user_sessions_user", "user_id"),)


class Submission(Base):
    """A county's reports for one month: 草稿 → 已提交 → 已审核 (or 退回 with a reason)."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[SubmissionState] = mapped_column(EnumText(SubmissionState, 16))
    reason: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("region_id", "year", "month", name="uq_submission_key"),
        CheckConstraint(
            "status in ('draft', 'submitted', 'approved', 'returned')",
            name="ck_submission_status",
        ),
    )


class ReportHistory(Base):
    """Every change of a report value: who, when, old, new, from which file."""

    __tablename__ = "report_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float | None] = mapped_column(Float)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)  # a correction's (更正) reason

    __table_args__ = (
        Index("ix_report_history_key", "region_id", "indicator_id", "year", "month"),
    )


class UploadLog(Base):
    """One row per committed upload (or no-op re-upload)."""

    __tablename__ = "upload_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(256))
    file_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)


class TargetHistory(Base):
    __tablename__ = "target_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float | None] = mapped_column(Float)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)


class WeightHistory(Base):
    __tablename__ = "weight_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    old_value: Mapped[float] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class PublishedPeriod(Base):
    """A month whose ranking has been announced; its scores are frozen."""

    __tablename__ = "published_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by_name: Mapped[str | None] = mapped_column(String(128))  # 市政府督查室
    reason: Mapped[str | None] = mapped_column(Text)  # why, with counties missing

    __table_args__ = (UniqueConstraint("year", "month", name="uq_published_period"),)


class PublicationEvent(Base):
    """A month published or withdrawn (撤回发布), by whom, when and why: kept when a
    withdrawn month's publication is removed, so the record says what happened."""

    __tablename__ = "publication_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # publish, withdraw
    by: Mapped[str] = mapped_column(String(64))
    by_name: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    issue_number: Mapped[int | None] = mapped_column(Integer)  # 期号 of the issued 通报

    __table_args__ = (Index("ix_publication_events_period", "year", "month"),)


class BulletinIssue(Base):
    """The office's fields of a month's 通报 (期号, 主送, 工作要求, 落款, date, 抄送),
    saved before it is issued; publishing issues the bulletin with them."""

    __tablename__ = "bulletin_issues"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    addressees: Mapped[str] = mapped_column(Text)
    requirements: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    cc: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class IssuedBulletin(Base):
    """The bulletin file (PDF or DOCX) as issued at a publication: the same bytes on
    every later download, with their SHA-256."""

    __tablename__ = "issued_bulletins"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("publication_events.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    fmt: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_issued_bulletins_period", "year", "month", "fmt"),)


class PublishedScore(Base):
    """A county's frozen total, grade and rank in a published period."""

    __tablename__ = "published_scores"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("published_periods.id"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(16))
    rank: Mapped[int | None] = mapped_column(Integer)
    change: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text)  # JSON: indicator → points


class AssessedPeriod(Base):
    """A period assessed and stored for one data mode and set of rules: valid while no
    data change of its year or earlier has come after ``computed_version``."""

    __tablename__ = "assessed_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    rules_key: Mapped[str] = mapped_column(String(64))
    computed_version: Mapped[int] = mapped_column(Integer)
    has_data: Mapped[bool] = mapped_column()
    # The data version its year-end outlook (assessed_projections, assessed_outlooks)
    # was stored at; None: not stored yet.
    projected_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        UniqueConstraint("mode", "year", "month", "rules_key", name="uq_assessed_key"),
    )


class AssessedResult(Base):
    """One region × indicator of a stored period: the domain's result and points."""

    __tablename__ = "assessed_results"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("assessed_periods.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16))
    score_fraction: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    due: Mapped[float | None] = mapped_column(Float)
    completion: Mapped[float | None] = mapped_column(Float)
    progress: Mapped[float | None] = mapped_column(Float)
    gap_points: Mapped[float | None] = mapped_column(Float)
    pace_needed: Mapped[float | None] = mapped_column(Float)
    deadline_year: Mapped[int | None] = mapped_column(Integer)
    max_points: Mapped[float | None] = mapped_column(Float)
    points: Mapped[float | None] = mapped_column(Float)
    pending: Mapped[bool] = mapped_column(default=False)
    seasonal_progress: Mapped[float | None] = mapped_column(Float)


class AssessedScore(Base):
    """A region's total and grade in a stored period (ranks depend on the scope and
    are drawn at read time from these totals)."""

    __tablename__ = "assessed_scores"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("assessed_periods.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(16))


class AssessedProjection(Base):
    """One region × indicator of a stored period projected to December (预警): the
    figure, its 80 % range, what December must reach, the chance and its word (every
    region × indicator judged, projected or not: what December must reach is shown
    either way)."""

    __tablename__ = "assessed_projections"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("assessed_periods.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id"), primary_key=True
    )
    # None where the region has no figure of the indicator this month (not projected).
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    basis: Mapped[str | None] = mapped_column(String(16))
    years: Mapped[int | None] = mapped_column(Integer)
    probability: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    outlook: Mapped[str | None] = mapped_column(String(16))
    # The order of the 预警清单: the chance in whole percent (as shown), then the
    # shortfall as a share of the target (negative: the largest first).
    chance: Mapped[int | None] = mapped_column(Integer)
    shortfall: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_projections_outlook", "period_id", "outlook"),)


class AssessedOutlook(Base):
    """A region's projected December total, grade and range in a stored period (its
    projected rank depends on the scope and is drawn at read time)."""

    __tablename__ = "assessed_outlooks"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("assessed_periods.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(16))
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)


class AssessmentInvalidation(Base):
    """A data change at ``version`` that makes stored periods stale: the period
    (``from_year``, ``month``) and every period of a later year (they read its year's
    figures through the seasonal pace and stock baselines), or with ``month`` None
    every period of ``from_year`` and later (0: every period, e.g. weights).

    ``region`` (a code) says the change was to that region's own figures: with a
    ``month`` (its reports), in that period only it and its ancestors need assessing
    again (later years, all of it); without (its targets), in every period it makes
    stale. None: the whole period."""

    __tablename__ = "assessment_invalidations"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    from_year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    # The write's data stamp (random, never repeated): a version can come back (an
    # older copy put in place, then one write), its stamp cannot.
    stamp: Mapped[str | None] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(12))
    # False: the change reached the working and submitted figures only (a draft, a
    # submission, a return of months without approved figures): what is drawn from
    # approved figures alone stands.
    approved_view: Mapped[bool] = mapped_column(Boolean, default=True,
                                                server_default=true())  # fmt: skip

    __table_args__ = (Index("ix_invalidations_year", "from_year", "version"),)


class SubmissionEvent(Base):
    """One step of a county's month: submit, withdraw (撤回提交), approve, return,
    remind (催报), correct (更正) — who, when and why."""

    __tablename__ = "submission_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_submission_events_month", "region_id", "year", "month"),
    )


class Notice(Base):
    """What a county is told (a return with its reason, a reminder with the due date,
    an approval) and sees until it has acted: a record a sender (WeCom, e-mail) can
    pick up too. Only that county and the office see it."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # return, reminder, approval
    by: Mapped[str] = mapped_column(String(64))
    by_name: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_notices_open", "region_id", "done_at"),)


class ReturnItem(Base):
    """One indicator's reason in a return (退回) of a county's month: the office may
    return a month for the whole of it, indicator by indicator, or both."""

    __tablename__ = "return_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("submission_events.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    reason: Mapped[str] = mapped_column(Text)
    # "return", or "approve": the office's review records each indicator either way.
    action: Mapped[str] = mapped_column(
        String(8), default="return", server_default="return"
    )

    __table_args__ = (Index("ix_return_items_event", "event_id"),)


class SavedAlias(Base):
    """A wording the office saved as another name of a county or an indicator (a
    suggestion accepted for everyone): read with the city's own aliases, kept apart
    from them so that reloading the city's files never drops it."""

    __tablename__ = "saved_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(16))  # region, indicator
    wording: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("field", "wording", name="uq_saved_alias"),
        CheckConstraint(
            "field in ('region', 'indicator')", name="ck_saved_alias_field"
        ),
    )


class Explanation(Base):
    """A county's 情况说明 on one figure (indicator and month): why, and the measures
    taken. Append-only: the newest of a figure is its current one, the rest its
    history."""

    __tablename__ = "explanations"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)  # the figure it was written on
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_explanations_month", "year", "month", "region_id"),)


class Scheme(Base):
    """A year's assessment scheme (年度考核方案): its scoring parameters and the
    documents it rests on; its indicators' weights are ``scheme_weights``. Every
    period is judged by its own year's scheme."""

    __tablename__ = "schemes"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    lag_points: Mapped[float] = mapped_column(Float)
    rate_safe_margin: Mapped[float] = mapped_column(Float)
    rate_zero_score_excess: Mapped[float] = mapped_column(Float)
    zero_target_penalty: Mapped[float] = mapped_column(Float)
    near_tie_points: Mapped[float] = mapped_column(Float)
    grade_excellent: Mapped[float] = mapped_column(Float)
    grade_good: Mapped[float] = mapped_column(Float)
    grade_pass: Mapped[float] = mapped_column(Float)
    seasonal_profile: Mapped[bool] = mapped_column()
    documents: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SchemeWeight(Base):
    """An indicator that counts in a year's scheme, with its weight (分值)."""

    __tablename__ = "scheme_weights"

    year: Mapped[int] = mapped_column(ForeignKey("schemes.year"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id"), primary_key=True
    )
    weight: Mapped[float] = mapped_column(Float)
    # The year's kind and direction of the indicator (None: the catalogue's).
    kind: Mapped[str | None] = mapped_column(String(16))
    direction: Mapped[str | None] = mapped_column(String(8))


class SchemeChange(Base):
    """One change of a year's scheme: a weight, a parameter, an indicator added or
    dropped, the scheme started from another year's — who, when, old, new, why."""

    __tablename__ = "scheme_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_scheme_changes_year", "year"),)


class MeasureProgress(Base):
    """A policy measure's status in a month as its lead department reported it, with
    a short note; every entry is kept (the month's status is its latest)."""

    __tablename__ = "measure_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    by_name: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint(
            "status in ('not_started', 'in_progress', 'done', 'lagging')",
            name="ck_progress_status",
        ),
        Index("ix_measure_progress", "measure_id", "year", "month", "id"),
    )


class SupervisionItem(Base):
    """A 督办 item: a matter the office follows up with one county or department,
    opened by hand or by the opening rule (``trigger``: alert, lagging)."""

    __tablename__ = "supervision_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    expected: Mapped[str] = mapped_column(Text)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    due: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    trigger: Mapped[str | None] = mapped_column(String(16))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    opened_gap: Mapped[float | None] = mapped_column(Float)
    opened_status: Mapped[str | None] = mapped_column(String(16))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closure: Mapped[str | None] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # region:indicator:year:month:trigger of an automatic item: opened once.
    auto_key: Mapped[str | None] = mapped_column(String(120), unique=True)

    __table_args__ = (
        CheckConstraint(
            "(region_id is null) <> (department_id is null)", name="ck_item_one_party"
        ),
        Index("ix_items_region", "region_id", "state"),
        Index("ix_items_department", "department_id", "state"),
    )


class ItemStep(Base):
    """One step of a 督办 item (交办, 签收, 反馈, 催办, …): who, when, the note."""

    __tablename__ = "item_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_items.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(String(16))
    state_after: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(64))
    by_name: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_item_steps", "item_id", "id"),)


class ItemAttachment(Base):
    """A file attached to a step (limited in size and type)."""

    __tablename__ = "item_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("item_steps.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_item_attachments", "step_id"),)


class DeliveryChannel(Base):
    """Where the monthly messages of the office, a county or a department go: an
    e-mail address, or a WeCom or DingTalk group robot's webhook (with DingTalk's
    signing secret)."""

    __tablename__ = "delivery_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    audience: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(512))
    secret: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True, server_default="1")

    __table_args__ = (
        CheckConstraint(
            "audience in ('office', 'region', 'department')", name="ck_channel_audience"
        ),
        CheckConstraint(
            "channel in ('email', 'wecom', 'dingtalk')", name="ck_channel_kind"
        ),
        CheckConstraint(
            "(audience = 'region') = (region_id is not null) and "
            "(audience = 'department') = (department_id is not null)",
            name="ck_channel_scope",
        ),
    )


class Delivery(Base):
    """One message for one channel: its key makes a re-run send nothing twice; a
    failed one is tried again up to a limit and shown to the office."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("delivery_channels.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_deliveries_period", "year", "month", "state"),)


class RecomputeRun(Base):
    """A recomputation of the stored assessment after a change that makes many stored
    months stale (a scheme's weights or rules, a bulk load, a restore). One app
    process runs it at a time: the one holding its lease (``owner`` until
    ``lease_until``, renewed after every month); readers meanwhile read the last
    complete results. A newer request supersedes a running one."""

    __tablename__ = "recompute_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    requested_version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    months_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    months_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "state in ('pending', 'running', 'done', 'superseded', 'failed')",
            name="ck_recompute_state",
        ),
        Index("ix_recompute_state", "state", "id"),
    )
