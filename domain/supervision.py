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


@dataclass(frozen=True)
class Opening:
    """The rule holds for an indicator: ``trigger`` (alert, lagging) since month
    ``since`` of the statuses (1-based), the start of the run that meets it. One item
    is opened a run: the run's start is part of the item's key."""

    trigger: str
    since: int


def _run_start(statuses: Sequence[Status | None], members: frozenset) -> int:
    """The 1-based index where the run of ``members`` ending at the last month began
    (len + 1 where the last month is not one)."""
    start = len(statuses)
    while start > 0 and statuses[start - 1] in members:
        start -= 1
    return start + 1


def opens(statuses: Sequence[Status | None], rule: OpeningRule) -> Opening | None:
    """Whether a county's indicator calls for an item in the latest of its monthly
    ``statuses`` (oldest first, None where not assessed): it is 预警 now, or has been
    滞后 (or worse) for the rule's months running. The answer names the run's start,
    so that a run opens one item however often it is asked (and one already running
    when the rule is first applied opens one too)."""
    if not statuses:
        return None
    if rule.on_alert and statuses[-1] == Status.ALERT:
        return Opening("alert", _run_start(statuses, frozenset({Status.ALERT})))
    months = rule.lagging_months
    since = _run_start(statuses, _BEHIND)
    if months > 0 and len(statuses) - since + 1 >= months:
        return Opening("lagging", since)
    return None


def gap_change(opened_gap: float | None, gap_now: float | None) -> float | None:
    """How far the indicator's gap (points behind time progress) has closed since
    the item was opened: positive when it has narrowed."""
    if opened_gap is None or gap_now is None:
        return None
    return opened_gap - gap_now


class ProgressStatus(StrEnum):
    """A policy measure's state in a month, as its lead department reports it."""

    NOT_STARTED = "not_started"  # 未启动
    IN_PROGRESS = "in_progress"  # 推进中
    DONE = "done"  # 已完成
    LAGGING = "lagging"  # 滞后


NOTE_LIMIT = 500  # characters of a progress note or a step's note


# Attachments: at most this many a step, each at most this large, of these types
# (the file's first bytes must agree with its name).
# (two of 2 MB stay within a request's limit, MAX_UPLOAD_MB × 1.4 as base64).
ATTACHMENTS_PER_STEP = 2
ATTACHMENT_BYTES = 2 * 1024 * 1024
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             (b"PK\x03\x04",)),
}  # fmt: skip


def attachment_type(filename: str, size: int, head: bytes) -> str | Refused:
    """The content type an attachment is stored with, or why it is refused: its
    name's extension must be one of ``ATTACHMENT_TYPES``, its first bytes that type's,
    and its size at most ``ATTACHMENT_BYTES``."""
    name = (filename or "").strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        return Refused("item_file_type", {"name": name[:80],
                                          "types": "/".join(ATTACHMENT_TYPES)})  # fmt: skip
    if size <= 0 or size > ATTACHMENT_BYTES:
        return Refused("item_file_size", {"name": name[:80],
                                          "limit": ATTACHMENT_BYTES // (1024 * 1024)})  # fmt: skip
    content_type, magics = ATTACHMENT_TYPES[extension]
    if not any(head.startswith(m) for m in magics):
        return Refused("item_file_content", {"name": name[:80]})
    return content_type


def overdue_progress(
    status: ProgressStatus | None, updated_month: int | None, month: int
) -> bool:
    """A measure is overdue in ``month`` when its department says it lags, or has
    not reported it for the month (its last word is older, or there is none); a
    measure done stays done."""  # fmt: skip
    if status == ProgressStatus.DONE:
        return False
    return status == ProgressStatus.LAGGING or updated_month != month
