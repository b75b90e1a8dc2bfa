"""A bounded reader for the first sheet of an XLSX file: rows of cell text.

openpyxl, even read-only, scans a whole sheet for its size before yielding a row when
the sheet has no ``<dimension>`` (a crafted 2,000,000-row sheet then takes minutes).
This reader streams the sheet XML with ``iterparse`` and stops at a row limit; the
caller checks the unpacked size first (``zipfile`` enforces the declared sizes, so
nothing inflates past them).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import iterparse

from i18n import Refusal

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


# What reading a damaged member raises: a bad CRC, bytes that do not inflate, a
# member cut short.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)


class XlsxError(Refusal, ValueError):
    """The workbook cannot be read; ``key`` says why."""


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    try:
        with archive.open("xl/workbook.xml") as source:
            sheet = next(
                (e for _, e in iterparse(source) if e.tag == f"{MAIN}sheet"), None
            )
        if sheet is None:
            raise XlsxError("xlsx_no_sheet")
        rel_id = sheet.get(f"{REL}id")
        with archive.open("xl/_rels/workbook.xml.rels") as source:
            for _, rel in iterparse(source):
                if rel.tag == f"{PKG_REL}Relationship" and rel.get("Id") == rel_id:
                    target = rel.get("Target", "")
                    if target.startswith("/"):
                        return target.lstrip("/")
                    return posixpath.normpath(posixpath.join("xl", target))
    except KeyError:
        pass
    if "xl/worksheets/sheet1.xml" in archive.namelist():
        return "xl/worksheets/sheet1.xml"
    raise XlsxError("xlsx_sheet_missing")


def _text(element) -> str:
    """All ``<t>`` text under a shared string or an inline string (rich text too)."""
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t"))


# The shared strings of a month's report hold a few thousand characters; a table of
# more text than this is no report (one 1 MB string referenced from every row was the
# probe's way to make each row cost a tenth of a second).
MAX_SHARED_TEXT = 1_000_000


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    total = 0
    with archive.open("xl/sharedStrings.xml") as source:
        for _, element in iterparse(source):
            if element.tag == f"{MAIN}si":
                strings.append(_text(element))
                total += len(strings[-1])
                if total > MAX_SHARED_TEXT:
                    raise XlsxError("xlsx_shared_too_long", limit=MAX_SHARED_TEXT)
                element.clear()
    return strings


def _column(reference: str | None, fallback: int) -> int:
    """0-based column of a cell reference such as "AB12"; ``fallback`` without one."""
    if not reference:
        return fallback
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1 if index else fallback


def _number_text(raw: str) -> str:
    """A stored number as a person sees it: 700 for "700" or "700.0", 4.21 as is."""
    try:
        value = float(raw)
    except ValueError:
        return raw
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _cell(element, shared: list[str]) -> str:
    kind = element.get("t", "n")
    if kind == "inlineStr":
        inline = element.find(f"{MAIN}is")
        return _text(inline) if inline is not None else ""
    raw = element.findtext(f"{MAIN}v") or ""
    if kind == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            raise XlsxError("xlsx_bad_string") from None
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE"
    if kind in ("str", "e"):
        return raw
    return _number_text(raw) if raw else ""


def iter_rows(archive: zipfile.ZipFile, max_columns: int) -> Iterator[list[str]]:
    """The first sheet's rows, in order, as lists of text (at most ``max_columns``).

    Rows missing from the XML come back as empty lists so that row numbers match
    what a person sees in Excel. A generator: the caller stops reading when it has
    had enough.
    """
    try:
        path = _first_sheet_path(archive)
        shared = _shared_strings(archive)
        source = archive.open(path)
    except DAMAGED as exc:
        raise XlsxError("xlsx_damaged") from exc
    except (KeyError, SyntaxError) as exc:
        raise XlsxError("xlsx_broken", reason=type(exc).__name__) from exc
    with source:
        number = 0
        try:
            for _, element in iterparse(source):
                if element.tag != f"{MAIN}row":
                    continue
                wanted = int(element.get("r") or number + 1)
                while number + 1 < wanted:
                    number += 1
                    yield []
                number += 1
                cells: list[str] = []
                for position, cell in enumerate(element.iter(f"{MAIN}c")):
                    column = _column(cell.get("r"), position)
                    if column >= max_columns:
                        continue
                    cells.extend([""] * (column + 1 - len(cells)))
                    cells[column] = _cell(cell, shared).strip()
                element.clear()
                yield cells
        except DAMAGED as exc:  # found as the sheet is read
            raise XlsxError("xlsx_damaged") from exc
        except (SyntaxError, ValueError) as exc:  # ParseError is a SyntaxError
            if isinstance(exc, XlsxError):
                raise
            raise XlsxError("xlsx_broken", reason=type(exc).__name__) from exc
