"""The upload template: an XLSX with Chinese headers and the indicator list."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from data_access import queries
from data_access.rows import plain

HEADERS = [
    "旗县区代码",
    "旗县区",
    "指标代码",
    "指标名称",
    "年份",
    "月份",
    "数值",
    "单位",
]
KIND_NOTES = {
    "flow": "1–N月累计数（不应小于上月）",
    "rate_cap": "月末数，百分比（0–100）",
    "stock": "月末实有数（整数）",
    "zero": "月末未清零户数（整数）",
}


def _neutral(value):
    """Text that Excel would read as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def template_xlsx(region: str, year: int, month: int) -> bytes:
    """One row per indicator for the county and month, current values filled in."""
    names = queries.regions().set_index("code")
    values = queries.month_values(region, year, month)
    book = Workbook()
    sheet = book.active
    sheet.title = "报送数据"
    sheet.append(HEADERS)
    for row in values.itertuples():
        value = plain(row.value)
        sheet.append([
            region, names.name_zh[region], row.code, row.name_zh, year, month,
            value, row.unit_zh,
        ])  # fmt: skip
    header_fill = PatternFill("solid", fgColor="7A1D22")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
    for column, width in zip("ABCDEFGH", (12, 12, 30, 28, 8, 8, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                             allow_blank=True, showErrorMessage=True,
                             errorTitle="数值有误", error="请填写不小于0的数字")  # fmt: skip
    sheet.add_data_validation(numbers)
    numbers.add(f"G2:G{len(values) + 1}")

    notes = book.create_sheet("指标说明")
    notes.append(["指标代码", "指标名称", "单位", "填报口径", "牵头单位", "政策依据"])
    for row in queries.indicators().itertuples():
        notes.append([_neutral(v) for v in (row.code, row.name_zh, row.unit_zh,
                      KIND_NOTES.get(row.kind, ""), row.lead_zh, row.article)])  # fmt: skip
    notes.append([])
    notes.append(
        [
            "说明：可用指标代码或指标名称、旗县区代码或名称；单位可写万人、万元等，导入时自动换算。"
        ]
    )
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (30, 28, 8, 30, 12, 16), strict=True):
        notes.column_dimensions[column].width = width
    notes.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
