"""Monthly series against the target path, for the trend charts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_access import assessed, queries
from domain import Kind, Rules, flow_progress, stock_due
from services import lookups
from services.assessment import baselines, build_inputs, rules_key, seasonal_profiles
from services.cache import cached, period_stamp


@dataclass(frozen=True)
class Trend:
    """One indicator's monthly series with what it is judged against."""

    indicator: dict  # the catalogue row
    frame: pd.DataFrame  # region, month, actual, last_year, due

    def unit(self, lang: str | None) -> str:
        return self.indicator["unit_en" if lang == "en" else "unit_zh"]

    def for_region(self, region: str) -> pd.DataFrame:
        return self.frame[self.frame.region == region].reset_index(drop=True)


def trend(
    indicator: str,
    year: int,
    rules: Rules,
    region: str | None = None,
    mode: str = queries.APPROVED,
    regions: list[str] | None = None,
) -> Trend:
    """Series of one indicator in ``year`` (and the year before) for one region, the
    ``regions`` given, or all regions.

    Raises KeyError for an unknown indicator or region. The same trend comes from the
    cache until data changes.
    """
    # Kept by what reaches the year in this mode: a county's draft of next month
    # leaves every trend of approved figures as it is.
    return cached("trend", lambda: period_stamp(year, 12, mode),
                  lambda: _trend(indicator, year, rules, region, mode, regions),
                  indicator, year, rules, region, mode,
                  None if regions is None else tuple(regions))  # fmt: skip


def monthly_figures(
    indicator: str, year: int, rules: Rules, mode: str, regions: list[str],
    month: int = 12,
) -> Trend:  # fmt: skip
    """The monthly figures of ``regions`` in ``year`` up to ``month`` (frame: region,
    month, actual; every region each month to ``month``, in the order given): what a
    chart of many units' lines draws, without the target path and last year's figures
    of :func:`trend` (three fifths of its time). Kept by what reaches ``month``: the
    figures of a later month being reported (its drafts, approvals and corrections)
    leave it as it is."""
    return cached("monthly_figures", lambda: period_stamp(year, month, mode),
                  lambda: _monthly_figures(indicator, year, rules, mode, regions, month),
                  indicator, year, rules, mode, tuple(regions), month)  # fmt: skip


def _spec(indicator: str) -> pd.DataFrame:
    """The indicator's catalogue row (a frame of one); KeyError for an unknown one."""
    catalogue = lookups.catalogue()
    spec = catalogue[catalogue.code == indicator]
    if spec.empty:
        raise KeyError(indicator)
    return spec


def _monthly_figures(indicator, year, rules, mode, regions, month) -> Trend:
    spec = _spec(indicator)
    values = _series(indicator, [year], regions, mode, rules, through=(year, month))
    found = values.set_index(["region", "month"]).value.astype(float)
    every = pd.MultiIndex.from_product([list(regions), range(1, month + 1)],
                                       names=["region", "month"])  # fmt: skip
    frame = found.reindex(every).rename("actual").reset_index()
    return Trend(spec.iloc[0].to_dict(), frame)


def _series(indicator, years, regions, mode, rules, through=None) -> pd.DataFrame:
    """Monthly figures of ``regions``: from the stored assessment (one indexed read;
    parents' sums included), and the months with reports in ``years`` not stored as
    the data stands summed from the reports; up to the month ``through`` ((year,
    month)) where given."""
    stored, values = assessed.valid_values(
        mode, rules_key(rules), years, regions, indicator
    )
    reported = lookups.periods()
    wanted = reported[reported.year.isin(years)]
    if through is not None:
        wanted, values = (
            wanted[_up_to(wanted, through)],
            values[_up_to(values, through)],
        )
    have = set(zip(stored.year, stored.month, strict=True))
    missing = [(int(y), int(m)) for y, m in zip(wanted.year, wanted.month, strict=True)
               if (int(y), int(m)) not in have]  # fmt: skip
    if not missing:
        return values
    # The months not stored as they are now (the month being reported, between a
    # write and its refresh) summed from the reports, the others as stored.
    summed = queries.series(indicator, years, mode=mode, regions=regions,
                            months=missing)  # fmt: skip
    columns = ["region", "year", "month", "value"]
    return (
        pd.concat([values[columns], summed[columns]], ignore_index=True)
        .sort_values(["region", "year", "month"])
        .reset_index(drop=True)
    )


def _up_to(frame: pd.DataFrame, period: tuple[int, int]) -> pd.Series:
    """Which rows of ``frame`` (year, month) are of ``period`` or before it."""
    year, month = period
    return (frame.year < year) | ((frame.year == year) & (frame.month <= month))


def _trend(indicator, year, rules, region, mode, regions) -> Trend:
    spec = _spec(indicator)
    kind = Kind(spec.kind.iloc[0])
    if region is not None:
        if queries.region_path(region).empty:
            raise KeyError(region)
        regions = [region]
    elif regions is None:
        regions = queries.regions().code.tolist()
    # The targets (the due path) of these regions.
    facts = queries.period_facts(year, 12, codes=regions, with_actuals=False,
                                 baselines=baselines(queries.APPROVED))  # fmt: skip
    # Last years' pace only where it is the scoring basis (SEASONAL_PROFILE=1); the
    # due path is m/12 of the target otherwise.
    profiles = seasonal_profiles(year) if rules.seasonal_profile else {}
    inputs = build_inputs(year, 12, spec, regions, facts, profiles)
    profile = profiles.get(indicator)
    values = _series(indicator, [year - 1, year], regions, mode, rules)
    rows = []
    for code in regions:
        obs = inputs.observations[(code, indicator)]
        mine = values[values.region == code]
        by_month = {
            (int(r.year), int(r.month)): float(r.value) for r in mine.itertuples()
        }
        for month in range(1, 13):
            if kind is Kind.FLOW:
                due = obs.target * flow_progress(month, profile) if obs.target else None
            elif kind is Kind.RATE_CAP:
                due = obs.target
            elif kind is Kind.STOCK:
                path = stock_due(year, month, obs.stock_targets, obs.baseline)
                due = path[0] if path else None
            else:
                due = 0.0
            rows.append(
                {
                    "region": code,
                    "month": month,
                    "actual": by_month.get((year, month)),
                    "last_year": by_month.get((year - 1, month)),
                    "due": due,
                }
            )
    return Trend(spec.iloc[0].to_dict(), pd.DataFrame(rows))
