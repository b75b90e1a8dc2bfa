"""The stored year-end outlook (预警): each stored period's projections (region ×
indicator) and projected totals (region), stored with the assessment so that a
country's 预警清单 and projected ranking are read, not computed, per request.

The outlook of a period rests on more than the period's own figures: a stock's or a
rate's projection steps through the earlier months of its year, a flow's through the
earlier years. It is valid while no data change of its year up to its month, or of an
earlier year, has come after ``projected_version``; where the changes since were to
some regions' own figures of its year (a save, an approval, an import), only those
regions and their ancestors are projected again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import bindparam, case, delete, func, select, update

from data_access.assessed import (
    APPROVED_MODE,
    PeriodKey,
    _insert_many,
    affecting,
    bound_key_filter,
    changed_regions,
    changes_since,
    dataset_value,
    key_values,
)
from data_access.engine import read_once, read_snapshot, write_transaction
from data_access.models import (
    AssessedOutlook,
    AssessedPeriod,
    AssessedProjection,
    AssessmentInvalidation,
    Indicator,
    Region,
    RegionTree,
)
from data_access.queries import DATA_VERSION

PROJECTION_FIELDS = ("value", "low", "high", "basis", "years", "probability", "target",
                     "outlook", "chance", "shortfall")  # fmt: skip
TOTAL_FIELDS = ("total", "grade", "low", "high")


def _affecting(year: int, month: int, mode: str | None = None):
    """The changes that make the outlook of (year, month) in ``mode`` stale: of an
    earlier year, of its whole year, or of a month of its year up to ``month``."""
    return affecting(year, month, mode, through=True)


@dataclass(frozen=True)
class OutlookState:
    """Where a stored period's outlook stands: ``regions`` () when it is up to date,
    None when it must be projected whole (never stored, or a change since touched the
    whole period or an earlier year's reports), else the regions to project again."""

    period_id: int
    projected_version: int | None
    regions: tuple[str, ...] | None
    # The data version, read in the same statement (what an outlook stored from this
    # state is valid for: a write after it is newer).
    data_version: int = 0

    @property
    def valid(self) -> bool:
        return self.regions == ()


def stored_outlook_id(period_id: int) -> int | None:
    """``period_id`` where its outlook is stored (whatever its age), else None."""
    with read_once() as conn:
        found = conn.execute(
            select(AssessedPeriod.projected_version).where(
                AssessedPeriod.id == period_id
            )
        ).first()
    return period_id if found is not None and found[0] is not None else None


def _outlook_state_statement(mode: str | None):
    """outlook_state's first statement for periods in ``mode`` (APPROVED, or None:
    any other), the key bound: built once (every county's first panels ask)."""
    year, month = bindparam("year"), bindparam("month")
    change = AssessmentInvalidation
    changed = (select(change.version)
               .where(change.version > AssessedPeriod.projected_version,
                      _affecting(year, month, mode))
               .exists())  # fmt: skip
    return select(
        AssessedPeriod.id,
        AssessedPeriod.projected_version,
        dataset_value(DATA_VERSION).label("data_version"),
        changed.label("changed"),
    ).where(bound_key_filter(year, month))


_OUTLOOK_STATE_APPROVED = _outlook_state_statement(APPROVED_MODE)
_OUTLOOK_STATE_ANY = _outlook_state_statement(None)


def outlook_state(key: PeriodKey) -> OutlookState | None:
    """The outlook state of the stored period ``key`` (None: the period is not
    stored), with the data version; an outlook up to date in one statement."""
    statement = (_OUTLOOK_STATE_APPROVED if key.mode == APPROVED_MODE
                 else _OUTLOOK_STATE_ANY)  # fmt: skip
    # One statement, no transaction around it (an outlook up to date needs no more);
    # the changes read after it, where there are some, may include a newer write's:
    # those regions projected again early, and the newer write stales them anyway.
    with read_once() as conn:
        stored = conn.execute(statement, key_values(key)).first()
        if stored is None:
            return None
        data_version = int(stored.data_version or 0)
        if stored.projected_version is None:
            return OutlookState(stored.id, None, None, data_version)
        if not stored.changed:
            return OutlookState(stored.id, stored.projected_version, (), data_version)
        affects = _affecting(key.year, key.month, key.mode)
        since = changes_since(conn, stored.projected_version, affects)
        # Reports of its own year (up to its month, as selected) re-project their
        # regions; an earlier year's reports reach every region's history.
        regions = changed_regions(
            conn, since, lambda row: row.month is None or row.from_year == key.year
        )
        return OutlookState(stored.id, stored.projected_version, regions, data_version)


def store_outlook(
    state: OutlookState,
    version: int,
    projections: list[dict],
    totals: list[dict],
) -> bool:
    """Replace the stored outlook of ``state.regions`` (all regions where None) with
    ``projections`` (region, code and PROJECTION_FIELDS) and ``totals`` (region and
    TOTAL_FIELDS), marked stored at data ``version``; False (nothing written) where
    the period was replaced meanwhile.

    Another reader may have stored the outlook since ``state`` was read: writing over
    it is still right, since ``state.regions`` holds every region changed since the
    version ``state`` was read at, and ``version`` was read before those regions'
    figures (an outlook marked older than it is only projected again sooner)."""
    with write_transaction() as conn:
        moved = conn.execute(
            update(AssessedPeriod)
            .where(AssessedPeriod.id == state.period_id)
            .values(projected_version=version)
        ).rowcount
        if moved != 1:
            return False
        region_ids = dict(conn.execute(select(Region.code, Region.id)).all())
        indicator_ids = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
        for table in (AssessedProjection, AssessedOutlook):
            gone = delete(table).where(table.period_id == state.period_id)
            if state.regions is not None:
                ids = [region_ids[code] for code in state.regions]
                gone = gone.where(table.region_id.in_(ids))
            conn.execute(gone)
        _insert_many(conn, AssessedProjection.__table__, [
            {"period_id": state.period_id, "region_id": region_ids[row["region"]],
             "indicator_id": indicator_ids[row["code"]],
             **{name: row[name] for name in PROJECTION_FIELDS}}
            for row in projections
        ])  # fmt: skip
        _insert_many(conn, AssessedOutlook.__table__, [
            {"period_id": state.period_id, "region_id": region_ids[row["region"]],
             **{name: row[name] for name in TOTAL_FIELDS}}
            for row in totals
        ])  # fmt: skip
    return True


def region_parents(codes: list[str] | None = None) -> dict[str, str]:
    """Each region's parent (of ``codes``, or of every region)."""
    above = Region.__table__.alias("above")
    stmt = (
        select(Region.code, above.c.code.label("parent"))
        .join(RegionTree, RegionTree.region_id == Region.id)
        .join(above, above.c.id == RegionTree.ancestor_id)
        .where(RegionTree.depth == 1)
    )
    if codes is not None:
        stmt = stmt.where(Region.code.in_(codes))
    with read_once() as conn:
        return dict(conn.execute(stmt).all())


@dataclass(frozen=True)
class StoredOutlook:
    """What a view reads of a period's stored outlook, from one snapshot."""

    projections: pd.DataFrame  # region, code and PROJECTION_FIELDS
    totals: pd.DataFrame  # region and TOTAL_FIELDS


def _still_stored(conn, period_id: int) -> bool:
    return (
        conn.execute(
            select(AssessedPeriod.id).where(
                AssessedPeriod.id == period_id,
                AssessedPeriod.projected_version.is_not(None),
            )
        ).first()
        is not None
    )


def _projections(period_id: int, regions: list[str]):
    columns = [getattr(AssessedProjection, name) for name in PROJECTION_FIELDS]
    return (
        select(Region.code.label("region"), Indicator.code.label("code"), *columns)
        .join(Region, Region.id == AssessedProjection.region_id)
        .join(Indicator, Indicator.id == AssessedProjection.indicator_id)
        .where(AssessedProjection.period_id == period_id, Region.code.in_(regions))
    )


def _totals(period_id: int, regions: list[str]):
    return (
        select(Region.code.label("region"),
               *[getattr(AssessedOutlook, name) for name in TOTAL_FIELDS])
        .join(Region, Region.id == AssessedOutlook.region_id)
        .where(AssessedOutlook.period_id == period_id, Region.code.in_(regions))
    )  # fmt: skip


def stored_outlook(period_id: int, regions: list[str]) -> StoredOutlook | None:
    """The stored outlook of ``regions`` in a period (None: the period was replaced,
    or its outlook cleared, since the caller found it valid)."""
    with read_snapshot() as conn:
        if not _still_stored(conn, period_id):
            return None
        return StoredOutlook(
            pd.read_sql_query(_projections(period_id, regions), conn),
            pd.read_sql_query(_totals(period_id, regions), conn),
        )


def stored_totals(period_id: int, regions: list[str]) -> pd.DataFrame | None:
    """The projected totals of ``regions`` in a period: region and TOTAL_FIELDS
    (None as ``stored_outlook``)."""
    with read_snapshot() as conn:
        if not _still_stored(conn, period_id):
            return None
        return pd.read_sql_query(_totals(period_id, regions), conn)


WORRYING = ("unlikely", "at_risk")


@dataclass(frozen=True)
class StoredWarnings:
    """The head of a scope's 预警清单 and how many are in it."""

    head: pd.DataFrame  # region, code and PROJECTION_FIELDS, the most urgent first
    unlikely: int
    at_risk: int


def stored_warnings(
    period_id: int, regions: list[str], shown: int
) -> StoredWarnings | None:
    """The ``shown`` most urgent warnings of ``regions`` (难以完成 before 存在风险, the
    least likely, then the largest shortfall first) and the counts, in SQL."""
    p = AssessedProjection
    urgent = (
        _projections(period_id, regions)
        .where(p.outlook.in_(WORRYING))
        .order_by(case((p.outlook == "unlikely", 0), else_=1),
                  p.chance, p.shortfall, Region.code,
                  Indicator.code)
        .limit(shown)
    )  # fmt: skip
    counts = (
        select(p.outlook, func.count())
        .join(Region, Region.id == p.region_id)
        .where(p.period_id == period_id, p.outlook.in_(WORRYING),
               Region.code.in_(regions))
        .group_by(p.outlook)
    )  # fmt: skip
    with read_snapshot() as conn:
        if not _still_stored(conn, period_id):
            return None
        head = pd.read_sql_query(urgent, conn)
        found = dict(conn.execute(counts).all())
    return StoredWarnings(head, found.get("unlikely", 0), found.get("at_risk", 0))
