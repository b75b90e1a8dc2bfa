"""A weights change with recomputation in the background, through the pages: the
office's save returns at once; the result pages say the results are being
recomputed (the last complete ones shown) and the office watches the progress; a
worker thread of the app does the run, and the notice goes."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from data_access import recompute as runs
from services.recompute import Worker, stale_months
from tests.helpers import (
    answer_text,
    login,
    override_setting,
    post_callback,
    render_page,
)

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
QUERY = {"nav_targets-query.data": {"year": 2026, "month": 10, "lang": "zh",
                                    "submitted": False}}  # fmt: skip
WEIGHTS = [{"code": "urban_new_jobs", "weight": 30},
           {"code": "registered_unemployment_rate", "weight": 15}]  # fmt: skip


def _panel(client, app) -> str:
    return answer_text(post_callback(client, app, "scheme-recompute.children",
                                     {**QUERY, "scheme-refresh.data": 0}))  # fmt: skip


def test_rcpp001_a_weights_change_is_recomputed_by_the_worker_not_the_request(
    client, dash_app, fresh_db, monkeypatch
):
    from services.assessment import store_all
    from services.schemes import rules_for

    override_setting(monkeypatch, "RECOMPUTE", "background")
    with dash_app.server.app_context():
        store_all(rules_for, 2026)  # what readers have seen
    login(client, "supervisor")
    started = time.perf_counter()
    saved = post_callback(client, dash_app, "scheme-message.children",
                          {**QUERY, "targets-weights.rowData": WEIGHTS,
                           "scheme-reason.value": "调整", "scheme-refresh.data": 0},
                          ["targets-weights-save.n_clicks"])  # fmt: skip
    assert time.perf_counter() - started < 1.0
    assert "已保存" in answer_text(saved)
    ranking = answer_text(render_page(dash_app.server.test_client(), "/rankings"))
    assert "重新计算中" in ranking and "上次完整的计算结果" in ranking
    assert "重新计算即将开始" in _panel(client, dash_app)
    # A holder that has stored 3 of 20 months (its lease already run out: the worker
    # below takes the run over): the office sees the bar.
    past = datetime.now() - timedelta(minutes=5)
    run = runs.claim("gone-holder", past)
    assert runs.advance(run.id, "gone-holder", 3, 20, past)
    panel = _panel(client, dash_app)
    assert "重新计算：已完成3/20个月" in panel and "15%" in panel
    # The months the worker will store: 2026's twenty, and any others stored in the
    # database copied for this test (other tests of this process may have stored some).
    with dash_app.server.app_context():
        stale = len(stale_months())
    assert stale >= 20
    worker = Worker(dash_app.server)  # as each app process runs one
    worker.start()
    worker.wake.set()
    try:
        for _ in range(200):
            if "最近一次重新计算已于" in _panel(client, dash_app):
                break
            time.sleep(0.1)
    finally:
        worker.stop()
    assert f"（{stale}个月）" in _panel(client, dash_app)
    ranking = answer_text(render_page(dash_app.server.test_client(), "/rankings"))
    assert "重新计算中" not in ranking


def test_rcpp002_a_writes_month_is_stored_again_after_the_request_by_the_worker(
    client, dash_app, fresh_db, monkeypatch
):
    """In background mode a save, a submission and an approval answer without storing
    their month again: the process's worker does it after them (its thread alone
    calls the refresh), and what it stores is what computing the month directly
    gives, in both data modes."""
    import threading

    from data_access import assessed, queries
    from services import assessment, projection
    from services.recompute import WORKER
    from services.schemes import rules_for
    from tests.helpers import (
        assert_stored_equals_computed,
        linhe_corrects_october,
        office_approves,
    )

    override_setting(monkeypatch, "RECOMPUTE", "background")
    with dash_app.server.app_context():
        assessment.store_all(rules_for, 2026)
    worker = Worker(dash_app.server)
    monkeypatch.setitem(dash_app.server.extensions, WORKER, worker)
    callers = []
    real = assessment.refresh

    def spy(*args, **kwargs):
        callers.append(threading.current_thread().name)
        return real(*args, **kwargs)

    # Every store of a changed month, in the request or the worker, goes through it.
    monkeypatch.setattr(projection, "refresh", spy)
    try:
        linhe_corrects_october(dash_app, PERIOD, jobs=3456)
        office_approves(client, dash_app, PERIOD)
        key = {mode: assessed.PeriodKey(mode, 2026, 10, assessment.rules_key(
            rules_for(2026))) for mode in queries.DATA_MODES}  # fmt: skip
        for _ in range(200):
            with worker.lock:
                idle = not worker.to_refresh
            with dash_app.server.app_context():
                stored = all(assessed.valid_period(k) is not None for k in key.values())
            if idle and stored:
                break
            time.sleep(0.05)
    finally:
        worker.stop()
    assert callers and set(callers) == {"kaohe-recompute"}, callers
    with dash_app.server.app_context():
        for mode in queries.DATA_MODES:
            assert assessed.valid_period(key[mode]) is not None
            assert_stored_equals_computed(2026, 10, mode, rules_for(2026))
