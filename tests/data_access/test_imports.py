"""Upload validation and commit against a real SQLite file (a fresh copy per test)."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from data_access import queries
from data_access.engine import get_engine
from data_access.models import Report, ReportHistory, UploadLog
from data_access.writes import preview_upload
from tests.helpers import correct_form, correct_upload, demo_figure

TODAY = date(2026, 11, 26)
MAX = 1024 * 1024
HEADER = "旗县区,指标,年份,月份,数值,单位\n"


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode(encoding)


def _count(model) -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _value(region: str, indicator: str, year: int, month: int) -> float | None:
    frame = queries.month_values(region, year, month).set_index("code")
    value = frame.value[indicator]
    return None if value != value else value


def _problems(actor, content: bytes, filename: str = "f.csv") -> list[str]:
    return [
        p.text() for p in preview_upload(actor, content, filename, TODAY, MAX).problems
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_imp001_reads_utf8_bom_and_gbk_csv(actors, encoding):
    """The same CSV in UTF-8, UTF-8 with BOM and GBK gives the same plan."""
    plan = preview_upload(
        actors["dengkou"],
        _csv("磴口县,城镇新增就业人数,2026,10,700,人", encoding=encoding),
        "f.csv", TODAY, MAX,
    )  # fmt: skip
    assert plan.ok, plan.problems
    (row,) = plan.rows
    assert (row.region, row.indicator, row.value, row.old) == (
        "150822", "urban_new_jobs", 700, demo_figure("150822", "urban_new_jobs")
    )  # fmt: skip
    assert row.change == "changed"


def test_imp002_xlsx_with_codes_and_unit_conversion(actors):
    """An XLSX naming indicators and counties by code; 万人 becomes 人."""
    book = Workbook()
    sheet = book.active
    sheet.append(["旗县区代码", "指标代码", "年份", "月份", "数值", "单位"])
    sheet.append(["150822", "urban_new_jobs", 2026, 11, 0.07, "万人"])
    sheet.append(["150822", "startup_guarantee_loans", 2026, 11, 0.2, "亿元"])
    buffer = io.BytesIO()
    book.save(buffer)
    # November is reported from 1 December on.
    plan = preview_upload(actors["dengkou"], buffer.getvalue(), "f.xlsx",
                          date(2026, 12, 2), MAX)  # fmt: skip
    assert plan.ok, plan.problems
    values = {r.indicator: r.value for r in plan.rows}
    assert values == {"urban_new_jobs": 700, "startup_guarantee_loans": 2000}
    assert all(r.change == "new" for r in plan.rows)


def test_imp003_every_problem_at_once_with_row_and_column(actors):
    """Each rule fires, all in one report, naming row and column in Chinese."""
    content = _csv(
        "火星县,城镇新增就业人数,2026,10,1,人",  # row 2: unknown county
        "磴口县,幸福指数,2026,10,1,人",  # row 3: unknown indicator
        "磴口县,城镇新增就业人数,2026,10,很多,人",  # row 4: not a number
        "磴口县,失业人员再就业人数,2026,10,-5,人",  # row 5: negative
        "磴口县,城镇登记失业率,2026,10,140,%",  # row 6: rate > 100
        "磴口县,就业困难人员就业人数,2026,10,10,人",  # row 7: YTD below September's
        "磴口县,职业技能培训人数,2027,1,5,人次",  # row 8: future month
        "磴口县,农牧民转移就业人数,2026,10,20000,人",  # row 9
        "磴口县,农牧民转移就业人数,2026,10,20001,人",  # row 10: duplicate of row 9
        "临河区,职业技能培训人数,2026,10,5000,人次",  # row 11: outside scope
        "磴口县,城镇新增就业人数,2026,13,1,人",  # row 12: bad month
        "磴口县,创业担保贷款发放额,2026,10,5,万人",  # row 13: wrong unit
        "磴口县,城镇新增就业人数,2026,9,1000000000000,人",  # row 14: absurdly large
    )
    problems = _problems(actors["dengkou"], content)
    expected = [
        "第2行「旗县区」列：未知的旗县区「火星县」",
        "第3行「指标」列：未知的指标「幸福指数」",
        "第4行「数值」列：「很多」不是数字",
        "第5行「数值」列：失业人员再就业人数不能为负数",
        "第6行「数值」列：城镇登记失业率应在0–100之间",
        "第7行「数值」列：1–10月累计10低于1–9月的",
        "第8行「月份」列：2027年1月尚未结束，不能报送（该月数据自2027-02-01起报送）",
        "第10行：与第9行重复",
        "第11行「旗县区」列：无权报送临河区的数据",
        "第12行「月份」列：月份「13」无效",
        "第13行「单位」列：单位「万人」不适用于创业担保贷款发放额",
        "第14行「数值」列：城镇新增就业人数数值1e+12超出合理范围",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)


def test_imp004_whole_file_problems(actors):
    """Wrong type, too big, missing columns and empty files are refused clearly."""
    dengkou = actors["dengkou"]
    assert "文件类型不支持" in _problems(dengkou, b"hello", "f.pdf")[0]
    assert "XLSX" in _problems(dengkou, b"not a zip", "f.xlsx")[0]
    assert "超过上限" in _problems(dengkou, b"x" * (MAX + 1), "f.csv")[0]
    missing = _problems(dengkou, "旗县区,数值\n磴口县,1\n".encode())[0]
    assert missing.startswith("第1行：缺少必需的列：指标、年份、月份")
    assert "没有可导入的数据行" in _problems(dengkou, HEADER.encode())[0]


def test_imp005_commit_is_all_or_nothing_and_reupload_is_a_no_op(actors):
    """A good file commits with history and a log row; the same file again changes
    nothing; a file with one bad row writes nothing at all."""
    dengkou = actors["dengkou"]
    good = _csv(
        "磴口县,城镇新增就业人数,2026,10,700,人", "磴口县,城镇登记失业率,2026,10,4.2,%"
    )
    reports, history = _count(Report), _count(ReportHistory)
    result = correct_upload(dengkou, good, "good.csv", TODAY, MAX)
    assert result.committed and result.changed == 2
    assert _value("150822", "urban_new_jobs", 2026, 10) == 700
    assert _count(Report) == reports
    assert _count(ReportHistory) == history + 2
    again = correct_upload(dengkou, good, "good.csv", TODAY, MAX)
    assert again.committed and again.changed == 0
    assert _count(ReportHistory) == history + 2
    assert _count(UploadLog) == 2
    bad = _csv(
        "磴口县,城镇新增就业人数,2026,10,800,人", "磴口县,城镇登记失业率,2026,10,x,%"
    )
    refused = correct_upload(dengkou, bad, "bad.csv", TODAY, MAX)
    assert not refused.committed
    assert _value("150822", "urban_new_jobs", 2026, 10) == 700
    assert _count(ReportHistory) == history + 2


def test_imp006_failure_mid_write_rolls_everything_back(actors, monkeypatch):
    """An exception after the first row is written leaves the database as it was."""
    import data_access.writes as writes

    real_insert = writes.insert
    calls = {"n": 0}

    def failing_insert(table):
        if table is ReportHistory:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
        return real_insert(table)

    monkeypatch.setattr(writes, "insert", failing_insert)
    before = (_count(ReportHistory), _value("150822", "urban_new_jobs", 2026, 10))
    good = _csv(
        "磴口县,城镇新增就业人数,2026,10,700,人", "磴口县,城镇登记失业率,2026,10,4.2,%"
    )
    with pytest.raises(RuntimeError):
        correct_upload(actors["dengkou"], good, "good.csv", TODAY, MAX)
    assert calls["n"] == 2
    after = (_count(ReportHistory), _value("150822", "urban_new_jobs", 2026, 10))
    assert after == before
    assert _count(UploadLog) == 0


def test_imp007_two_uploads_at_once_both_land_whole(actors):
    """Two counties upload at the same moment on SQLite: both commit, nothing lost."""
    files = {
        "dengkou": _csv(*[f"磴口县,城镇新增就业人数,2026,{m},{1000 + m},人" for m in (10,)]
                        , "磴口县,城镇登记失业率,2026,10,4.1,%"),
        "linhe": _csv("临河区,城镇登记失业率,2026,10,4.0,%",
                      "临河区,职业技能培训人数,2026,10,9999,人次"),
    }  # fmt: skip
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def upload(name):
        try:
            barrier.wait()
            results[name] = correct_upload(
                actors[name], files[name], "f.csv", TODAY, MAX
            )
        except Exception as exc:  # the test reports any failure below
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(n,)) for n in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert all(r.committed and r.changed == 2 for r in results.values())
    assert _value("150822", "registered_unemployment_rate", 2026, 10) == 4.1
    assert _value("150802", "vocational_training", 2026, 10) == 9999
    assert _count(UploadLog) == 2


def test_imp008_template_has_headers_indicators_and_current_values(actors):
    """The XLSX template round-trips through the importer."""
    from i18n.vocabulary import TEMPLATE_HEADERS as HEADERS
    from presenters.templates import template_xlsx

    content = template_xlsx("150822", 2026, 10)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS)
    assert len(rows) == 11
    assert rows[1][:4] == ("150822", "磴口县", "urban_new_jobs", "城镇新增就业人数")
    assert rows[1][6] == demo_figure("150822", "urban_new_jobs")
    assert sheet.freeze_panes == "A2"
    plan = preview_upload(actors["dengkou"], content, "template.xlsx", TODAY, MAX)
    assert plan.ok, plan.problems
    assert plan.counts() == {"new": 0, "changed": 0, "unchanged": 10}


@pytest.mark.parametrize(
    ("today", "ok"),
    [(date(2026, 11, 1), False), (date(2026, 11, 30), False), (date(2026, 12, 1), True),
     (date(2026, 12, 9), True)],
)  # fmt: skip
def test_imp301_a_month_is_reported_once_it_has_ended(actors, today, ok):
    """The probe: 临河区 reported December on 1 December. November's figures are
    refused, in the data layer, until 1 December (grid and upload alike); late ones
    (after the 5th) are still taken."""

    content = "旗县区,指标,年份,月份,数值\n临河区,城镇新增就业人数,2026,11,3600\n"
    plan = preview_upload(actors["linhe"], content.encode(), "n.csv", today, MAX)
    grid = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                      "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                      "value": "3600", "unit": ""}], today)  # fmt: skip
    assert plan.ok is ok and grid.committed is ok
    if not ok:
        assert [p.text() for p in plan.problems] == [
            "第2行「月份」列：2026年11月尚未结束，不能报送（该月数据自2026-12-01起报送）"
        ]


def test_imp302_the_grid_reads_its_countys_names_only(actors, monkeypatch):
    """A grid save names its county by code: the catalogue it reads holds that county
    alone (a country's 3,000 regions' names took 15-30 ms a save), every indicator
    still by its names, and an unknown one still gets its suggestion."""
    from data_access import writes
    from data_access.imports import load_catalogue

    read = []

    def spy(conn, regions=None):
        found = load_catalogue(conn, regions)
        read.append(sorted(found.regions))
        return found

    monkeypatch.setattr(writes, "load_catalogue", spy)
    row = {"row": 1, "region": "150802", "year": 2026, "month": 11, "unit": ""}
    saved = correct_form(actors["linhe"], [{**row, "indicator": "城镇新增就业人数",
                                            "value": "3600"}], date(2026, 12, 2))  # fmt: skip
    refused = correct_form(actors["linhe"], [{**row, "indicator": "城镇新增就业人",
                                              "value": "3601"}], date(2026, 12, 2))  # fmt: skip
    assert read == [["150802"], ["150802"]]
    assert saved.committed and saved.changed == 1
    assert not refused.committed
    assert [p.text() for p in refused.plan.problems] == [
        "第1行「指标」列：未知的指标「城镇新增就业人」，您是否指「城镇新增就业人数」？"
    ]
