"""Monthly reporting as the 数据报送 page shows it: who has reported, the entry grid's
figures and the change history, as typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from data_access import queries
from data_access.accounts import Actor
from data_access.rows import records
from domain.cycle import days_late, due_date
from services.schemes import rules_for
from settings import current_settings

DONE = ("submitted", "approved")


@dataclass(frozen=True)
class SubmissionRow:
    region: str
    name_zh: str
    name_en: str
    status: str | None  # None: nothing reported yet
    reason: str | None
    submitted_at: datetime | None
    due: date
    late: bool  # not in yet, and past the due day
    days_late: int = 0  # days after the due day it came (or, not in yet, so far)
    days_left: int | None = None  # not in yet and not due yet: days to the due day
    correcting: bool = False  # approved figures changed: a correction (更正)


@dataclass(frozen=True)
class MonthFigure:
    """One indicator of a county's month, for the entry grid."""

    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    value: float | None
    approved_value: float | None
    previous: float | None
    returned: str | None = None  # the office's reason for returning this indicator


@dataclass(frozen=True)
class ReportChange:
    changed_at: datetime
    changed_by: str
    indicator: str
    name_zh: str
    name_en: str
    year: int
    month: int
    old_value: float | None
    new_value: float | None
    source: str
    file_sha256: str | None
    on_behalf: bool = False  # 代报: the office reported for the county
    decimals: int = 0  # the indicator's own, as its figures are shown
    reason: str | None = None  # a correction's reason


def submission_overview(
    year: int,
    month: int,
    today: date,
    due_day: int | None = None,
    viewer: Actor | None = None,
) -> list[SubmissionRow]:
    """Every county's submission with its due date, whether it is late and by how
    many days (a late submission by the days it came after the due day; one not in
    yet by the days so far). A return's reason is shown only to the office and to
    the county it was returned to (``viewer``)."""
    due_day = current_settings().report_due_day if due_day is None else due_day
    due = due_date(year, month, due_day)
    rows = []
    for r in records(queries.submissions(year, month)):
        waiting = r["status"] not in DONE
        sent = r["submitted_at"].date() if r["submitted_at"] is not None else None
        correcting = bool(r["correcting"])  # figures approved before: never late
        late_by = (0 if correcting else days_late(year, month, due_day, today) if waiting
                   else days_late(year, month, due_day, sent or due))  # fmt: skip
        may_see = may_see_returns(viewer, r["region"])
        rows.append(SubmissionRow(
            region=r["region"], name_zh=r["name_zh"], name_en=r["name_en"],
            status=r["status"], reason=r["reason"] if may_see else None,
            submitted_at=r["submitted_at"], due=due,
            late=waiting and today > due, days_late=late_by,
            correcting=correcting,
            days_left=(due - today).days if waiting and today <= due else None))  # fmt: skip
    return rows


# Beyond this many counties (a province of hundreds, the country) the status list shows
# the ones that need the office first, and the review choice only those awaiting it.
WHOLE_LIST = 25
REVIEW_CHOICES = 200
_URGENCY = {"submitted": 0, "returned": 1, None: 2, "draft": 3, "approved": 4}


def status_excerpt(rows: list[SubmissionRow]) -> tuple[list[SubmissionRow], dict]:
    """The rows a status list shows and the counts by status. A long list is ordered
    by what needs doing (awaiting approval, returned, not reported or late, drafts,
    approved) and cut at WHOLE_LIST; a short one stays in county order."""
    counts: dict = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    if len(rows) <= WHOLE_LIST:
        return rows, counts
    urgent = sorted(rows, key=lambda r: (_URGENCY.get(r.status, 2), not r.late))
    return urgent[:WHOLE_LIST], counts


def review_choices(counties: list, year: int, month: int) -> list:
    """The counties the office may pick to approve or return: all of a city's; of a
    larger data set, those awaiting approval this month (at most REVIEW_CHOICES)."""
    if len(counties) <= REVIEW_CHOICES:
        return counties
    waiting = {r["region"] for r in records(queries.submissions(year, month))
               if r["status"] == "submitted"}  # fmt: skip
    return [c for c in counties if c.code in waiting][:REVIEW_CHOICES]


def scope_region(actor: Actor | None, chosen, counties: list[str]) -> str:
    """The county the page works on: a county official's own, else the one chosen."""
    if actor is not None and actor.role == "county" and actor.region:
        return actor.region
    return chosen if chosen in counties else counties[0]


def typed_items(ids, values) -> dict[str, str]:
    """The per-indicator reasons a page sent (its inputs' ids and values, as Dash
    sends pattern-matching states): indicator code → text; anything else ignored."""
    if not isinstance(ids, list) or not isinstance(values, list):
        return {}
    typed = {}
    for found, value in zip(ids[:200], values[:200], strict=False):
        code = found.get("code") if isinstance(found, dict) else None
        if isinstance(code, str) and isinstance(value, str) and value.strip():
            typed[code[:64]] = value[:500]
    return typed


def may_see_returns(viewer: Actor | None, region: str) -> bool:
    """A return's reasons are for the office and the county returned to alone."""
    return viewer is not None and (viewer.is_supervisor or viewer.region == region)


def month_figures(
    region: str, year: int, month: int, viewer: Actor | None = None
) -> list[MonthFigure]:
    """The county's month for the entry grid (the indicators its year's scheme
    assesses); while it stands returned, each
    indicator the office returned carries its reason (for the office and that
    county, ``viewer``, alone)."""
    names = MonthFigure.__dataclass_fields__
    returned = {}
    if may_see_returns(viewer, region):
        returned = {r["code"]: r["reason"]
                    for r in records(queries.open_return_items(region, year, month))}  # fmt: skip
    counted = dict(rules_for(year).weights)  # the year's scheme's indicators
    return [MonthFigure(**{k: v for k, v in r.items() if k in names},
                        returned=returned.get(r["code"]))
            for r in records(queries.month_values(region, year, month))
            if not counted or r["code"] in counted]  # fmt: skip


def month_corrections(region: str, year: int, month: int) -> list[ReportChange]:
    """The corrections (更正) of a county's month with their reasons, newest first:
    what the county page shows beside the figures they changed."""
    return [ReportChange(**r) for r in records(queries.report_history(
        region, None, 50, period=(year, month), corrections=True))]  # fmt: skip


def report_changes(region: str, indicator: str | None, limit: int = 100):
    return [
        ReportChange(**r)
        for r in records(queries.report_history(region, indicator, limit))
    ]


@dataclass(frozen=True)
class NoticeRow:
    kind: str  # return, reminder, approval
    year: int
    month: int
    by: str
    at: datetime
    text: str | None
    due: date | None


# An approval is news for a week; a return or a reminder stays until acted on.
APPROVAL_SHOWN_DAYS = 7


def open_notices(actor: Actor | None, now: datetime | None = None) -> list[NoticeRow]:
    """The signed-in county's open notices (returns and reminders until it submits
    the month, approvals for a week); nothing for anyone else."""
    if actor is None or actor.role != "county" or not actor.region:
        return []
    now = now or datetime.now()
    frame = queries.open_notices(
        actor.region, now - timedelta(days=APPROVAL_SHOWN_DAYS)
    )
    return [NoticeRow(**r) for r in records(frame)]
