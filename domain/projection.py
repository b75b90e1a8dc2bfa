"""Where a flow will end the year (预测): the year-to-date figure carried to December by
the way earlier years went on from the same month.

For each complete earlier year the multiplier from month m to December is
``December / year-to-date at m``. Their logarithms give a centre and a spread (a
log-normal: multipliers are positive and skewed); the projection is the year-to-date
figure times the centre, the range its 80 % interval, and the probability of reaching
the target the share of that distribution above it. The county's own years are used
where it has at least ``MIN_OWN_YEARS`` of them, the city's otherwise, and the linear
12/m where there are none (with a spread that shrinks as the year goes on).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.progress import MONTHS, _check_month

MIN_OWN_YEARS = 2
# The range is the central 80 %: the normal's 0.90 quantile either side (and Student's
# t at 0.90 for few years, T90 below).
Z90 = 1.2815515655446004
# The spread of log multipliers assumed where history gives none (one year, or none):
# at month m, DEFAULT_SPREAD × (12 − m) / 12 (a tenth of the year's total in January,
# nothing in December).
DEFAULT_SPREAD = 0.12
MIN_SPREAD = 0.005


class Basis(StrEnum):
    OWN = "own"  # the county's own earlier years
    CITY = "city"  # the city's (or the parent's) earlier years
    LINEAR = "linear"  # no history: 12/m


class Outlook(StrEnum):
    LIKELY = "likely"  # 有望完成
    AT_RISK = "at_risk"  # 存在风险
    UNLIKELY = "unlikely"  # 难以完成


# The probability bounds of the outlook words.
LIKELY_FROM = 0.7
UNLIKELY_BELOW = 0.3


@dataclass(frozen=True)
class Projection:
    """A flow's projected December figure, its 80 % range, the chance of reaching the
    target (None without one) and the history it rests on."""

    value: float
    low: float
    high: float
    basis: Basis
    years: int  # how many earlier years the multipliers came from
    probability: float | None = None

    @property
    def outlook(self) -> Outlook | None:
        if self.probability is None:
            return None
        if self.probability >= LIKELY_FROM:
            return Outlook.LIKELY
        if self.probability < UNLIKELY_BELOW:
            return Outlook.UNLIKELY
        return Outlook.AT_RISK


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def multipliers(
    history: Mapping[int, Sequence[float | None]], month: int
) -> list[float]:
    """Each complete earlier year's December ÷ year-to-date at ``month`` (years with a
    missing month, or nothing by ``month``, are left out)."""
    _check_month(month)
    found = []
    for ytd in history.values():
        if len(ytd) != MONTHS or any(v is None for v in ytd):
            continue
        at, december = float(ytd[month - 1]), float(ytd[-1])
        if at > 0 and december > 0:
            found.append(december / at)
    return found


# Student's t at 0.90 by degrees of freedom (a 80 % two-sided interval from few years),
# over the normal's 1.2816: the spread of n years is stretched by t/z.
T90 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397,
       9: 1.383, 10: 1.372}  # fmt: skip


def _widened_sd(values: Sequence[float]) -> float:
    """The sample deviation of two or more values widened for one more to come
    (× √(1 + 1/n)) and for a small sample (Student's t at 0.90 over the normal's)."""
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in values) / (n - 1))
    return sd * math.sqrt(1 + 1 / n) * T90.get(n - 1, Z90) / Z90


def _centre_and_spread(logs: Sequence[float], month: int) -> tuple[float, float]:
    """The mean of the log multipliers and their widened spread (``_widened_sd``),
    never under the default for one year."""
    n = len(logs)
    mean = sum(logs) / n
    fallback = DEFAULT_SPREAD * (MONTHS - month) / MONTHS
    if n < 2:
        return mean, max(fallback, MIN_SPREAD)
    return mean, max(_widened_sd(logs), MIN_SPREAD if month < MONTHS else 0.0)


def project_flow(
    ytd: float,
    month: int,
    own: Mapping[int, Sequence[float | None]] | None = None,
    city: Mapping[int, Sequence[float | None]] | None = None,
    target: float | None = None,
) -> Projection:
    """The December figure of a flow at ``ytd`` after ``month``, from the county's own
    earlier years (``own``: year → 12 year-to-date values), the city's where the
    county has fewer than MIN_OWN_YEARS, linear where neither has any."""
    _check_month(month)
    if ytd < 0:
        raise ValueError(f"a year-to-date figure is not negative, got {ytd}")
    found = multipliers(own or {}, month)
    basis = Basis.OWN
    if len(found) < MIN_OWN_YEARS:
        city_found = multipliers(city or {}, month)
        if len(city_found) > len(found):
            found, basis = city_found, Basis.CITY
    if not found:
        found, basis = [MONTHS / month], Basis.LINEAR
    mean, spread = _centre_and_spread([math.log(m) for m in found], month)
    if month == MONTHS:  # December is the year: nothing left to project
        mean, spread = 0.0, 0.0
    value = ytd * math.exp(mean)
    low, high = ytd * math.exp(mean - Z90 * spread), ytd * math.exp(mean + Z90 * spread)
    return Projection(value, low, high, basis, len(found) if basis != Basis.LINEAR else 0,
                      _chance(ytd, mean, spread, target))  # fmt: skip


def _chance(
    ytd: float, mean: float, spread: float, target: float | None
) -> float | None:
    """P(ytd × multiplier ≥ target) under the log-normal; certain either way when
    there is no spread left or nothing is asked."""
    if target is None:
        return None
    if target <= 0:
        return 1.0
    if ytd <= 0:  # nothing yet: no multiplier carries zero anywhere
        return 0.0
    needed = math.log(target / ytd)
    if spread == 0:
        return 1.0 if mean >= needed - 1e-12 else 0.0
    return 1.0 - _normal_cdf((needed - mean) / spread)


def level_steps(
    years: Mapping[int, Sequence[float | None]], year: int, month: int
) -> list[float]:
    """The month-to-month changes of a level (a stock, a rate, a count) from the year
    before ``year`` up to ``month``: each month reported after a reported month."""
    levels = [v for y in sorted(years) if year - 1 <= y <= year
              for m, v in enumerate(years[y], start=1) if y < year or m <= month]  # fmt: skip
    return [b - a for a, b in zip(levels, levels[1:], strict=False)
            if a is not None and b is not None]  # fmt: skip


def project_level(
    level: float,
    month: int,
    steps: Sequence[float],
    target: float | None = None,
    lower_is_better: bool = False,
    drift: bool = True,
) -> Projection:
    """A level carried to December by its month-to-month changes (``steps``): a stock
    or a count goes on at its average step (``drift``), a rate stays where it is; the
    range is the steps' spread over the months left (a random walk: × √months), and
    the probability is of reaching ``target`` by December (at least it, or at most it
    where ``lower_is_better``: a cap). Without two steps the spread is the default
    share of the level."""
    _check_month(month)
    left = MONTHS - month
    n = len(steps)
    mean = sum(steps) / n if drift and n else 0.0
    if n >= 2:
        sd = _widened_sd(steps)
    else:
        sd = DEFAULT_SPREAD * max(abs(level), 1.0) / math.sqrt(MONTHS)
    centre = level + mean * left
    spread = sd * math.sqrt(left)
    low, high = max(centre - Z90 * spread, 0.0), max(centre + Z90 * spread, 0.0)
    chance = None
    if target is not None:
        if spread == 0:
            met = (
                centre <= target + 1e-9 if lower_is_better else centre >= target - 1e-9
            )
            chance = 1.0 if met else 0.0
        else:
            below = _normal_cdf((target - centre) / spread)
            chance = below if lower_is_better else 1.0 - below
    basis = Basis.OWN if n >= 2 else Basis.LINEAR
    return Projection(max(centre, 0.0), low, high, basis, n, chance)


def pace_so_far(ytd: float | None, month: int) -> float | None:
    """A flow's average per month so far (前N月月均)."""
    _check_month(month)
    return None if ytd is None else ytd / month


@dataclass(frozen=True)
class MonthError:
    """How projections made at one month fared against the real December: the mean
    absolute percentage error and the share of Decembers inside the 80 % range."""

    month: int
    cases: int
    mape: float
    coverage: float
    mae: float = 0.0  # the mean absolute error (in the indicator's unit)


@dataclass(frozen=True)
class OutlookHits:
    """Of the region-years given an outlook at ``month``: how many, and how many
    turned out as the word said (难以完成 missed, 有望完成 met)."""

    month: int
    unlikely: int
    unlikely_missed: int
    likely: int
    likely_met: int


def _complete(ytd: Sequence[float | None]) -> bool:
    return len(ytd) == MONTHS and all(v is not None for v in ytd) and float(ytd[-1]) > 0


def _from_history(ytd, month, year, years, city, target=None) -> Projection:
    """``year`` projected from ``month`` as it would have been then: with only the
    region's and the city's years before it."""
    return project_flow(float(ytd[month - 1]), month,
                        {y: v for y, v in years.items() if y < year},
                        {y: v for y, v in city.items() if y < year}, target)  # fmt: skip


def backtest(
    histories: Mapping[str, Mapping[int, Sequence[float | None]]],
    city: Mapping[int, Sequence[float | None]],
) -> list[MonthError]:
    """Project every complete region-year from each month 1–11 with only the years
    before it (the region's own and the city's) and compare with its December."""
    out = []
    for month in range(1, MONTHS):
        errors, inside = [], 0
        for years in histories.values():
            for year, ytd in years.items():
                if not _complete(ytd):
                    continue
                found = _from_history(ytd, month, year, years, city)
                actual = float(ytd[-1])
                errors.append(abs(found.value - actual) / actual)
                inside += found.low <= actual <= found.high
        if errors:
            out.append(MonthError(month, len(errors), sum(errors) / len(errors),
                                  inside / len(errors)))  # fmt: skip
    return out


def backtest_levels(
    histories: Mapping[str, Mapping[int, Sequence[float | None]]], drift: bool
) -> list[MonthError]:
    """Project every complete region-year of a level (a stock, a rate, a count) from
    each month 1–11 by its steps since the January of the year before, and compare
    with its December (the MAPE over Decembers above zero; the MAE over all)."""
    out = []
    for month in range(1, MONTHS):
        errors, absolute, inside = [], [], 0
        for years in histories.values():
            for year, levels in years.items():
                if len(levels) != MONTHS or any(v is None for v in levels):
                    continue
                found = project_level(float(levels[month - 1]), month,
                                      level_steps(years, year, month), drift=drift)  # fmt: skip
                actual = float(levels[-1])
                absolute.append(abs(found.value - actual))
                if actual > 0:
                    errors.append(abs(found.value - actual) / actual)
                inside += found.low - 1e-9 <= actual <= found.high + 1e-9
        if absolute:
            out.append(MonthError(month, len(absolute),
                                  sum(errors) / len(errors) if errors else 0.0,
                                  inside / len(absolute), sum(absolute) / len(absolute)))  # fmt: skip
    return out


def outlook_hits(
    histories: Mapping[str, Mapping[int, Sequence[float | None]]],
    city: Mapping[int, Sequence[float | None]],
    targets: Mapping[tuple[str, int], float],
    month: int = 6,
) -> OutlookHits:
    """The outlook words at ``month`` against what happened, for every complete
    region-year with a target (``targets``: (region, year) → annual target)."""
    counts = {"unlikely": 0, "missed": 0, "likely": 0, "met": 0}
    for region, years in histories.items():
        for year, ytd in years.items():
            target = targets.get((region, year))
            if target is None or target <= 0 or not _complete(ytd):
                continue
            found = _from_history(ytd, month, year, years, city, target)
            reached = float(ytd[-1]) >= target
            if found.outlook is Outlook.UNLIKELY:
                counts["unlikely"] += 1
                counts["missed"] += not reached
            elif found.outlook is Outlook.LIKELY:
                counts["likely"] += 1
                counts["met"] += reached
    return OutlookHits(month, counts["unlikely"], counts["missed"], counts["likely"],
                       counts["met"])  # fmt: skip
