"""Status and score fraction for every indicator kind, worked by hand."""

import pytest

from domain import (
    IndicatorSpec,
    Kind,
    Observation,
    Rules,
    Status,
    TargetPoint,
    evaluate,
)

RULES = Rules()
FLOW = IndicatorSpec("urban_new_jobs", Kind.FLOW, 25)
RATE = IndicatorSpec("registered_unemployment_rate", Kind.RATE_CAP, 20)
STOCK = IndicatorSpec("incubators", Kind.STOCK, 6)
ZERO = IndicatorSpec("zero_employment_families", Kind.ZERO, 6)


def test_eval001_flow_ahead_of_time_progress_is_on_track_full_marks():
    """1,000 target, 600 by June (50 % due): 60 % done, 10 points ahead."""
    r = evaluate(FLOW, Observation(600, 1000), 2024, 6, RULES)
    assert r.status is Status.ON_TRACK
    assert r.completion == pytest.approx(0.6)
    assert r.progress == pytest.approx(0.5)
    assert r.gap_points == pytest.approx(10)
    assert r.due == pytest.approx(500)
    assert r.score_fraction == 1.0
    assert r.pace_needed == pytest.approx(400 / 6)


def test_eval002_flow_up_to_ten_points_behind_is_lagging():
    """450 of 1,000 in June: 5 points behind, 90 % of what was due."""
    r = evaluate(FLOW, Observation(450, 1000), 2024, 6, RULES)
    assert r.status is Status.LAGGING
    assert r.gap_points == pytest.approx(-5)
    assert r.score_fraction == pytest.approx(0.9)


def test_eval003_flow_more_than_ten_points_behind_is_alert():
    """390 of 1,000 in June: 11 points behind."""
    r = evaluate(FLOW, Observation(390, 1000), 2024, 6, RULES)
    assert r.status is Status.ALERT
    assert r.score_fraction == pytest.approx(0.78)


def test_eval004_flow_exactly_ten_points_behind_is_still_lagging():
    """The boundary belongs to the yellow band."""
    r = evaluate(FLOW, Observation(400, 1000), 2024, 6, RULES)
    assert r.status is Status.LAGGING


def test_eval005_flow_month_1_and_month_12():
    """January: 1/12 due; December: the whole target due."""
    jan = evaluate(FLOW, Observation(100, 1200), 2024, 1, RULES)
    assert jan.progress == pytest.approx(1 / 12)
    assert jan.gap_points == pytest.approx(0)
    assert jan.status is Status.ON_TRACK
    dec = evaluate(FLOW, Observation(1000, 1200), 2024, 12, RULES)
    assert dec.progress == 1.0
    assert dec.gap_points == pytest.approx(-100 / 6)
    assert dec.status is Status.ALERT
    assert dec.score_fraction == pytest.approx(1000 / 1200)
    assert dec.pace_needed == pytest.approx(200)


def test_eval006_flow_uses_seasonal_profile_when_given():
    """With 4 % of the year usually done by January, 5 % done is on track."""
    profile = (0.04, *[0.5] * 10, 1.0)
    r = evaluate(FLOW, Observation(50, 1000), 2024, 1, RULES, profile)
    assert r.progress == pytest.approx(0.04)
    assert r.status is Status.ON_TRACK


def test_eval007_missing_report_scores_zero_and_says_no_data():
    """A target without a report: 未报送, nothing earned."""
    for spec in (FLOW, RATE, STOCK, ZERO):
        obs = Observation(None, 5, stock_targets=(TargetPoint(2020, 8),))
        r = evaluate(spec, obs, 2020, 6, RULES)
        assert r.status is Status.NO_DATA, spec.kind
        assert r.score_fraction == 0


def test_eval008_no_target_is_not_assessed():
    """No target for this region and year: the indicator is left out."""
    assert evaluate(FLOW, Observation(10), 2020, 6, RULES).status is (
        Status.NOT_ASSESSED
    )
    assert evaluate(RATE, Observation(4.0), 2020, 6, RULES).status is (
        Status.NOT_ASSESSED
    )
    assert evaluate(STOCK, Observation(3), 2020, 6, RULES).status is (
        Status.NOT_ASSESSED
    )


def test_eval009_zero_target_is_met_by_any_report():
    """A zero target asks nothing: on track, full marks, no completion ratio."""
    r = evaluate(FLOW, Observation(0, 0), 2024, 6, RULES)
    assert r.status is Status.ON_TRACK
    assert r.score_fraction == 1.0
    assert r.completion is None
    s = evaluate(
        STOCK, Observation(0, stock_targets=(TargetPoint(2020, 0),)), 2020, 6, RULES
    )
    assert s.status is Status.ON_TRACK and s.score_fraction == 1.0


def test_eval010_rate_exactly_at_cap_is_yellow_with_full_marks():
    """4.5 % against a 4.5 % cap: within the target but near the cap (接近控制线,
    yellow), never 滞后."""
    r = evaluate(RATE, Observation(4.5, 4.5), 2024, 6, RULES)
    assert r.status is Status.NEAR_CAP
    assert r.score_fraction == 1.0
    assert r.gap_points == pytest.approx(0)


def test_eval011_rate_bands_and_linear_score_above_cap():
    """0.3 points under is green; 0.4 over loses 40 %; 1 point over scores 0."""
    assert evaluate(RATE, Observation(4.2, 4.5), 2024, 6, RULES).status is (
        Status.ON_TRACK
    )
    assert evaluate(RATE, Observation(4.3, 4.5), 2024, 6, RULES).status is (
        Status.NEAR_CAP
    )
    over = evaluate(RATE, Observation(4.9, 4.5), 2024, 6, RULES)
    assert over.status is Status.ALERT
    assert over.score_fraction == pytest.approx(0.6)
    assert evaluate(RATE, Observation(5.6, 4.5), 2024, 6, RULES).score_fraction == 0


def test_eval012_stock_judged_against_linear_path():
    """Mid-2019 on the 4→8 path, 6 are due; 5 is 12.5 points behind."""
    obs = Observation(
        5, stock_targets=(TargetPoint(2020, 8),), baseline=TargetPoint(2017, 4)
    )
    r = evaluate(STOCK, obs, 2019, 6, RULES)
    assert r.due == pytest.approx(6)
    assert r.target == 8 and r.deadline_year == 2020
    assert r.completion == pytest.approx(5 / 8)
    assert r.progress == pytest.approx(6 / 8)
    assert r.gap_points == pytest.approx(-12.5)
    assert r.status is Status.ALERT
    assert r.score_fraction == pytest.approx(5 / 6)


def test_eval013_zero_target_left_over_is_red():
    """Any zero-employment family left over is 预警; each costs 20 % of the weight."""
    assert evaluate(ZERO, Observation(0), 2024, 6, RULES).status is Status.ON_TRACK
    r = evaluate(ZERO, Observation(2), 2024, 6, RULES)
    assert r.status is Status.ALERT
    assert r.score_fraction == pytest.approx(0.6)
    assert evaluate(ZERO, Observation(9), 2024, 6, RULES).score_fraction == 0


def test_eval014_thresholds_are_settings():
    """A stricter lag band turns the same figures red."""
    strict = Rules(lag_points=3)
    r = evaluate(FLOW, Observation(450, 1000), 2024, 6, strict)
    assert r.status is Status.ALERT
    loose_rate = Rules(rate_safe_margin=0.1)
    assert evaluate(RATE, Observation(4.4, 4.5), 2024, 6, loose_rate).status is (
        Status.ON_TRACK
    )
