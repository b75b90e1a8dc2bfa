"""序时进度: linear, seasonal and stock paths, worked by hand."""

import pytest

from domain import TargetPoint, flow_progress, pace_needed, seasonal_profile, stock_due


def test_prog001_linear_month_1_and_12():
    """Month 1 is 1/12 of the year, month 12 the whole year."""
    assert flow_progress(1) == pytest.approx(1 / 12)
    assert flow_progress(12) == 1.0
    assert flow_progress(6) == 0.5


def test_prog002_month_out_of_range_is_refused():
    """A month outside 1..12 is a caller error, never silently clamped."""
    with pytest.raises(ValueError):
        flow_progress(0)
    with pytest.raises(ValueError):
        flow_progress(13)


def test_prog003_seasonal_profile_averages_complete_years():
    """Two complete years: the share reached each month is their mean."""
    history = {
        2019: [10, 20, 40, 50, 60, 70, 80, 90, 95, 98, 99, 100],
        2020: [30, 40, 60, 70, 80, 90, 100, 110, 120, 130, 140, 200],
        2021: [5, 10, None, None, None, None, None, None, None, None, None, None],
    }
    profile = seasonal_profile(history)
    assert profile is not None
    assert profile[0] == pytest.approx((0.10 + 0.15) / 2)
    assert profile[2] == pytest.approx((0.40 + 0.30) / 2)
    assert profile[11] == 1.0
    assert list(profile) == sorted(profile)
    assert flow_progress(3, profile) == pytest.approx(0.35)


def test_prog004_no_complete_year_means_no_profile():
    """Without a complete year there is no history to learn a shape from."""
    assert seasonal_profile({2024: [1.0] * 11 + [None]}) is None
    assert seasonal_profile({2024: [0.0] * 12}) is None
    assert seasonal_profile({}) is None


def test_prog005_stock_path_rises_linearly_from_baseline_to_deadline():
    """4 incubators at end-2017, 8 due by end-2020: 3 years of 4/3 a year."""
    targets = (TargetPoint(2020, 8),)
    baseline = TargetPoint(2017, 4)
    due, target, deadline = stock_due(2018, 12, targets, baseline)
    assert (target, deadline) == (8, 2020)
    assert due == pytest.approx(4 + 4 / 3)
    due, *_ = stock_due(2019, 6, targets, baseline)
    assert due == pytest.approx(4 + 4 * 1.5 / 3)
    due, *_ = stock_due(2020, 12, targets, baseline)
    assert due == pytest.approx(8)


def test_prog006_stock_after_deadline_holds_last_target_and_chains_targets():
    """After a deadline the level must be held; the next target starts from it."""
    targets = (TargetPoint(2020, 8), TargetPoint(2025, 13))
    due, target, deadline = stock_due(2022, 12, targets, TargetPoint(2017, 4))
    assert (target, deadline) == (13, 2025)
    assert due == pytest.approx(8 + 5 * 2 / 5)
    assert stock_due(2026, 3, targets, None) == (13, 13, 2025)


def test_prog007_stock_without_baseline_starts_from_zero_the_year_before():
    """No baseline: the path starts at 0 at the end of the year before."""
    due, *_ = stock_due(2020, 6, (TargetPoint(2020, 2),), None)
    assert due == pytest.approx(1.0)
    assert stock_due(2020, 6, (), None) is None


def test_prog008_pace_needed_per_remaining_month():
    """9,000 target, 6,000 done by October: 1,500 a month for two months."""
    assert pace_needed(9000, 6000, 10) == pytest.approx(1500)
    assert pace_needed(9000, 9500, 10) == 0
    assert pace_needed(9000, 8000, 12) == pytest.approx(1000)
