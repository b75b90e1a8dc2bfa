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
from settings import current_settings


@dataclass(frozen=True)
class Publication:
    published_at: datetime
    published_by: str  # the office's name (市政府督查室), else the account's username
    scores: dict[str, dict]  # region → total, rank, grade, corrections
    reason: str | None = None  # why it was published with counties missing


@dataclass(frozen=True)
class PublicationEvent:
    action: str  # publish, withdraw
    by: str
    at: datetime
    reason: str | None


def publish(
    actor: Actor,
    year: int,
    month: int,
    rules: Rules,
    *,
    reason: str | None = None,
    files: dict[str, bytes] | None = None,
    issue_number: int | None = None,
) -> None:
    """Freeze the approved-data ranking of (year, month) as announced, with the
    bulletin files as issued (``files``, drawn by the caller before)."""
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
    publish_period(actor, year, month, rows, reason=reason, files=files,
                   due_day=current_settings().report_due_day,
                   issue_number=issue_number)  # fmt: skip


def publication(year: int, month: int) -> Publication | None:
    found = queries.published(year, month)
    if found is None:
        return None
    period, scores = found
    since = period["published_at"]
    corrected: dict[str, list[str]] = {}
    for row in records(queries.corrections_since(year, month, since)):
        corrected.setdefault(row["region"], []).append(row["reason"])
    return Publication(
        published_at=period["published_at"],
        published_by=period.get("published_by_name") or period["published_by"],
        reason=period.get("reason"),
        scores={
            r["region"]: {
                "total": r["total"],
                "rank": r["rank"],
                "grade": r["grade"],
                "corrections": tuple(corrected.get(r["region"], ())),
            }
            for r in records(scores)
        },
    )


def publication_events(year: int, month: int) -> list[PublicationEvent]:
    """Every publication and withdrawal of the month, oldest first."""
    return [PublicationEvent(r["action"], r["by_name"] or r["by"], r["at"], r["reason"])
            for r in records(queries.publication_events(year, month))]  # fmt: skip


def issued_bulletin(year: int, month: int, fmt: str) -> bytes | None:
    """The bulletin file issued when the month's current publication was made (the
    same bytes on every download), or None (not published, or issued without it)."""
    if publication(year, month) is None:
        return None
    return queries.issued_bulletin(year, month, fmt)


def issued_file(event_id: int, fmt: str) -> tuple[int, int, bytes] | None:
    """(year, month, bytes) of the bulletin issued at one publication, or None."""
    return queries.issued_file(event_id, fmt)
