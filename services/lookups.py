"""The catalogue and the counties as pages need them, as typed rows."""

from __future__ import annotations

from data_access import queries
from services.records import IndicatorRow, RegionRow, indicator_rows, region_rows


def counties() -> list[RegionRow]:
    return region_rows(queries.regions("county"))


def indicators() -> list[IndicatorRow]:
    return indicator_rows(queries.indicators())
