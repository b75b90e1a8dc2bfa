"""The reporting workflow's rules, hand-worked (no database)."""

from __future__ import annotations

import pytest

from domain.workflow import (
    SubmissionAction,
    SubmissionState,
    Violation,
    next_state,
    target_shortfalls,
    weights_problem,
)

D, S, A, R = (
    SubmissionState.DRAFT,
    SubmissionState.SUBMITTED,
    SubmissionState.APPROVED,
    SubmissionState.RETURNED,
)


@pytest.mark.parametrize(
    ("current", "action", "expected"),
    [
        (D, "submit", S),
        (R, "submit", S),
        (S, "approve", A),
        (S, "return", R),
        (A, "return", R),  # an approved month can still be sent back
        ("draft", SubmissionAction.SUBMIT, S),  # stored strings work too
    ],
)
def test_wf001_allowed_transitions(current, action, expected):
    assert next_state(current, action) is expected


@pytest.mark.parametrize(
    ("current", "action"),
    [
        (None, "submit"),  # nothing reported: nothing to submit
        (S, "submit"),
        (A, "submit"),
        (D, "approve"),
        (A, "approve"),
        (R, "approve"),
        (None, "approve"),
        (D, "return"),
        (R, "return"),
    ],
)
def test_wf002_refused_transitions_say_which_state(current, action):
    found = next_state(current, action)
    assert found == Violation("wrong_state", {"state": current})


def test_wf003_unknown_action():
    assert next_state(D, "delete") == Violation("unknown_action", {"action": "delete"})


def test_wf004_county_targets_must_reach_the_city_target():
    """City 9,000; counties 3,490 + 1,100 + 4,400 = 8,990 → short by 10; one more
    person makes 8,991 (still short); 4,410 makes exactly 9,000 (fine)."""
    city = {"urban_new_jobs": 9000.0, "rate": 4.5}
    counties = [{"urban_new_jobs": 3490.0}, {"urban_new_jobs": 1100.0},
                {"urban_new_jobs": 4400.0, "rate": 4.0}]  # fmt: skip
    assert target_shortfalls(city, counties, ["urban_new_jobs"]) == [
        Violation("targets_below_city",
                  {"indicator": "urban_new_jobs", "sum": 8990.0, "city": 9000.0})
    ]  # fmt: skip
    counties[2]["urban_new_jobs"] = 4401.0
    assert (
        target_shortfalls(city, counties, ["urban_new_jobs"])[0].values["sum"] == 8991
    )
    counties[2]["urban_new_jobs"] = 4410.0
    assert target_shortfalls(city, counties, ["urban_new_jobs"]) == []


def test_wf005_missing_targets_count_as_zero_and_no_city_target_no_rule():
    counties = [{"jobs": None}, {}]
    assert target_shortfalls({"jobs": 1.0}, counties, ["jobs"])[0].values["sum"] == 0
    assert target_shortfalls({}, counties, ["jobs"]) == []
    assert target_shortfalls({"jobs": None}, counties, ["jobs"]) == []


def test_wf006_weights_total_100():
    assert weights_problem({"a": 30, "b": 25, "c": 45}) is None
    assert weights_problem({"a": 33.3, "b": 33.3, "c": 33.4}) is None
    assert weights_problem({"a": 30, "b": 25, "c": 40}) == Violation(
        "weights_total", {"total": 95}
    )
    assert weights_problem({}) == Violation("weights_total", {"total": 0})
