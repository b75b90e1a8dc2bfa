"""Approval, targets, weights and publishing on a fresh SQLite copy."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from data_access import queries
from data_access.accounts import AccessDenied
from data_access.engine import get_engine
from data_access.models import (
    PublishedPeriod,
    PublishedScore,
    SchemeChange,
    TargetHistory,
)
from data_access.writes import (
    WriteRefused,
    change_submission,
    set_targets,
)
from domain import Rules
from services.assessment import period_view
from services.publishing import publication, publish
from tests.helpers import correct_form, demo_figure

TODAY = date(2026, 11, 26)


def _form(region, indicator, value, month=10):
    return [{"row": 1, "region": region, "indicator": indicator, "year": 2026,
             "month": month, "value": str(value), "unit": ""}]  # fmt: skip


def _status(region, year=2026, month=10):
    frame = queries.submissions(year, month).set_index("region")
    return frame.status[region]


def test_flow001_draft_submit_approve_and_what_dashboards_count(actors):
    """A correction is a draft (dashboards keep the approved figure), shows as pending
    once submitted (with the switch), and counts once approved."""
    dengkou, office = actors["dengkou"], actors["supervisor"]
    result = correct_form(dengkou, _form("150822", "urban_new_jobs", 900), TODAY)
    assert result.committed and result.changed == 1
    assert _status("150822") == "draft"

    def shown(mode):
        view = period_view(2026, 10, Rules(), mode)
        row = view.results[
            (view.results.region == "150822") & (view.results.code == "urban_new_jobs")
        ].iloc[0]
        return row.actual, bool(row.pending)

    assert shown(queries.APPROVED) == (demo_figure("150822", "urban_new_jobs"), False)
    assert shown(queries.SUBMITTED) == (
        demo_figure("150822", "urban_new_jobs"),
        False,
    )  # drafts never show
    assert change_submission(dengkou, "150822", 2026, 10, "submit") == "submitted"
    assert shown(queries.APPROVED) == (demo_figure("150822", "urban_new_jobs"), False)
    assert shown(queries.SUBMITTED) == (900, True)
    assert change_submission(office, "150822", 2026, 10, "approve") == "approved"
    assert shown(queries.APPROVED) == (900, False)


def test_flow002_return_needs_a_reason_and_roles_are_enforced(actors):
    """Only the office approves or returns, with a reason; counties submit their own
    (and the office for any county: 代报)."""
    dengkou, linhe, office = actors["dengkou"], actors["linhe"], actors["supervisor"]
    correct_form(dengkou, _form("150822", "urban_new_jobs", 900), TODAY)
    with pytest.raises(AccessDenied):
        change_submission(linhe, "150822", 2026, 10, "submit")
    with pytest.raises(AccessDenied):
        change_submission(actors["leader"], "150822", 2026, 10, "submit")
    change_submission(dengkou, "150822", 2026, 10, "submit")
    with pytest.raises(AccessDenied):
        change_submission(dengkou, "150822", 2026, 10, "approve")
    with pytest.raises(AccessDenied):
        change_submission(actors["leader"], "150822", 2026, 10, "approve")
    with pytest.raises(WriteRefused, match="原因"):
        change_submission(office, "150822", 2026, 10, "return", "  ")
    change_submission(office, "150822", 2026, 10, "return", "数字与台账不符")
    row = queries.submissions(2026, 10).set_index("region").loc["150822"]
    assert (row.status, row.reason) == ("returned", "数字与台账不符")
    with pytest.raises(WriteRefused, match="退回"):
        change_submission(office, "150822", 2026, 10, "approve")
    change_submission(office, "150822", 2026, 10, "submit")  # 代报, after the return
    change_submission(office, "150822", 2026, 10, "approve")


def test_flow003_county_form_writes_only_its_own_county(actors):
    """A county official's form rows for another county are refused, nothing written."""
    result = correct_form(
        actors["dengkou"], _form("150802", "urban_new_jobs", 1), TODAY
    )
    assert not result.committed
    assert "无权报送临河区" in result.plan.problems[0].text()
    assert queries.report_history("150802").empty
    with pytest.raises(AccessDenied):
        correct_form(actors["leader"], _form("150822", "urban_new_jobs", 1), TODAY)


def test_target001_county_targets_must_cover_the_city(actors):
    """Lowering a county's target below the city's total is refused; history is kept."""
    office = actors["supervisor"]
    with pytest.raises(WriteRefused, match="低于全市目标"):
        set_targets(office, 2026, {("150822", "urban_new_jobs"): 1})
    with pytest.raises(WriteRefused, match="须填写修改原因"):  # 2026 has begun
        set_targets(office, 2026, {("150822", "urban_new_jobs"): 900})
    assert set_targets(office, 2026, {("150822", "urban_new_jobs"): 900},
                       reason="市级分解调整") == 1  # fmt: skip
    frame = queries.targets(2026).set_index(["region", "indicator"])
    assert frame.value[("150822", "urban_new_jobs")] == 900
    with get_engine().connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(TargetHistory)).scalar() == 1
        )
    with pytest.raises(AccessDenied):
        set_targets(actors["dengkou"], 2026, {("150822", "urban_new_jobs"): 5000})
    with pytest.raises(WriteRefused):
        set_targets(office, 2026, {("150822", "urban_new_jobs"): "lots"})


def test_weight001_weights_must_total_100(actors):
    """Moving 5 points between 2026's indicators is fine (with a reason: the year has
    begun); a total of 105 is refused; 2025 keeps its weights; a leader may not."""
    from data_access.schemes import change_scheme, scheme
    from domain import Rules

    office = actors["supervisor"]
    with pytest.raises(WriteRefused, match="合计应为100"):
        change_scheme(
            office, 2026, Rules(), weights={"urban_new_jobs": 30}, reason="调整"
        )
    assert change_scheme(office, 2026, Rules(), reason="调整",
                         weights={"urban_new_jobs": 30, "registered_unemployment_rate": 15}) == 2  # fmt: skip
    weights = scheme(2026, Rules()).weights
    assert (weights["urban_new_jobs"], sum(weights.values())) == (30, 100)
    assert scheme(2025, Rules()).weights["urban_new_jobs"] == 25
    with get_engine().connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(SchemeChange)).scalar() == 2
        )
    with pytest.raises(AccessDenied):
        change_scheme(actors["leader"], 2026, Rules(), weights={"urban_new_jobs": 25})


def test_publish001_published_scores_stay_frozen(actors):
    """After publishing, an approved correction changes the live score, not the
    published one; publishing twice is refused; only the office publishes."""
    office, dengkou = actors["supervisor"], actors["dengkou"]
    with pytest.raises(AccessDenied):
        publish(dengkou, 2026, 10, Rules())
    publish(office, 2026, 10, Rules())
    frozen = publication(2026, 10).scores["150822"]["total"]
    assert correct_form(
        dengkou, _form("150822", "urban_new_jobs", 600), TODAY
    ).committed
    change_submission(dengkou, "150822", 2026, 10, "submit")
    change_submission(office, "150822", 2026, 10, "approve")
    live = period_view(2026, 10, Rules()).scores.set_index("region").total["150822"]
    assert live < frozen
    assert publication(2026, 10).scores["150822"]["total"] == frozen
    with pytest.raises(WriteRefused, match="已发布"):
        publish(office, 2026, 10, Rules())
    with get_engine().connect() as conn:
        october = (select(func.count()).select_from(PublishedScore)
                   .join(PublishedPeriod, PublishedPeriod.id == PublishedScore.period_id)
                   .where(PublishedPeriod.year == 2026, PublishedPeriod.month == 10))  # fmt: skip
        assert conn.execute(october).scalar() == 7  # once, the refusal wrote nothing


@pytest.mark.parametrize(
    ("year", "month", "words"),
    [
        (2027, 1, "尚未结束"),  # a future month
        (2026, 12, "尚未结束"),  # the current month (today is in it, or before it)
        (2000, 1, "尚未下达目标"),  # no targets, no reports
        (2026, 11, "未审定"),  # ended, nobody has reported
    ],
)
def test_wf201_only_an_ended_approved_month_with_targets_is_published(
    actors, year, month, words
):
    """The probe published 2027-01, 2000-01 and the current month by a forged
    request; a month is published once, so 2027-01 could never get its ranking.
    The data layer refuses them, and nothing is written."""
    from data_access import queries
    from data_access.writes import WriteRefused, publish_period

    with pytest.raises(WriteRefused) as refused:
        publish_period(actors["supervisor"], year, month, [],
                       now=datetime(2026, 12, 1, 9, 0))  # fmt: skip
    assert words in str(refused.value), str(refused.value)
    assert queries.published(year, month) is None


def test_wf202_a_month_with_one_county_not_approved_is_refused_by_name(actors):
    from data_access.writes import WriteRefused, publish_period

    correct_form(actors["dengkou"], [{"row": 1, "region": "150822",
               "indicator": "urban_new_jobs", "year": 2026, "month": 10,
               "value": "900", "unit": ""}], date(2026, 11, 26))  # fmt: skip
    with pytest.raises(WriteRefused) as refused:
        publish_period(actors["supervisor"], 2026, 10, [],
                       now=datetime(2026, 12, 1, 9, 0))  # fmt: skip
    assert str(refused.value).startswith(
        "2026年10月尚有1个旗县区的数据未审定（磴口县），不能发布排名"
    )


def test_wf203_counties_missing_need_the_due_day_past_and_a_reason(actors):
    """November with one county approved: refused before its due day even with a
    reason, and after it without one; published after it with a reason, which the
    record keeps. Withdrawn, with a reason; then published again."""
    from data_access.writes import (
        WriteRefused,
        publish_period,
        withdraw_publication,
    )

    linhe, office = actors["linhe"], actors["supervisor"]
    correct_form(linhe, _form("150802", "urban_new_jobs", 3700, month=11),
               date(2026, 12, 2))  # fmt: skip
    change_submission(linhe, "150802", 2026, 11, "submit")
    change_submission(office, "150802", 2026, 11, "approve")
    for when, reason in (
        (datetime(2026, 12, 4), "先行发布"),
        (datetime(2026, 12, 9), " "),
    ):
        with pytest.raises(WriteRefused, match="未审定"):
            publish_period(office, 2026, 11, [], now=when, reason=reason)
    publish_period(office, 2026, 11, [], now=datetime(2026, 12, 9),
                   reason="六个旗县区逾期未报，先行发布")  # fmt: skip
    period, _ = queries.published(2026, 11)
    assert period["reason"] == "六个旗县区逾期未报，先行发布"
    assert period["published_by_name"] == "市政府督查室"
    with pytest.raises(WriteRefused, match="原因"):
        withdraw_publication(office, 2026, 11, "")
    with pytest.raises(AccessDenied):
        withdraw_publication(linhe, 2026, 11, "不同意")
    withdraw_publication(office, 2026, 11, "五原县补报")
    assert queries.published(2026, 11) is None
    publish_period(
        office, 2026, 11, [], now=datetime(2026, 12, 10), reason="补报后重发"
    )
    events = queries.publication_events(2026, 11)
    assert events.action.tolist() == ["publish", "withdraw", "publish"]
    assert events.reason.tolist()[1] == "五原县补报"
