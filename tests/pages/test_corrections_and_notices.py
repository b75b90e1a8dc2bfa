"""Corrections need a reason and returns, reminders and approvals reach the county
(the probe: an approved, published month changed without a reason; a submitted month
was silently withdrawn by an edit; the returned county saw no notice and its reason
was shown to every county)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from data_access.engine import get_engine
from data_access.models import SubmissionEvent
from data_access.writes import EditTerms, WriteRefused, apply_form, change_submission
from tests.helpers import answer_text, login, post_callback, render_page

TODAY = date(2026, 11, 26)
PAGE = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "data-changed.data": 0}  # fmt: skip


def _jobs(region: str, value: int) -> list[dict]:
    return [{"row": 1, "region": region, "indicator": "urban_new_jobs", "year": 2026,
             "month": 10, "value": str(value), "unit": ""}]  # fmt: skip


# After the demo's own history (its October's last step is in mid-November): the
# steps these tests take are the ones at or after it.
SINCE = datetime(2026, 11, 20)


def _events(action: str) -> list:
    with get_engine().connect() as conn:
        return conn.execute(select(SubmissionEvent.action, SubmissionEvent.reason)
                            .where(SubmissionEvent.action == action,
                                   SubmissionEvent.at >= SINCE)
                            .order_by(SubmissionEvent.id)).all()  # fmt: skip


def test_corr001_an_approved_month_changes_only_with_a_reason(actors, fresh_db):
    from services.assessment import compute_period_view
    from settings import current_settings

    linhe = actors["linhe"]
    before = compute_period_view(2026, 10, current_settings().rules, "approved")
    with pytest.raises(WriteRefused, match="更正原因"):
        apply_form(linhe, _jobs("150802", 3500), TODAY)
    with pytest.raises(WriteRefused, match="更正原因"):
        apply_form(linhe, _jobs("150802", 3500), TODAY, terms=EditTerms("   "))
    done = apply_form(linhe, _jobs("150802", 3500), TODAY,
                      terms=EditTerms("补录临河区10月新增就业台账"))  # fmt: skip
    assert done.committed
    assert _events("correct") == [("correct", "补录临河区10月新增就业台账")]
    # The dashboards keep the approved figures until the office approves.
    after = compute_period_view(2026, 10, current_settings().rules, "approved")
    assert after.scores.total.tolist() == before.scores.total.tolist()


def test_corr002_a_submitted_month_is_withdrawn_only_when_confirmed(actors, fresh_db):
    dengkou = actors["dengkou"]
    terms = EditTerms("更正：磴口县10月", withdraw=False)
    apply_form(dengkou, _jobs("150822", 900), TODAY, terms=terms)
    change_submission(dengkou, "150822", 2026, 10, "submit")
    with pytest.raises(WriteRefused, match="确认撤回提交并修改"):
        apply_form(dengkou, _jobs("150822", 901), TODAY, terms=terms)
    apply_form(dengkou, _jobs("150822", 901), TODAY,
               terms=EditTerms("更正：磴口县10月", withdraw=True))  # fmt: skip
    assert [a for a, _ in _events("withdraw")] == ["withdraw"]


def test_corr003_the_reason_is_in_the_history_page_and_export(
    client, dash_app, fresh_db
):
    """A correction's reason is in the history, its export and the county page (to
    every reader, beside the month's figures)."""
    login(client, "linhe")
    refused = post_callback(client, dash_app, "data-save-message.children",
                            {**PAGE, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                            "value": 3510}],
                             "data-correction-reason.value": ""},
                            ["data-save.n_clicks"])  # fmt: skip
    assert "更正原因" in answer_text(refused) and "已保存" not in answer_text(refused)
    saved = post_callback(client, dash_app, "data-save-message.children",
                          {**PAGE, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                          "value": 3510}],
                           "data-correction-reason.value": "补录漏报的公益性岗位"},
                          ["data-save.n_clicks"])  # fmt: skip
    assert "已保存" in answer_text(saved)
    history = post_callback(client, dash_app, "data-history.children",
                            {**PAGE, "data-history-indicator.value": "__all__"})  # fmt: skip
    assert "补录漏报的公益性岗位" in answer_text(history)
    export = client.get("/export/table/history.csv?year=2026&month=10&region=150802")
    assert "补录漏报的公益性岗位" in export.get_data(as_text=True)
    county_page = answer_text(post_callback(
        dash_app.server.test_client(), dash_app, "county-breakdown.children",
        {**PAGE, "county-code.data": "150802"}))  # fmt: skip
    assert "本月更正" in county_page and "原因：补录漏报的公益性岗位" in county_page
    assert "→ 3,510" in county_page or "→ 3510" in county_page


def test_corr004_returns_reminders_and_approvals_reach_that_county_only(
    client, dash_app, fresh_db, actors
):
    """The office returns 磴口县's October and reminds every county not in: 磴口县
    sees both notices and a 待办 badge; 临河区 sees neither; resubmitting closes
    them; the approval is then 磴口县's notice."""
    from data_access.writes import remind

    dengkou, office = actors["dengkou"], actors["supervisor"]
    apply_form(dengkou, _jobs("150822", 902), TODAY, terms=EditTerms("更正"))
    change_submission(dengkou, "150822", 2026, 10, "submit")
    change_submission(office, "150822", 2026, 10, "return", "请附台账")
    assert remind(office, 2026, 10, None, date(2026, 11, 5)) == ["150822"]
    assert [a for a, _ in _events("remind")] == ["remind"]

    def seen(user: str) -> tuple[str, str]:
        reader = dash_app.server.test_client()
        login(reader, user)
        status = answer_text(post_callback(reader, dash_app, "data-notices.children",
                                           PAGE))  # fmt: skip
        shell = answer_text(render_page(reader, "/data", "?year=2026&month=10"))
        return status, shell

    notices, shell = seen("dengkou")
    assert "退回：2026年10月的数据被市政府督查室退回，原因：请附台账" in notices
    # the badge: the two notices and the demo's 督办 item for 磴口县 to sign for
    assert "应于2026-11-05前提交" in notices and "待办 3" in shell
    notices, shell = seen("linhe")
    # 临河区's badge counts only its own demo item (to report back on)
    assert "请附台账" not in notices and "待办 1" in shell
    change_submission(dengkou, "150822", 2026, 10, "submit")
    change_submission(office, "150822", 2026, 10, "approve")
    notices, shell = seen("dengkou")
    assert "退回" not in notices and "催报" not in notices
    assert "审核通过：2026年10月的数据已由市政府督查室审核通过" in notices
    office_view = dash_app.server.test_client()
    login(office_view, "supervisor")
    answer = post_callback(office_view, dash_app, "data-review-message.children",
                           {**PAGE, "data-review-region.value": "150802"},
                           ["data-remind-all.n_clicks"])  # fmt: skip
    assert "没有需要催报的旗县区" in answer_text(answer)


def test_corr005_the_office_sees_days_to_the_due_day_or_days_overdue(actors, fresh_db):
    from services.reporting import submission_overview

    dengkou = actors["dengkou"]
    apply_form(dengkou, [{**_jobs("150822", 903)[0], "month": 11}], date(2026, 12, 2))
    early = {r.region: r for r in submission_overview(2026, 11, date(2026, 12, 3), 5)}
    assert (early["150822"].days_left, early["150822"].days_late) == (2, 0)
    late = {r.region: r for r in submission_overview(2026, 11, date(2026, 12, 8), 5)}
    assert (late["150822"].days_left, late["150822"].days_late) == (None, 3)
    # A correction of a month approved on time is not late.
    apply_form(dengkou, _jobs("150822", 904), TODAY, terms=EditTerms("更正"))
    october = {r.region: r for r in submission_overview(2026, 10, date(2026, 12, 8), 5)}
    assert october["150822"].correcting and october["150822"].days_late == 0


def test_corr006_a_correction_is_marked_for_the_office_beside_the_approved_figure(
    client, dash_app, fresh_db, actors
):
    """临河区 corrects its approved October and submits: the office's list marks it
    更正待审, and its grid shows the new figure beside the approved one."""
    linhe = actors["linhe"]
    apply_form(linhe, _jobs("150802", 3520), TODAY, terms=EditTerms("补录台账"))
    change_submission(linhe, "150802", 2026, 10, "submit")
    login(client, "supervisor")
    status = answer_text(post_callback(client, dash_app, "data-status.children", PAGE))
    assert status.count("更正待审") == 1 and "逾期" not in status  # on time before
    grid = post_callback(client, dash_app, "data-grid.rowData",
                         {**PAGE, "data-review-region.value": "150802"})  # fmt: skip
    rows = grid.get_json()["response"]["data-grid"]["rowData"]
    jobs = next(r for r in rows if r["code"] == "urban_new_jobs")
    assert jobs["value"] == 3520 and jobs["approved"] != 3520


def test_corr007_a_return_gives_reasons_per_indicator_seen_by_that_county_only(
    client, dash_app, fresh_db, actors
):
    """The office returns 磴口县's October through the page with a reason for two
    indicators and none for the month: 磴口县's notice names both, its grid shows
    each beside its figure, the office's status list has them; 临河区 (and a forged
    request for 磴口县's grid) sees none; resubmitting clears the grid's column."""
    from data_access.models import ReturnItem
    from tests.helpers import wildcard

    dengkou = actors["dengkou"]
    apply_form(dengkou, _jobs("150822", 902), TODAY, terms=EditTerms("更正"))
    change_submission(dengkou, "150822", 2026, 10, "submit")
    login(client, "supervisor")
    reasons = {"urban_new_jobs": "与实名制系统不一致", "vocational_training": "请附培训台账",
               "incubators": "  "}  # fmt: skip
    sent = {**PAGE, "data-review-region.value": "150822", "data-reason.value": "",
            **wildcard("data-return-item", "value", reasons),
            **wildcard("data-return-item", "id", reasons)}  # fmt: skip
    answer = post_callback(client, dash_app, "data-review-message.children", sent,
                           ["data-return.n_clicks"])  # fmt: skip
    assert "已退回" in answer_text(answer)
    with get_engine().connect() as conn:
        mine = (select(ReturnItem.reason)
                .join(SubmissionEvent, SubmissionEvent.id == ReturnItem.event_id)
                .where(SubmissionEvent.at >= SINCE).order_by(ReturnItem.id))  # fmt: skip
        assert conn.execute(mine).scalars().all() == [
            "与实名制系统不一致", "请附培训台账"]  # fmt: skip
    said = "城镇新增就业人数：与实名制系统不一致；职业技能培训人数：请附培训台账"
    status = answer_text(post_callback(client, dash_app, "data-status.children", PAGE))
    assert said in status

    def grid(reader, region: str) -> str:
        return answer_text(post_callback(reader, dash_app, "data-grid.rowData",
                                         {**PAGE, "data-review-region.value": region}))  # fmt: skip

    office_grid = grid(client, "150822")
    assert "与实名制系统不一致" in office_grid and '"returned-reason"' in office_grid
    county = dash_app.server.test_client()
    login(county, "dengkou")
    notices = answer_text(
        post_callback(county, dash_app, "data-notices.children", PAGE)
    )
    assert said in notices
    assert "请附培训台账" in grid(county, "150822")
    other = dash_app.server.test_client()
    login(other, "linhe")
    assert said not in answer_text(post_callback(other, dash_app, "data-notices.children",
                                                 PAGE))  # fmt: skip
    forged = grid(other, "150822")  # a county official asking for another's grid
    assert "请附培训台账" not in forged and "returned-reason" not in forged
    anonymous = grid(dash_app.server.test_client(), "150822")
    assert "请附培训台账" not in anonymous
    change_submission(dengkou, "150822", 2026, 10, "submit")
    assert "returned-reason" not in grid(county, "150822")


def test_corr008_a_return_needs_a_reason_for_the_month_or_an_indicator(
    actors, fresh_db
):
    dengkou, office = actors["dengkou"], actors["supervisor"]
    apply_form(dengkou, _jobs("150822", 902), TODAY, terms=EditTerms("更正"))
    change_submission(dengkou, "150822", 2026, 10, "submit")
    with pytest.raises(WriteRefused) as refused:
        change_submission(office, "150822", 2026, 10, "return", " ",
                          items={"urban_new_jobs": "   "})  # fmt: skip
    assert "至少一项指标" in refused.value.text("zh")
    with pytest.raises(WriteRefused) as unknown:
        change_submission(office, "150822", 2026, 10, "return", None,
                          items={"no_such_thing": "x"})  # fmt: skip
    assert "no_such_thing" in unknown.value.text("zh")
    assert _events("return") == []  # nothing half-written
    change_submission(office, "150822", 2026, 10, "return", "请附台账",
                      items={"incubators": "新增孵化基地请附认定文件"})  # fmt: skip
    assert _events("return") == [("return", "请附台账")]


def test_corr009_a_forged_return_naming_thousands_of_indicators_is_bounded(
    actors, fresh_db
):
    """A forged return with 50,000 indicator codes: read as at most 200, refused as
    unknown quickly, nothing written."""
    import time

    dengkou, office = actors["dengkou"], actors["supervisor"]
    apply_form(dengkou, _jobs("150822", 902), TODAY, terms=EditTerms("更正"))
    change_submission(dengkou, "150822", 2026, 10, "submit")
    forged = {f"x{i}": "原因" for i in range(50_000)}
    started = time.perf_counter()
    with pytest.raises(WriteRefused):
        change_submission(office, "150822", 2026, 10, "return", None, items=forged)
    assert time.perf_counter() - started < 1.0
    assert _events("return") == []


def test_corr010_the_withdraw_box_ticked_in_the_page_withdraws_and_saves(
    dash_app, fresh_db
):
    """Through the page as a browser sends it (the check box's value is JSON true):
    a submitted month is saved once 确认撤回提交并修改 is ticked, refused while it is
    not. The edge's type check turned the box's true into null: no county could
    change a month it had submitted."""
    from tests.helpers import linhe_corrects_october

    values = {"shell-year.value": "2026", "shell-month.value": "10",
              "shell-lang.value": "zh"}  # fmt: skip
    linhe_corrects_october(dash_app, values, jobs=3400)  # corrected and submitted
    county = dash_app.server.test_client()
    login(county, "linhe")

    def save(ticked: bool, jobs: float):
        return answer_text(post_callback(county, dash_app, "data-save-message.children", {
            **values, "data-grid.rowData": [{"code": "urban_new_jobs", "value": jobs}],
            "data-changed.data": 0, "data-withdraw-ok.value": ticked},
            ["data-save.n_clicks"]))  # fmt: skip

    assert "确认撤回提交并修改" in save(False, 3401)
    assert "已保存" in save(True, 3402)
