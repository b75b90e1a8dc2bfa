"""Monthly figures from CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX files, or from the entry
grid: parsed, converted to each indicator's unit and validated all at once.

Every problem names its row (as numbered in the file, header = row 1) and column, in
Chinese. Nothing here writes: ``resolve_records`` checks records against the catalogue
(the slow part, before any lock) and ``check_resolved`` turns them into an ``ImportPlan``
that says what would change against the database (one query); ``data_access.writes``
commits one in a single transaction.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import math
import numbers
import re
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from data_access.accounts import Actor
from data_access.models import (
    Indicator,
    Region,
    Report,
    SavedAlias,
    Scheme,
    SchemeWeight,
)
from data_access.xlsx import XlsxError, iter_rows
from domain.cycle import opens_on
from domain.kinds import kind_of
from i18n import t
from i18n.vocabulary import (
    COLUMNS,
    IGNORED_COLUMNS,
    NAME_AFFIXES,
    PERCENT_SIGNS,
    UNIT_SCALES,
    WHOLE_UNITS,
)
from settings import current_settings

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
# No county name, indicator name, year, month, unit or figure is longer than this: a
# longer cell is refused at its row and column before any name is matched.
MAX_CELL_CHARS = 200
MAX_READ_AS = 50  # suggestions a file may accept at once
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
    header: str | None = None  # the file's own column header, where it names it

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
        if self.header:
            where.append(t("at_column", lang, column=self.header))
        elif self.column:
            where.append(t("at_column", lang, column=t(f"col_{self.column}", lang)))
        return (
            t("problem_at", lang, where="".join(where), message=message)
            if where
            else message
        )


def problem(
    key: str,
    row: int | None = None,
    column: str | None = None,
    *,
    header: str | None = None,
    **values,
) -> Problem:
    return Problem(key, tuple(values.items()), row, column, header)


def normalise(name: str) -> str:
    """A name as written, made comparable: full-width forms folded (（ → (, ％ → %),
    white space dropped, Latin letters lower-cased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name))).lower()


_AFFIXES = re.compile("|".join(map(re.escape, NAME_AFFIXES)))


def core(name: str) -> str:
    """A name without its unit and the usual prefixes and suffixes."""
    return _AFFIXES.sub("", normalise(split_unit(name)[0]))


_UNIT_SUFFIX = re.compile(r"^(.*?)\s*\(\s*([^()]+?)\s*\)\s*$")  # after NFKC: （ → (
_KNOWN_UNITS = {unit for scale in UNIT_SCALES.values() for unit in scale}


def split_unit(header: str) -> tuple[str, str]:
    """ "创业担保贷款发放额（万元）" → ("创业担保贷款发放额", "万元"); a header without a
    known unit in brackets is returned whole, with no unit."""
    found = _UNIT_SUFFIX.match(unicodedata.normalize("NFKC", str(header)).strip())
    if found and found.group(2) in _KNOWN_UNITS:
        return found.group(1), found.group(2)
    return str(header).strip(), ""


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
    decimals: int = 0  # the indicator's own, as figures are shown

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
    return _frame(rows)


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
    """The CSV's rows as the CSV parser sees them (a quoted cell may hold a line
    break or commas), stopping at the row and column limits: no file costs more
    than reading its first MAX_ROWS rows of MAX_COLUMNS cells."""
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
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    number = 0  # the record (a quoted cell may span lines), as a spreadsheet numbers it
    try:
        for number, cells in enumerate(reader, start=1):
            if len(cells) > MAX_COLUMNS:
                key = "imp_too_many_columns" if not rows else "imp_row_too_many_columns"
                raise FileRejected(problem(key, row=number, limit=MAX_COLUMNS))
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are passed over, as spreadsheets leave them
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                raise FileRejected(_too_many_rows())
    except csv.Error as exc:
        raise FileRejected(problem("imp_bad_csv", row=number + 1,
                                   reason=str(exc)[:200])) from exc  # fmt: skip
    if not rows:
        raise FileRejected(problem("imp_empty"))
    return _frame(rows)


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    """Rows of cell text as a frame of strings: the first row names the columns (an
    empty header cell is "columnN"), short rows are filled with empty cells."""
    width = max(len(r) for r in rows)
    header = [
        h.strip() or f"column{i + 1}" for i, h in enumerate(rows[0] + [""] * width)
    ][:width]
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=_unique(header), dtype=object)


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


WIDE_REQUIRED = ("region", "year", "month")


def map_columns(frame: pd.DataFrame) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Which file column holds each field, and the indicator columns of a wide file
    (one row per county, one column per indicator, as counties keep them in Excel);
    problems for missing required columns."""
    headers = {normalise(c): c for c in frame.columns}
    found: dict[str, str] = {}
    for key, names in COLUMNS.items():
        for name in names:
            if normalise(name) in headers:
                found[key] = headers[normalise(name)]
                break
    ignored = {normalise(n) for n in IGNORED_COLUMNS}
    wide = []
    if "indicator" not in found and "value" not in found:
        used = set(found.values())
        wide = [c for c in frame.columns
                if c not in used and normalise(c) not in ignored
                and not str(c).startswith("column")]  # fmt: skip
    required = WIDE_REQUIRED if wide else REQUIRED
    missing = tuple(k for k in required if k not in found)
    problems = []
    if missing:
        problems.append(problem("imp_missing_columns", row=1, columns=missing))
    return found, wide, problems


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


def figure_problems(
    value: float, name: str, unit: str, kind: str, row: int | None = None
) -> list[Problem]:
    """What is wrong with a figure of an indicator (its ``name``, base ``unit`` and
    ``kind``) however it came in (a file, the grid, a target): beyond any plausible
    size, negative, a rate outside 0–100, a fraction of a whole unit."""
    if abs(value) > MAX_VALUE:
        return [
            problem("imp_out_of_range", row, "value", name=name, value=f"{value:g}")
        ]
    found = []
    if value < 0:
        found.append(problem("imp_negative", row, "value", name=name))
    bounds = _bounds(kind)
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        found.append(problem("imp_rate_range", row, "value", name=name))
    if unit in WHOLE_UNITS and value != int(value):
        found.append(problem("imp_whole", row, "value", name=name, unit=unit))
    return found


def _percent(kind: str | None) -> bool:
    """Figures of this kind are percentages (4.2 or 4.2%)."""
    found = kind_of(kind)
    return found is not None and found.percent


def _bounds(kind: str | None) -> tuple[float, float] | None:
    found = kind_of(kind)
    return None if found is None else found.bounds


def _cumulative(kind: str | None) -> bool:
    """A figure of this kind is 1–N月累计: it never falls within a year."""
    found = kind_of(kind)
    return found is not None and found.cumulative


def read_figure(raw, name: str, unit: str, kind: str) -> tuple[float | None, list]:
    """A figure typed anywhere (a file's cell, the grid, a target): the number read
    as :func:`_number` reads it (a JSON or numpy number as its plain text), and its
    problems (with no row or column: the caller says where). None with no problems
    for an empty cell."""
    if isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, numbers.Integral):
        text = str(int(raw))
    elif isinstance(raw, numbers.Real):
        text = repr(float(raw))
    else:
        text = str(raw)
    value = _number(text, percent=_percent(kind))
    if value is None and not isinstance(raw, bool):
        return None, []
    if value is None or math.isnan(value):
        return None, [problem("imp_not_number", value=text[:40])]
    found = figure_problems(value, name, unit, kind)
    return value, [replace(p, column=None) for p in found]


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
    """The names a file may use for counties and indicators. Each distinct name is
    matched once (a 5,000-row file names seven counties): the answers are kept in
    ``memo``, which lives as long as this catalogue (one plan)."""

    regions: dict[str, tuple[int, str, str]]  # code → (id, name, level)
    region_names: dict[str, str]  # normalised code, name or alias → code
    indicators: dict[str, tuple[int, str, str, str]]  # code → (id, name, unit, kind)
    indicator_names: dict[str, str]  # normalised code, name or alias → code
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    decimals: dict[str, int] = field(default_factory=dict)  # code → decimals shown

    def _once(self, kind: str, raw: str, find):
        key = (kind, raw)
        if key not in self.memo:
            self.memo[key] = find(raw)
        return self.memo[key]

    def region(self, raw: str) -> str | None:
        if raw in self.regions:
            return raw
        return self._once("region", raw, lambda r: self.region_names.get(normalise(r)))

    def indicator(self, raw: str) -> str | None:
        if raw in self.indicators:
            return raw
        return self._once("indicator", raw, lambda r: self.indicator_names.get(
            normalise(split_unit(r)[0])) or self.indicator_names.get(normalise(r)))  # fmt: skip

    @staticmethod
    def _nearest(raw: str, names: dict[str, str]) -> str | None:
        """The known name closest to ``raw``; failing that, the one whose core (the
        name without the statistics bulletins' usual prefixes and suffixes: 城乡,
        人员, 人数, 劳动者 …) contains ``raw``'s core or is contained in it."""
        close = difflib.get_close_matches(normalise(raw), list(names), n=1, cutoff=0.5)
        if close:
            return names[close[0]]
        mine = core(raw)
        if len(mine) < 2:
            return None
        found = [(difflib.SequenceMatcher(None, mine, core(n)).ratio(), n) for n in names
                 if len(core(n)) >= 2 and (mine in core(n) or core(n) in mine)]  # fmt: skip
        return names[max(found)[1]] if found else None

    def nearest_region(self, raw: str) -> str | None:
        """The code of the county ``raw`` most likely means, or None."""
        return self._once("near_region", raw,
                          lambda r: self._nearest(r, self.region_names))  # fmt: skip

    def nearest_indicator(self, raw: str) -> str | None:
        """The code of the indicator ``raw`` most likely means, or None."""
        return self._once("near_indicator", raw, lambda r: self._nearest(
            split_unit(r)[0], self.indicator_names))  # fmt: skip

    def reading(self, read_as) -> Catalogue:
        """This catalogue with the wordings ``read_as`` names, (field, wording, code)
        triples, read as those codes (a suggestion accepted for one file); unknown
        fields and codes are left out."""
        extra = {"region": {}, "indicator": {}}
        for found in list(read_as or ())[:MAX_READ_AS]:
            field_, wording, code = (list(found) + [None] * 3)[:3]
            known = self.regions if field_ == "region" else self.indicators
            if field_ in extra and isinstance(wording, str) and code in known:
                extra[field_][normalise(split_unit(wording[:MAX_CELL_CHARS])[0])] = code
        if not any(extra.values()):
            return self
        return replace(self, region_names=self.region_names | extra["region"],
                       indicator_names=self.indicator_names | extra["indicator"], memo={})  # fmt: skip


def _names(rows) -> dict[str, str]:
    """Normalised code, Chinese and English names and aliases → code."""
    names: dict[str, str] = {}
    for code, name_zh, name_en, aliases in rows:
        for name in [code, name_zh, name_en, *(aliases or "").split(";")]:
            if name and name.strip():
                names.setdefault(normalise(name), code)
    return names


def load_catalogue(
    conn: Connection, regions: Collection[str] | None = None
) -> Catalogue:
    """The names files may use: codes, both languages' names, the city's aliases and
    the wordings the office saved as aliases (``saved_aliases``); of the regions
    ``regions`` (codes) only, where given (the entry grid names its county by code:
    reading and matching a country's 3,000 regions' names took 15-30 ms a save)."""
    chosen = () if regions is None else (Region.code.in_(sorted(regions)),)
    region_rows = conn.execute(
        select(Region.id, Region.code, Region.name_zh, Region.level, Region.name_en,
               Region.aliases).where(*chosen)
    ).all()  # fmt: skip
    regions = {code: (rid, name, level) for rid, code, name, level, _, _ in region_rows}
    indicator_rows = conn.execute(
        select(Indicator.id, Indicator.code, Indicator.name_zh, Indicator.unit_zh,
               Indicator.kind, Indicator.name_en, Indicator.aliases, Indicator.decimals)
    ).all()  # fmt: skip
    indicators = {code: (iid, name, unit, kind)
                  for iid, code, name, unit, kind, _, _, _ in indicator_rows}  # fmt: skip
    decimals = {r[1]: int(r[7] or 0) for r in indicator_rows}
    region_names = _names((r[1], r[2], r[4], r[5]) for r in region_rows)
    indicator_names = _names((r[1], r[2], r[5], r[6]) for r in indicator_rows)
    for field_, wording, code in conn.execute(
        select(SavedAlias.field, SavedAlias.wording, SavedAlias.code)
    ):
        names, known = ((region_names, regions) if field_ == "region"
                        else (indicator_names, indicators))  # fmt: skip
        if code in known:
            names.setdefault(normalise(wording), code)
    return Catalogue(regions=regions, region_names=region_names, indicators=indicators,
                     indicator_names=indicator_names, decimals=decimals)  # fmt: skip


def writable(actor: Actor, region: str, catalogue: Catalogue) -> bool:
    """County officials write their own county; the supervisory office any region's
    rows (the city's own, and a county's on its behalf: 代报, shown as such)."""
    if region not in catalogue.regions:
        return False
    return actor.may_write_region(region)


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


def _at_header(found: Problem, header: str) -> Problem:
    if found.column in ("value", "unit", "indicator") and found.header is None:
        return replace(found, column=None, header=header)
    return found


def _unknown(catalogue: Catalogue, field: str, raw: str, row, header=None) -> Problem:
    """An unknown county or indicator, with the nearest known name when there is
    one ("您是否指「城镇新增就业人数」？")."""
    nearest = (
        catalogue.nearest_region if field == "region" else catalogue.nearest_indicator
    )(raw)
    shown = catalogue.regions if field == "region" else catalogue.indicators
    key = f"imp_unknown_{field}" + ("_suggest" if nearest else "")
    # The suggestion's code and the whole wording go with it: the preview offers to
    # read the file that way (see Catalogue.reading) and to save it as an alias.
    return problem(key, row, None if header else field, header=header, name=raw[:40],
                   suggestion=shown[nearest][1] if nearest else "", code=nearest or "",
                   wording=raw[:MAX_CELL_CHARS])  # fmt: skip


RECORD_FIELDS = ("region", "indicator", "year", "month", "value", "unit")


@dataclass(frozen=True)
class Resolved:
    """Raw records checked on their own (names matched, numbers read, units
    converted, rights checked): everything but what the database holds now. The
    slow part of a plan, done before any write lock is taken."""

    catalogue: Catalogue
    parsed: tuple[tuple, ...]  # (row, region, indicator, year, month, value, kind)
    problems: tuple[Problem, ...]
    headers: dict  # (row, indicator) → a wide file's column
    skipped: int
    filename: str = ""
    file_sha256: str = ""
    username: str = ""  # whose rights were checked
    day: date | None = None  # the day "the future" was judged from

    def fits(self, actor: Actor, file_sha256: str, filename: str, today: date) -> bool:
        """Whether this check stands for ``actor`` uploading that file today."""
        return (self.username, self.file_sha256, self.filename, self.day) == (
            actor.username, file_sha256, filename, today)  # fmt: skip


def _too_long(rec: dict) -> Problem | None:
    for name in RECORD_FIELDS:
        length = len(str(rec.get(name, "") or ""))
        if length > MAX_CELL_CHARS:
            return problem("imp_cell_too_long", rec.get("row"), name, length=length,
                           limit=MAX_CELL_CHARS)  # fmt: skip
    return None


def resolve_records(
    catalogue: Catalogue,
    actor: Actor,
    records: list[dict],
    today: date,
    *,
    filename: str = "",
    file_sha256: str = "",
) -> Resolved:
    """Check raw records (keys: row, region, indicator, year, month, value, unit)
    against the catalogue alone; no database is read. A month is reported from the
    first day after it (REPORT_OPEN_DAY of the next month), never while it runs."""
    open_day = current_settings().report_open_day
    problems: list[Problem] = []
    parsed: list[tuple] = []
    seen: dict[tuple, int] = {}
    unknown_headers: set[str] = set()
    headers: dict[tuple[int, str], str] = {}  # a wide file's column of each figure
    skipped = 0
    for rec in records:
        mark = len(problems)
        try:
            row = rec["row"]
            if (long := _too_long(rec)) is not None:
                problems.append(long)
                continue
            raw_value = str(rec.get("value", "") or "").strip()
            raw_region = str(rec.get("region", "") or "").strip()
            raw_indicator = str(rec.get("indicator", "") or "").strip()
            if raw_value == "":
                skipped += 1
                continue
            region = catalogue.region(raw_region)
            if region is None:
                problems.append(_unknown(catalogue, "region", raw_region, row))
            elif not writable(actor, region, catalogue):
                name = catalogue.regions[region][1]
                problems.append(
                    problem("imp_not_your_county", row, "region", name=name)
                )
                region = None
            indicator = catalogue.indicator(raw_indicator)
            header = rec.get("header")  # a wide file: this figure's column
            if indicator is None:
                if header is None:
                    problems.append(
                        _unknown(catalogue, "indicator", raw_indicator, row)
                    )
                elif header not in unknown_headers:  # once a column, at its header
                    unknown_headers.add(header)
                    problems.append(
                        _unknown(catalogue, "indicator", raw_indicator, 1, header)
                    )
                    continue
                else:
                    continue
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
                        "imp_bad_month",
                        row,
                        "month",
                        value=str(rec.get("month", ""))[:20],
                    )
                )
            elif year is not None and today < opens_on(year, month, open_day):
                # The month has not ended (未开始): nothing can be reported for it.
                opens = opens_on(year, month, open_day)
                problems.append(problem("imp_future", row, "month", year=year,
                                        month=month, opens=f"{opens:%Y-%m-%d}"))  # fmt: skip
            kind = catalogue.indicators[indicator][3] if indicator else None
            value = _number(raw_value, percent=kind is None or _percent(kind))
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
            found = figure_problems(value, name, base_unit, kind, row)
            problems.extend(found)
            if any(p.key == "imp_out_of_range" for p in found):
                continue
            if region is None or year is None or month is None:
                continue
            key = (region, indicator, year, month)
            if key in seen:
                problems.append(problem("imp_duplicate", row, other=seen[key]))
                continue
            seen[key] = row
            parsed.append((row, region, indicator, year, month, value, kind))
            if header:
                headers[(row, indicator)] = header

        finally:  # a wide file's figure is placed at its own column
            if rec.get("header"):
                problems[mark:] = [
                    _at_header(p, rec["header"]) for p in problems[mark:]
                ]
    return Resolved(catalogue, tuple(parsed), tuple(problems), headers, skipped,
                    filename, file_sha256, actor.username, today)  # fmt: skip


def _counted(conn: Connection, years) -> dict[int, set[int] | None]:
    """The indicator ids each year's scheme assesses (its own, else the newest
    earlier one's); None where no scheme judges the year (every indicator counts)."""
    found: dict[int, set[int] | None] = {}
    for year in years:
        source = conn.execute(
            select(func.max(Scheme.year)).where(Scheme.year <= year)
        ).scalar()
        found[year] = None if source is None else set(conn.execute(
            select(SchemeWeight.indicator_id).where(SchemeWeight.year == source)).scalars())  # fmt: skip
    return found


def check_resolved(conn: Connection, resolved: Resolved) -> ImportPlan:
    """The plan of resolved records against what the database holds now: old values
    and the year-to-date checks, in one query. Cheap enough to run inside a write
    transaction, so that what it checked holds for what is written."""
    catalogue, parsed, headers = resolved.catalogue, resolved.parsed, resolved.headers
    problems = list(resolved.problems)

    ids = {
        (catalogue.regions[r][0], catalogue.indicators[i][0], y, m)
        for _, r, i, y, m, _, _ in parsed
    }
    previous_keys = {(a, b, y, m - 1) for a, b, y, m in ids if m > 1}
    existing = _existing(conn, ids | previous_keys)
    in_file = {(r, i, y, m): v for _, r, i, y, m, v, _ in parsed}
    counted = _counted(conn, {y for _, _, _, y, _, _, _ in parsed})
    rows: list[PlannedRow] = []
    for row, region, indicator, year, month, value, kind in parsed:
        rid, iid = catalogue.regions[region][0], catalogue.indicators[indicator][0]
        if counted.get(year) is not None and iid not in counted[year]:
            found = problem("imp_not_in_scheme", row, "indicator", year=year,
                            name=catalogue.indicators[indicator][1])  # fmt: skip
            header = headers.get((row, indicator))
            problems.append(_at_header(found, header) if header else found)
            continue
        if _cumulative(kind) and month > 1:
            before = in_file.get((region, indicator, year, month - 1))
            if before is None:
                before = existing.get((rid, iid, year, month - 1))
            if before is not None and value < before:
                found = problem(
                    "imp_ytd_decrease", row, "value", month=month, previous=month - 1,
                    value=f"{value:g}", before=f"{before:g}")  # fmt: skip
                header = headers.get((row, indicator))
                problems.append(_at_header(found, header) if header else found)
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
                decimals=catalogue.decimals.get(indicator, 0),
            )
        )
    if not rows and not problems:
        problems.append(problem("imp_no_rows"))
    problems.sort(key=lambda p: p.row or 0)
    return ImportPlan(
        rows=tuple(rows),
        problems=tuple(problems),
        filename=resolved.filename,
        file_sha256=resolved.file_sha256,
        skipped_blank=resolved.skipped,
    )


def records_from_file(frame: pd.DataFrame) -> tuple[list[dict], list[Problem]]:
    """Raw records, one per figure: a long file gives one per row, a wide file one
    per cell of its indicator columns (the header names the indicator, and may carry
    its unit: "创业担保贷款发放额（万元）")."""
    for header in frame.columns:
        if len(str(header)) > MAX_CELL_CHARS:
            return [], [problem("imp_cell_too_long", 1, header=f"{str(header)[:20]}…",
                                length=len(str(header)), limit=MAX_CELL_CHARS)]  # fmt: skip
    columns, wide, problems = map_columns(frame)
    if problems:
        return [], problems
    records = []
    for index, values in enumerate(frame.to_dict("records")):
        common = {"row": index + 2} | {
            key: str(values.get(col, "")).strip() for key, col in columns.items()
        }
        if not wide:
            records.append(common)
            continue
        for header in wide:
            name, unit = split_unit(header)
            records.append(common | {"indicator": name, "unit": unit or common.get("unit", ""),
                                     "value": str(values.get(header, "")).strip(),
                                     "header": str(header)})  # fmt: skip
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


def resolve_file(catalogue: Catalogue, actor: Actor, parsed: ParsedFile, today: date):
    """A parsed file's records checked against the catalogue (see resolve_records)."""
    return resolve_records(catalogue, actor, list(parsed.records), today,
                           filename=parsed.filename, file_sha256=parsed.file_sha256)  # fmt: skip
