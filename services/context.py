"""Small facts every page needs: periods on offer, the default one, the as-of stamp."""

from __future__ import annotations

from dataclasses import dataclass

from data_access import queries
from settings import load_settings


@dataclass(frozen=True)
class ShellContext:
    years: tuple[int, ...]
    default_year: int
    default_month: int
    first_county: str
    first_indicator: str


@dataclass(frozen=True)
class Stamp:
    is_demo: bool
    updated: str | None


def shell_context(today_year: int) -> ShellContext:
    """Years with data (newest first) and the latest reported period."""
    periods = queries.periods()
    latest = queries.latest_period() or (today_year, 1)
    years = tuple(sorted({int(y) for y in periods.year}, reverse=True)) or (today_year,)
    counties = queries.regions("county")
    catalogue = queries.indicators()
    return ShellContext(
        years=years,
        default_year=latest[0],
        default_month=latest[1],
        first_county=counties.code.iloc[0] if len(counties) else "",
        first_indicator=catalogue.code.iloc[0] if len(catalogue) else "",
    )


def fallback_context(today_year: int) -> ShellContext:
    """The shell's context when the database cannot be read."""
    return ShellContext((today_year,), today_year, 1, "", "")


def parse_period(year, month) -> tuple[int, int] | None:
    """Validate a (year, month) from a URL or a callback; None when it is not one."""
    try:
        y, m = int(str(year)), int(str(month))
    except (TypeError, ValueError):
        return None
    if not (1900 <= y <= 2999 and 1 <= m <= 12):
        return None
    return y, m


def stamp() -> Stamp:
    info = queries.dataset_info()
    updated = queries.data_as_of()
    return Stamp(
        is_demo=info.get("is_demo") == "1",
        updated=updated.strftime("%Y-%m-%d") if updated else None,
    )


def rules():
    """The assessment rules in force (thresholds from the environment)."""
    return load_settings().rules


def data_mode(include_submitted) -> str:
    """The data mode for the shell's switch: approved figures, or submitted ones too."""
    return queries.SUBMITTED if include_submitted is True else queries.APPROVED
