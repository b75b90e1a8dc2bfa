"""Read functions: plain arguments in, DataFrames or dataclasses out; SQL aggregates.

Every function opens its own short ``engine.connect()``; no ORM object, session or SQL
string leaves this module.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    exc,
    false,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import aliased

from data_access.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    WRITE_LOCK,
    dialect_insert,
    get_write_engine,
    read_once,
)
from data_access.models import (
    SCHEMA_REVISION,
    BulletinIssue,
    DatasetInfo,
    Department,
    Indicator,
    IndicatorMeasure,
    IssuedBulletin,
    Measure,
    MeasureDepartment,
    Notice,
    PolicyDocument,
    PublicationEvent,
    PublishedPeriod,
    PublishedScore,
    Region,
    RegionTree,
    Report,
    ReportHistory,
    ReturnItem,
    Submission,
    SubmissionEvent,
    Target,
    TargetHistory,
    User,
    WeightHistory,
)
from domain.kinds import kinds_where
from domain.model import CITY, COUNTY
from i18n import WHOLE_PREFIX
from settings import current_settings

PROFILE_YEARS = 3
VERSION_QUERY = text("SELECT version_num FROM alembic_version")


def _frame(stmt: Select, params: dict | None = None) -> pd.DataFrame:
    """``stmt``'s rows (``params``: the values of a statement built once with bound
    parameters)."""
    with read_once() as conn:
        # read_sql would first ask whether the statement names a table (a round of
        # reflection per read, 4% of a busy worker's time)
        return pd.read_sql_query(stmt, conn, params=params)


HEALTH_PROBE = "health_probe"  # the dataset_info row /health writes
MIN_FREE_BYTES = 16 * 1024 * 1024  # a disk with less free space is called full
PROBE_LOCK_MS = 1_000  # a write lock held longer than this answers "busy"


def _sqlite_file_problem(url: str) -> str | None:
    """Whether an SQLite database file could take a write that persists: the file,
    its journal and its folder writable (an immutable file is not, even for root)
    and the disk not full. A write that only reaches the WAL can succeed on a full
    disk or an immutable file, and fail at the next checkpoint."""
    path = Path(url.split("///", 1)[-1])
    if not path.name or path.name == ":memory:":
        return None
    for part in (path, path.with_name(path.name + "-wal"), path.parent):
        if part.exists() and not os.access(part, os.W_OK):
            return "read-only"
    if shutil.disk_usage(path.parent).free < MIN_FREE_BYTES:
        return "disk-full"
    return None


def database_problem() -> str | None:
    """None when the database answers, is this app's (its schema at
    ``SCHEMA_REVISION``) and a write to it persists; else a word for ops saying
    what is wrong: ``unreachable``, ``schema``, ``read-only``, ``disk-full``, or
    ``busy`` (another writer holds the write lock past a second).

    The probe commits a small write (the time, into ``dataset_info``; it changes no
    data version), so a disk that cannot take it, a read-only file or a replica in
    recovery is found, not hidden by a rollback.
    """
    url = current_settings().database_url
    try:
        with get_write_engine().connect() as conn:
            if conn.dialect.name != "sqlite":
                return _probe(conn, url)
            # The driver's own connection (no SQLAlchemy transaction yet): wait a
            # second for the lock here, the usual time for everything else.
            driver = conn.connection.dbapi_connection
            driver.execute(f"PRAGMA busy_timeout={PROBE_LOCK_MS}")
            try:
                return _probe(conn, url)
            finally:
                driver.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    except exc.DatabaseError as error:
        return _write_failure(error)
    except (exc.InterfaceError, exc.DisconnectionError):
        return "unreachable"


def _probe(conn, url: str) -> str | None:
    with conn.begin():
        try:
            version = conn.execute(VERSION_QUERY).scalar()
        except exc.DatabaseError:
            return "schema"
        if version != SCHEMA_REVISION:
            return "schema"
        if conn.dialect.name == "postgresql":
            if conn.execute(text("SELECT pg_is_in_recovery()")).scalar():
                return "read-only"
            conn.execute(text(f"SET LOCAL lock_timeout = {PROBE_LOCK_MS}"))
            # Every write of the app takes this lock (one writer at a time): held
            # by another transaction now, writes are waiting their turn.
            taken = conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                 {"key": WRITE_LOCK}).scalar()  # fmt: skip
            if not taken:
                return "busy"
        elif (found := _sqlite_file_problem(url)) is not None:
            return found
        _touch_probe(conn)
    return None


def _touch_probe(conn) -> None:
    now = datetime.now().isoformat(timespec="seconds")
    stmt = dialect_insert(conn)(DatasetInfo).values(key=HEALTH_PROBE, value=now)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"],
                                            set_={"value": now}))  # fmt: skip


def _write_failure(error: exc.DatabaseError) -> str:
    if refuses_writes(error):
        return "read-only"
    code = getattr(error.orig, "sqlite_errorcode", None)
    state = getattr(error.orig, "sqlstate", None)
    if (code is not None and code & 0xFF in (5, 6)) or state in ("55P03", "40P01"):
        return "busy"  # SQLITE_BUSY, SQLITE_LOCKED; lock_not_available
    if (code is not None and code & 0xFF == 13) or state == "53100":
        return "disk-full"  # SQLITE_FULL; disk_full
    return "unreachable"


def refuses_writes(error: exc.DatabaseError) -> bool:
    """SQLite's SQLITE_READONLY, or PostgreSQL's read-only transaction (25006)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == 8
    return getattr(error.orig, "sqlstate", None) == "25006"


def dataset_info() -> dict[str, str]:
    with read_once() as conn:
        return dict(conn.execute(select(DatasetInfo.key, DatasetInfo.value)).all())


def data_stamp() -> str:
    """What cached views are keyed by: a random stamp that every data-changing write,
    every seed and every restore writes anew, with the data version. The version
    alone can come back (a copy of an older database put in place, then one write),
    the stamp never does."""
    with read_once() as conn:
        found = dict(
            conn.execute(
                select(DatasetInfo.key, DatasetInfo.value).where(
                    DatasetInfo.key.in_([DATA_STAMP, DATA_VERSION])
                )
            ).all()
        )
    return stamp_text(found.get(DATA_STAMP), found.get(DATA_VERSION))


def stamp_text(stamp: str | None, version) -> str:
    """The data stamp as :func:`data_stamp` gives it, from its two stored values."""
    return f"{'-' if stamp is None else stamp}.{0 if version is None else version}"


def data_version() -> int:
    """A number that every data-changing write increases (reports, submissions,
    targets, weights, publications): cached views are keyed by it."""
    with read_once() as conn:
        found = conn.execute(
            select(DatasetInfo.value).where(DatasetInfo.key == DATA_VERSION)
        ).scalar()
    return int(found or 0)


def regions(level: str | None = None) -> pd.DataFrame:
    """Regions in display order: code, name_zh, name_en, level."""
    stmt = select(Region.code, Region.name_zh, Region.name_en, Region.level).order_by(
        Region.sort_order, Region.code
    )
    if level:
        stmt = stmt.where(Region.level == level)
    return _frame(stmt)


def populations(codes: list[str]) -> pd.DataFrame:
    """The resident population of the regions ``codes`` that have one: code,
    population, population_year, population_is_demo."""
    return _frame(select(Region.code, Region.population, Region.population_year,
                         Region.population_is_demo)
                  .where(Region.code.in_(codes), Region.population.is_not(None)))  # fmt: skip


HOME_REGION = "home_region"


def home_region() -> str | None:
    """The parent whose units a view shows when the URL names none: the dataset's
    ``home_region`` (the top of its hierarchy), else (a database loaded before it was
    recorded) its only city, else the top of the hierarchy."""
    with read_once() as conn:
        named = conn.execute(
            select(DatasetInfo.value).where(DatasetInfo.key == HOME_REGION)
        ).scalar()
        if named:
            return named
        cities = conn.execute(
            select(Region.code).where(Region.level == CITY).limit(2)
        ).all()
        if len(cities) == 1:
            return cities[0].code
        return conn.execute(
            select(Region.code).where(Region.parent_id.is_(None))
            .order_by(Region.sort_order, Region.code).limit(1)
        ).scalar()  # fmt: skip


def region_path(code: str) -> pd.DataFrame:
    """The region and its ancestors, top first: code, name_zh, name_en, level."""
    return _frame(_REGION_PATH, {"code": code})


def _region_path_statement() -> Select:
    """region_path's statement, the code bound (built once: every answer asks)."""
    top = aliased(Region)
    return (
        select(top.code, top.name_zh, top.name_en, top.level)
        .join(RegionTree, RegionTree.ancestor_id == top.id)
        .join(Region, Region.id == RegionTree.region_id)
        .where(Region.code == bindparam("code"))
        .order_by(RegionTree.depth.desc())
    )


_REGION_PATH = _region_path_statement()


def find_regions(text_: str, limit: int = 30) -> pd.DataFrame:
    """Regions whose Chinese or English name, code or other names contain ``text_``
    (case-insensitive), in display order: code, name_zh, name_en, level."""
    pattern = "%" + text_.replace("\\", "").replace("%", "").replace("_", "") + "%"
    return _frame(
        select(Region.code, Region.name_zh, Region.name_en, Region.level)
        .where(or_(Region.name_zh.ilike(pattern), Region.name_en.ilike(pattern),
                   Region.code.like(pattern), Region.aliases.ilike(pattern)))
        .order_by(Region.sort_order, Region.code)
        .limit(limit)
    )  # fmt: skip


def indicators() -> pd.DataFrame:
    """The indicator catalogue in display order, with its lead department's names."""
    stmt = (
        select(
            Indicator.code,
            Indicator.name_zh,
            Indicator.name_en,
            Indicator.unit_zh,
            Indicator.unit_en,
            Indicator.kind,
            Indicator.direction,
            Indicator.weight,
            Indicator.city_aggregation,
            Indicator.baseline_year,
            Indicator.decimals,
            Indicator.article,
            Department.name_zh.label("lead_zh"),
            Department.name_en.label("lead_en"),
        )
        .outerjoin(Department, Department.id == Indicator.lead_department_id)
        .order_by(Indicator.sort_order, Indicator.code)
    )
    return _frame(stmt)


# One month's probe (its year and month are integers the code counts, not input).
_PERIOD_PROBE = (
    "SELECT {{year}} AS year, {{month}} AS month WHERE EXISTS (SELECT 1 FROM {reports} "
    "WHERE year = {{year}} AND month = {{month}}) AND EXISTS (SELECT 1 FROM {targets} "
    "WHERE year = {{year}})"
)


def periods() -> pd.DataFrame:
    """(year, month) pairs that have reports in a year with targets, newest first.

    Each month of the years with targets is probed in the reports' period index (a
    grouping of every report scanned 3.4 million rows nationally, after every
    write)."""
    with read_once() as conn:
        low, high = conn.execute(select(
            select(func.min(Report.year)).scalar_subquery(),
            select(func.max(Report.year)).scalar_subquery())).one()  # fmt: skip
        if low is None:
            return pd.DataFrame({"year": pd.Series(dtype=int),
                                 "month": pd.Series(dtype=int)})  # fmt: skip
        # Written out, not built: ~120 probes built as one SQLAlchemy statement cost
        # 40 ms of Python (after every write, in every worker) for 2 ms of database.
        probe = _PERIOD_PROBE.format(reports=Report.__tablename__,
                                     targets=Target.__tablename__)  # fmt: skip
        probes = " UNION ALL ".join(
            probe.format(year=year, month=month)
            for year in range(int(high), int(low) - 1, -1) for month in range(12, 0, -1)
        )  # fmt: skip
        found = conn.execute(text(probes)).all()
    return pd.DataFrame([tuple(row) for row in found], columns=["year", "month"],
                        dtype=int)  # fmt: skip


def month_counts() -> tuple[pd.DataFrame, int, set[tuple[int, int]]]:
    """What a month's state is judged on: per (year, month) how many counties have
    approved figures (year, month, approved); how many counties there are; and
    which months are published."""
    county = Region.level == COUNTY
    approved = (
        select(Submission.year, Submission.month,
               func.count(Submission.id).label("approved"))
        .join(Region, Region.id == Submission.region_id)
        .where(county, Submission.status == "approved")
        .group_by(Submission.year, Submission.month)
    )  # fmt: skip
    with read_once() as conn:
        counts = pd.read_sql_query(approved, conn)
        units = conn.execute(select(func.count(Region.id)).where(county)).scalar()
        published = {
            (int(y), int(m))
            for y, m in conn.execute(
                select(PublishedPeriod.year, PublishedPeriod.month)
            )
        }
    return counts, int(units or 0), published


def latest_period() -> tuple[int, int] | None:
    found = periods()
    if found.empty:
        return None
    return int(found.year.iloc[0]), int(found.month.iloc[0])


def data_as_of() -> datetime | None:
    """When the newest report was written."""
    with read_once() as conn:
        return conn.execute(select(func.max(Report.updated_at))).scalar()


@dataclass(frozen=True)
class PeriodFacts:
    """Raw facts of one (year, month) for every region, city included.

    actuals: region, indicator, value (the city's summed in SQL where it aggregates
        by sum; ``reporting`` counts the counties that reported).
    targets: region, indicator, value for the year (flows and rates).
    stock_targets: region, indicator, year, value, all years (stock indicators).
    baselines: region, indicator, value at December of the indicator's baseline year.
    """

    actuals: pd.DataFrame
    targets: pd.DataFrame
    stock_targets: pd.DataFrame
    baselines: pd.DataFrame


DATA_VERSION = "data_version"
DATA_STAMP = "data_stamp"


def write_new_stamp(conn) -> str:
    """In a write transaction: a new random data stamp (every data change, and a
    recomputation's swap, retire what was cached under the old one); returns it."""
    import secrets

    stamp = secrets.token_hex(8)  # never comes back, unlike the version
    conn.execute(dialect_insert(conn)(DatasetInfo).values(key=DATA_STAMP, value=stamp)
                 .on_conflict_do_update(index_elements=["key"], set_={"value": stamp}))  # fmt: skip
    return stamp


APPROVED = "approved"
SUBMITTED = "submitted"
DATA_MODES = (APPROVED, SUBMITTED)
# The county's own working figures, drafts included: what its month would be judged
# on if it were submitted now (the 情况说明 a 滞后 figure needs). Never stored, never
# shown on a dashboard.
WORKING = "working"


def _shown_value(mode: str):
    """The value the dashboards count: approved only, or submitted ones too.

    In ``submitted`` mode a month the county has submitted (but the office has not yet
    approved) shows its working values; drafts never show.
    """
    if mode == WORKING:
        return Report.value
    if mode == SUBMITTED:
        return case(
            (Submission.status.in_(("submitted", "approved")), Report.value),
            else_=Report.approved_value,
        )
    return Report.approved_value


def _pending():
    """1 where the shown (submitted) value is not yet approved."""
    return case(
        (
            and_(
                Submission.status == "submitted",
                or_(
                    Report.approved_value.is_(None),
                    Report.approved_value != Report.value,
                ),
            ),
            1,
        ),
        else_=0,
    )


def _with_submission(stmt: Select) -> Select:
    return stmt.outerjoin(
        Submission,
        and_(
            Submission.region_id == Report.region_id,
            Submission.year == Report.year,
            Submission.month == Report.month,
        ),
    )


def has_figures(year: int, month: int, mode: str = APPROVED) -> bool:
    """Whether any region has a figure of (year, month) in ``mode``: what judging the
    whole month tells of it (its "has figures"), in one indexed look."""
    shown = _shown_value(mode)
    stmt = _with_submission(select(Report.id)).where(
        Report.year == year, Report.month == month, shown.is_not(None)
    )
    with read_once() as conn:
        return conn.execute(stmt.limit(1)).first() is not None


def _values_by_region(
    year_filter, extra=None, mode: str = APPROVED, codes: list[str] | None = None
) -> Select:
    """Every region's own reported values, plus, for every region above the counties,
    the sum of its counties' values of 'sum' indicators (through the closure table);
    of the regions ``codes`` only, where given."""
    county = aliased(Region)
    above = aliased(Region)
    shown = _shown_value(mode)
    pending = _pending() if mode == SUBMITTED else literal(0)
    own = _with_submission(
        select(
            Region.code.label("region"),
            Indicator.code.label("indicator"),
            Report.year,
            Report.month,
            shown.label("value"),
            literal(1).label("reporting"),
            pending.label("pending"),
        )
        .join(Region, Region.id == Report.region_id)
        .join(Indicator, Indicator.id == Report.indicator_id)
    ).where(year_filter, shown.is_not(None), *(extra or ()))
    if codes is not None:
        own = own.where(Region.code.in_(codes))
    summed = (
        _with_submission(
            select(
                above.code.label("region"),
                Indicator.code.label("indicator"),
                Report.year,
                Report.month,
                func.sum(shown).label("value"),
                func.count(Report.id).label("reporting"),
                func.max(pending).label("pending"),
            )
            .join(county, and_(county.id == Report.region_id, county.level == COUNTY))
            .join(
                RegionTree,
                and_(RegionTree.region_id == county.id, RegionTree.depth > 0),
            )
            .join(above, above.id == RegionTree.ancestor_id)
            .join(Indicator, Indicator.id == Report.indicator_id)
        )
        .where(
            Indicator.city_aggregation == "sum",
            year_filter,
            shown.is_not(None),
            *(extra or ()),
        )
        .group_by(above.code, Indicator.code, Report.year, Report.month)
    )
    if codes is not None:
        summed = summed.where(above.code.in_(codes))
    return own.union_all(summed)


def period_facts(
    year: int,
    month: int,
    mode: str = APPROVED,
    codes: list[str] | None = None,
    with_actuals: bool = True,
    baselines: pd.DataFrame | None = None,
) -> PeriodFacts:
    """Everything the assessment of (year, month) needs, in four small queries; of the
    regions ``codes`` only, where given; without the month's figures (``with_actuals``
    False) for a reader of the targets alone; with ``baselines`` read before (see
    :func:`baseline_facts`) instead of reading them again."""
    stock = Indicator.kind.in_(kinds_where("deadlines"))  # targets due by a deadline
    mine = () if codes is None else (Region.code.in_(codes),)
    columns = ["region", "indicator", "value", "reporting", "pending"]
    if with_actuals:
        this_month = and_(Report.year == year, Report.month == month)
        actuals = _frame(_values_by_region(this_month, mode=mode, codes=codes))[columns]
    else:
        actuals = pd.DataFrame(columns=columns)
    targets = _frame(
        select(
            Region.code.label("region"),
            Indicator.code.label("indicator"),
            Target.value,
        )
        .join(Region, Region.id == Target.region_id)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .where(Target.year == year, ~stock, *mine)
    )
    stock_targets = _frame(
        select(
            Region.code.label("region"),
            Indicator.code.label("indicator"),
            Target.year,
            Target.value,
        )
        .join(Region, Region.id == Target.region_id)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .where(stock, *mine)
        .order_by(Target.year)
    )
    if baselines is None:
        baselines = baseline_facts(mode, codes)
    elif codes is not None:
        baselines = baselines[baselines.region.isin(codes)]
    return PeriodFacts(actuals, targets, stock_targets, baselines)


def baseline_years() -> list[int]:
    """The baseline years of the stock indicators (targets due by a deadline)."""
    stock = Indicator.kind.in_(kinds_where("deadlines"))
    with read_once() as conn:
        found = conn.execute(
            select(Indicator.baseline_year).distinct().where(stock)
        ).scalars().all()  # fmt: skip
    return sorted(y for y in found if y is not None)


def baseline_facts(
    mode: str = APPROVED,
    codes: list[str] | None = None,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Every region's (or the regions ``codes``') figure of the stock indicators at
    December of their baseline year, summed above the counties: region, indicator,
    year, value. A region above the counties sums all of its counties: nationally a
    scan of a whole December, the same for every month assessed. ``years``: the
    baseline years, where the caller has read them (:func:`baseline_years`)."""
    stock = Indicator.kind.in_(kinds_where("deadlines"))
    # The baseline years named first, so that the reports' (year, month) index serves
    # (comparing with the indicator's column alone reads every report).
    return _frame(
        _values_by_region(
            and_(
                Report.year == Indicator.baseline_year,
                Report.month == 12,
                Report.year.in_(baseline_years() if years is None else years),
            ),  # fmt: skip
            extra=(stock,),
            mode=mode,
            codes=codes,
        )
    )[["region", "indicator", "year", "value"]]


def flow_history(year: int, years: int = PROFILE_YEARS) -> pd.DataFrame:
    # Approved figures only: the seasonal shape comes from settled years.
    """City year-to-date totals of flow indicators in the ``years`` before ``year``.

    Columns: indicator, year, month, value. Feeds the seasonal time-progress profile.
    """
    county = aliased(Region)
    stmt = (
        select(
            Indicator.code.label("indicator"),
            Report.year,
            Report.month,
            func.sum(Report.approved_value).label("value"),
        )
        .join(county, and_(county.id == Report.region_id, county.level == COUNTY))
        .join(Indicator, Indicator.id == Report.indicator_id)
        .where(
            Indicator.kind.in_(kinds_where("seasonal")),
            Report.approved_value.is_not(None),
            Report.year >= year - years,
            Report.year < year,
        )
        .group_by(Indicator.code, Report.year, Report.month)
        .order_by(Indicator.code, Report.year, Report.month)
    )
    return _frame(stmt)


def series(
    indicator: str,
    years: list[int],
    region: str | None = None,
    mode: str = APPROVED,
    regions: list[str] | None = None,
    months: list[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """Monthly values of one indicator: region, year, month, value.

    Of ``region``, or of ``regions``, or (both None) of every region, parents
    included (summed in SQL where the indicator aggregates by sum); of the
    (year, month) pairs ``months`` alone, where given.
    """
    codes = [region] if region is not None else regions
    when = Report.year.in_(years)
    if months is not None:
        when = and_(when, or_(false(), *(and_(Report.year == y, Report.month == m)
                                         for y, m in months)))  # fmt: skip
    # The indicator's id named on the reports too: PostgreSQL then reads each
    # county's reports of this indicator through the reports' key (joined by its
    # code alone, it read every indicator's reports of every county summed: 450 ms
    # against 50 nationally; SQLite plans both the same).
    indicator_id = select(Indicator.id).where(Indicator.code == indicator)
    frame = _frame(
        _values_by_region(
            when,
            extra=(
                Indicator.code == indicator,
                Report.indicator_id == indicator_id.scalar_subquery(),
            ),
            mode=mode,
            codes=codes,
        )  # fmt: skip
    )
    return frame.sort_values(["region", "year", "month"]).reset_index(drop=True)


def annual_targets(indicator: str, years: list[int]) -> pd.DataFrame:
    """region, year, value of one indicator's targets in ``years``."""
    return _frame(
        select(Region.code.label("region"), Target.year, Target.value)
        .join(Region, Region.id == Target.region_id)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .where(Indicator.code == indicator, Target.year.in_(years))
    )


def policy_documents() -> pd.DataFrame:
    """The city's policy documents, the main one first: code, doc_number, title,
    title_en, issued, from_year, to_year, is_demo."""
    return _frame(
        select(PolicyDocument.code, PolicyDocument.doc_number, PolicyDocument.title,
               PolicyDocument.title_en, PolicyDocument.issued, PolicyDocument.from_year, PolicyDocument.to_year,
               PolicyDocument.is_demo)
        .order_by(PolicyDocument.sort_order, PolicyDocument.code)
    )  # fmt: skip


def _of_documents(stmt: Select, documents) -> Select:
    """``stmt`` narrowed to the measures of ``documents`` (all where None)."""
    if documents is None:
        return stmt
    return stmt.where(Measure.document.in_(list(documents)))


def _document_order():
    return (
        select(PolicyDocument.sort_order)
        .where(PolicyDocument.code == Measure.document)
        .scalar_subquery()
    )


def measures(documents=None) -> pd.DataFrame:
    """The policy measures (of ``documents``; all where None), document by document:
    document, number, label, section, section_title (and _en), title (and _en), body."""
    return _frame(_of_documents(
        select(Measure.document, Measure.number, Measure.label, Measure.section,
               Measure.section_title, Measure.section_title_en, Measure.title,
               Measure.title_en, Measure.body)
        .order_by(_document_order(), Measure.number), documents))  # fmt: skip


def measure_departments(documents=None) -> pd.DataFrame:
    """document, number, department (zh/en), role ('lead'/'co'), position of every
    assignment (of ``documents``' measures; all where None)."""
    return _frame(_of_documents(
        select(Measure.document, Measure.number,
               Department.name_zh.label("department_zh"),
               Department.name_en.label("department_en"),
               MeasureDepartment.role, MeasureDepartment.position)
        .join(Measure, Measure.id == MeasureDepartment.measure_id)
        .join(Department, Department.id == MeasureDepartment.department_id)
        .order_by(_document_order(), Measure.number, MeasureDepartment.position),
        documents))  # fmt: skip


def department_load(documents=None) -> pd.DataFrame:
    """Departments with how many measures (of ``documents``; all where None) each
    leads and shares, busiest first."""
    leads = func.sum(case((MeasureDepartment.role == "lead", 1), else_=0))
    return _frame(_of_documents(
        select(Department.name_zh.label("department_zh"),
               Department.name_en.label("department_en"),
               leads.label("leads"),
               func.count(MeasureDepartment.measure_id).label("measures"))
        .join(MeasureDepartment, MeasureDepartment.department_id == Department.id)
        .join(Measure, Measure.id == MeasureDepartment.measure_id)
        .group_by(Department.id, Department.name_zh, Department.name_en)
        .order_by(leads.desc(), func.count(MeasureDepartment.measure_id).desc(),
                  Department.id), documents))  # fmt: skip


def indicator_measures(documents=None) -> pd.DataFrame:
    """indicator code, document, measure number: which measures drive which
    indicator."""
    return _frame(_of_documents(
        select(Indicator.code.label("indicator"), Measure.document, Measure.number)
        .join(IndicatorMeasure, IndicatorMeasure.indicator_id == Indicator.id)
        .join(Measure, Measure.id == IndicatorMeasure.measure_id)
        .order_by(_document_order(), Measure.number, Indicator.sort_order),
        documents))  # fmt: skip


@cache
def _boundaries(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def whole_names() -> dict[str, str]:
    """What regions call themselves as a whole, where their aliases say (an alias of
    全 and one character: 全市, 全区 for Inner Mongolia, 全省): code → that word."""
    stmt = select(Region.code, Region.aliases).where(
        Region.aliases.like(f"%{WHOLE_PREFIX}%")
    )
    with read_once() as conn:
        found = {}
        for code, aliases in conn.execute(stmt):
            words = [
                a
                for a in aliases.split(";")
                if len(a) == 2 and a.startswith(WHOLE_PREFIX)
            ]
            if words:
                found[code] = words[0]
    return found


def boundaries_file() -> str:
    """Where the data set's boundaries are (a key for what is derived from them)."""
    return str(current_settings().city_dir / "counties.geojson")


def boundaries(path: str | None = None) -> dict:
    """The data set's boundaries (GeoJSON with integer ``properties.adcode``), parsed
    once a process (a country's is several megabytes): callers read it, never change
    it."""
    return _boundaries(path or boundaries_file())


def submissions(year: int, month: int) -> pd.DataFrame:
    """Every county's submission for the month (status None: nothing reported yet)."""
    joined = and_(
        Submission.region_id == Region.id,
        Submission.year == year,
        Submission.month == month,
    )
    # A month whose approved figures differ from its working ones is a correction
    # (更正): the office reviews the old and the new side by side. One pass over the
    # month's reports (a subquery correlated with each county let SQLite scan the
    # whole month once per county: two minutes at national scale).
    correcting = Region.id.in_(
        select(Report.region_id)
        .where(Report.year == year, Report.month == month,
               Report.approved_value.is_not(None),
               Report.approved_value != Report.value)
        .distinct()
    )  # fmt: skip
    return _frame(
        select(
            Region.code.label("region"),
            Region.name_zh,
            Region.name_en,
            Submission.status,
            Submission.reason,
            Submission.updated_by,
            Submission.updated_at,
            Submission.submitted_at,
            Submission.approved_at,
            correcting.label("correcting"),
        )
        .outerjoin(Submission, joined)
        .where(Region.level == COUNTY)
        .order_by(Region.sort_order, Region.code)
    )


def open_return_items(region: str, year: int, month: int) -> pd.DataFrame:
    """The reasons per indicator of the county's month while it stands returned (the
    newest return's): code, reason. Empty once it is submitted again."""
    region_id = select(Region.id).where(Region.code == region).scalar_subquery()
    of_month = (SubmissionEvent.region_id == region_id, SubmissionEvent.year == year,
                SubmissionEvent.month == month)  # fmt: skip
    newest = (
        select(func.max(SubmissionEvent.id))
        .where(*of_month, SubmissionEvent.action == "return")
        .scalar_subquery()
    )
    returned = (select(Submission.id)
                .where(Submission.region_id == region_id, Submission.year == year,
                       Submission.month == month, Submission.status == "returned")
                .exists())  # fmt: skip
    return _frame(
        select(Indicator.code, ReturnItem.reason)
        .join(Indicator, Indicator.id == ReturnItem.indicator_id)
        .where(ReturnItem.event_id == newest, returned)
        .order_by(Indicator.sort_order)
    )


def month_values(region: str, year: int, month: int) -> pd.DataFrame:
    """One region's month for the entry grid: every indicator with its working and
    approved value and the previous month's working value."""
    current = aliased(Report)
    previous = aliased(Report)
    region_id = select(Region.id).where(Region.code == region).scalar_subquery()
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    return _frame(
        select(
            Indicator.code,
            Indicator.name_zh,
            Indicator.name_en,
            Indicator.unit_zh,
            Indicator.unit_en,
            Indicator.kind,
            Indicator.decimals,
            current.value,
            current.approved_value,
            previous.value.label("previous"),
        )
        .select_from(Indicator)
        .outerjoin(
            current,
            and_(
                current.indicator_id == Indicator.id,
                current.region_id == region_id,
                current.year == year,
                current.month == month,
            ),
        )
        .outerjoin(
            previous,
            and_(
                previous.indicator_id == Indicator.id,
                previous.region_id == region_id,
                previous.year == prev_year,
                previous.month == prev_month,
            ),
        )
        .order_by(Indicator.sort_order)
    )


def report_history(
    region: str,
    indicator: str | None = None,
    limit: int = 200,
    period: tuple[int, int] | None = None,
    corrections: bool = False,
):
    """Changes of a region's reports, newest first; of one ``period`` (year, month)
    only, and only corrections (更正, with their reason), where asked."""
    stmt = (
        select(
            ReportHistory.changed_at,
            ReportHistory.changed_by,
            Indicator.code.label("indicator"),
            Indicator.name_zh,
            Indicator.name_en,
            ReportHistory.year,
            ReportHistory.month,
            ReportHistory.old_value,
            ReportHistory.new_value,
            Indicator.decimals,
            ReportHistory.source,
            ReportHistory.file_sha256,
            ReportHistory.reason,
            # The office typing or uploading a county's figures: 代报.
            and_(User.role == "supervisor", Region.level == COUNTY).label("on_behalf"),
        )
        .join(Region, Region.id == ReportHistory.region_id)
        .join(Indicator, Indicator.id == ReportHistory.indicator_id)
        .outerjoin(User, User.username == ReportHistory.changed_by)
        .where(Region.code == region)
        .order_by(ReportHistory.id.desc())
        .limit(limit)
    )
    if indicator:
        stmt = stmt.where(Indicator.code == indicator)
    if period is not None:
        stmt = stmt.where(
            ReportHistory.year == period[0], ReportHistory.month == period[1]
        )
    if corrections:
        stmt = stmt.where(ReportHistory.reason.is_not(None))
    return _frame(stmt)


def targets(year: int) -> pd.DataFrame:
    """region, indicator, value of the year's targets."""
    return _frame(
        select(
            Region.code.label("region"), Indicator.code.label("indicator"), Target.value
        )
        .join(Region, Region.id == Target.region_id)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .where(Target.year == year)
    )


def target_provenance(
    year: int | None = None, region: str | None = None, indicator: str | None = None,
    regions: list[str] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Targets with their provenance, of one year (every year where None), one
    region's or one indicator's (of ``regions`` only, where given): region, indicator,
    year, value, source, set_by (the setter's display name, else the username), set_at,
    reason; by indicator, region, year."""
    stmt = (
        select(Region.code.label("region"), Indicator.code.label("indicator"),
               Target.year, Target.value, Target.source,
               func.coalesce(User.display_name, Target.set_by).label("set_by"),
               Target.set_at, Target.reason)
        .join(Region, Region.id == Target.region_id)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .outerjoin(User, User.username == Target.set_by)
        .order_by(Indicator.sort_order, Region.sort_order, Region.code, Target.year)
    )  # fmt: skip
    if year is not None:
        stmt = stmt.where(Target.year == year)
    if region is not None:
        stmt = stmt.where(Region.code == region)
    if indicator is not None:
        stmt = stmt.where(Indicator.code == indicator)
    if regions is not None:
        stmt = stmt.where(Region.code.in_(regions))
    return _frame(stmt)


def published(year: int, month: int) -> tuple[dict, pd.DataFrame] | None:
    """The publication of a month (who, when) and its frozen scores, or None."""
    with read_once() as conn:
        period = (
            conn.execute(
                select(PublishedPeriod).where(
                    PublishedPeriod.year == year, PublishedPeriod.month == month
                )
            )
            .mappings()
            .first()
        )
        if period is None:
            return None
        scores = pd.read_sql_query(
            select(
                Region.code.label("region"),
                PublishedScore.total,
                PublishedScore.grade,
                PublishedScore.rank,
                PublishedScore.change,
                PublishedScore.details,
            )
            .join(Region, Region.id == PublishedScore.region_id)
            .where(PublishedScore.period_id == period["id"]),
            conn,
        )
    return dict(period), scores


def corrections_since(year: int, month: int, since: datetime) -> pd.DataFrame:
    """The reasons of the month's corrections (更正) made since ``since`` (its
    publication), one row a county and reason, oldest first: region, reason, at."""
    at = func.max(ReportHistory.changed_at).label("at")
    return _frame(
        select(Region.code.label("region"), ReportHistory.reason, at)
        .join(Region, Region.id == ReportHistory.region_id)
        .where(ReportHistory.year == year, ReportHistory.month == month,
               ReportHistory.reason.is_not(None), ReportHistory.changed_at >= since)
        .group_by(Region.code, ReportHistory.reason)
        .order_by(at)
    )  # fmt: skip


def open_notices(region: str, approvals_since: datetime) -> pd.DataFrame:
    """A county's notices not yet acted on (approvals since ``approvals_since``),
    newest first: kind, year, month, by (the sender's name), at, text, due."""
    return _frame(
        select(Notice.kind, Notice.year, Notice.month, Notice.by_name.label("by"),
               Notice.at, Notice.text, Notice.due)
        .join(Region, Region.id == Notice.region_id)
        .where(Region.code == region, Notice.done_at.is_(None),
               or_(Notice.kind != "approval", Notice.at >= approvals_since))
        .order_by(Notice.id.desc())
    )  # fmt: skip


def publication_events(year: int, month: int) -> pd.DataFrame:
    """The month's publications and withdrawals: action, by, by_name, at, reason."""
    return _frame(
        select(PublicationEvent.action, PublicationEvent.by, PublicationEvent.by_name,
               PublicationEvent.at, PublicationEvent.reason, PublicationEvent.issue_number)
        .where(PublicationEvent.year == year, PublicationEvent.month == month)
        .order_by(PublicationEvent.id)
    )  # fmt: skip


def issued_bulletin(year: int, month: int, fmt: str) -> bytes | None:
    """The bulletin file of the month's newest publication, as issued."""
    newest = (
        select(func.max(PublicationEvent.id))
        .where(PublicationEvent.year == year, PublicationEvent.month == month,
               PublicationEvent.action == "publish")
        .scalar_subquery()
    )  # fmt: skip
    with read_once() as conn:
        return conn.execute(
            select(IssuedBulletin.body).where(
                IssuedBulletin.event_id == newest, IssuedBulletin.fmt == fmt
            )
        ).scalar()


def target_changes(limit: int = 50) -> pd.DataFrame:
    """Recent target changes, newest first."""
    return _frame(
        select(
            TargetHistory.changed_at,
            TargetHistory.changed_by,
            Region.name_zh.label("region_zh"),
            Region.name_en.label("region_en"),
            Indicator.name_zh,
            Indicator.name_en,
            TargetHistory.year,
            TargetHistory.old_value,
            TargetHistory.new_value,
            Indicator.decimals,
            TargetHistory.source,
            TargetHistory.reason,
        )
        .join(Region, Region.id == TargetHistory.region_id)
        .join(Indicator, Indicator.id == TargetHistory.indicator_id)
        .order_by(TargetHistory.id.desc())
        .limit(limit)
    )


def weight_changes(limit: int = 50) -> pd.DataFrame:
    """Recent weight changes, newest first."""
    return _frame(
        select(
            WeightHistory.changed_at,
            WeightHistory.changed_by,
            Indicator.name_zh,
            Indicator.name_en,
            WeightHistory.old_value,
            WeightHistory.new_value,
        )
        .join(Indicator, Indicator.id == WeightHistory.indicator_id)
        .order_by(WeightHistory.id.desc())
        .limit(limit)
    )


def bulletin_issue(year: int, month: int) -> dict | None:
    """The office's saved fields of the month's 通报, or None."""
    with read_once() as conn:
        row = (
            conn.execute(
                select(*BulletinIssue.__table__.c).where(
                    BulletinIssue.year == year, BulletinIssue.month == month
                )
            )
            .mappings()
            .first()
        )
    return None if row is None else dict(row)


def issue_numbers(year: int) -> dict[int, int]:
    """The 期号 of each month of ``year`` that is published now (month → number)."""
    newest = (
        select(PublicationEvent.month, func.max(PublicationEvent.id).label("id"))
        .where(PublicationEvent.year == year, PublicationEvent.action == "publish")
        .group_by(PublicationEvent.month)
        .subquery()
    )
    with read_once() as conn:
        rows = conn.execute(
            select(PublicationEvent.month, PublicationEvent.issue_number)
            .join(newest, newest.c.id == PublicationEvent.id)
            .join(PublishedPeriod, and_(PublishedPeriod.year == year,
                                        PublishedPeriod.month == PublicationEvent.month))
        ).all()  # fmt: skip
    return {m: n for m, n in rows if n is not None}


def issued_bulletins() -> list[dict]:
    """Every bulletin ever issued, newest first: event id, year, month, 期号, when,
    by whom, the formats kept, and whether that publication is still the month's."""
    with read_once() as conn:
        return [dict(r) for r in conn.execute(
            select(PublicationEvent.id, PublicationEvent.year, PublicationEvent.month,
                   PublicationEvent.issue_number, PublicationEvent.at,
                   PublicationEvent.by_name, PublicationEvent.by,
                   func.group_concat(IssuedBulletin.fmt).label("formats")
                   if conn.dialect.name == "sqlite"
                   else func.string_agg(IssuedBulletin.fmt, ",").label("formats"))
            .join(IssuedBulletin, IssuedBulletin.event_id == PublicationEvent.id)
            .group_by(PublicationEvent.id)
            .order_by(PublicationEvent.id.desc())
        ).mappings()]  # fmt: skip


def issued_file(event_id: int, fmt: str) -> tuple[int, int, bytes] | None:
    """(year, month, bytes) of one issued bulletin file, or None."""
    with read_once() as conn:
        row = conn.execute(
            select(
                IssuedBulletin.year, IssuedBulletin.month, IssuedBulletin.body
            ).where(IssuedBulletin.event_id == event_id, IssuedBulletin.fmt == fmt)
        ).first()
    return None if row is None else (row[0], row[1], row[2])


def published_months(year: int) -> set[int]:
    """The months of ``year`` whose ranking is published now."""
    with read_once() as conn:
        return set(conn.execute(
            select(PublishedPeriod.month).where(PublishedPeriod.year == year)
        ).scalars())  # fmt: skip
