"""Uploads that must cost little whatever they hold, and numbers read strictly.

Defects found by the outside probe: a 1.2 MB XLSX unpacking to a 2,000,000-row sheet
held a worker for ~170 s (parsed whole, inside the write lock); "2600%" was taken as
2600 persons; "1_000", full-width and Arabic-Indic digits passed as numbers.
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from data_access import imports, writes
from data_access.imports import MAX_ROWS, parse_file
from data_access.writes import preview_upload
from tests.helpers import correct_upload

TODAY = date(2026, 11, 26)
MAX = 5 * 1024 * 1024

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
        'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conten'
        'tType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appli'
        'cation/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override'
        ' PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats'
        '-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
        'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
        'emas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target'
        '="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlform'
        'ats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/offic'
        'eDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
        'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
        'emas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="work'
        'sheets/sheet1.xml"/></Relationships>'
    ),
}
# Rows without cell references (allowed, and what makes the probe's file compress to
# about 1.2 MB).
ROW = (
    '<row><c t="inlineStr"><is><t>150822</t></is></c>'
    '<c t="inlineStr"><is><t>urban_new_jobs</t></is></c>'
    "<c><v>2026</v></c><c><v>10</v></c><c><v>700</v></c></row>"
)
HEAD = (
    '<row><c t="inlineStr"><is><t>旗县区代码</t></is></c>'
    '<c t="inlineStr"><is><t>指标代码</t></is></c>'
    '<c t="inlineStr"><is><t>年份</t></is></c><c t="inlineStr"><is>'
    '<t>月份</t></is></c><c t="inlineStr"><is><t>数值</t></is></c></row>'
)


def crafted_xlsx(rows: int) -> bytes:
    """A valid XLSX whose one sheet holds ``rows`` data rows, written in a stream so
    that a million-row sheet costs the test little."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas'
                b'.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + HEAD.encode()
            )
            chunk = []
            for _ in range(rows):
                chunk.append(ROW)
                if len(chunk) == 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write("".join(chunk).encode() + b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """The probe's file: about 1.2 MB, a 2,000,000-row sheet inside."""
    return crafted_xlsx(2_000_000)


def _texts(plan) -> list[str]:
    return [p.text() for p in plan.problems]


def test_imp101_a_zip_bomb_is_refused_at_once(actors, bomb):
    """The declared unpacked size is checked before any XML is read: refused in well
    under a second with a Chinese message, and nothing is written."""
    assert len(bomb) < 3 * 1024 * 1024
    started = time.perf_counter()
    result = correct_upload(actors["dengkou"], bomb, "bomb.xlsx", TODAY, MAX)
    elapsed = time.perf_counter() - started
    assert not result.committed and elapsed < 1.0, elapsed
    assert "解压后" in _texts(result.plan)[0] and "超过上限" in _texts(result.plan)[0]


def test_imp102_rows_are_streamed_and_reading_stops_at_the_limit(actors):
    """A sheet small enough to unpack but with 50,000 rows is refused after reading
    just past the row limit (the old reader parsed it whole)."""
    content = crafted_xlsx(50_000)
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(content)).infolist()) < (
        imports.MAX_UNPACKED_BYTES
    )
    started = time.perf_counter()
    plan = preview_upload(actors["dengkou"], content, "many.xlsx", TODAY, MAX)
    assert time.perf_counter() - started < 1.0
    assert _texts(plan) == [
        f"文件超过{MAX_ROWS}行数据，超出一次报送的上限；请按月份或旗县区拆分后上传"
    ]


def test_imp103_csv_rows_are_limited_too(actors):
    lines = ["旗县区代码,指标代码,年份,月份,数值"] + [
        "150822,urban_new_jobs,2026,10,700"
    ] * (MAX_ROWS + 1)
    plan = preview_upload(
        actors["dengkou"], "\n".join(lines).encode(), "a.csv", TODAY, MAX
    )
    assert "超出一次报送的上限" in _texts(plan)[0]


def test_imp104_a_sheet_at_the_limit_still_imports(actors):
    """Real files are far below the limit; one exactly at it is read (and then judged
    on its content: 5,000 copies of one key are duplicates, not a size problem)."""
    plan = preview_upload(
        actors["dengkou"], crafted_xlsx(MAX_ROWS), "edge.xlsx", TODAY, MAX
    )
    assert not any("上限" in t for t in _texts(plan))
    assert any("重复" in t for t in _texts(plan))


def test_imp105_xlsx_cells_keep_their_values(actors):
    """Numbers typed in Excel come back as the text a person sees (700, not 700.0)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["旗县区", "指标", "年份", "月份", "数值", "单位"])
    sheet.append(["磴口县", "城镇新增就业人数", 2026, 10, 700.0, "人"])
    sheet.append(["磴口县", "城镇登记失业率", 2026, 10, 4.21, "%"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = preview_upload(actors["dengkou"], buffer.getvalue(), "x.xlsx", TODAY, MAX)
    assert plan.ok, _texts(plan)
    assert {r.indicator: r.value for r in plan.rows} == {
        "urban_new_jobs": 700,
        "registered_unemployment_rate": 4.21,
    }


def test_imp106_upload_is_parsed_once_and_before_the_write_lock(actors, monkeypatch):
    """Confirming reads the file exactly once, and before the write transaction
    begins (a slow file never holds the lock)."""
    events: list[str] = []
    real_read = imports.read_table
    real_transaction = writes.write_transaction

    def counting_read(*args, **kwargs):
        events.append("parse")
        return real_read(*args, **kwargs)

    def recording_transaction():
        events.append("lock")
        return real_transaction()

    monkeypatch.setattr(imports, "read_table", counting_read)
    monkeypatch.setattr(writes, "write_transaction", recording_transaction)
    content = (
        "旗县区,指标,年份,月份,数值\n磴口县,城镇新增就业人数,2026,10,702\n".encode()
    )
    result = correct_upload(actors["dengkou"], content, "d.csv", TODAY, MAX)
    assert result.committed and result.changed == 1
    assert events == ["parse", "lock"]


def test_imp107_a_refused_file_never_takes_the_lock(actors, monkeypatch):
    def no_lock():
        raise AssertionError("the write lock was taken for a refused file")

    monkeypatch.setattr(writes, "write_transaction", no_lock)
    result = correct_upload(actors["dengkou"], b"\x00\x01", "x.xlsx", TODAY, MAX)
    assert not result.committed and "XLSX" in _texts(result.plan)[0]


@pytest.mark.parametrize(
    ("raw", "indicator", "unit", "expected"),
    [
        ("1,234", "城镇新增就业人数", "人", 1234),
        ("702", "城镇新增就业人数", "人", 702),
        (" 702 ", "城镇新增就业人数", "人", 702),
        ("4.21%", "城镇登记失业率", "%", 4.21),
        ("4.21％", "城镇登记失业率", "%", 4.21),
        ("4.21", "城镇登记失业率", "%", 4.21),
        ("1.5", "创业担保贷款发放额", "亿元", 15000),
    ],
)
def test_imp108_numbers_people_type_are_read(actors, raw, indicator, unit, expected):
    content = (
        f'旗县区,指标,年份,月份,数值,单位\n磴口县,{indicator},2026,10,"{raw}",{unit}\n'
    )
    plan = parse_and_plan(actors["dengkou"], content)
    assert plan.ok, _texts(plan)
    assert plan.rows[0].value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("2600%", "百分号只能用于比率类指标"),
        ("1_000", "不是数字"),
        ("１０００", "不是数字"),  # full-width digits
        ("٣٠٠", "不是数字"),  # Arabic-Indic digits
        ("1e3", "不是数字"),
        ("inf", "不是数字"),
        ("1,00", "不是数字"),
        ("1，000", "不是数字"),  # full-width comma
        ("0x10", "不是数字"),
    ],
)
def test_imp109_loose_numbers_are_refused_with_row_and_column(actors, raw, words):
    content = (
        f'旗县区,指标,年份,月份,数值,单位\n磴口县,城镇新增就业人数,2026,10,"{raw}",人\n'
    )
    texts = _texts(parse_and_plan(actors["dengkou"], content))
    assert len(texts) == 1 and texts[0].startswith("第2行「数值」列："), texts
    assert words in texts[0]


def parse_and_plan(actor, content: str):
    assert not parse_file(content.encode(), "n.csv", MAX).problems
    return preview_upload(actor, content.encode(), "n.csv", TODAY, MAX)
