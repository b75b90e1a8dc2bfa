"""The year-end projection backtested on the generated data sets (not the demo):

    python -m bench.backtest --scale national    # 2,850 counties, 2017–2025

Each county's every complete year is projected from each month 1–11 with only the
years before it (its city's summed years where it has fewer than two), and compared
with its December: the flows' MAPE and the 80 % range's coverage by month, the June
words' hits against the targets, and the levels' (stocks, rate, count) errors. No
database: the figures come straight from :mod:`bench.generate`. Prints markdown.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import mean

import pandas as pd

from bench.generate import FLOW_BASE, build_figures, build_regions
from domain.projection import (
    MonthError,
    OutlookHits,
    backtest,
    backtest_levels,
    outlook_hits,
)
from services.projection import by_region

LAST_COMPLETE = 2025
LEVELS = {"incubators": True, "hr_service_enterprises": True,
          "registered_unemployment_rate": False, "zero_employment_families": True}  # fmt: skip


@dataclass(frozen=True)
class Found:
    flows: dict[str, list[MonthError]]
    june: dict[str, OutlookHits]
    levels: dict[str, list[MonthError]]
    counties: int
    seconds: float


def _city_sums(frame: pd.DataFrame, parent: Mapping[str, str]) -> pd.DataFrame:
    summed = frame.assign(region=frame.region.map(parent))
    return summed.groupby(["region", "year", "month"], as_index=False).value.sum()


def run(scale: str) -> Found:
    started = time.perf_counter()
    regions = build_regions(scale)
    targets, reports = build_figures(regions)
    counties = regions[regions.level == "county"]
    parent = dict(zip(counties.code, counties.parent_code, strict=True))
    reports = reports[reports.region.isin(parent) & (reports.year <= LAST_COMPLETE)]
    flows, june, levels = {}, {}, {}
    for code in FLOW_BASE:
        mine = reports[reports.indicator == code]
        own = by_region(mine)
        cities = by_region(_city_sums(mine, parent))
        # Each county against its own city's years (backtest takes one city: group).
        errors, hits = [], []
        for city, years in cities.items():
            members = {c: own[c] for c, p in parent.items() if p == city and c in own}
            wanted = targets[(targets.indicator == code) & targets.region.isin(members)]
            asked = {
                (r.region, int(r.year)): float(r.value) for r in wanted.itertuples()
            }
            errors.append(backtest(members, years))
            hits.append(outlook_hits(members, years, asked))
        flows[code] = _pooled(errors)
        june[code] = OutlookHits(6, *(sum(getattr(h, f) for h in hits) for f in
                                      ("unlikely", "unlikely_missed", "likely", "likely_met")))  # fmt: skip
    for code, drift in LEVELS.items():
        levels[code] = backtest_levels(
            by_region(reports[reports.indicator == code]), drift
        )
    return Found(flows, june, levels, len(counties), time.perf_counter() - started)


def _pooled(groups: list[list[MonthError]]) -> list[MonthError]:
    """Month errors of several groups as one (weighted by their cases)."""
    out = []
    for month in range(1, 12):
        found = [e for g in groups for e in g if e.month == month]
        cases = sum(e.cases for e in found)
        if cases:
            out.append(MonthError(month, cases, sum(e.mape * e.cases for e in found) / cases,
                                  sum(e.coverage * e.cases for e in found) / cases))  # fmt: skip
    return out


def markdown(found: Found) -> str:
    lines = [f"{found.counties} counties, {found.seconds:.0f} s", "",
             "| flow | " + " | ".join(str(m) for m in range(1, 12)) + " |",
             "|---|" + "---|" * 11]  # fmt: skip
    for code, months in found.flows.items():
        cells = " | ".join(
            f"{e.mape * 100:.1f} % / {e.coverage * 100:.0f} %" for e in months
        )
        lines.append(f"| `{code}` | {cells} |")
    lines += [
        "",
        "| flow | 难以完成 | missed | 有望完成 | met |",
        "|---|---|---|---|---|",
    ]
    for code, h in found.june.items():
        lines.append(
            f"| `{code}` | {h.unlikely} | {h.unlikely_missed} | {h.likely} | {h.likely_met} |"
        )
    lines += [
        "",
        "| level | 1 | 3 | 6 | 9 | 11 | coverage (mean) |",
        "|---|---|---|---|---|---|---|",
    ]
    for code, months in found.levels.items():
        by = {e.month: e for e in months}
        cells = " | ".join(f"{by[m].mae:.3f}" for m in (1, 3, 6, 9, 11))
        lines.append(
            f"| `{code}` MAE | {cells} | {mean(e.coverage for e in months) * 100:.0f} % |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=("province", "national"), default="national")
    print(markdown(run(parser.parse_args(argv).scale)))


if __name__ == "__main__":
    main()
