"""Scopes in a real browser, on the generated province: the scope bar's search finds a
city by what is typed and opens its counties' ranking; the all-counties switch shows the
top and bottom ten and pages through the rest; a phone keeps it usable."""

from __future__ import annotations

import re


def test_br301_search_a_city_then_page_through_all_counties(page, base_url, province):
    page.goto(f"{base_url}/rankings?year=2026&month=10")
    page.wait_for_selector(".ranking-table tbody tr")
    assert page.locator(".ranking-table tbody tr").count() == 12  # the cities
    page.locator(
        "button.scope-search"
    ).click()  # Dash 4's dropdown: a button, a popover
    search = page.locator("input.dash-dropdown-search")
    assert search.get_attribute("placeholder") == "输入名称或代码"
    search.fill("0103")
    page.get_by_text("0103市 · City 01-03 (110300)").click()
    page.wait_for_url(re.compile(r"scope=110300"))
    # Every row of the table is one of 0103市's counties (waiting out the re-render).
    page.wait_for_function(
        "() => { const rows = [...document.querySelectorAll("
        "'.ranking-table tbody tr[data-region]')];"
        " return rows.length > 0 && rows.every(r => r.dataset.region.startsWith('1103')"
        " && r.dataset.region !== '110300'); }"
    )
    assert page.locator(".scope-bar").inner_text().count("›") == 1  # 模拟省01 › 0103市
    page.locator(".scope-crumb").first.click()  # back to the province
    page.wait_for_url(re.compile(r"^(?!.*scope=110300)"))
    page.locator(".scope-switch").click()
    page.wait_for_url(re.compile(r"units=county"))
    page.wait_for_selector(".ranking-gap")
    assert page.locator(".ranking-table tbody tr[data-region]").count() == 20
    assert "中间另有 80 个单位" in page.locator(".ranking-gap").inner_text()
    page.locator(".pager-all").click()
    page.wait_for_url(re.compile(r"page=1"))
    page.wait_for_function(
        "() => document.querySelectorAll('.ranking-table tbody tr[data-region]')"
        ".length == 25"
    )
    page.locator(".pager-next").click()
    page.wait_for_url(re.compile(r"page=2"))
    page.wait_for_selector("text=第 2 / 4 页")
    assert page.errors == []


def test_br302_the_scope_bar_on_a_phone(browser, base_url, province):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    phone = context.new_page()
    phone.goto(f"{base_url}/rankings?year=2026&month=10&units=county")
    phone.wait_for_selector(".ranking-gap")
    bar = phone.locator(".scope-bar").bounding_box()
    assert bar["width"] <= 375
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, width  # no sideways scroll of the page
    note = phone.locator(".gap-note").bounding_box()
    assert 0 <= note["x"] < 375  # the left-out note is in view
    phone.screenshot(path="/tmp/br302_scope_phone.png", full_page=False)
    context.close()


def test_br303_one_city_has_no_scope_bar(page, base_url):
    """The demo city and its counties: nothing to choose, the bar stays out of sight
    (it is in the page, hidden, so that its callbacks stay wired)."""
    page.goto(f"{base_url}/indicator/urban_new_jobs?year=2026&month=10")
    page.wait_for_selector("#indicator-status-list table")
    assert page.locator(".scope-bar").count() == 1
    assert page.locator(".scope-bar").is_hidden()
    assert page.errors == []
