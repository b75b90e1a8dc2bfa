"""The monthly cycle (报送 → 审核 → 截止 → 排名 → 通报), as pure functions of dates
and counts.

A month is 未开始 until it has ended (nothing can be reported for it), then 报送中 from
the first day of the next month (``open_day``) until its due day, then 已截止; it is
已审定 once every county's figures are approved, and 已发布 once the office has
published its ranking. What a reader sees by default is the newest month that is
closed (已截止, 已审定 or 已发布), never one that is still being reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MonthState(StrEnum):
    NOT_STARTED = "not_started"  # 未开始: the month has not ended
    OPEN = "open"  # 报送中: counties report, until the due day
    CLOSED = "closed"  # 已截止: past the due day
    APPROVED = "approved"  # 已审定: every county approved
    PUBLISHED = "published"  # 已发布: the ranking is announced


CLOSED_STATES = frozenset(
    {MonthState.CLOSED, MonthState.APPROVED, MonthState.PUBLISHED}
)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def opens_on(year: int, month: int, open_day: int = 1) -> date:
    """The first day figures for (year, month) may be reported: ``open_day`` of the
    month after (the 1st unless configured otherwise)."""
    return date(*next_month(year, month), open_day)


def due_date(year: int, month: int, due_day: int) -> date:
    """Reports for a month are due on ``due_day`` of the month after."""
    return date(*next_month(year, month), due_day)


def has_ended(year: int, month: int, today: date) -> bool:
    return today >= date(*next_month(year, month), 1)


def days_late(year: int, month: int, due_day: int, when: date) -> int:
    """Days after the due day that ``when`` is (0 on or before it)."""
    return max(0, (when - due_date(year, month, due_day)).days)


def days_to_due(year: int, month: int, due_day: int, today: date) -> int:
    """Days from ``today`` to the due day (negative: overdue by that many)."""
    return (due_date(year, month, due_day) - today).days


def month_state(
    year: int,
    month: int,
    today: date,
    due_day: int,
    *,
    approved: int,
    units: int,
    published: bool = False,
    open_day: int = 1,
) -> MonthState:
    """The state of (year, month) on ``today``: ``approved`` of ``units`` counties
    have approved figures; ``published`` whether its ranking is announced."""
    if today < opens_on(year, month, open_day):
        return MonthState.NOT_STARTED
    if published:
        return MonthState.PUBLISHED
    if units > 0 and approved >= units:
        return MonthState.APPROVED
    if today <= due_date(year, month, due_day):
        return MonthState.OPEN
    return MonthState.CLOSED


@dataclass(frozen=True)
class MonthInfo:
    """A month on offer with its state and how many counties are approved."""

    year: int
    month: int
    state: MonthState
    approved: int
    units: int
    due: date | None = None  # its reports' due day

    @property
    def closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def provisional(self) -> bool:
        """Shown before its figures are final: counties may still report."""
        return not self.closed


def default_period(months: Iterable[MonthInfo]) -> tuple[int, int] | None:
    """The newest closed month: what every page, export and the bulletin link show
    when the URL names no period."""
    closed = [(m.year, m.month) for m in months if m.closed]
    return max(closed) if closed else None
