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
from i18n import t
from i18n.vocabulary import COLUMNS, PERCENT_SIGNS, UNIT_SCALES, WHOLE_UNITS

ENCODINGS = ("utf-8-sig", "gbk")
ALLOWED_SUFFIXES = (".csv", ".xlsx")

REQUIRED = ("region", "indicator", "year", "month", "value")

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


@dataclass(frozen=True)
class Problem:
    """What is wrong (a catalogue key and its values), and where: the file's row and
    the field whose column holds the bad cell."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    row: int | None = None
    column: str | None = None  # region, indicator, year, month, value, unit

    def text(self, lang: str | None = None) -> str:
        values = dict(self.values)
        if "columns" in values:  # field keys, named in the reader's language
            values["columns"] = t("list_separator", lang).join(
                t(f"col_{c}", lang) for c in values["columns"]
            )
        message = t(self.key, lang, **values)
        where = []
        if self.row is not None:
            where.append(t("at_row", lang, row=self.row))
        if self.column:
            where.append(t("at_column", lang, column=t(f"col_{self.column}", lang)))
        return (
            t("problem_at", lang, where="".join(where), message=message)
            if where
            else message
        )


def problem(
    key: str, row: int | None = None, column: str | None = None, **values
) -> Problem:
    return Problem(key, tuple(values.items()), row, column)


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
        raise FileRejected(problem("imp_bad_xlsx")) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected(problem("imp_unpacked_too_big", size=f"{unpacked / 1048576:.0f}",
                                   limit=f"{MAX_UNPACKED_BYTES / 1048576:.0f}"))  # fmt: skip
    rows: list[list[str]] = []
    try:
        for scanned, cells in enumerate(iter_rows(archive, MAX_COLUMNS), start=1):
            if any(cells):
                rows.append(cells)
            if len(rows) > MAX_ROWS + 1 or scanned > MAX_SCANNED_ROWS:
                raise FileRejected(_too_many_rows())
    except XlsxError as exc:
        raise FileRejected(
            problem("imp_unreadable_xlsx", reason=exc.text(None))
        ) from exc
    if not rows:
        raise FileRejected(problem("imp_empty"))
    width = max(len(r) for r in rows)
    header = [h or f"column{i + 1}" for i, h in enumerate(rows[0] + [""] * width)][
        :width
    ]
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
    return problem("imp_too_many_rows", limit=MAX_ROWS)


def _read_csv(content: bytes) -> pd.DataFrame:
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(problem("imp_encoding"))
    if "\x00" in text:
        raise FileRejected(problem("imp_not_text"))
    if text.split("\n", 1)[0].count(",") >= MAX_COLUMNS:
        raise FileRejected(problem("imp_too_many_columns", row=1, limit=MAX_COLUMNS))
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False,
            skipinitialspace=True, nrows=MAX_ROWS + 1,
        )  # fmt: skip
    except (pd.errors.ParserError, csv.Error) as exc:
        raise FileRejected(problem("imp_bad_csv", reason=str(exc)[:200])) from exc
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
        raise FileRejected(problem("imp_file_too_big", size=f"{len(content) / 1048576:.1f}",
                                   limit=f"{max_bytes / 1048576:.0f}"))  # fmt: skip
    if not name.endswith(ALLOWED_SUFFIXES):
        raise FileRejected(problem("imp_file_type"))
    if not content.strip():
        raise FileRejected(problem("imp_empty"))
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
    missing = tuple(k for k in REQUIRED if k not in found)
    problems = []
    if missing:
        problems.append(problem("imp_missing_columns", row=1, columns=missing))
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


def _not_a_number(
    raw: str, indicator: str | None, catalogue: Catalogue, row
) -> Problem:
    if indicator and raw.endswith(PERCENT_SIGNS):
        _, name, unit, _ = catalogue.indicators[indicator]
        return problem("imp_percent_not_rate", row, "value", value=raw[:40], name=name,
                       unit=unit)  # fmt: skip
    return problem("imp_not_number", row, "value", value=raw[:40])


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
                problem("imp_unknown_region", row, "region", name=raw_region[:40])
            )
        elif not writable(actor, region, catalogue):
            name = catalogue.regions[region][1]
            problems.append(problem("imp_not_your_county", row, "region", name=name))
            region = None
        indicator = raw_indicator if raw_indicator in catalogue.indicators else None
        indicator = indicator or catalogue.indicator_names.get(raw_indicator)
        if indicator is None:
            problems.append(
                problem(
                    "imp_unknown_indicator", row, "indicator", name=raw_indicator[:40]
                )
            )
        year = _integer(rec.get("year", ""))
        month = _integer(rec.get("month", ""))
        if year is None or not 2000 <= year <= 2100:
            problems.append(
                problem(
                    "imp_bad_year", row, "year", value=str(rec.get("year", ""))[:20]
                )
            )
        if month is None or not 1 <= month <= 12:
            problems.append(
                problem(
                    "imp_bad_month", row, "month", value=str(rec.get("month", ""))[:20]
                )
            )
        elif year is not None and (year, month) > (today.year, today.month):
            problems.append(problem("imp_future", row, "month", year=year, month=month))
        kind = catalogue.indicators[indicator][3] if indicator else None
        value = _number(raw_value, percent=kind in (None, "rate_cap"))
        if value is None or math.isnan(value):
            problems.append(_not_a_number(raw_value, indicator, catalogue, row))
            value = None
        if indicator is None or value is None:
            continue
        _, name, base_unit, kind = catalogue.indicators[indicator]
        factor = _unit_factor(str(rec.get("unit", "") or ""), base_unit)
        if factor is None:
            problems.append(problem("imp_bad_unit", row, "unit", unit=str(rec.get("unit"))[:20],
                                    name=name, base=base_unit))  # fmt: skip
            continue
        value = round(value * factor, 6)
        if abs(value) > MAX_VALUE:
            problems.append(
                problem("imp_out_of_range", row, "value", name=name, value=f"{value:g}")
            )
            continue
        if value < 0:
            problems.append(problem("imp_negative", row, "value", name=name))
        if kind == "rate_cap" and not 0 <= value <= 100:
            problems.append(problem("imp_rate_range", row, "value", name=name))
        if base_unit in WHOLE_UNITS and value != int(value):
            problems.append(
                problem("imp_whole", row, "value", name=name, unit=base_unit)
            )
        if region is None or year is None or month is None:
            continue
        key = (region, indicator, year, month)
        if key in seen:
            problems.append(problem("imp_duplicate", row, other=seen[key]))
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
                problems.append(problem(
                    "imp_ytd_decrease", row, "value", month=month, previous=month - 1,
                    value=f"{value:g}", before=f"{before:g}"))  # fmt: skip
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
        problems.append(problem("imp_no_rows"))
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
