"""Each year is assessed by its own scheme (the probe: setting 城镇新增就业人数 to 35
and 城镇登记失业率 to 10 for 2026 rewrote the 2019-12 ranking export from 25.00 / 20.00
to 35.00 / 10.00 points): a change of 2026's weights and rules leaves every earlier
year's files byte for byte as they were; the change needs a reason once the year has
begun, is recorded, and says which months it scores anew."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from data_access.accounts import AccessDenied
from data_access.engine import get_engine, make_engine
from data_access.schemes import change_scheme, scheme, start_scheme
from data_access.seed import initialise, migrate
from data_access.writes import WriteRefused
from domain import Rules
from settings import load_settings
from tests.helpers import answer_text, login, post_callback

EARLIER = [(2019, 12), (2020, 6), (2021, 1), (2023, 12), (2025, 12)]
FILES = ["/export/table/rankings.csv", "/export/table/results.csv"]
PAGE = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "scheme-refresh.data": 0}  # fmt: skip


def _files(client, periods) -> dict:
    return {(url, y, m): client.get(f"{url}?year={y}&month={m}").data
            for url in FILES for y, m in periods}  # fmt: skip


def test_sch001_changing_2026_leaves_every_earlier_year_byte_for_byte(
    client, dash_app, fresh_db
):
    """The office changes 2026's weights (35 / 10) and two rules (滞后 within 5
    points, 良好 from 85) through the page, with a reason: 2019–2025's exports are the
    same bytes; 2026-10's ranking export shows 35.00 points for urban new jobs."""
    before = _files(client, EARLIER)
    october = client.get("/export/table/results.csv?year=2026&month=10").data
    login(client, "supervisor")
    weights = [{"code": "urban_new_jobs", "weight": 35},
               {"code": "registered_unemployment_rate", "weight": 10}]  # fmt: skip
    parameters = [
        {"name": "lag_points", "value": 5},
        {"name": "grade_good", "value": 85},
    ]
    refused = answer_text(post_callback(
        client, dash_app, "scheme-message.children",
        {**PAGE, "targets-weights.rowData": weights, "scheme-parameters.rowData": parameters},
        ["targets-weights-save.n_clicks"]))  # fmt: skip
    assert "须填写原因" in refused
    saved = answer_text(post_callback(
        client, dash_app, "scheme-message.children",
        {**PAGE, "targets-weights.rowData": weights, "scheme-parameters.rowData": parameters,
         "scheme-reason.value": "市政府2026年度考核方案调整"},
        ["targets-weights-save.n_clicks"]))  # fmt: skip
    assert "已保存2026年考核方案的4项修改" in saved
    assert _files(client, EARLIER) == before
    after = client.get("/export/table/results.csv?year=2026&month=10").data
    assert after != october and "35.00" in after.decode("utf-8-sig")
    history = answer_text(
        post_callback(client, dash_app, "scheme-history.children", PAGE)
    )
    assert "城镇新增就业人数分值" in history and "市政府2026年度考核方案调整" in history
    warning = answer_text(
        post_callback(client, dash_app, "scheme-warning.children", PAGE)
    )
    # The demo's August is published: its scores stay as published.
    assert "将重新计算2026年1–7、9–10月的得分" in warning
    assert "已发布的2026年8月排名保持发布时的得分不变" in warning


def test_sch002_a_year_judged_by_its_own_scheme_hand_worked(dash_app, fresh_db, actors):
    """2026 drops 职业技能培训人数 (7 points to urban new jobs: 32), counts 滞后 only
    within 5 points and grades 良好 from 85: a county's urban new jobs now weighs 32
    of 100, training is not assessed, a gap of -8 points is 预警, and 84 points is
    合格; 2025 keeps 25 points, training, and 良好 at 80."""
    from services.assessment import period_view
    from services.schemes import rules_for

    office = actors["supervisor"]
    change_scheme(office, 2026, Rules(), weights={"urban_new_jobs": 32, "vocational_training": None},
                  parameters={"lag_points": 5, "grade_good": 85}, reason="调整")  # fmt: skip
    with dash_app.server.app_context():
        rules = rules_for(2026)
        assert dict(rules.weights)["urban_new_jobs"] == 32
        assert "vocational_training" not in dict(rules.weights)
        assert rules.lag_points == 5 and rules.grade_bands[1] == (85.0, "good")
        view = period_view(2026, 10, rules)
        jobs = view.results[view.results.code == "urban_new_jobs"]
        assert set(jobs.max_points.dropna()) == {32.0}
        assert "vocational_training" not in set(view.results.code)
        for row in view.results[view.results.code == "urban_new_jobs"].itertuples():
            if row.gap_points is not None and -10 <= row.gap_points < -5:
                assert row.status == "alert"  # 滞后 within 5 points only
        for row in view.score_rows():
            if row.total is not None and 80 <= row.total < 85:
                assert row.grade == "pass"
        earlier = period_view(2025, 10, rules_for(2025))
        jobs = earlier.results[earlier.results.code == "urban_new_jobs"]
        assert set(jobs.max_points.dropna()) == {25.0}
        assert "vocational_training" in set(earlier.results.code)


def test_sch003_a_change_needs_the_office_100_points_and_a_reason(actors, fresh_db):
    office, county = actors["supervisor"], actors["linhe"]
    with pytest.raises(AccessDenied):
        change_scheme(county, 2026, Rules(), weights={"urban_new_jobs": 30}, reason="x")
    with pytest.raises(WriteRefused) as total:
        change_scheme(office, 2026, Rules(), weights={"urban_new_jobs": 30}, reason="x")
    assert "105" in total.value.text("zh")
    with pytest.raises(WriteRefused) as reason:
        change_scheme(office, 2026, Rules(), parameters={"lag_points": 8})
    assert "须填写原因" in reason.value.text("zh")
    with pytest.raises(WriteRefused):
        change_scheme(office, 2026, Rules(), parameters={"no_such": 1}, reason="x")
    assert scheme(2026, Rules()).rules.lag_points == load_settings().rules.lag_points
    # 2028 has not begun: no reason needed; it starts from 2026's (the newest) scheme.
    assert (
        scheme(2028, Rules()).own is False and scheme(2028, Rules()).from_year == 2026
    )
    started = start_scheme(office, 2028, Rules())
    assert started.from_year == 2026 and scheme(2028, Rules()).own
    assert change_scheme(office, 2028, Rules(), parameters={"lag_points": 8}) == 1
    with get_engine().connect() as conn:
        items = conn.execute(text(
            "SELECT item, old_value, new_value FROM scheme_changes WHERE year = 2028"
            " ORDER BY id")).all()  # fmt: skip
    assert [tuple(i) for i in items] == [
        ("start", "2026", "2028"),
        ("lag_points", "10", "8"),
    ]


def test_sch004_a_database_of_the_previous_revision_gets_a_scheme_per_year(
    fresh_db, backend
):
    """Upgraded from 0010: a scheme for every year with figures or targets, with
    today's weights and parameters; every stored and published score unchanged."""
    from services.assessment import compute_period_view

    settings = load_settings()
    engine = make_engine(
        settings.database_url, immediate=backend == "sqlite", create=True
    )
    with engine.connect() as conn:
        published = conn.execute(text(
            "SELECT period_id, region_id, total, grade, rank FROM published_scores"
            " ORDER BY 1, 2")).all()  # fmt: skip
    migrate(engine, "0010", down=True)
    with engine.connect() as conn:
        tables = {"schemes", "scheme_weights"} & set(
            conn.dialect.get_table_names(conn))  # fmt: skip
    assert tables == set()
    assert initialise(engine, settings.city_dir) is False  # upgraded only
    with engine.connect() as conn:
        years = (
            conn.execute(text("SELECT year FROM schemes ORDER BY year")).scalars().all()
        )
        weights = conn.execute(text(
            "SELECT count(*), sum(weight) FROM scheme_weights WHERE year = 2026")).one()  # fmt: skip
        assert conn.execute(text(
            "SELECT period_id, region_id, total, grade, rank FROM published_scores"
            " ORDER BY 1, 2")).all() == published  # fmt: skip
    engine.dispose()
    assert years == list(range(2017, 2027)) and tuple(weights) == (10, 100.0)
    rules = scheme(2026, settings.rules).rules
    assert replace(rules, weights=(), kinds=()) == settings.rules
    plain = compute_period_view(2026, 10, settings.rules, "approved")
    schemed = compute_period_view(2026, 10, rules, "approved")
    assert plain.scores.total.tolist() == schemed.scores.total.tolist()


def test_sch005_uploads_and_templates_follow_the_year(actors, fresh_db, dash_app):
    """2026 drops 职业技能培训人数: a 2026 figure for it is refused at its row and
    column, a 2025 one is still read; 2026's template and entry grid leave it out."""
    import io
    from datetime import date

    from openpyxl import load_workbook

    from data_access.writes import preview_upload
    from presenters.templates import template_xlsx
    from services.reporting import month_figures

    change_scheme(actors["supervisor"], 2026, Rules(), reason="不再单列考核",
                  weights={"vocational_training": None, "urban_new_jobs": 32})  # fmt: skip
    csv = ("旗县区,指标,年份,月份,数值,单位\n"
           "磴口县,职业技能培训人数,2026,10,1500,人次\n").encode()  # fmt: skip
    plan = preview_upload(actors["dengkou"], csv, "f.csv", date(2026, 11, 26), 1 << 20)
    assert not plan.ok
    assert [p.text("zh") for p in plan.problems] == [
        "第2行「指标」列：2026年考核方案不考核「职业技能培训人数」"]  # fmt: skip
    earlier = csv.replace(b"2026,10", b"2025,10")
    assert preview_upload(
        actors["dengkou"], earlier, "f.csv", date(2026, 11, 26), 1 << 20
    ).ok
    with dash_app.server.app_context():
        sheet = load_workbook(io.BytesIO(template_xlsx("150822", 2026, 10))).active
        codes = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert "vocational_training" not in codes and len(codes) == 9
        assert "vocational_training" not in {
            f.code for f in month_figures("150822", 2026, 10)
        }
        assert "vocational_training" in {
            f.code for f in month_figures("150822", 2025, 10)
        }


def test_sch006_the_office_prepares_next_year_on_the_page(client, dash_app, fresh_db):
    """目标与权重 offers 2027 (next year): its scheme is borrowed from 2026's until the
    office starts it (recorded); then it is 2027's own. Other pages offer no 2027."""
    from tests.helpers import render_page

    login(client, "supervisor")
    page = answer_text(render_page(client, "/targets", "?year=2027&month=1"))
    assert "2027年度目标" in page and "bad_period" not in page
    assert "2027年度目标" not in answer_text(
        render_page(client, "/", "?year=2027&month=1")
    )
    year = {**PAGE, "shell-year.value": "2027", "shell-month.value": "1"}
    state = answer_text(post_callback(client, dash_app, "scheme-state.children", year))
    assert "2027年尚未建立本年度方案，沿用2026年方案计分" in state
    started = answer_text(post_callback(client, dash_app, "scheme-message.children", year,
                                        ["scheme-start.n_clicks"]))  # fmt: skip
    assert "已建立2027年考核方案（沿用2026年方案）" in started
    state = answer_text(post_callback(client, dash_app, "scheme-state.children", year))
    assert "本年度方案由supervisor于" in state
    history = answer_text(
        post_callback(client, dash_app, "scheme-history.children", year)
    )
    assert "建立方案（沿用2026年）" in history
