"""The month's state at each date around its due day, and the default period."""

from __future__ import annotations

from datetime import date

import pytest

from domain.cycle import (
    MonthInfo,
    MonthState,
    days_late,
    days_to_due,
    default_period,
    month_state,
)

DUE = 5


@pytest.mark.parametrize(
    ("today", "approved", "published", "state"),
    [
        (date(2026, 11, 30), 0, False, MonthState.NOT_STARTED),  # November not ended
        (date(2026, 11, 30), 7, False, MonthState.NOT_STARTED),
        (date(2026, 12, 1), 0, False, MonthState.OPEN),  # the 1st: reporting opens
        (date(2026, 12, 1), 3, False, MonthState.OPEN),
        (date(2026, 12, 5), 6, False, MonthState.OPEN),  # the due day itself
        (date(2026, 12, 6), 6, False, MonthState.CLOSED),  # the 6th: past due
        (date(2027, 2, 1), 0, False, MonthState.CLOSED),
        (date(2026, 12, 3), 7, False, MonthState.APPROVED),  # all approved, early
        (date(2026, 12, 9), 7, False, MonthState.APPROVED),
        (date(2026, 12, 9), 7, True, MonthState.PUBLISHED),
        (date(2026, 12, 9), 5, True, MonthState.PUBLISHED),  # published with a reason
    ],
)
def test_cyc001_the_state_of_november_around_its_due_day(
    today, approved, published, state
):
    assert month_state(2026, 11, today, DUE, approved=approved, units=7,
                       published=published) is state  # fmt: skip


def test_cyc002_december_rolls_into_january():
    assert month_state(2026, 12, date(2026, 12, 31), DUE, approved=0, units=7) is (
        MonthState.NOT_STARTED
    )
    assert month_state(2026, 12, date(2027, 1, 5), DUE, approved=0, units=7) is (
        MonthState.OPEN
    )
    assert month_state(2026, 12, date(2027, 1, 6), DUE, approved=0, units=7) is (
        MonthState.CLOSED
    )


def test_cyc003_a_configured_opening_day():
    assert month_state(2026, 11, date(2026, 12, 2), DUE, approved=0, units=7,
                       open_day=3) is MonthState.NOT_STARTED  # fmt: skip
    assert month_state(2026, 11, date(2026, 12, 3), DUE, approved=0, units=7,
                       open_day=3) is MonthState.OPEN  # fmt: skip


def test_cyc004_days_late_and_to_the_due_day():
    assert days_late(2026, 11, DUE, date(2026, 12, 5)) == 0
    assert days_late(2026, 11, DUE, date(2026, 12, 9)) == 4
    assert days_to_due(2026, 11, DUE, date(2026, 12, 1)) == 4
    assert days_to_due(2026, 11, DUE, date(2026, 12, 8)) == -3


def _months(today: date, drafts_in_december: bool) -> list[MonthInfo]:
    found = []
    for month, approved in ((10, 7), (11, 3), (12, 0 if drafts_in_december else 0)):
        state = month_state(2026, month, today, DUE, approved=approved, units=7)
        found.append(MonthInfo(2026, month, state, approved, 7))
    return found


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 1), (2026, 10)),  # November open, December not started
        (date(2026, 12, 5), (2026, 10)),
        (date(2026, 12, 6), (2026, 11)),  # November past due: closed
        (date(2027, 1, 6), (2026, 12)),
    ],
)
def test_cyc005_the_default_is_the_newest_closed_month(today, expected):
    """The probe: on 1 December a draft for December made December the default
    (序时进度 100 %, six counties at 0.00 不合格)."""
    assert default_period(_months(today, drafts_in_december=True)) == expected


def test_cyc006_no_closed_month_no_default():
    assert default_period([MonthInfo(2026, 1, MonthState.OPEN, 0, 7)]) is None
