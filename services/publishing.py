"""Publishing a month's ranking: freeze it, then compare later figures against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data_access import queries
from data_access.accounts import Actor
from data_access.rows import records
from data_access.writes import publish_period
from domain import Rules
from services.assessment import period_view


@dataclass(frozen=True)
class Publication:
    published_at: datetime
    published_by: str
    scores: dict[str, dict]  # region → total, rank, grade


def publish(actor: Actor, year: int, month: int, rules: Rules) -> None:
    """Freeze the approved-data ranking of (year, month) as announced."""
    view = period_view(year, month, rules, queries.APPROVED)
    points = view.results[view.results.region.isin(view.counties)]
    rows = []
    for row in records(view.scores):
        mine = points[points.region == row["region"]]
        rows.append({
            "region": row["region"],
            "total": row["total"],
            "grade": row["grade"],
            "rank": row["rank"],
            "change": row["change"],
            "details": {
                r["code"]: None if r["points"] is None else round(r["points"], 4)
                for r in records(mine)
            },
        })  # fmt: skip
    publish_period(actor, year, month, rows)


def publication(year: int, month: int) -> Publication | None:
    found = queries.published(year, month)
    if found is None:
        return None
    period, scores = found
    return Publication(
        published_at=period["published_at"],
        published_by=period["published_by"],
        scores={
            r["region"]: {"total": r["total"], "rank": r["rank"], "grade": r["grade"]}
            for r in records(scores)
        },
    )
