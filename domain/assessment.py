"""Assess every region of a period at once and flatten the result for display."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

import pandas as pd

from domain.evaluation import evaluate
from domain.model import IndicatorResult, IndicatorSpec, Observation, ScoreCard
from domain.rules import Rules
from domain.scoring import score_card


@dataclass(frozen=True)
class PeriodInputs:
    """Everything needed to judge one (year, month): built by the data layer."""

    year: int
    month: int
    specs: tuple[IndicatorSpec, ...]
    regions: tuple[str, ...]
    observations: Mapping[tuple[str, str], Observation]
    profiles: Mapping[str, tuple[float, ...]]


@dataclass(frozen=True)
class Assessment:
    year: int
    month: int
    results: Mapping[tuple[str, str], IndicatorResult]
    cards: Mapping[str, ScoreCard]

    def scores(self) -> dict[str, float | None]:
        return {region: card.total for region, card in self.cards.items()}


def assess(inputs: PeriodInputs, rules: Rules) -> Assessment:
    """Evaluate each region × indicator and score each region."""
    results: dict[tuple[str, str], IndicatorResult] = {}
    cards: dict[str, ScoreCard] = {}
    for region in inputs.regions:
        by_code: dict[str, IndicatorResult] = {}
        for spec in inputs.specs:
            obs = inputs.observations.get((region, spec.code), Observation(None))
            profile = inputs.profiles.get(spec.code) if rules.seasonal_profile else None
            result = evaluate(spec, obs, inputs.year, inputs.month, rules, profile)
            by_code[spec.code] = result
            results[(region, spec.code)] = result
        cards[region] = score_card(region, inputs.specs, by_code, rules)
    return Assessment(inputs.year, inputs.month, results, cards)


RESULT_COLUMNS = [
    "region",
    "code",
    "kind",
    "status",
    "score_fraction",
    "actual",
    "target",
    "due",
    "completion",
    "progress",
    "gap_points",
    "pace_needed",
    "deadline_year",
    "max_points",
    "points",
]


def results_frame(assessment: Assessment, regions: Sequence[str] | None = None):
    """One row per region × indicator, with the score line joined on."""
    points = {
        (card.region, item.code): (item.max_points, item.points)
        for card in assessment.cards.values()
        for item in card.items
    }
    # Plain attribute reads (not dataclasses.asdict, which deep-copies): a national
    # period has some 32,000 results.
    fields = [f.name for f in dataclass_fields(IndicatorResult)]
    rows = []
    for (region, code), result in assessment.results.items():
        if regions is not None and region not in regions:
            continue
        row = {name: getattr(result, name) for name in fields}
        row["region"] = region
        row["kind"] = str(result.kind)
        row["status"] = str(result.status)
        row["max_points"], row["points"] = points.get((region, code), (None, None))
        rows.append(row)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)
