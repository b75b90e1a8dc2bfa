"""The assessment of one period, ready for display: results, scores, grades, ranks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_access import queries
from domain import (
    Assessment,
    IndicatorSpec,
    Kind,
    Observation,
    PeriodInputs,
    RankInfo,
    Rules,
    TargetPoint,
    assess,
    rank_regions,
    results_frame,
    seasonal_profile,
)
from services.cache import cached
from services.records import (
    IndicatorRow,
    ResultRow,
    ScoreRow,
    indicator_rows,
    result_rows,
    score_rows,
)


def previous_period(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _specs(catalogue: pd.DataFrame) -> tuple[IndicatorSpec, ...]:
    return tuple(
        IndicatorSpec(row.code, Kind(row.kind), float(row.weight))
        for row in catalogue.itertuples()
    )


def flow_profiles(history: pd.DataFrame) -> dict[str, tuple[float, ...]]:
    profiles = {}
    for code, rows in history.groupby("indicator"):
        by_year: dict[int, list[float | None]] = {}
        for row in rows.itertuples():
            by_year.setdefault(int(row.year), [None] * 12)[int(row.month) - 1] = float(
                row.value
            )
        profile = seasonal_profile(by_year)
        if profile is not None:
            profiles[str(code)] = profile
    return profiles


def build_inputs(
    year: int,
    month: int,
    catalogue: pd.DataFrame,
    region_codes: list[str],
    facts: queries.PeriodFacts,
    history: pd.DataFrame,
) -> PeriodInputs:
    """Turn the period's raw facts into the domain's observations."""
    actual = {
        (r.region, r.indicator): float(r.value) for r in facts.actuals.itertuples()
    }
    target = {
        (r.region, r.indicator): float(r.value) for r in facts.targets.itertuples()
    }
    baseline = {
        (r.region, r.indicator): TargetPoint(int(r.year), float(r.value))
        for r in facts.baselines.itertuples()
    }
    stock_targets: dict[tuple[str, str], list[TargetPoint]] = {}
    for r in facts.stock_targets.itertuples():
        stock_targets.setdefault((r.region, r.indicator), []).append(
            TargetPoint(int(r.year), float(r.value))
        )
    observations = {}
    for region in region_codes:
        for code in catalogue.code:
            key = (region, code)
            observations[key] = Observation(
                actual=actual.get(key),
                target=target.get(key),
                stock_targets=tuple(stock_targets.get(key, ())),
                baseline=baseline.get(key),
            )
    return PeriodInputs(
        year=year,
        month=month,
        specs=_specs(catalogue),
        regions=tuple(region_codes),
        observations=observations,
        profiles=flow_profiles(history),
    )


@dataclass(frozen=True)
class PeriodView:
    """One period judged: what every page of the dashboard shows."""

    year: int
    month: int
    city: str
    indicators: pd.DataFrame
    regions: pd.DataFrame  # every region, city first
    assessment: Assessment
    ranks: dict[str, RankInfo]
    results: pd.DataFrame  # region × indicator, with names
    scores: pd.DataFrame  # counties in rank order
    has_data: bool
    mode: str = queries.APPROVED

    @property
    def includes_submitted(self) -> bool:
        """Figures submitted but not yet approved are counted (and marked)."""
        return self.mode == queries.SUBMITTED

    @property
    def counties(self) -> list[str]:
        return self.regions.loc[self.regions.level == "county", "code"].tolist()

    def score_rows(self) -> list[ScoreRow]:
        """The counties in rank order, as typed rows."""
        return score_rows(self.scores)

    def result_rows(
        self, region: str | None = None, code: str | None = None
    ) -> list[ResultRow]:
        """Results (region × indicator) as typed rows, optionally of one region or
        one indicator."""
        frame = self.results
        if region is not None:
            frame = frame[frame.region == region]
        if code is not None:
            frame = frame[frame.code == code]
        return result_rows(frame)

    def county_cells(self) -> dict[tuple[str, str], ResultRow]:
        """Every county's result by (region, indicator)."""
        results = self.results[self.results.region.isin(self.counties)]
        return {(r.region, r.code): r for r in result_rows(results)}

    def indicator_rows(self) -> list[IndicatorRow]:
        return indicator_rows(self.indicators)


def _assess(year, month, catalogue, codes, rules, mode, histories: dict):
    facts = queries.period_facts(year, month, mode)
    if year not in histories:
        histories[year] = queries.flow_history(year)
    inputs = build_inputs(year, month, catalogue, codes, facts, histories[year])
    return assess(inputs, rules), facts


def period_view(
    year: int, month: int, rules: Rules, mode: str = queries.APPROVED
) -> PeriodView:
    """Assess (year, month) and the month before it, and rank the counties; the same
    view comes from the cache until data changes (see services.cache).

    ``mode`` APPROVED counts approved figures only; SUBMITTED also counts months the
    counties have submitted but the office has not approved yet (marked ``pending``).
    """
    mode = mode if mode in queries.DATA_MODES else queries.APPROVED
    return cached("period_view", queries.data_version,
                  lambda: compute_period_view(year, month, rules, mode),
                  year, month, rules, mode)  # fmt: skip


def compute_period_view(year: int, month: int, rules: Rules, mode: str) -> PeriodView:
    """The work behind :func:`period_view`, uncached."""
    catalogue = queries.indicators()
    regions = queries.regions()
    city = regions.loc[regions.level == "city", "code"].iloc[0]
    codes = regions.code.tolist()
    counties = regions.loc[regions.level == "county", "code"].tolist()
    histories: dict = {}  # one seasonal history per year, shared by both months
    current, facts = _assess(year, month, catalogue, codes, rules, mode, histories)
    has_data = not facts.actuals.empty
    before, _ = _assess(
        *previous_period(year, month), catalogue, counties, rules, mode, histories
    )
    ranks = rank_regions(
        {c: current.cards[c].total for c in counties},
        {c: before.cards[c].total for c in counties},
        rules.near_tie_points,
    )
    results = results_frame(current).merge(
        catalogue.rename(columns={"code": "code"}), on="code", suffixes=("", "_ind")
    )
    pending = facts.actuals[["region", "indicator", "pending"]].rename(
        columns={"indicator": "code"}
    )
    results = results.merge(pending, on=["region", "code"], how="left")
    results["pending"] = results["pending"].fillna(0).astype(bool)
    # 按往年节奏应达: the share of the year's target that earlier years had reached by
    # this month, shown beside 序时进度 (m/12) unless it is what scoring uses.
    profiles = flow_profiles(histories[year])
    results["seasonal_progress"] = [
        profiles[code][month - 1]
        if kind == "flow" and code in profiles and not rules.seasonal_profile
        else None
        for code, kind in zip(results.code, results.kind, strict=True)
    ]
    results["paced"] = rules.seasonal_profile  # progress is last years' pace, not m/12
    names = regions.set_index("code")
    results["region_zh"] = results.region.map(names.name_zh)
    results["region_en"] = results.region.map(names.name_en)
    score_rows = []
    for code in counties:
        card, rank = current.cards[code], ranks[code]
        score_rows.append(
            {
                "region": code,
                "name_zh": names.name_zh[code],
                "name_en": names.name_en[code],
                "total": card.total,
                "grade": card.grade,
                "rank": rank.rank,
                "tied": rank.tied,
                "near_tie": rank.near_tie,
                "change": rank.change,
            }
        )
    scores = pd.DataFrame(score_rows).sort_values(
        ["rank", "region"], na_position="last"
    )
    return PeriodView(
        year=year,
        month=month,
        city=city,
        indicators=catalogue,
        regions=regions,
        assessment=current,
        ranks=ranks,
        results=results,
        scores=scores.reset_index(drop=True),
        has_data=has_data,
        mode=mode,
    )


def sorted_scores(view: PeriodView, key: str | None) -> list[ScoreRow]:
    """Counties ordered by total score (``key`` None or unknown) or by one
    indicator's points, best first."""
    rows = view.score_rows()
    if key not in set(view.indicators.code):
        return rows
    cells = view.county_cells()

    def points(row: ScoreRow) -> tuple[float, float]:
        earned = cells[(row.region, key)].points
        return (-1 if earned is None else earned, row.total or 0)

    return sorted(rows, key=points, reverse=True)
