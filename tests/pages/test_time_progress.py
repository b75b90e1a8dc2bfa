"""序时进度 as the documents mean it (m/12) by default, the seasonal pace shown beside it,
and rates under their cap never called 滞后."""

from __future__ import annotations

import pytest

from domain import Rules
from domain.progress import flow_progress
from presenters.bulletin import build_bulletin, red_cells
from services.assessment import period_view
from settings import load_settings
from tests.helpers import answer_text, post_callback


def test_tp001_october_is_83_3_percent_by_default(client, dash_app):
    """The default rules use m/12; the county page shows 83.3 % as 序时进度 and the
    seasonal expectation, labelled 按往年节奏应达, beside it."""
    assert load_settings({}).rules.seasonal_profile is False
    assert flow_progress(10) == pytest.approx(10 / 12)
    view = period_view(2026, 10, Rules())
    jobs = view.result_rows(region="150802", code="urban_new_jobs")[0]
    assert jobs.progress == pytest.approx(0.8333, abs=1e-4)
    assert (
        jobs.seasonal_progress is not None and jobs.seasonal_progress != jobs.progress
    )
    page = answer_text(post_callback(
        client, dash_app, "county-breakdown.children",
        {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
         "county-code.data": "150802"},
    ))  # fmt: skip
    assert "83.3%" in page and "按往年节奏应达" in page
    assert f"{jobs.seasonal_progress * 100:.1f}%" in page


def test_tp002_seasonal_profile_is_a_choice_the_bulletin_names(seeded_db):
    """SEASONAL_PROFILE=1 scores against last years' pace; the bulletin then says it
    used that pace, and by default that it used m/12."""
    seasonal = load_settings({"SEASONAL_PROFILE": "1"}).rules
    assert seasonal.seasonal_profile is True
    view = period_view(2026, 10, seasonal)
    jobs = view.result_rows(region="150802", code="urban_new_jobs")[0]
    assert jobs.paced and jobs.progress != pytest.approx(10 / 12)
    assert "往年同期节奏" in build_bulletin(view, is_demo=True, seasonal=True).filters
    linear = build_bulletin(period_view(2026, 10, Rules()), is_demo=True)
    assert "序时进度按全年已过月份计算（10/12）" in linear.filters


@pytest.mark.parametrize("month", range(1, 11))
def test_tp003_a_rate_under_its_cap_is_never_called_behind(seeded_db, month):
    """Every red-list line of a rate under its cap says 接近控制线, never 滞后."""
    bulletin = build_bulletin(period_view(2026, month, Rules()), is_demo=True)
    for item in bulletin.red_list:
        cells = red_cells(item)
        if "低于控制目标" in item.detail:
            assert cells[2] == "【接近控制线】", cells
        assert not ("控制目标" in item.detail and cells[2] == "【滞后】"), cells
    rates = [i for i in bulletin.red_list if "控制目标" in i.detail]
    assert all(i.status in ("near_cap", "alert") for i in rates)
