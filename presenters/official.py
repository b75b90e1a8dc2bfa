"""The bulletin laid out as an official document after GB/T 9704-2012 (党政机关公文格式):
PDF (fpdf2) and DOCX (python-docx), page for page alike.

A4 with a 156 × 225 mm type area (top 37 mm, left 28 mm), 22 lines of 3号 (16 pt) a
page; the issuing organ's mark in red 标宋, the issue number, the red separator line,
the title in bold 标宋 (2号), the addressees, the body in 仿宋 with 黑体 first-level and
楷体 second-level headings, the signature and the date in Chinese numerals, the
attachments each on a page of its own, the 版记 (抄送, 印发) at the foot of the last
page, and page numbers "— 2 —" (odd pages right, even pages left). Until the month is
published every page carries 草稿.

Lines are broken here, not by the PDF library: a number never parts from its unit
("9.1%", "3.3个百分点", "1,234人"), no line starts with closing punctuation, and the
Word document marks the same joins (U+2060) so that an office suite keeps them too.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from fpdf import FPDF

from i18n import chinese_date, chinese_number, t
from i18n.vocabulary import (
    DATE_WORDS,
    LINE_NO_END,
    LINE_NO_START,
    LINE_UNITS,
    NUMBER_OPENERS,
    TITLE_PERIOD_OPENERS,
)
from presenters.exports import ExportUnavailable, cjk_fonts

# GB/T 9704-2012: the type area and its grid.
PAGE_W, PAGE_H = 210.0, 297.0
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0
RIGHT = PAGE_W - LEFT - WIDTH
BOTTOM = PAGE_H - TOP - HEIGHT
PT = 25.4 / 72  # mm per point
BODY_PT = 16.0  # 3号
LINE_PT = 28.9  # 22 lines of 3号 in 225 mm
LINE = LINE_PT * PT
TITLE_PT = 22.0  # 2号
ORGAN_PT = 30.0
SMALL_PT = 14.0  # 4号: 版记, page numbers
TABLE_PT = 10.5  # 五号: tables
TABLE_LINE_PT = 15.0
RED = (200, 16, 30)
TABLE_HEAD = (242, 242, 242)
INDENT_CHARS = 2

NOTO = Path("/usr/share/fonts/opentype/noto")
SERIF = (NOTO / "NotoSerifCJK-Regular.ttc", NOTO / "NotoSerifCJK-Bold.ttc")
SIMPLIFIED_CHINESE = 2  # "… CJK SC" in the Noto collections
# 仿宋 and 楷体 faces that cover simplified Chinese, first found wins: FandolFang and
# FandolKai (GB2312, from Debian's texlive-lang-chinese: `make run` extracts the two
# files), else the Arphic or LXGW Kai; without them the body falls back to 宋体.
FONT_DIRS = (Path("/usr/local/share/fonts/fandol"), Path.home() / ".local/share/fonts/fandol",
             Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"))  # fmt: skip
FANG = tuple(d / "FandolFang-Regular.otf" for d in FONT_DIRS)
KAI = (*(d / "FandolKai-Regular.otf" for d in FONT_DIRS),
       Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
       Path("/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf"))  # fmt: skip
FAMILY_NAMES = {"FandolFang": "FandolFang", "FandolKai": "FandolKai", "ukai": "AR PL UKai CN",
                "LXGWWenKai": "LXGW WenKai"}  # fmt: skip


@dataclass(frozen=True)
class Face:
    """A font the document uses: its file (index in a collection) and family name."""

    path: Path
    family: str
    index: int = 0


@dataclass(frozen=True)
class Faces:
    song: Face  # 宋体: page numbers, tables' body
    song_bold: Face  # 标宋: the organ's mark, the title
    hei: Face  # 黑体: first-level headings, table headers
    fang: Face  # 仿宋: the body
    kai: Face  # 楷体: second-level headings


def _found(paths) -> Path | None:
    return next((p for p in paths if p.exists()), None)


def official_faces() -> Faces | None:
    """The faces on this machine, or None without the CJK fonts (then no PDF)."""
    sans = cjk_fonts()
    if sans is None or not SERIF[0].exists():
        return None
    song = Face(SERIF[0], "Noto Serif CJK SC", SIMPLIFIED_CHINESE)
    bold = (
        Face(SERIF[1], "Noto Serif CJK SC", SIMPLIFIED_CHINESE)
        if SERIF[1].exists()
        else song
    )
    fang, kai = _found(FANG), _found(KAI)

    def face(path: Path | None) -> Face:
        if path is None:
            return song
        family = next((n for k, n in FAMILY_NAMES.items() if k in path.name), path.stem)
        index = (
            SIMPLIFIED_CHINESE - 1 if path.name == "ukai.ttc" else 0
        )  # AR PL UKai CN
        return Face(path, family, index)

    return Faces(song=song, song_bold=bold, hei=Face(sans[0], "Noto Sans CJK SC",
                 SIMPLIFIED_CHINESE), fang=face(fang), kai=face(kai))  # fmt: skip


def official_fonts_note() -> str | None:
    """Which standard face is replaced on this machine (a catalogue key), or None."""
    faces = official_faces()
    if faces is None:
        return "exp_no_fonts"
    if faces.fang == faces.song or faces.kai == faces.song:
        return "exp_no_fangsong"
    return None


# ---------------------------------------------------------------- line breaking

# A number with what belongs to it: sign, digits, separators, decimals, and the unit
# or percent sign that follows (人, 个百分点, %, 万元, 分, 位, 项, 户, 家, 个, 期, 年, 月, 日).
TOKEN = re.compile(
    rf"[+\-−–]?[0-9][0-9,.]*(?:\s?(?:{LINE_UNITS}))?"  # a number with its unit
    r"|[A-Za-z][A-Za-z'’\-]*"  # a Latin word
    r"|\s+"
    r"|."
)
NUMBER_HEAD = re.compile(rf"[{re.escape(NUMBER_OPENERS)}]*[+\-−–]?[0-9][0-9,.]*")
NO_START = set(LINE_NO_START)
NO_END = set(LINE_NO_END)
WORD_JOINER = "\u2060"


def _is_space(token: str) -> bool:
    return token.isspace() and token != "\u3000"


def tokens(text: str) -> list[str]:
    """``text`` cut into pieces a line may not split: a number with its unit, a Latin
    word, one CJK character; closing punctuation is held to what precedes it and
    opening punctuation to what follows."""
    pieces: list[str] = []
    pending = ""
    for match in TOKEN.finditer(text):
        piece = match.group()
        if pieces and piece[0] in NO_START and not pending:
            pieces[-1] += piece
            continue
        if piece in NO_END:
            pending += piece
            continue
        pieces.append(pending + piece)
        pending = ""
    if pending:
        pieces.append(pending)
    return pieces


def break_lines(text: str, width_of, first_width: float, width: float) -> list[str]:
    """The lines of ``text`` (one paragraph) no wider than ``first_width`` (the first
    line) and ``width`` (the others), measured by ``width_of``; explicit line breaks
    are kept."""
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        room = first_width if not lines else width
        for piece in tokens(part):
            size = width_of(piece)
            if line and used + size > room + 1e-6:
                lines.append(line.rstrip())
                room = width
                if _is_space(piece):
                    line, used = "", 0.0
                    continue
                line, used = piece, size
            else:
                line += piece
                used += size
        lines.append(line.rstrip())
    return lines


def joined(text: str) -> str:
    """``text`` with a word joiner inside every piece :func:`tokens` keeps whole that
    an office suite might split (a number and its unit, not a date's 年月日, which
    stay searchable as typed): the Word document's text."""
    out = []
    for piece in tokens(text):
        number = NUMBER_HEAD.match(piece)
        if (
            number
            and number.end() < len(piece)
            and piece[number.end()] not in DATE_WORDS
        ):
            out.append(piece[: number.end()] + WORD_JOINER + piece[number.end() :])
        else:
            out.append(piece)
    return "".join(out)


def _cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


# ---------------------------------------------------------------- the document plan


@dataclass(frozen=True)
class Block:
    """One paragraph of the document: its style (see STYLES) and text."""

    style: str
    text: str


@dataclass(frozen=True)
class Style:
    """A paragraph style, shared by the PDF and the Word document."""

    name: str  # the Word style's name
    face: str  # a field of Faces
    size: float
    indent: float = 0  # first-line indent, in characters
    align: str = "J"  # J (justified), C, R, L
    color: tuple = (0, 0, 0)
    line: float = LINE_PT  # exact line pitch, points
    right: float = 0  # right indent, in characters


STYLES = {
    "organ": Style(
        "Bulletin Organ", "song_bold", ORGAN_PT, align="C", color=RED, line=48
    ),
    "number": Style("Bulletin Issue Number", "fang", BODY_PT, align="C"),
    "title": Style("Bulletin Title", "song_bold", TITLE_PT, align="C", line=36),
    "to": Style("Bulletin Addressees", "fang", BODY_PT, align="L"),
    "h1": Style("Bulletin Heading 1", "hei", BODY_PT, indent=INDENT_CHARS, align="L"),
    "h2": Style("Bulletin Heading 2", "kai", BODY_PT, indent=INDENT_CHARS, align="L"),
    "body": Style("Bulletin Body", "fang", BODY_PT, indent=INDENT_CHARS),
    "note": Style("Bulletin Note", "kai", BODY_PT, indent=INDENT_CHARS),
    "alert": Style(
        "Bulletin Alert Note", "kai", BODY_PT, indent=INDENT_CHARS, color=RED
    ),
    "attachments": Style("Bulletin Attachments", "fang", BODY_PT, indent=INDENT_CHARS),
    "signature": Style("Bulletin Signature", "fang", BODY_PT, align="R", right=4),
    "date": Style("Bulletin Date", "fang", BODY_PT, align="R", right=4),
    "annex": Style("Bulletin Attachment Mark", "hei", BODY_PT, align="L"),
    "annex_title": Style(
        "Bulletin Attachment Title", "song_bold", 18, align="C", line=36
    ),
    "table": Style("Bulletin Table", "fang", TABLE_PT, align="L", line=TABLE_LINE_PT),
    "table_head": Style(
        "Bulletin Table Header", "hei", TABLE_PT, align="C", line=TABLE_LINE_PT
    ),  # fmt: skip
    "record": Style("Bulletin Record", "fang", SMALL_PT, align="L", line=24, indent=1),
    "page": Style("Bulletin Page Number", "song", SMALL_PT, align="C", line=SMALL_PT),
}


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: list[list[str]]
    widths: tuple[float, ...]  # mm, summing to WIDTH
    align: tuple[str, ...]  # C or L per column


@dataclass(frozen=True)
class Chart:
    mark: str  # 附件1
    title: str
    png: bytes


def _estimate(text: str, size: float) -> float:
    """About how wide ``text`` sets at ``size`` (CJK characters are square, others
    about half as wide), mm."""
    return sum(1.0 if _cjk(c) else 0.55 for c in text) * size * PT


def _column_for(texts, floor: float, size: float = TABLE_PT) -> float:
    """A column wide enough for its longest text on one line, within [floor, 60] mm."""
    longest = max((_estimate(str(x), size) for x in texts), default=0)
    return min(max(floor, longest + 4), 60.0)


def _ranking_table(bulletin) -> Table:
    from presenters.bulletin import ranking_cells

    rows = [ranking_cells(r) for r in bulletin.ranking]
    name = _column_for([r[1] for r in rows] + [bulletin.ranking_headers[1]], 30)
    rest = WIDTH - name
    widths = (rest * 0.16, name, rest * 0.26, rest * 0.22, rest * 0.36)
    return Table(bulletin.ranking_headers, rows, widths, ("C", "C", "C", "C", "C"))


def _list_table(bulletin, items) -> Table:
    from presenters.bulletin import red_cells

    rows = [red_cells(i, bulletin) for i in items]
    unit, indicator, status, lead = (
        _column_for([r[n] for r in rows] + [bulletin.red_headers[n]], 14)
        for n in (0, 1, 2, 4))  # fmt: skip
    if bulletin.lang == "en":  # long English names: the detail keeps its room
        unit, indicator, status, lead = (
            min(unit, 30.0),
            min(indicator, 34.0),
            17.0,
            28.0,
        )
    indicator, lead = min(indicator, 40.0), min(lead, 30.0)
    detail = WIDTH - unit - status - indicator - lead
    return Table(bulletin.red_headers, rows, (unit, indicator, status, detail, lead),
                 ("C", "L", "C", "L", "L"))  # fmt: skip


def styled(name: str, lang: str) -> Style:
    """A block's style; English is set ragged right (no CJK justification) and its
    long organ name smaller."""
    style = STYLES[name]
    if lang != "en":
        return style
    if name == "organ":
        return replace(style, size=20, line=30)
    return replace(style, align="L") if style.align == "J" else style


def subheading(n: int, name: str, lang: str) -> str:
    """（一）临河区 / (1) Linhe District: a county's second-level heading."""
    return t("bl_subheading", lang, number=chinese_number(n) if lang != "en" else n,
             name=name)  # fmt: skip


def plan(bulletin) -> list:
    """The document as blocks, tables, page breaks and charts, in order: what both
    the PDF and the Word document lay out."""
    issue = bulletin.issue
    lang = bulletin.lang
    sep = t("bl_semicolon", lang)
    title = bulletin.title
    cut = max(title.rfind(opener) for opener in TITLE_PERIOD_OPENERS)
    if (
        _estimate(title, TITLE_PT) > WIDTH and cut > 0
    ):  # the period on a line of its own
        title = title[:cut].rstrip() + "\n" + title[cut:]
    out: list = [Block("organ", issue.organ), Block("number", bulletin.issue_label),
                 "rule", Block("title", title), Block("blank", ""),
                 Block("to", t("bl_to", lang, addressees=issue.addressees))]  # fmt: skip
    sections = bulletin.sections
    out += [Block("h1", sections[0]), Block("body", bulletin.overview)]
    notes = [bulletin.filters, bulletin.state, bulletin.published]
    out.append(Block("note", sep.join(n for n in notes if n)))
    if bulletin.is_demo:
        out.append(Block("alert", t("bl_demo_note", lang)))
    if bulletin.provisional:
        out.append(Block("alert", t("bl_provisional_note", lang, **bulletin.words)))
    out += [Block("h1", sections[1]), _ranking_table(bulletin)]
    out.append(Block("h1", sections[2]))
    for n, (name, text) in enumerate(bulletin.paragraphs, start=1):
        out += [Block("h2", subheading(n, name, lang)), Block("body", text)]
    out += [Block("h1", sections[3]), Block("h2", t("bl_red_heading", lang))]
    out.append(_list_table(bulletin, bulletin.red_list) if bulletin.red_list
               else Block("body", t("bl_no_red", lang)))  # fmt: skip
    out.append(Block("h2", t("bl_yellow_heading", lang)))
    out.append(_list_table(bulletin, bulletin.yellow_list) if bulletin.yellow_list
               else Block("body", t("bl_no_yellow", lang)))  # fmt: skip
    if bulletin.outlook_list is not None:
        out.append(Block("h2", t("bl_outlook_heading", lang)))
        out.append(_list_table(bulletin, bulletin.outlook_list) if bulletin.outlook_list
                   else Block("body", t("bl_no_outlook", lang)))  # fmt: skip
    if bulletin.tasks:
        out.append(Block("h2", bulletin.tasks_heading))
        out += [Block("body", text) for text in bulletin.tasks]
    out.append(Block("h1", sections[4]))
    out += [Block("body", text) for text in bulletin.requirements]
    charts = [Chart(t("bl_attachment", lang, number=n), title, png)
              for n, (title, png) in enumerate(bulletin.charts, start=1)]  # fmt: skip
    if charts:
        listed = [f"{n}.{c.title}" for n, c in enumerate(charts, start=1)]
        out += [Block("blank", ""),
                Block("attachments", t("bl_attachments", lang) + "  ".join(listed))]  # fmt: skip
    out += [Block("blank", ""), Block("signature", issue.signature),
            Block("date", chinese_date(issue.issued_on, lang))]  # fmt: skip
    out += charts
    return out


def record_lines(bulletin) -> tuple[str, str, str]:
    """The 版记: 抄送, the printing office and 印发 date."""
    issue, lang = bulletin.issue, bulletin.lang
    printed = t("bl_printed_on", lang, date=t("date_cn", lang, year=issue.issued_on.year,
                month=issue.issued_on.month, day=issue.issued_on.day))  # fmt: skip
    return t("bl_cc", lang, cc=issue.cc), issue.printer, printed


def watermark_text(bulletin) -> str:
    words = []
    if bulletin.draft:
        words.append(t("bl_draft", bulletin.lang))
    if bulletin.provisional:
        words.append(t("bl_watermark", bulletin.lang))
    return " · ".join(words)


# ---------------------------------------------------------------- PDF


class _OfficialPDF(FPDF):
    watermark = ""
    lang = "zh"

    def header(self):
        if not self.watermark:
            return
        self.set_text_color(236, 190, 190)
        self.set_font("song_bold", size=54)
        with self.rotation(35, PAGE_W / 2, PAGE_H / 2):
            width = self.get_string_width(self.watermark)
            self.text(PAGE_W / 2 - width / 2, PAGE_H / 2, self.watermark)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_font("song", size=SMALL_PT)
        self.set_text_color(0, 0, 0)
        text = t("bl_page", self.lang, page=self.page_no())
        width = self.get_string_width(text)
        one = SMALL_PT * PT
        x = LEFT + WIDTH - one - width if self.page_no() % 2 else LEFT + one
        self.text(x, TOP + HEIGHT + 7 + SMALL_PT * PT * 0.8, text)


class _Writer:
    """Lays the plan out on fpdf2 pages, line by line on the grid."""

    def __init__(self, pdf: _OfficialPDF):
        self.pdf = pdf
        self.bottom = TOP + HEIGHT

    def width_of(self, style: Style):
        pdf = self.pdf
        pdf.set_font(style.face, size=style.size)
        cache: dict[str, float] = {}

        def measure(piece: str) -> float:
            found = cache.get(piece)
            if found is None:
                found = cache[piece] = pdf.get_string_width(
                    piece.replace(WORD_JOINER, "")
                )
            return found

        return measure

    def room(self, height: float) -> None:
        if self.pdf.get_y() + height > self.bottom + 0.01:
            self.pdf.add_page()

    def block(self, block: Block) -> None:
        pdf = self.pdf
        if block.style == "blank":
            self.room(LINE)
            pdf.set_y(pdf.get_y() + LINE)
            return
        style = styled(block.style, self.pdf.lang)
        measure = self.width_of(style)
        char = style.size * PT
        indent = style.indent * char
        usable = WIDTH - style.right * char
        lines = break_lines(block.text, measure, usable - indent, usable)
        pitch = style.line * PT
        if block.style in ("h1", "h2"):  # never alone at a page foot
            self.room(pitch + LINE)
        pdf.set_text_color(*style.color)
        for n, line in enumerate(lines):
            self.room(pitch)
            y = pdf.get_y()
            x = LEFT + (indent if n == 0 else 0)
            room = usable - (indent if n == 0 else 0)
            used = measure_line(line, measure)
            spacing = 0.0
            if style.align == "J" and n < len(lines) - 1 and len(line) > 1:
                spacing = max(0.0, (room - used) / (len(line) - 1))
            elif style.align == "C":
                x = LEFT + (WIDTH - used) / 2
            elif style.align == "R":
                x = LEFT + usable - used
            pdf.set_char_spacing(spacing / PT if spacing else 0)
            baseline = y + (pitch + char * 0.76) / 2
            pdf.text(x, baseline, line)
            pdf.set_char_spacing(0)
            pdf.set_y(y + pitch)
        pdf.set_text_color(0, 0, 0)

    def rule(self) -> None:
        pdf = self.pdf
        y = pdf.get_y() + 4
        pdf.set_draw_color(*RED)
        pdf.set_line_width(0.7)
        pdf.line(LEFT, y, LEFT + WIDTH, y)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_y(y + 4 + LINE)  # two lines of space under it to the title

    def table(self, table: Table) -> None:
        pdf = self.pdf
        pitch = TABLE_LINE_PT * PT
        pad = 1.5

        def cells(values, style: Style):
            measure = self.width_of(style)
            return [break_lines(str(v), measure, w - 2 * pad, w - 2 * pad)
                    for v, w in zip(values, table.widths, strict=True)]  # fmt: skip

        def row(values, style: Style, fill=None):
            wrapped = cells(values, style)
            height = max(len(c) for c in wrapped) * pitch + 2 * pad
            if pdf.get_y() + height > self.bottom:
                pdf.add_page()
                if style is not head_style:
                    row(table.headers, head_style, TABLE_HEAD)  # repeated header
            y = pdf.get_y()
            x = LEFT
            measure = self.width_of(style)
            for lines, width, align in zip(
                wrapped, table.widths, table.align, strict=True
            ):
                if fill:
                    pdf.set_fill_color(*fill)
                    pdf.rect(x, y, width, height, style="F")
                pdf.set_line_width(0.2)
                pdf.rect(x, y, width, height)
                top = y + (height - len(lines) * pitch) / 2
                for n, line in enumerate(lines):
                    used = measure_line(line, measure)
                    left = x + (width - used) / 2 if align == "C" else x + pad
                    pdf.text(left, top + n * pitch + (pitch + style.size * PT * 0.76) / 2,
                             line)  # fmt: skip
                x += width
            pdf.set_y(y + height)

        head_style, body_style = STYLES["table_head"], STYLES["table"]
        self.room(pitch * 3)
        pdf.set_y(pdf.get_y() + 1)
        row(table.headers, head_style, TABLE_HEAD)
        for values in table.rows:
            row(values, body_style)
        pdf.set_y(pdf.get_y() + 3)

    def chart(self, chart: Chart) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.block(Block("annex", chart.mark))
        self.block(Block("annex_title", chart.title))
        pdf.image(
            io.BytesIO(chart.png),
            x=LEFT,
            y=pdf.get_y() + 2,
            w=WIDTH,
            keep_aspect_ratio=True,
            h=self.bottom - pdf.get_y() - 4,
        )

    def record(self, bulletin) -> None:
        """The 版记 at the foot of the last page (a new page where it does not fit)."""
        pdf = self.pdf
        cc, printer, printed = record_lines(bulletin)
        style = STYLES["record"]
        measure = self.width_of(style)
        char = SMALL_PT * PT
        cc_lines = break_lines(cc, measure, WIDTH - 2 * char, WIDTH - 2 * char)
        pitch = style.line * PT
        height = (len(cc_lines) + 1) * pitch + 2
        if pdf.get_y() + height + LINE > self.bottom:
            pdf.add_page()
        y = self.bottom - height
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.35)
        pdf.line(LEFT, y, LEFT + WIDTH, y)
        for n, line in enumerate(cc_lines):
            pdf.text(LEFT + char, y + n * pitch + (pitch + char * 0.76) / 2, line)
        y += len(cc_lines) * pitch
        pdf.set_line_width(0.25)
        pdf.line(LEFT, y, LEFT + WIDTH, y)
        pdf.text(LEFT + char, y + (pitch + char * 0.76) / 2, printer)
        pdf.text(LEFT + WIDTH - char - measure_line(printed, measure),
                 y + (pitch + char * 0.76) / 2, printed)  # fmt: skip
        pdf.set_line_width(0.35)
        pdf.line(LEFT, y + pitch, LEFT + WIDTH, y + pitch)


def measure_line(line: str, measure) -> float:
    return sum(measure(piece) for piece in tokens(line))


def official_pdf(bulletin) -> bytes:
    """The bulletin as a PDF after GB/T 9704-2012."""
    faces = official_faces()
    if faces is None:
        raise ExportUnavailable("exp_no_fonts")
    pdf = _OfficialPDF(format="A4")
    pdf.lang = bulletin.lang
    for name in ("song", "song_bold", "hei", "fang", "kai"):
        face = getattr(faces, name)
        pdf.add_font(name, fname=str(face.path), collection_font_number=face.index)
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(False)
    pdf.watermark = watermark_text(bulletin)
    pdf.set_title(bulletin.title)
    pdf.set_creator(bulletin.issue.organ)
    pdf.add_page()
    writer = _Writer(pdf)
    for item in plan(bulletin):
        if item == "rule":
            writer.rule()
        elif isinstance(item, Block):
            writer.block(item)
        elif isinstance(item, Table):
            writer.table(item)
        else:
            writer.chart(item)
    writer.record(bulletin)
    return bytes(pdf.output())


# ---------------------------------------------------------------- DOCX

TWIPS_PER_MM = 1440 / 25.4


def _set_fonts(element_rpr, family: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def _styles(document, faces: Faces, lang: str) -> None:
    """One named paragraph style per level; Normal set alike (nothing of Word's
    defaults shows)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    aligns = {"J": WD_ALIGN_PARAGRAPH.JUSTIFY, "C": WD_ALIGN_PARAGRAPH.CENTER,
              "R": WD_ALIGN_PARAGRAPH.RIGHT, "L": WD_ALIGN_PARAGRAPH.LEFT}  # fmt: skip

    def shape(style, spec: Style) -> None:
        spec = styled(next(k for k, v in STYLES.items() if v.name == spec.name), lang)
        family = getattr(faces, spec.face).family
        style.font.name = family
        _set_fonts(style.element.get_or_add_rPr(), family)
        style.font.size = Pt(spec.size)
        style.font.bold = spec.face == "song_bold"  # the Bold face of Noto Serif CJK SC
        style.font.color.rgb = RGBColor(*spec.color)
        fmt = style.paragraph_format
        fmt.alignment = aligns[spec.align]
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spec.line)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(spec.size * spec.indent)
        fmt.right_indent = Pt(spec.size * spec.right)
        fmt.left_indent = Pt(0)
        fmt.widow_control = False
        fmt.keep_with_next = False
        # No automatic space between Chinese and Latin or digits (the PDF sets none).
        props = style.element.get_or_add_pPr()
        later = {qn(f"w:{n}") for n in ("bidi", "adjustRightInd", "snapToGrid", "spacing",
                                        "ind", "contextualSpacing", "mirrorIndents",
                                        "suppressOverlap", "jc", "textDirection",
                                        "textAlignment", "outlineLvl", "rPr")}  # fmt: skip
        anchor = next((c for c in props if c.tag in later), None)
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            if props.find(qn(tag)) is None:
                element = OxmlElement(tag)
                element.set(qn("w:val"), "0")
                if anchor is None:
                    props.append(element)
                else:
                    anchor.addprevious(element)

    # The same at the document's defaults, which office suites read for CJK spacing.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        holder = defaults.find(qn("w:pPrDefault"))
        if holder is None:
            holder = OxmlElement("w:pPrDefault")
            defaults.append(holder)
        ppr = holder.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            holder.append(ppr)
        for tag in ("w:autoSpaceDN", "w:autoSpaceDE"):  # inserted first: DE, then DN
            element = OxmlElement(tag)
            element.set(qn("w:val"), "0")
            ppr.insert(0, element)
        language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if language is not None:
            language.set(qn("w:eastAsia"), "zh-CN")
    shape(document.styles["Normal"], STYLES["body"])
    for spec in STYLES.values():
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        shape(style, spec)
    for name in ("Bulletin Heading 1", "Bulletin Heading 2"):
        document.styles[name].paragraph_format.keep_with_next = True
    rule = document.styles.add_style("Bulletin Rule", WD_STYLE_TYPE.PARAGRAPH)
    rule.base_style = document.styles["Normal"]
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(8 / PT)
    rule.paragraph_format.first_line_indent = Pt(0)


def _border(parent, edges: dict[str, tuple[int, str]], tag: str) -> None:
    """Borders (edge → width in eighths of a point, hex colour) on a paragraph
    (w:pBdr) or table (w:tblBorders) property element."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    box = OxmlElement(tag)
    for edge, (size, color) in edges.items():
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if size else "nil")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), color)
        box.append(line)
    parent.append(box)


def _page_field(paragraph, before: str, after: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run(before)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    paragraph.add_run(after)


def _watermark(paragraph, text: str, family: str) -> None:
    """Word's text watermark (a rotated VML text path behind the page), which
    LibreOffice also reads."""
    from docx.oxml import parse_xml

    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office"><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" '
        'adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" '
        'o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>'
        '<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:90pt;'
        "rotation:315;z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        'mso-position-vertical-relative:margin" fillcolor="#ECBEBE" stroked="f">'
        '<v:fill opacity=".4"/>'
        f'<v:textpath style="font-family:&quot;{family}&quot;;font-size:1pt" '
        f'string="{text}"/></v:shape></w:pict></w:r>'
    )
    paragraph._p.append(parse_xml(xml))


TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
               "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")  # fmt: skip


def _tidy(props) -> None:
    """A table's properties in the order the schema asks (Word refuses others; an
    office suite drops what it cannot place), the last of a repeated one kept."""
    children = {}
    for child in list(props):
        children[child.tag.rsplit("}", 1)[-1]] = child
        props.remove(child)
    for name in TBLPR_ORDER:
        if name in children:
            props.append(children[name])


def _docx_table(document, table: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.autofit = False
    props = grid._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(WIDTH * TWIPS_PER_MM)))
    width.set(qn("w:type"), "dxa")
    props.append(width)
    edges = {
        e: (4, "000000")
        for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    }
    _border(props, edges, "w:tblBorders")
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        cell = OxmlElement(f"w:{edge}")
        cell.set(qn("w:w"), str(round(1.5 * TWIPS_PER_MM)))
        cell.set(qn("w:type"), "dxa")
        margins.append(cell)
    props.append(margins)
    header = grid.rows[0]._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        header.append(element)

    def fill(cells, values, style: str, shade: bool):
        for cell, text, align in zip(cells, values, table.align, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[style]
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if align == "C"
                                   else WD_ALIGN_PARAGRAPH.LEFT)  # fmt: skip
            paragraph.add_run(joined(str(text)))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if shade:
                tint = OxmlElement("w:shd")
                tint.set(qn("w:val"), "clear")
                tint.set(qn("w:fill"), "F2F2F2")
                cell._tc.get_or_add_tcPr().append(tint)

    fill(grid.rows[0].cells, table.headers, STYLES["table_head"].name, True)
    for values in table.rows:
        row = grid.add_row()
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
        fill(row.cells, values, STYLES["table"].name, False)
    for column, mm in zip(grid.columns, table.widths, strict=True):
        column.width = Mm(mm)
        for cell in column.cells:
            cell.width = Mm(mm)
    _tidy(props)
    # A paragraph after the table: the 3 mm the PDF leaves under it.
    spacer = document.add_paragraph(style=STYLES["body"].name)
    spacer.paragraph_format.line_spacing = Mm(3)


def _record(document, bulletin) -> None:
    """The 版记 as a table kept to the foot of the page (a floating table anchored
    to the bottom margin), with its rules: thick above and below, thin between."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    cc, printer, printed = record_lines(bulletin)
    grid = document.add_table(rows=2, cols=2)
    props = grid._tbl.tblPr
    place = OxmlElement("w:tblpPr")
    for attr, value in (("w:vertAnchor", "margin"), ("w:horzAnchor", "margin"),
                        ("w:tblpYSpec", "bottom"), ("w:tblpXSpec", "center")):  # fmt: skip
        place.set(qn(attr), value)
    props.append(place)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    _border(props, {"top": (8, "000000"), "bottom": (8, "000000"), "insideH": (6, "000000"),
                    "left": (0, "auto"), "right": (0, "auto"), "insideV": (0, "auto")},
            "w:tblBorders")  # fmt: skip
    first = grid.rows[0].cells[0].merge(grid.rows[0].cells[1])
    style = STYLES["record"].name
    first.paragraphs[0].style = document.styles[style]
    first.paragraphs[0].add_run(joined(cc))
    left, right = grid.rows[1].cells
    left.paragraphs[0].style = document.styles[style]
    left.paragraphs[0].add_run(printer)
    right.paragraphs[0].style = document.styles[style]
    right.paragraphs[0].paragraph_format.alignment = 2  # right
    right.paragraphs[0].paragraph_format.right_indent = Mm(SMALL_PT * PT)
    right.paragraphs[0].add_run(joined(printed))
    for column, mm in zip(grid.columns, (WIDTH * 0.55, WIDTH * 0.45), strict=True):
        column.width = Mm(mm)
        for cell in column.cells:
            cell.width = Mm(mm)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(WIDTH * TWIPS_PER_MM)))
    width.set(qn("w:type"), "dxa")
    props.append(width)
    _tidy(props)
    document.add_paragraph(style=STYLES["page"].name)  # the table's anchor


def official_docx(bulletin) -> bytes:
    """The bulletin as an editable Word document laid out as the PDF is."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_BREAK, WD_LINE_SPACING
    from docx.shared import Mm

    faces = official_faces() or Faces(*(Face(Path(), n) for n in (
        "Noto Serif CJK SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "FandolFang",
        "FandolKai")))  # fmt: skip
    document = Document()
    _styles(document, faces, bulletin.lang)
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(BOTTOM - 7 - SMALL_PT * PT)
    document.settings.odd_and_even_pages_header_footer = True
    page = STYLES["page"].name
    char = Mm(SMALL_PT * PT)
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[page]
        paragraph.paragraph_format.alignment = align
        if align == 2:
            paragraph.paragraph_format.right_indent = char
        else:
            paragraph.paragraph_format.left_indent = char
        before, after = t("bl_page", bulletin.lang, page="\0").split("\0")
        _page_field(paragraph, before, after)
    mark = watermark_text(bulletin)
    if mark:
        for header in (section.header, section.even_page_header):
            paragraph = header.paragraphs[0]
            paragraph.style = document.styles[page]
            _watermark(paragraph, mark, faces.song_bold.family)
    body = document.paragraphs[0] if document.paragraphs else None
    for item in plan(bulletin):
        if item == "rule":
            rule = document.add_paragraph(style="Bulletin Rule")
            _border(rule._p.get_or_add_pPr(), {"bottom": (16, "C8101E")}, "w:pBdr")
            document.add_paragraph(style=STYLES["body"].name)
        elif isinstance(item, Block):
            style = STYLES["body" if item.style == "blank" else item.style].name
            document.add_paragraph(joined(item.text), style=style)
        elif isinstance(item, Table):
            _docx_table(document, item)
        else:
            document.add_paragraph(style=STYLES["annex"].name).add_run().add_break(
                WD_BREAK.PAGE)  # fmt: skip
            document.paragraphs[-1].add_run(item.mark)
            document.add_paragraph(item.title, style=STYLES["annex_title"].name)
            picture = document.add_paragraph(style=STYLES["table"].name)
            picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            picture.add_run().add_picture(io.BytesIO(item.png), width=Mm(WIDTH))
    _record(document, bulletin)
    if body is not None and not body.text:
        body._p.getparent().remove(body._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
