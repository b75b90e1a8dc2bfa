"""The whole country in the suite: the benchmark's national hierarchy (31 provinces,
330 cities, 2,850 counties) with 2026's figures. Every main callback answers, small,
for the nation's provinces and for all its counties; long lists are cut and paged;
the region search answers what is typed; the map draws every county; an approval is
brought into the stored assessment for the county and its ancestors only."""

from __future__ import annotations

import time

import pandas as pd

from tests.helpers import (
    answer_text,
    correct_form,
    main_callbacks,
    post_callback,
    render_page,
    scoped_query,
    wildcard,
)

LIMIT = 200_000
SLOW = 3.0  # seconds: a warm callback slower than this has lost the stored assessment


def _small_and_in_time(client, app, output: str, values: dict, scope: dict):
    """The callback answers 200 and under LIMIT bytes, and asked again (the month
    stored, the answer computed once) in under SLOW seconds; returns that answer."""
    post_callback(client, app, output, values)  # stores the months once
    started = time.perf_counter()
    answer = post_callback(client, app, output, values)
    took = time.perf_counter() - started
    assert answer.status_code == 200, (output, answer.data[:300])
    assert len(answer.data) < LIMIT, (output, scope, len(answer.data))
    assert took < SLOW, (output, scope, took)
    return answer


def test_nat001_every_main_callback_answers_small_and_in_time(
    client, dash_app, national
):
    """For the nation's 31 provinces and for all 2,850 counties: every main callback
    answers 200, under 200 KB, and (once the month is stored) in under 3 s."""
    for scope in ({}, {"units": "county"}):
        for output, values in main_callbacks(scope):
            _small_and_in_time(client, dash_app, output, values, scope)


def test_nat002_the_nation_ranks_provinces_and_pages_its_counties(
    client, dash_app, national
):
    values = {**scoped_query("nav_rankings"), "rankings-sort.value": "total"}
    provinces = post_callback(client, dash_app, "rankings-table.children", values)
    text = answer_text(provinces)
    assert "中间另有 11 个单位" in text  # 31: the top and bottom ten, 11 between
    counties = post_callback(client, dash_app, "rankings-table.children",
                             {**scoped_query("nav_rankings", units="county"),
                              "rankings-sort.value": "total"})  # fmt: skip
    assert "中间另有 2830 个单位" in answer_text(counties)
    last = post_callback(client, dash_app, "rankings-table.children",
                         {**scoped_query("nav_rankings", units="county", page=114),
                          "rankings-sort.value": "total"})  # fmt: skip
    assert "第 114 / 114 页" in answer_text(last)
    page = answer_text(render_page(client, "/rankings", "?year=2026&month=10"))
    assert "省（区、市）排名" in page and "共 31 个单位" in page


def test_nat003_search_and_map_hold_the_country(client, dash_app, national):
    """The search answers at most 30 regions; the all-counties map draws all 2,850
    counties as dots."""
    answer = post_callback(client, dash_app, "shell-region-search.options",
                           {"shell-region-search.search_value": "03"})  # fmt: skip
    options = answer.get_json()["response"]["shell-region-search"]["options"]
    assert 0 < len(options) <= 30
    figure = post_callback(client, dash_app, "overview-map.figure",
                           scoped_query("nav_overview", units="county"))  # fmt: skip
    assert len(figure.data) < LIMIT
    data = figure.get_json()["response"]["overview-map"]["figure"]["data"]
    assert sum(len(trace["customdata"]) for trace in data) == 2850


def _approved_again(code: str, jobs: str) -> None:
    """County ``code`` corrects its October jobs figure, submits, and is approved."""
    from data_access.accounts import Actor
    from data_access.writes import change_submission

    county = Actor(9001, f"county-{code}", "县", "county", code)
    office = Actor(9002, "office", "督查室", "supervisor")
    saved = correct_form(county, [{"row": 1, "region": code, "indicator":
                         "urban_new_jobs", "year": 2026, "month": 10, "value": jobs,
                         "unit": ""}], today=pd.Timestamp("2026-11-05").date())  # fmt: skip
    assert saved.committed, saved.plan.problems
    change_submission(county, code, 2026, 10, "submit")
    change_submission(office, code, 2026, 10, "approve")


def test_nat004_an_approval_judges_the_county_and_its_ancestors_only(
    national, monkeypatch
):
    """A county saves, submits and is approved: its month is stored again for the
    county, its city, its province and the nation (4 of 3,212 regions), in well
    under the 4 s that judging the whole country took."""
    from data_access import queries
    from services import assessment
    from settings import load_settings

    rules = load_settings().rules
    for mode in queries.DATA_MODES:
        for month in (9, 10):
            assessment.stored_period(2026, month, rules, mode)
    judged = []
    real = assessment._judged_period
    monkeypatch.setattr(assessment, "_judged_period", lambda key, codes, *a, **k:
                        judged.append(len(codes)) or real(key, codes, *a, **k))  # fmt: skip
    _approved_again("120301", "999999")
    started = time.perf_counter()
    assessment.refresh(2026, 10, rules)
    took = time.perf_counter() - started
    assert judged == [4, 4] and took < 2.0, (judged, took)


def test_nat010_the_early_warnings_and_fair_views_answer_small(
    client, dash_app, national
):
    """Issue 22 at national scale: the 预警清单 (the most urgent 40 of thousands, the
    export holds them all) and the fair views (the top and bottom ten of 2,850) answer
    under 200 KB, and once the month and its outlook are stored in under 3 s."""
    for scope in ({}, {"units": "county"}):
        wanted = [("overview-warnings.children", scoped_query("nav_overview", **scope))]
        wanted += [("rankings-fair-table.children",
                    {**scoped_query("nav_rankings", **scope), "rankings-fair-basis.value": b})
                   for b in ("per_capita", "improvement", "moves")]  # fmt: skip
        for output, values in wanted:
            answer = _small_and_in_time(client, dash_app, output, values, scope)
    text = answer_text(answer)
    assert "中间另有 2830 个单位" in text


def test_nat011_the_what_if_ranks_a_county_where_its_page_does(
    client, dash_app, national
):
    """Opened from the all-counties view, a county's page ranks it among its city's
    counties; the what-if (nothing changed) says the same rank, not its place among
    all 2,850."""
    import re

    from services.assessment import period_view, unit_scope
    from services.context import rules
    from services.projection import year_end_of

    code = "110101"
    ahead = year_end_of(period_view(2026, 10, rules(2026), scope=unit_scope(code)))
    rank = ahead.scores[code].rank
    values = {**scoped_query("nav_county", units="county"), "county-code.data": code}
    values |= wildcard("whatif-plan", "value", {}) | wildcard("whatif-plan", "id", {})
    text = answer_text(post_callback(client, dash_app, "county-whatif-result.children",
                                     values, ["whatif-plan.value"]))  # fmt: skip
    assert re.findall(r"第(\d+)名", text) == [str(rank), str(rank)], text


def test_nat012_the_outlook_is_stored_and_read_not_projected(
    client, dash_app, national, monkeypatch
):
    """The outlook of all 3,212 regions is projected and stored once (timed); then,
    the projection made to fail and the cache emptied, the 预警清单 and the ranking
    with its 预计年终 column answer for the provinces and for all 2,850 counties,
    under 200 KB and 3 s the first time; a county's approval projects that county,
    its city, its province and the nation again (4 of 3,212), in under 2 s."""
    from data_access import queries
    from services import projection
    from services.cache import cache
    from services.context import rules as year_rules

    rules = year_rules(2026)  # the year's scheme, as the pages judge it
    started = time.perf_counter()
    projection.outlook_period(2026, 10, rules, queries.APPROVED)
    whole = time.perf_counter() - started
    assert whole < 60, whole
    real = {name: getattr(projection, name)
            for name in ("_projected", "project_all", "year_end")}  # fmt: skip

    def refuse(*_args, **_kwargs):
        raise AssertionError("projected per request")

    for name in ("_projected", "project_all", "year_end"):
        monkeypatch.setattr(projection, name, refuse)
    with dash_app.server.app_context():
        cache.clear()
    for scope in ({}, {"units": "county"}):
        wanted = [
            ("overview-warnings.children", scoped_query("nav_overview", **scope)),
            ("rankings-table.children", {**scoped_query("nav_rankings", **scope),
                                         "rankings-sort.value": "total",
                                         "rankings-refresh.data": 0}),
        ]  # fmt: skip
        for output, values in wanted:
            started = time.perf_counter()
            answer = post_callback(client, dash_app, output, values)
            took = time.perf_counter() - started
            text = answer_text(answer)
            assert answer.status_code == 200 and "暂时无法显示" not in text, output
            assert len(answer.data) < LIMIT and took < SLOW, (output, scope, took)
        assert "预计年终" in text and "第" in text
    asked = []
    for name, function in real.items():
        monkeypatch.setattr(projection, name, function)
    monkeypatch.setattr(projection, "_projected", lambda key, codes, r:
                        asked.append(len(codes)) or real["_projected"](key, codes, r))  # fmt: skip
    _approved_again("130302", "888888")
    started = time.perf_counter()
    projection.refresh_outlook(2026, 10, rules, [queries.APPROVED])
    took = time.perf_counter() - started
    assert asked == [4] and took < 2.0, (asked, took)
    print(
        f"outlook of 3,212 regions stored in {whole:.1f} s; "
        f"an approval re-projected in {took:.2f} s"
    )


def test_nat014_every_page_opens_in_time_for_the_country(client, dash_app, national):
    """Every page's layout (the router's answer; Dash also builds them all on a
    worker's first request) answers in under SLOW seconds at national scale. The
    data page read each county's month of reports in a correlated subquery: SQLite
    scanned the whole month once per county (two minutes)."""
    from dash import page_registry

    from data_access import queries

    started = time.perf_counter()
    month = queries.submissions(2026, 10)
    assert len(month) == 2850 and time.perf_counter() - started < SLOW
    filled = {"<adcode>": "110101", "<code>": "urban_new_jobs", "<item_id>": "1"}
    for page in page_registry.values():
        path = page.get("path_template") or page["path"]
        for slot, value in filled.items():
            path = path.replace(slot, value)
        started = time.perf_counter()
        answer = render_page(client, path, "?year=2026&month=10")
        took = time.perf_counter() - started
        assert answer.status_code == 200, (path, answer.data[:300])
        assert took < SLOW, (path, took)


def test_nat015_a_page_reads_the_database_a_few_times(client, dash_app, national):
    """A page's layout (asked again: its lookups cached) sends a handful of queries.
    The period menu read the data stamp once per month on offer (120 at a time)."""
    from sqlalchemy import event

    from data_access.engine import get_engine

    sent = []
    engine = get_engine()
    listener = lambda *args: sent.append(args[2])  # noqa: E731
    render_page(client, "/rankings", "?year=2026&month=10")
    event.listen(engine, "before_cursor_execute", listener)
    try:
        answer = render_page(client, "/rankings", "?year=2026&month=10")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert answer.status_code == 200
    assert len(sent) <= 12, len(sent)


def test_nat016_a_months_trend_is_worked_out_once_for_every_province(
    client, dash_app, national, monkeypatch
):
    """The indicator page of the nation draws its provinces' trend up to the month:
    its top and bottom ten of the month (their ranks move), picked from a trend of
    every province worked out and drawn once for the month and its data (both were
    done for the ten shown alone, again for each language and each reader's
    answer); asked again, the month's trend is neither worked out nor drawn again."""
    from presenters import charts
    from services import assessment, trends
    from services.context import rules

    worked, drawings = [], []
    real = trends._monthly_figures
    monkeypatch.setattr(trends, "_monthly_figures",
                        lambda *a: worked.append(a[4:]) or real(*a))  # fmt: skip
    draw = charts.multi_trend_figure
    monkeypatch.setattr(charts, "multi_trend_figure",
                        lambda frame, *a, **k: drawings.append(frame.region.nunique())
                        or draw(frame, *a, **k))  # fmt: skip
    drawn = {}
    for month in (8, 9, 10, 9):
        values = {**scoped_query("nav_indicator", month=month),
                  "indicator-code.data": "urban_new_jobs"}  # fmt: skip
        answer = post_callback(client, dash_app, "indicator-trend.figure", values)
        assert answer.status_code == 200, answer.data[:300]
        figure = answer.get_json()["response"]["indicator-trend"]["figure"]
        drawn[month] = [trace["name"] for trace in figure["data"]]
        assert all(trace["x"] == list(range(1, month + 1)) for trace in figure["data"])
        summary = figure["layout"]["meta"]["summary"]
        assert (
            summary == charts.latest_summary(figure, "zh") and f"{month}月" in summary
        )
    assert [(len(regions), month) for regions, month in worked] == [
        (31, 8), (31, 9), (31, 10)]  # every province, once a month  # fmt: skip
    assert drawings == [31, 31, 31]  # and drawn once: the month's lines picked from it
    for month, names in drawn.items():
        view = assessment.period_view(2026, month, rules(2026))
        top_and_bottom = assessment.shown_units(view)
        assert len(names) == len(top_and_bottom) == 20
        named = {r.region: r.name_zh for r in view.score_rows()}
        assert names == [named[c] for c in view.counties if c in top_and_bottom]
    assert len({tuple(n) for n in drawn.values()}) > 1  # the ten moved with the ranks
    # All 2,850 counties: the month's top and bottom ten drawn alone, not every county.
    drawings.clear()
    values = {**scoped_query("nav_indicator", units="county"),
              "indicator-code.data": "urban_new_jobs"}  # fmt: skip
    answer = post_callback(client, dash_app, "indicator-trend.figure", values)
    figure = answer.get_json()["response"]["indicator-trend"]["figure"]
    assert len(figure["data"]) == 20 and drawings == [20]
