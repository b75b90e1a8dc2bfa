"""序时进度 (time progress): how much of a target is due by a given month."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.model import TargetPoint

MONTHS = 12


def _check_month(month: int) -> None:
    if not 1 <= month <= MONTHS:
        raise ValueError(f"month must be 1..12, got {month}")


def linear_progress(month: int) -> float:
    """Share of an annual flow target due by the end of ``month``: m/12."""
    _check_month(month)
    return month / MONTHS


def seasonal_profile(
    history: Mapping[int, Sequence[float | None]],
) -> tuple[float, ...] | None:
    """Average cumulative share of the year reached by each month in earlier years.

    ``history`` maps a year to its 12 year-to-date values. Only complete years with
    a positive December total count. Returns None when no year qualifies, so that
    the caller falls back to the linear profile.
    """
    shares: list[list[float]] = []
    for ytd in history.values():
        if len(ytd) != MONTHS or any(v is None for v in ytd) or not ytd[-1]:
            continue
        total = float(ytd[-1])
        shares.append([float(v) / total for v in ytd])
    if not shares:
        return None
    profile: list[float] = []
    running = 0.0
    for m in range(MONTHS):
        mean = sum(s[m] for s in shares) / len(shares)
        running = min(1.0, max(running, mean))
        profile.append(running)
    profile[-1] = 1.0
    return tuple(profile)


def flow_progress(month: int, profile: Sequence[float] | None = None) -> float:
    """Time progress of a flow at ``month``, seasonal where a profile is given."""
    _check_month(month)
    if profile is None:
        return linear_progress(month)
    return float(profile[month - 1])


def stock_due(
    year: int,
    month: int,
    targets: Sequence[TargetPoint],
    baseline: TargetPoint | None,
) -> tuple[float, float, int] | None:
    """Level due at (year, month) on the linear path towards the target in force.

    The target in force is the first target whose year is ``year`` or later; the
    path starts from the previous target (or the baseline, or 0 at the year
    before the first target) and reaches the target at the end of its year. After
    the last deadline the last target must be held. Returns (due level, target in
    force, its deadline year), or None without any target.
    """
    _check_month(month)
    points = sorted(targets, key=lambda p: p.year)
    if not points:
        return None
    current = next((p for p in points if p.year >= year), None)
    if current is None:
        last = points[-1]
        return last.value, last.value, last.year
    earlier = [p for p in points if p.year < current.year]
    if earlier:
        start = earlier[-1]
    elif baseline is not None and baseline.year < current.year:
        start = baseline
    else:
        start = TargetPoint(current.year - 1, 0.0)
    span = current.year - start.year
    elapsed = (year - start.year - 1) + month / MONTHS
    share = min(1.0, max(0.0, elapsed / span))
    return (
        start.value + (current.value - start.value) * share,
        current.value,
        current.year,
    )


def pace_needed(annual_target: float, ytd: float, month: int) -> float:
    """Average still needed in each remaining month to reach the annual target."""
    _check_month(month)
    remaining = max(annual_target - ytd, 0.0)
    months_left = MONTHS - month
    return remaining / months_left if months_left else remaining
