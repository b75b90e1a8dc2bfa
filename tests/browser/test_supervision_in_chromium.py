"""督查督办 in Chromium at 1440 and 375 px: a department reports a measure's progress
on the measures page; a county finds its item through the 待办 badge, signs for it,
works on it and reports back with an attached PDF from a phone; the office reviews it
from its list. Every page stays inside the phone's width, with no console errors."""

from __future__ import annotations

import re

import pytest

PHONE = {"width": 375, "height": 800}
DESK = {"width": 1440, "height": 900}
PERIOD = "year=2026&month=10"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _signed_in(browser, base_url, user: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(base_url + "/login")
    page.fill("#username", user)
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page


def _fits(page) -> bool:
    """Nothing wider than the viewport (no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["1440", "375"])
def test_br230_a_department_reports_its_measures_progress(
    browser, base_url, fresh_db, tmp_path, viewport
):
    context, page = _signed_in(browser, base_url, "renshe", viewport)
    page.goto(f"{base_url}/measures?{PERIOD}")
    page.wait_for_selector(".department-progress-list")
    assert page.locator(".department-progress[data-department='人社局']").count() == 1
    card = page.locator("[data-key='2018-49:4']").first
    card.locator("select").select_option("lagging")
    card.locator("textarea").fill("场地未落实，已协调住建委")
    card.locator("button", has_text="保存进展").click()
    page.wait_for_selector("[data-key='2018-49:4'] .alert-success")
    assert "滞后" in card.locator(".measure-progress").inner_text()
    # a measure led by another department has no form for 人社局
    assert page.locator("[data-key='2018-49:1'] .progress-form").count() == 0
    assert _fits(page) and page.errors == []
    page.screenshot(
        path=str(tmp_path / f"measures-{viewport['width']}.png"), full_page=True
    )
    context.close()


def test_br231_a_county_works_an_item_from_its_phone_and_the_office_reviews_it(
    browser, base_url, fresh_db, tmp_path
):
    context, page = _signed_in(browser, base_url, "dengkou", PHONE)
    page.goto(f"{base_url}/?{PERIOD}")
    # As a person does: the page drawn, the menu opened, then its badge tapped (a tap
    # during the menu's opening or the page's first answers could be lost under load).
    page.wait_for_load_state("networkidle")
    page.locator(".navbar-toggler").click()
    page.wait_for_selector(".navbar-collapse.show")
    badge = page.locator(".notices-badge")
    assert re.search(r"待办 \d+", badge.inner_text())
    badge.click()
    page.wait_for_selector(".awaiting-list")
    assert "待签收" in page.locator(".awaiting-list").inner_text()
    assert _fits(page)
    page.screenshot(path=str(tmp_path / "notices-375.png"), full_page=True)
    page.locator(".awaiting-line a").first.click()
    page.wait_for_selector(".item-list")
    page.locator(".item-link").first.click()
    page.wait_for_selector(".item-steps")
    for word in ("签收", "开始办理"):
        page.locator(".item-actions button", has_text=word).click()
        page.wait_for_selector(".item-actions .alert-success")
        page.wait_for_timeout(300)
    page.locator("#item-note").fill("已逐户核查，零就业家庭全部清零。")
    (tmp_path / "核查报告.pdf").write_bytes(PDF)
    page.locator("#item-files input[type=file]").set_input_files(
        str(tmp_path / "核查报告.pdf")
    )
    page.wait_for_selector("#item-file-names:has-text('核查报告.pdf')")
    page.locator(".item-actions button", has_text="反馈").click()
    page.wait_for_selector(".item-steps a:has-text('核查报告.pdf')")
    assert "已反馈" in page.locator(".item-title").locator("..").inner_text()
    assert _fits(page) and page.errors == []
    page.screenshot(path=str(tmp_path / "item-375.png"), full_page=True)
    item_url = page.url
    context.close()

    context, office = _signed_in(browser, base_url, "supervisor", DESK)
    office.goto(f"{base_url}/supervision?{PERIOD}")
    office.wait_for_selector(".item-list")
    lights = office.locator(".item-card .sup-badge").all_inner_texts()
    assert any("逾期" in text for text in lights)  # the overdue item says so in words
    office.goto(item_url)
    office.wait_for_selector(".item-steps")
    office.locator(".item-actions button", has_text="复核").click()
    office.wait_for_selector(".item-actions .alert-success")
    assert "复核中" in office.locator(".item-actions .alert-success").inner_text()
    assert office.errors == []
    office.screenshot(path=str(tmp_path / "item-1440.png"), full_page=True)
    context.close()


def test_br232_the_offices_list_fits_a_phone(browser, base_url, fresh_db, tmp_path):
    context, page = _signed_in(browser, base_url, "supervisor", PHONE)
    page.goto(f"{base_url}/supervision?{PERIOD}")
    page.wait_for_selector(".item-list")
    cards = page.locator(".item-card")
    assert cards.count() >= 3
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert _fits(page) and page.errors == []
    page.screenshot(path=str(tmp_path / "supervision-375.png"), full_page=True)
    context.close()
