"""Issue 22, point 8: the year-end outlook is stored with the assessment (SQLite and
PostgreSQL): what is stored is what the projection computes; pages read it without
projecting anything; a county's write projects again that county and its ancestors
only (also for the later months a correction of an earlier month changes); a change
to the whole period projects it whole; the 预警清单's head is read in SQL in the order
the whole list has."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import (
    answer_text,
    assert_outlooks_equal,
    correct_form,
    post_callback,
    stored_and_computed_outlook,
)

LINHE = "150802"
OCTOBER = {"shell-year.value": "2026", "shell-month.value": "10"}


def test_so001_the_stored_outlook_is_what_the_projection_computes(fresh_db):
    """Every county × indicator and every projected total, grade and rank range of
    three months, read from the store, equal the projection computed afresh."""
    for month in (3, 6, 10):
        stored, computed = stored_and_computed_outlook(month)
        assert any(r.projection is not None for r in stored.rows)
        assert_outlooks_equal(stored, computed)


def test_so002_pages_read_the_outlook_and_project_nothing(
    client, dash_app, fresh_db, monkeypatch
):
    """Once stored, the overview's 预警清单, the county page's outlook and the
    ranking's 预计年终 column answer with the projection code made to fail (and the
    cache emptied): they read, they do not compute."""
    from services import projection
    from services.cache import cache
    from services.context import rules

    projection.outlook_period(2026, 10, rules(2026), "approved")

    def refuse(*_args, **_kwargs):
        raise AssertionError("projected per request")

    monkeypatch.setattr(projection, "_projected", refuse)
    monkeypatch.setattr(projection, "project_all", refuse)
    monkeypatch.setattr(projection, "year_end", refuse)
    with dash_app.server.app_context():
        cache.clear()
    wanted = {
        "overview-warnings.children": OCTOBER,
        "county-outlook.children": OCTOBER | {"county-code.data": LINHE},
        "rankings-table.children": OCTOBER | {"rankings-sort.value": "total"},
    }
    texts = {}
    for output, values in wanted.items():
        answer = post_callback(client, dash_app, output, values)
        assert answer.status_code == 200
        texts[output] = answer_text(answer)
        assert "暂时无法显示" not in texts[output], output
    assert "warning-table" in texts["overview-warnings.children"]
    assert "按当前进度，预计年终得分约" in texts["county-outlook.children"]
    assert "预计年终" in texts["rankings-table.children"]


def _counting(monkeypatch) -> list:
    """Records the regions each projection is asked for (None: all of them)."""
    from services import projection

    asked: list = []
    real = projection._projected
    monkeypatch.setattr(projection, "_projected", lambda key, codes, rules:
                        asked.append((key.month, key.mode, codes)) or real(key, codes, rules))  # fmt: skip
    return asked


def test_so003_a_county_s_write_projects_it_and_its_ancestors_only(
    fresh_db, actors, monkeypatch
):
    """临河区 corrects its October jobs figure (the office approves): its outlook and
    the city's are projected again right after the write, nothing else; what is then
    stored equals the projection computed afresh, and differs from before."""
    from services import actions, projection
    from services.context import rules

    for mode in ("approved", "submitted"):
        projection.outlook_period(2026, 10, rules(2026), mode)
    before, _ = stored_and_computed_outlook(10)
    old = next(r for r in before.of_region(LINHE) if r.result.code == "urban_new_jobs")
    asked = _counting(monkeypatch)
    more = round(old.result.actual * 1.04)  # plausible: no 情况说明 asked for
    outcome = actions.save_grid(actors["linhe"], [{"code": "urban_new_jobs",
                                "value": more}], 2026, 10, reason="核对台账更正",
                                withdraw=True)  # fmt: skip
    assert outcome.ok, outcome
    said = {"urban_new_jobs": ("核对台账后补录当月新增就业人员", "按月核对台账")}
    assert actions.explain(actors["linhe"], LINHE, 2026, 10, said).ok
    assert actions.change_month(actors["linhe"], "submit", LINHE, 2026, 10).ok
    assert actions.change_month(actors["supervisor"], "approve", LINHE, 2026, 10).ok
    assert asked, "nothing projected after the write"
    assert all(codes is not None for _, _, codes in asked), asked
    assert {c for _, _, codes in asked for c in codes} == {LINHE, "150800"}
    after, computed = stored_and_computed_outlook(10)
    assert_outlooks_equal(after, computed)
    jobs = next(r for r in after.of_region(LINHE) if r.result.code == "urban_new_jobs")
    assert jobs.result.actual == more
    assert jobs.projection.value > old.projection.value


def test_so004_a_correction_of_an_earlier_month_reprojects_the_later_ones(
    fresh_db, actors, monkeypatch
):
    """A stock projects by its monthly steps: 临河区's March incubators corrected,
    October's outlook is projected again for 临河区 and the city on its next read
    (the October assessment itself stands), and equals the projection afresh."""
    from data_access.writes import change_submission
    from services import projection
    from services.context import rules

    projection.outlook_period(2026, 10, rules(2026), "approved")
    before, _ = stored_and_computed_outlook(10)
    asked = _counting(monkeypatch)
    saved = correct_form(actors["supervisor"], [{"row": 1, "region": LINHE,
                         "indicator": "incubators", "year": 2026, "month": 3,
                         "value": "40", "unit": ""}], date(2026, 11, 20))  # fmt: skip
    assert saved.committed, saved.plan.problems
    change_submission(actors["linhe"], LINHE, 2026, 3, "submit")
    change_submission(actors["supervisor"], LINHE, 2026, 3, "approve")
    stored, computed = stored_and_computed_outlook(10)
    assert_outlooks_equal(stored, computed)
    october = [
        codes for month, mode, codes in asked if month == 10 and mode == "approved"
    ]
    assert october and set(october[0]) == {LINHE, "150800"}, asked


def test_so005_a_weight_change_projects_the_period_whole(fresh_db, actors, monkeypatch):
    """Weights change every county's score: the period is stored again whole, and so
    is its outlook, equal to the projection afresh under the new weights."""
    from services import actions, projection
    from services.context import rules

    projection.outlook_period(2026, 10, rules(2026), "approved")
    asked = _counting(monkeypatch)
    weights = projection.scheme_weights(rules(2026))
    weights["urban_new_jobs"] += 5
    weights["registered_unemployment_rate"] -= 5
    outcome = actions.save_weights(actors["supervisor"], weights, 2026,
                                   reason="测试：年中调整权重")  # fmt: skip
    assert outcome.ok, outcome
    stored, computed = stored_and_computed_outlook(10)
    assert_outlooks_equal(stored, computed)
    assert any(month == 10 and codes is None for month, _, codes in asked), asked


def test_so006_the_warning_list_head_is_read_in_the_whole_list_s_order(
    fresh_db, monkeypatch
):
    """The overview reads the head of the 预警清单 with ORDER BY and LIMIT: the same
    lines in the same order as the whole list sorted in Python, with its counts."""
    from services.assessment import period_view
    from services.context import rules
    from services.projection import warnings_of, year_end_of

    for month in (4, 7, 10):
        view = period_view(2026, month, rules(2026))
        every = year_end_of(view).warnings()
        for shown in (3, 40):
            head = warnings_of(view, shown)
            assert [(r.result.region, r.result.code) for r in head.rows] == [
                (r.result.region, r.result.code) for r in every[:shown]]  # fmt: skip
            assert head.unlikely + head.at_risk == len(every)
            assert head.unlikely == sum(r.outlook == "unlikely" for r in every)


@pytest.mark.parametrize("month", [12])
def test_so007_december_shows_no_projected_column(client, dash_app, fresh_db, month):
    """December is the year: the ranking has no 预计年终 column then (2025's
    December), and has one in October."""
    december = {"shell-year.value": "2025", "shell-month.value": str(month),
                "rankings-sort.value": "total"}  # fmt: skip
    text = answer_text(post_callback(client, dash_app, "rankings-table.children",
                                     december))  # fmt: skip
    assert "rankings-table" in text or "ranking" in text
    assert "预计年终" not in text
    october = OCTOBER | {"rankings-sort.value": "total"}
    assert "预计年终" in answer_text(
        post_callback(client, dash_app, "rankings-table.children", october)
    )


def test_so008_an_outlook_up_to_date_is_found_in_one_statement(fresh_db, actors):
    """Where the stored outlook is up to date, its state (with the data version it is
    valid for) is one statement: a county's panels read it on every first drawing
    (it was three). After a county's save the state names the county and its
    ancestors, with the save's data version."""
    from sqlalchemy import event

    from data_access import projected, queries
    from data_access.engine import get_engine
    from services import projection
    from services.assessment import PeriodKey, rules_key
    from services.context import rules

    the_rules = rules(2026)
    key = PeriodKey(queries.SUBMITTED, 2026, 10, rules_key(the_rules))
    assert projection.outlook_period(2026, 10, the_rules, key.mode) is not None
    sent = []
    listen = lambda _c, _k, statement, *_: sent.append(statement)  # noqa: E731
    event.listen(get_engine(), "before_cursor_execute", listen)
    try:
        state = projected.outlook_state(key)
    finally:
        event.remove(get_engine(), "before_cursor_execute", listen)
    assert state.valid and len(sent) == 1, sent
    assert state.data_version == queries.data_version()
    saved = correct_form(actors["linhe"], [{"row": 1, "region": LINHE, "indicator":
                         "urban_new_jobs", "year": 2026, "month": 10, "value": "3456",
                         "unit": ""}], today=date(2026, 11, 5))  # fmt: skip
    assert saved.committed
    after = projected.outlook_state(key)
    assert not after.valid and set(after.regions) == {LINHE, "150800"}
    assert after.data_version == queries.data_version() > state.data_version
