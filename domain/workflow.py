"""The reporting workflow's rules, as pure functions.

- A county's month moves 草稿 → 已提交 → 已审核, or back to 退回 (with a reason);
  any data change puts it back to 草稿.
- For indicators the city sums from its counties, the counties' targets must add up
  to at least the city's.
- The indicator weights total 100.
- A month is published only once it has ended, has targets and every county's
  figures are approved.

The write layer applies these inside its transactions; the answers here say what is
wrong as data (a key and its values), so each caller words it in its own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.cycle import due_date

WEIGHT_TOTAL = 100.0
TOLERANCE = 1e-6


class SubmissionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class SubmissionAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


# action → (states it may start from, the state it leads to)
TRANSITIONS: dict[
    SubmissionAction, tuple[frozenset[SubmissionState], SubmissionState]
] = {
    SubmissionAction.SUBMIT: (
        frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED}),
        SubmissionState.SUBMITTED,
    ),
    SubmissionAction.APPROVE: (
        frozenset({SubmissionState.SUBMITTED}),
        SubmissionState.APPROVED,
    ),
    SubmissionAction.RETURN: (
        frozenset({SubmissionState.SUBMITTED, SubmissionState.APPROVED}),
        SubmissionState.RETURNED,
    ),
}


@dataclass(frozen=True)
class Violation:
    """A rule broken: ``key`` names it, ``values`` fill in its message."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


def next_state(
    current: SubmissionState | str | None, action: SubmissionAction | str
) -> SubmissionState | Violation:
    """Where ``action`` takes a month in state ``current`` (None: nothing reported),
    or the violation when it may not."""
    try:
        action = SubmissionAction(action)
    except ValueError:
        return Violation("unknown_action", {"action": str(action)})
    allowed, target = TRANSITIONS[action]
    state = SubmissionState(current) if current is not None else None
    if state not in allowed:
        return Violation("wrong_state", {"state": state})
    return target


def target_shortfalls(
    city: Mapping[str, float | None],
    counties: Iterable[Mapping[str, float | None]],
    summed: Iterable[str],
) -> list[Violation]:
    """For each summed indicator with a city target, a violation when the counties'
    targets (missing ones count as 0) add up to less than it."""
    counties = list(counties)
    found = []
    for code in summed:
        city_target = city.get(code)
        if city_target is None:
            continue
        total = sum(c.get(code) or 0 for c in counties)
        if total < city_target - 1e-9:
            found.append(
                Violation("targets_below_city",
                          {"indicator": code, "sum": total, "city": city_target})
            )  # fmt: skip
    return found


def weights_problem(weights: Mapping[str, float]) -> Violation | None:
    """None when the weights total 100, else the violation with the total."""
    total = sum(weights.values())
    if abs(total - WEIGHT_TOTAL) > TOLERANCE:
        return Violation("weights_total", {"total": total})
    return None


def publish_problem(
    year: int,
    month: int,
    today: date,
    has_targets: bool,
    not_approved: Sequence[str],
    *,
    reason: str | None = None,
    due_day: int = 5,
) -> Violation | None:
    """Why the month (year, month) may not be published today, or None: only a month
    that has ended, has targets and has every county's figures approved (a month is
    published once, so publishing one too early takes away its real ranking). With
    counties missing it may be published past its due day and with a ``reason``
    (they are then marked 未报送)."""
    if (year, month) >= (today.year, today.month):
        return Violation("err_publish_not_ended", {"year": year, "month": month})
    if not has_targets:
        return Violation("err_publish_no_targets", {"year": year, "month": month})
    past_due = today > due_date(year, month, due_day)
    if not_approved and not (past_due and reason and reason.strip()):
        return Violation("err_publish_not_approved", {"year": year, "month": month,
                         "count": len(not_approved), "names": tuple(not_approved)})  # fmt: skip
    return None


def edit_problem(
    status: SubmissionState | str | None,
    has_approved: bool,
    reason: str | None,
    withdraw_confirmed: bool,
) -> Violation | None:
    """Why a month's figures may not be changed as asked, or None. A submitted month
    is changed only once the writer has confirmed withdrawing it (确认撤回提交并修改);
    a month with approved figures only with a reason (更正原因): a correction goes back
    to the office and the dashboards keep the approved figures until it approves."""
    if status == SubmissionState.SUBMITTED and not withdraw_confirmed:
        return Violation("err_edit_submitted")
    if has_approved and not (reason and reason.strip()):
        return Violation("err_correction_reason")
    return None
