"""The catalogue and the counties as pages need them, as typed rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access import assessed, queries
from domain.cycle import MonthInfo, due_date, month_state
from domain.model import COUNTY
from services.cache import cached, data_stamp
from services.records import IndicatorRow, RegionRow, indicator_rows, region_rows
from settings import current_settings


def periods() -> pd.DataFrame:
    """The (year, month) pairs with reports, newest first: grouping every report is a
    full scan nationally, so once a data version."""
    return cached("periods", data_stamp, queries.periods, near=True)


def months(today: date, extra_years=()) -> list[MonthInfo]:
    """Every month of the years on offer (and ``extra_years``: a page that prepares
    next year) with its state on ``today`` (未开始, 报送中, 已截止, 已审定, 已发布) and
    its approved count, under the configured cycle (REPORT_DUE_DAY, REPORT_OPEN_DAY);
    the counts are read once a data stamp."""
    years = sorted({int(y) for y in periods().year} | {today.year} | set(extra_years))
    counts = _cached_counts()  # once for all of them: each read asks for the stamp
    return [_month(year, month, today, counts) for year in years
            for month in range(1, 13)]  # fmt: skip


def month_info(year: int, month: int) -> MonthInfo:
    """The state of one month today (every view asks: one month, not every one)."""
    return _month(year, month, date.today())


def _cached_counts() -> tuple[dict[tuple[int, int], int], int, set]:
    return cached("month_counts", data_stamp, _month_counts, near=True)


def _month(year: int, month: int, today: date, found: tuple | None = None) -> MonthInfo:
    counts, units, published = found if found is not None else _cached_counts()
    settings = current_settings()
    due_day, open_day = settings.report_due_day, settings.report_open_day
    approved = counts.get((year, month), 0)
    state = month_state(year, month, today, due_day, approved=approved, units=units,
                        published=(year, month) in published, open_day=open_day)  # fmt: skip
    return MonthInfo(
        year, month, state, approved, units, due_date(year, month, due_day)
    )


def _month_counts() -> tuple[dict[tuple[int, int], int], int, set]:
    """Approved counties by (year, month), the number of counties, the published
    months."""
    counts, units, published = queries.month_counts()
    approved = {
        (int(r.year), int(r.month)): int(r.approved) for r in counts.itertuples()
    }
    return approved, units, published


def whole_word(code: str | None) -> str | None:
    """The word a region's texts call it as a whole (全区), where its aliases give one;
    the regions' words are read once a data version."""
    return cached("whole_names", data_stamp, queries.whole_names).get(code)


def counties() -> list[RegionRow]:
    return region_rows(queries.regions(COUNTY))


def units(parent: str, level: str | None = None) -> list[RegionRow]:
    """The units a scope ranks (see services.assessment.Scope)."""
    return region_rows(assessed.scope_units(parent, level))


def search_regions(text: str, limit: int = 30) -> list[RegionRow]:
    """Regions whose name (either language), code or other names contain ``text``."""
    return region_rows(queries.find_regions(text, limit))


def catalogue() -> pd.DataFrame:
    """The indicator catalogue (:func:`data_access.queries.indicators`), read once a
    data stamp, kept in this process too: a county's panels read it four times (its
    year's scheme, the way up, the targets' sources), a query each."""
    return cached("catalogue", data_stamp, queries.indicators, near=True)


def indicators() -> list[IndicatorRow]:
    return indicator_rows(catalogue())
