"""督办 items as pure rules (issue 23): the state machine walked by hand, who may take
each step, the deadline light, and when an indicator opens or lets close an item."""

from __future__ import annotations

from datetime import date

import pytest

from domain.model import Status
from domain.supervision import (
    Closure,
    ItemAction,
    ItemState,
    Light,
    Opening,
    OpeningRule,
    Party,
    Refused,
    Step,
    gap_change,
    light,
    opens,
    take,
)

A, S, W, R, V, C = (ItemState.ASSIGNED, ItemState.SIGNED, ItemState.IN_PROGRESS,
                    ItemState.REPORTED, ItemState.REVIEWING, ItemState.CLOSED)  # fmt: skip
UNIT, OFFICE = Party.RESPONSIBLE, Party.OFFICE


def test_sup001_an_item_walks_assigned_to_closed_and_back_once():
    """交办 → 签收 → 办理中 → 已反馈 → 复核 → 退回 → 办理中 → 已反馈 → 复核 → 办结."""
    walk = [
        (A, ItemAction.SIGN, UNIT, "", S),
        (S, ItemAction.START, UNIT, "", W),
        (W, ItemAction.REPORT, UNIT, "已约谈3家企业", R),
        (R, ItemAction.REVIEW, OFFICE, "", V),
        (V, ItemAction.RETURN, OFFICE, "缺少台账", W),
        (W, ItemAction.REPORT, UNIT, "补齐台账", R),
        (R, ItemAction.REVIEW, OFFICE, "", V),
    ]
    for state, action, party, note, after in walk:
        assert take(state, action, party, note) == Step(after), (state, action)
    assert take(V, ItemAction.CLOSE, OFFICE, "已落实") == Step(C, Closure.WITH_REASON)


@pytest.mark.parametrize("action", list(ItemAction))
def test_sup002_each_action_belongs_to_one_party(action):
    """The unit signs, starts and reports; the office reviews, returns, closes and
    urges: the other party is refused in every state."""
    from domain.supervision import TRANSITIONS

    who = TRANSITIONS[action][0]
    other = OFFICE if who == UNIT else UNIT
    for state in ItemState:
        found = take(state, action, other, "说明")
        assert isinstance(found, Refused) and found.key == "item_not_yours"


def test_sup003_a_step_from_the_wrong_state_is_refused():
    assert take(A, ItemAction.REPORT, UNIT, "x").key == "item_wrong_state"
    assert take(W, ItemAction.CLOSE, OFFICE, "x").key == "item_wrong_state"
    assert take(C, ItemAction.URGE, OFFICE).key == "item_wrong_state"  # closed: no 催办
    assert take(C, ItemAction.SIGN, UNIT).key == "item_wrong_state"


def test_sup004_urging_is_recorded_in_any_open_state_and_moves_nothing():
    for state in (A, S, W, R, V):
        assert take(state, ItemAction.URGE, OFFICE) == Step(state)


def test_sup005_a_report_and_a_return_must_say_why():
    assert take(W, ItemAction.REPORT, UNIT, "  ").key == "item_note_needed"
    assert take(V, ItemAction.RETURN, OFFICE, "").key == "item_note_needed"


def test_sup006_an_automatic_item_closes_as_rectified_only_when_back_on_track():
    """已整改 needs the indicator back to 达标; still 滞后, the office must give a
    reason (and then it is closed with a reason, not rectified)."""
    back = take(V, ItemAction.CLOSE, OFFICE, automatic=True, status_now=Status.ON_TRACK)
    assert back == Step(C, Closure.RECTIFIED)
    behind = take(
        V, ItemAction.CLOSE, OFFICE, automatic=True, status_now=Status.LAGGING
    )
    assert isinstance(behind, Refused) and behind.key == "item_not_rectified"
    reasoned = take(V, ItemAction.CLOSE, OFFICE, "季节性因素，转入下季度跟踪",
                    automatic=True, status_now=Status.LAGGING)  # fmt: skip
    assert reasoned == Step(C, Closure.WITH_REASON)
    # A hand-opened item is never "rectified" by an indicator: the office says why.
    assert take(V, ItemAction.CLOSE, OFFICE, status_now=Status.ON_TRACK).key == (
        "item_note_needed"
    )


def test_sup007_the_light_turns_yellow_three_days_before_and_red_after():
    due = date(2026, 12, 10)
    assert light(W, due, date(2026, 12, 6)) == Light.NONE
    assert light(W, due, date(2026, 12, 7)) == Light.YELLOW  # three days before
    assert light(W, due, date(2026, 12, 10)) == Light.YELLOW  # the due day itself
    assert light(W, due, date(2026, 12, 11)) == Light.RED
    assert light(C, due, date(2027, 1, 1)) == Light.NONE  # closed: no light


def test_sup008_an_indicator_opens_one_item_a_run_of_alert_or_lagging_months():
    """The answer names the run's start: asked again in the run, the same key (one
    item); a new run after a recovery, a new one."""
    rule = OpeningRule(on_alert=True, lagging_months=3)
    on, lag, alert = Status.ON_TRACK, Status.LAGGING, Status.ALERT
    assert opens([on, on, alert], rule) == Opening("alert", 3)
    assert opens([on, alert, alert], rule) == Opening("alert", 2)  # the same run
    assert opens([alert, on, alert], rule) == Opening("alert", 3)  # a new run
    assert opens([on, lag, lag], rule) is None  # two months behind: not yet
    assert opens([on, lag, lag, lag], rule) == Opening("lagging", 2)  # the third month
    assert opens([on, lag, lag, lag, lag], rule) == Opening("lagging", 2)  # same run
    assert opens([lag, lag, lag], rule) == Opening(
        "lagging", 1
    )  # from the year's start
    assert opens([lag, on, lag, lag], rule) is None  # not three running
    assert opens([lag, alert, lag], rule) == Opening("lagging", 1)  # 预警 is behind too
    assert opens([None, None], rule) is None and opens([], rule) is None
    assert opens([on, alert], OpeningRule(on_alert=False, lagging_months=0)) is None
    assert opens([on, lag, lag], OpeningRule(on_alert=False, lagging_months=2)) == (
        Opening("lagging", 2)
    )
    assert opens([on, lag, None], rule) is None  # a month without figures breaks a run


def test_sup009_the_gap_then_and_now():
    assert gap_change(12.5, 4.0) == pytest.approx(8.5)  # narrowed by 8.5 points
    assert gap_change(3.0, 5.0) == pytest.approx(-2.0)  # widened
    assert gap_change(None, 2.0) is None


def test_sup010_attachments_are_checked_by_name_size_and_first_bytes():
    """A PDF named .pdf passes; an executable renamed .pdf, a .exe, an empty and an
    oversized file are refused with the reason."""
    from domain.supervision import ATTACHMENT_BYTES, attachment_type

    assert attachment_type("整改报告.PDF", 1000, b"%PDF-1.7\n") == "application/pdf"
    assert attachment_type("photo.jpg", 10, b"\xff\xd8\xff\xe0") == "image/jpeg"
    renamed = attachment_type("report.pdf", 1000, b"MZ\x90\x00")
    assert isinstance(renamed, Refused) and renamed.key == "item_file_content"
    assert attachment_type("tool.exe", 10, b"MZ").key == "item_file_type"
    assert attachment_type("noextension", 10, b"%PDF-").key == "item_file_type"
    assert attachment_type("a.pdf", 0, b"").key == "item_file_size"
    big = attachment_type("a.pdf", ATTACHMENT_BYTES + 1, b"%PDF-")
    assert big.key == "item_file_size" and big.values["limit"] == 2


def test_sup011_a_measure_is_overdue_when_lagging_or_not_reported_this_month():
    from domain.supervision import ProgressStatus as P
    from domain.supervision import overdue_progress

    assert overdue_progress(P.IN_PROGRESS, 10, 10) is False
    assert overdue_progress(P.IN_PROGRESS, 9, 10) is True  # last word is September's
    assert overdue_progress(None, None, 10) is True  # never reported
    assert overdue_progress(P.LAGGING, 10, 10) is True
    assert overdue_progress(P.DONE, 3, 10) is False  # done stays done
