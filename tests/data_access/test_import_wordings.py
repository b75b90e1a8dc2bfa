"""Files in the counties' own words: the statistics bulletin's wordings, short county
names, suggestions for a misspelling, and the wide layout counties keep in Excel."""

from __future__ import annotations

from datetime import date

from data_access.writes import preview_upload
from tests.helpers import correct_upload, xlsx_of

TODAY = date(2026, 11, 26)
MAX = 1024 * 1024


def _texts(plan) -> list[str]:
    return [p.text() for p in plan.problems]


def test_imp201_the_bulletin_wordings_are_accepted(actors):
    """A county's 2020 figures worded as its 统计公报 words them, with 临河 for
    临河区: all four rows are accepted and mapped to the catalogue."""
    content = (
        "旗县区,指标,年份,月份,数值\n"
        "临河,城镇新增就业,2020,12,3650\n"
        "临河,失业人员再就业,2020,12,1320\n"
        "临河,就业困难人员再就业,2020,12,405\n"
        "临河,农牧区富余劳动力转移就业,2020,12,61000\n"
    ).encode()
    plan = preview_upload(actors["linhe"], content, "公报.csv", TODAY, MAX)
    assert plan.ok, _texts(plan)
    assert [(r.region, r.indicator, r.value) for r in plan.rows] == [
        ("150802", "urban_new_jobs", 3650),
        ("150802", "unemployed_reemployed", 1320),
        ("150802", "hard_to_employ_employed", 405),
        ("150802", "rural_labor_transfer", 61000),
    ]


def test_imp202_short_names_and_english_names_of_counties(actors):
    """杭后 and 杭锦后旗, Hanggin Rear Banner and the adcode are one county."""
    rows = "".join(f"{name},urban_new_jobs,2026,{m},{100 * m}\n"
                   for m, name in enumerate(("杭后", "杭锦后旗", "Hanggin Rear Banner",
                                             "150826"), start=1))  # fmt: skip
    plan = preview_upload(actors["supervisor"], ("旗县区,指标,年份,月份,数值\n" + rows)
                          .encode(), "x.csv", TODAY, MAX)  # fmt: skip
    # The office may report for any county (代报): four months of one county.
    assert plan.ok, _texts(plan)
    assert {r.region for r in plan.rows} == {"150826"} and len(plan.rows) == 4


def test_imp203_a_misspelling_gets_the_nearest_name(actors):
    """城镇新増就业 (増 for 增) and 临和区 are unknown; the message suggests the name."""
    content = "旗县区,指标,年份,月份,数值\n临和区,城镇新増就业人数,2026,10,5\n".encode()
    texts = _texts(preview_upload(actors["linhe"], content, "x.csv", TODAY, MAX))
    assert "第2行「旗县区」列：未知的旗县区「临和区」，您是否指「临河区」？" in texts, (
        texts
    )
    assert (
        "第2行「指标」列：未知的指标「城镇新増就业人数」，您是否指「城镇新增就业人数」？"
        in texts
    ), texts
    english = [p.text("en") for p in preview_upload(
        actors["linhe"], content, "x.csv", TODAY, MAX).problems]  # fmt: skip
    assert any("did you mean “城镇新增就业人数”?" in t for t in english), english
    nothing_near = "旗县区,指标,年份,月份,数值\n临河区,幸福指数,2026,10,5\n".encode()
    texts = _texts(preview_upload(actors["linhe"], nothing_near, "x.csv", TODAY, MAX))
    assert texts == ["第2行「指标」列：未知的指标「幸福指数」"], texts


def test_imp204_the_wide_layout_one_row_per_county(actors):
    """One row per county, the indicators as columns (in their bulletin wordings, a
    unit in the header converted), blank cells skipped: written as one import."""
    content = xlsx_of([
        ["序号", "旗县区", "年份", "月份", "城镇新增就业", "城镇登记失业率",
         "创业担保贷款发放额（元）", "备注"],
        [1, "磴口县", 2026, 10, 720, 4.1, 16_500_000, "已核"],
    ])  # fmt: skip
    plan = preview_upload(actors["dengkou"], content, "wide.xlsx", TODAY, MAX)
    assert plan.ok, _texts(plan)
    assert {(r.indicator, r.value) for r in plan.rows} == {
        ("urban_new_jobs", 720), ("registered_unemployment_rate", 4.1),
        ("startup_guarantee_loans", 1650),
    }  # fmt: skip
    result = correct_upload(actors["dengkou"], content, "wide.xlsx", TODAY, MAX)
    assert result.committed and result.changed == 3


def test_imp205_wide_problems_name_the_column_once(actors):
    """An unknown column is reported once, at its header, with a suggestion; a bad
    cell names its own column."""
    content = xlsx_of([
        ["旗县区", "年份", "月份", "城镇新增就业人数", "失业人员再就叶", "职业技能培训"],
        ["磴口县", 2026, 10, 720, 100, "很多"],
        ["磴口县", 2026, 9, 700, 90, 300],
    ])  # fmt: skip
    texts = _texts(preview_upload(actors["dengkou"], content, "wide.xlsx", TODAY, MAX))
    assert texts[0] == ("第1行「失业人员再就叶」列：未知的指标「失业人员再就叶」，"
                        "您是否指「失业人员再就业人数」？"), texts  # fmt: skip
    assert sum("失业人员再就叶" in t for t in texts) == 1
    assert "第2行「职业技能培训」列：「很多」不是数字" in texts[1], texts
    low = xlsx_of([["旗县区", "年份", "月份", "创业担保贷款发放额（元）"],
                      ["磴口县", 2026, 10, 2_500_000]])  # fmt: skip
    texts = _texts(preview_upload(actors["dengkou"], low, "wide.xlsx", TODAY, MAX))
    assert texts[0].startswith("第2行「创业担保贷款发放额（元）」列：1–10月累计250"), (
        texts
    )


def test_imp206_a_wide_file_without_its_period_columns_says_so(actors):
    content = xlsx_of([["旗县区", "城镇新增就业"], ["磴口县", 720]])
    texts = _texts(preview_upload(actors["dengkou"], content, "wide.xlsx", TODAY, MAX))
    assert texts == ["第1行：缺少必需的列：年份、月份（表头应在第1行，可下载模板）"], (
        texts
    )


def test_imp207_an_existing_database_gets_the_aliases_of_the_city_files(fresh_db):
    """The seed on a database made before aliases existed fills them in (idempotent)."""
    from sqlalchemy import text

    from data_access.catalogue import refresh_aliases
    from data_access.engine import get_write_engine
    from settings import load_settings

    engine = get_write_engine()
    with engine.begin() as conn:
        conn.execute(text("update indicators set aliases = ''"))
        conn.execute(text("update regions set aliases = ''"))
    with engine.begin() as conn:
        assert refresh_aliases(conn, load_settings().city_dir) == 18
    with engine.begin() as conn:
        assert refresh_aliases(conn, load_settings().city_dir) == 0
        aliases = conn.execute(
            text("select aliases from indicators where code = 'urban_new_jobs'")
        ).scalar()
    assert "城镇新增就业" in aliases.split(";")
