"""The monthly assessment bulletin (考核通报): its text from the data, and its PDF.

The text is written in the plain style of such bulletins, e.g. "临河区城镇新增就业完成年度
目标的78.2%，高于序时进度3.2个百分点，排名第2". The same ``Bulletin`` is shown on the
exports page and printed to PDF, so what is read before download is what is sent.
"""

from __future__ import annotations

import dataclasses
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from data_access import queries
from domain.cycle import MonthState
from domain.kinds import kind_of
from i18n import Refusal, month_state_word, scope_words, t
from presenters.charts import chart_file
from presenters.exports import ExportUnavailable, cjk_fonts, image_problem
from services.assessment import PeriodView, Scope, period_view
from services.cache import cached, keep, kept
from services.context import stamp
from services.lookups import month_info
from services.publishing import publication
from settings import current_settings

SIMPLIFIED_CHINESE = 2  # index of "Noto Sans CJK SC" in the collection
RED = (180, 35, 42)
LANG = "zh"  # the bulletin is issued in Chinese
INDENT = "\u3000\u3000"  # two ideographic spaces open a paragraph


def _zh(key: str, **values) -> str:
    return t(key, LANG, **values)


@dataclass(frozen=True)
class RedItem:
    county: str
    indicator: str
    detail: str
    lead: str
    status: str


@dataclass(frozen=True)
class Bulletin:
    title: str
    period: str
    filters: str
    generated_at: datetime
    ranking: list[dict]
    paragraphs: list[tuple[str, str]]  # (county, text)
    red_list: list[RedItem]
    is_demo: bool
    published: str | None = None
    charts: list[tuple[str, bytes]] = field(default_factory=list)  # (title, PNG)
    provisional: bool = False  # the month is still being reported: 临时, watermarked
    state: str | None = None  # the month's state as a word (已审定, 报送中 3/7, 已发布)
    # What the scope's units are called (旗县区, 市（盟）, …) in the headings and tables.
    words: dict[str, str] = field(default_factory=lambda: scope_words(None, None, LANG))

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(_zh(f"bl_section_{n}", **self.words) for n in range(1, 5))

    @property
    def ranking_headers(self) -> tuple[str, ...]:
        return (_zh("rank"), self.words["unit"], *RANKING_HEADERS[2:])

    @property
    def red_headers(self) -> tuple[str, ...]:
        return (self.words["unit"], *RED_HEADERS[1:])


SENTENCE_COLUMNS = ("region", "code", "name_zh", "kind", "status", "completion",
                    "gap_points", "target", "actual", "unit_zh", "deadline_year",
                    "lead_zh", "yoy_pct", "explanation")  # fmt: skip


def _change_text(change) -> str:
    if change is None:
        return ""
    change = int(change)
    if change > 0:
        return _zh("bl_rank_up", places=change)
    if change < 0:
        return _zh("bl_rank_down", places=-change)
    return _zh("bl_rank_same")


def _indicator_sentence(row: dict) -> str | None:
    """The clause on one result, as its kind words it (flows with 同比)."""
    name = row["name_zh"]
    if row["status"] == "no_data":
        return _zh("bl_not_reported", name=name)
    if row["status"] == "not_assessed":
        return None
    kind = kind_of(row["kind"])
    said = kind.sentence(row) if kind is not None else None
    if said is None:
        return None
    key, values = said
    yoy = values.pop("yoy", False)
    return _zh(key, name=name, **values) + (_yoy_phrase(row) if yoy else "")


def _yoy_phrase(row: dict) -> str:
    """ "，同比增长8.1%" where last year's same month is known."""
    pct = row.get("yoy_pct")
    if pct is None:
        return ""
    direction = _zh("bl_yoy_up" if pct >= 0 else "bl_yoy_down")
    return _zh("bl_yoy", direction=direction, pct=f"{abs(pct):.1f}%")


def build_bulletin(
    view: PeriodView,
    *,
    is_demo: bool,
    published: str | None = None,
    now=None,
    seasonal: bool = False,
    state: str | None = None,
) -> Bulletin:
    """The bulletin of one period from its assessment (Chinese, as issued)."""
    now = now or datetime.now()
    grade_names = {g: _zh(f"grade_{g}") for g in ("excellent", "good", "pass", "fail")}
    ranking = []
    paragraphs = []
    red_list: list[RedItem] = []
    # Each unit's results as plain rows, read once (a country's 28,500: per-unit frame
    # lookups cost seconds), with only the columns the sentences use.
    by_region: dict[str, list[dict]] = {}
    for result in view.result_rows():
        by_region.setdefault(result.region, []).append(
            {c: getattr(result, c) for c in SENTENCE_COLUMNS})  # fmt: skip
    for row in map(dataclasses.asdict, view.score_rows()):
        rank = row["rank"]
        ranking.append({
            "rank": rank, "name": row["name_zh"], "total": row["total"],
            "grade": grade_names.get(row["grade"], "—") if row["total"] is not None
            else _zh("status_no_data"),
            "change": _change_text(row["change"]).lstrip(_zh("bl_comma")) or "—",
        })  # fmt: skip
        results = by_region.get(row["region"], [])
        if row["total"] is None and all(r["status"] in ("no_data", "not_assessed")
                                        for r in results):  # fmt: skip
            # Nothing reported (or approved): one sentence, not a row of dashes.
            paragraphs.append(
                (row["name_zh"], _zh("bl_unit_not_reported", name=row["name_zh"]))
            )
            red_list.append(RedItem(row["name_zh"], _zh("bl_all_indicators"), "",
                                    "—", "no_data"))  # fmt: skip
            continue
        jobs = [r for r in results if r["code"] == "urban_new_jobs"]
        lead = _indicator_sentence(jobs[0]) if jobs else None
        first = f"{row['name_zh']}" + (lead or "")
        if rank is not None:
            first += _zh("bl_rank", rank=rank)
        sentences = [first + _change_text(row["change"])]
        total = "—" if row["total"] is None else f"{row['total']:.2f}"
        grade = grade_names.get(row["grade"], "—")
        sentences.append(_zh("bl_score", total=total, grade=grade))
        others = [
            s for r in results if r["code"] != "urban_new_jobs"
            if (s := _indicator_sentence(r))
        ]  # fmt: skip
        if others:
            sentences.append(_zh("bl_semicolon").join(others[:4]))
        stop = _zh("bl_stop")
        notes = "".join(_zh("explanation_inline", text=_zh("labelled", label=r["name_zh"],
                                                            value=r["explanation"]))
                        for r in results if r.get("explanation"))  # fmt: skip
        paragraphs.append((row["name_zh"], stop.join(sentences) + stop + notes))
        for r in results:
            if r["status"] in ("lagging", "near_cap", "alert", "no_data"):
                detail = _indicator_sentence(r) or ""
                red_list.append(RedItem(row["name_zh"], r["name_zh"], detail,
                                        r.get("lead_zh") or "—", r["status"]))  # fmt: skip
    order = {"alert": 0, "no_data": 1, "lagging": 2, "near_cap": 3}
    red_list.sort(key=lambda item: (order[item.status], item.county))
    period = _zh("period", year=view.year, month=view.month)
    words = view.words(LANG)
    mode = _zh("bl_mode_submitted" if view.mode == "submitted" else "bl_mode_approved")
    return Bulletin(
        title=_zh("bl_title", period=period, **words),
        period=period,
        filters=_zh(
            "bl_filters",
            year=view.year,
            month=view.month,
            mode=mode,
            count=len(ranking),
            **words,
            basis=_zh(
                "bl_basis_seasonal" if seasonal else "bl_basis_linear", month=view.month
            ),
        ),  # fmt: skip
        generated_at=now,
        ranking=ranking,
        paragraphs=paragraphs,
        red_list=red_list,
        is_demo=is_demo,
        published=published,
        words=words,
        provisional=view.provisional,
        state=state,
    )


class _BulletinPDF(FPDF):
    footer_text = ""
    watermark = ""  # 临时: across every page of a provisional bulletin

    def header(self):
        if not self.watermark:
            return
        self.set_text_color(240, 200, 200)
        self.set_font("cjk", "B", 48)
        with self.rotation(35, self.w / 2, self.h / 2):
            width = self.get_string_width(self.watermark)
            self.text(self.w / 2 - width / 2, self.h / 2, self.watermark)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-14)
        self.set_font("cjk", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 8, _zh("bl_footer", stamp=self.footer_text, page=self.page_no(),
                            pages="{nb}"), align="C")  # fmt: skip


STATUS_WORDS = {
    s: _zh(f"bl_status_{s}") for s in ("alert", "lagging", "near_cap", "no_data")
}
# The bulletin's tables, shared by the PDF, the DOCX and the preview page (the unit
# column is named by the scope: see ``Bulletin.ranking_headers``).
RANKING_HEADERS = tuple(
    _zh(k) for k in ("rank", "county", "total_score", "grade", "change")
)
RED_HEADERS = tuple(_zh(k) for k in ("county", "indicator", "status", "bl_detail",
                                     "lead_department"))  # fmt: skip
NO_RED_ITEMS = _zh("bl_no_red_items")


def ranking_cells(row: dict) -> list[str]:
    total = "—" if row["total"] is None else f"{row['total']:.2f}"
    return [str(row["rank"] or "—"), row["name"], total, row["grade"], row["change"]]


def red_cells(item: RedItem) -> list[str]:
    return [
        item.county,
        item.indicator,
        STATUS_WORDS[item.status],
        item.detail,
        item.lead,
    ]


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """A4 PDF: red title block, ranking table, county paragraphs, red list, charts,
    page numbers and the generation time. Tables break across pages with their
    header repeated."""
    fonts = cjk_fonts()
    if fonts is None:
        raise ExportUnavailable("exp_no_fonts")
    pdf = _BulletinPDF(format="A4")
    pdf.footer_text = _zh(
        "bl_generated", when=f"{bulletin.generated_at:%Y-%m-%d %H:%M}"
    )
    pdf.add_font("cjk", fname=str(fonts[0]), collection_font_number=SIMPLIFIED_CHINESE)
    pdf.add_font("cjk", style="B", fname=str(fonts[1]),
                 collection_font_number=SIMPLIFIED_CHINESE)  # fmt: skip
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 16, 18)
    if bulletin.provisional:
        pdf.watermark = _zh("bl_watermark")
    pdf.add_page()
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", "B", 22)
    pdf.cell(0, 14, _zh("bulletin_heading"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.8)
    pdf.line(18, pdf.get_y() + 2, 192, pdf.get_y() + 2)
    pdf.ln(6)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("cjk", "B", 14)
    pdf.multi_cell(0, 8, bulletin.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(0, 5, bulletin.filters, align="C", new_x="LMARGIN", new_y="NEXT")
    if bulletin.state:
        pdf.multi_cell(0, 5, bulletin.state, align="C", new_x="LMARGIN", new_y="NEXT")
    if bulletin.published:
        pdf.multi_cell(
            0, 5, bulletin.published, align="C", new_x="LMARGIN", new_y="NEXT"
        )
    if bulletin.is_demo:
        pdf.set_text_color(154, 103, 0)
        pdf.multi_cell(0, 5, _zh("bl_demo_note"), align="C", new_x="LMARGIN",
                       new_y="NEXT")  # fmt: skip
    if bulletin.provisional:
        pdf.set_text_color(*RED)
        pdf.multi_cell(0, 5, _zh("bl_provisional_note", **bulletin.words), align="C",
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)

    def heading(text: str, room: float = 30) -> None:
        """A section heading, moved to the next page unless ``room`` mm of what
        follows fits under it (a heading never sits alone at a page foot)."""
        if pdf.get_y() + 10 + room > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font("cjk", "B", 12)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)

    sections = bulletin.sections
    heading(sections[0])
    header_style = FontFace(
        emphasis="BOLD", fill_color=(122, 29, 34), color=(255, 255, 255)
    )
    with pdf.table(col_widths=RANKING_WIDTHS, text_align="CENTER",
                   headings_style=header_style, line_height=7,
                   repeat_headings=1) as table:  # fmt: skip
        table.row(list(bulletin.ranking_headers))
        for row in bulletin.ranking:
            table.row(ranking_cells(row))

    heading(sections[1])
    for _county, text in bulletin.paragraphs:
        pdf.multi_cell(0, 6.5, INDENT + text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    heading(sections[2])
    if not bulletin.red_list:
        pdf.multi_cell(0, 6, INDENT + NO_RED_ITEMS, new_x="LMARGIN", new_y="NEXT")
    else:
        red_style = FontFace(emphasis="BOLD", fill_color=RED, color=(255, 255, 255))
        with pdf.table(col_widths=RED_WIDTHS, headings_style=red_style,
                       line_height=6, repeat_headings=1) as table:  # fmt: skip
            table.row(list(bulletin.red_headers))
            for item in bulletin.red_list:
                table.row(red_cells(item))

    if bulletin.charts:
        heading(sections[3], room=110)  # the first chart with its title
        for title, png in bulletin.charts:
            if pdf.get_y() > 170:
                pdf.add_page()
            pdf.set_font("cjk", "B", 10)
            pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
            pdf.image(io.BytesIO(png), w=174)
            pdf.ln(3)
    return bytes(pdf.output())


def _page_number_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE or NUMPAGES) that Word fills in when it lays out pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# Column widths (mm) of the two tables, shared by the PDF and the Word document, so
# that office suites lay them out as the PDF does (情况 wide enough to read).
RANKING_WIDTHS = (14, 40, 28, 24, 40)
RED_WIDTHS = (21, 36, 30, 62, 25)


def _word_table(document, headers, rows, widths_mm) -> None:
    """A fixed-layout table with the given column widths and a header row that
    repeats on every page it runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(10)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The same bulletin as an editable Word document (A4, page numbers in the footer)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    # The PDF's margins (18 mm at the sides), so that the tables' widths fit alike.
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(1.6), Cm(1.8)
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    style.font.size = Pt(10.5)
    style.paragraph_format.space_after = Pt(4)

    def centred(text: str, size: int, bold=False, color=None):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size), bold
        if color:
            run.font.color.rgb = RGBColor(*color)

    centred(_zh("bulletin_heading"), 22, True, RED)
    centred(bulletin.title, 15, True)
    centred(bulletin.filters, 9)
    if bulletin.state:
        centred(bulletin.state, 9)
    if bulletin.published:
        centred(bulletin.published, 9)
    if bulletin.is_demo:
        centred(_zh("bl_demo_note"), 9, color=(154, 103, 0))
    if bulletin.provisional:
        centred(_zh("bl_watermark"), 28, True, (230, 170, 170))
        centred(_zh("bl_provisional_note", **bulletin.words), 9, color=RED)

    def heading(text: str):
        title = document.add_heading(text, level=2)
        title.paragraph_format.keep_with_next = True  # never alone at a page foot
        return title

    sections = bulletin.sections
    heading(sections[0])
    _word_table(document, bulletin.ranking_headers, [ranking_cells(r) for r in bulletin.ranking],
                RANKING_WIDTHS)  # fmt: skip
    heading(sections[1])
    for _county, text in bulletin.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(21)
    heading(sections[2])
    if bulletin.red_list:
        _word_table(document, bulletin.red_headers, [red_cells(i) for i in bulletin.red_list],
                    RED_WIDTHS)  # fmt: skip
    else:
        document.add_paragraph(NO_RED_ITEMS)
    if bulletin.charts:
        heading(sections[3])
        for title, png in bulletin.charts:
            document.add_paragraph(title).paragraph_format.keep_with_next = True
            document.add_picture(io.BytesIO(png), width=Cm(16))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    stamp_text = _zh("bl_generated", when=f"{bulletin.generated_at:%Y-%m-%d %H:%M}")
    before, between, after = _zh("bl_footer", stamp=stamp_text, page="\0",
                                 pages="\0").split("\0")  # fmt: skip
    footer.add_run(before)
    _page_number_field(footer, "PAGE")
    footer.add_run(between)
    _page_number_field(footer, "NUMPAGES")
    footer.add_run(after)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bulletin_for(
    view: PeriodView,
    rules,
    *,
    with_charts: bool = True,
    published_at: datetime | None = None,
    reason: str | None = None,
) -> Bulletin:
    """The bulletin of a view, with its key charts where a browser can draw them;
    ``published_at``: the bulletin issued at that publication (being made now, with
    its ``reason`` where counties are missing). It names the month's state and, for a
    published month, when and why it was published."""
    found = publication(view.year, view.month)
    when = published_at or (found.published_at if found is not None else None)
    why = reason if published_at is not None else (found.reason if found else None)
    published = None
    if when:
        published = _zh("bl_published", when=f"{when:%Y-%m-%d}")
        if why:
            published += _zh("bl_published_reason", reason=why)
    info = month_info(view.year, view.month)
    state = MonthState.PUBLISHED if published_at is not None else info.state
    words = _zh("bl_month_state",
                state=month_state_word(state, info.approved, info.units, LANG))  # fmt: skip
    bulletin = build_bulletin(view, is_demo=stamp().is_demo, published=published,
                              seasonal=rules.seasonal_profile,
                              state=words)  # fmt: skip
    if not with_charts:
        return bulletin
    charts = []
    for name, title_key in (
        ("score-bar", "score_bar"),
        ("gap-heatmap", "heatmap_title"),
    ):
        try:
            png = chart_file(name, "png", view, lang="zh", rules=rules,
                             is_demo=bulletin.is_demo)  # fmt: skip
        except ExportUnavailable:
            break
        charts.append((_zh(title_key, **view.words(LANG)), png))
    return replace(bulletin, charts=charts)


def bulletin_text(year: int, month: int, rules, mode: str, scope: Scope | None = None):
    """The bulletin's text (no charts) of a period and scope, or None where the
    period has no figures: what the exports page previews, built once per data
    version (a country's 2,850 county paragraphs take a third of a second)."""

    def build() -> Bulletin | None:
        view = period_view(year, month, rules, mode, scope)
        return bulletin_for(view, rules, with_charts=False) if view.has_data else None

    return cached("bulletin_text", queries.data_stamp, build,
                  year, month, rules, mode, scope, month_info(year, month))  # fmt: skip


# One bulletin is drawn at a time in a worker (each takes seconds of CPU and the chart
# browser); a few more wait their turn, and a request beyond those is asked to try
# again in a moment, so that waiting bulletins never hold every thread dashboards need.
_DRAWING = threading.Lock()
BULLETINS_WAITING = 2
_ADMITTED = threading.BoundedSemaphore(1 + BULLETINS_WAITING)
BULLETIN_SECONDS = 3600  # a drawn file is kept this long (a new stamp passes it over)
WAIT_SECONDS = 60


class BulletinBusy(Refusal, RuntimeError):
    """More bulletins are being drawn in this worker than may wait: try again soon."""


def bulletin_file(
    view_of: Callable[[], PeriodView], fmt: str, rules_of: Callable, data_stamp: str
) -> tuple[PeriodView, bytes]:
    """The bulletin of the view ``view_of`` reads, as PDF or DOCX bytes: drawn once per
    data stamp (read by the caller before) and inputs, kept for every later request,
    and drawn one at a time; a request for a bulletin being drawn waits for it. The
    view is read only once the request is admitted: one turned away (503) costs the
    dashboards nothing. ``rules_of``: the rules that judge a year."""
    if not _ADMITTED.acquire(blocking=False):
        raise BulletinBusy("exp_bulletin_busy")
    try:
        view = view_of()
        rules = rules_of(view.year)  # the view's year's scheme
        key = repr(("bulletin_file", current_settings().database_url, data_stamp, fmt,
                    view.year, view.month, view.mode, view.city, tuple(view.counties),
                    rules, image_problem(), month_info(view.year, view.month)))  # fmt: skip
        found = kept(key)
        if found is not None:
            return view, found
        if not _DRAWING.acquire(timeout=WAIT_SECONDS):
            raise BulletinBusy("exp_bulletin_busy")
        try:
            found = kept(key)  # drawn by the request this one waited behind
            if found is not None:
                return view, found
            bulletin = bulletin_for(view, rules)
            body = bulletin_pdf(bulletin) if fmt == "pdf" else bulletin_docx(bulletin)
            keep(key, body, BULLETIN_SECONDS)
            return view, body
        finally:
            _DRAWING.release()
    finally:
        _ADMITTED.release()


def issue_files(
    view: PeriodView, rules, published_at: datetime, reason: str | None = None
) -> dict[str, bytes]:
    """The bulletin as it is issued at a publication: PDF and DOCX (the PDF only
    where the fonts are installed), drawn before the publication is written, with
    the publication's ``reason`` where counties are missing."""
    bulletin = bulletin_for(view, rules, published_at=published_at, reason=reason)
    files = {"docx": bulletin_docx(bulletin)}
    if cjk_fonts() is not None:
        files["pdf"] = bulletin_pdf(bulletin)
    return files
