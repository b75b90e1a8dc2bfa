"""A county official reports through the browser: log in, upload a GBK CSV, check the
preview, confirm, submit, and find the new figure on the dashboard."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_br101_county_uploads_gbk_csv_and_sees_it_on_the_dashboard(
    page, base_url, fresh_db, tmp_path
):
    """磴口县 corrects October's urban new jobs from 655 to 702 with a GBK file."""
    upload = tmp_path / "磴口县10月.csv"
    upload.write_bytes(
        "旗县区,指标,年份,月份,数值,单位\n"
        "磴口县,城镇新增就业人数,2026,10,702,人\n"
        "磴口县,城镇登记失业率,2026,10,4.41,%\n".encode("gbk")
    )
    page.goto(base_url + "/login?next=/data%3Fyear%3D2026%26month%3D10")
    page.fill("#username", "dengkou")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_selector("text=在线填报：磴口县 2026年10月")
    page.set_input_files("#data-upload input[type=file]", str(upload))
    page.wait_for_selector(".preview-counts")
    assert page.inner_text(".preview-counts") == "新增0项，修改1项，未变1项"
    assert "655" in page.inner_text(".preview-table") and "702" in page.inner_text(
        ".preview-table"
    )
    page.click("#data-confirm")
    page.wait_for_selector("text=已导入：1项数据有变化。")
    page.wait_for_selector("#data-history td:has-text('702')")
    page.click("#data-submit")
    page.wait_for_selector("text=已提交，等待督查室审核。")
    page.goto(base_url + "/county/150822?year=2026&month=10&data=submitted")
    page.wait_for_selector(".pending-note")
    page.wait_for_selector(".breakdown-table .pending-mark")
    assert page.is_checked("#shell-data-mode")
    row = page.locator(".breakdown-table tr", has_text="城镇新增就业人数")
    assert "702" in row.inner_text() and "待审" in row.inner_text()
    page.goto(base_url + "/county/150822?year=2026&month=10")
    page.wait_for_selector(".breakdown-table")
    approved = page.locator(".breakdown-table tr", has_text="城镇新增就业人数")
    assert "655" in approved.inner_text() and "待审" not in approved.inner_text()
    assert page.errors == []


def test_br102_county_types_into_the_grid_and_saves(page, base_url, fresh_db):
    """临河区 edits October's rate in the grid; the history shows the change."""
    page.goto(base_url + "/login?next=/data%3Fyear%3D2026%26month%3D10")
    page.fill("#username", "linhe")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_selector("text=在线填报：临河区 2026年10月")
    row = page.locator("#data-grid .ag-center-cols-container .ag-row[row-index='1']")
    row.locator("[col-id='value']").click()
    editor = page.locator("#data-grid .ag-cell-inline-editing input")
    editor.fill("4.19")
    editor.press("Enter")
    page.click("#data-save")
    page.wait_for_selector("text=已保存：1项数据有变化。")
    page.wait_for_selector("#data-history td:has-text('4.19')")
    history = page.inner_text("#data-history")
    assert "linhe" in history and "在线填报" in history and "4.28" in history
    assert page.errors == []


def test_br103_the_navbar_logs_out_by_post_and_the_old_cookie_dies(
    page, base_url, fresh_db
):
    """The navbar's 退出 button posts the form with its token: the user is signed
    out, and a copy of the old session cookie no longer opens the data page."""
    page.goto(base_url + "/login?next=/data%3Fyear%3D2026%26month%3D10")
    page.fill("#username", "linhe")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_selector("text=在线填报：临河区 2026年10月")
    page.wait_for_load_state("networkidle")  # no callback left in flight to abort
    old_cookies = page.context.cookies()
    page.click(".user-area button[type=submit]")
    page.wait_for_selector(".user-area a:has-text('登录')")
    page.context.clear_cookies()
    page.context.add_cookies(old_cookies)
    page.goto(base_url + "/data?year=2026&month=10")
    page.wait_for_selector("text=报送、审核数据需要登录。")
    assert page.locator(".user-area a:has-text('登录')").count() == 1
    assert page.errors == []
