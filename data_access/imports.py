"""Monthly figures from CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX files, or from the entry
grid: parsed, converted to each indicator's unit and validated all at once.

Every problem names its row (as numbered in the file, header = row 1) and column, in
Chinese. Nothing here writes: ``plan_rows`` returns an ``ImportPlan`` that says what would
change; ``data_access.writes.apply_import`` commits one in a single transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, or_, select

from data_access.accounts import Actor
from data_access.models import Indicator, Region, Report
from data_access.xlsx import XlsxError, iter_rows

ENCODINGS = ("utf-8-sig", "gbk")
ALLOWED_SUFFIXES = (".csv", ".xlsx")

# Column headers accepted for each field, most specific first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("旗县区代码", "行政区划代码", "adcode", "region_code", "旗县区", "地区",
               "区县", "county", "region"),
    "indicator": ("指标代码", "indicator_code", "code", "指标", "指标名称", "indicator"),
    "year": ("年份", "年", "year"),
    "month": ("月份", "月", "month"),
    "value": ("数值", "本月累计", "值", "value"),
    "unit": ("单位", "unit"),
}  # fmt: skip
COLUMN_LABELS = {
    "region": "旗县区",
    "indicator": "指标",
    "year": "年份",
    "month": "月份",
    "value": "数值",
    "unit": "单位",
}
REQUIRED = ("region", "indicator", "year", "month", "value")

# Units by dimension, as multiples of the smallest one.
UNIT_SCALES: dict[str, dict[str, float]] = {
    "persons": {"人": 1, "万人": 10_000},
    "person-times": {"人次": 1, "万人次": 10_000},
    "money": {"元": 0.0001, "万元": 1, "亿元": 10_000},
    "percent": {"%": 1, "％": 1},
    "parks": {"个": 1},
    "enterprises": {"家": 1, "个": 1},
    "households": {"户": 1},
}
WHOLE_UNITS = {"人", "人次", "个", "家", "户"}
# No county reports a figure this large; a bigger one is a typo or a forged request.
MAX_VALUE = 1e9
MAX_NUMBER_TEXT = 32
# A month's report is ~10 rows a county; a file is refused long before it can tie up a
# worker. XLSX is a ZIP: its declared unpacked size is checked before anything is read
# (zipfile enforces the declared sizes), and its rows are streamed, stopping at a limit.
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 20_000  # blank rows included
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
# Plain ASCII digits, optionally grouped by ASCII commas, an optional decimal part; a
# percent sign only where the indicator is a rate. float() alone would also take
# "1_000", full-width and Arabic-Indic digits, "inf" and "1e3".
NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
PERCENT_SIGNS = ("%", "％")


@dataclass(frozen=True)
class Problem:
    message: str
    row: int | None = None
    column: str | None = None

    def text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"「{self.column}」列")
        return ("".join(where) + "：" if where else "") + self.message


@dataclass(frozen=True)
class PlannedRow:
    row: int
    region: str
    region_name: str
    indicator: str
    indicator_name: str
    year: int
    month: int
    value: float
    old: float | None

    @property
    def change(self) -> str:
        if self.old is None:
            return "new"
        return "unchanged" if math.isclose(self.old, self.value) else "changed"


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    filename: str = ""
    file_sha256: str = ""
    skipped_blank: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.change != "unchanged"]

    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for r in self.rows:
            counts[r.change] += 1
        return counts


class FileRejected(ValueError):
    """The file as a whole cannot be read; carries the problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem


def _read_xlsx(content: bytes) -> pd.DataFrame:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise FileRejected(
            Problem("无法读取XLSX文件：文件已损坏或不是XLSX格式")
        ) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected(Problem(
            f"XLSX文件解压后达{unpacked / 1048576:.0f}MB，超过上限"
            f"{MAX_UNPACKED_BYTES / 1048576:.0f}MB；每月报送数据通常不超过几百行，"
            "请只保留需要导入的工作表和数据行"
        ))  # fmt: skip
    rows: list[list[str]] = []
    try:
        for scanned, cells in enumerate(iter_rows(archive, MAX_COLUMNS), start=1):
            if any(cells):
                rows.append(cells)
            if len(rows) > MAX_ROWS + 1 or scanned > MAX_SCANNED_ROWS:
                raise FileRejected(_too_many_rows())
    except XlsxError as exc:
        raise FileRejected(Problem(f"无法读取XLSX文件：{exc}")) from exc
    if not rows:
        raise FileRejected(Problem("文件是空的"))
    width = max(len(r) for r in rows)
    header = [h or f"列{i + 1}" for i, h in enumerate(rows[0] + [""] * width)][:width]
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=_unique(header), dtype=object)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h}.{seen[h] - 1}")
    return out


def _too_many_rows() -> Problem:
    return Problem(
        f"文件超过{MAX_ROWS}行数据，超出一次报送的上限；请按月份或旗县区拆分后上传"
    )


def _read_csv(content: bytes) -> pd.DataFrame:
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(Problem("无法识别文件编码，请保存为UTF-8或GBK编码的CSV"))
    if "\x00" in text:
        raise FileRejected(Problem("文件类型不支持：这不是文本CSV文件"))
    if text.split("\n", 1)[0].count(",") >= MAX_COLUMNS:
        raise FileRejected(Problem(f"表头超过{MAX_COLUMNS}列，请使用模板的列", row=1))
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False,
            skipinitialspace=True, nrows=MAX_ROWS + 1,
        )  # fmt: skip
    except (pd.errors.ParserError, csv.Error) as exc:
        raise FileRejected(Problem(f"CSV格式有误：{exc}")) from exc
    if len(frame) > MAX_ROWS:
        raise FileRejected(_too_many_rows())
    return frame


def read_table(content: bytes, filename: str, max_bytes: int) -> pd.DataFrame:
    """The file's cells as strings, header on row 1. Raises FileRejected.

    Bounded work whatever the file: its size, an XLSX's unpacked size, its rows and
    columns are all limited before or while it is read.
    """
    name = (filename or "").lower()
    if len(content) > max_bytes:
        raise FileRejected(
            Problem(f"文件大小{len(content) / 1048576:.1f}MB，超过上限"
                    f"{max_bytes / 1048576:.0f}MB")
        )  # fmt: skip
    if not name.endswith(ALLOWED_SUFFIXES):
        raise FileRejected(Problem("文件类型不支持，请上传CSV或XLSX文件（可下载模板）"))
    if not content.strip():
        raise FileRejected(Problem("文件是空的"))
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def map_columns(frame: pd.DataFrame) -> tuple[dict[str, str], list[Problem]]:
    """Which file column holds each field; problems for missing required ones."""
    headers = {str(c).strip().lower(): c for c in frame.columns}
    found: dict[str, str] = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name.lower() in headers:
                found[key] = headers[name.lower()]
                break
    missing = [COLUMN_LABELS[k] for k in REQUIRED if k not in found]
    problems = []
    if missing:
        problems.append(
            Problem(
                f"缺少必需的列：{'、'.join(missing)}（表头应在第1行，可下载模板）",
                row=1,
            )
        )
    return found, problems


def _number(text, *, percent: bool = False) -> float | None:
    """A number as people type it: ASCII digits, grouping commas, a decimal point.

    None for an empty cell; NaN for anything else that is not such a number (including
    a percent sign unless ``percent``: "2600%" is not 2600 persons).
    """
    cleaned = str(text).strip()
    if cleaned == "":
        return None
    if percent and cleaned.endswith(PERCENT_SIGNS):
        cleaned = cleaned[:-1].strip()
    if len(cleaned) > MAX_NUMBER_TEXT or not NUMBER.fullmatch(cleaned):
        return math.nan
    return float(cleaned.replace(",", ""))


def _integer(text) -> int | None:
    value = _number(text)
    if value is None or math.isnan(value) or value != int(value):
        return None
    return int(value)


def _unit_factor(file_unit: str, base_unit: str) -> float | None:
    file_unit = file_unit.strip()
    if not file_unit or file_unit == base_unit:
        return 1.0
    for scale in UNIT_SCALES.values():
        if file_unit in scale and base_unit in scale:
            return scale[file_unit] / scale[base_unit]
    return None


@dataclass(frozen=True)
class Catalogue:
    regions: dict[str, tuple[int, str, str]]  # code → (id, name, level)
    region_names: dict[str, str]  # name → code
    indicators: dict[str, tuple[int, str, str, str]]  # code → (id, name, unit, kind)
    indicator_names: dict[str, str]  # name → code


def load_catalogue(conn: Connection) -> Catalogue:
    regions = {
        code: (rid, name, level)
        for rid, code, name, level in conn.execute(
            select(Region.id, Region.code, Region.name_zh, Region.level)
        )
    }
    indicators = {
        code: (iid, name, unit, kind)
        for iid, code, name, unit, kind in conn.execute(
            select(
                Indicator.id, Indicator.code, Indicator.name_zh, Indicator.unit_zh,
                Indicator.kind,
            )
        )
    }  # fmt: skip
    return Catalogue(
        regions=regions,
        region_names={v[1]: k for k, v in regions.items()},
        indicators=indicators,
        indicator_names={v[1]: k for k, v in indicators.items()},
    )


def writable(actor: Actor, region: str, catalogue: Catalogue) -> bool:
    """County officials write their own county; the supervisory office the city's rows."""
    info = catalogue.regions.get(region)
    if info is None:
        return False
    if actor.role == "county":
        return actor.region == region
    return actor.role == "supervisor" and info[2] == "city"


def _existing(conn: Connection, keys: set[tuple[int, int, int, int]]) -> dict:
    """Working values for (region_id, indicator_id, year, month) keys, in one query."""
    if not keys:
        return {}
    periods = {(k[2], k[3]) for k in keys}
    regions = {k[0] for k in keys}
    rows = conn.execute(
        select(
            Report.region_id,
            Report.indicator_id,
            Report.year,
            Report.month,
            Report.value,
        ).where(
            Report.region_id.in_(regions),
            or_(*(and_(Report.year == y, Report.month == m) for y, m in periods)),
        )
    )
    return {(r[0], r[1], r[2], r[3]): r[4] for r in rows}


def _not_a_number(raw: str, indicator: str | None, catalogue: Catalogue) -> str:
    shown = f"「{raw[:40]}」"
    if indicator and raw.endswith(PERCENT_SIGNS):
        _, name, unit, _ = catalogue.indicators[indicator]
        return f"{shown}带百分号，但{name}的单位是{unit}：百分号只能用于比率类指标"
    return f"{shown}不是数字（请只用半角数字，可带千位逗号和小数点）"


def plan_rows(
    conn: Connection,
    actor: Actor,
    records: list[dict],
    today: date,
    *,
    filename: str = "",
    file_sha256: str = "",
) -> ImportPlan:
    """Validate raw records (keys: row, region, indicator, year, month, value, unit)."""
    catalogue = load_catalogue(conn)
    problems: list[Problem] = []
    parsed: list[tuple] = []
    seen: dict[tuple, int] = {}
    skipped = 0
    for rec in records:
        row = rec["row"]
        raw_value = str(rec.get("value", "") or "").strip()
        raw_region = str(rec.get("region", "") or "").strip()
        raw_indicator = str(rec.get("indicator", "") or "").strip()
        if raw_value == "":
            skipped += 1
            continue
        region = raw_region if raw_region in catalogue.regions else None
        region = region or catalogue.region_names.get(raw_region)
        if region is None:
            problems.append(
                Problem(f"未知的旗县区「{raw_region[:40]}」", row, "旗县区")
            )
        elif not writable(actor, region, catalogue):
            name = catalogue.regions[region][1]
            problems.append(
                Problem(f"无权报送{name}的数据（只能报送本旗县区）", row, "旗县区")
            )
            region = None
        indicator = raw_indicator if raw_indicator in catalogue.indicators else None
        indicator = indicator or catalogue.indicator_names.get(raw_indicator)
        if indicator is None:
            problems.append(Problem(f"未知的指标「{raw_indicator[:40]}」", row, "指标"))
        year = _integer(rec.get("year", ""))
        month = _integer(rec.get("month", ""))
        if year is None or not 2000 <= year <= 2100:
            problems.append(
                Problem(f"年份「{str(rec.get('year', ''))[:20]}」无效", row, "年份")
            )
        if month is None or not 1 <= month <= 12:
            problems.append(
                Problem(
                    f"月份「{str(rec.get('month', ''))[:20]}」无效，应为1–12",
                    row,
                    "月份",
                )
            )
        elif year is not None and (year, month) > (today.year, today.month):
            problems.append(
                Problem(f"{year}年{month}月尚未到来，不能报送", row, "月份")
            )
        kind = catalogue.indicators[indicator][3] if indicator else None
        value = _number(raw_value, percent=kind in (None, "rate_cap"))
        if value is None or math.isnan(value):
            problems.append(Problem(_not_a_number(raw_value, indicator, catalogue),
                                    row, "数值"))  # fmt: skip
            value = None
        if indicator is None or value is None:
            continue
        _, name, base_unit, kind = catalogue.indicators[indicator]
        factor = _unit_factor(str(rec.get("unit", "") or ""), base_unit)
        if factor is None:
            problems.append(Problem(f"单位「{rec.get('unit')}」不适用于{name}（应为{base_unit}）",
                                    row, "单位"))  # fmt: skip
            continue
        value = round(value * factor, 6)
        if abs(value) > MAX_VALUE:
            problems.append(Problem(f"{name}数值{value:g}超出合理范围", row, "数值"))
            continue
        if value < 0:
            problems.append(Problem(f"{name}不能为负数", row, "数值"))
        if kind == "rate_cap" and not 0 <= value <= 100:
            problems.append(Problem(f"{name}应在0–100之间", row, "数值"))
        if base_unit in WHOLE_UNITS and value != int(value):
            problems.append(Problem(f"{name}应为整数{base_unit}", row, "数值"))
        if region is None or year is None or month is None:
            continue
        key = (region, indicator, year, month)
        if key in seen:
            problems.append(
                Problem(f"与第{seen[key]}行重复（同一旗县区、指标、年月）", row)
            )
            continue
        seen[key] = row
        parsed.append((row, region, indicator, year, month, value, kind))

    ids = {
        (catalogue.regions[r][0], catalogue.indicators[i][0], y, m)
        for _, r, i, y, m, _, _ in parsed
    }
    previous_keys = {(a, b, y, m - 1) for a, b, y, m in ids if m > 1}
    existing = _existing(conn, ids | previous_keys)
    in_file = {(r, i, y, m): v for _, r, i, y, m, v, _ in parsed}
    rows: list[PlannedRow] = []
    for row, region, indicator, year, month, value, kind in parsed:
        rid, iid = catalogue.regions[region][0], catalogue.indicators[indicator][0]
        if kind == "flow" and month > 1:
            before = in_file.get((region, indicator, year, month - 1))
            if before is None:
                before = existing.get((rid, iid, year, month - 1))
            if before is not None and value < before:
                problems.append(Problem(
                    f"1–{month}月累计{value:g}低于1–{month - 1}月的{before:g}（累计数不应减少）",
                    row, "数值"))  # fmt: skip
        rows.append(
            PlannedRow(
                row=row,
                region=region,
                region_name=catalogue.regions[region][1],
                indicator=indicator,
                indicator_name=catalogue.indicators[indicator][1],
                year=year,
                month=month,
                value=value,
                old=existing.get((rid, iid, year, month)),
            )
        )
    if not rows and not problems:
        problems.append(Problem("文件中没有可导入的数据行"))
    problems.sort(key=lambda p: p.row or 0)
    return ImportPlan(
        rows=tuple(rows),
        problems=tuple(problems),
        filename=filename,
        file_sha256=file_sha256,
        skipped_blank=skipped,
    )


def records_from_file(frame: pd.DataFrame) -> tuple[list[dict], list[Problem]]:
    columns, problems = map_columns(frame)
    if problems:
        return [], problems
    records = []
    for index, values in enumerate(frame.to_dict("records")):
        records.append(
            {"row": index + 2}
            | {key: str(values.get(col, "")).strip() for key, col in columns.items()}
        )
    return records, []


@dataclass(frozen=True)
class ParsedFile:
    """An uploaded file read into raw records (no database needed), or its problems."""

    filename: str
    file_sha256: str
    records: tuple[dict, ...] = ()
    problems: tuple[Problem, ...] = ()

    def rejected(self) -> ImportPlan:
        return ImportPlan(problems=self.problems, filename=self.filename,
                          file_sha256=self.file_sha256)  # fmt: skip


def parse_file(content: bytes, filename: str, max_bytes: int) -> ParsedFile:
    """Read and map an uploaded file's rows; bounded work, nothing written."""
    digest = hashlib.sha256(content).hexdigest()
    try:
        frame = read_table(content, filename, max_bytes)
    except FileRejected as rejected:
        return ParsedFile(filename, digest, problems=(rejected.problem,))
    records, problems = records_from_file(frame)
    return ParsedFile(filename, digest, tuple(records), tuple(problems))


def plan_file(
    conn: Connection, actor: Actor, parsed: ParsedFile, today: date
) -> ImportPlan:
    """Validate a parsed file against the database: every problem at once."""
    if parsed.problems:
        return parsed.rejected()
    return plan_rows(conn, actor, list(parsed.records), today,
                     filename=parsed.filename, file_sha256=parsed.file_sha256)  # fmt: skip
