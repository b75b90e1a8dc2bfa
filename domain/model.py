"""Plain value types of the assessment: indicator kinds, statuses, inputs, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How an indicator accumulates, is judged against time and scores."""

    FLOW = "flow"  # reported as 1–N月累计 (year-to-date), annual target
    RATE_CAP = "rate_cap"  # end-of-month rate, the target is a cap (控制目标)
    STOCK = "stock"  # end-of-month level, target level due by a deadline year
    ZERO = "zero"  # end-of-month count whose target is 0


class RegionLevel(StrEnum):
    """Where a region sits in the hierarchy; a view ranks the units under one parent."""

    NATION = "nation"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


# The levels as the plain text stored and sent in queries (``level == COUNTY``).
NATION = RegionLevel.NATION.value
PROVINCE = RegionLevel.PROVINCE.value
CITY = RegionLevel.CITY.value
COUNTY = RegionLevel.COUNTY.value


class TargetSource(StrEnum):
    """Where a target comes from (its provenance)."""

    POLICY = "policy"  # the policy text (到2020年，力争打造8个以上…)
    OFFICE = "office"  # the office's decomposition (市级分解)
    COUNTY = "county"  # a county's own commitment (旗县区承诺)


class Status(StrEnum):
    """Traffic-light status; the UI always shows an icon and a word with it."""

    ON_TRACK = "on_track"  # 达标
    LAGGING = "lagging"  # 滞后 (a flow or stock behind time progress)
    NEAR_CAP = "near_cap"  # 接近控制线: a rate under its cap but close to it
    ALERT = "alert"  # 预警
    NO_DATA = "no_data"  # 未报送: a target exists but no report
    NOT_ASSESSED = "not_assessed"  # no target for this region and year


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    kind: Kind
    weight: float


@dataclass(frozen=True)
class TargetPoint:
    """A level (or annual value) set for the end of ``year``."""

    year: int
    value: float


@dataclass(frozen=True)
class Observation:
    """What is known of one indicator in one region at one period.

    ``target`` is the annual target of a flow, the cap of a rate; it is unused by
    stock indicators, which use ``stock_targets`` (levels due by the end of their
    years) and ``baseline`` (the level the path starts from).
    """

    actual: float | None
    target: float | None = None
    stock_targets: tuple[TargetPoint, ...] = ()
    baseline: TargetPoint | None = None


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator judged for one region and period.

    completion and progress are fractions (0.78 = 78 %); gap_points is
    (completion − progress) × 100 for flows and stocks, and headroom under the cap
    (cap − actual, in points) for rates.
    """

    code: str
    kind: Kind
    status: Status
    score_fraction: float
    actual: float | None = None
    target: float | None = None
    due: float | None = None
    completion: float | None = None
    progress: float | None = None
    gap_points: float | None = None
    pace_needed: float | None = None
    deadline_year: int | None = None


@dataclass(frozen=True)
class ScoreItem:
    """One line of "why this score"."""

    code: str
    max_points: float
    fraction: float
    points: float
    status: Status


@dataclass(frozen=True)
class ScoreCard:
    region: str
    total: float | None
    grade: str | None
    items: tuple[ScoreItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RankInfo:
    rank: int | None
    tied: bool = False
    near_tie: bool = False
    change: int | None = None  # positive: moved up since the previous period
