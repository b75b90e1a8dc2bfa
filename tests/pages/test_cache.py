"""Cached views: a repeated read is served from the cache; any data-changing write
raises the data version in the database, so the next read anywhere is fresh."""

from __future__ import annotations

import json

import services.assessment as assessment
from data_access import queries
from tests.helpers import linhe_corrects_october, office_approves, post_callback

VIEW = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "rankings-sort.value": "total", "rankings-refresh.data": 0}  # fmt: skip


def _table(client, app) -> str:
    answer = post_callback(client, app, "rankings-table.children", VIEW)
    assert answer.status_code == 200
    return json.dumps(
        answer.get_json()["response"]["rankings-table"], ensure_ascii=False
    )


def test_cache001_a_repeated_view_is_computed_once(
    client, dash_app, fresh_db, monkeypatch
):
    computed = []
    real = assessment.stored_view
    monkeypatch.setattr(assessment, "stored_view",
                        lambda *args: computed.append(args) or real(*args))  # fmt: skip
    first = _table(client, dash_app)
    assert _table(client, dash_app) == first
    post_callback(client, dash_app, "rankings-bars.figure", VIEW)  # same view again
    assert len(computed) == 1


def test_cache002_an_approval_shows_on_the_next_request_of_any_reader(
    client, dash_app, fresh_db
):
    """临河区 (behind: 21.5 of 25 points) corrects October and submits; the approved ranking stays as it was until
    the office approves; then the very next request (another client, as on another
    worker) shows the new figure."""
    reader = dash_app.server.test_client()
    before = _table(reader, dash_app)
    version = queries.data_version()
    linhe_corrects_october(dash_app, VIEW)
    assert queries.data_version() == version + 2
    assert _table(reader, dash_app) == before  # approved figures only: unchanged
    office_approves(client, dash_app, VIEW)
    after = _table(reader, dash_app)
    assert after != before and "21.5" in before and "21.5" not in after
