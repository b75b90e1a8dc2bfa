"""The 数据报送, targets and publishing callbacks as logged-in users, over HTTP."""

from __future__ import annotations

from datetime import date

from services.reporting import due_date, submission_overview
from tests.helpers import (
    answer_text,
    correct_form,
    explain_needs,
    login,
    office_approves,
    post_callback,
)

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}


def test_rep001_due_dates_and_late_counties(fresh_db):
    """October is due on 5 November; December on 5 January; unsubmitted is late."""
    assert due_date(2026, 10, 5) == date(2026, 11, 5)
    assert due_date(2026, 12, 5) == date(2027, 1, 5)
    november = submission_overview(2026, 11, date(2026, 12, 6), 5)
    assert len(november) == 7
    assert all(r.status is None and r.late for r in november)
    assert not any(r.late for r in submission_overview(2026, 11, date(2026, 12, 5), 5))
    assert not any(r.late for r in submission_overview(2026, 10, date(2026, 12, 6), 5))


def test_rep002_county_saves_grid_and_sees_its_history(client, dash_app, fresh_db):
    """磴口县 types a figure; the history shows it; filtering by another indicator
    hides it; the submission panel shows 草稿 for 磴口县."""
    login(client, "dengkou")
    rows = [
        {"code": "urban_new_jobs", "value": 690},
        {"code": "incubators", "value": None},
    ]
    saved = post_callback(
        client, dash_app, "data-save-message.children",
        {**PERIOD, "data-grid.rowData": rows, "data-changed.data": 0},
        ["data-save.n_clicks"],
    )  # fmt: skip
    assert "已保存：1项数据有变化" in answer_text(saved)
    page = {**PERIOD, "data-changed.data": 1, "data-history-indicator.value": "__all__"}
    body = answer_text(post_callback(client, dash_app, "data-history.children", page))
    assert "690" in body and "dengkou" in body and "在线填报" in body
    status = answer_text(post_callback(client, dash_app, "data-status.children", page))
    assert '"data-region": "150822"' in status and "草稿" in status
    other = {**page, "data-history-indicator.value": "incubators"}
    assert "暂无修改记录" in answer_text(
        post_callback(client, dash_app, "data-history.children", other)
    )


def test_rep003_office_publishes_and_rankings_show_differences(
    client, dash_app, fresh_db
):
    """The office publishes October; a later approved correction shows as a
    difference from the published score in the ranking table, with its reason."""
    login(client, "supervisor")
    published = post_callback(
        client, dash_app, "rankings-publish-message.children",
        {**PERIOD, "rankings-refresh.data": 0}, ["rankings-publish.n_clicks"],
    )  # fmt: skip
    assert "已发布2026年10月排名" in answer_text(published)
    view = {**PERIOD, "rankings-sort.value": "total", "rankings-refresh.data": 1}
    table = answer_text(
        post_callback(client, dash_app, "rankings-table.children", view)
    )
    assert "发布时得分" in table and "published-diff" not in table
    county = dash_app.server.test_client()
    login(county, "dengkou")
    post_callback(
        county, dash_app, "data-save-message.children",
        {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 600}],
         "data-changed.data": 0}, ["data-save.n_clicks"],
    )  # fmt: skip
    with dash_app.server.app_context():
        explain_needs("150822", 2026, 10, "dengkou")
    post_callback(county, dash_app, "data-save-message.children",
                  {**PERIOD, "data-changed.data": 0}, ["data-submit.n_clicks"])  # fmt: skip
    approved = post_callback(
        client, dash_app, "data-review-message.children",
        {**PERIOD, "data-review-region.value": "150822", "data-changed.data": 0},
        ["data-approve.n_clicks"],
    )  # fmt: skip
    assert "已审核通过" in answer_text(approved)
    table = answer_text(
        post_callback(client, dash_app, "rankings-table.children", view)
    )
    assert "published-diff" in table
    assert "更正原因：测试更正：与台账核对" in table  # beside the difference
    assert table.count("correction-reason") == 1  # 磴口县's row only
    status = answer_text(
        post_callback(client, dash_app, "rankings-publish-status.children", view)
    )
    assert "本期排名已于" in status and "由市政府督查室发布" in status


def test_rep004_office_edits_targets_and_weights_through_the_page(
    client, dash_app, fresh_db
):
    """Saving the grids writes targets and weights; a bad total is explained."""
    login(client, "supervisor")
    targets = post_callback(
        client, dash_app, "targets-message.children",
        {**PERIOD, "targets-grid.rowData": [{"code": "urban_new_jobs", "150822": 800}],
         "targets-refresh.data": 0, "targets-reason.value": "市级分解调整"},
        ["targets-save.n_clicks"],
    )  # fmt: skip
    assert "已保存1项目标" in answer_text(targets)
    weights = post_callback(
        client, dash_app, "scheme-message.children",
        {**PERIOD, "targets-weights.rowData": [{"code": "urban_new_jobs", "weight": 40}],
         "scheme-reason.value": "调整"}, ["targets-weights-save.n_clicks"],
    )  # fmt: skip
    assert "权重合计应为100" in answer_text(weights)
    page = answer_text(post_callback(
        client, dash_app, "targets-history.children",
        {**PERIOD, "targets-refresh.data": 1},
    ))  # fmt: skip
    assert "800" in page and "supervisor" in page


def test_rep005_a_target_or_weights_change_leaves_the_newest_months_stored(
    client, dash_app, fresh_db
):
    """After the office saves a target, and then 2026's weights, on 目标与权重, the
    newest month (2026-10) and the one before are stored again at once in both data
    modes, under the scheme as it now is: the first reader finds them ready."""
    from data_access import assessed, queries
    from services.assessment import PeriodKey, rules_key
    from services.schemes import rules_for

    def ready() -> bool:
        with dash_app.server.app_context():
            key = rules_key(rules_for(2026))  # 2026's scheme as it is now
        return all(
            assessed.valid_period(PeriodKey(mode, 2026, month, key)) is not None
            for mode in queries.DATA_MODES for month in (9, 10)
        )  # fmt: skip

    login(client, "supervisor")
    saved = post_callback(
        client, dash_app, "targets-message.children",
        {**PERIOD, "targets-grid.rowData": [{"code": "urban_new_jobs", "150822": 800}],
         "targets-refresh.data": 0, "targets-reason.value": "市级分解调整"},
        ["targets-save.n_clicks"],
    )  # fmt: skip
    assert "已保存1项目标" in answer_text(saved) and ready()
    weights = {r["code"]: r["weight"] for r in queries.indicators().to_dict("records")}
    rows = [{"code": code, "weight": weight} for code, weight in weights.items()]
    rows[0]["weight"] += 1
    rows[1]["weight"] -= 1
    saved = post_callback(
        client, dash_app, "scheme-message.children",
        {**PERIOD, "targets-weights.rowData": rows, "scheme-reason.value": "调整"},
        ["targets-weights-save.n_clicks"],
    )  # fmt: skip
    assert "已保存2026年考核方案的2项修改" in answer_text(saved), answer_text(saved)
    assert ready()


def test_rep201_the_office_reports_for_a_county_shown_as_such(
    client, dash_app, fresh_db
):
    """代报: the office chooses 磴口县, types its October figure, saves and submits it
    for the county, then approves it. The history (page and export) says 督查室代报;
    the grid is the office's to edit; a county still reports only its own."""
    period = {"shell-year.value": "2026", "shell-month.value": "10",
              "shell-lang.value": "zh", "data-changed.data": 0,
              "data-review-region.value": "150822"}  # fmt: skip
    login(client, "supervisor")
    entry = post_callback(client, dash_app, "data-grid.rowData", period)
    assert entry.get_json()["response"]["data-save"]["disabled"] is False
    saved = post_callback(client, dash_app, "data-save-message.children",
                          {**period, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                            "value": 905}]},
                          ["data-save.n_clicks"])  # fmt: skip
    assert "已保存" in answer_text(saved), answer_text(saved)
    with dash_app.server.app_context():
        explain_needs("150822", 2026, 10)
    submitted = post_callback(client, dash_app, "data-save-message.children", period,
                              ["data-submit.n_clicks"])  # fmt: skip
    assert "已提交" in answer_text(submitted), answer_text(submitted)
    office_approves(client, dash_app, period, region="150822")
    history = post_callback(client, dash_app, "data-history.children",
                            {**period, "data-history-indicator.value": "__all__",
                             "data-changed.data": 1})  # fmt: skip
    assert "督查室代报" in answer_text(history) and "905" in answer_text(history)
    export = client.get("/export/table/history.csv?year=2026&month=10&region=150822")
    assert "督查室代报" in export.get_data(as_text=True)
    county = dash_app.server.test_client()
    login(county, "linhe")
    refused = post_callback(county, dash_app, "data-save-message.children",
                            {**period, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                              "value": 906}]},
                            ["data-save.n_clicks"])  # fmt: skip
    # linhe's grid is its own county's whatever the page's choice says.
    assert "磴口县" not in answer_text(refused)
    with dash_app.server.app_context():
        from services.reporting import month_figures

        jobs = {f.code: f.value for f in month_figures("150822", 2026, 10)}
    assert jobs["urban_new_jobs"] == 905


def test_rep202_no_template_for_a_month_that_has_not_ended(client, dash_app, fresh_db):
    today = date.today()
    login(client, "linhe")
    current = client.get(f"/data/template.xlsx?region=150802&year={today.year}"
                         f"&month={today.month}")  # fmt: skip
    assert current.status_code == 400
    assert "尚未结束，不能报送" in current.get_data(as_text=True)
    ended = client.get("/data/template.xlsx?region=150802&year=2026&month=10")
    assert ended.status_code == 200


def test_rep203_a_return_reason_is_seen_by_the_office_and_that_county_only(
    client, dash_app, fresh_db, actors
):
    """The probe: a returned county's reason was shown to every county. Now the
    status list shows it to the office and to 磴口县 alone (a forged request, with
    磴口县 chosen, shows linhe nothing more); lateness is counted in days."""
    from data_access.writes import change_submission

    dengkou, office = actors["dengkou"], actors["supervisor"]
    correct_form(dengkou, [{"row": 1, "region": "150822", "indicator": "urban_new_jobs",
                          "year": 2026, "month": 10, "value": "901", "unit": ""}],
               date(2026, 11, 26))  # fmt: skip
    change_submission(dengkou, "150822", 2026, 10, "submit")
    change_submission(office, "150822", 2026, 10, "return", "台账第3页与报表不符")
    page = {**PERIOD, "data-changed.data": 0, "data-review-region.value": "150822"}
    seen = {}
    for user in ("supervisor", "dengkou", "linhe", None):
        reader = dash_app.server.test_client()
        if user:
            login(reader, user)
        seen[user] = "台账第3页与报表不符" in answer_text(
            post_callback(reader, dash_app, "data-status.children", page))  # fmt: skip
    assert seen == {"supervisor": True, "dengkou": True, "linhe": False, None: False}
    late = submission_overview(2026, 11, date(2026, 12, 9), 5)  # nothing in yet
    assert {r.region: r.days_late for r in late}["150821"] == 4
