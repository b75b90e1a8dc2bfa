"""The year-end outlook of a period (预警): every region × indicator projected to
December the way its kind allows, and the projection judged by the same scoring code
as the real December, so that a county reads its projected score, grade and rank
(按当前进度，预计年终得分约84分（良好），排名第4–5) with their range.

The range of a score puts every indicator at the worse (then the better) end of its
80 % range at once; the range of a rank is the county's worse and better score among
the other counties' central ones.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from domain.assessment import Assessment, PeriodInputs, assess
from domain.kinds import kind_of
from domain.model import IndicatorSpec, Observation
from domain.progress import MONTHS
from domain.projection import Projection, level_steps, project_flow, project_level
from domain.ranking import rank_regions
from domain.rules import Rules

Years = Mapping[int, Sequence[float | None]]  # year → its 12 monthly values


@dataclass(frozen=True)
class History:
    """What one indicator's projection rests on: each region's years (a flow's
    year-to-date figures of earlier years; a level's monthly levels of last year and
    this) and the city's (a flow's, for regions with a short history)."""

    own: Mapping[str, Years] = field(default_factory=dict)
    city: Years = field(default_factory=dict)
    # region → the region whose years stand in for its short history (its parent),
    # where the regions projected together have different parents.
    parents: Mapping[str, str] = field(default_factory=dict)

    def city_of(self, region: str) -> Years:
        """The years that stand in for ``region``'s short history."""
        parent = self.parents.get(region)
        return self.city if parent is None else self.own.get(parent, {})


@dataclass(frozen=True)
class ScoreOutlook:
    """A region's projected December total and grade, the range of its total, and
    its projected rank with the range of ranks."""

    total: float | None
    grade: str | None
    low: float | None
    high: float | None
    rank: int | None
    best: int | None
    worst: int | None


@dataclass(frozen=True)
class YearEnd:
    year: int
    month: int
    projections: Mapping[tuple[str, str], Projection]
    centre: Assessment
    scores: Mapping[str, ScoreOutlook]


def project_one(
    spec: IndicatorSpec, obs: Observation, year: int, month: int,
    history: History, region: str,
) -> Projection | None:  # fmt: skip
    """One region's indicator at December, as its kind projects it (None without a
    figure this month)."""
    kind = kind_of(spec.kind)
    if obs.actual is None or kind is None:
        return None
    target = kind.year_end_target(obs, year)
    own = history.own.get(region, {})
    if kind.projects == "ytd":
        earlier = {y: v for y, v in own.items() if y < year}
        city = {y: v for y, v in history.city_of(region).items() if y < year}
        return project_flow(max(float(obs.actual), 0.0), month, earlier, city, target)
    return project_level(float(obs.actual), month, level_steps(own, year, month), target,
                         kind.lower_is_better, drift=kind.projects == "drift")  # fmt: skip


def _at(inputs: PeriodInputs, figures: Mapping[tuple[str, str], float]) -> PeriodInputs:
    """The period's inputs in December with ``figures`` as the actual values."""
    observations = {key: replace(obs, actual=figures.get(key))
                    for key, obs in inputs.observations.items()}  # fmt: skip
    return replace(inputs, month=MONTHS, observations=observations)


class _Places:
    """The competition rank a total would take among the other regions' totals, in
    log n (a country ranks 2,850 counties, each twice)."""

    def __init__(self, totals: Mapping[str, float | None]):
        self.totals = {r: round(v, 2) for r, v in totals.items() if v is not None}
        self.sorted = sorted(self.totals.values())

    def among_others(self, region: str, total: float | None) -> int | None:
        if total is None:
            return None
        value = round(total, 2)
        above = len(self.sorted) - bisect_right(self.sorted, value)
        own = self.totals.get(region)
        return 1 + above - (own is not None and own > value)


@dataclass(frozen=True)
class ProjectedTotal:
    """A region's projected December total and grade, and its total with every
    indicator at the worse (``low``) and the better (``high``) end of its range."""

    total: float | None
    grade: str | None
    low: float | None
    high: float | None


def shortfall(
    projection: Projection | None, target: float | None, lower_is_better: bool
) -> float:
    """How far a projection falls short of ``target``, as a share of it, negative
    (0: none; the largest first when sorted); a rate's or a count's excess over its
    cap counts alike."""
    if projection is None or target is None:
        return 0.0
    value = projection.value
    gap = (value - target) if lower_is_better else (target - value)
    return -max(gap, 0.0) / max(abs(target), 1.0)


def chance(probability: float | None) -> int | None:
    """The chance in whole percent, as the pages show it (the 预警清单's order)."""
    return None if probability is None else round(probability * 100)


def warning_order(outlook: str | None, probability: float | None, short: float,
                  region: str, code: str) -> tuple:  # fmt: skip
    """The 预警清单's order: 难以完成 before 存在风险, the least likely, then the
    largest shortfall first."""
    return (outlook != "unlikely", chance(probability), short, region, code)


def project_all(
    inputs: PeriodInputs, histories: Mapping[str, History]
) -> dict[tuple[str, str], Projection]:
    """Every region × indicator of ``inputs`` with a figure, projected to December."""
    projections: dict[tuple[str, str], Projection] = {}
    for region in inputs.regions:
        for spec in inputs.specs:
            obs = inputs.observations.get((region, spec.code), Observation(None))
            found = project_one(spec, obs, inputs.year, inputs.month,
                                histories.get(spec.code, History()), region)  # fmt: skip
            if found is not None:
                projections[(region, spec.code)] = found
    return projections


def projected_totals(
    inputs: PeriodInputs,
    projections: Mapping[tuple[str, str], Projection],
    rules: Rules,
    change: Mapping[tuple[str, str], float] | None = None,
) -> tuple[Assessment, dict[str, ProjectedTotal]]:
    """The projected Decembers scored by the scoring code (``change`` overrides some
    projected figures: a what-if): the central assessment and each region's total,
    grade and range. Each region's total rests on its own figures alone, so the
    regions can be scored apart and ranked together later."""
    lower = {s.code: kind_of(s.kind).lower_is_better for s in inputs.specs}
    centre = {k: p.value for k, p in projections.items()} | dict(change or {})
    worse = {k: (p.high if lower[k[1]] else p.low) for k, p in projections.items()}
    better = {k: (p.low if lower[k[1]] else p.high) for k, p in projections.items()}
    for key, value in (change or {}).items():
        worse[key] = better[key] = value
    judged = assess(_at(inputs, centre), rules)
    low = assess(_at(inputs, worse), rules).scores()
    high = assess(_at(inputs, better), rules).scores()
    totals = {region: ProjectedTotal(card.total, card.grade, low[region], high[region])
              for region, card in judged.cards.items()}  # fmt: skip
    return judged, totals


def ranked_outlooks(totals: Mapping[str, ProjectedTotal]) -> dict[str, ScoreOutlook]:
    """Each region's projected rank among ``totals`` (the regions of one scope) and
    its range: its worse and better total among the others' central ones."""
    central = {region: found.total for region, found in totals.items()}
    ranks = rank_regions(central)
    places = _Places(central)
    return {
        region: ScoreOutlook(found.total, found.grade, found.low, found.high,
                             ranks[region].rank,
                             places.among_others(region, found.high),
                             places.among_others(region, found.low))
        for region, found in totals.items()
    }  # fmt: skip


def year_end(
    inputs: PeriodInputs,
    histories: Mapping[str, History],
    rules: Rules,
    change: Mapping[tuple[str, str], float] | None = None,
) -> YearEnd:
    """Project every region × indicator of ``inputs`` to December and score it;
    ``change`` overrides projected December figures ((region, code) → value: a
    what-if)."""
    projections = project_all(inputs, histories)
    judged, totals = projected_totals(inputs, projections, rules, change)
    return YearEnd(inputs.year, inputs.month, projections, judged,
                   ranked_outlooks(totals))  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One way to pass the unit above: change ``code`` by ``amount`` (in its unit;
    down where lower is better) to ``value``; ``share``: the amount as a share of
    its target (or of the figure), to compare the ways."""

    code: str
    amount: float
    value: float
    share: float


@dataclass(frozen=True)
class MoveUp:
    """What it takes to pass the unit ranked just above (``above``, at ``rank``):
    ``points`` more, and the ways there, the cheapest first: each by one indicator
    alone, or (``together``) where no single indicator can do it, the cheapest set of
    them (full marks on the first ones, enough of the last)."""

    above: str | None
    rank: int | None
    points: float
    steps: tuple[Step, ...] = ()
    together: bool = False


def _full_marks(result) -> float | None:
    """The figure that earns an indicator full marks now (None: it has them)."""
    if result.actual is None or result.score_fraction >= 1.0 - 1e-12:
        return None
    kind = kind_of(result.kind)
    if kind.lower_is_better:
        return result.target if result.target is not None else 0.0
    return result.due


def _round_away(amount: float, decimals: int) -> float:
    """An amount rounded up at the indicator's decimals (45.3 people: 46)."""
    scale = 10**decimals
    return math.ceil(amount * scale - 1e-9) / scale


class _Region:
    """One region's figures changed and scored again by the scoring code alone."""

    def __init__(self, inputs: PeriodInputs, rules: Rules, region: str):
        self.inputs = replace(inputs, regions=(region,))
        self.rules, self.region = rules, region
        self.results = assess(self.inputs, rules).results

    def total(self, values: Mapping[str, float]) -> float:
        observations = dict(self.inputs.observations)
        for code, value in values.items():
            key = (self.region, code)
            observations[key] = replace(observations[key], actual=value)
        found = assess(replace(self.inputs, observations=observations), self.rules)
        return round(found.cards[self.region].total, 2)

    def least(self, code: str, best: float, fixed: Mapping[str, float], goal: float,
              decimals: int) -> Step:  # fmt: skip
        """The least change of ``code`` towards ``best`` (with ``fixed`` changes too)
        that brings the total above ``goal``, the caller having found that ``best``
        does: sought among the amounts the indicator's decimals can give (whole
        people, hundredths of a point), since a total only grows towards full marks:
        13 scorings for 5,000 people where halving the share 50 times took 50."""
        actual = self.results[(self.region, code)].actual
        scale = 10**decimals
        toward = math.copysign(1.0, best - actual)
        low = 0  # no change: below the goal
        high = round(_round_away(abs(best - actual), decimals) * scale)  # passes
        while high - low > 1:
            middle = (low + high) // 2
            if self.total(fixed | {code: actual + toward * middle / scale}) > goal:
                high = middle
            else:
                low = middle
        return self.change(code, best, high / scale)

    def step(self, code: str, best: float, share: float, decimals: int) -> Step:
        """``share`` of the way from the figure of ``code`` to ``best`` (1: full
        marks), rounded up at the indicator's decimals."""
        actual = self.results[(self.region, code)].actual
        return self.change(
            code, best, _round_away(abs(best - actual) * share, decimals)
        )

    def change(self, code: str, best: float, amount: float) -> Step:
        """``code``'s figure moved ``amount`` towards ``best``."""
        result = self.results[(self.region, code)]
        actual, target = result.actual, result.target
        value = actual + math.copysign(amount, best - actual)
        base = abs(target) if target else max(abs(actual), 1.0)
        return Step(code, amount, value, amount / base)


def move_up(
    inputs: PeriodInputs,
    rules: Rules,
    region: str,
    decimals: Mapping[str, int],
    totals: Mapping[str, float | None] | None = None,
) -> MoveUp | None:
    """The points ``region`` needs to pass the unit just above it, and the least
    change of each indicator that does it alone (searched through the scoring code:
    its total must round above the other's), cheapest (smallest share of the
    target) first; where none can alone, the cheapest set. None where the region has
    no rank; no steps where it is first. ``totals``: the scope's totals where the
    caller has them (a stored view's), ``inputs`` then of ``region`` alone."""
    if totals is None:
        totals = assess(inputs, rules).scores()
    mine = totals.get(region)
    if mine is None:
        return None
    higher = [
        (v, r)
        for r, v in totals.items()
        if v is not None and round(v, 2) > round(mine, 2)
    ]
    if not higher:
        return MoveUp(None, None, 0.0)
    above_total, above = min(higher)
    goal = round(above_total, 2)
    rank = rank_regions(totals)[above].rank
    me = _Region(inputs, rules, region)
    best = {s.code: _full_marks(me.results[(region, s.code)]) for s in inputs.specs}
    best = {code: value for code, value in best.items() if value is not None}
    alone = [me.least(code, value, {}, goal, decimals.get(code, 0))
             for code, value in best.items() if me.total({code: value}) > goal]  # fmt: skip
    if alone:
        steps = tuple(sorted(alone, key=lambda s: s.share))
        return MoveUp(above, rank, round(above_total - mine, 2), steps)

    # Together: full marks first where a point costs least (points per share of target).
    def cost(code: str) -> float:
        full = me.total({code: best[code]}) - round(mine, 2)
        step = me.step(code, best[code], 1.0, decimals.get(code, 0))
        return step.share / full if full > 0 else math.inf

    fixed: dict[str, float] = {}
    steps = []
    for code in sorted(best, key=cost):
        if me.total(fixed | {code: best[code]}) > goal:
            steps.append(me.least(code, best[code], fixed, goal, decimals.get(code, 0)))
            break
        fixed[code] = best[code]
        steps.append(me.step(code, best[code], 1.0, decimals.get(code, 0)))
    else:
        steps = []  # even full marks everywhere are not enough
    return MoveUp(
        above, rank, round(above_total - mine, 2), tuple(steps), together=True
    )
