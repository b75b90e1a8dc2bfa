"""Issue 19: soft checks at save and preview, 情况说明 before submitting and where
it shows, bulk approval of clean months, the demo's planted slips."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select

from data_access.accounts import get_actor
from data_access.engine import get_engine
from data_access.models import User
from tests.helpers import answer_text, demo_figure, login, post_callback, wildcard

NOVEMBER = {
    "shell-year.value": "2026",
    "shell-month.value": "11",
    "shell-lang.value": "zh",
}


def _actor(name: str):
    with get_engine().connect() as conn:
        return get_actor(
            conn.execute(select(User.id).where(User.username == name)).scalar()
        )


def _doubled_november() -> float:
    """臨河区's November figure with four times a month's usual increment."""
    october = demo_figure("150802", "urban_new_jobs", 2026, 10)
    return october + 4 * october / 10


def test_dq101_a_flagged_month_is_submitted_only_once_explained(
    client, dash_app, fresh_db
):
    login(client, "linhe")
    values = {**NOVEMBER, "data-changed.data": 0}
    saved = post_callback(client, dash_app, "data-save-message.children",
                          {**values, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                            "value": _doubled_november()}]},
                          ["data-save.n_clicks"])  # fmt: skip
    assert "审核提示" in answer_text(saved) and "往年同月" in answer_text(saved)
    refused = post_callback(client, dash_app, "data-save-message.children", values,
                            ["data-submit.n_clicks"])  # fmt: skip
    assert "须先填写情况说明" in answer_text(refused)
    assert "城镇新增就业人数" in answer_text(refused)
    form = post_callback(client, dash_app, "data-explain.children", values)
    assert "须说明" in answer_text(form)
    texts = wildcard(
        "data-explain-text", "value", {"urban_new_jobs": "本月举办大型招聘会"}
    )
    measures = wildcard(
        "data-explain-measures", "value", {"urban_new_jobs": "持续跟踪"}
    )
    texts |= wildcard("data-explain-text", "id", {"urban_new_jobs": None})
    explained = post_callback(client, dash_app, "data-explain-message.children",
                              {**values, **texts, **measures}, ["data-explain-save.n_clicks"])  # fmt: skip
    assert "情况说明已保存" in answer_text(explained), answer_text(explained)
    submitted = post_callback(client, dash_app, "data-save-message.children", values,
                              ["data-submit.n_clicks"])  # fmt: skip
    assert "已提交" in answer_text(submitted), answer_text(submitted)


def test_dq102_an_explanation_shows_in_the_page_export_and_bulletin(
    client, dash_app, fresh_db
):
    from data_access.quality import write_explanations
    from presenters.bulletin import build_bulletin
    from services.assessment import period_view
    from services.context import rules

    write_explanations(_actor("linhe"), "150802", 2026, 10,
                       {"urban_new_jobs": ("受春耕影响进度放缓", "组织专场招聘会")})  # fmt: skip
    with dash_app.server.app_context():
        view = period_view(2026, 10, rules(2026))
        row = next(
            r for r in view.result_rows(region="150802") if r.code == "urban_new_jobs"
        )
        assert (row.explanation, row.measures) == (
            "受春耕影响进度放缓",
            "组织专场招聘会",
        )
        bulletin = build_bulletin(view, is_demo=True)
        # An explanation of a figure not shown (not yet approved) is not shown either.
        write_explanations(_actor("linhe"), "150802", 2026, 11,
                           {"urban_new_jobs": ("十一月的说明", None)})  # fmt: skip
        november = period_view(2026, 11, rules(2026))
        rows = [
            r
            for r in november.result_rows(region="150802")
            if r.code == "urban_new_jobs"
        ]
        assert rows and rows[0].actual is None and rows[0].explanation is None
    paragraph = dict(bulletin.paragraphs)["临河区"]
    assert "（情况说明：城镇新增就业人数：受春耕影响进度放缓）" in paragraph
    county = post_callback(client, dash_app, "county-breakdown.children",
                           {"shell-year.value": "2026", "shell-month.value": "10",
                            "shell-lang.value": "zh", "county-code.data": "150802"})  # fmt: skip
    assert "受春耕影响进度放缓" in answer_text(county)
    export = client.get("/export/rankings.csv?year=2026&month=10&lang=zh")
    assert "受春耕影响进度放缓" in export.data.decode("utf-8-sig")


def test_dq103_bulk_approval_skips_flagged_months(dash_app, fresh_db):
    from data_access.writes import apply_form, change_submission
    from services.actions import approve_clean

    rows = {"150802": _doubled_november(),
            "150822": demo_figure("150822", "urban_new_jobs", 2026, 10) * 1.08}  # fmt: skip
    from datetime import date

    for region, value in rows.items():
        user = {"150802": "linhe", "150822": "dengkou"}[region]
        apply_form(_actor(user), [{"row": 1, "region": region, "indicator": "urban_new_jobs",
                                   "year": 2026, "month": 11, "value": str(round(value)),
                                   "unit": ""}], date(2026, 12, 3))  # fmt: skip
        change_submission(_actor(user), region, 2026, 11, "submit")
    with dash_app.server.app_context():
        outcome = approve_clean(_actor("supervisor"), 2026, 11)
    assert outcome.ok and outcome.values == {"count": 1, "skipped": 1}
    from data_access.quality import submission_status

    assert submission_status("150822", 2026, 11) == "approved"
    assert submission_status("150802", 2026, 11) == "submitted"


def test_dq104_the_upload_preview_shows_the_hints_and_a_core_suggestion(
    dash_app, fresh_db
):
    from services.actions import preview_file

    text = f"旗县区,指标,年份,月份,数值\n临河区,城镇新增就业人数,2026,11,{_doubled_november():.0f}\n"
    contents = "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()
    with dash_app.server.app_context():
        outcome = preview_file(_actor("linhe"), contents, "nov.csv")
        assert outcome.ok and [f.indicator for f in outcome.values["flags"]] == [
            "urban_new_jobs"
        ]
        odd = "旗县区,指标,年份,月份,数值\n临河区,培训城乡劳动者,2026,11,100\n"
        refused = preview_file(_actor("linhe"), "data:text/csv;base64,"
                               + base64.b64encode(odd.encode()).decode(), "odd.csv")  # fmt: skip
    assert "职业技能培训人数" in refused.plan.problems[0].text("zh")


@pytest.fixture()
def slipped_demo(tmp_path, monkeypatch):
    from data_access.engine import make_engine, reset_engines
    from data_access.seed import initialise
    from settings import load_settings
    from tests.helpers import override_setting

    url = f"sqlite:///{tmp_path / 'slips.db'}"
    engine = make_engine(url, create=True)
    initialise(
        engine, load_settings().city_dir, demo=True, demo_end=(2026, 10), slips=True
    )
    engine.dispose()
    override_setting(monkeypatch, "DATABASE_URL", url)
    reset_engines()
    yield
    reset_engines()


def test_dq105_the_demos_planted_slips_are_caught_and_few_real_figures_are(
    slipped_demo,
):
    from data_access.quality import check_figures
    from services.quality import month_flags

    figures = flagged = 0
    caught = set()
    for year in range(2019, 2027):
        for month in range(1, 13 if year < 2026 else 11):
            found = month_flags(year, month)
            frame = check_figures(year, month)
            figures += int(((frame.year == year) & (frame.month == month)).sum())
            flagged += len(found)
            if (year, month) == (2026, 10):
                caught = {f.indicator for f in found}
    assert {"urban_new_jobs", "vocational_training"} <= caught
    assert flagged / figures < 0.03, (flagged, figures)


def _csv(text_: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text_.encode("utf-8")).decode()


ODD_WORDING = (
    "旗县区,指标,年份,月份,数值\n临河区,培训城乡劳动者,2026,11,{value:.0f}\n".format(
        value=demo_figure("150802", "vocational_training", 2026, 10) + 60
    )
)


def test_dq106_a_suggestion_is_read_once_or_saved_as_an_alias(
    client, dash_app, fresh_db
):
    from data_access.imports import load_catalogue
    from services.actions import import_file, preview_file, save_alias

    login(client, "linhe")
    upload = {**NOVEMBER, "data-upload.contents": _csv(ODD_WORDING),
              "data-upload.filename": "odd.csv"}  # fmt: skip
    shown = post_callback(client, dash_app, "data-preview.children", upload,
                          ["data-upload.contents"])  # fmt: skip
    body = shown.get_json()["response"]
    assert "按「职业技能培训人数」读取此文件" in answer_text(shown)
    assert "保存为别名" not in answer_text(
        shown
    )  # a county reads once; the office saves
    suggestions = body["data-suggestions"]["data"]
    assert suggestions[0]["code"] == "vocational_training"
    accepted = post_callback(client, dash_app, "data-read-as.data",
                             {**upload, "data-suggestions.data": suggestions,
                              '{"index":["ALL"],"type":"data-accept-suggestion"}.n_clicks':
                              [{"id": {"index": 0, "type": "data-accept-suggestion"},
                                "property": "n_clicks", "value": 1}]},
                             ['{"index":0,"type":"data-accept-suggestion"}.n_clicks'])  # fmt: skip
    read_as = accepted.get_json()["response"]["data-read-as"]["data"]
    again = post_callback(client, dash_app, "data-preview.children",
                          {**upload, "data-read-as.data": read_as}, ["data-read-as.data"])  # fmt: skip
    assert again.get_json()["response"]["data-confirm"]["disabled"] is False
    assert "本文件中「培训城乡劳动者」按「职业技能培训人数」读取" in answer_text(again)
    linhe, office = _actor("linhe"), _actor("supervisor")
    with dash_app.server.app_context():
        done = import_file(
            linhe, _csv(ODD_WORDING), "odd.csv", read_as=read_as["pairs"]
        )
        assert done.ok, done
        # Only this file: the next file with the wording is refused again ...
        assert not preview_file(linhe, _csv(ODD_WORDING), "odd2.csv").ok
        # ... until the office saves it for everyone (a county may not).
        assert save_alias(linhe, "indicator", "培训城乡劳动者", "vocational_training").key \
            == "err_alias_supervisor"  # fmt: skip
        saved = save_alias(office, "indicator", "培训城乡劳动者", "vocational_training")
        assert saved.ok and saved.key == "alias_saved"
        assert preview_file(linhe, _csv(ODD_WORDING), "odd2.csv").ok
        taken = save_alias(office, "indicator", "培训城乡劳动者", "urban_new_jobs")
        assert taken.key == "err_alias_taken"
    with get_engine().connect() as conn:
        assert load_catalogue(conn).indicator("培训城乡劳动者") == "vocational_training"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
def test_mig013_a_database_of_revision_0012_upgrades_with_its_returns_kept(
    fresh_db, backend
):
    """Downgraded to 0012 (no explanations, no per-indicator approvals, no saved
    aliases, no thresholds) and upgraded: the returns' reasons are returns, the tables
    are there and empty, and every published score and return reason is unchanged."""
    from sqlalchemy import text

    from data_access.engine import make_engine
    from data_access.seed import initialise, migrate
    from settings import load_settings

    settings = load_settings()
    engine = make_engine(
        settings.database_url, immediate=backend == "sqlite", create=True
    )
    reasons = "SELECT event_id, indicator_id, reason FROM return_items ORDER BY 1, 2"
    scores = (
        "SELECT period_id, region_id, total, rank FROM published_scores ORDER BY 1, 2"
    )
    with engine.connect() as conn:
        before = (conn.execute(text(reasons)).all(), conn.execute(text(scores)).all())
    migrate(engine, "0012", down=True)
    with engine.connect() as conn:
        tables = set(conn.dialect.get_table_names(conn))
        assert "explanations" not in tables and "saved_aliases" not in tables
    assert initialise(engine, settings.city_dir) is False  # upgraded only
    with engine.connect() as conn:
        after = (conn.execute(text(reasons)).all(), conn.execute(text(scores)).all())
        actions = (
            conn.execute(text("SELECT DISTINCT action FROM return_items"))
            .scalars()
            .all()
        )
        empty = [conn.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                 for name in ("explanations", "saved_aliases")]  # fmt: skip
    engine.dispose()
    assert after == before and before[0]
    assert actions == ["return"] and empty == [0, 0]


def test_dq107_the_review_desk_opens_on_the_longest_waiting_and_records_each_indicator(
    client, dash_app, fresh_db
):
    from datetime import date, datetime

    from data_access.writes import apply_form, change_submission
    from services.quality import review_desk, review_queue

    figures = {"150822": demo_figure("150822", "urban_new_jobs", 2026, 10) * 1.08,
               "150802": _doubled_november()}  # fmt: skip
    users = {"150802": "linhe", "150822": "dengkou"}
    for hour, (region, value) in enumerate(figures.items(), start=9):
        apply_form(_actor(users[region]), [{"row": 1, "region": region, "year": 2026,
                   "indicator": "urban_new_jobs", "month": 11, "value": f"{value:.0f}",
                   "unit": ""}], date(2026, 12, 3))  # fmt: skip
        change_submission(_actor(users[region]), region, 2026, 11, "submit",
                          now=datetime(2026, 12, 3, hour))  # fmt: skip
    with dash_app.server.app_context():
        queue = review_queue(2026, 11)
        desk = {r.indicator: r for r in review_desk("150802", 2026, 11)}
    assert [(r.region, r.flagged) for r in queue] == [("150822", 0), ("150802", 1)]
    jobs = desk["urban_new_jobs"]
    october = demo_figure("150802", "urban_new_jobs", 2026, 10)
    assert (jobs.value, jobs.previous) == (round(figures["150802"]), october)
    assert jobs.step == round(figures["150802"]) - october
    assert jobs.last_year == demo_figure("150802", "urban_new_jobs", 2025, 11)
    assert jobs.approved is None and [f.check for f in jobs.flags] == ["history"]
    login(client, "supervisor")
    values = {**NOVEMBER, "review-changed.data": 0}
    opened = post_callback(client, dash_app, "review-county.value", values)
    assert opened.get_json()["response"]["review-county"]["value"] == "150822"
    returned = post_callback(
        client, dash_app, "review-message.children",
        {**values, "review-county.value": "150802",
         **wildcard("review-return-item", "value", {"urban_new_jobs": "请核实本月新增"}),
         **wildcard("review-return-item", "id", {"urban_new_jobs": None})},
        ["review-return.n_clicks"])  # fmt: skip
    assert "已退回" in answer_text(returned), answer_text(returned)
    approved = post_callback(client, dash_app, "review-message.children",
                             {**values, "review-county.value": "150822"},
                             ["review-approve.n_clicks"])  # fmt: skip
    assert "已审核通过" in answer_text(approved), answer_text(approved)
    with get_engine().connect() as conn:
        from sqlalchemy import text

        items = conn.execute(text(
            "SELECT g.code, i.code, r.action, r.reason FROM return_items r"
            " JOIN submission_events e ON e.id = r.event_id"
            " JOIN regions g ON g.id = e.region_id JOIN indicators i ON i.id = r.indicator_id"
            " WHERE e.year = 2026 AND e.month = 11 ORDER BY 1")).all()  # fmt: skip
    assert [tuple(i) for i in items] == [
        ("150802", "urban_new_jobs", "return", "请核实本月新增"),
        ("150822", "urban_new_jobs", "approve", ""),
    ]


def test_dq108_one_countys_flags_are_the_countrys_for_it(slipped_demo):
    """A county's flags worked out from its own history and its peers' month (what a
    save asks for) are those the whole month's computation finds for it, stored or
    planned (a file's figures standing in for the stored ones)."""
    from services import quality

    counties = ["150802", "150821", "150822", "150823", "150824", "150825", "150826"]
    seen = 0
    for year, month in [(2025, 1), (2025, 12), (2026, 3), (2026, 10)]:
        everyone = quality._flag_month(year, month, None)
        for county in counties:
            mine = quality._flag_month(year, month, None, [county])
            assert mine == [f for f in everyone if f.region == county], (year, month)
            assert quality.month_flags(year, month, county) == mine
            seen += len(mine)
        planned = {(c, "urban_new_jobs"): 1e6 for c in counties[:2]}
        assert quality._flag_month(year, month, planned, counties[:2]) == [
            f for f in quality._flag_month(year, month, planned)
            if f.region in counties[:2]]  # fmt: skip
    assert seen > 0  # the slips are among them


def test_dq109_the_kept_peers_month_follows_every_write(
    fresh_db, dash_app, monkeypatch
):
    """A save's flags compare the county with its peers' month, kept in the shared
    cache and brought up to date by reading again only the counties whose figures
    or targets changed since (a country's month took 0.2 s after every save). Through
    drafts of November, a correction of October, a county's new target and a change
    not to one county (read whole again), the kept month equals a fresh read and a
    county's flags equal the whole month's for it."""
    from datetime import date

    from data_access import quality as store
    from data_access.writes import data_transaction, set_targets, stale_from
    from services import quality
    from tests.helpers import correct_form

    whole = []
    real = store.peer_figures
    monkeypatch.setattr(store, "peer_figures", lambda y, m, regions=None: (
        whole.append((y, m)) if regions is None else None) or real(y, m, regions))  # fmt: skip
    linhe, office = _actor("linhe"), _actor("supervisor")

    def draft(actor, county, month, jobs):
        saved = correct_form(actor, [{"row": 1, "region": county, "indicator":
                                      "urban_new_jobs", "year": 2026, "month": month,
                                      "value": str(jobs), "unit": ""}],
                             today=date(2026, 12, 3))  # fmt: skip
        assert saved.committed, saved.plan.problems

    def sorted_frame(frame):
        return frame.sort_values(list(frame.columns)).reset_index(drop=True)

    def agrees(month: int, county: str):
        kept = quality.peer_month(2026, month)
        assert sorted_frame(kept.figures).equals(sorted_frame(real(2026, month)))
        assert sorted_frame(kept.targets).equals(
            sorted_frame(store.check_targets(2026))
        )
        everyone = quality._flag_month(2026, month, None)
        assert quality._flag_month(2026, month, None, [county]) == [
            f for f in everyone if f.region == county]  # fmt: skip

    october = demo_figure("150802", "urban_new_jobs", 2026, 10)
    wuyuan = demo_figure("150821", "urban_new_jobs", 2026, 10)
    with dash_app.server.app_context():
        draft(linhe, "150802", 11, round(october * 1.1))  # kept as of a write
        agrees(11, "150802")
        assert whole == [(2026, 11)]
        steps = [
            lambda: draft(linhe, "150802", 11, round(october * 1.1) + 3),
            lambda: draft(office, "150821", 11, round(wuyuan * 3)),  # flagged
            lambda: draft(linhe, "150802", 10, october + 7),  # the month before
            lambda: set_targets(office, 2026, {("150822", "urban_new_jobs"): 9000.0},
                                reason="调整"),
        ]  # fmt: skip
        for step in steps:
            step()
            agrees(11, "150802")
            agrees(11, "150821")
        assert quality.month_flags(2026, 11, "150821")
        assert whole == [(2026, 11)]  # each change read its county alone
        with data_transaction() as conn:  # a change not to one county's figures
            stale_from(conn, [(2026, 11)])
        agrees(11, "150822")
        assert whole == [(2026, 11), (2026, 11)]
