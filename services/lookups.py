"""The catalogue and the counties as pages need them: typed rows and select options."""

from __future__ import annotations

from data_access import queries
from i18n import pick
from services.records import IndicatorRow, RegionRow, indicator_rows, region_rows


def counties() -> list[RegionRow]:
    return region_rows(queries.regions("county"))


def indicators() -> list[IndicatorRow]:
    return indicator_rows(queries.indicators())


def options(rows, lang: str | None) -> list[dict]:
    """Select options (label in the reader's language, value the code)."""
    return [{"label": pick(r, "name", lang), "value": r.code} for r in rows]
