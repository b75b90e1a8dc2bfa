"""Issue 21 (begun): figures shown with their indicator's own decimals in the history
and the upload preview; anonymous readers see no upload box on 数据报送."""

from __future__ import annotations

from tests.helpers import answer_text, find_component, login, post_callback, render_page

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}


def test_pe001_counts_of_people_keep_their_own_decimals(fresh_db):
    """A count of people in the history and the upload preview reads 3,010, never
    3,010.00; a rate keeps its two decimals."""
    import datetime as dt

    from components.reporting import import_plan, report_history
    from data_access.imports import ImportPlan, PlannedRow
    from services.reporting import ReportChange

    change = ReportChange(changed_at=dt.datetime(2026, 11, 3), changed_by="linhe",
                          indicator="urban_new_jobs", name_zh="城镇新增就业人数",
                          name_en="Urban new jobs", year=2026, month=10, old_value=3000.0,
                          new_value=3010.0, source="form", file_sha256=None)  # fmt: skip
    text = str(report_history([change], "zh").to_plotly_json())
    assert "3,010" in text and "3,010.00" not in text
    rate = PlannedRow(row=2, region="150802", region_name="临河区",
                      indicator="registered_unemployment_rate", indicator_name="城镇登记失业率",
                      year=2026, month=10, value=3.5, old=3.42, decimals=2)  # fmt: skip
    jobs = PlannedRow(row=3, region="150802", region_name="临河区",
                      indicator="urban_new_jobs", indicator_name="城镇新增就业人数",
                      year=2026, month=10, value=3010.0, old=None)  # fmt: skip
    plan = ImportPlan(rows=(rate, jobs), problems=(), filename="x.csv")
    shown = str(import_plan(plan, "zh").to_plotly_json())
    assert (
        "3.50" in shown
        and "3.42" in shown
        and "3,010" in shown
        and "3,010.00" not in shown
    )


def test_pe002_the_history_reads_decimals_from_the_catalogue(
    client, dash_app, fresh_db
):
    """After a county saves 3,010 new jobs, its history on 数据报送 says 3,010."""
    login(client, "linhe")
    post_callback(client, dash_app, "data-save-message.children",
                  {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 3010}],
                   "data-changed.data": 0}, ["data-save.n_clicks"])  # fmt: skip
    from services.reporting import report_changes

    rows = report_changes("150802", "urban_new_jobs")
    assert rows and rows[0].decimals == 0 and rows[0].new_value == 3010


def test_pe003_anonymous_readers_see_no_upload_box(client, dash_app):
    page = render_page(client, "/data", "?year=2026&month=10").get_json()
    column = find_component(page, "data-upload-column")
    assert column["props"]["style"] == {"display": "none"}
    login(client, "linhe")
    page = render_page(client, "/data", "?year=2026&month=10").get_json()
    assert find_component(page, "data-upload-column")["props"].get("style") is None
    assert "data-upload" in answer_text(
        render_page(client, "/data", "?year=2026&month=10")
    )
