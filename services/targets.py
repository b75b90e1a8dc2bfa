"""Annual targets and weights as the 目标与权重 page shows them: typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data_access import assessed, queries
from data_access.rows import records
from domain.kinds import kind_of, kinds_where
from domain.model import COUNTY, TargetSource
from i18n import scope_words
from services.lookups import catalogue, whole_word
from services.records import IndicatorRow, indicator_rows


@dataclass(frozen=True)
class TargetRegion:
    code: str
    name_zh: str
    name_en: str
    is_county: bool  # one of the units the sum column adds up
    level: str = COUNTY


@dataclass(frozen=True)
class TargetTable:
    """The year's targets: regions (city first) × indicators."""

    regions: list[TargetRegion]
    indicators: list[IndicatorRow]
    values: dict[tuple[str, str], float]  # (region, indicator) → target

    def words(self, lang: str | None) -> dict[str, str]:
        """What texts call the parent and its units (全市 and 旗县区, …)."""
        parent = next((r for r in self.regions if not r.is_county), None)
        unit = next((r.level for r in self.regions if r.is_county), None)
        return scope_words(parent and parent.level, unit, lang,
                           whole_word(parent.code) if parent else None)  # fmt: skip

    def value(self, region: str, indicator: str) -> float | None:
        return self.values.get((region, indicator))

    def county_sum(self, indicator: IndicatorRow) -> float | None:
        """The counties' targets added up (rates are not summed); None, shown as
        missing, where no county has one (blank targets are not a target of 0)."""
        if not kind_of(indicator.kind).summable:
            return None
        found = [self.values.get((r.code, indicator.code)) for r in self.regions
                 if r.is_county]  # fmt: skip
        known = [v for v in found if v is not None]
        return sum(known) if known else None


@dataclass(frozen=True)
class Change:
    """One change of a target or a weight, for the history table."""

    changed_at: datetime
    changed_by: str
    region_zh: str | None
    region_en: str | None
    name_zh: str
    name_en: str
    year: int | None
    old_value: float | None
    new_value: float | None
    source: str | None = None  # a target's: where it comes from (TargetSource)
    reason: str | None = None
    decimals: int = 2  # a target's: its indicator's own; a weight's: two


# Where a target may come from, in the order the page offers them (the office's
# decomposition first: most targets are).
SOURCES = (
    TargetSource.OFFICE.value,
    TargetSource.POLICY.value,
    TargetSource.COUNTY.value,
)


@dataclass(frozen=True)
class Provenance:
    """Where a target comes from (domain.model.TargetSource), who set it when, and
    why it last changed."""

    region: str
    indicator: str
    year: int
    value: float
    source: str
    set_by: str | None
    set_at: datetime | None
    reason: str | None


def provenance(
    year: int, region: str | None = None, indicator: str | None = None,
    regions: list[str] | None = None,
) -> dict[tuple[str, str], Provenance]:  # fmt: skip
    """The provenance of the target each (region, indicator) is judged by in ``year``
    (one region's or one indicator's, of ``regions`` only where given: a page shows a
    few of a country's 3,212): the year's own, for a stock the deadline it is due by
    (the next one, else the last)."""
    deadlines = set(
        catalogue().loc[lambda f: f.kind.isin(kinds_where("deadlines")), "code"]
    )
    found: dict[tuple[str, str], Provenance] = {}
    for r in records(queries.target_provenance(None, region, indicator, regions)):
        item = Provenance(**r)
        key = (item.region, item.indicator)
        if item.indicator not in deadlines:
            if item.year == year:
                found[key] = item
            continue
        held = found.get(key)
        # Rows come by year: the first deadline from ``year`` on wins, else the last.
        if held is None or held.year < year:
            found[key] = item
    return found


def target_table(year: int, scope=None) -> TargetTable:
    """The year's targets of a scope's parent and units (None: every region; a
    country has 3,212, too many columns for one grid). ``is_county`` marks the units,
    whose targets the sum column adds up."""
    if scope is None:
        regions = [TargetRegion(r["code"], r["name_zh"], r["name_en"], r["level"] == COUNTY,
                                r["level"]) for r in records(queries.regions())]  # fmt: skip
    else:
        top = records(queries.region_path(scope.parent).iloc[-1:])
        units = records(
            assessed.scope_units(scope.parent)
        )  # children, not every county
        regions = [
            TargetRegion(r["code"], r["name_zh"], r["name_en"], False, r["level"])
            for r in top
        ]
        regions += [
            TargetRegion(r["code"], r["name_zh"], r["name_en"], True, r["level"])
            for r in units
        ]
    values = {(r["region"], r["indicator"]): float(r["value"])
              for r in records(queries.targets(year)) if r["value"] is not None}  # fmt: skip
    return TargetTable(regions, indicator_rows(catalogue()), values)


def changes(limit: int = 50) -> list[Change]:
    """Target and weight changes together, newest first."""
    found = [Change(**r) for r in records(queries.target_changes(limit))]
    found += [Change(region_zh=None, region_en=None, year=None, **r)
              for r in records(queries.weight_changes(limit))]  # fmt: skip
    found.sort(key=lambda c: c.changed_at, reverse=True)
    return found[:limit]


def region_codes() -> list[str]:
    return queries.regions().code.tolist()
