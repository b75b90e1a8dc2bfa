"""The monthly assessment bulletin (考核通报): its text from the data, and its PDF.

The text is written in the plain style of such bulletins, e.g. "临河区城镇新增就业完成年度
目标的78.2%，高于序时进度3.2个百分点，排名第2". The same ``Bulletin`` is shown on the
exports page and printed to PDF, so what is read before download is what is sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from data_access.rows import records
from i18n import t
from services.assessment import PeriodView
from services.charts import chart_file
from services.context import stamp
from services.exports import ExportUnavailable
from services.publishing import publication

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SIMPLIFIED_CHINESE = 2  # index of "Noto Sans CJK SC" in the collection
RED = (180, 35, 42)


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


def _change_text(change) -> str:
    if change is None:
        return ""
    change = int(change)
    if change > 0:
        return f"，较上月上升{change}位"
    if change < 0:
        return f"，较上月下降{-change}位"
    return "，与上月持平"


def _indicator_sentence(row: dict) -> str | None:
    name, kind = row["name_zh"], row["kind"]
    if row["status"] == "no_data":
        return f"{name}未报送"
    if row["status"] == "not_assessed":
        return None
    if kind == "flow" and row.get("completion") is not None:
        gap = row["gap_points"]
        side = "高于" if gap >= 0 else "低于"
        return (f"{name}完成年度目标的{row['completion'] * 100:.1f}%，"
                f"{side}序时进度{abs(gap):.1f}个百分点")  # fmt: skip
    if kind == "rate_cap":
        head = row["target"] - row["actual"]
        side = "低于" if head >= 0 else "高于"
        return f"{name}{row['actual']:.2f}%，{side}控制目标{abs(head):.2f}个百分点"
    if kind == "stock" and row.get("completion") is not None:
        return (f"{name}{row['actual']:g}{row['unit_zh']}，"
                f"{int(row['deadline_year'])}年目标{row['target']:g}{row['unit_zh']}")  # fmt: skip
    if kind == "zero":
        return (
            f"零就业家庭未清零{row['actual']:g}户"
            if row["actual"] is not None and row["actual"] > 0
            else "零就业家庭动态清零"
        )
    return None


def build_bulletin(
    view: PeriodView, *, is_demo: bool, published: str | None = None, now=None
) -> Bulletin:
    """The bulletin of one period from its assessment (Chinese, as issued)."""
    now = now or datetime.now()
    grade_names = {
        g: t(f"grade_{g}", "zh") for g in ("excellent", "good", "pass", "fail")
    }
    ranking = []
    paragraphs = []
    red_list: list[RedItem] = []
    for row in records(view.scores):
        rank = None if row["rank"] is None else int(row["rank"])
        ranking.append({
            "rank": rank, "name": row["name_zh"], "total": row["total"],
            "grade": grade_names.get(row["grade"], "—"),
            "change": _change_text(row["change"]).lstrip("，") or "—",
        })  # fmt: skip
        results = view.results[view.results.region == row["region"]]
        jobs = records(results[results.code == "urban_new_jobs"])
        lead = _indicator_sentence(jobs[0]) if jobs else None
        first = f"{row['name_zh']}" + (lead or "")
        if rank is not None:
            first += f"，排名第{rank}"
        sentences = [first + _change_text(row["change"])]
        total = "—" if row["total"] is None else f"{row['total']:.2f}"
        sentences.append(f"综合得分{total}分，等次{grade_names.get(row['grade'], '—')}")
        others = [
            s for r in records(results) if r["code"] != "urban_new_jobs"
            if (s := _indicator_sentence(r))
        ]  # fmt: skip
        if others:
            sentences.append("；".join(others[:4]))
        paragraphs.append((row["name_zh"], "。".join(sentences) + "。"))
        for r in records(results):
            if r["status"] in ("lagging", "alert", "no_data"):
                detail = _indicator_sentence(r) or ""
                red_list.append(RedItem(row["name_zh"], r["name_zh"], detail,
                                        r.get("lead_zh") or "—", r["status"]))  # fmt: skip
    order = {"alert": 0, "no_data": 1, "lagging": 2}
    red_list.sort(key=lambda item: (order[item.status], item.county))
    period = f"{view.year}年{view.month}月"
    mode = "含已提交未审核数据" if view.mode == "submitted" else "已审核数据"
    return Bulletin(
        title=f"全市就业目标责任考核情况通报（{period}）",
        period=period,
        filters=f"考核期：{view.year}年1–{view.month}月；口径：{mode}；范围：全市{len(ranking)}个旗县区",
        generated_at=now,
        ranking=ranking,
        paragraphs=paragraphs,
        red_list=red_list,
        is_demo=is_demo,
        published=published,
    )


class _BulletinPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-14)
        self.set_font("cjk", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 8, f"{self.footer_text}    第 {self.page_no()} 页 / 共 {{nb}} 页",
                  align="C")  # fmt: skip


STATUS_WORDS = {"alert": "【预警】", "lagging": "【滞后】", "no_data": "【未报送】"}
# The bulletin's sections and tables, shared by the PDF, the DOCX and the preview page.
SECTIONS = (
    "一、综合排名",
    "二、各旗县区完成情况",
    "三、滞后及预警指标（红色清单）",
    "四、主要图表",
)
RANKING_HEADERS = ("排名", "旗县区", "综合得分", "等次", "较上月")
RED_HEADERS = ("旗县区", "指标", "状态", "情况", "牵头单位")
NO_RED_ITEMS = "本期无滞后或预警指标。"


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
    pdf = _BulletinPDF(format="A4")
    pdf.footer_text = f"生成时间 {bulletin.generated_at:%Y-%m-%d %H:%M}"
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=SIMPLIFIED_CHINESE)
    pdf.add_font("cjk", style="B", fname=str(CJK_BOLD),
                 collection_font_number=SIMPLIFIED_CHINESE)  # fmt: skip
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", "B", 22)
    pdf.cell(0, 14, "就业目标责任考核通报", align="C", new_x="LMARGIN", new_y="NEXT")
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
    if bulletin.published:
        pdf.multi_cell(
            0, 5, bulletin.published, align="C", new_x="LMARGIN", new_y="NEXT"
        )
    if bulletin.is_demo:
        pdf.set_text_color(154, 103, 0)
        pdf.multi_cell(0, 5, "示例数据：本通报数字为演示用示例数据，不代表实际统计。",
                       align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("cjk", "B", 12)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)

    heading(SECTIONS[0])
    header_style = FontFace(
        emphasis="BOLD", fill_color=(122, 29, 34), color=(255, 255, 255)
    )
    with pdf.table(col_widths=(14, 40, 28, 24, 40), text_align="CENTER",
                   headings_style=header_style, line_height=7,
                   repeat_headings=1) as table:  # fmt: skip
        table.row(list(RANKING_HEADERS))
        for row in bulletin.ranking:
            table.row(ranking_cells(row))

    heading(SECTIONS[1])
    for _county, text in bulletin.paragraphs:
        pdf.multi_cell(0, 6.5, "　　" + text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    heading(SECTIONS[2])
    if not bulletin.red_list:
        pdf.multi_cell(0, 6, "　　" + NO_RED_ITEMS, new_x="LMARGIN", new_y="NEXT")
    else:
        red_style = FontFace(emphasis="BOLD", fill_color=RED, color=(255, 255, 255))
        with pdf.table(col_widths=(24, 30, 22, 70, 28), headings_style=red_style,
                       line_height=6, repeat_headings=1) as table:  # fmt: skip
            table.row(list(RED_HEADERS))
            for item in bulletin.red_list:
                table.row(red_cells(item))

    if bulletin.charts:
        heading(SECTIONS[3])
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


def _word_table(document, headers, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The same bulletin as an editable Word document (A4, page numbers in the footer)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    style.font.size = Pt(11)

    def centred(text: str, size: int, bold=False, color=None):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size), bold
        if color:
            run.font.color.rgb = RGBColor(*color)

    centred("就业目标责任考核通报", 22, True, RED)
    centred(bulletin.title, 15, True)
    centred(bulletin.filters, 9)
    if bulletin.published:
        centred(bulletin.published, 9)
    if bulletin.is_demo:
        centred(
            "示例数据：本通报数字为演示用示例数据，不代表实际统计。",
            9,
            color=(154, 103, 0),
        )
    document.add_heading(SECTIONS[0], level=2)
    _word_table(document, RANKING_HEADERS, [ranking_cells(r) for r in bulletin.ranking])
    document.add_heading(SECTIONS[1], level=2)
    for _county, text in bulletin.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(22)
    document.add_heading(SECTIONS[2], level=2)
    if bulletin.red_list:
        _word_table(document, RED_HEADERS, [red_cells(i) for i in bulletin.red_list])
    else:
        document.add_paragraph(NO_RED_ITEMS)
    if bulletin.charts:
        document.add_heading(SECTIONS[3], level=2)
        for title, png in bulletin.charts:
            document.add_paragraph(title)
            document.add_picture(io.BytesIO(png), width=Cm(16))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"生成时间 {bulletin.generated_at:%Y-%m-%d %H:%M}    第 ")
    _page_number_field(footer, "PAGE")
    footer.add_run(" 页 / 共 ")
    _page_number_field(footer, "NUMPAGES")
    footer.add_run(" 页")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bulletin_for(view: PeriodView, rules, *, with_charts: bool = True) -> Bulletin:
    """The bulletin of a view, with its key charts where a browser can draw them."""
    found = publication(view.year, view.month)
    published = (
        f"本期排名已于{found.published_at:%Y-%m-%d}发布" if found is not None else None
    )
    bulletin = build_bulletin(view, is_demo=stamp().is_demo, published=published)
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
        charts.append((t(title_key, "zh"), png))
    return replace(bulletin, charts=charts)
