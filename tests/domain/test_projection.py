"""Issue 22 (begun): a flow's year-end projection, worked by hand."""

from __future__ import annotations

import math

import pytest

from domain.projection import (
    DEFAULT_SPREAD,
    Basis,
    Outlook,
    multipliers,
    project_flow,
)

Z80 = 1.2815515655446004  # the standard normal's 90th percentile (80 % two-sided)


def _even(december: float) -> list[float]:
    """A year that reached ``december`` evenly: 1/12 of it a month."""
    return [december * m / 12 for m in range(1, 13)]


def _slow_start(december: float) -> list[float]:
    """A year with 40 % of its total by June (48 of 120), the rest later."""
    return [december * s for s in (0.05, 0.1, 0.16, 0.23, 0.31, 0.4,
                                   0.5, 0.6, 0.7, 0.8, 0.9, 1.0)]  # fmt: skip


def test_proj001_a_county_with_its_own_seasonal_shape():
    """Two earlier years: even (×2.0 from June) and slow-starting (×2.5). With 50 by
    June the projection is 50 × √(2.0 × 2.5) = 111.8; the spread of the two logs,
    widened for a new year (√1.5) and for two years (t₀.₉,₁ / z₀.₉ = 3.078 / 1.2816),
    gives the 80 % range; a target of 100 is at risk (a 59 % chance)."""
    history = {2024: _even(120.0), 2025: _slow_start(120.0)}
    assert multipliers(history, 6) == pytest.approx([2.0, 2.5])
    found = project_flow(50.0, 6, own=history, target=100.0)
    assert found.basis is Basis.OWN and found.years == 2
    assert found.value == pytest.approx(50 * math.sqrt(5.0))
    logs = (math.log(2.0), math.log(2.5))
    spread = abs(logs[1] - logs[0]) / math.sqrt(2) * math.sqrt(1 + 1 / 2) * 3.078 / Z80
    mean = sum(logs) / 2
    assert found.low == pytest.approx(50 * math.exp(mean - Z80 * spread))
    assert found.high == pytest.approx(50 * math.exp(mean + Z80 * spread))
    chance = 0.5 * (1 + math.erf(-(math.log(2.0) - mean) / spread / math.sqrt(2)))
    assert found.probability == pytest.approx(chance) and 0.55 < chance < 0.65
    assert found.outlook is Outlook.AT_RISK


def test_proj002_one_year_of_history_borrows_the_citys_shape():
    """The county has one complete year (×2.0 from June), the city three (×2.5 each):
    the city's shape carries the county's 40 by June to 100; a county alone with its
    one year keeps it, with the default spread for June."""
    city = {
        2023: _slow_start(1000.0),
        2024: _slow_start(900.0),
        2025: _slow_start(1100.0),
    }
    borrowed = project_flow(40.0, 6, own={2025: _even(80.0)}, city=city, target=120.0)
    assert borrowed.basis is Basis.CITY and borrowed.years == 3
    assert borrowed.value == pytest.approx(100.0)
    # Three equal multipliers: no spread of their own, the floor keeps a sliver.
    assert borrowed.low < 100.0 < borrowed.high and borrowed.high - borrowed.low < 2.0
    assert borrowed.outlook is Outlook.UNLIKELY  # 120 needs ×3.0 where years gave ×2.5
    alone = project_flow(40.0, 6, own={2025: _even(80.0)})
    assert (
        alone.basis is Basis.OWN
        and alone.years == 1
        and alone.value == pytest.approx(80.0)
    )
    spread = DEFAULT_SPREAD * 6 / 12
    assert alone.high == pytest.approx(80.0 * math.exp(Z80 * spread))
    assert alone.probability is None and alone.outlook is None


def test_proj003_no_history_at_all_is_linear():
    """No earlier year: 40 by April goes on at the same speed to 120, the range from
    the default spread for April (two thirds of the year left)."""
    found = project_flow(40.0, 4, target=120.0)
    assert found.basis is Basis.LINEAR and found.years == 0
    assert found.value == pytest.approx(120.0)
    spread = DEFAULT_SPREAD * 8 / 12
    assert found.low == pytest.approx(120.0 * math.exp(-Z80 * spread))
    assert found.probability == pytest.approx(0.5)  # exactly on the target's path
    assert found.outlook is Outlook.AT_RISK


def test_proj004_december_is_the_year_and_nothing_is_nothing():
    december = project_flow(118.0, 12, own={2025: _even(120.0)}, target=120.0)
    assert (december.value, december.low, december.high) == (118.0, 118.0, 118.0)
    assert december.probability == 0.0 and december.outlook is Outlook.UNLIKELY
    met = project_flow(121.0, 12, target=120.0)
    assert met.probability == 1.0 and met.outlook is Outlook.LIKELY
    nothing = project_flow(
        0.0, 5, own={2024: _even(10.0), 2025: _even(12.0)}, target=50.0
    )
    assert nothing.value == 0.0 and nothing.probability == 0.0
    assert project_flow(10.0, 5, target=0.0).probability == 1.0  # nothing asked


def test_proj005_a_year_with_a_gap_or_nothing_by_the_month_is_left_out():
    gap = _even(120.0)
    gap[7] = None
    late = [0.0] * 6 + [60.0, 70.0, 80.0, 90.0, 100.0, 110.0]
    assert multipliers({2023: gap, 2024: late, 2025: _even(60.0)}, 6) == [2.0]
    with pytest.raises(ValueError):
        project_flow(-1.0, 6)
    with pytest.raises(ValueError):
        project_flow(10.0, 13)


def test_proj006_the_chance_falls_as_the_target_rises():
    history = {2023: _even(100.0), 2024: _slow_start(100.0), 2025: _even(110.0)}
    chances = [project_flow(50.0, 6, own=history, target=goal).probability
               for goal in (80.0, 100.0, 110.0, 120.0, 160.0)]  # fmt: skip
    assert (
        chances == sorted(chances, reverse=True)
        and chances[0] > 0.9 > 0.1 > chances[-1]
    )


def test_proj007_the_backtest_worked_by_hand():
    """One county: 2024 even (120), 2025 slow-starting (120). From June, 2024 has no
    earlier year (linear: 60 → 120, exact) and 2025 has one (×2.0: 48 → 96, 20 % short,
    outside its range): MAPE 10 %, coverage ½. With targets 100 and 110 the June words
    are 有望完成 (met) and 难以完成 (yet 120 ≥ 110: not missed)."""
    from domain.projection import backtest, outlook_hits

    years = {2024: _even(120.0), 2025: _slow_start(120.0)}
    june = next(e for e in backtest({"A": years}, years) if e.month == 6)
    assert (june.cases, june.mape, june.coverage) == (2, pytest.approx(0.1), 0.5)
    even = backtest({"A": {2024: _even(120.0), 2025: _even(90.0)}}, {})
    assert all(e.mape == pytest.approx(0.0) and e.coverage == 1.0 for e in even)
    assert [e.month for e in even] == list(range(1, 12))
    hits = outlook_hits({"A": years}, years, {("A", 2024): 100.0, ("A", 2025): 110.0})
    assert (hits.likely, hits.likely_met, hits.unlikely, hits.unlikely_missed) == (
        1,
        1,
        1,
        0,
    )
