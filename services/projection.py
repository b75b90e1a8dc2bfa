"""Where each county will end the year (预警): the period's figures projected to
December as each kind allows and scored by the scoring code (``domain.outlook``), as
typed rows for the pages, the exports and the bulletin; and the projection checked
against history (``backtest_flows``: each flow's approved county series projected from
every month of every past year with only the years before it, and compared with the
real December; the June outlook words against the targets)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import astuple, dataclass, replace

import pandas as pd

from data_access import projected, queries
from data_access.assessed import PeriodKey
from data_access.projected import WORRYING
from domain import Rules
from domain.kinds import kind_of, kinds_where
from domain.outlook import (
    History,
    MoveUp,
    ProjectedTotal,
    ScoreOutlook,
    chance,
    move_up,
    project_all,
    projected_totals,
    ranked_outlooks,
    shortfall,
    warning_order,
    year_end,
)
from domain.projection import (
    Basis,
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
    baselines,
    build_inputs,
    float_or_none,
    period_view,
    refresh,
    rules_key,
    scheme_catalogue,
    seasonal_profiles,
    stored_period,
    text_or_none,
)
from services.cache import cached, history_version, period_stamp
from services.records import ResultRow
from services.schemes import rules_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backtest:
    """One indicator's backtest: the error by month and the June words' hits."""

    indicator: str
    by_month: list[MonthError]
    june: OutlookHits


def by_region(frame: pd.DataFrame) -> dict[str, dict[int, list[float | None]]]:
    """region → year → its 12 year-to-date values (None where a month is missing)."""
    found: dict[str, dict[int, list[float | None]]] = {}
    known = frame[frame.value.notna()]  # a country's three years: 100,000 rows a flow
    for region, year, month, value in zip(known.region.astype(str).tolist(),
                                          known.year.astype(int).tolist(),
                                          known.month.astype(int).tolist(),
                                          known.value.astype(float).tolist(),
                                          strict=True):  # fmt: skip
        found.setdefault(region, {}).setdefault(year, [None] * 12)[month - 1] = value
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
        (negative; 0: none)."""
        lower = kind_of(self.result.kind).lower_is_better
        return shortfall(self.projection, self.target, lower)

    def order(self) -> tuple:
        p = self.projection
        return warning_order(self.outlook, p.probability if p else None,
                             self.shortfall, self.result.region, self.result.code)  # fmt: skip


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
        worrying = [r for r in self.rows if r.outlook in WORRYING]
        return sorted(worrying, key=OutlookRow.order)


def _histories(
    catalogue: pd.DataFrame, year: int, mode: str, codes: list[str] | None,
    parents: Mapping[str, str],
) -> dict[str, History]:  # fmt: skip
    """Each indicator's history for the regions ``codes`` (None: every region): a
    flow's earlier years (the regions' own and their parents', whose shape stands
    in for a short history), a level's monthly levels of last year and this (in
    ``mode``)."""
    wanted = (None if codes is None
              else sorted({*codes, *(parents[c] for c in codes if c in parents)}))  # fmt: skip
    out = {}
    for row in catalogue.itertuples():
        kind = kind_of(row.kind)
        if kind is None:
            continue
        if kind.projects == "ytd":
            out[row.code] = History(own=_earlier_years(row.code, year, wanted),
                                    parents=parents)  # fmt: skip
        else:
            found = by_region(queries.series(row.code, [year - 1, year], mode=mode,
                                             regions=codes))  # fmt: skip
            out[row.code] = History(own=found)
    return out


def _earlier_years(code: str, year: int, regions: list[str] | None):
    """A flow's figures of the years before ``year`` by region (of ``regions``, or of
    every region: a country's three years are summed for 3,212 regions in seconds,
    so that is cached until a figure of those years changes, not at each write or
    weight change of this year)."""
    years = list(range(year - queries.PROFILE_YEARS, year))
    if regions is not None:
        return by_region(queries.series(code, years, regions=regions))
    return cached("earlier_years", lambda: history_version(year),
                  lambda: by_region(queries.series(code, years)), code, year)  # fmt: skip


def _projected(key: PeriodKey, codes: list[str] | None, rules: Rules):
    """The outlook of the regions ``codes`` (None: every region) in a period, as rows
    to store: every region × indicator (projected where it has a figure) and every
    region's projected total, grade and range."""
    catalogue = scheme_catalogue(rules)
    judged = codes if codes is not None else queries.regions().code.tolist()
    facts = queries.period_facts(key.year, key.month, key.mode, codes=codes,
                                 baselines=baselines(key.mode))  # fmt: skip
    inputs = build_inputs(key.year, key.month, catalogue, judged, facts,
                          seasonal_profiles(key.year))  # fmt: skip
    parents = projected.region_parents(codes)
    projections = project_all(
        inputs, _histories(catalogue, key.year, key.mode, codes, parents)
    )
    _, totals = projected_totals(inputs, projections, rules)
    kinds = {code: kind_of(kind) for code, kind in zip(catalogue.code, catalogue.kind,
                                                        strict=True)}  # fmt: skip
    rows = []
    for (region, code), obs in inputs.observations.items():
        if region not in totals or kinds.get(code) is None:
            continue
        p = projections.get((region, code))
        target = kinds[code].year_end_target(obs, key.year)
        rows.append({
            "region": region, "code": code,
            "value": p.value if p else None, "low": p.low if p else None,
            "high": p.high if p else None, "basis": str(p.basis) if p else None,
            "years": p.years if p else None,
            "probability": p.probability if p else None, "target": float_or_none(target),
            "outlook": str(p.outlook) if p and p.outlook else None,
            "chance": chance(p.probability) if p else None,
            "shortfall": shortfall(p, target, kinds[code].lower_is_better),
        })  # fmt: skip
    found = [{"region": r, "total": float_or_none(t.total), "grade": t.grade,
              "low": float_or_none(t.low), "high": float_or_none(t.high)}
             for r, t in totals.items()]  # fmt: skip
    return rows, found


def outlook_period(
    year: int, month: int, rules: Rules, mode: str, whole: bool = True
) -> int | None:
    """The id of the stored period (year, month) with its outlook stored: projected
    (whole, or the regions whose figures changed and their ancestors) first where
    data has changed since; with ``whole`` False, None rather than project it
    whole."""
    key = PeriodKey(mode, year, month, rules_key(rules))
    for _attempt in range(3):
        found = stored_period(year, month, rules, mode)
        if found.recomputing:  # the last complete outlook, as it stands (if any)
            return projected.stored_outlook_id(found.id)
        # The state with the data version read in the same statement: a write after
        # it is newer, and makes the outlook stored from it stale again.
        state = projected.outlook_state(key)
        if state is None:  # replaced meanwhile
            continue
        if state.valid:
            return state.period_id
        if state.regions is None and not whole:
            return None
        codes = None if state.regions is None else list(state.regions)
        rows, totals = _projected(key, codes, rules)
        if projected.store_outlook(state, state.data_version, rows, totals):
            return state.period_id
    return None  # the period was replaced three times meanwhile (a write storm)


def project_into(key: PeriodKey, staged: PeriodKey, rules: Rules) -> None:
    """A recomputation run's outlook: the period ``key`` projected whole, stored with
    its staged period ``staged``."""
    state = projected.outlook_state(staged)
    if state is None:
        return
    rows, totals = _projected(key, None, rules)
    projected.store_outlook(state, state.data_version, rows, totals)


def store_month_again(year: int, month: int, rules: Rules, modes) -> None:
    """Store (year, month)'s assessment and outlook again in ``modes`` after a write
    changed it (the changed regions only), so that readers find them ready."""
    refresh(year, month, rules, modes)
    refresh_outlook(year, month, rules, modes)


def refresh_outlook(year: int, month: int, rules: Rules, modes) -> None:
    """Store (year, month)'s outlook again in ``modes`` right after a write changed
    it, so that readers find it ready: the changed regions only (an outlook to be
    projected whole is left to its first reader: a country's takes seconds, not for
    a save to wait on)."""
    for mode in modes:
        outlook_period(year, month, rules, mode, whole=False)


def _projection(row) -> Projection | None:
    if float_or_none(row.value) is None:
        return None
    return Projection(float(row.value), float(row.low), float(row.high),
                      Basis(row.basis), int(row.years), float_or_none(row.probability))  # fmt: skip


def _totals(frame: pd.DataFrame) -> dict[str, ProjectedTotal]:
    """Stored projected totals (region and TOTAL_FIELDS) as the domain's."""
    return {r.region: ProjectedTotal(float_or_none(r.total), text_or_none(r.grade),
                                     float_or_none(r.low), float_or_none(r.high))
            for r in frame.itertuples()}  # fmt: skip


def _read_stored(year, month, rules, mode, read):
    """``read(period_id)`` of the stored outlook, again where a writer replaced it
    between storing and reading; None where it was replaced three times (writers
    replacing whole periods faster than it is projected: the caller computes the
    answer instead)."""
    for _attempt in range(3):
        period_id = outlook_period(year, month, rules, mode)
        found = None if period_id is None else read(period_id)
        if found is not None:
            return found
    log.warning("outlook of %s-%s (%s) computed, not stored: replaced meanwhile",
                year, month, mode)  # fmt: skip
    return None


def _stored_year_end(year, month, rules, mode, scope) -> YearEndView:
    view = period_view(year, month, rules, mode, scope)
    units = view.counties
    found = _read_stored(year, month, rules, mode,
                         lambda pid: projected.stored_outlook(pid, units))  # fmt: skip
    if found is None:
        return _year_end(year, month, rules, mode, scope, ())
    stored = {(r.region, r.code): r for r in found.projections.itertuples()}
    totals = _totals(found.totals)
    rows = []
    for result in view.result_rows():
        if result.region not in totals:
            continue
        mine = stored.get((result.region, result.code))
        rows.append(OutlookRow(result, _projection(mine) if mine else None,
                               float_or_none(mine.target) if mine else None))  # fmt: skip
    return YearEndView(year, month, ranked_outlooks(totals), rows)


def year_end_view(
    year: int, month: int, rules: Rules, mode: str = queries.APPROVED,
    scope: Scope | None = None, change: tuple = (), weights: tuple = (),
) -> YearEndView:  # fmt: skip
    """The outlook of (year, month) for a scope (default: the home city's counties):
    read from the stored outlook; or a what-if, computed and written nowhere:
    ``change`` ((region, indicator, planned December figure), …) and ``weights``
    ((indicator, weight), …: the scheme's weights changed). The same answer comes
    from the cache until data changes."""
    change, weights = tuple(change), tuple(weights)
    if change or weights:
        compute = lambda: _year_end(year, month, rules, mode, scope, change, weights)  # noqa: E731
    else:
        compute = lambda: _stored_year_end(year, month, rules, mode, scope)  # noqa: E731
    return cached("year_end", lambda: period_stamp(year, month, mode), compute,
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


def _computed(view: PeriodView) -> YearEndView:
    """The outlook of ``view``'s scope computed, not read: what a reader answers
    with where writers replaced the stored one three times running (reading it
    through ``year_end_of`` would try the store three times more)."""
    return _year_end(view.year, view.month, rules_for(view.year), view.mode,
                     view.scope, ())  # fmt: skip


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
    counts, read from the stored outlook in SQL (a country's list has thousands of
    lines; the overview reads forty)."""
    rules = rules_for(view.year)

    def compute() -> WarningList:
        units = view.counties
        found = _read_stored(view.year, view.month, rules, view.mode,
                             lambda pid: projected.stored_warnings(pid, units, shown))  # fmt: skip
        if found is None:
            every = _computed(view).warnings()
            unlikely = sum(r.outlook == "unlikely" for r in every)
            return WarningList(every[:shown], unlikely, len(every) - unlikely)
        head = list(found.head.itertuples())
        results = {(r.region, r.code): r
                   for r in view.result_rows_of({(h.region, h.code) for h in head})}  # fmt: skip
        rows = [OutlookRow(results[(h.region, h.code)], _projection(h), float_or_none(h.target))
                for h in head if (h.region, h.code) in results]  # fmt: skip
        return WarningList(rows, found.unlikely, found.at_risk)

    return cached("warnings", lambda: period_stamp(view.year, view.month, view.mode), compute, view.year, view.month,
                  view.mode, view.scope, shown)  # fmt: skip


def projected_ranks(view: PeriodView, regions: list[str]) -> dict[str, ScoreOutlook]:
    """Some units of ``view``'s scope (the rows a ranking shows): their projected
    total, grade and rank with their ranges, from the stored outlook. The whole
    scope's are cached as plain tuples (2,850 dataclasses cost 25 ms to unpickle)."""
    rules = rules_for(view.year)

    def compute() -> dict[str, tuple]:
        units = view.counties
        found = _read_stored(view.year, view.month, rules, view.mode,
                             lambda pid: projected.stored_totals(pid, units))  # fmt: skip
        scores = (_computed(view).scores if found is None
                  else ranked_outlooks(_totals(found)))  # fmt: skip
        return {region: astuple(score) for region, score in scores.items()}

    every = cached("projected_ranks", lambda: period_stamp(view.year, view.month, view.mode), compute, view.year,
                   view.month, view.mode, view.scope)  # fmt: skip
    return {r: ScoreOutlook(*every[r]) for r in regions if r in every}


def _inputs(view: PeriodView, catalogue: pd.DataFrame, codes: list[str] | None = None):
    """The domain's inputs for the units of ``view`` (or of ``codes`` among them) in
    its period and data mode, judged by the indicators and weights of ``catalogue``."""
    codes = view.counties if codes is None else codes
    facts = queries.period_facts(view.year, view.month, view.mode, codes=codes,
                                 baselines=baselines(view.mode))  # fmt: skip
    return build_inputs(view.year, view.month, catalogue, codes, facts,
                        seasonal_profiles(view.year))  # fmt: skip


def _year_end(year, month, rules, mode, scope, change, weights=()) -> YearEndView:
    """A what-if over one scope's units, computed (their parent's years stand in for
    a short history, as in the stored outlook)."""
    view = period_view(year, month, rules, mode, scope)  # the year's own rules
    judged_by = with_weights(rules, weights)  # judged apart: nothing stored
    catalogue = scheme_catalogue(judged_by)
    inputs = _inputs(view, catalogue)
    parents = {code: view.city for code in view.counties}
    found = year_end(inputs, _histories(catalogue, year, mode, view.counties, parents),
                     judged_by, {(r, c): float(v) for r, c, v in change})  # fmt: skip
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
        # The scope's totals as the view has them stored: only the region's own
        # figures are read and scored again (a county's page: one county, not its
        # city's twenty).
        totals = {row.region: row.total for row in view.score_rows()}
        return move_up(_inputs(view, catalogue, [region]), rules, region, decimals,
                       totals)  # fmt: skip

    return cached("move_up", lambda: period_stamp(view.year, view.month, view.mode), compute, view.year, view.month,
                  rules, view.mode, view.scope, region)  # fmt: skip
