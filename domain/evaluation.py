"""Judge one indicator of one region at one period: status and score fraction."""

from __future__ import annotations

from collections.abc import Sequence

from domain.model import IndicatorResult, IndicatorSpec, Kind, Observation, Status
from domain.progress import flow_progress, pace_needed, stock_due
from domain.rules import Rules


def status_from_gap(gap_points: float, rules: Rules) -> Status:
    """Flows and stocks: ahead of or on time progress is green, then yellow, red."""
    if gap_points >= -1e-9:
        return Status.ON_TRACK
    if gap_points >= -rules.lag_points - 1e-9:
        return Status.LAGGING
    return Status.ALERT


def rate_status(rate: float, cap: float, rules: Rules) -> Status:
    if rate <= cap - rules.rate_safe_margin + 1e-9:
        return Status.ON_TRACK
    if rate <= cap + 1e-9:  # within its target, close to the cap: never 滞后
        return Status.NEAR_CAP
    return Status.ALERT


def _judged_against_due(actual: float, target: float, due: float, rules: Rules) -> dict:
    """Flows and stocks: completion of the target against the share due by now.

    A zero target asks nothing: on track with full marks. The score is the share of
    what was due, capped at 1.
    """
    if target <= 0:
        return {"status": Status.ON_TRACK, "score_fraction": 1.0, "actual": actual}
    completion = actual / target
    progress = due / target
    gap = (completion - progress) * 100
    return {
        "status": status_from_gap(gap, rules),
        "score_fraction": min(actual / due, 1.0) if due > 0 else 1.0,
        "actual": actual,
        "completion": completion,
        "progress": progress,
        "gap_points": gap,
    }


def _evaluate_flow(
    spec: IndicatorSpec, obs: Observation, month: int, profile, rules: Rules
) -> IndicatorResult:
    progress = flow_progress(month, profile)
    common = {"code": spec.code, "kind": spec.kind, "progress": progress}
    if obs.target is None:
        return IndicatorResult(
            status=Status.NOT_ASSESSED, score_fraction=0.0, actual=obs.actual, **common
        )
    target = float(obs.target)
    due = target * progress
    common.update(target=target, due=due)
    if obs.actual is None:
        return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
    actual = float(obs.actual)
    judged = common | _judged_against_due(actual, target, due, rules)
    if target > 0:
        judged["pace_needed"] = pace_needed(target, actual, month)
    return IndicatorResult(**judged)


def _evaluate_rate(spec: IndicatorSpec, obs: Observation, rules: Rules):
    common = {"code": spec.code, "kind": spec.kind}
    if obs.target is None:
        return IndicatorResult(
            status=Status.NOT_ASSESSED, score_fraction=0.0, actual=obs.actual, **common
        )
    cap = float(obs.target)
    common.update(target=cap, due=cap)
    if obs.actual is None:
        return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
    rate = float(obs.actual)
    excess = rate - cap
    fraction = (
        1.0 if excess <= 0 else max(0.0, 1.0 - excess / rules.rate_zero_score_excess)
    )
    return IndicatorResult(
        status=rate_status(rate, cap, rules),
        score_fraction=fraction,
        actual=rate,
        gap_points=cap - rate,
        **common,
    )


def _evaluate_stock(
    spec: IndicatorSpec, obs: Observation, year: int, month: int, rules: Rules
):
    common = {"code": spec.code, "kind": spec.kind}
    path = stock_due(year, month, obs.stock_targets, obs.baseline)
    if path is None:
        return IndicatorResult(
            status=Status.NOT_ASSESSED, score_fraction=0.0, actual=obs.actual, **common
        )
    due, target, deadline = path
    common.update(target=target, due=due, deadline_year=deadline)
    if obs.actual is None:
        return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
    return IndicatorResult(
        **(common | _judged_against_due(float(obs.actual), target, due, rules))
    )


def _evaluate_zero(spec: IndicatorSpec, obs: Observation, rules: Rules):
    common = {"code": spec.code, "kind": spec.kind, "target": 0.0, "due": 0.0}
    if obs.actual is None:
        return IndicatorResult(status=Status.NO_DATA, score_fraction=0.0, **common)
    left = float(obs.actual)
    if left <= 0:
        return IndicatorResult(
            status=Status.ON_TRACK, score_fraction=1.0, actual=left, **common
        )
    return IndicatorResult(
        status=Status.ALERT,
        score_fraction=max(0.0, 1.0 - rules.zero_target_penalty * left),
        actual=left,
        **common,
    )


def evaluate(
    spec: IndicatorSpec,
    obs: Observation,
    year: int,
    month: int,
    rules: Rules,
    profile: Sequence[float] | None = None,
) -> IndicatorResult:
    """Status, completion, time progress and score fraction of one observation."""
    if spec.kind is Kind.FLOW:
        return _evaluate_flow(spec, obs, month, profile, rules)
    if spec.kind is Kind.RATE_CAP:
        return _evaluate_rate(spec, obs, rules)
    if spec.kind is Kind.STOCK:
        return _evaluate_stock(spec, obs, year, month, rules)
    if spec.kind is Kind.ZERO:
        return _evaluate_zero(spec, obs, rules)
    raise ValueError(f"unknown indicator kind {spec.kind!r}")
