"""Issue 22 in Chromium: the county page's what-if moves the rank and writes nothing;
the overview's 预警清单 links to the county; the rankings page's fair switch."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

JUNE = "year=2026&month=6"


WRITTEN = ("reports", "targets", "report_history", "target_history", "weight_history",
           "submissions", "submission_events")  # fmt: skip


def _counts():
    """Rows of every table that holds what users write, and the weights (a what-if
    writes none)."""
    from sqlalchemy import text

    from data_access.engine import get_write_engine

    with get_write_engine().connect() as conn:
        found = {name: conn.execute(text(f"select count(*) from {name}")).scalar()
                 for name in WRITTEN}  # fmt: skip
        found["weights"] = conn.execute(
            text("select sum(weight) from indicators")
        ).scalar()
    return found


def test_br150_what_if_moves_the_rank_and_the_database_is_unchanged(
    page, base_url, fresh_db
):
    from data_access import queries
    from services.assessment import period_view
    from services.context import rules

    last = period_view(2026, 6, rules(2026)).score_rows()[-1]
    before, version = _counts(), queries.data_version()
    page.goto(f"{base_url}/county/{last.region}?{JUNE}")
    page.wait_for_selector(".outlook-headline")
    headline = page.locator(".outlook-headline").inner_text()
    assert re.search(r"按当前进度，预计年终得分约\d+分（.+），排名第[\d–]+名", headline)
    assert page.locator(".move-up").inner_text().startswith("升位所需")
    plans = page.locator("input[id*='whatif-plan']")
    assert plans.count() >= 3
    for i in range(plans.count()):  # every flow planned ten times the pace so far
        field = plans.nth(i)
        field.fill(str(float(field.input_value() or 0) * 10 + 100))
        field.press("Enter")
    page.wait_for_function(
        "rank => { const o = document.querySelector('.whatif-outcome');"
        " const m = o && o.innerText.match(/排名第(\\d+)名/);"
        " return m && Number(m[1]) < rank; }",
        arg=last.rank,
    )
    said = page.locator(".whatif-outcome").inner_text()
    assert "模拟结果" in said
    assert f"第{last.rank}名" in page.locator(".whatif-card").inner_text()
    assert _counts() == before and queries.data_version() == version
    assert page.errors == []


def test_br151_the_warning_list_opens_the_county_and_the_fair_switch(
    page, base_url, fresh_db
):
    page.goto(f"{base_url}/?{JUNE}")
    page.wait_for_selector(".warning-table tbody tr")
    first = page.locator(".warning-table tbody tr").first
    assert "难以完成" in first.inner_text()
    name = first.locator("a").inner_text()
    first.locator("a").click()
    page.wait_for_selector(".outlook-table")
    assert name in page.locator("h1").inner_text()
    page.goto(f"{base_url}/rankings?{JUNE}")
    page.wait_for_selector(".fair-table")
    page.get_by_label("人均").check()
    page.wait_for_function(
        "() => document.querySelector('.fair-method').innerText.includes('每万常住人口')"
    )
    assert "示例数据" in page.locator(".fair-card").inner_text()
    page.get_by_label("争先进位").check()
    page.wait_for_function(
        "() => document.querySelector('.fair-method').innerText.includes('争先进位')"
    )
    assert page.errors == []
