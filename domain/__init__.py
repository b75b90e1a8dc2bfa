"""Pure assessment logic: no Dash, no SQL, no I/O.

Time progress (序时进度), status (达标/滞后/预警), weighted scores with their
breakdown, grades and ranks. Inputs and outputs are plain dataclasses.
"""

from domain.assessment import Assessment, PeriodInputs, assess, results_frame
from domain.evaluation import evaluate, rate_status, status_from_gap
from domain.model import (
    IndicatorResult,
    IndicatorSpec,
    Kind,
    Observation,
    RankInfo,
    ScoreCard,
    ScoreItem,
    Status,
    TargetPoint,
)
from domain.progress import (
    flow_progress,
    linear_progress,
    pace_needed,
    seasonal_profile,
    stock_due,
)
from domain.ranking import Excerpt, excerpt, rank_regions
from domain.rules import Rules
from domain.scoring import grade, score_card

__all__ = [
    "Excerpt",
    "excerpt",
    "Assessment",
    "IndicatorResult",
    "IndicatorSpec",
    "Kind",
    "Observation",
    "PeriodInputs",
    "RankInfo",
    "Rules",
    "ScoreCard",
    "ScoreItem",
    "Status",
    "TargetPoint",
    "assess",
    "evaluate",
    "flow_progress",
    "grade",
    "linear_progress",
    "pace_needed",
    "rank_regions",
    "rate_status",
    "results_frame",
    "score_card",
    "seasonal_profile",
    "status_from_gap",
    "stock_due",
]
