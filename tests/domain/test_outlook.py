"""Issue 22: levels projected by their kind, the projected score, grade and rank with
their ranges, the what-if and the pace, worked by hand."""

from __future__ import annotations

import math
from dataclasses import replace
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import IndicatorSpec, Kind, Observation, PeriodInputs, Rules, TargetPoint
from domain.kinds import kind_of
from domain.outlook import History, year_end
from domain.projection import (
    DEFAULT_SPREAD,
    Basis,
    Outlook,
    level_steps,
    pace_so_far,
    project_level,
)

Z90 = NormalDist().inv_cdf(0.9)


def test_out001_a_stock_goes_on_at_its_average_step():
    """Five incubators in June, one more every month so far (no spread): 11 by
    December, the year's 10 certain, 12 out of reach."""
    years = {2025: [None] * 12, 2026: [0, 1, 2, 3, 4, 5] + [None] * 6}
    steps = level_steps(years, 2026, 6)
    assert steps == [1, 1, 1, 1, 1]
    found = project_level(5.0, 6, steps, target=10.0)
    assert found.value == pytest.approx(11.0)
    assert (found.low, found.high) == pytest.approx((11.0, 11.0))
    assert found.probability == 1.0 and found.outlook is Outlook.LIKELY
    assert project_level(5.0, 6, steps, target=12.0).outlook is Outlook.UNLIKELY


def test_out002_a_rate_walks_with_its_monthly_spread_against_its_cap():
    """4.0 % in September, moving ±0.1 a month with no trend: it stays 4.0, its spread
    is the steps' deviation (0.1155) widened for a new month (√1.25) and for four steps
    (t₀.₉,₃ / z₀.₉ = 1.638 / 1.2816), over the three months left (√3); the chance of
    staying at or under a 4.5 cap is Φ(0.5 / that)."""
    steps = [0.1, -0.1, 0.1, -0.1]
    found = project_level(4.0, 9, steps, target=4.5, lower_is_better=True, drift=False)
    sd = math.sqrt(0.04 / 3) * math.sqrt(1.25) * 1.638 / Z90
    spread = sd * math.sqrt(3)
    assert found.value == pytest.approx(4.0)
    assert found.high == pytest.approx(4.0 + Z90 * spread)
    assert found.probability == pytest.approx(NormalDist().cdf(0.5 / spread))
    assert found.basis is Basis.OWN and found.years == 4
    # The same steps with the cap below the rate: unlikely to get under it.
    assert project_level(4.6, 9, steps, 4.5, True, False).outlook is Outlook.AT_RISK
    assert project_level(5.5, 9, steps, 4.5, True, False).outlook is Outlook.UNLIKELY


def test_out003_a_level_without_history_and_a_count_to_clear():
    """No steps: the level stays, with the default spread (12 % of it over a year);
    a count of 2 falling by one a month is cleared (under one half) by December."""
    found = project_level(8.0, 6, [], target=8.0)
    assert found.basis is Basis.LINEAR and found.value == 8.0
    spread = DEFAULT_SPREAD * 8.0 / math.sqrt(12) * math.sqrt(6)
    assert found.low == pytest.approx(8.0 - Z90 * spread)
    assert found.probability == pytest.approx(0.5)
    zero = kind_of(Kind.ZERO)
    cleared = project_level(2.0, 10, [-1.0, -1.0], zero.year_end_target(None, 2026),
                            lower_is_better=True)  # fmt: skip
    assert cleared.value == 0.0 and cleared.probability == 1.0


def test_out004_a_stock_s_year_end_target_is_the_level_due_in_december():
    """8 due by 2027 from 2 at the end of 2025: 5 due at the end of 2026."""
    obs = Observation(3.0, stock_targets=(TargetPoint(2027, 8.0),),
                      baseline=TargetPoint(2025, 2.0))  # fmt: skip
    assert kind_of(Kind.STOCK).year_end_target(obs, 2026) == pytest.approx(5.0)
    assert kind_of(Kind.FLOW).year_end_target(Observation(3.0, 100.0), 2026) == 100.0
    assert kind_of(Kind.FLOW).year_end_target(Observation(3.0), 2026) is None


def _inputs(ytd: dict[str, float]) -> PeriodInputs:
    """Three counties in June: new jobs (weight 60, target 100) and a rate (40, cap
    4.5, all at 3.0)."""
    specs = (
        IndicatorSpec("jobs", Kind.FLOW, 60.0),
        IndicatorSpec("rate", Kind.RATE_CAP, 40.0),
    )
    observations = {}
    for region, value in ytd.items():
        observations[(region, "jobs")] = Observation(value, 100.0)
        observations[(region, "rate")] = Observation(3.0, 4.5)
    return PeriodInputs(2026, 6, specs, tuple(ytd), observations, {})


def test_out005_projected_score_grade_and_rank_with_their_ranges():
    """No history: June's figure doubles (12/6), within ±Z90 × 0.06 in logs. A: 60 →
    120, full marks, 100. B: 40 → 80, 60 × 0.8 + 40 = 88.0 (良好). C: 39 → 78, 86.8.
    B's worse end 80 × e^(−0.0769) → 84.45 falls under C's 86.8 (rank 3), its better
    end stays 2nd; C's better end 84.23 → 90.54 passes B's 88 (rank 2)."""
    found = year_end(_inputs({"A": 60.0, "B": 40.0, "C": 39.0}), {}, Rules())
    a, b, c = (found.scores[r] for r in "ABC")
    assert (a.total, a.grade, a.rank, a.best, a.worst) == (100.0, "excellent", 1, 1, 1)
    assert (b.total, b.grade, b.rank) == (88.0, "good", 2)
    shrink = math.exp(-Z90 * DEFAULT_SPREAD * 6 / 12)
    assert b.low == pytest.approx(round(60 * 0.8 * shrink + 40, 2))
    assert (b.best, b.worst) == (2, 3)
    assert c.total == pytest.approx(86.8) and (c.rank, c.best, c.worst) == (3, 2, 3)
    assert found.projections[("B", "jobs")].value == pytest.approx(80.0)
    assert found.projections[("B", "rate")].value == pytest.approx(3.0)


def test_out006_what_if_a_planned_figure_moves_the_rank():
    """C plans 100 by December: full marks, tied first with A; nothing else moves."""
    inputs = _inputs({"A": 60.0, "B": 40.0, "C": 39.0})
    found = year_end(inputs, {}, Rules(), change={("C", "jobs"): 100.0})
    assert found.scores["C"].total == 100.0 and found.scores["C"].rank == 1
    assert (found.scores["C"].low, found.scores["C"].high) == (100.0, 100.0)
    assert found.scores["B"].rank == 3


def test_out007_own_history_shapes_the_projection_and_missing_figures_score_none():
    """B's own two years reached 40 % by June: 40 → 100 (full marks); a county without
    a June figure is not projected and scores its jobs at zero."""
    slow = [0.05, 0.1, 0.16, 0.23, 0.31, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    history = {"jobs": History(own={"B": {2024: [100 * s for s in slow],
                                          2025: [200 * s for s in slow]}})}  # fmt: skip
    inputs = _inputs({"A": 60.0, "B": 40.0, "C": 39.0})
    inputs.observations[("C", "jobs")] = Observation(None, 100.0)
    found = year_end(inputs, history, Rules())
    assert found.projections[("B", "jobs")].value == pytest.approx(100.0)
    assert found.projections[("B", "jobs")].basis is Basis.OWN
    assert ("C", "jobs") not in found.projections
    assert found.scores["B"].total == 100.0
    assert found.scores["C"].total == 40.0


def test_out008_pace_so_far():
    assert pace_so_far(300.0, 10) == 30.0
    assert pace_so_far(None, 10) is None
    with pytest.raises(ValueError):
        pace_so_far(1.0, 13)


def test_out009_what_it_takes_to_pass_the_unit_above():
    """Now (June, 50 due of 100): B has 40 (0.8 × 60 + 40 = 88.00), C 39 (86.80).
    C is 1.20 points behind; 40 people would tie B, so 2 more are needed to pass it
    (41: 89.20). The rate is at full marks already: no way there."""
    from domain.outlook import move_up

    inputs = _inputs({"A": 60.0, "B": 40.0, "C": 39.0})
    found = move_up(inputs, Rules(), "C", {"jobs": 0, "rate": 2})
    assert (found.above, found.rank, found.points) == ("B", 2, 1.2)
    assert [(s.code, s.amount, s.value) for s in found.steps] == [("jobs", 2.0, 41.0)]
    assert move_up(inputs, Rules(), "A", {}).steps == ()


def test_out010_a_rate_over_its_cap_can_be_the_cheapest_way_up():
    """B is over its cap (5.0 against 4.5: half marks on the rate, 20 of 40 → 68.0) and
    C (39 jobs, rate 3.0: 86.8) is above it. B needs 18.8 points: the jobs give at most
    12 (full marks, 80.0), so only the rate can: under 4.5 + 0.03 … by bisection its
    value must bring 40 × (1 − excess) + 48 above 86.8: excess < 0.03, down ≥ 0.48."""
    from domain.outlook import move_up

    inputs = _inputs({"A": 60.0, "B": 40.0, "C": 39.0})
    inputs.observations[("B", "rate")] = Observation(5.0, 4.5)
    found = move_up(inputs, Rules(), "B", {"jobs": 0, "rate": 2})
    assert found.above == "C" and found.points == pytest.approx(18.8)
    assert [s.code for s in found.steps] == ["rate"]
    step = found.steps[0]
    assert step.amount == pytest.approx(0.48) and step.value == pytest.approx(4.52)


@given(
    mine=st.integers(0, 4999),
    above=st.integers(1, 5000),
    target=st.integers(100, 20_000),
    rate=st.floats(2.0, 6.0).map(lambda v: round(v, 2)),
)
def test_out013_each_way_up_is_the_least_whole_amount_that_passes(mine, above, target,
                                                                   rate):  # fmt: skip
    """Generated counties B (below) and A (above): each step move_up gives, applied
    through the scoring, passes A, and one unit less (a person, a hundredth of a
    point) does not; found in at most ⌈log₂ of the units to full marks⌉ + 1 scorings
    per indicator beside the checks (50 each before)."""
    from domain.assessment import assess
    from domain.outlook import _Region, move_up

    specs = (IndicatorSpec("jobs", Kind.FLOW, 60.0),
             IndicatorSpec("rate", Kind.RATE_CAP, 40.0))  # fmt: skip
    observations = {("A", "jobs"): Observation(float(above), float(target)),
                    ("A", "rate"): Observation(3.0, 4.5),
                    ("B", "jobs"): Observation(float(mine), float(target)),
                    ("B", "rate"): Observation(rate, 4.5)}  # fmt: skip
    inputs = PeriodInputs(2026, 6, specs, ("A", "B"), observations, {})
    decimals = {"jobs": 0, "rate": 2}
    scorings = []
    total = _Region.total

    def counted(self, values):
        scorings.append(values)
        return total(self, values)

    _Region.total = counted
    try:
        found = move_up(inputs, Rules(), "B", decimals)
    finally:
        _Region.total = total
    totals = assess(inputs, Rules()).scores()
    if found is None or found.above is None:
        return
    goal = round(totals["A"], 2)

    def passes(code: str, value: float) -> bool:
        changed = dict(observations)
        changed[("B", code)] = Observation(value, observations[("B", code)].target)
        return round(assess(PeriodInputs(2026, 6, specs, ("A", "B"), changed, {}),
                            Rules()).scores()["B"], 2) > goal  # fmt: skip

    if found.together:
        return
    for step in found.steps:
        unit = 10 ** -decimals[step.code]
        actual = observations[("B", step.code)].actual
        assert passes(step.code, step.value), step
        less = step.value - math.copysign(unit, step.value - actual)
        assert step.amount < unit / 2 or not passes(step.code, less), step
    units = {"jobs": target / 2 - mine + 1, "rate": abs(rate - 4.5) * 100 + 1}
    allowed = len(specs) + sum(
        math.ceil(math.log2(max(u, 2))) + 1 for u in units.values()
    )
    assert len(scorings) <= allowed, (len(scorings), allowed)


def test_out014_move_up_takes_the_totals_a_stored_view_has(monkeypatch):
    """Given the scope's totals (a stored view's), move_up does not score the scope
    again and answers as it does computing them."""
    import domain.outlook as outlook
    from domain.assessment import assess

    inputs = _inputs({"A": 60.0, "B": 40.0, "C": 39.0})
    totals = assess(inputs, Rules()).scores()
    computed = outlook.move_up(inputs, Rules(), "C", {"jobs": 0, "rate": 2})
    scored = []
    real = outlook.assess
    monkeypatch.setattr(
        outlook, "assess", lambda i, r: scored.append(i.regions) or real(i, r)
    )
    mine = replace(inputs, regions=("C",),
                   observations={k: v for k, v in inputs.observations.items() if k[0] == "C"})  # fmt: skip
    given_totals = outlook.move_up(mine, Rules(), "C", {"jobs": 0, "rate": 2}, totals)
    assert given_totals == computed
    assert all(regions == ("C",) for regions in scored), scored


def _two_flows(figures: dict[str, tuple[float, float]]) -> PeriodInputs:
    """Two flows of weight 50 (targets 100, 50 due in June)."""
    specs = (
        IndicatorSpec("jobs", Kind.FLOW, 50.0),
        IndicatorSpec("loans", Kind.FLOW, 50.0),
    )
    observations = {}
    for region, (jobs, loans) in figures.items():
        observations[(region, "jobs")] = Observation(jobs, 100.0)
        observations[(region, "loans")] = Observation(loans, 100.0)
    return PeriodInputs(2026, 6, specs, tuple(figures), observations, {})


def test_out011_no_single_indicator_suffices_so_the_cheapest_set_is_given():
    """A: jobs full, loans 40 of 50 due → 90. B: 30 and 30 → 60. Full marks on either
    alone give 80: not enough. Together: jobs to 50 (+20), then loans above 40 (90
    would tie): 41 (+11) → 91. Nothing passes a unit at 100 (a tie at best)."""
    from domain.outlook import move_up

    found = move_up(
        _two_flows({"A": (60.0, 40.0), "B": (30.0, 30.0)}), Rules(), "B", {}
    )
    assert found.together and found.points == 30.0
    assert [(s.code, s.amount, s.value) for s in found.steps] == [
        ("jobs", 20.0, 50.0), ("loans", 11.0, 41.0)]  # fmt: skip
    stuck = move_up(
        _two_flows({"A": (60.0, 60.0), "B": (30.0, 30.0)}), Rules(), "B", {}
    )
    assert stuck.above == "A" and stuck.steps == ()


@given(totals=st.dictionaries(st.sampled_from("ABCDEFGHIJ"),
                              st.one_of(st.none(), st.floats(0, 100).map(lambda v: round(v, 1)))),
       value=st.one_of(st.none(), st.floats(0, 100)))  # fmt: skip
def test_out012_rank_among_the_others_in_log_n_equals_counting(totals, value):
    """The rank a total takes among the other regions' totals (the rank range of a
    country's 2,850 counties, each twice) equals counting those above it."""
    from domain.outlook import _Places

    places = _Places(totals)
    for region in [*totals, "Z"]:
        others = [
            round(v, 2) for r, v in totals.items() if r != region and v is not None
        ]
        expected = (
            None if value is None else 1 + sum(o > round(value, 2) for o in others)
        )
        assert places.among_others(region, value) == expected
