"""Where each county will end the year (预警): the period's figures projected to
December as each kind allows and scored by the scoring code (``domain.outlook``), as
typed rows for the pages, the exports and the bulletin; and the projection checked
against history (``backtest_flows``: each flow's approved county series projected from
every month of every past year with only the years before it, and compared with the
real December; the June outlook words against the targets)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from data_access import queries
from domain import Rules
from domain.kinds import kind_of, kinds_where
from domain.outlook import History, MoveUp, ScoreOutlook, move_up, year_end
from domain.projection import (
    MonthError,
    OutlookHits,
    Projection,
    backtest,
    backtest_levels,
    outlook_hits,
)
from services.assessment import (
    PeriodView,
    Scope,
    build_inputs,
    period_view,
    scheme_catalogue,
    seasonal_history,
)
from services.cache import cached
from services.records import ResultRow
from services.schemes import rules_for


@dataclass(frozen=True)
class Backtest:
    """One indicator's backtest: the error by month and the June words' hits."""

    indicator: str
    by_month: list[MonthError]
    june: OutlookHits


def by_region(frame: pd.DataFrame) -> dict[str, dict[int, list[float | None]]]:
    """region → year → its 12 year-to-date values (None where a month is missing)."""
    found: dict[str, dict[int, list[float | None]]] = {}
    for row in frame.itertuples():
        if pd.isna(row.value):
            continue
        years = found.setdefault(str(row.region), {})
        years.setdefault(int(row.year), [None] * 12)[int(row.month) - 1] = float(
            row.value
        )
    return found


def backtest_flows(first_year: int, last_year: int) -> list[Backtest]:
    """Every seasonal flow indicator of the home city, over the complete years from
    ``first_year`` to ``last_year``."""
    view = period_view(last_year, 12, rules_for(last_year))
    years = list(range(first_year, last_year + 1))
    counties = set(view.counties)
    out = []
    for row in view.indicators.itertuples():
        if row.kind not in kinds_where("seasonal"):
            continue
        histories = by_region(
            queries.series(row.code, years, regions=[*counties, view.city])
        )
        city = histories.pop(view.city, {})
        histories = {r: h for r, h in histories.items() if r in counties}
        targets = {(str(t.region), int(t.year)): float(t.value)
                   for t in queries.annual_targets(row.code, years).itertuples()
                   if str(t.region) in counties}  # fmt: skip
        out.append(Backtest(row.code, backtest(histories, city),
                            outlook_hits(histories, city, targets)))  # fmt: skip
    return out


def backtest_others(first_year: int, last_year: int) -> dict[str, list[MonthError]]:
    """Every indicator that is not a flow (stocks, rates, counts), projected from each
    month of the complete years ``first_year``–``last_year`` by its monthly steps."""
    view = period_view(last_year, 12, rules_for(last_year))
    years = list(range(first_year, last_year + 1))
    out = {}
    for row in view.indicators.itertuples():
        kind = kind_of(row.kind)
        if kind is None or kind.projects == "ytd":
            continue
        found = by_region(queries.series(row.code, years, regions=view.counties))
        out[row.code] = backtest_levels(found, drift=kind.projects == "drift")
    return out


@dataclass(frozen=True)
class OutlookRow:
    """One county's indicator at December: the figure now (``result``, with a
    flow's pace needed and pace so far), the projection (None without a figure) and
    what the December figure must reach."""

    result: ResultRow
    projection: Projection | None
    target: float | None

    @property
    def outlook(self) -> str | None:
        found = self.projection.outlook if self.projection else None
        return None if found is None else str(found)

    @property
    def shortfall(self) -> float:
        """How far the projection falls short of the target, as a share of it
        (0: none); a rate's or a count's excess over its cap counts alike."""
        p, target = self.projection, self.target
        if p is None or target is None:
            return 0.0
        lower = kind_of(self.result.kind).lower_is_better
        gap = (p.value - target) if lower else (target - p.value)
        return -max(gap, 0.0) / max(abs(target), 1.0)  # the largest first


@dataclass(frozen=True)
class YearEndView:
    """The period's outlook: each county's projected score, grade and rank with
    their ranges, and each county × indicator's projection."""

    year: int
    month: int
    scores: dict[str, ScoreOutlook]
    rows: list[OutlookRow]

    def of_region(self, region: str) -> list[OutlookRow]:
        return [r for r in self.rows if r.result.region == region]

    def warnings(self) -> list[OutlookRow]:
        """Every county × indicator projected to miss (难以完成, then 存在风险), the
        least likely first."""
        worrying = [r for r in self.rows if r.outlook in ("unlikely", "at_risk")]
        return sorted(worrying, key=lambda r: (r.outlook != "unlikely",
                                               round(r.projection.probability, 2),
                                               r.shortfall, r.result.region,
                                               r.result.code))  # fmt: skip


def _histories(view: PeriodView) -> dict[str, History]:
    """Each indicator's history: a flow's earlier years (the counties' and the
    city's), a level's monthly levels of last year and this (in the view's mode)."""
    counties = view.counties
    out = {}
    for row in view.indicators.itertuples():
        kind = kind_of(row.kind)
        if kind is None:
            continue
        if kind.projects == "ytd":
            years = list(range(view.year - queries.PROFILE_YEARS, view.year))
            found = by_region(
                queries.series(row.code, years, regions=[*counties, view.city])
            )
            out[row.code] = History(own=found, city=found.pop(view.city, {}))
        else:
            found = by_region(queries.series(row.code, [view.year - 1, view.year],
                                          mode=view.mode, regions=counties))  # fmt: skip
            out[row.code] = History(own=found)
    return out


def year_end_view(
    year: int, month: int, rules: Rules, mode: str = queries.APPROVED,
    scope: Scope | None = None, change: tuple = (), weights: tuple = (),
) -> YearEndView:  # fmt: skip
    """The outlook of (year, month) for a scope (default: the home city's counties);
    a what-if that writes nothing: ``change`` ((region, indicator, planned December
    figure), …) and ``weights`` ((indicator, weight), …: the scheme's weights
    changed). The same answer comes from the cache until data changes."""
    change, weights = tuple(change), tuple(weights)
    return cached("year_end", queries.data_stamp,
                  lambda: _year_end(year, month, rules, mode, scope, change, weights),
                  year, month, rules, mode, scope, change, weights)  # fmt: skip


def scheme_weights(rules: Rules) -> dict[str, float]:
    """Each counted indicator's weight under ``rules``."""
    return {r.code: float(r.weight) for r in scheme_catalogue(rules).itertuples()}


def with_weights(rules: Rules, weights: tuple) -> Rules:
    """``rules`` with some indicators' weights changed (the others as the year's
    scheme, or the catalogue, has them)."""
    if not weights:
        return rules
    merged = scheme_weights(rules)
    merged.update({code: float(w) for code, w in weights if code in merged})
    return replace(rules, weights=tuple(merged.items()))


def year_end_of(view: PeriodView) -> YearEndView:
    """The outlook of the period and scope ``view`` shows, under its year's rules."""
    return year_end_view(view.year, view.month, rules_for(view.year), view.mode,
                         view.scope)  # fmt: skip


@dataclass(frozen=True)
class WarningList:
    """The head of the 预警清单 (``rows``: the most urgent) and how many are in it."""

    rows: list[OutlookRow]
    unlikely: int
    at_risk: int


def warnings_of(view: PeriodView, shown: int) -> WarningList:
    """The ``shown`` most urgent warnings of ``view``'s period and scope with the
    counts: cached apart from the whole outlook (a country's is 28,500 rows), so that
    the overview's answer reads a few rows."""

    def compute() -> WarningList:
        found = year_end_of(view).warnings()
        unlikely = sum(r.outlook == "unlikely" for r in found)
        return WarningList(found[:shown], unlikely, len(found) - unlikely)

    return cached("warnings", queries.data_stamp, compute, view.year, view.month,
                  view.mode, view.scope, shown)  # fmt: skip


def _inputs(view: PeriodView, catalogue: pd.DataFrame):
    """The domain's inputs for the units of ``view`` (its period and data mode),
    judged by the indicators and weights of ``catalogue``."""
    facts = queries.period_facts(view.year, view.month, view.mode, codes=view.counties)
    return build_inputs(view.year, view.month, catalogue, view.counties, facts,
                        seasonal_history(view.year))  # fmt: skip


def _year_end(year, month, rules, mode, scope, change, weights=()) -> YearEndView:
    view = period_view(year, month, rules, mode, scope)  # the year's own rules
    judged_by = with_weights(rules, weights)  # judged apart: nothing stored
    inputs = _inputs(view, scheme_catalogue(judged_by))
    found = year_end(inputs, _histories(view), judged_by,
                     {(r, c): float(v) for r, c, v in change})  # fmt: skip
    rows = []
    for result in view.result_rows():
        if result.region not in found.scores:
            continue
        obs = inputs.observations[(result.region, result.code)]
        rows.append(OutlookRow(result, found.projections.get((result.region, result.code)),
                               kind_of(result.kind).year_end_target(obs, year)))  # fmt: skip
    return YearEndView(year, month, dict(found.scores), rows)


def move_up_of(view: PeriodView, region: str) -> MoveUp | None:
    """What ``region`` needs to pass the unit ranked just above it in ``view``'s
    period, by the scoring code (cached until data changes)."""
    rules = rules_for(view.year)

    def compute():
        catalogue = scheme_catalogue(rules)
        decimals = {r.code: int(r.decimals or 0) for r in catalogue.itertuples()}
        return move_up(_inputs(view, catalogue), rules, region, decimals)

    return cached("move_up", queries.data_stamp, compute, view.year, view.month,
                  rules, view.mode, view.scope, region)  # fmt: skip
