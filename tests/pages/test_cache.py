"""Cached views: a repeated read is served from the cache; any data-changing write
raises the data version in the database, so the next read anywhere is fresh."""

from __future__ import annotations

import json

import services.assessment as assessment
from data_access import queries
from tests.helpers import (
    jobs_points,
    linhe_corrects_october,
    office_approves,
    post_callback,
)

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
    # October once; October last year is read for its figures alone (同比), not
    # built as a view with its own month before and ranks.
    assert [args[:2] for args in computed] == [(2026, 10)]


def test_cache002_an_approval_shows_on_the_next_request_of_any_reader(
    client, dash_app, fresh_db
):
    """临河区 corrects October and submits; the approved ranking stays as it was until
    the office approves; then the very next request (another client, as on another
    worker) shows the new figure."""
    reader = dash_app.server.test_client()
    before = _table(reader, dash_app)
    old = jobs_points(dash_app)
    version = queries.data_version()
    linhe_corrects_october(dash_app, VIEW)  # a save, a 情况说明, a submission
    assert queries.data_version() == version + 3
    assert _table(reader, dash_app) == before  # approved figures only: unchanged
    office_approves(client, dash_app, VIEW)
    after = _table(reader, dash_app)
    assert after != before and old in before and jobs_points(dash_app) in after


def test_cache003_indicator_charts_are_drawn_once_and_follow_an_approval(
    client, dash_app, fresh_db, monkeypatch
):
    """The indicator page's three charts are drawn once per data version (a repeated
    request builds no figure); after 临河区's corrected October is approved, the next
    request draws them again with the new figure."""
    import presenters.charts as charts

    drawn = []
    real = charts.indicator_bar
    monkeypatch.setitem(charts.CHARTS, "indicator-bar", charts.Chart(
        "indicator_bar", lambda *a: drawn.append(a) or real(*a), needs_indicator=True))  # fmt: skip
    values = {**VIEW, "indicator-code.data": "urban_new_jobs"}

    def bars() -> dict:
        answer = post_callback(client, dash_app, "indicator-bar.figure", values)
        return answer.get_json()["response"]["indicator-bar"]["figure"]

    first = bars()
    assert bars() == first and len(drawn) == 1
    linhe_corrects_october(dash_app, VIEW, jobs=3456)
    office_approves(dash_app.server.test_client(), dash_app, VIEW)
    after = bars()
    assert len(drawn) == 2 and 3456 in after["data"][0]["x"]


def test_cache004_an_older_copy_put_in_place_never_serves_a_view_cached_after_it(
    client, dash_app, fresh_db, tmp_path
):
    """The probe: the database replaced by a copy taken one version earlier, then
    one write brings the version back to where it was. The views cached at that
    version before must not be served for the new data (a ranking showed 75.83
    where the data give 76.66): the cache is keyed by a stamp that never repeats."""
    import sqlite3

    from services.assessment import compute_period_view
    from services.context import rules

    older = tmp_path / "older.db"
    with sqlite3.connect(fresh_db) as live, sqlite3.connect(older) as copy:
        live.backup(copy)
    linhe_corrects_october(dash_app, VIEW)
    office_approves(client, dash_app, VIEW)
    version = queries.data_version()
    cached_before = _table(client, dash_app)  # cached at this version
    # Put the older copy in place page by page (as a file copy would), without the
    # restore command's new epoch.
    with sqlite3.connect(older) as copy, sqlite3.connect(fresh_db) as live:
        copy.backup(live)
    assert queries.data_version() == version - 4
    # Four writes (a save, a 情况说明, a submission, an approval): the version is back.
    linhe_corrects_october(dash_app, VIEW, jobs=2300)
    office_approves(client, dash_app, VIEW)
    assert queries.data_version() == version
    after = _table(client, dash_app)
    with dash_app.server.app_context():
        expected = compute_period_view(2026, 10, rules(), queries.APPROVED)
    linhe = expected.scores.set_index("region").loc["150802", "total"]
    assert after != cached_before
    assert f"{linhe:.2f}" in after, (linhe, after[:300])
