"""A county official reports through the browser: log in, upload a GBK CSV, check the
preview, confirm, submit, and find the new figure on the dashboard."""

from __future__ import annotations

import pytest

from tests.helpers import demo_figure

pytestmark = pytest.mark.browser


def test_br101_county_uploads_gbk_csv_and_sees_it_on_the_dashboard(
    page, base_url, fresh_db, tmp_path
):
    """磴口县 corrects October's urban new jobs (the demo's figure) to 702 with a GBK
    file."""
    before = f"{demo_figure('150822', 'urban_new_jobs'):.0f}"
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
    assert before in page.inner_text(".preview-table") and "702" in page.inner_text(
        ".preview-table"
    )
    page.fill("#data-correction-reason", "核对台账后更正")  # October is approved: 更正
    page.click("#data-confirm")
    page.wait_for_selector("text=已导入：1项数据有变化。")
    page.wait_for_selector("#data-history td:has-text('702')")
    # Its lagging figures need a 情况说明 before the month goes back to the office.
    page.wait_for_selector(".explain-row")
    needed = page.locator(".explain-row", has_text="须说明")
    for index in range(needed.count()):
        needed.nth(index).locator("textarea").fill("受季节影响，进度略慢")
    page.click("#data-explain-save")
    page.wait_for_selector("text=情况说明已保存")
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
    assert before in approved.inner_text() and "待审" not in approved.inner_text()
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
    page.click("#data-save")  # October is approved: a correction needs its reason
    page.wait_for_selector("text=修改属于更正：请填写更正原因")
    page.fill("#data-correction-reason", "失业登记台账复核")
    page.click("#data-save")
    page.wait_for_selector("text=已保存：1项数据有变化。")
    page.wait_for_selector("#data-history td:has-text('4.19')")
    history = page.inner_text("#data-history")
    assert "linhe" in history and "在线填报" in history and "4.28" in history
    assert "失业登记台账复核" in history
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
    page.click(".user-menu .dropdown-toggle")  # the account's menu, under its name
    page.click(".user-area button[type=submit]")
    page.wait_for_selector(".user-area a:has-text('登录')")
    page.context.clear_cookies()
    page.context.add_cookies(old_cookies)
    page.goto(base_url + "/data?year=2026&month=10")
    page.wait_for_selector("text=报送、审核数据需要登录。")
    assert page.locator(".user-area a:has-text('登录')").count() == 1
    assert page.errors == []


def test_br104_a_county_reports_from_a_phone(browser, base_url, fresh_db, tmp_path):
    """At 375 px: the entry grid comes first, a figure is typed and saved, a file is
    uploaded and confirmed; the page never scrolls sideways."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/login?next=/data%3Fyear%3D2026%26month%3D10")
    page.fill("#username", "linhe")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_selector("text=在线填报：临河区 2026年10月")
    entry = page.locator(".entry-card").bounding_box()
    status = page.locator("#data-status").bounding_box()
    assert entry["y"] < status["y"]  # the grid first on a phone
    cell = page.locator("#data-grid .ag-center-cols-container .ag-row[row-index='2'] "
                        "[col-id='value']")  # fmt: skip
    cell.wait_for()  # the grid's rows arrive by their own callback, after the title
    box = cell.bounding_box()
    assert box and box["x"] + box["width"] <= 375  # the editable column is on screen
    cell.click()
    page.locator("#data-grid .ag-cell-inline-editing input").fill("1120")
    page.keyboard.press("Enter")
    page.fill("#data-correction-reason", "补录")
    page.click("#data-save")
    page.wait_for_selector("text=已保存：1项数据有变化。")
    upload = tmp_path / "phone.csv"
    upload.write_text("旗县区,指标,年份,月份,数值\n临河,城镇新增就业,2026,10,2510\n",
                      encoding="utf-8")  # fmt: skip
    page.set_input_files("#data-upload input[type=file]", str(upload))
    page.wait_for_selector(".preview-counts")
    page.click("#data-confirm")
    page.wait_for_selector("text=已导入：1项数据有变化。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_br105_the_office_sets_targets_from_a_phone(browser, base_url, fresh_db):
    """At 375 px the targets grid shows the indicator and a whole region column, and
    a target typed there is saved once its reason is given."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/login?next=/targets%3Fyear%3D2026")
    page.fill("#username", "supervisor")
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_selector("#targets-grid .ag-row")
    cell = page.locator("#targets-grid .ag-center-cols-container .ag-row[row-index='0'] "
                        "[col-id='150800']")  # fmt: skip
    box = cell.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    cell.click()
    page.locator("#targets-grid .ag-cell-inline-editing input").fill("9100")
    page.keyboard.press("Enter")
    page.click("#targets-save")  # 2026 has begun: a change needs its reason
    page.wait_for_selector("text=修改已有目标须填写修改原因")
    page.fill("#targets-reason", "全市目标上调")
    page.click("#targets-save")
    page.wait_for_selector("text=已保存1项目标。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
