"""The upload template: an XLSX with Chinese headers and the indicator list."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from data_access import queries
from data_access.rows import plain
from i18n import t
from i18n.vocabulary import TEMPLATE_HEADERS
from services.schemes import rules_for

LANG = "zh"  # the template is the counties' own Chinese form


def _neutral(value):
    """Text that Excel would read as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def template_xlsx(region: str, year: int, month: int) -> bytes:
    """One row per indicator the year's scheme assesses, for the county and month,
    current values filled in."""
    names = queries.regions().set_index("code")
    values = queries.month_values(region, year, month)
    counted = dict(rules_for(year).weights)
    if counted:
        values = values[values.code.isin(counted)]
    book = Workbook()
    sheet = book.active
    sheet.title = t("tpl_sheet", LANG)
    sheet.append(list(TEMPLATE_HEADERS))
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
                             errorTitle=t("tpl_error_title", LANG),
                             error=t("tpl_error", LANG))  # fmt: skip
    sheet.add_data_validation(numbers)
    numbers.add(f"G2:G{len(values) + 1}")

    notes = book.create_sheet(t("tpl_notes_sheet", LANG))
    notes.append([t(f"tpl_{k}", LANG) for k in
                  ("code", "name", "unit", "basis", "lead", "article")])  # fmt: skip
    for row in queries.indicators().itertuples():
        if counted and row.code not in counted:
            continue
        notes.append([_neutral(v) for v in (row.code, row.name_zh, row.unit_zh,
                      t(f"tpl_kind_{row.kind}", LANG), row.lead_zh, row.article)])  # fmt: skip
    notes.append([])
    notes.append([t("tpl_note", LANG)])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (30, 28, 8, 30, 12, 16), strict=True):
        notes.column_dimensions[column].width = width
    notes.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
