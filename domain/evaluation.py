"""Judge one indicator of one region at one period: status and score fraction, as its
kind (``domain.kinds``) says."""

from __future__ import annotations

from collections.abc import Sequence

from domain.kinds import kind_of, rate_status, status_from_gap
from domain.model import IndicatorResult, IndicatorSpec, Observation
from domain.rules import Rules

__all__ = ["evaluate", "rate_status", "status_from_gap"]


def evaluate(
    spec: IndicatorSpec,
    obs: Observation,
    year: int,
    month: int,
    rules: Rules,
    profile: Sequence[float] | None = None,
) -> IndicatorResult:
    """Status, completion, time progress and score fraction of one observation."""
    kind = kind_of(spec.kind)
    if kind is None:
        raise ValueError(f"unknown indicator kind {spec.kind!r}")
    return kind.evaluate(spec, obs, year, month, rules, profile)
