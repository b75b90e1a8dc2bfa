"""Data quality: the figures the soft checks read, the counties' 情况说明 (read and
written) and the month's review counts. Plain arguments in, DataFrames out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, func, insert, or_, select

from data_access.accounts import AccessDenied, Actor, require
from data_access.engine import read_once, write_transaction
from data_access.imports import load_catalogue
from data_access.models import (
    AssessmentInvalidation,
    Explanation,
    Indicator,
    Region,
    Report,
    ReturnItem,
    SavedAlias,
    Submission,
    SubmissionEvent,
    Target,
)
from data_access.queries import _frame
from data_access.writes import WriteRefused, data_transaction, stale_from
from domain.model import COUNTY

EXPLANATION_CHARS = 500
MEASURES_CHARS = 500
EXPLANATIONS_AT_ONCE = 100


def _figures(*where) -> pd.DataFrame:
    return _frame(
        select(Region.code.label("region"), Indicator.code.label("indicator"),
               Report.year, Report.month, Report.value)
        .join(Region, Region.id == Report.region_id)
        .join(Indicator, Indicator.id == Report.indicator_id)
        .where(Region.level == COUNTY, *where)
    )  # fmt: skip


def check_figures(
    year: int, month: int, regions: Sequence[str] | None = None
) -> pd.DataFrame:
    """The counties' working figures the soft checks of (year, month) read (of the
    counties ``regions`` only, where given): this year's months up to ``month``, and
    of every earlier year the month and the one before (December's for January)."""
    earlier = [Report.year < year, Report.month.in_((month - 1, month))]
    periods = or_(and_(Report.year == year, Report.month <= month), and_(*earlier))
    if month == 1:
        periods = or_(periods, and_(Report.year == year - 1, Report.month == 12))
    chosen = [] if regions is None else [Region.code.in_(list(regions))]
    return _figures(periods, *chosen)


def peer_figures(
    year: int, month: int, regions: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every county's (or the counties ``regions``') working figures of (year, month)
    and of the month before in the same year: what a county's figure is compared
    with among its peers."""
    chosen = [] if regions is None else [Region.code.in_(list(regions))]
    return _figures(Report.year == year, Report.month.in_((month - 1, month)), *chosen)


def check_targets(year: int, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Every county's (or the counties ``regions``') targets of ``year``: region,
    indicator, value."""
    chosen = [] if regions is None else [Region.code.in_(list(regions))]
    return _frame(
        select(Region.code.label("region"), Indicator.code.label("indicator"),
               Target.value)
        .join(Region, Region.id == Target.region_id)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .where(Target.year == year, Region.level == COUNTY, *chosen)
    )  # fmt: skip


def changed_counties(
    version: int, stamp: str, year: int, month: int
) -> set[str] | None:
    """The regions whose figures of (year, month) or of the month before, or whose
    targets of ``year``, changed after data ``version`` (written with ``stamp``); None
    where that cannot be told: the data has another history since (``version`` is
    not the write with ``stamp``: a restore, an older copy put in place) or a change
    was not to named regions' own figures."""
    change = AssessmentInvalidation
    with read_once() as conn:
        rows = conn.execute(
            select(change.version, change.stamp, change.from_year, change.month,
                   change.region)
            .where(change.from_year <= year, change.version >= version)
        ).all()  # fmt: skip
    if not any(row.version == version and row.stamp == stamp for row in rows):
        return None
    found = set()
    for row in rows:
        if row.version == version:
            continue
        if row.region is None:
            return None
        # Without a month: the region's targets (of any year: from_year 0).
        if row.month is None or (
            row.from_year == year and row.month in (month - 1, month)
        ):
            found.add(row.region)
    return found


def check_scores() -> dict[str, float]:
    """The indicators whose catalogue sets their own history threshold."""
    rows = select(Indicator.code, Indicator.check_score).where(
        Indicator.check_score.is_not(None)
    )
    return {r.code: float(r.check_score) for r in _frame(rows).itertuples()}


def _newest():
    """The id of each figure's newest explanation."""
    return select(func.max(Explanation.id)).group_by(
        Explanation.region_id, Explanation.indicator_id, Explanation.year,
        Explanation.month)  # fmt: skip


def explanations(
    year: int | None = None,
    month: int | None = None,
    region: str | None = None,
    indicator: str | None = None,
) -> pd.DataFrame:
    """The current 情况说明 of figures (the newest of each), filtered by whatever is
    given: region, indicator, year, month, text, measures, value, by, at."""
    where = [Explanation.id.in_(_newest())]
    if year is not None:
        where.append(Explanation.year == year)
    if month is not None:
        where.append(Explanation.month == month)
    if region is not None:
        where.append(Region.code == region)
    if indicator is not None:
        where.append(Indicator.code == indicator)
    return _frame(
        select(Region.code.label("region"), Indicator.code.label("indicator"),
               Explanation.year, Explanation.month, Explanation.text,
               Explanation.measures, Explanation.value, Explanation.by,
               Explanation.at)
        .join(Region, Region.id == Explanation.region_id)
        .join(Indicator, Indicator.id == Explanation.indicator_id)
        .where(*where)
        .order_by(Explanation.year, Explanation.month, Region.sort_order,
                  Indicator.sort_order)
    )  # fmt: skip


def last_return(region: str, year: int, month: int) -> tuple[datetime | None, dict]:
    """The newest return of a county's month: when, and its reasons by indicator."""
    region_id = select(Region.id).where(Region.code == region).scalar_subquery()
    found = _frame(
        select(SubmissionEvent.id, SubmissionEvent.at)
        .where(SubmissionEvent.region_id == region_id, SubmissionEvent.year == year,
               SubmissionEvent.month == month, SubmissionEvent.action == "return")
        .order_by(SubmissionEvent.id.desc()).limit(1)
    )  # fmt: skip
    if found.empty:
        return None, {}
    items = _frame(
        select(Indicator.code, ReturnItem.reason)
        .join(Indicator, Indicator.id == ReturnItem.indicator_id)
        .where(ReturnItem.event_id == int(found.id.iloc[0]),
               ReturnItem.action == "return")
    )  # fmt: skip
    return found["at"].iloc[0].to_pydatetime(), dict(
        zip(items.code, items.reason, strict=True)
    )


def review_counts(year: int, month: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per county and month of ``year`` (up to ``month``): how many 情况说明 its
    figures have (current ones), how often the month was returned and corrected."""
    explained = _frame(
        select(Region.code.label("region"), Explanation.month,
               func.count().label("explained"))
        .join(Region, Region.id == Explanation.region_id)
        .where(Explanation.id.in_(_newest()), Explanation.year == year,
               Explanation.month <= month)
        .group_by(Region.code, Explanation.month)
    )  # fmt: skip
    events = _frame(
        select(Region.code.label("region"), SubmissionEvent.month,
               SubmissionEvent.action, func.count().label("times"))
        .join(Region, Region.id == SubmissionEvent.region_id)
        .where(SubmissionEvent.year == year, SubmissionEvent.month <= month,
               SubmissionEvent.action.in_(("return", "correct")))
        .group_by(Region.code, SubmissionEvent.month, SubmissionEvent.action)
    )  # fmt: skip
    return explained, events


def write_explanations(
    actor: Actor,
    region: str,
    year: int,
    month: int,
    items: Mapping[str, tuple[str, str | None]],
    now: datetime | None = None,
) -> int:
    """Keep the county's 情况说明 on its figures of the month: indicator code →
    (text, measures). A county writes its own; the office any county's (代报). Each
    becomes the figure's current explanation, the earlier ones its history. Returns
    how many were written; an empty text or an unknown indicator is refused."""
    require(actor.may_write_region(region), "err_explanation_own")
    now = now or datetime.now()
    cleaned = {}
    for code, (text_, measures) in list(items.items())[:EXPLANATIONS_AT_ONCE]:
        text_ = (text_ or "").strip()[:EXPLANATION_CHARS]
        if not text_:
            raise WriteRefused("err_explanation_empty")
        cleaned[str(code)[:64]] = (
            text_,
            (measures or "").strip()[:MEASURES_CHARS] or None,
        )
    if not cleaned:
        raise WriteRefused("err_explanation_empty")
    with data_transaction() as conn:
        stale_from(conn, [])  # no score changes: only the texts shown beside them
        region_id = conn.execute(
            select(Region.id).where(Region.code == region, Region.level == COUNTY)
        ).scalar()
        if region_id is None:
            raise AccessDenied("err_no_county")
        ids = dict(conn.execute(select(Indicator.code, Indicator.id)
                                .where(Indicator.code.in_(list(cleaned)))).all())  # fmt: skip
        unknown = set(cleaned) - set(ids)
        if unknown:
            raise WriteRefused("err_unknown_indicator", code=sorted(unknown)[0])
        values = dict(conn.execute(
            select(Report.indicator_id, Report.value)
            .where(Report.region_id == region_id, Report.year == year,
                   Report.month == month)).all())  # fmt: skip
        conn.execute(insert(Explanation), [
            {"region_id": region_id, "indicator_id": ids[code], "year": year,
             "month": month, "text": text_, "measures": measures,
             "value": values.get(ids[code]), "by": actor.username, "at": now}
            for code, (text_, measures) in cleaned.items()
        ])  # fmt: skip
    return len(cleaned)


def submission_status(region: str, year: int, month: int) -> str | None:
    found = _frame(
        select(Submission.status)
        .join(Region, Region.id == Submission.region_id)
        .where(
            Region.code == region, Submission.year == year, Submission.month == month
        )
    )
    return None if found.empty else str(found.status.iloc[0])


ALIAS_FIELDS = {"region": Region, "indicator": Indicator}


def save_alias(actor: Actor, field: str, wording: str, code: str, now=None) -> bool:
    """Keep a file's wording as another name of a county or an indicator, for every
    file from now on (the office only). Returns False where the wording already
    named that one; a wording naming another one is refused."""
    require(actor.is_supervisor, "err_alias_supervisor")
    model = ALIAS_FIELDS.get(field)
    wording = (wording or "").strip()[:200] if isinstance(wording, str) else ""
    if model is None or not wording:
        raise WriteRefused("err_alias_bad")
    with write_transaction() as conn:
        if conn.execute(select(model.id).where(model.code == code)).scalar() is None:
            raise WriteRefused("err_alias_bad")
        named = load_catalogue(conn)
        known = (named.region if field == "region" else named.indicator)(wording)
        if known == code:
            return False
        if known is not None:
            raise WriteRefused("err_alias_taken", wording=wording[:40])
        conn.execute(insert(SavedAlias).values(field=field, wording=wording, code=code,
                                               by=actor.username, at=now or datetime.now()))  # fmt: skip
    return True
