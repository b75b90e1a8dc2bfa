"""Weighted 100-point score with its breakdown, and grades."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.model import IndicatorResult, IndicatorSpec, ScoreCard, ScoreItem, Status
from domain.rules import Rules


def grade(score: float | None, rules: Rules) -> str | None:
    if score is None:
        return None
    for minimum, name in rules.grade_bands:
        if score >= minimum - 1e-9:
            return name
    return "fail"


def score_card(
    region: str,
    specs: Sequence[IndicatorSpec],
    results: Mapping[str, IndicatorResult],
    rules: Rules,
) -> ScoreCard:
    """Total out of 100 and a line per indicator.

    Indicators without a target for the region are not assessed: their weight is
    shared out among the others so that the total stays out of 100. A missing
    report of an assessed indicator scores zero; a region that reported none of
    them has no total and no grade (未报送: never 0.00 不合格), and so no rank.
    """
    assessed = [s for s in specs if results[s.code].status is not Status.NOT_ASSESSED]
    total_weight = sum(s.weight for s in assessed)
    if total_weight <= 0:
        return ScoreCard(region=region, total=None, grade=None)
    items = []
    for spec in assessed:
        result = results[spec.code]
        # weight * 100 / total keeps whole weights whole (7, not 7.000000000000001)
        max_points = spec.weight * 100 / total_weight
        items.append(
            ScoreItem(
                code=spec.code,
                max_points=max_points,
                fraction=result.score_fraction,
                points=max_points * result.score_fraction,
                status=result.status,
            )
        )
    if all(i.status is Status.NO_DATA for i in items):
        return ScoreCard(region=region, total=None, grade=None, items=tuple(items))
    total = round(sum(i.points for i in items), 2)
    return ScoreCard(
        region=region, total=total, grade=grade(total, rules), items=tuple(items)
    )
