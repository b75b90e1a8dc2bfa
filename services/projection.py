"""Issue 22 (begun): the year-end projection checked against history. Each flow
indicator's approved county series are projected from every month of every past year
with only the years before it, and compared with the real December
(``domain.projection.backtest``); the June outlook words against the targets."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_access import queries
from domain.kinds import kinds_where
from domain.projection import MonthError, OutlookHits, backtest, outlook_hits
from services.assessment import period_view
from services.schemes import rules_for


@dataclass(frozen=True)
class Backtest:
    """One indicator's backtest: the error by month and the June words' hits."""

    indicator: str
    by_month: list[MonthError]
    june: OutlookHits


def _by_region(frame: pd.DataFrame) -> dict[str, dict[int, list[float | None]]]:
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
        histories = _by_region(
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
