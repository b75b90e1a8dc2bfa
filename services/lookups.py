"""The catalogue and the counties as pages need them, as typed rows."""

from __future__ import annotations

import pandas as pd

from data_access import assessed, queries
from services.cache import cached
from services.records import IndicatorRow, RegionRow, indicator_rows, region_rows


def periods() -> pd.DataFrame:
    """The (year, month) pairs with reports, newest first: grouping every report is a
    full scan nationally, so once a data version."""
    return cached("periods", queries.data_stamp, queries.periods)


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
