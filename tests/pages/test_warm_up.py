"""A worker warmed before it takes requests (server/warm.py, gunicorn.conf.py)."""

from __future__ import annotations

from pathlib import Path

from data_access import queries
from data_access.engine import reset_engines
from tests.helpers import override_setting, post_callback

ROOT = Path(__file__).resolve().parents[2]


def _county(code: str) -> dict:
    return {"nav_county-query.data": {"year": 2026, "month": 9, "lang": "zh",
                                      "submitted": False, "scope": None, "units": None,
                                      "page": 0},
            "county-code.data": code}  # fmt: skip


def _reads_of_the_whole(monkeypatch) -> list[str]:
    """What is read of the data as a whole (the flows' history, the baselines)."""
    reads: list[str] = []
    history, base = queries.flow_history, queries.baseline_facts
    monkeypatch.setattr(queries, "flow_history",
                        lambda *a, **k: reads.append("history") or history(*a, **k))  # fmt: skip
    monkeypatch.setattr(queries, "baseline_facts",
                        lambda *a, **k: reads.append("baselines") or base(*a, **k))  # fmt: skip
    return reads


def test_warm001_a_cold_workers_first_county_reads_the_whole(
    dash_app, fresh_db, monkeypatch
):
    """Not warmed, a county's first panels work out the flows' seasonal shapes and the
    stock baselines from the data as a whole (0.4 s nationally, in each worker while
    the first readers wait behind it)."""
    cold = _reads_of_the_whole(monkeypatch)
    first = post_callback(dash_app.server.test_client(), dash_app,
                          "county-summary.children", _county("150802"))  # fmt: skip
    assert first.status_code == 200 and {"history", "baselines"} <= set(cold)


def test_warm002_a_warmed_workers_first_county_reads_nothing_of_the_whole(
    dash_app, fresh_db, monkeypatch
):
    """Warmed (what gunicorn's post_worker_init does, before the worker takes
    requests), a worker's first county reads neither, also where the same month a
    year before (which every view shows beside its own) was never stored and is
    judged with that year's seasonal shapes (CI's order left it so once: a test
    database holds the periods other tests stored before it was copied)."""
    from sqlalchemy import delete

    from data_access.engine import write_transaction
    from data_access.models import AssessedPeriod
    from server.warm import warm_up
    from services import assessment
    from services.schemes import rules_for

    for year in (2025, 2026):  # outside the app: nothing kept in its caches
        assessment.store_all(rules_for, year)
    with write_transaction() as conn:  # not stored: no data changed
        conn.execute(delete(AssessedPeriod).where(AssessedPeriod.year == 2025,
                                                  AssessedPeriod.month == 9))  # fmt: skip

    assert 0 < warm_up(dash_app.server) < 30
    warmed = _reads_of_the_whole(monkeypatch)
    first = post_callback(dash_app.server.test_client(), dash_app,
                          "county-summary.children", _county("150822"))  # fmt: skip
    assert first.status_code == 200 and warmed == [], warmed


def test_warm003_a_worker_without_its_database_still_starts(dash_app, monkeypatch):
    """The database out of reach (a worker restarted while it is down): warming logs
    and returns, and the worker serves (its /health says what is wrong)."""
    from server.warm import warm_up

    override_setting(monkeypatch, "DATABASE_URL", "sqlite:////nonexistent/dir/kaohe.db")
    reset_engines()
    try:
        assert 0 < warm_up(dash_app.server) < 30
        assert dash_app.server.test_client().get("/health").status_code == 503
    finally:
        monkeypatch.undo()
        reset_engines()


def test_warm005_a_database_that_does_not_answer_holds_no_worker(dash_app, monkeypatch):
    """Reads that do not come back (a database dropping packets) hold the worker no
    longer than READ_AHEAD_SECONDS: it goes on to serve, and its /health answers."""
    import threading

    import server.warm

    released = threading.Event()
    monkeypatch.setattr(server.warm, "READ_AHEAD_SECONDS", 0.2)
    monkeypatch.setattr(server.warm, "_read_ahead", lambda: released.wait(10))
    try:
        assert server.warm.warm_up(dash_app.server) < 5
        assert dash_app.server.test_client().get("/health").status_code == 200
    finally:
        released.set()


def test_warm004_gunicorn_warms_each_worker_before_it_takes_requests(monkeypatch):
    """gunicorn.conf.py's post_worker_init hands the worker's app to warm_up."""
    import server.warm

    warmed = []
    monkeypatch.setattr(server.warm, "warm_up", lambda app: warmed.append(app) or 0.5)
    namespace: dict = {}
    source = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    exec(compile(source, "gunicorn.conf.py", "exec"), namespace)  # noqa: S102

    class Worker:
        wsgi = object()

        class log:  # noqa: N801
            info = staticmethod(lambda *a: None)

    namespace["post_worker_init"](Worker)
    assert warmed == [Worker.wsgi]
