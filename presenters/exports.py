"""Files for the supervisory office: tables as XLSX/CSV, charts as PNG/SVG/PDF.

Text cells that a spreadsheet would run as a formula are neutralised; numbers stay
numbers. Charts are rendered on the server by kaleido driving Debian's Chromium, one
browser reused for every image.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import os
import shutil
import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from i18n import Refusal, t
from settings import current_settings

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
PRINT_WIDTH, PRINT_HEIGHT, PRINT_SCALE = 1200, 700, 3  # 3600 px wide: 300 dpi at 12 in
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Debian's fonts-noto-cjk: Chinese text in PDFs (fpdf2 embeds them) and in chart images.
CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
# kaleido's shared browser answers one request at a time; this lock queues ours.
_RENDER_LOCK = threading.Lock()
log = logging.getLogger(__name__)


class InvalidExport(Refusal, ValueError):
    """The export asked for does not exist or has bad parameters."""


class ExportForbidden(Refusal, PermissionError):
    """The export holds who-did-what (change history): it needs a login, and a county
    official sees only their own county's. ``status`` is 401 or 403."""

    def __init__(self, key: str, status: int, **values):
        super().__init__(key, **values)
        self.status = status


class ExportUnavailable(Refusal, RuntimeError):
    """No browser to render charts with; the text says what to do."""


def neutralise(value):
    """A text cell starting with = + - @ tab or a line break becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    unit: str = ""
    number_format: str | None = None  # e.g. "#,##0" or "0.00"
    width: int = 14


# A column of figures of several indicators: each row shows its own indicator's decimals
# (row["decimals"]: 3,010 people, 3.50 %), with thousands grouped.
OWN_DECIMALS = "own decimals"


def cell_format(column: Column, row: dict) -> str | None:
    """The number format of ``column`` in ``row``."""
    if column.number_format != OWN_DECIMALS:
        return column.number_format
    places = int(row.get("decimals") or 0)
    return "#,##0" + ("." + "0" * places if places else "")


def _header(column: Column, lang: str | None) -> str:
    if not column.unit:
        return column.header
    return t("header_with_unit", lang, header=column.header, unit=column.unit)


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return neutralise(value)


def _header_lines(column: Column, lang: str | None) -> int:
    """How many lines a header needs in its column (CJK characters count double)."""
    text = _header(column, lang)
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-width // max(int(column.width) - 1, 1)))


def _print_setup(sheet, columns: list[Column], header_row: int, lang) -> None:
    """Print on A4 landscape, the width of one page, the title and header rows
    repeated on every page; a header row tall enough for its wrapped text."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    lines = max((_header_lines(c, lang) for c in columns), default=1)
    sheet.row_dimensions[header_row].height = 15 * lines + 4


def table_xlsx(
    rows: list[dict],
    columns: list[Column],
    *,
    title: str,
    notes: list[str] = (),
    lang: str | None = None,
) -> bytes:
    """A formatted workbook: title rows, Chinese headers with units, number formats,
    a frozen header row and column widths."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("sheet_data", lang)
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([neutralise(note)])
    header_row = sheet.max_row + 1
    sheet.append([_header(c, lang) for c in columns])
    fill = PatternFill("solid", fgColor="7A1D22")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
    for row in rows:
        sheet.append([_cell(row.get(c.key)) for c in columns])
        for index, column in enumerate(columns, start=1):
            if shown := cell_format(column, row):
                sheet.cell(sheet.max_row, index).number_format = shown
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    _print_setup(sheet, columns, header_row, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_number(value: float | int, number_format: str | None):
    """A number as the XLSX cell shows it under ``number_format``, without grouping:
    "0.00" → 2 places, "0.0" → 1, "0" and "#,##0" → whole, "#,##0.##" → at most 2
    (no trailing zeros). Without a format, floats lose binary noise
    (7.000000000000001 → 7, 24.687365674543848 → 24.6874)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not math.isfinite(value):
        return ""
    fixed, optional = 4, True
    if number_format:
        decimals = number_format.split(".", 1)[1] if "." in number_format else ""
        fixed, optional = len(decimals), "#" in decimals
    # Excel rounds half away from zero on the decimal value it shows (0.125 → 0.13).
    # With room for every digit a float can have (1e308 has 309 before the point).
    with localcontext(prec=340):
        exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-fixed), ROUND_HALF_UP)
    text = f"{exact:f}"
    if optional and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("-") if Decimal(text) == 0 else text


def table_csv(
    rows: list[dict], columns: list[Column], lang: str | None = None
) -> bytes:
    """UTF-8 with BOM, so that Excel shows the Chinese; numbers rounded as the XLSX
    number formats show them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_header(c, lang) for c in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = _cell(row.get(column.key))
            cells.append(
                "" if value is None else csv_number(value, cell_format(column, row))
            )
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def chromium_path() -> str | None:
    """The browser kaleido will drive, if this machine has one."""
    configured = current_settings().browser_path
    if configured and os.path.exists(configured):
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def cjk_fonts() -> tuple[Path, Path] | None:
    """The regular and bold CJK font files, if this machine has them."""
    regular, bold = CJK_FONTS
    return (regular, bold) if regular.exists() and bold.exists() else None


def image_problem() -> str | None:
    """Why chart images cannot be drawn here (a catalogue key naming what to
    install), or None when they can."""
    if chromium_path() is None:
        return "exp_no_browser"
    if cjk_fonts() is None:
        return "exp_no_fonts"
    return None


def chart_for_print(
    figure: go.Figure,
    *,
    title: str,
    period: str,
    lang: str | None,
    demo: bool,
    provisional: bool = False,
) -> go.Figure:
    """The figure with its title, the period, the data source, 示例数据 and 临时 (a
    month still being reported) on it."""
    printed = go.Figure(figure)
    caption = f"{period} · {t('data_source', lang)}"
    caption += f" · {t('demo_data', lang)}" if demo else ""
    caption += f" · {t('provisional_badge', lang)}" if provisional else ""
    printed.update_layout(
        title={"text": f"{title}<br><sup>{caption}</sup>", "x": 0.02, "y": 0.97},
        margin={"t": 90, "l": 80, "r": 40, "b": 70},
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
    )
    printed.add_annotation(
        text=t("generated_at", lang, when=f"{datetime.now():%Y-%m-%d %H:%M}"),
        xref="paper", yref="paper", x=1, y=-0.2, showarrow=False,
        font={"size": 10, "color": "#57606a"}, xanchor="right",
    )  # fmt: skip
    return printed


def render_chart(figure: go.Figure, fmt: str) -> bytes:
    """PNG (print resolution), SVG or PDF bytes of a figure."""
    if fmt not in CHART_FORMATS:
        raise ValueError(fmt)
    problem = image_problem()
    if problem is not None:
        raise ExportUnavailable(problem)
    os.environ.setdefault("BROWSER_PATH", chromium_path())  # tells kaleido (a write)
    import kaleido

    opts = {
        "format": fmt,
        "width": PRINT_WIDTH,
        "height": PRINT_HEIGHT,
        "scale": PRINT_SCALE if fmt == "png" else 1,
    }
    with _RENDER_LOCK:
        try:
            kaleido.start_sync_server(silence_warnings=True)
            return kaleido.calc_fig_sync(figure.to_dict(), opts=opts)
        except Exception as failed:  # a browser that will not start or draw
            log.exception("chart image failed")
            raise ExportUnavailable("exp_render_failed") from failed
