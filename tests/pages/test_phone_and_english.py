"""Issue 21 (begun): figures shown with their indicator's own decimals in the history
and the upload preview; anonymous readers see no upload box on 数据报送."""

from __future__ import annotations

from tests.helpers import answer_text, find_component, login, post_callback, render_page

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}


def test_pe001_counts_of_people_keep_their_own_decimals(fresh_db):
    """A count of people in the history and the upload preview reads 3,010, never
    3,010.00; a rate keeps its two decimals."""
    import datetime as dt

    from components.reporting import import_plan, report_history
    from data_access.imports import ImportPlan, PlannedRow
    from services.reporting import ReportChange

    change = ReportChange(changed_at=dt.datetime(2026, 11, 3), changed_by="linhe",
                          indicator="urban_new_jobs", name_zh="城镇新增就业人数",
                          name_en="Urban new jobs", year=2026, month=10, old_value=3000.0,
                          new_value=3010.0, source="form", file_sha256=None)  # fmt: skip
    text = str(report_history([change], "zh").to_plotly_json())
    assert "3,010" in text and "3,010.00" not in text
    rate = PlannedRow(row=2, region="150802", region_name="临河区",
                      indicator="registered_unemployment_rate", indicator_name="城镇登记失业率",
                      year=2026, month=10, value=3.5, old=3.42, decimals=2)  # fmt: skip
    jobs = PlannedRow(row=3, region="150802", region_name="临河区",
                      indicator="urban_new_jobs", indicator_name="城镇新增就业人数",
                      year=2026, month=10, value=3010.0, old=None)  # fmt: skip
    plan = ImportPlan(rows=(rate, jobs), problems=(), filename="x.csv")
    shown = str(import_plan(plan, "zh").to_plotly_json())
    assert (
        "3.50" in shown
        and "3.42" in shown
        and "3,010" in shown
        and "3,010.00" not in shown
    )


def test_pe002_the_history_reads_decimals_from_the_catalogue(
    client, dash_app, fresh_db
):
    """After a county saves 3,010 new jobs, its history on 数据报送 says 3,010."""
    login(client, "linhe")
    post_callback(client, dash_app, "data-save-message.children",
                  {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 3010}],
                   "data-changed.data": 0}, ["data-save.n_clicks"])  # fmt: skip
    from services.reporting import report_changes

    rows = report_changes("150802", "urban_new_jobs")
    assert rows and rows[0].decimals == 0 and rows[0].new_value == 3010


def test_pe003_anonymous_readers_see_no_upload_box(client, dash_app):
    page = render_page(client, "/data", "?year=2026&month=10").get_json()
    column = find_component(page, "data-upload-column")
    assert column["props"]["style"] == {"display": "none"}
    login(client, "linhe")
    page = render_page(client, "/data", "?year=2026&month=10").get_json()
    assert find_component(page, "data-upload-column")["props"].get("style") is None
    assert "data-upload" in answer_text(
        render_page(client, "/data", "?year=2026&month=10")
    )


def test_pe004_exports_show_each_indicators_own_decimals():
    """A column of several indicators' figures shows 3,010 people (never "3,010." as
    "#,##0.##" did in Excel) and a rate of 3.50 %, in the workbook and the CSV."""
    import io

    from openpyxl import load_workbook

    from presenters.exports import OWN_DECIMALS, Column, table_csv, table_xlsx

    columns = [
        Column("name", "指标"),
        Column("value", "数值", number_format=OWN_DECIMALS),
    ]
    rows = [{"name": "城镇新增就业人数", "value": 3010.0, "decimals": 0},
            {"name": "城镇登记失业率", "value": 3.5, "decimals": 2}]  # fmt: skip
    sheet = load_workbook(io.BytesIO(table_xlsx(rows, columns, title="t"))).active
    formats = [sheet.cell(r, 2).number_format for r in (3, 4)]
    assert formats == ["#,##0", "#,##0.00"]
    text = table_csv(rows, columns).decode("utf-8-sig")
    assert "城镇新增就业人数,3010\r\n" in text and "城镇登记失业率,3.50\r\n" in text


def test_pe005_the_history_and_targets_exports_carry_decimals(fresh_db):
    """The exported history and targets use their indicator's decimals."""
    from presenters.table_exports import history_table, targets_table
    from services.assessment import period_view
    from services.schemes import rules_for

    view = period_view(2026, 10, rules_for(2026))
    targets = targets_table(view, lang="zh")
    assert {r["decimals"] for r in targets.rows} >= {0, 2}
    history = history_table(view, region="150802", lang="zh")
    assert all("decimals" in r for r in history.rows)


def test_pe006_the_admin_page_names_counties(client, dash_app):
    """Accounts list their county by name (临河区), its code only in the tooltip."""
    login(client, "admin")
    answer = post_callback(client, dash_app, "admin-accounts.children", PERIOD)
    text = answer_text(answer)
    assert '"children": "临河区"' in text and '"children": "150802"' not in text
    from services.admin import accounts

    linhe = next(a for a in accounts() if a.username == "linhe")
    assert (linhe.region, linhe.region_zh, linhe.region_en) == ("150802", "临河区",
                                                                 "Linhe District")  # fmt: skip


def test_pe007_a_zero_target_cell_says_so_in_the_heatmap():
    """A flow or stock whose target is 0 asks nothing: its heatmap cell is neutral and
    says 目标为0, where the old one said 达标 among "+0.0" cells."""
    from presenters.charts import _heat_cell
    from services.records import ResultRow

    row = ResultRow(region="150802", region_zh="临河区", region_en="Linhe", code="x",
                    name_zh="x", name_en="x", unit_zh="个", unit_en="", kind="stock",
                    status="on_track", decimals=0, actual=2.0, target=0.0)  # fmt: skip
    assert _heat_cell(row, "zh") == (0.0, "目标为0")
    ahead = ResultRow(**{**row.__dict__, "target": 8.0, "gap_points": 0.0})
    assert _heat_cell(ahead, "zh") == (0.0, "+0.0")


def test_pe008_a_missing_years_stock_target_is_missing_not_the_old_years():
    """In 2026, with 2025 the last deadline, a stock's card says 2026年目标 未设定 and
    沿用2025年目标 12 个 (it said 2025年目标 12 个 as if it were the year's)."""
    from types import SimpleNamespace

    from components.cards import indicator_facts

    row = SimpleNamespace(kind="stock", decimals=0, unit_zh="个", unit_en="",
                          target=12.0, due=12.0, deadline_year=2025.0, gap_points=-8.3)  # fmt: skip
    assert indicator_facts(row, "zh", 2026)[:2] == [
        ("2026年目标", "未设定"),
        ("沿用2025年目标", "12 个"),
    ]
    assert indicator_facts(row, "zh", 2025)[0] == ("2025年目标", "12 个")
    assert indicator_facts(row, "zh")[0] == ("2025年目标", "12 个")


def test_pe009_blank_targets_do_not_total_zero():
    """Counties' blank stock targets show 未设定 in the sum column, never 0; one set
    target is its own sum."""
    from pages.targets import _missing_as_word
    from services.records import IndicatorRow
    from services.targets import TargetRegion, TargetTable

    stock = IndicatorRow(code="incubators", name_zh="创业园", name_en="Incubators",
                         unit_zh="个", unit_en="", kind="stock", direction="up",
                         weight=10.0, decimals=0, article="", lead_zh="", lead_en="")  # fmt: skip
    regions = [TargetRegion("150800", "巴彦淖尔市", "Bayannur", False),
               TargetRegion("150802", "临河区", "Linhe", True),
               TargetRegion("150821", "五原县", "Wuyuan", True)]  # fmt: skip
    blank = TargetTable(regions, [stock], {})
    assert blank.county_sum(stock) is None
    assert _missing_as_word(blank.county_sum(stock), stock, "zh") == "未设定"
    one = TargetTable(regions, [stock], {("150802", "incubators"): 2.0})
    assert one.county_sum(stock) == 2.0


def test_pe010_measures_have_english_titles_from_the_city_folder(fresh_db, tmp_path):
    """Every document, section and measure of the demo city has an English title
    (policy_titles_en.csv), the bodies stay Chinese; a row naming an unknown measure is
    refused naming its row and column, and nothing of the file is kept."""
    import shutil

    import pytest as _pytest

    from data_access.catalogue import CatalogueError, store_english_titles
    from data_access.engine import get_write_engine
    from services.measures import documents, sections
    from settings import load_settings

    found, total = sections(None, None)
    measures = [m for s in found for m in s.measures]
    assert len(measures) == total and all(m.title_en for m in measures)
    assert all(s.title_en for s in found) and all(d.title_en for d in documents(2026))
    assert measures[0].title_en == "Link economic growth with more jobs"
    city = load_settings().city_dir
    broken = tmp_path / "city"
    shutil.copytree(city, broken)
    with (broken / "policy_titles_en.csv").open("a", encoding="utf-8") as f:
        f.write("2018-49,measure,99,No such measure\n")
    with _pytest.raises(CatalogueError) as refused, get_write_engine().begin() as conn:
        store_english_titles(conn, broken)
    rows = len(
        (broken / "policy_titles_en.csv").read_text(encoding="utf-8").splitlines()
    )
    message = refused.value.text("zh")
    assert f"第{rows}行" in message and "number" in message and "99" in message


def test_pe011_the_english_measures_export_has_english_titles(fresh_db):
    """The measures table in English: English titles and sections, (1) not （一）; only
    the documents' numbers (names) stay Chinese."""
    import re

    from presenters.table_exports import measures_table
    from services.assessment import period_view
    from services.schemes import rules_for

    table = measures_table(period_view(2026, 10, rules_for(2026)), lang="en")
    cjk = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
    first = table.rows[0]
    assert (first["label"], first["title"]) == (
        "(1)",
        "Link economic growth with more jobs",
    )
    for row in table.rows:
        assert not any(
            cjk.search(str(row[k])) for k in ("label", "title", "section", "lead")
        )


def test_pe012_a_month_without_figures_answers_the_ranking_with_a_notice(
    client, dash_app
):
    """December 2026 has no figures: the ranking answers its notice, an empty chart and
    heatmap (the phone's list is drawn from the empty heatmap), not a server error."""
    from tests.helpers import scoped_query

    answer = post_callback(client, dash_app, "rankings-table.children",
                           scoped_query("nav_rankings", month=12))  # fmt: skip
    assert answer.status_code == 200
    response = answer.get_json()["response"]
    assert set(response) == {"rankings-table", "rankings-bars", "rankings-heatmap"}
    assert "暂无报送数据" in answer_text(answer)
