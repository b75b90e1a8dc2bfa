"""Recomputation outside the request (RECOMPUTE=background): a weights change returns
at once with a run requested; readers see the last complete results, marked, until
one process (the holder of the run's lease) has stored every stale month again and
swapped them in at once; a newer change supersedes a run; a run whose holder died is
taken over where it stopped."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from data_access import assessed
from data_access import recompute as runs
from data_access.engine import get_engine
from data_access.models import AssessedPeriod, RecomputeRun
from domain import Rules
from tests.helpers import assert_stored_equals_computed

NEW_WEIGHTS = {"urban_new_jobs": 30, "registered_unemployment_rate": 15}


@pytest.fixture()
def background(monkeypatch):
    monkeypatch.setenv("RECOMPUTE", "background")


def _jobs_points(region: str = "150802") -> float:
    from services.assessment import period_view
    from services.schemes import rules_for

    view = period_view(2026, 10, rules_for(2026))
    row = view.results[(view.results.region == region)
                       & (view.results.code == "urban_new_jobs")]  # fmt: skip
    return float(row.max_points.iloc[0])


def _store_2026() -> None:
    """2026's months stored in both data modes, as readers and writers leave them."""
    from services.assessment import store_all
    from services.schemes import rules_for

    store_all(rules_for, 2026)


def _change_weights(actors) -> float:
    from data_access.schemes import change_scheme

    started = time.perf_counter()
    change_scheme(
        actors["supervisor"], 2026, Rules(), weights=NEW_WEIGHTS, reason="调整"
    )
    return time.perf_counter() - started


def _staged_rows() -> int:
    with get_engine().connect() as conn:
        return conn.execute(
            select(func.count()).select_from(AssessedPeriod)
            .where(AssessedPeriod.rules_key.like("%~%"))
        ).scalar_one()  # fmt: skip


def test_rcp001_a_weights_change_returns_at_once_and_readers_see_the_last_results(
    actors, background
):
    from services import recompute
    from services.assessment import stored_period
    from services.schemes import rules_for

    _store_2026()
    before = _jobs_points()  # 25 points: October stored under 2026's old weights
    assert _change_weights(actors) < 1.0
    running = recompute.progress()
    assert running is not None and running.state == "pending"
    # A reader: the last complete results, marked, not a month judged in its request.
    found = stored_period(2026, 10, rules_for(2026), "approved")
    assert found.recomputing
    assert _jobs_points() == before == 25
    done = recompute.run_pending("worker-1")
    assert done == 20  # 2026's ten months in both data modes
    assert recompute.progress() is None
    last = runs.recent_runs(1)[0]
    assert (last.state, last.months_done, last.months_total) == ("done", done, done)
    assert _jobs_points() == 30
    for month in (1, 6, 10):
        for mode in ("approved", "submitted"):
            assert_stored_equals_computed(2026, month, mode, rules_for(2026))
    assert _staged_rows() == 0  # what the run set aside is gone
    assert recompute.run_pending("worker-1") is None  # nothing more to do


def test_rcp002_a_newer_change_supersedes_a_running_one(actors, background):
    from data_access.schemes import change_scheme
    from services import recompute

    _store_2026()
    _change_weights(actors)
    first = runs.claim("worker-1", datetime.now())
    assert first is not None and first.state == "running"
    change_scheme(actors["supervisor"], 2026, Rules(), reason="再调整",
                  weights={"urban_new_jobs": 20, "registered_unemployment_rate": 25})  # fmt: skip
    assert not runs.advance(first.id, "worker-1", 1, 20, datetime.now())
    with get_engine().connect() as conn:
        states = dict(conn.execute(select(RecomputeRun.id, RecomputeRun.state)).all())
    assert (
        states[first.id] == "superseded" and list(states.values()).count("pending") == 1
    )
    assert recompute.run_pending("worker-2")
    assert _jobs_points() == 20


def test_rcp003_one_holder_at_a_time_and_a_dead_holders_run_is_taken_over(
    actors, background, monkeypatch
):
    """worker-1 stores some months, then dies (its lease runs on); worker-2 cannot take
    the run while the lease holds, takes it over once it has run out, keeps the
    months already stored and finishes."""
    from services import recompute

    _store_2026()
    _change_weights(actors)
    calls = []
    real = runs.advance

    def dies_after_three(run_id, owner, done, total, now):
        calls.append(done)
        if done == 3:
            raise SystemExit  # the process is gone mid-run
        return real(run_id, owner, done, total, now)

    monkeypatch.setattr(runs, "advance", dies_after_three)
    with pytest.raises(SystemExit):
        recompute.run_pending("worker-1")
    monkeypatch.setattr(runs, "advance", real)
    assert runs.claim("worker-2", datetime.now()) is None  # worker-1's lease holds
    assert _staged_rows() == 3
    later = datetime.now() + timedelta(seconds=runs.LEASE_SECONDS + 1)
    stored = []
    original = assessed.store_period
    monkeypatch.setattr(assessed, "store_period",
                        lambda *a: stored.append(a[0]) or original(*a))  # fmt: skip
    assert recompute.run_pending("worker-2", now=lambda: later)
    total = runs.recent_runs(1)[0].months_total
    assert len(stored) == total - 3  # the three months worker-1 stored were kept
    assert _jobs_points() == 30 and _staged_rows() == 0


def test_rcp004_inline_requests_no_run(actors):
    """The tests' and scripts' mode: the change requests nothing; the first reader
    stores the month it reads."""
    _change_weights(actors)
    with get_engine().connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(RecomputeRun)).scalar() == 0
        )
    assert _jobs_points() == 30
