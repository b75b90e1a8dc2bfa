"""Issue 19 in real Chromium: a flagged upload, the 情况说明 it needs before the
month is submitted, a suggestion read for one file, the office's review desk on a
phone and the explanation's marker on the county's chart."""

from __future__ import annotations

import pytest

from tests.helpers import demo_figure

pytestmark = pytest.mark.browser


def _login(page, base_url, user, path):
    page.goto(base_url + "/login?next=" + path.replace("?", "%3F").replace("&", "%26"))
    page.fill("#username", user)
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")


def test_br110_a_flagged_month_is_explained_submitted_reviewed_and_charted(
    page, browser, base_url, fresh_db, tmp_path
):
    october = demo_figure("150802", "urban_new_jobs", 2026, 10)
    flagged = tmp_path / "linhe11.csv"
    flagged.write_text("旗县区,指标,年份,月份,数值\n"
                       f"临河区,城镇新增就业人数,2026,11,{october * 1.4:.0f}\n")  # fmt: skip
    odd = tmp_path / "odd.csv"
    training = demo_figure("150802", "vocational_training", 2026, 10) + 50
    odd.write_text(
        f"旗县区,指标,年份,月份,数值\n临河区,培训城乡劳动者,2026,11,{training:.0f}\n"
    )
    _login(page, base_url, "linhe", "/data?year=2026&month=11")
    page.wait_for_selector("text=在线填报：临河区 2026年11月")
    # A wording the app does not know: read it as suggested, for this file.
    page.set_input_files("#data-upload input[type=file]", str(odd))
    page.click("text=按「职业技能培训人数」读取此文件")
    page.wait_for_selector("text=本文件中「培训城乡劳动者」按「职业技能培训人数」读取")
    assert page.is_enabled("#data-confirm")
    page.click("#data-confirm")
    page.wait_for_selector("text=已导入：1项数据有变化。")
    # A figure far above the county's own history: saved, but explained first.
    page.set_input_files("#data-upload input[type=file]", str(flagged))
    page.wait_for_selector(".dq-hints-box")
    assert "与本县历史不符" in page.inner_text(".dq-hints-box")
    page.click("#data-confirm")
    page.wait_for_selector("#data-import-message .dq-hints-box")
    page.click("#data-submit")
    page.wait_for_selector("text=须先填写情况说明")
    refused = page.inner_text("#data-save-message")
    # Both figures need one: the flagged one, and the training figure (slow this month).
    assert "城镇新增就业人数" in refused and "职业技能培训人数" in refused
    for name, text in (("城镇新增就业人数", "本月集中举办两场大型招聘会"),
                       ("职业技能培训人数", "培训机构资质复审，本月开班较少")):  # fmt: skip
        page.locator(".explain-row", has_text=name).locator("textarea").fill(text)
    page.click("#data-explain-save")
    page.wait_for_selector("text=情况说明已保存")
    page.click("#data-submit")
    page.wait_for_selector("text=已提交，等待督查室审核。")
    assert page.errors == []

    phone = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    _login(phone, base_url, "supervisor", "/review?year=2026&month=11")
    phone.wait_for_selector(".desk-table")
    desk = phone.inner_text(".desk-table")
    assert "与本县历史不符" in desk and "本月集中举办两场大型招聘会" in desk
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 380
    phone.click("#review-approve")
    phone.wait_for_selector("text=已审核通过。")
    phone.goto(base_url + "/county/150802?year=2026&month=11")
    phone.wait_for_selector("#county-trend .js-plotly-plot")
    phone.wait_for_selector(".breakdown-table .explanation-note")
    names = phone.evaluate("() => document.querySelector('#county-trend .js-plotly-plot')"
                           ".data.map(t => t.name)")  # fmt: skip
    assert "情况说明" in names
    phone.context.close()
