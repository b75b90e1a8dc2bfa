"""The monthly cycle in Chromium: the month selector's states, a provisional ranking,
the county's notices and badge, and the office's status list with its reminders."""

from __future__ import annotations

import datetime as real

import pytest

pytestmark = pytest.mark.browser


class _Day(real.date):
    @classmethod
    def today(cls):
        return real.date(2026, 12, 3)


@pytest.fixture()
def december_third(monkeypatch, fresh_db, actors):
    """3 December 2026: 临河区's November approved, 磴口县's returned and everyone
    reminded."""
    import sys

    import services.actions
    import services.context
    import services.lookups
    from data_access.writes import EditTerms, apply_form, change_submission, remind

    # The 数据报送 page as Dash Pages imported it.
    data_page = next(
        m for name, m in sys.modules.items() if name.endswith("data_entry")
    )
    for module in (services.actions, services.context, services.lookups, data_page):
        monkeypatch.setattr(module, "date", _Day)
    for user, region, value in (("linhe", "150802", 3700), ("dengkou", "150822", 700)):
        apply_form(actors[user], [{"row": 1, "region": region,
                   "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                   "value": str(value), "unit": ""}], _Day.today(), terms=EditTerms())  # fmt: skip
        change_submission(actors[user], region, 2026, 11, "submit")
    change_submission(actors["supervisor"], "150802", 2026, 11, "approve")
    change_submission(actors["supervisor"], "150822", 2026, 11, "return", "请附台账")
    remind(actors["supervisor"], 2026, 11, None, real.date(2026, 12, 5))


def _sign_in(page, base_url, user: str, next_path: str) -> None:
    page.goto(f"{base_url}/login?next={next_path}")
    page.fill("#username", user)
    page.fill("#password", "demo12345")
    page.click("button[type=submit]")


def test_br401_a_provisional_ranking_in_the_browser(page, base_url, december_third):
    page.goto(base_url + "/rankings")  # no period: the newest closed month
    page.wait_for_selector(".ranking-table tbody tr")
    assert page.locator("#shell-month").input_value() == "10"
    options = page.locator("#shell-month option").all_inner_texts()
    assert "11月 · 报送中 1/7" in options and "10月 · 已审定" in options
    page.select_option("#shell-month", "11")
    page.wait_for_selector(".provisional-notice")
    page.wait_for_function("() => document.querySelectorAll("
                           "'.ranking-table tbody tr .no-grade').length === 6")  # fmt: skip
    assert "临时数据：2026年11月仍在报送中" in page.inner_text(".provisional-notice")
    ranked = page.locator(".ranking-table tbody tr").first.inner_text()
    assert ranked.startswith("1") and "临河区" in ranked
    assert page.errors == []


def test_br402_the_county_sees_its_notices_and_the_office_its_list(
    browser, page, base_url, december_third
):
    _sign_in(page, base_url, "dengkou", "/data%3Fyear%3D2026%26month%3D11")
    page.wait_for_selector(".county-notices .notice-return")
    assert "原因：请附台账" in page.inner_text(".county-notices")
    assert "应于2026-12-05前提交" in page.inner_text(".notice-reminder")
    # two notices and the demo's 督办 item for 磴口县 to sign for
    assert page.inner_text(".notices-badge") == "待办 3"
    office = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    _sign_in(office, base_url, "supervisor", "/data%3Fyear%3D2026%26month%3D11")
    office.wait_for_selector("#data-status .days-left")
    assert "还有2天截止（2026-12-05）" in office.inner_text("#data-status")
    assert "请附台账" in office.inner_text("#data-status")
    office.click("#data-remind-all")
    office.wait_for_selector("text=已向6个旗县区发出催报。")
    assert office.evaluate("document.documentElement.scrollWidth") <= 375
    office.context.close()
    assert page.errors == []


def test_br403_the_office_returns_per_indicator_and_the_county_sees_each_reason(
    page, base_url, fresh_db, actors
):
    """The office opens 逐项退回原因, gives two indicators a reason and returns 磴口县's
    October (no reason for the whole month); 磴口县 sees both in its notice and each
    under its indicator's name in the grid, at 375 px too; the page header names
    the month's state."""
    from data_access.writes import EditTerms, apply_form, change_submission

    apply_form(actors["dengkou"], [{"row": 1, "region": "150822",
               "indicator": "urban_new_jobs", "year": 2026, "month": 10, "value": "900",
               "unit": ""}], real.date(2026, 11, 20), terms=EditTerms("补录"))  # fmt: skip
    change_submission(actors["dengkou"], "150822", 2026, 10, "submit")
    _sign_in(page, base_url, "supervisor", "/data%3Fyear%3D2026%26month%3D10")
    page.wait_for_selector(".status-table")
    assert "已截止" in page.inner_text(".page-header .month-state")
    page.select_option("#data-review-region", "150822")
    page.click(".return-items summary")
    page.locator(".return-item").nth(0).fill("与实名制系统不一致")
    page.locator(".return-item").nth(5).fill("请附培训花名册")
    page.click("#data-return")
    page.wait_for_selector("#data-review-message >> text=已退回")
    # Off the office's page first: a callback still in flight would set its session
    # cookie again after the county's login form was drawn (the sign-in refused, 400).
    page.goto("about:blank")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, base_url, "dengkou", "/data%3Fyear%3D2026%26month%3D10")
    page.wait_for_selector(".notice-return")
    notice = page.inner_text(".notice-return")
    assert (
        "城镇新增就业人数：与实名制系统不一致" in notice and "请附培训花名册" in notice
    )
    page.wait_for_selector("#data-grid .returned-reason")
    names = page.locator("#data-grid .returned-reason")
    text = " ".join(names.all_inner_texts())
    assert "退回原因：与实名制系统不一致" in text and "退回原因：请附培训花名册" in text
    assert page.errors == []
