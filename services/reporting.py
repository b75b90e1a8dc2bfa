"""Monthly reporting as the 数据报送 page shows it: who has reported, the entry grid's
figures and the change history, as typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from data_access import queries
from data_access.accounts import Actor
from data_access.rows import records
from settings import current_settings

DONE = ("submitted", "approved")


def due_date(year: int, month: int, due_day: int) -> date:
    """Reports for a month are due on ``due_day`` of the month after."""
    return date(year + (month == 12), month % 12 + 1, due_day)


@dataclass(frozen=True)
class SubmissionRow:
    region: str
    name_zh: str
    name_en: str
    status: str | None  # None: nothing reported yet
    reason: str | None
    submitted_at: datetime | None
    due: date
    late: bool


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


def submission_overview(
    year: int, month: int, today: date, due_day: int | None = None
) -> list[SubmissionRow]:
    """Every county's submission with its due date and whether it is late."""
    due_day = current_settings().report_due_day if due_day is None else due_day
    due = due_date(year, month, due_day)
    return [
        SubmissionRow(region=r["region"], name_zh=r["name_zh"], name_en=r["name_en"],
                      status=r["status"], reason=r["reason"],
                      submitted_at=r["submitted_at"], due=due,
                      late=r["status"] not in DONE and today > due)
        for r in records(queries.submissions(year, month))
    ]  # fmt: skip


def scope_region(actor: Actor | None, chosen, counties: list[str]) -> str:
    """The county the page works on: a county official's own, else the one chosen."""
    if actor is not None and actor.role == "county" and actor.region:
        return actor.region
    return chosen if chosen in counties else counties[0]


def month_figures(region: str, year: int, month: int) -> list[MonthFigure]:
    names = MonthFigure.__dataclass_fields__
    return [MonthFigure(**{k: v for k, v in r.items() if k in names})
            for r in records(queries.month_values(region, year, month))]  # fmt: skip


def report_changes(region: str, indicator: str | None, limit: int = 100):
    return [
        ReportChange(**r)
        for r in records(queries.report_history(region, indicator, limit))
    ]
