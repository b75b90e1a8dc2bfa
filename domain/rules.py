"""Assessment thresholds: settings, not literals scattered through the code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """The tunable parts of the rubric.

    lag_points: a flow or stock this many percentage points (or fewer) behind time
        progress is 滞后 (yellow); further behind is 预警 (red).
    rate_safe_margin: a rate at least this many points under its cap is 达标 (green);
        up to the cap it is yellow, above it red.
    rate_zero_score_excess: a rate this many points over its cap scores zero; the score
        falls linearly from full marks at the cap.
    zero_target_penalty: share of the weight lost per unit left over on a target-0
        indicator (0.2: five households left over score zero).
    near_tie_points: ranked neighbours closer than this are marked as a near tie.
    grade_bands: (minimum score, grade) from the top; below the last is ``fail``.
    seasonal_profile: judge flows against the seasonal shape of earlier years
        (按往年节奏) where there is history, instead of 序时进度 as the documents mean
        it, the share of the year elapsed (m/12, the default).
    weights: the indicators that count in the year's scheme (年度考核方案) with their
        weights, (code, weight) pairs; empty: the catalogue's. With these the rules
        are a year's whole scheme, and a period is judged by its own year's.
    kinds: the year's kind of each indicator whose kind differs from the catalogue's
        or is set by the scheme, (code, kind) pairs; empty: the catalogue's.
    """

    lag_points: float = 10.0
    rate_safe_margin: float = 0.3
    rate_zero_score_excess: float = 1.0
    zero_target_penalty: float = 0.2
    near_tie_points: float = 0.5
    grade_bands: tuple[tuple[float, str], ...] = (
        (90.0, "excellent"),
        (80.0, "good"),
        (60.0, "pass"),
    )
    seasonal_profile: bool = False
    weights: tuple[tuple[str, float], ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()
