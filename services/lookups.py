"""The catalogue and the counties as pages need them, as typed rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access import assessed, queries
from domain.cycle import MonthInfo, due_date, month_state
from services.cache import cached
from services.records import IndicatorRow, RegionRow, indicator_rows, region_rows
from settings import current_settings


def periods() -> pd.DataFrame:
    """The (year, month) pairs with reports, newest first: grouping every report is a
    full scan nationally, so once a data version."""
    return cached("periods", queries.data_stamp, queries.periods)


def months(today: date, due_day: int, open_day: int = 1) -> list[MonthInfo]:
    """Every month of the years on offer with its state on ``today`` (未开始, 报送中,
    已截止, 已审定, 已发布) and its approved count; the counts are read once a data
    stamp."""
    counts, units, published = cached("month_counts", queries.data_stamp,
                                      queries.month_counts)  # fmt: skip
    approved = {(int(r.year), int(r.month)): int(r.approved)
                for r in counts.itertuples()}  # fmt: skip
    found = periods()
    years = sorted({int(y) for y in found.year} | {today.year})
    return [
        MonthInfo(year, month,
                  month_state(year, month, today, due_day,
                              approved=approved.get((year, month), 0), units=units,
                              published=(year, month) in published, open_day=open_day),
                  approved.get((year, month), 0), units, due_date(year, month, due_day))
        for year in years for month in range(1, 13)
    ]  # fmt: skip


def month_info(year: int, month: int) -> MonthInfo | None:
    """The state of one month today, under the configured cycle."""
    settings = current_settings()
    found = months(date.today(), settings.report_due_day, settings.report_open_day)
    return next((m for m in found if (m.year, m.month) == (year, month)), None)


def whole_word(code: str | None) -> str | None:
    """The word a region's texts call it as a whole (全区), where its aliases give one;
    the regions' words are read once a data version."""
    return cached("whole_names", queries.data_stamp, queries.whole_names).get(code)


def counties() -> list[RegionRow]:
    return region_rows(queries.regions("county"))


def units(parent: str, level: str | None = None) -> list[RegionRow]:
    """The units a scope ranks (see services.assessment.Scope)."""
    return region_rows(assessed.scope_units(parent, level))


def search_regions(text: str, limit: int = 30) -> list[RegionRow]:
    """Regions whose name (either language), code or other names contain ``text``."""
    return region_rows(queries.find_regions(text, limit))


def indicators() -> list[IndicatorRow]:
    return indicator_rows(queries.indicators())
