"""Recomputation runs (``recompute_runs``): requested in the transaction of a change
that makes many stored months stale, claimed by one app process through a lease in
the database, their progress kept for the office to watch.

Why a lease in the database and not a task queue: the database is the one service
every deployment of 2–4 app servers already shares (Redis is optional), a claim is
one conditional UPDATE on SQLite and PostgreSQL alike, and a process that dies
mid-run loses its lease, so another takes the run over where it stopped (the months
already stored for the run stand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from data_access.engine import read_once, write_transaction
from data_access.models import RecomputeRun

ACTIVE = ("pending", "running")
LEASE_SECONDS = 60


@dataclass(frozen=True)
class Run:
    id: int
    reason: str
    state: str
    requested_at: datetime
    months_total: int
    months_done: int
    owner: str | None = None
    finished_at: datetime | None = None
    error: str | None = None


def _run(row) -> Run:
    return Run(row.id, row.reason, row.state, row.requested_at, row.months_total,
               row.months_done, row.owner, row.finished_at, row.error)  # fmt: skip


_COLUMNS = (RecomputeRun.id, RecomputeRun.reason, RecomputeRun.state,
            RecomputeRun.requested_at, RecomputeRun.months_total,
            RecomputeRun.months_done, RecomputeRun.owner, RecomputeRun.finished_at,
            RecomputeRun.error)  # fmt: skip


def request_run(conn: Connection, reason: str, version: int, now: datetime) -> None:
    """In the writer's transaction: a run for the change it makes (any earlier run
    still to do or running is superseded by it: this one covers its months too)."""
    conn.execute(
        update(RecomputeRun)
        .where(RecomputeRun.state.in_(ACTIVE))
        .values(state="superseded", finished_at=now)
    )
    conn.execute(insert(RecomputeRun).values(
        reason=reason[:32], requested_at=now, requested_version=version,
        state="pending"))  # fmt: skip


def active_run(conn: Connection | None = None) -> Run | None:
    """The run to do or being done (the newest), or None."""
    stmt = (select(*_COLUMNS).where(RecomputeRun.state.in_(ACTIVE))
            .order_by(RecomputeRun.id.desc()).limit(1))  # fmt: skip
    if conn is not None:
        row = conn.execute(stmt).first()
    else:
        with read_once() as own:
            row = own.execute(stmt).first()
    return None if row is None else _run(row)


def recent_runs(limit: int = 5) -> list[Run]:
    with read_once() as conn:
        rows = conn.execute(
            select(*_COLUMNS).order_by(RecomputeRun.id.desc()).limit(limit)
        ).all()
    return [_run(r) for r in rows]


def claim(owner: str, now: datetime) -> Run | None:
    """Take the active run for ``owner``: a pending one, or a running one whose
    holder's lease has run out; None when there is none or another holds it."""
    with write_transaction() as conn:
        found = conn.execute(
            select(RecomputeRun.id, RecomputeRun.state, RecomputeRun.owner,
                   RecomputeRun.lease_until)
            .where(RecomputeRun.state.in_(ACTIVE))
            .order_by(RecomputeRun.id.desc()).limit(1)
        ).first()  # fmt: skip
        if found is None:
            return None
        free = (found.state == "pending" or found.owner == owner
                or found.lease_until is None or found.lease_until < now)  # fmt: skip
        if not free:
            return None
        conn.execute(
            update(RecomputeRun).where(RecomputeRun.id == found.id).values(
                state="running", owner=owner,
                lease_until=now + timedelta(seconds=LEASE_SECONDS),
                started_at=now if found.state == "pending" else RecomputeRun.started_at)
        )  # fmt: skip
        return _run(conn.execute(
            select(*_COLUMNS).where(RecomputeRun.id == found.id)).one())  # fmt: skip


def advance(run_id: int, owner: str, done: int, total: int, now: datetime) -> bool:
    """Record the run's progress and renew the lease; False when the run is no longer
    this owner's to do (superseded by a newer change, or taken over)."""
    with write_transaction() as conn:
        moved = conn.execute(
            update(RecomputeRun)
            .where(RecomputeRun.id == run_id, RecomputeRun.owner == owner,
                   RecomputeRun.state == "running")
            .values(months_done=done, months_total=total,
                    lease_until=now + timedelta(seconds=LEASE_SECONDS))
        ).rowcount  # fmt: skip
    return moved == 1


def finish(run_id: int, owner: str, state: str, now: datetime,
           error: str | None = None, conn: Connection | None = None) -> bool:  # fmt: skip
    """End the run (done or failed); False when it was no longer the owner's."""
    stmt = (
        update(RecomputeRun)
        .where(RecomputeRun.id == run_id, RecomputeRun.owner == owner,
               RecomputeRun.state == "running")
        .values(state=state, finished_at=now, error=error, lease_until=None)
    )  # fmt: skip
    if conn is not None:
        return conn.execute(stmt).rowcount == 1
    with write_transaction() as own:
        return own.execute(stmt).rowcount == 1
