"""The stored assessment: each period's results, totals and grades for every region,
computed once after its data changed and read by scope with indexed queries.

A stored period is valid while no data change that affects it (of the period itself,
of an earlier year, or of the whole catalogue) has come after the data version it was
computed at (``assessment_invalidations``, written by every data-changing transaction). Storing never raises the data version: it changes
no data, only what is known about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Boolean,
    Connection,
    Integer,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from data_access.engine import read_once, read_snapshot, write_transaction
from data_access.models import (
    AssessedOutlook,
    AssessedPeriod,
    AssessedProjection,
    AssessedResult,
    AssessedScore,
    AssessmentInvalidation,
    DatasetInfo,
    Indicator,
    Region,
    RegionTree,
)
from data_access.supervision import activity_columns

RESULT_FIELDS = ("status", "score_fraction", "actual", "target", "due", "completion",
                 "progress", "gap_points", "pace_needed", "deadline_year", "max_points",
                 "points", "pending", "seasonal_progress")  # fmt: skip


@dataclass(frozen=True)
class PeriodKey:
    mode: str
    year: int
    month: int
    rules_key: str


@dataclass(frozen=True)
class StoredPeriod:
    id: int
    has_data: bool
    # The last complete results, read while a recomputation replaces them.
    recomputing: bool = False


# A rules key with this in it is not a period readers look up by key: a run's staged
# period (``key~run``) or one a run has replaced (``key~x{run}``), dropped after it.
STAGED = "~"


def staged_key(rules_key: str, run_id: int) -> str:
    return f"{rules_key}{STAGED}{run_id}"


def _key_filter(key: PeriodKey):
    return and_(
        AssessedPeriod.mode == key.mode,
        AssessedPeriod.year == key.year,
        AssessedPeriod.month == key.month,
        AssessedPeriod.rules_key == key.rules_key,
    )


APPROVED_MODE = "approved"  # data_access.queries.APPROVED


def reaching_mode(mode: str | None):
    """The changes that reach what is drawn in ``mode``: of the approved figures'
    view, those that changed approved figures (or anything beside the figures);
    of any other (or None: every view), all."""
    change = AssessmentInvalidation
    return change.approved_view.is_(True) if mode == APPROVED_MODE else true()


def affecting(year, month, mode: str | None = None, through: bool = False):
    """The invalidations that make what is drawn of (year, month) in ``mode`` stale:
    of an earlier year, of its whole year, or of that month (``through``: of any of
    its year's months up to it, for what reads them all, an outlook or a view)."""
    change = AssessmentInvalidation
    months = change.month <= month if through else change.month == month
    return and_(
        or_(
            change.from_year < year,
            and_(change.from_year == year, or_(change.month.is_(None), months)),
        ),
        reaching_mode(mode),
    )


def _affecting(year, month, mode: str | None = None):
    """The invalidations that make the stored period (year, month) stale in ``mode``."""
    return affecting(year, month, mode)


def _stale_at(year, month, mode: str | None = None):
    """The newest data version that made the period (year, month) stale in ``mode``."""
    change = AssessmentInvalidation
    return (
        select(func.coalesce(func.max(change.version), 0))
        .where(_affecting(year, month, mode))
        .scalar_subquery()
    )


DATA_EPOCH = "data_epoch"  # set by a restore: data of another history from then on


def dataset_value(key: str):
    """One value of the dataset's own record (``dataset_info``), as a scalar
    subquery to read beside others in one statement."""
    return select(DatasetInfo.value).where(DatasetInfo.key == key).scalar_subquery()


def history_version(year: int) -> str:
    """A key that changes whenever the figures of the years before ``year`` may have
    (the newest change to an earlier year, or to all of them, and the restore
    epoch): what is derived from them alone (the seasonal pace) outlives the many
    writes to the current year."""
    with read_once() as conn:  # one statement
        found = conn.execute(_HISTORY_VERSION, {"year": year}).one()
    return f"{found[1] or 0}.{found[0]}"


def _history_version_statement():
    """history_version's statement, the year bound (built once)."""
    change = AssessmentInvalidation
    newest = (select(func.coalesce(func.max(change.version), 0))
              .where(change.from_year < bindparam("year")).scalar_subquery())  # fmt: skip
    return select(newest, dataset_value(DATA_EPOCH))


_HISTORY_VERSION = _history_version_statement()


def _period_stamp_statement(mode: str | None, activity: bool = False, page=False):
    """period_stamp's statement for views in ``mode``, its year and month bound: built
    once (built on every panel request it cost about 2 ms of Python, where the
    database answers in 0.5 ms), from the one definition of the changes that reach a
    period (:func:`affecting`). ``page``: with what else a reader page's key reads
    (see :func:`page_stamps`)."""
    from data_access.models import PublicationEvent, RecomputeRun, SchemeChange
    from data_access.queries import DATA_STAMP, DATA_VERSION
    from data_access.recompute import ACTIVE

    change = AssessmentInvalidation
    reaching = affecting(bindparam("year"), bindparam("month"), mode, through=True)
    newest = (select(change.version, change.stamp).where(reaching)
              .order_by(change.version.desc()).limit(1).subquery())  # fmt: skip
    return select(
        select(newest.c.version).scalar_subquery(),
        select(newest.c.stamp).scalar_subquery(),
        dataset_value(DATA_EPOCH),
        select(func.max(PublicationEvent.id)).scalar_subquery(),
        select(func.max(SchemeChange.id)).scalar_subquery(),
        select(func.max(RecomputeRun.id))
        .where(RecomputeRun.state == "done").scalar_subquery(),
        *(activity_columns() if activity else ()),
        *((dataset_value(DATA_STAMP), dataset_value(DATA_VERSION),
           select(func.max(RecomputeRun.id)).where(RecomputeRun.state.in_(ACTIVE))
           .scalar_subquery()) if page else ()),
    )  # fmt: skip


# Every change reaches the views of other modes; of approved figures, only those that
# reached approved figures (see reaching_mode).
_PERIOD_STAMP_ANY = _period_stamp_statement(None)
_PERIOD_STAMP_APPROVED = _period_stamp_statement(APPROVED_MODE)
# With the office's work beside the data (a kept answer's key asks for both: one
# round trip instead of two).
_WITH_ACTIVITY_ANY = _period_stamp_statement(None, activity=True)
_WITH_ACTIVITY_APPROVED = _period_stamp_statement(APPROVED_MODE, activity=True)
STAMP_WIDTH = 6  # the period's own part of such a row; the activity stamp follows
ACTIVITY_WIDTH = len(activity_columns())
_PAGE_STAMPS = _period_stamp_statement(APPROVED_MODE, activity=True, page=True)


def period_stamp(year: int, month: int, mode: str | None = None) -> tuple:
    """What a view of (year, month) is drawn from, beside the day and the viewer: the
    newest data change that reaches it (of an earlier year, of its year as a whole, or
    of its year's months up to it: its version and its never-repeated stamp), the
    restore epoch, the newest publication, scheme
    change and finished recomputation. A save of next month's figures changes none of
    it: answers of earlier months stay valid while counties report the new one. In
    ``mode`` APPROVED only changes that reached approved figures count (a county's
    draft or submission leaves every view of approved figures as it was)."""
    approved = mode == APPROVED_MODE
    statement = _PERIOD_STAMP_APPROVED if approved else _PERIOD_STAMP_ANY
    with read_once() as conn:
        return tuple(conn.execute(statement, {"year": year, "month": month}).one())


def period_and_activity_stamp(year: int, month: int, mode: str | None) -> tuple:
    """(:func:`period_stamp`, ``data_access.supervision.activity_stamp``) in one
    statement."""
    approved = mode == APPROVED_MODE
    statement = _WITH_ACTIVITY_APPROVED if approved else _WITH_ACTIVITY_ANY
    with read_once() as conn:
        row = tuple(conn.execute(statement, {"year": year, "month": month}).one())
    return row[:STAMP_WIDTH], row[STAMP_WIDTH:]


@dataclass(frozen=True)
class PageStamps:
    """What a reader page's kept layout is keyed by, read in one statement."""

    approved: tuple  # period_stamp(year, 12, APPROVED)
    data: str  # data_access.queries.data_stamp()
    activity: tuple  # data_access.supervision.activity_stamp()
    running: int | None  # the recomputation to do or being done, if any


def page_stamps(year: int) -> PageStamps:
    """:func:`period_stamp` of ``year``'s December in approved figures, the data stamp,
    the office's work and the active recomputation's id in one statement: a reader
    page's kept layout read them in four (a page's answer from the cache cost twice a
    panel's)."""
    from data_access.queries import stamp_text

    with read_once() as conn:
        row = tuple(conn.execute(_PAGE_STAMPS, {"year": year, "month": 12}).one())
    activity_end = STAMP_WIDTH + ACTIVITY_WIDTH
    stamp, version, running = row[activity_end:]
    return PageStamps(row[:STAMP_WIDTH], stamp_text(stamp, version),
                      row[STAMP_WIDTH:activity_end], running)  # fmt: skip


@contextmanager
def _reading(conn: Connection | None) -> Iterator[Connection]:
    """``conn`` (a snapshot the caller holds), or a connection of its own."""
    if conn is not None:
        yield conn
        return
    with read_once() as own:
        yield own


def valid_periods(
    mode: str, rules_key: str, years: list[int], conn: Connection | None = None
) -> pd.DataFrame:
    """The stored periods of ``years`` still valid: id, year, month."""
    period = AssessedPeriod
    stmt = select(period.id, period.year, period.month).where(
        period.mode == mode,
        period.rules_key == rules_key,
        period.year.in_(years),
        period.computed_version >= _stale_at(period.year, period.month, mode),
    )
    with _reading(conn) as conn:
        return pd.read_sql_query(stmt, conn)


def valid_values(
    mode: str, rules_key: str, years: list[int], regions: list[str], indicator: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The valid stored periods of ``years`` and one indicator's figures in them, read
    in one snapshot (a period replaced in between cannot leave its figures out)."""
    with read_snapshot() as conn:
        stored = valid_periods(mode, rules_key, years, conn)
        return stored, period_values(stored.id.tolist(), regions, indicator, conn)


def period_values(
    period_ids: list[int],
    regions: list[str],
    indicator: str,
    conn: Connection | None = None,
) -> pd.DataFrame:
    """One indicator's stored figures: region, year, month, value (where reported)."""
    stmt = (
        select(Region.code.label("region"), AssessedPeriod.year, AssessedPeriod.month,
               AssessedResult.actual.label("value"))
        .join(AssessedPeriod, AssessedPeriod.id == AssessedResult.period_id)
        .join(Region, Region.id == AssessedResult.region_id)
        .join(Indicator, Indicator.id == AssessedResult.indicator_id)
        .where(AssessedResult.period_id.in_(period_ids), Region.code.in_(regions),
               Indicator.code == indicator, AssessedResult.actual.is_not(None))
    )  # fmt: skip
    with _reading(conn) as conn:
        return pd.read_sql_query(stmt, conn)


def _valid_period_statement(mode: str | None):
    """valid_period's statement for periods in ``mode`` (APPROVED, or None: any
    other), the key bound: built once (a county's first panels ask four times, each
    building it cost more Python than the database's answer)."""
    year, month = bindparam("year"), bindparam("month")
    return select(AssessedPeriod.id, AssessedPeriod.has_data).where(
        bound_key_filter(year, month),
        AssessedPeriod.computed_version >= _stale_at(year, month, mode),
    )


def bound_key_filter(year: BindParameter, month: BindParameter) -> ColumnElement:
    """:func:`_key_filter` for a statement built once: the key's values bound
    (``year`` and ``month``: the statement's own parameters; see :func:`key_values`)."""
    return and_(
        AssessedPeriod.mode == bindparam("mode"),
        AssessedPeriod.year == year,
        AssessedPeriod.month == month,
        AssessedPeriod.rules_key == bindparam("rules_key"),
    )


def key_values(key: PeriodKey) -> dict:
    """The values of a statement built with :func:`bound_key_filter`."""
    return {"mode": key.mode, "year": key.year, "month": key.month,
            "rules_key": key.rules_key}  # fmt: skip


_VALID_PERIOD_APPROVED = _valid_period_statement(APPROVED_MODE)
_VALID_PERIOD_ANY = _valid_period_statement(None)


def valid_period(key: PeriodKey) -> StoredPeriod | None:
    """The stored period for ``key`` if no data change since affects it."""
    statement = (_VALID_PERIOD_APPROVED if key.mode == APPROVED_MODE
                 else _VALID_PERIOD_ANY)  # fmt: skip
    with read_once() as conn:
        found = conn.execute(statement, key_values(key)).first()
    return None if found is None else StoredPeriod(found.id, bool(found.has_data))


def _complete_of(mode: str, year: int, month: int):
    """The stored periods of (mode, year, month) that are not a run's staging or set
    aside by one: the results readers may be shown."""
    period = AssessedPeriod
    return and_(
        period.mode == mode,
        period.year == year,
        period.month == month,
        period.rules_key.not_like(f"%{STAGED}%"),
    )


def latest_complete(mode: str, year: int, month: int) -> StoredPeriod | None:
    """The newest stored period of (mode, year, month) under any rules that is not a
    run's staging, valid or not: what readers see while a run recomputes it."""
    period = AssessedPeriod
    with read_once() as conn:
        found = conn.execute(
            select(period.id, period.has_data)
            .where(_complete_of(mode, year, month))
            .order_by(period.id.desc()).limit(1)
        ).first()  # fmt: skip
    return None if found is None else StoredPeriod(found.id, bool(found.has_data), True)


def stored_months() -> set[tuple[str, int, int]]:
    """(mode, year, month) of every period stored under some rules (not a run's)."""
    period = AssessedPeriod
    with read_once() as conn:
        rows = conn.execute(
            select(period.mode, period.year, period.month)
            .where(period.rules_key.not_like(f"%{STAGED}%")).distinct()
        ).all()  # fmt: skip
    return {(r.mode, int(r.year), int(r.month)) for r in rows}


def was_projected(mode: str, year: int, month: int) -> bool:
    """Whether the last complete period of (mode, year, month) had its outlook stored
    (a run projects its replacement too, so that no reader waits for it)."""
    period = AssessedPeriod
    with read_once() as conn:
        return conn.execute(
            select(period.id)
            .where(_complete_of(mode, year, month), period.projected_version.is_not(None))
            .limit(1)
        ).first() is not None  # fmt: skip


def flip(run_id: int, conn: Connection) -> int:
    """In the run's last transaction: its staged periods become the stored ones and
    the periods they replace (the same month and mode, any rules) are set aside, all
    at once (readers see every month before or every month after); a new data stamp
    retires every cached view and answer. Renames only: what was set aside is
    deleted afterwards (:func:`drop_set_aside`). Returns how many periods moved."""
    from data_access.queries import write_new_stamp

    period = AssessedPeriod
    suffix = f"{STAGED}{run_id}"
    staged = conn.execute(
        select(period.id, period.mode, period.year, period.month, period.rules_key)
        .where(period.rules_key.like(f"%{suffix}"))
    ).all()  # fmt: skip
    for row in staged:
        conn.execute(
            update(period)
            .where(_complete_of(row.mode, row.year, row.month))
            .values(rules_key=period.rules_key + f"{STAGED}x{run_id}")
        )  # fmt: skip
        conn.execute(update(period).where(period.id == row.id)
                     .values(rules_key=row.rules_key.removesuffix(suffix)))  # fmt: skip
    write_new_stamp(conn)
    return len(staged)


def drop_set_aside(keep_run: int | None, limit: int = 1000) -> int:
    """Delete stored periods set aside by runs, and staged ones of runs no longer
    active (all but ``keep_run``'s), one period a transaction (never a long write).
    Returns how many were deleted."""
    period = AssessedPeriod
    stmt = select(period.id).where(period.rules_key.like(f"%{STAGED}%"))
    if keep_run is not None:
        stmt = stmt.where(period.rules_key.not_like(f"%{STAGED}{keep_run}"))
    with read_once() as conn:
        ids = conn.execute(stmt.limit(limit)).scalars().all()
    for period_id in ids:
        with write_transaction() as conn:
            for table in (AssessedResult, AssessedScore, AssessedProjection,
                          AssessedOutlook):  # fmt: skip
                conn.execute(delete(table).where(table.period_id == period_id))
            conn.execute(delete(period).where(period.id == period_id))
    return len(ids)


@dataclass(frozen=True)
class OutdatedRegions:
    """A stored period behind the data only in some regions' own figures of that
    month: bringing it up to date means assessing ``regions`` (the changed ones and
    their ancestors) again."""

    period_id: int
    computed_version: int
    regions: tuple[str, ...]
    has_data: bool = True  # as stored


# Above this many changed regions a period is judged (or projected) whole: no dearer.
REGION_LIMIT = 200


def changes_since(conn: Connection, version: int, affecting) -> list:
    """The data changes after ``version`` that ``affecting`` selects (their year,
    month and region)."""
    change = AssessmentInvalidation
    return conn.execute(
        select(change.from_year, change.month, change.region).where(
            change.version > version, affecting
        )
    ).all()


def changed_regions(
    conn: Connection, since: list, local, limit: int = REGION_LIMIT
) -> tuple[str, ...] | None:
    """The regions whose own figures the changes ``since`` were, and every region
    above them; None where one was not a named region's own, or not ``local`` (a
    row → bool: of the months the caller can bring up to date region by region), or
    they are more than ``limit``."""
    if any(row.region is None or not local(row) for row in since):
        return None
    changed = sorted({row.region for row in since})
    if len(changed) > limit:
        return None
    return _with_ancestors(conn, changed)


def outdated_regions(
    key: PeriodKey, limit: int = REGION_LIMIT
) -> OutdatedRegions | None:
    """Where the stored period ``key`` is stale only through changes to named
    regions (their reports of that very month: a save, a submission, an approval, an
    import; or their targets), those regions and their ancestors; None where it was
    never stored, or a change since touches the whole period (weights, the catalogue,
    reports of an earlier year) or more than ``limit`` regions (assessing the whole
    period costs no more)."""
    with read_once() as conn:
        stored = conn.execute(
            select(AssessedPeriod.id, AssessedPeriod.computed_version,
                   AssessedPeriod.has_data).where(_key_filter(key))
        ).first()  # fmt: skip
        if stored is None:
            return None
        since = changes_since(conn, stored.computed_version,
                              _affecting(key.year, key.month, key.mode))  # fmt: skip

        def of_the_month(row) -> bool:
            return row.month is None or (row.from_year, row.month) == (
                key.year,
                key.month,
            )

        regions = changed_regions(conn, since, of_the_month, limit)
    if regions is None:
        return None
    return OutdatedRegions(
        stored.id, stored.computed_version, regions, bool(stored.has_data)
    )


def _with_ancestors(conn: Connection, changed: list[str]) -> tuple[str, ...]:
    """The regions ``changed`` and every region above them."""
    above = Region.__table__.alias("above")
    codes = conn.execute(
        select(above.c.code)
        .join(RegionTree, RegionTree.ancestor_id == above.c.id)
        .join(Region, Region.id == RegionTree.region_id)
        .where(Region.code.in_(changed))
        .distinct()
    ).scalars()
    return tuple(sorted(codes))


def store_regions(
    outdated: OutdatedRegions,
    version: int,
    has_data: bool,
    results: pd.DataFrame,
    scores: pd.DataFrame,
) -> StoredPeriod | None:
    """Replace the stored results and totals of ``outdated.regions`` in its period
    and mark the period computed at data ``version``; None (nothing written) if
    another writer has stored the period again meanwhile."""
    period_id = outdated.period_id
    rows = _Rows.of(results, scores)  # built before the write lock is taken
    with write_transaction() as conn:
        moved = conn.execute(
            update(AssessedPeriod)
            .where(AssessedPeriod.id == period_id,
                   AssessedPeriod.computed_version == outdated.computed_version)
            .values(computed_version=version, has_data=has_data)
        ).rowcount  # fmt: skip
        if moved != 1:
            return None
        region_ids = dict(
            conn.execute(
                select(Region.code, Region.id).where(Region.code.in_(outdated.regions))
            ).all()
        )
        indicator_ids = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
        ids = list(region_ids.values())
        conn.execute(
            delete(AssessedResult).where(
                AssessedResult.period_id == period_id, AssessedResult.region_id.in_(ids)
            )
        )
        conn.execute(delete(AssessedScore).where(
            AssessedScore.period_id == period_id, AssessedScore.region_id.in_(ids)))  # fmt: skip
        rows.insert(conn, period_id, region_ids, indicator_ids)
    return StoredPeriod(period_id, has_data)


def _cells(frame: pd.DataFrame, columns) -> list[list]:
    """The columns' values as Python objects; NaN and NA, which are not numbers to
    store, as None."""
    cells = frame[list(columns)].astype(object)
    cells = cells.where(cells.notna(), None)
    return [cells[column].tolist() for column in columns]


@dataclass(frozen=True)
class _Rows:
    """A period's results (region code, indicator code, RESULT_FIELDS) and totals
    (region code, total, grade) as the tables take them, built before the write lock
    is taken: for a country (32,000 results) building them took 0.4 s of Python, which
    every other writer waited for. Inside the lock only their ids are put in."""

    results: list[tuple]
    scores: list[tuple]

    @classmethod
    def of(cls, results: pd.DataFrame, scores: pd.DataFrame) -> _Rows:
        return cls(
            list(zip(results.region.tolist(), results.code.tolist(),
                     *_cells(results, RESULT_FIELDS), strict=True)),
            list(zip(scores.region.tolist(), *_cells(scores, ("total", "grade")),
                     strict=True)),
        )  # fmt: skip

    def insert(
        self, conn, period_id: int, region_ids: dict, indicator_ids: dict
    ) -> None:
        _insert_rows(conn, AssessedResult.__table__,
                     ("period_id", "region_id", "indicator_id", *RESULT_FIELDS),
                     [(period_id, region_ids[region], indicator_ids[code], *fields)
                      for region, code, *fields in self.results])  # fmt: skip
        _insert_rows(conn, AssessedScore.__table__, ("period_id", "region_id", "total", "grade"),
                     [(period_id, region_ids[region], *fields)
                      for region, *fields in self.scores])  # fmt: skip


def store_period(
    key: PeriodKey,
    version: int,
    has_data: bool,
    results: pd.DataFrame,
    scores: pd.DataFrame,
) -> StoredPeriod:
    """Replace the stored period ``key`` with these results (region, code and
    RESULT_FIELDS) and scores (region, total, grade), computed at data ``version``."""
    rows = _Rows.of(results, scores)  # built before the write lock is taken
    with write_transaction() as conn:
        region_ids = dict(conn.execute(select(Region.code, Region.id)).all())
        indicator_ids = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
        old = select(AssessedPeriod.id).where(_key_filter(key)).scalar_subquery()
        for table in (
            AssessedResult,
            AssessedScore,
            AssessedProjection,
            AssessedOutlook,
        ):
            conn.execute(delete(table).where(table.period_id == old))
        conn.execute(delete(AssessedPeriod).where(_key_filter(key)))
        period_id = conn.execute(
            insert(AssessedPeriod)
            .values(mode=key.mode, year=key.year, month=key.month,
                    rules_key=key.rules_key, computed_version=version,
                    has_data=has_data)
            .returning(AssessedPeriod.id)
        ).scalar_one()  # fmt: skip
        rows.insert(conn, period_id, region_ids, indicator_ids)
    return StoredPeriod(period_id, has_data)


def _insert_many(conn, table, rows: list[dict]) -> None:
    """Many rows through the driver's executemany: a national period stores some
    32,000 results, and SQLAlchemy's per-row bookkeeping would cost more than the
    database does."""
    if not rows:
        return
    names = tuple(rows[0])
    _insert_rows(conn, table, names, [tuple(row[n] for n in names) for row in rows])


def _as_typed(table, names: tuple[str, ...], rows: list[tuple]) -> list[tuple]:
    """COPY reads each value as the column's text: a whole number held as a float
    (2025.0, a year in a column with gaps) is written as an integer, a flag as a
    boolean (a parameter of an INSERT was cast by the server)."""
    kinds = [table.c[name].type for name in names]
    casts = [int if isinstance(kind, Integer) else bool if isinstance(kind, Boolean)
             else None for kind in kinds]  # fmt: skip
    if not any(casts):
        return rows
    columns = list(zip(*rows, strict=True))
    for i, cast in enumerate(casts):
        if cast is not None:
            columns[i] = [None if v is None else cast(v) for v in columns[i]]
    return list(zip(*columns, strict=True))


def _insert_rows(conn, table, names: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows (tuples in the order of ``names``) into ``table``: PostgreSQL takes them
    by COPY (a country's 32,000 results: 0.56 s inside the write lock, 0.7 s by
    executemany; most of it the server's key checks), SQLite by executemany."""
    if not rows:
        return
    columns = ", ".join(names)
    if conn.dialect.name == "postgresql":
        rows = _as_typed(table, names, rows)
        raw = conn.connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(
                f"COPY {table.name} ({columns}) FROM STDIN"  # noqa: S608 (our names)
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    sql = (f"INSERT INTO {table.name} ({columns}) "  # noqa: S608
           f"VALUES ({', '.join(['?'] * len(names))})")  # fmt: skip
    conn.exec_driver_sql(sql, rows)


def scope_units(
    parent: str, level: str | None = None, conn: Connection | None = None
) -> pd.DataFrame:
    """The units a scope ranks: the children of ``parent`` (``level`` None) or its
    descendants at ``level``; code, name_zh, name_en, level in display order."""
    below = RegionTree.depth == 1 if level is None else RegionTree.depth >= 1
    stmt = (
        select(Region.code, Region.name_zh, Region.name_en, Region.level)
        .join(RegionTree, RegionTree.region_id == Region.id)
        .join(
            (top := Region.__table__.alias("top")), top.c.id == RegionTree.ancestor_id
        )
        .where(top.c.code == parent, below)
        .order_by(Region.sort_order, Region.code)
    )
    if level is not None:
        stmt = stmt.where(Region.level == level)
    with _reading(conn) as conn:
        return pd.read_sql_query(stmt, conn)


def period_results(
    period_id: int, regions: list[str], conn: Connection | None = None
) -> pd.DataFrame:
    """Stored results of ``regions`` in a period: region, code and RESULT_FIELDS."""
    columns = [getattr(AssessedResult, name) for name in RESULT_FIELDS]
    stmt = (
        select(Region.code.label("region"), Indicator.code.label("code"), *columns)
        .join(Region, Region.id == AssessedResult.region_id)
        .join(Indicator, Indicator.id == AssessedResult.indicator_id)
        .where(AssessedResult.period_id == period_id, Region.code.in_(regions))
    )
    with _reading(conn) as conn:
        return pd.read_sql_query(stmt, conn)


def stored_actuals(period: StoredPeriod, regions: list[str]) -> pd.DataFrame | None:
    """The stored figures of ``regions`` in ``period`` (region, code, actual), read in
    one statement with the period itself: None where another writer has replaced
    the period meanwhile (the caller looks again), never rows of two periods."""
    results = (
        select(AssessedResult.period_id, Region.code.label("region"),
               Indicator.code.label("code"), AssessedResult.actual)
        .join(Region, Region.id == AssessedResult.region_id)
        .join(Indicator, Indicator.id == AssessedResult.indicator_id)
        .where(AssessedResult.period_id == period.id, Region.code.in_(regions))
        .subquery()
    )  # fmt: skip
    stmt = (
        select(AssessedPeriod.id, results.c.region, results.c.code, results.c.actual)
        .outerjoin(results, results.c.period_id == AssessedPeriod.id)
        .where(AssessedPeriod.id == period.id)
    )
    with _reading(None) as conn:
        found = pd.read_sql_query(stmt, conn)
    if found.empty:
        return None
    return found.dropna(subset=["region"])[["region", "code", "actual"]]


def period_scores(
    period_ids: list[int], regions: list[str], conn: Connection | None = None
) -> pd.DataFrame:
    """Stored totals and grades: period_id, region, total, grade."""
    stmt = (
        select(AssessedScore.period_id, Region.code.label("region"),
               AssessedScore.total, AssessedScore.grade)
        .join(Region, Region.id == AssessedScore.region_id)
        .where(AssessedScore.period_id.in_(period_ids), Region.code.in_(regions))
    )  # fmt: skip
    with _reading(conn) as conn:
        return pd.read_sql_query(stmt, conn)


@dataclass(frozen=True)
class StoredRows:
    """What a view reads of two stored periods (one and the one before), all from
    one snapshot: never a period's id whose rows another writer has replaced."""

    current: StoredPeriod | None
    units: pd.DataFrame
    results: pd.DataFrame
    scores: pd.DataFrame  # period_id, region, total, grade of both periods
    before_id: int | None


def stored_rows(
    current: StoredPeriod,
    before: StoredPeriod | None,
    parent: str,
    level: str | None,
    regions_above: list[str],
) -> StoredRows:
    """The stored periods ``current`` and ``before`` (as the caller found them: valid,
    or the last complete ones during a recomputation) with the scope's units, the
    results of ``regions_above`` and the units, and both periods' totals, read in
    one snapshot; ``current`` None in the answer where another writer has replaced
    that period meanwhile (the caller looks again)."""
    with read_snapshot() as conn:
        wanted = [p.id for p in (current, before) if p is not None]
        present = set(
            conn.execute(
                select(AssessedPeriod.id).where(AssessedPeriod.id.in_(wanted))
            ).scalars()
        )
        now = current if current.id in present else None
        then = before if before is not None and before.id in present else None
        units = scope_units(parent, level, conn)
        codes = [*regions_above, *units.code]
        results = period_results(now.id if now else -1, codes, conn)
        ids = [p.id for p in (now, then) if p is not None]
        scores = period_scores(ids, units.code.tolist(), conn)
    return StoredRows(now, units, results, scores, then.id if then else None)
