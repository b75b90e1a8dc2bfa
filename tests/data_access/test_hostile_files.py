"""Hostile uploads against the locks they would hold (second outside probe).

A 6 KB XLSX whose one 1 MB shared string fills the county column of every row made each
row cost ~0.1 s in the name matching, and confirming it ran that work inside the write
transaction: a 200-row file held the lock for 24 s, and every other write failed.
A quoted CSV header cell holding a line break slipped past the column limit. A bad
CRC gave the generic notice.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import date

import pytest

from data_access import imports, writes
from data_access.imports import MAX_CELL_CHARS, MAX_COLUMNS
from data_access.writes import preview_upload
from data_access.xlsx import MAX_SHARED_TEXT
from tests.data_access.test_import_bounds import XLSX_PARTS
from tests.helpers import correct_form, correct_upload, xlsx_of

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

TODAY = date(2026, 11, 26)
MAX = 5 * 1024 * 1024
HEAD = ["旗县区", "指标", "年份", "月份", "数值"]


def _shared_string_xlsx(text: str, rows: int) -> bytes:
    """The probe's workbook: string 0 of the shared strings in the county column of
    every row, written by hand as a crafted file would be."""
    cells = ('<c t="s"><v>0</v></c><c t="inlineStr"><is><t>urban_new_jobs</t></is></c>'
             "<c><v>2026</v></c><c><v>10</v></c><c><v>700</v></c>")  # fmt: skip
    head = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEAD)
    sheet = (f'<worksheet xmlns="{NS}"><sheetData><row>{head}</row>'
             + f"<row>{cells}</row>" * rows + "</sheetData></worksheet>")  # fmt: skip
    shared = f'<sst xmlns="{NS}"><si><t>{text}</t></si></sst>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, part in XLSX_PARTS.items():
            book.writestr(name, part)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        book.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def _texts(plan) -> list[str]:
    return [p.text() for p in plan.problems]


def test_hostile001_one_megabyte_shared_string_is_refused_at_once(actors):
    """The probe's file: one 1 MB string referenced from the county column of 200
    rows. It is small (openpyxl writes a string once), and refused in well under a
    second as a whole file, before any name is matched."""
    content = _shared_string_xlsx("x" * (MAX_SHARED_TEXT + 1), rows=200)
    assert len(content) < 10_000
    started = time.perf_counter()
    result = correct_upload(actors["dengkou"], content, "h.xlsx", TODAY, MAX)
    elapsed = time.perf_counter() - started
    assert not result.committed and elapsed < 1.0, elapsed
    assert _texts(result.plan) == [
        f"无法读取XLSX文件：共享字符串共超过{MAX_SHARED_TEXT}个字符，不像月度报送数据"
    ]


def test_hostile002_a_long_cell_is_refused_with_its_row_and_column(actors):
    """Under the shared-string bound but over the cell bound: each long cell is
    named by row and column, and no name search runs on it."""
    long_name = "磴口县" * 100
    content = xlsx_of([HEAD] + [[long_name, "城镇新增就业人数", 2026, 10, 700]] * 200)
    started = time.perf_counter()
    plan = preview_upload(actors["dengkou"], content, "h.xlsx", TODAY, MAX)
    assert time.perf_counter() - started < 1.0
    texts = _texts(plan)
    assert len(texts) == 200
    assert texts[0] == (
        f"第2行「旗县区」列：单元格有300个字符，超过上限{MAX_CELL_CHARS}个字符；"
        "名称和数字不会这么长"
    )
    assert texts[-1].startswith("第201行「旗县区」列")


def test_hostile003_a_long_header_is_refused_at_row_one(actors):
    content = xlsx_of(
        [HEAD[:4] + ["数" * 300], ["磴口县", "城镇新增就业人数", 2026, 10, 1]]
    )
    texts = _texts(preview_upload(actors["dengkou"], content, "h.xlsx", TODAY, MAX))
    assert len(texts) == 1 and texts[0].startswith("第1行「" + "数" * 20 + "…」列")


def test_hostile004_each_distinct_name_is_matched_once(actors, monkeypatch):
    """5,000 rows naming one county and one indicator normalise a handful of names,
    not one per row (the cost that made each row of the probe's file slow)."""
    calls = []
    real = imports.normalise
    monkeypatch.setattr(
        imports, "normalise", lambda name: calls.append(1) or real(name)
    )

    def names_normalised(rows: int) -> int:
        calls.clear()
        lines = ["旗县区,指标,年份,月份,数值"] + [
            f"磴口县 ,城镇新增就业人数,{2000 + i // 12},{i % 12 + 1},700"
            for i in range(rows)
        ]
        plan = preview_upload(
            actors["dengkou"], "\n".join(lines).encode(), "a.csv", TODAY, MAX
        )
        assert plan.ok, _texts(plan)[:3]
        return len(calls)

    # The catalogue's own names and the file's two: the same for 3 rows as for 300.
    assert names_normalised(300) == names_normalised(3)


def test_hostile005_another_county_saves_while_a_slow_file_is_confirmed(
    actors, monkeypatch
):
    """Checking a file (however slow) runs before the write lock: while one county's
    file takes 3 s to check, another county's save succeeds within 2 s."""
    real = imports.resolve_records

    def slow_resolve(*args, **kwargs):
        time.sleep(3)
        return real(*args, **kwargs)

    monkeypatch.setattr(writes, "resolve_file", lambda c, a, parsed, today: slow_resolve(
        c, a, list(parsed.records), today))  # fmt: skip
    content = (
        "旗县区,指标,年份,月份,数值\n磴口县,城镇新增就业人数,2026,10,703\n".encode()
    )
    results = {}

    def confirm():
        results["upload"] = correct_upload(
            actors["dengkou"], content, "d.csv", TODAY, MAX
        )

    worker = threading.Thread(target=confirm)
    worker.start()
    time.sleep(0.3)  # the upload is now being checked
    started = time.perf_counter()
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                       "indicator": "urban_new_jobs", "year": 2026, "month": 10,
                       "value": "9001", "unit": ""}], TODAY)  # fmt: skip
    elapsed = time.perf_counter() - started
    worker.join()
    assert saved.committed and elapsed < 2.0, (elapsed, _texts(saved.plan))
    assert results["upload"].committed


def test_hostile006_the_csv_column_limit_counts_columns_as_the_parser_does(actors):
    """A quoted header cell holding a line break hid 50,000 columns from a check that
    counted commas up to the first line break (16.5 s a preview)."""
    header = '"旗县区\n",' + ",".join(f"c{i}" for i in range(50_000))
    content = (header + "\n" + "\n".join(["1," * 50_000] * 40)).encode()
    started = time.perf_counter()
    plan = preview_upload(actors["dengkou"], content, "wide.csv", TODAY, MAX)
    assert time.perf_counter() - started < 1.0
    assert _texts(plan) == [f"第1行：表头超过{MAX_COLUMNS}列，请使用模板的列"]


def test_hostile007_a_long_data_row_is_refused_at_its_row(actors):
    content = ("旗县区,指标,年份,月份,数值\n磴口县,城镇新增就业人数,2026,10,700\n"
               + ",".join(["1"] * 60)).encode()  # fmt: skip
    texts = _texts(preview_upload(actors["dengkou"], content, "w.csv", TODAY, MAX))
    assert texts == [f"第3行：超过{MAX_COLUMNS}列，请使用模板的列"]


def test_hostile008_a_csv_with_a_quoted_line_break_still_imports(actors):
    content = '"旗县区",指标,年份,月份,数值,"备注"\n磴口县,城镇新增就业人数,2026,10,704,"两行\n说明"\n'
    plan = preview_upload(actors["dengkou"], content.encode(), "q.csv", TODAY, MAX)
    assert plan.ok, _texts(plan)
    assert [r.value for r in plan.rows] == [704]


def _damaged(member: str, compression: int) -> bytes:
    """A workbook with one byte of ``member``'s stored data flipped."""
    source = zipfile.ZipFile(io.BytesIO(_shared_string_xlsx("磴口县" * 50, rows=40)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as book:
        for info in source.infolist():
            book.writestr(info.filename, source.read(info.filename))
    content = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(member)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    content[start + info.compress_size // 2] ^= 0xFF
    return bytes(content)


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_hostile009_a_damaged_member_says_the_file_is_damaged(
    actors, member, compression
):
    """A bad CRC (stored) or bytes that do not inflate (deflated), in the sheet or
    its shared strings: "the file is damaged", not the generic notice."""
    content = _damaged(member, compression)
    result = correct_upload(actors["dengkou"], content, "crc.xlsx", TODAY, MAX)
    assert not result.committed
    assert _texts(result.plan) == [
        "无法读取XLSX文件：文件已损坏（校验失败或内容不完整），请重新保存或重新导出后再上传"
    ]


def test_hostile010_the_confirmation_reuses_the_previews_check(
    client, dash_app, fresh_db, monkeypatch
):
    """Preview, then confirm, through the page: the file is read once (at the
    preview); the confirmation only reads the database and writes."""
    from tests.helpers import answer_text, login, post_callback
    from tests.pages.test_mixed_workflows import PERIOD, _csv

    reads = []
    real = imports.read_table
    monkeypatch.setattr(imports, "read_table", lambda *a: reads.append(1) or real(*a))
    login(client, "linhe")
    upload = {**PERIOD, "data-upload.filename": "l.csv", "data-changed.data": 1,
              "data-upload.contents": _csv("旗县区代码,指标代码,年份,月份,数值\n"
                                           "150802,urban_new_jobs,2026,10,3160\n")}  # fmt: skip
    preview = post_callback(client, dash_app, "data-preview.children", upload,
                            ["data-upload.contents"])  # fmt: skip
    assert "3,160" in answer_text(preview) or "3160" in answer_text(preview)
    confirmed = post_callback(client, dash_app, "data-import-message.children", upload,
                              ["data-confirm.n_clicks"])  # fmt: skip
    assert "导入" in answer_text(confirmed), answer_text(confirmed)
    assert reads == [1]
    # Another county confirming the same bytes has its own rights checked: it may
    # not write 临河区's figures through linhe's check.
    other = dash_app.server.test_client()
    login(other, "dengkou")
    refused = post_callback(other, dash_app, "data-import-message.children", upload,
                            ["data-confirm.n_clicks"])  # fmt: skip
    assert "临河区" in answer_text(refused) and reads == [1, 1]
