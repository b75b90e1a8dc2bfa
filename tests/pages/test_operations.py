"""Operations: the shared Redis cache across processes, /health reporting the database
and Redis, and the app recovering when either comes back (real servers: Debian's
redis-server and a throwaway PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import services.assessment as assessment
from services.cache import init_cache
from settings import SETTINGS_KEY
from tests.helpers import (
    answer_text,
    jobs_points,
    linhe_corrects_october,
    login,
    office_approves,
    override_setting,
    post_callback,
)
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]
VIEW = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "rankings-sort.value": "total", "rankings-refresh.data": 0}  # fmt: skip
# What another worker process does on its first ranking request: assess 2026-10.
OTHER_WORKER = """
import app
from services.assessment import period_view
from services.context import rules
with app.server.app_context():
    period_view(2026, 10, rules(2026))
"""


def _table(client, app) -> str:
    answer = post_callback(client, app, "rankings-table.children", VIEW)
    assert answer.status_code == 200
    return json.dumps(
        answer.get_json()["response"]["rankings-table"], ensure_ascii=False
    )


@pytest.fixture()
def redis_cache(dash_app, fresh_db, monkeypatch):
    """A Redis server, and the app's cache pointed at it (as REDIS_URL does)."""
    original = dash_app.server.config[SETTINGS_KEY]
    server = RedisServer().start()
    override_setting(monkeypatch, "REDIS_URL", server.url)
    init_cache(dash_app.server, dash_app.server.config[SETTINGS_KEY])
    yield server
    server.close()
    dash_app.server.extensions.pop("kaohe_redis", None)
    init_cache(dash_app.server, original)


def test_ops001_workers_share_one_redis_cache_and_an_approval_reaches_them_all(
    dash_app, client, redis_cache, monkeypatch
):
    """Another process (a second worker or machine) assesses 2026-10 into Redis; this
    one serves the ranking from there without computing it. Then 临河区 corrects October
    and the office approves: the very next request here shows the new figure."""
    done = subprocess.run([sys.executable, "-c", OTHER_WORKER], cwd=ROOT,
                          env=dict(os.environ), capture_output=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    computed = []
    real = assessment.stored_view
    monkeypatch.setattr(assessment, "stored_view",
                        lambda *args: computed.append(args) or real(*args))  # fmt: skip
    before = _table(client, dash_app)
    assert computed == []  # served from the other process's entry
    old = jobs_points(dash_app)
    import redis

    assert redis.Redis.from_url(redis_cache.url).keys("kaohe:*")
    linhe_corrects_october(dash_app, VIEW)
    office_approves(dash_app.server.test_client(), dash_app, VIEW)
    after = _table(client, dash_app)
    assert old in before and jobs_points(dash_app) in after and after != before


def test_ops002_redis_down_is_reported_and_pages_still_answer(
    dash_app, client, redis_cache
):
    """Redis stops: /health is 503 naming the cache, the ranking is still served (from
    the database); Redis returns: /health is ok and views are cached again."""
    health = client.get("/health")
    assert health.status_code == 200
    assert health.get_json() == {"status": "ok", "database": "ok", "cache": "ok",
                                 "cache_kind": "redis"}  # fmt: skip
    before = _table(client, dash_app)
    redis_cache.stop()
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["cache"] == "unreachable"
    assert health.get_json()["database"] == "ok"
    assert _table(client, dash_app) == before
    redis_cache.start()  # same port, empty
    assert client.get("/health").status_code == 200
    assert _table(client, dash_app) == before
    import redis

    assert redis.Redis.from_url(redis_cache.url).keys("kaohe:*")


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_ops003_postgresql_stops_and_starts_and_the_app_recovers(
    dash_app, client, fresh_db, request
):
    """The PostgreSQL server stops under the running app: /health is 503 (database
    unreachable) and a save is refused with a notice; it starts again: /health is ok and
    the next requests read and write without a restart."""
    server, _admin = request.getfixturevalue("postgres_template")
    assert client.get("/health").status_code == 200
    before = _table(client, dash_app)
    county = dash_app.server.test_client()
    login(county, "linhe")
    save = {**VIEW, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 3400}],
            "data-changed.data": 0}  # fmt: skip
    server.pause()
    try:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.get_json()["database"] == "unreachable"
        answer = post_callback(county, dash_app, "data-save-message.children", save,
                               ["data-save.n_clicks"])  # fmt: skip
        assert "数据库暂时不可用" in answer_text(answer)
    finally:
        server.resume()
    assert client.get("/health").status_code == 200
    assert _table(client, dash_app) == before
    answer = post_callback(county, dash_app, "data-save-message.children", save,
                           ["data-save.n_clicks"])  # fmt: skip
    assert answer.status_code == 200 and "已保存" in answer_text(answer)


def test_ops004_db_assess_stores_every_period_ahead_of_readers(
    dash_app, fresh_db, monkeypatch
):
    """flask db assess --year 2026: the ten months of 2026 in both modes are stored;
    a reader of any of them then computes nothing."""
    from data_access import queries

    runner = dash_app.server.test_cli_runner()
    done = runner.invoke(args=["db", "assess", "--year", "2026"])
    assert done.exit_code == 0 and "10 个期次" in done.output, done.output
    monkeypatch.setattr(assessment, "_assess", _refuse)
    from services.context import rules as rules_of

    with dash_app.server.app_context():
        rules = rules_of(2026)  # 2026's scheme, as every reader of 2026 asks
    for month in range(1, 11):
        for mode in queries.DATA_MODES:
            assessment.stored_period(2026, month, rules, mode)


def _refuse(*_args):
    raise AssertionError("a stored period was computed again")
