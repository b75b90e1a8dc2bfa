"""Targets carry their provenance (where each comes from, who set it when, why it
changed), shown beside the target on the county and indicator pages and in the
targets export; a year's scheme rests on its own policy documents, whose measures the
measures page shows; a year may judge an indicator by its own kind only where the
figures read the same; a database of revision 0011 upgrades with every score kept."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import text

from data_access import queries
from data_access.engine import get_engine, make_engine
from data_access.schemes import change_scheme, write_scheme
from data_access.seed import initialise, migrate
from data_access.writes import WriteRefused, data_transaction, set_targets, stale_from
from domain import Rules
from settings import load_settings
from tests.helpers import answer_json, answer_text, login, post_callback

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}


def test_prov001_county_and_indicator_pages_name_each_targets_source(client, dash_app):
    """临河区's new-jobs target is its own commitment (with its reason), the others
    the office's decomposition; an incubator target of 2026 is due by 2025's deadline;
    the indicator page names each county's source beside its target."""
    county = answer_text(post_callback(client, dash_app, "county-breakdown.children",
                                       {**PERIOD, "county-code.data": "150802"}))  # fmt: skip
    assert "旗县区承诺" in county and "承诺目标高于市级分解数" in county
    assert "市级分解" in county and "市政府督查室 设定于 2026-01-10" in county
    assert "2025年底前" in county  # a stock's target: the deadline it is due by
    indicator = answer_text(post_callback(
        client, dash_app, "indicator-status-list.children",
        {**PERIOD, "indicator-code.data": "urban_new_jobs"}))  # fmt: skip
    assert indicator.count('"市级分解"') == 6 and indicator.count('"旗县区承诺"') == 1
    english = answer_text(post_callback(
        client, dash_app, "indicator-status-list.children",
        {**PERIOD, "shell-lang.value": "en", "indicator-code.data": "urban_new_jobs"}))  # fmt: skip
    assert "County commitment" in english and "City decomposition" in english


def test_prov002_the_office_sets_a_target_with_its_source_and_reason(
    client, dash_app, fresh_db
):
    """Through the targets page: a change of 2026 without a reason is refused and
    writes nothing; with one it is kept as the target's provenance and in its history,
    and the export and the county page show it."""
    login(client, "supervisor")
    rows = [{"code": "urban_new_jobs", "150822": 960}]
    values = {**PERIOD, "targets-grid.rowData": rows, "targets-source.value": "county",
              "targets-refresh.data": 0}  # fmt: skip
    refused = answer_text(post_callback(client, dash_app, "targets-message.children",
                                        values, ["targets-save.n_clicks"]))  # fmt: skip
    assert "修改已有目标须填写修改原因" in refused
    before = queries.target_provenance(2026, "150822", "urban_new_jobs")
    assert before.source.tolist() == ["office"]
    saved = answer_text(post_callback(
        client, dash_app, "targets-message.children",
        {**values, "targets-reason.value": "磴口县承诺多完成60人"},
        ["targets-save.n_clicks"]))  # fmt: skip
    assert "已保存" in saved, saved
    after = queries.target_provenance(2026, "150822", "urban_new_jobs").iloc[0]
    assert (after.value, after.source, after.reason) == (
        960,
        "county",
        "磴口县承诺多完成60人",
    )
    assert after.set_by == "市政府督查室"
    with get_engine().connect() as conn:
        history = conn.execute(text(
            "SELECT source, reason, new_value FROM target_history ORDER BY id")).all()  # fmt: skip
    assert tuple(history[-1]) == ("county", "磴口县承诺多完成60人", 960.0)
    csv = client.get("/export/table/targets.csv?year=2026&month=10").data.decode(
        "utf-8-sig"
    )
    line = next(
        row for row in csv.splitlines() if "磴口县" in row and "城镇新增就业人数" in row
    )
    assert "旗县区承诺" in line and "磴口县承诺多完成60人" in line
    county = answer_text(post_callback(client, dash_app, "county-breakdown.children",
                                       {**PERIOD, "county-code.data": "150822"}))  # fmt: skip
    assert "磴口县承诺多完成60人" in county


def test_prov003_a_bad_source_is_refused_and_a_new_target_needs_no_reason(
    actors, fresh_db
):
    office = actors["supervisor"]
    with pytest.raises(WriteRefused, match="目标来源"):
        set_targets(office, 2027, {("150822", "urban_new_jobs"): 900}, source="rumour")
    # 2027 has not begun: setting its targets needs no reason.
    assert set_targets(office, 2027, {("150822", "urban_new_jobs"): 900}) == 1
    found = queries.target_provenance(2027)
    assert found[["region", "source", "reason"]].values.tolist() == [
        ["150822", "office", None]
    ]


def test_doc001_the_measures_page_shows_the_years_documents(client, dash_app):
    """2019 rests on 巴政发〔2018〕49号 alone (27 measures, no document headings); 2026
    on it and the demo's 2021 document (示例数据): 35 measures under two headings, the
    second marked as demo data; the matrix numbers the later document's measures by
    its year."""

    def listed(year):
        body = answer_json(post_callback(
            client, dash_app, "measures-list.children",
            {**PERIOD, "shell-year.value": str(year),
             "measures-department.value": "__all__"}))  # fmt: skip
        return json.dumps(body["response"], ensure_ascii=False)

    early, late = listed(2019), listed(2026)
    assert early.count('"data-measure"') == 27 and '"data-document"' not in early
    assert "2019年考核依据巴政发〔2018〕49号，共27项任务" in early
    assert late.count('"data-measure"') == 35 and late.count('"data-document"') == 2
    assert (
        "巴政发〔2021〕示例号《关于进一步稳定和扩大就业的实施意见（示例数据）》" in late
    )
    assert "示例数据" in late and "提升创业载体建设水平" in late
    # Both documents' incubator measures link to the indicator they drive.
    assert early.count("/indicator/incubators") == 1
    assert late.count("/indicator/incubators") == 2
    matrix = post_callback(client, dash_app, "measures-matrix.figure",
                           {**PERIOD, "shell-year.value": "2026"}).get_json()  # fmt: skip
    columns = json.dumps(matrix["response"], ensure_ascii=False)
    assert "2021·3" in columns and "2021·3" not in json.dumps(post_callback(
        client, dash_app, "measures-matrix.figure",
        {**PERIOD, "shell-year.value": "2019"}).get_json(), ensure_ascii=False)  # fmt: skip


def test_doc002_the_demo_has_two_schemes_with_their_documents(fresh_db):
    """2018–2020 weigh new jobs 30 and incubators 5 under the 2018 document; 2021 on
    weigh them 25 and 6 under both documents; the city's incubator targets are the
    policy texts' (8 by 2020, 12 by 2025)."""
    from data_access.schemes import scheme

    rules = load_settings().rules
    early, late = scheme(2020, rules), scheme(2021, rules)
    assert (early.weights["urban_new_jobs"], early.weights["incubators"]) == (30, 5)
    assert (late.weights["urban_new_jobs"], late.weights["incubators"]) == (25, 6)
    assert early.documents == "2018-49" and late.documents == "2018-49,2021-demo"
    city = queries.target_provenance(None, "150800", "incubators")
    assert city[["year", "value", "source"]].values.tolist() == [
        [2020, 8.0, "policy"],
        [2025, 12.0, "policy"],
    ]


def test_kind001_a_years_kind_is_kept_and_judges_only_that_year(
    actors, fresh_db, dash_app
):
    """A scheme stores each indicator's kind and direction; a kind that reads the
    figures otherwise (a rate for a count of households) is refused; a year whose
    stored kind differs is judged by it, the other years by the catalogue's."""
    from dataclasses import replace

    from services.assessment import scheme_catalogue
    from services.schemes import rules_for

    with pytest.raises(WriteRefused, match="数据口径不同"):
        change_scheme(actors["supervisor"], 2026, Rules(), reason="x",
                      kinds={"zero_employment_families": "rate_cap"})  # fmt: skip
    with get_engine().connect() as conn:
        kinds = dict(conn.execute(text(
            "SELECT i.code, w.kind || '/' || w.direction FROM scheme_weights w JOIN "
            "indicators i ON i.id = w.indicator_id WHERE w.year = 2026")).all())  # fmt: skip
    assert kinds["registered_unemployment_rate"] == "rate_cap/lower"
    assert kinds["urban_new_jobs"] == "flow/higher"
    with dash_app.server.app_context():
        base = rules_for(2026)
        weights = dict(base.weights)
        # Stored straight (no kind reads a count of households as the zero kind does
        # but itself today): 2026 judges it as a rate under a cap.
        with data_transaction() as conn:
            stale_from(conn, [])  # the rules of 2026 change: a new data stamp
            write_scheme(conn, 2026, replace(base, kinds=(("zero_employment_families",
                                                           "rate_cap"),)),
                         weights, "test", datetime.now())  # fmt: skip
        assert dict(scheme_catalogue(rules_for(2026)).set_index("code").kind)[
            "zero_employment_families"] == "rate_cap"  # fmt: skip
        catalogue = scheme_catalogue(rules_for(2026)).set_index("code")
        assert catalogue.direction["zero_employment_families"] == "lower"
        assert dict(scheme_catalogue(rules_for(2025)).set_index("code").kind)[
            "zero_employment_families"] == "zero"  # fmt: skip


def test_mig012_a_database_of_revision_0011_upgrades_with_every_score_kept(
    fresh_db, backend
):
    """Downgraded to 0011 (no documents, no provenance, no kinds per year) and
    upgraded: the measures belong to the main document, the second is added with its
    8 measures, every scheme names its documents, targets are the office's with their
    setter from the history, and every published score is unchanged."""
    from services.assessment import compute_period_view
    from services.schemes import rules_for

    settings = load_settings()
    engine = make_engine(
        settings.database_url, immediate=backend == "sqlite", create=True
    )
    query = ("SELECT period_id, region_id, total, grade, rank FROM published_scores"
             " ORDER BY 1, 2")  # fmt: skip
    with engine.connect() as conn:
        published = conn.execute(text(query)).all()
    before = compute_period_view(2026, 10, rules_for(2026), "approved").scores
    migrate(engine, "0011", down=True)
    with engine.connect() as conn:
        assert "policy_documents" not in set(conn.dialect.get_table_names(conn))
        assert conn.execute(text("SELECT count(*) FROM measures")).scalar() == 27
    assert initialise(engine, settings.city_dir) is False  # upgraded only
    with engine.connect() as conn:
        assert conn.execute(text(query)).all() == published
        counts = dict(conn.execute(text(
            "SELECT document, count(*) FROM measures GROUP BY document")).all())  # fmt: skip
        documents = dict(
            conn.execute(text("SELECT year, documents FROM schemes")).all()
        )
        sources = (
            conn.execute(text("SELECT DISTINCT source FROM targets")).scalars().all()
        )
        kinds = conn.execute(text(
            "SELECT count(*) FROM scheme_weights WHERE kind IS NULL")).scalar()  # fmt: skip
    engine.dispose()
    assert counts == {"2018-49": 27, "2021-demo": 8}
    assert documents[2019] == "2018-49" and documents[2026] == "2018-49,2021-demo"
    assert sources == ["office"] and kinds == 0
    after = compute_period_view(2026, 10, rules_for(2026), "approved").scores
    assert after.total.tolist() == before.total.tolist()


def test_doc003_the_scheme_editor_names_its_documents_and_kinds(client, dash_app):
    """目标与权重 says what a year is assessed on, and each indicator's kind."""

    def scheme(year):
        return answer_text(post_callback(
            client, dash_app, "scheme-state.children",
            {**PERIOD, "shell-year.value": str(year), "scheme-refresh.data": 0}))  # fmt: skip

    early, late = scheme(2019), scheme(2026)
    assert "考核依据：巴政发〔2018〕49号" in early and "示例号" not in early
    assert "考核依据：巴政发〔2018〕49号、巴政发〔2021〕示例号" in late
    assert "控制线以内，越低越好" in late and "年度累计，越高越好" in late
    assert '"weight": 30' in early.replace(".0", "") and '"weight": 25' in late.replace(
        ".0", ""
    )


def test_doc004_a_bad_policies_list_is_refused_by_row_and_column(tmp_path):
    """policies.csv naming a missing file, a bad year or a repeated code, and an
    indicator naming a measure no document has: each refused with its row and
    column, in Chinese."""
    import shutil

    from data_access.catalogue import CatalogueError, load_catalogue, policy_files
    from settings import DEFAULT_CITY_DIR

    city = tmp_path / "city"
    shutil.copytree(DEFAULT_CITY_DIR, city)
    listing = (city / "policies.csv").read_text(encoding="utf-8")
    assert [f.code for f in policy_files(city)] == ["2018-49", "2021-demo"]
    cases = [
        (listing.replace("policies/2021-demo.txt", "policies/none.txt"),
         "policies.csv 第3行 file: 找不到文件 policies/none.txt"),
        (listing.replace(",2021,,1", ",二〇二一,,1"),
         "policies.csv 第3行 from_year: 年份“二〇二一”无效"),
        (listing.replace("2021-demo,", "2018-49,", 1),
         "policies.csv 第3行 code: 文件代码“2018-49”重复或为空"),
        (listing.replace("policies/2021-demo.txt", "../../etc/passwd"),
         "policies.csv 第3行 file: 找不到文件 ../../etc/passwd"),
    ]  # fmt: skip
    for text_, message in cases:
        (city / "policies.csv").write_text(text_, encoding="utf-8")
        with pytest.raises(CatalogueError) as refused:
            policy_files(city)
        assert str(refused.value) == message
    (city / "policies.csv").write_text(listing, encoding="utf-8")
    indicators = (city / "indicators.csv").read_text(encoding="utf-8")
    (city / "indicators.csv").write_text(
        indicators.replace("2021-demo:3", "2021-demo:30"), encoding="utf-8"
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}", create=True)
    migrate(engine)
    with pytest.raises(CatalogueError, match="indicators.csv 第9行 articles"):
        with engine.begin() as conn:
            load_catalogue(conn, city)
    with engine.connect() as conn:  # nothing half-written
        assert conn.execute(text("SELECT count(*) FROM measures")).scalar() == 0
    engine.dispose()


def test_prov004_the_change_history_names_each_targets_source_and_reason(
    client, dash_app, fresh_db, actors
):
    set_targets(actors["supervisor"], 2026, {("150822", "urban_new_jobs"): 990},
                source="county", reason="磴口县承诺多完成")  # fmt: skip
    login(client, "supervisor")
    history = answer_text(post_callback(client, dash_app, "targets-history.children",
                                        {**PERIOD, "targets-refresh.data": 0}))  # fmt: skip
    assert "目标来源" in history and "旗县区承诺" in history
    assert "磴口县承诺多完成" in history


def test_prov004_provenance_of_the_regions_a_page_shows_only(dash_app):
    """The indicator page reads the provenance of the units it shows (a country's
    page shows 20 of 2,850): the same entries as reading all, and no others."""
    from services.targets import provenance

    whole = provenance(2026, indicator="urban_new_jobs")
    some = provenance(2026, indicator="urban_new_jobs", regions=["150802", "150822"])
    assert set(some) == {("150802", "urban_new_jobs"), ("150822", "urban_new_jobs")}
    assert all(some[key] == whole[key] for key in some) and len(whole) > len(some)


def test_prov005_a_view_builds_its_score_rows_once(dash_app):
    """A ranking asks its view's rows several times: built once, each caller gets its
    own list."""
    from services.assessment import period_view
    from services.context import rules

    view = period_view(2026, 10, rules(2026))
    first, second = view.score_rows(), view.score_rows()
    assert first == second and first is not second
    assert first[0] is second[0]  # the same rows, not built again
    first.pop()
    assert len(view.score_rows()) == len(second)
