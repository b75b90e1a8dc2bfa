"""督查督办 as pure rules (issue 23): a follow-up item's life, its deadline light, and
when an indicator opens or may close one.

- An item moves 交办 → 签收 → 办理中 → 已反馈 → 复核 → 办结, or from 复核 back to 办理中
  (退回, with a reason). The responsible county or department signs for it, works on it
  and reports back; the office reviews, returns or closes it; 催办 (urging) is recorded
  in any open state and moves nothing.
- An item opened by the rules (an indicator turned 预警, or 滞后 for some months running)
  closes as 已整改 only once its indicator is back to 达标; otherwise the office closes
  it with a reason. A hand-opened item is closed by the office with a note.
- An open item is yellow from three days before its due date and red after it.

Answers are data (a key and its values); callers word them in their language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.model import Status


class ItemState(StrEnum):
    ASSIGNED = "assigned"  # 交办
    SIGNED = "signed"  # 签收
    IN_PROGRESS = "in_progress"  # 办理中
    REPORTED = "reported"  # 已反馈
    REVIEWING = "reviewing"  # 复核
    CLOSED = "closed"  # 办结


class ItemAction(StrEnum):
    SIGN = "sign"  # 签收
    START = "start"  # 开始办理
    REPORT = "report"  # 反馈
    REVIEW = "review"  # 复核
    RETURN = "return"  # 退回
    CLOSE = "close"  # 办结
    URGE = "urge"  # 催办


class Party(StrEnum):
    """Who acts on an item: the unit it was assigned to, or the office."""

    RESPONSIBLE = "responsible"
    OFFICE = "office"


class Closure(StrEnum):
    RECTIFIED = "rectified"  # 已整改: the indicator is back to 达标
    WITH_REASON = "with_reason"  # the office closed it with a reason


OPEN_STATES = frozenset(set(ItemState) - {ItemState.CLOSED})

# action → (who may take it, the states it starts from, the state it leads to; None:
# the state stays)
TRANSITIONS: dict[ItemAction, tuple[Party, frozenset[ItemState], ItemState | None]] = {
    ItemAction.SIGN: (Party.RESPONSIBLE, frozenset({ItemState.ASSIGNED}),
                      ItemState.SIGNED),
    ItemAction.START: (Party.RESPONSIBLE, frozenset({ItemState.SIGNED}),
                       ItemState.IN_PROGRESS),
    ItemAction.REPORT: (Party.RESPONSIBLE, frozenset({ItemState.IN_PROGRESS}),
                        ItemState.REPORTED),
    ItemAction.REVIEW: (Party.OFFICE, frozenset({ItemState.REPORTED}),
                        ItemState.REVIEWING),
    ItemAction.RETURN: (Party.OFFICE, frozenset({ItemState.REVIEWING}),
                        ItemState.IN_PROGRESS),
    ItemAction.CLOSE: (Party.OFFICE, frozenset({ItemState.REVIEWING}),
                       ItemState.CLOSED),
    ItemAction.URGE: (Party.OFFICE, OPEN_STATES, None),
}  # fmt: skip

# Actions that must say why (a note, a reason).
NEEDS_NOTE = frozenset({ItemAction.REPORT, ItemAction.RETURN})


@dataclass(frozen=True)
class Refused:
    """Why an action cannot be taken: a message key and its values."""

    key: str
    values: Mapping[str, object]


@dataclass(frozen=True)
class Step:
    """What an allowed action does: the state after it and, for a close, how the
    item was closed."""

    state: ItemState
    closure: Closure | None = None


def take(
    state: ItemState, action: ItemAction, party: Party, note: str = "",
    automatic: bool = False, status_now: Status | None = None,
) -> Step | Refused:  # fmt: skip
    """The step ``action`` by ``party`` takes an item in ``state``, or why not.

    Closing an automatic item is 已整改 when its indicator is back to 达标
    (``status_now``); otherwise, and for a hand-opened item, it needs the office's
    reason (``note``)."""
    if action not in TRANSITIONS:
        return Refused("item_unknown_action", {"action": str(action)})
    who, starts, leads = TRANSITIONS[action]
    if party != who:
        return Refused("item_not_yours", {"action": str(action)})
    if state not in starts:
        return Refused("item_wrong_state", {"action": str(action), "state": str(state)})
    said = note.strip()
    if action in NEEDS_NOTE and not said:
        return Refused("item_note_needed", {"action": str(action)})
    if action == ItemAction.CLOSE:
        if automatic and status_now == Status.ON_TRACK:
            return Step(ItemState.CLOSED, Closure.RECTIFIED)
        if not said:
            key = "item_not_rectified" if automatic else "item_note_needed"
            return Refused(key, {"action": str(action)})
        return Step(ItemState.CLOSED, Closure.WITH_REASON)
    return Step(state if leads is None else leads)


class Light(StrEnum):
    NONE = "none"
    YELLOW = "yellow"  # due within three days
    RED = "red"  # overdue


WARN_DAYS = 3


def light(state: ItemState, due: date, today: date) -> Light:
    """An open item's deadline light (a closed one has none)."""
    if state == ItemState.CLOSED:
        return Light.NONE
    if today > due:
        return Light.RED
    if today >= due - timedelta(days=WARN_DAYS):
        return Light.YELLOW
    return Light.NONE


@dataclass(frozen=True)
class OpeningRule:
    """When an indicator opens an item by itself: it turned 预警 (``on_alert``), or
    it has been 滞后 (or worse) for ``lagging_months`` months running (0: never)."""

    on_alert: bool = True
    lagging_months: int = 3


_BEHIND = frozenset({Status.LAGGING, Status.NEAR_CAP, Status.ALERT})


def opens(statuses: Sequence[Status | None], rule: OpeningRule) -> str | None:
    """Whether a county's indicator opens an item in the latest of its monthly
    ``statuses`` (oldest first, None where not assessed): "alert" where it has just
    turned 预警, "lagging" where it has been behind for the rule's months and was
    not the month before, else None (an item is opened once, when the rule is first
    met)."""
    if not statuses:
        return None
    now = statuses[-1]
    before = statuses[-2] if len(statuses) > 1 else None
    if rule.on_alert and now == Status.ALERT and before != Status.ALERT:
        return "alert"
    months = rule.lagging_months
    if months <= 0 or len(statuses) < months:
        return None
    run = statuses[-months:]
    if all(s in _BEHIND for s in run):
        earlier = statuses[-months - 1] if len(statuses) > months else None
        if earlier not in _BEHIND:
            return "lagging"
    return None


def gap_change(opened_gap: float | None, gap_now: float | None) -> float | None:
    """How far the indicator's gap (points behind time progress) has closed since
    the item was opened: positive when it has narrowed."""
    if opened_gap is None or gap_now is None:
        return None
    return opened_gap - gap_now
