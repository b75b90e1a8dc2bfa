"""The stored assessment: every period read back from the store equals the direct
computation from the reports, and a write makes exactly the periods it affects stale."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import assessed, queries
from data_access.schemes import change_scheme
from data_access.writes import change_submission
from services import assessment
from services.assessment import PeriodKey, Scope, rules_key
from services.schemes import rules_for
from settings import load_settings
from tests.helpers import assert_stored_equals_computed, correct_form

RULES = load_settings().rules


def _same(year: int, month: int, mode: str) -> None:
    assert_stored_equals_computed(year, month, mode, RULES)


def _every_period():
    return [(year, month) for year in range(2018, 2027) for month in range(1, 13)
            if (year, month) <= (2026, 10)]  # fmt: skip


def test_sto001_every_demo_period_stored_equals_computed(fresh_db, backend):
    """All 106 demo months (2018-01 … 2026-10) in both data modes on SQLite, a year of
    them on PostgreSQL: results, scores, grades, ranks and changes equal exactly."""
    periods = _every_period() if backend == "sqlite" else _every_period()[-12:]
    for year, month in periods:
        for mode in queries.DATA_MODES:
            _same(year, month, mode)


def test_sto002_a_stored_period_is_read_not_recomputed(fresh_db, monkeypatch):
    for month in (9, 10):
        assessment.stored_period(2026, month, RULES, queries.APPROVED)
    monkeypatch.setattr(assessment, "_assess", _refuse)
    assessment.stored_view(2026, 10, RULES, queries.APPROVED,
                           Scope(queries.home_region()))  # fmt: skip


def _refuse(*_args):
    raise AssertionError("recomputed a stored period")


def _key(year, month, mode=queries.APPROVED):
    return PeriodKey(mode, year, month, rules_key(RULES))


def test_sto003_a_write_makes_its_month_and_later_years_stale_only(fresh_db, actors):
    """临河区 changes October 2026 and the office approves: October's stored period is
    stale (then recomputed, with the new figure), September 2026 and 2025 stay valid.
    A change of December 2025 makes 2026 stale (its seasonal pace reads 2025) but not
    June 2025; a change of 2026's weights leaves 2025 as it was."""
    for period in ((2025, 6), (2026, 9), (2026, 10)):
        assessment.stored_period(*period, RULES, queries.APPROVED)
    before = assessment.stored_view(2026, 10, RULES, queries.APPROVED,
                                    Scope(queries.home_region()))  # fmt: skip
    correct_form(actors["linhe"], [{"row": 1, "region": "150802", "indicator":
               "urban_new_jobs", "year": 2026, "month": 10, "value": "3400",
               "unit": ""}], today=pd.Timestamp("2026-11-05").date())  # fmt: skip
    assert assessed.valid_period(_key(2026, 10)) is None
    assert assessed.valid_period(_key(2026, 9)) is not None
    assert assessed.valid_period(_key(2025, 6)) is not None
    change_submission(actors["linhe"], "150802", 2026, 10, "submit")
    change_submission(actors["supervisor"], "150802", 2026, 10, "approve")
    after = assessment.stored_view(2026, 10, RULES, queries.APPROVED,
                                   Scope(queries.home_region()))  # fmt: skip
    jobs = {r.region: r.actual for r in after.result_rows(code="urban_new_jobs")}
    assert jobs["150802"] == 3400
    assert after.score_rows() != before.score_rows()
    _same(2026, 10, queries.APPROVED)
    late = correct_form(actors["linhe"], [{"row": 1, "region": "150802", "indicator":
                      "urban_new_jobs", "year": 2025, "month": 12, "value": "3999",
                      "unit": ""}], today=pd.Timestamp("2026-11-05").date())  # fmt: skip
    assert late.committed, late.plan.problems
    assert assessed.valid_period(_key(2026, 9)) is None  # later year: its pace moved
    assert assessed.valid_period(_key(2025, 6)) is not None
    weights = {r.code: r.weight for r in after.indicator_rows()}
    first, second = list(weights)[:2]
    change_scheme(actors["supervisor"], 2026, RULES, reason="调整",
                  weights={first: weights[first] + 1, second: weights[second] - 1})  # fmt: skip
    assert assessed.valid_period(_key(2025, 6)) is not None  # 2026's scheme only
    new = PeriodKey(queries.APPROVED, 2026, 10, rules_key(rules_for(2026)))
    assert new.rules_key != _key(2026, 10).rules_key
    assert assessed.valid_period(new) is None  # judged anew under 2026's new scheme


@pytest.mark.parametrize("level", [None, "county"])
def test_sto004_scope_units_of_the_city(fresh_db, level):
    """The city's children are its counties, as are its descendants at county level."""
    units = assessed.scope_units("150800", level)
    assert len(units) == 7 and set(units.level) == {"county"}
    assert assessed.scope_units("150802").empty  # a county has no units


def test_sto005_trends_read_from_the_store_equal_the_reports(
    fresh_db, dash_app, monkeypatch
):
    """Once 2025 and 2026 are stored, a trend's monthly figures come from the stored
    assessment; they equal the figures summed from the reports, for every region (the
    city's sums included), flows, rates and stocks, in both data modes."""
    from services import trends

    with dash_app.server.app_context():
        for year in (2025, 2026):
            assessment.store_all(lambda _year: RULES, year)
    regions = queries.regions().code.tolist()
    read = []
    real = assessed.period_values
    monkeypatch.setattr(assessed, "period_values",
                        lambda *args: read.append(args) or real(*args))  # fmt: skip
    for mode in queries.DATA_MODES:
        stored = assessed.valid_periods(mode, rules_key(RULES), [2025, 2026])
        assert len(stored) == 22  # 2025's twelve months and 2026's ten
        for code in ("urban_new_jobs", "registered_unemployment_rate", "incubators"):
            found = trends._series(code, [2025, 2026], regions, mode, RULES)
            raw = queries.series(code, [2025, 2026], mode=mode, regions=regions)
            key = ["region", "year", "month"]
            found = found.sort_values(key).reset_index(drop=True)[[*key, "value"]]
            raw = raw.sort_values(key).reset_index(drop=True)[[*key, "value"]]
            pd.testing.assert_frame_equal(found, raw, check_dtype=False)
    assert len(read) == 6  # every series came from the store


def test_sto012_a_trend_sums_only_the_months_not_stored_from_the_reports(
    fresh_db, dash_app, actors, monkeypatch
):
    """Between a county's submission of October and its refresh, a trend's series reads the
    21 other stored months from the store and sums October alone from the reports
    (it summed both years whole: nationally 450 ms of the database each, several a
    second under writers); the figures equal the reports', the new one included."""
    from services import trends

    with dash_app.server.app_context():
        for year in (2025, 2026):
            assessment.store_all(lambda _year: RULES, year)
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802", "indicator":
                       "urban_new_jobs", "year": 2026, "month": 10, "value": "3456",
                       "unit": ""}], today=pd.Timestamp("2026-11-05").date())  # fmt: skip
    assert saved.committed
    change_submission(actors["linhe"], "150802", 2026, 10, "submit")
    regions = queries.regions().code.tolist()
    summed = []
    real = queries.series
    monkeypatch.setattr(queries, "series", lambda *a, **k: summed.append(k.get(
        "months")) or real(*a, **k))  # fmt: skip
    found = trends._series("urban_new_jobs", [2025, 2026], regions, queries.SUBMITTED,
                           RULES)  # fmt: skip
    assert summed == [[(2026, 10)]]
    raw = real("urban_new_jobs", [2025, 2026], mode=queries.SUBMITTED, regions=regions)
    key = ["region", "year", "month"]
    pd.testing.assert_frame_equal(found[[*key, "value"]], raw[[*key, "value"]],
                                  check_dtype=False)  # fmt: skip
    mine = found[(found.region == "150802") & (found.year == 2026)]
    assert mine.set_index("month").value[10] == 3456
    assert len(set(zip(found.year, found.month, strict=True))) == 22
    # October was approved: the correction withdrew it, approved figures changed too.
    summed.clear()
    found = trends._series("urban_new_jobs", [2025, 2026], regions, queries.APPROVED,
                           RULES)  # fmt: skip
    assert summed == [[(2026, 10)]]
    raw = real("urban_new_jobs", [2025, 2026], mode=queries.APPROVED, regions=regions)
    pd.testing.assert_frame_equal(found[[*key, "value"]], raw[[*key, "value"]],
                                  check_dtype=False)  # fmt: skip
    # Once October is stored again, every month comes from the store.
    assessment.refresh(2026, 10, RULES)
    summed.clear()
    again = trends._series("urban_new_jobs", [2025, 2026], regions, queries.APPROVED,
                           RULES)  # fmt: skip
    assert summed == []
    again = again.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(again[[*key, "value"]], raw[[*key, "value"]],
                                  check_dtype=False)  # fmt: skip


def test_sto013_a_charts_monthly_figures_equal_the_trends(fresh_db, dash_app, actors):
    """What a chart of many units' lines draws (monthly_figures: the figures alone, up
    to a month) equals the actual figures of the full trend up to that month, region
    by region and month by month, for flows, rates and stocks, in both modes and both
    years, while a month is stale after a county's correction and once it is stored
    again."""
    from services import trends

    regions = queries.regions().code.tolist()
    with dash_app.server.app_context():
        assessment.store_all(lambda _year: RULES, 2026)

        def same():
            for mode in queries.DATA_MODES:
                for year in (2025, 2026):
                    for code in ("urban_new_jobs", "registered_unemployment_rate",
                                 "incubators"):  # fmt: skip
                        full = trends.trend(code, year, RULES, mode=mode,
                                            regions=regions)  # fmt: skip
                        for month in (12, 10, 3):
                            alone = trends.monthly_figures(code, year, RULES, mode,
                                                           regions, month)  # fmt: skip
                            upto = full.frame[full.frame.month <= month]
                            pd.testing.assert_frame_equal(
                                alone.frame,
                                upto[["region", "month", "actual"]].reset_index(drop=True),
                                check_dtype=False)  # fmt: skip
                            assert alone.unit("zh") == full.unit("zh")

        same()
        saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                             "indicator": "urban_new_jobs", "year": 2026, "month": 10,
                             "value": "3456", "unit": ""}],
                             today=pd.Timestamp("2026-11-05").date())  # fmt: skip
        assert saved.committed
        change_submission(actors["linhe"], "150802", 2026, 10, "submit")
        same()
        figures = trends.monthly_figures("urban_new_jobs", 2026, RULES,
                                         queries.SUBMITTED, regions).frame  # fmt: skip
        mine = figures[(figures.region == "150802") & (figures.month == 10)]
        assert mine.actual.tolist() == [3456]
        assessment.refresh(2026, 10, RULES)
        same()


def _count_judgments(monkeypatch, record=sorted):
    """What stored_period judges (``record`` of each judgment's region codes) and
    which periods it stores whole, as the test goes."""
    judged, whole = [], []
    real_judge, real_store = assessment._judged_period, assessed.store_period
    monkeypatch.setattr(assessment, "_judged_period", lambda key, codes, *a, **k:
                        judged.append(record(codes)) or real_judge(key, codes, *a, **k))  # fmt: skip
    monkeypatch.setattr(assessed, "store_period",
                        lambda *a: whole.append(a[0]) or real_store(*a))  # fmt: skip
    return judged, whole


def test_sto006_a_county_write_restores_its_month_for_it_and_its_ancestors_only(
    fresh_db, actors, monkeypatch
):
    """临河区 saves, submits and the office approves October: each time the stored
    month is brought up to date by judging 临河区 and the city again, not every
    region (a national approval judges 4 regions of 3,212), and the result equals the
    direct computation. A county's target change is judged for it alone too; a
    weights change marks the month stale whole: it is judged whole again, and still
    equal."""
    from data_access.writes import set_targets

    for mode in queries.DATA_MODES:
        for month in (9, 10):  # October's view reads September's totals too
            assessment.stored_period(2026, month, RULES, mode)
    judged, whole = _count_judgments(monkeypatch)
    today = pd.Timestamp("2026-11-05").date()
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802", "indicator":
                       "urban_new_jobs", "year": 2026, "month": 10, "value": "3456",
                       "unit": ""}], today=today)  # fmt: skip
    assert saved.committed
    outdated = assessed.outdated_regions(_key(2026, 10, queries.SUBMITTED))
    assert outdated is not None and outdated.regions == ("150800", "150802")
    change_submission(actors["linhe"], "150802", 2026, 10, "submit")
    change_submission(actors["supervisor"], "150802", 2026, 10, "approve")
    for mode in queries.DATA_MODES:
        _same(2026, 10, mode)
    assert judged and all(codes == ["150800", "150802"] for codes in judged)
    assert whole == []  # no period judged whole
    jobs = assessment.stored_view(2026, 10, RULES, queries.APPROVED,
                                  Scope(queries.home_region()))  # fmt: skip
    assert {r.region: r.actual for r in jobs.result_rows(code="urban_new_jobs")}[
        "150802"] == 3456  # fmt: skip
    targets = {("150802", "urban_new_jobs"): 40000.0}
    assert set_targets(actors["supervisor"], 2026, targets, reason="调整") == 1
    for month in (9, 10):  # a county's target: its results alone, in every month
        outdated = assessed.outdated_regions(_key(2026, month))
        assert outdated is not None and outdated.regions == ("150800", "150802")
    _same(2026, 10, queries.APPROVED)
    assert whole == []
    change_scheme(actors["supervisor"], 2026, RULES, reason="调整",
                  weights={"urban_new_jobs": 21.0, "unemployed_reemployed": 12.0})  # fmt: skip
    rules = rules_for(2026)
    assert (
        assessed.valid_period(PeriodKey(queries.APPROVED, 2026, 10, rules_key(rules)))
        is None
    )
    assert_stored_equals_computed(2026, 10, queries.APPROVED, rules)
    assert {key.month for key in whole} == {9, 10}  # both judged whole under it


def test_sto007_the_seasonal_history_and_shapes_outlive_writes_to_the_current_year(
    fresh_db, actors, dash_app, monkeypatch
):
    """Last years' flows (the seasonal pace) are summed once and kept while only the
    current year changes: a save of October 2026 leaves 2026's history as it was (no
    summing again); an approved change to 2025 makes it be summed again, with the new
    figure."""
    today = pd.Timestamp("2026-11-05").date()
    summed = []
    real = queries.flow_history
    monkeypatch.setattr(queries, "flow_history",
                        lambda year: summed.append(year) or real(year))  # fmt: skip

    def save(year, month, value):
        done = correct_form(actors["linhe"], [{"row": 1, "region": "150802", "indicator":
                          "urban_new_jobs", "year": year, "month": month,
                          "value": value, "unit": ""}], today=today)  # fmt: skip
        assert done.committed, done.plan.problems

    shaped = []
    real_shapes = assessment.flow_profiles
    monkeypatch.setattr(assessment, "flow_profiles",
                        lambda history: shaped.append(1) or real_shapes(history))  # fmt: skip
    with dash_app.server.app_context():
        first = assessment.seasonal_history(2026)
        shapes = assessment.seasonal_profiles(2026)
        assert shapes == real_shapes(first) and shapes
        version = assessed.history_version(2026)
        save(2026, 10, "3456")
        assert assessed.history_version(2026) == version
        assert assessment.seasonal_history(2026).equals(first)
        assert assessment.seasonal_profiles(2026) == shapes
        assert summed == [2026] and shaped == [1]  # not summed nor shaped again
        save(2025, 12, "4321")
        change_submission(actors["linhe"], "150802", 2025, 12, "submit")
        change_submission(actors["supervisor"], "150802", 2025, 12, "approve")
        assert assessed.history_version(2026) != version
        again = assessment.seasonal_history(2026)
        assert summed == [2026, 2026] and not again.equals(first)


def test_sto008_drafts_and_submissions_leave_what_approved_figures_draw(
    fresh_db, actors
):
    """A county's draft of a month nobody has approved, its submission and the
    office's return leave the stamps of approved figures' views (and their stored
    periods) as they were; the submitted figures' view moves with each; the
    approval, and a correction of an approved month, move both."""
    from datetime import date

    linhe, office = actors["linhe"], actors["supervisor"]
    rules = rules_for(2026)
    october = PeriodKey(queries.APPROVED, 2026, 10, rules_key(rules))
    assessment.stored_period(2026, 10, rules, queries.APPROVED)

    def stamps():
        return (assessed.period_stamp(2026, 12, queries.APPROVED),
                assessed.period_stamp(2026, 12, queries.SUBMITTED))  # fmt: skip

    def draft(month: int, jobs: float):
        saved = correct_form(linhe, [{"row": 1, "region": "150802", "indicator":
                                      "urban_new_jobs", "year": 2026, "month": month,
                                      "value": str(jobs), "unit": ""}],
                             today=date(2026, 12, 3))  # fmt: skip
        assert saved.committed, saved.plan.problems

    before = stamps()
    for step in (lambda: draft(11, 3600),
                 lambda: change_submission(linhe, "150802", 2026, 11, "submit"),
                 lambda: change_submission(office, "150802", 2026, 11, "return",
                                           "请核对"),
                 lambda: draft(11, 3601)):  # fmt: skip
        step()
        now = stamps()
        assert now[0] == before[0] and now[1] != before[1]
        assert assessed.valid_period(october) is not None
        before = now
    change_submission(linhe, "150802", 2026, 11, "submit")
    before = stamps()
    change_submission(office, "150802", 2026, 11, "approve")
    assert stamps()[0] != before[0]
    before = stamps()
    draft(10, 3456)  # October is approved: a correction
    assert stamps()[0] != before[0] and assessed.valid_period(october) is None


def test_sto009_baselines_are_read_once_until_their_year_changes(
    fresh_db, dash_app, monkeypatch
):
    """Every month's assessment (and every county's write) needs the stock
    indicators' December baselines, whose national sums scan a whole December: they
    are read once per data mode, again only after a change reaches their year, and
    judging with them gives what reading them each time gave. They and the flows'
    seasonal shapes are kept in the process too (a county's way up unpickled a
    country's baselines from the cache), their years taken from the catalogue."""
    from data_access.writes import data_transaction, stale_from

    reads = []
    real = queries.baseline_facts
    monkeypatch.setattr(queries, "baseline_facts",
                        lambda *a, **k: reads.append(a) or real(*a, **k))  # fmt: skip
    rules = rules_for(2026)
    with dash_app.server.app_context():
        for month in (8, 9, 10):
            assessment.judged_regions(2026, month, ["150802"], rules, queries.APPROVED)
        assert len(reads) == 1
        assert assessment.baseline_years() == queries.baseline_years() == [2017]
        mode = queries.APPROVED
        assert assessment.baselines(mode) is assessment.baselines(mode)
        assert assessment.seasonal_profiles(2026) is assessment.seasonal_profiles(2026)
        from services import trends  # a trend's due path too (one a stamp, per scope)

        for code in ("incubators", "hr_service_enterprises"):
            trends.trend(code, 2026, rules, regions=["150800", "150802"])
        assert len(reads) == 1
        with data_transaction() as conn:  # a change to the baseline year's figures
            stale_from(conn, [(2017, 12, "150802")])
        assessment.judged_regions(2026, 10, ["150802"], rules, queries.APPROVED)
        assert len(reads) == 2
        for month in (9, 10):
            assert_stored_equals_computed(2026, month, queries.APPROVED, rules)


def test_sto010_a_month_without_figures_stays_so_without_judging_it_whole(
    fresh_db, actors, monkeypatch
):
    """November 2026 has no submitted figures anywhere: a county's draft of it leaves
    the submitted view without figures, judged for that county and its ancestors only
    (nationally a whole judgment took seconds after every save). Once it is submitted
    the month has figures (judged in part); the office's return takes the only
    figures away again, which one look at the reports tells (it judged the month
    whole); with another county's figures left, it still has some. Each time the stored
    month equals the direct computation. A period another writer brought up to date
    between the staleness check and the read of what changed, or before this one
    stores its part, is read, not judged again whole."""
    from datetime import date

    linhe, office = actors["linhe"], actors["supervisor"]
    rules = rules_for(2026)
    november = PeriodKey(queries.SUBMITTED, 2026, 11, rules_key(rules))
    assert not assessment.stored_period(2026, 11, rules, queries.SUBMITTED).has_data
    judged, whole = _count_judgments(monkeypatch, len)

    def draft(jobs: float):
        saved = correct_form(linhe, [{"row": 1, "region": "150802", "indicator":
                                      "urban_new_jobs", "year": 2026, "month": 11,
                                      "value": str(jobs), "unit": ""}],
                             today=date(2026, 12, 3))  # fmt: skip
        assert saved.committed, saved.plan.problems

    draft(3600)
    assert assessed.valid_period(november) is None
    stored = assessment.stored_period(2026, 11, rules, queries.SUBMITTED)
    assert not stored.has_data and whole == [] and judged == [2]

    def same_then_forget():  # the direct computation judges whole
        _same(2026, 11, queries.SUBMITTED)
        judged.clear()
        whole.clear()

    same_then_forget()
    change_submission(linhe, "150802", 2026, 11, "submit")
    assert assessment.stored_period(2026, 11, rules, queries.SUBMITTED).has_data
    assert whole == [] and judged == [2]
    same_then_forget()
    change_submission(office, "150802", 2026, 11, "return", "请核对")
    assert not assessment.stored_period(2026, 11, rules, queries.SUBMITTED).has_data
    assert whole == [] and judged == [2]  # none left anywhere: one look tells it
    same_then_forget()
    # Two counties submit, the office returns one: the month still has figures.
    change_submission(linhe, "150802", 2026, 11, "submit")
    saved = correct_form(actors["dengkou"], [{"row": 1, "region": "150822", "indicator":
                         "urban_new_jobs", "year": 2026, "month": 11, "value": "900",
                         "unit": ""}], today=date(2026, 12, 3))  # fmt: skip
    assert saved.committed, saved.plan.problems
    change_submission(actors["dengkou"], "150822", 2026, 11, "submit")
    assert assessment.stored_period(2026, 11, rules, queries.SUBMITTED).has_data
    same_then_forget()
    change_submission(office, "150802", 2026, 11, "return", "请核对")
    assert assessment.stored_period(2026, 11, rules, queries.SUBMITTED).has_data
    assert whole == [] and judged == [2]
    same_then_forget()
    change_submission(office, "150822", 2026, 11, "return", "请核对")
    assert not assessment.stored_period(2026, 11, rules, queries.SUBMITTED).has_data
    assert whole == []
    same_then_forget()

    draft(3601)  # stale; another writer stores it before this one reads what changed
    real_valid, looks = assessed.valid_period, []

    def stale_once(key):
        looks.append(key)
        if len(looks) == 1:
            real_store_regions_first()
            return None
        return real_valid(key)

    def real_store_regions_first():
        monkeypatch.setattr(assessed, "valid_period", real_valid)
        assessment.stored_period(2026, 11, rules, queries.SUBMITTED)
        monkeypatch.setattr(assessed, "valid_period", stale_once)

    monkeypatch.setattr(assessed, "valid_period", stale_once)
    assessment.stored_period(2026, 11, rules, queries.SUBMITTED)
    assert judged == [2] and len(looks) == 2  # the other writer's judgment only
    assert whole == []

    # Both processes' workers refresh the month after a write: the one that stores
    # second finds it stored meanwhile and reads it, not judging it whole.
    monkeypatch.setattr(assessed, "valid_period", real_valid)
    draft(3602)
    real_store_regions, stores = assessed.store_regions, []

    def other_first(*args):
        stores.append(1)
        if len(stores) == 1:
            assessment.stored_period(2026, 11, rules, queries.SUBMITTED)
        return real_store_regions(*args)

    monkeypatch.setattr(assessed, "store_regions", other_first)
    judged.clear()
    assessment.stored_period(2026, 11, rules, queries.SUBMITTED)
    assert whole == [] and judged == [2, 2] and len(stores) == 2
    same_then_forget()


def test_sto011_a_periods_rows_are_built_before_the_write_lock(
    fresh_db, actors, monkeypatch
):
    """Storing a period (whole, and a county's regions after its save) builds its rows
    before it takes the write lock, which every other writer waits for (a country's
    32,000 results took 0.4 s of Python inside it); what is stored still equals the
    direct computation."""
    from contextlib import contextmanager

    inside, built = [], []
    real_lock, real_rows = assessed.write_transaction, assessed._Rows.of

    @contextmanager
    def lock():
        inside.append(True)
        try:
            with real_lock() as conn:
                yield conn
        finally:
            inside.pop()

    def rows(*args):
        built.append(bool(inside))
        return real_rows(*args)

    monkeypatch.setattr(assessed, "write_transaction", lock)
    monkeypatch.setattr(assessed._Rows, "of", rows)
    for month in (9, 10):
        assessment.stored_period(2026, month, RULES, queries.SUBMITTED)
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802", "indicator":
                         "urban_new_jobs", "year": 2026, "month": 10, "value": "3457",
                         "unit": ""}], today=pd.Timestamp("2026-11-05").date())  # fmt: skip
    assert saved.committed
    change_submission(actors["linhe"], "150802", 2026, 10, "submit")
    assessment.stored_period(2026, 10, RULES, queries.SUBMITTED)  # its regions again
    assert len(built) == 3 and not any(built), built
    _same(2026, 10, queries.SUBMITTED)


def test_sto014_a_whole_month_asked_at_once_is_judged_once(
    dash_app, fresh_db, monkeypatch
):
    """Two askers of a month never stored (the month being reported on its first
    save: both workers' refreshes and its first readers ask at once, seconds each
    nationally): one judges it whole, the other waits for it and reads it stored."""
    import threading
    import time

    judged = []
    real = assessment._judged_period

    def slow(key, codes, rules, some=False):
        if not some:
            judged.append(key)
            time.sleep(0.5)
        return real(key, codes, rules, some)

    monkeypatch.setattr(assessment, "_judged_period", slow)
    start, got = threading.Barrier(2), []

    def ask():
        with dash_app.server.app_context():
            rules = rules_for(2027)
            start.wait()
            got.append(assessment.stored_period(2027, 3, rules, queries.APPROVED).id)

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(timeout=30)
    assert len(got) == 2 and got[0] == got[1]
    assert len(judged) == 1, judged
