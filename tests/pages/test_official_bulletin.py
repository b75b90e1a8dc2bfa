"""Issue 20: the bulletin as an official document (GB/T 9704-2012), read back from
its PDF (pdftotext) and DOCX; the office's issue fields, edited before issuing and
kept as issued; the English bulletin."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from datetime import date

import pytest

from tests.helpers import answer_text, login, post_callback

OCT = "year=2026&month=10"
EXPORTS = {"shell-year.value": "2026", "shell-month.value": "10",
           "shell-lang.value": "zh", "exports-issue-saved.data": 0}  # fmt: skip
FIELDS = {"exports-issue-number.value": 11, "exports-issue-issued_on.value": "2026-11-05",
          "exports-issue-addressees.value": "各旗县区人民政府，市直有关部门",
          "exports-issue-requirements.value": "一是抓紧补齐短板。\n二是按时报送数据。",
          "exports-issue-signature.value": "巴彦淖尔市人民政府督查室",
          "exports-issue-cc.value": "市委办公室，市人社局"}  # fmt: skip
UNIT_START = re.compile(r"^\s*(%|％|个百分点|百分点|人次|人|万元|户|个|项|分|位)")


def _pages(body: bytes, tmp_path, name: str = "b", fixed: bool = False) -> list[str]:
    """The PDF's pages as text; ``fixed``: laid out at a fixed pitch (3 pt a
    character), so that a line's indent is where it stands on the paper (a page of a
    chart alone is not squeezed to its few words)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(body)
    pitch = ["-fixed", "3"] if fixed else []
    text = subprocess.run(["pdftotext", "-layout", *pitch, str(path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout  # fmt: skip
    pages = text.split("\f")
    return [unicodedata.normalize("NFKC", p) for p in (pages[:-1] if not pages[-1].strip()
                                                       else pages)]  # fmt: skip


def _flat(text: str) -> str:
    return "".join(text.split())


def _bulletin(lang="zh", **kwargs):
    """The October bulletin as issued (no 草稿 across the text pdftotext reads)."""
    from dataclasses import replace

    from presenters.bulletin import bulletin_for
    from services.assessment import period_view
    from services.context import rules

    view = period_view(2026, 10, rules(2026), "approved")
    return view, replace(
        bulletin_for(view, rules(2026), lang=lang, **kwargs), draft=False
    )


def test_off001_every_element_of_the_standard_in_order(seeded_db, tmp_path):
    """Organ (red head), 期号, title, 主送, the five sections, signature, the date in
    Chinese numerals, 抄送 and 印发, in that order; "— N —" on every page (odd pages
    at the right, even at the left); the red rule under the 期号; the faces the
    standard asks for embedded (标宋, 仿宋, 黑体, 楷体)."""
    from presenters.bulletin import bulletin_pdf

    _view, bulletin = _bulletin()
    body = bulletin_pdf(bulletin)
    pages = _pages(body, tmp_path)
    flat = _flat("".join(pages))
    issue = bulletin.issue
    order = [issue.organ, f"2026年第{issue.number}期", "全市就业目标责任考核情况通报",
             "（2026年10月）", issue.addressees + "：", "一、总体情况", "二、综合排名",
             "三、各旗县区完成情况", "四、预警与滞后事项", "（一）预警事项（红色清单）",
             "（二）滞后及接近控制线事项（黄色清单）", "五、工作要求", issue.signature,
             "年", "抄送：", "印发"]  # fmt: skip
    order = [unicodedata.normalize("NFKC", _flat(x)) for x in order]
    order[13] = _flat(unicodedata.normalize("NFKC", _chinese(issue.issued_on)))
    at = -1
    for piece in order:
        found = flat.find(piece, at + 1)
        assert found > at, (piece, at)
        at = found
    for n, page in enumerate(_pages(body, tmp_path, "fixed", fixed=True), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        number = lines[-1]
        assert _flat(number) == f"—{n}—", (n, number)
        indent = len(number) - len(number.lstrip())  # in 3 pt steps: A4 is 198 wide
        assert (indent > 100) == (n % 2 == 1), (n, number)  # odd right, even left
        assert indent > 100 or indent < 60, (n, number)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "b.pdf")], check=True,
                           capture_output=True, text=True).stdout  # fmt: skip
    for face in (
        "NotoSerifCJKSCBold",
        "NotoSerifCJKSC ",
        "NotoSansCJKSC",
        "FandolFang",
        "FandolKai",
    ):  # 标宋, 宋体 (page numbers), 黑体, 仿宋, 楷体
        assert face in fonts, fonts
    # The red rule: a row of red pixels across the type area between 期号 and title.
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1",
                    str(tmp_path / "b.pdf"), str(tmp_path / "p")], check=True)  # fmt: skip
    from PIL import Image

    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    width = image.width
    red_rows = [y for y in range(image.height // 3)
                if sum(1 for x in range(width) if _red(image.getpixel((x, y))))
                > width * 0.6]  # fmt: skip
    assert red_rows, "no red rule across the page's top third"


def _chinese(day: date) -> str:
    from i18n import chinese_date

    return chinese_date(day)


def _red(pixel) -> bool:
    r, g, b = pixel
    return r > 150 and g < 110 and b < 110


def test_off002_chinese_numbers_and_dates():
    from i18n import chinese_date, chinese_number

    assert chinese_date(date(2026, 12, 5)) == "二〇二六年十二月五日"
    assert chinese_date(date(2030, 10, 20)) == "二〇三〇年十月二十日"
    assert chinese_date(date(2026, 1, 31)) == "二〇二六年一月三十一日"
    assert [chinese_number(n) for n in (1, 10, 11, 20, 99, 101, 2850)] == [
        "一", "十", "十一", "二十", "九十九", "一百零一", "二千八百五十"]  # fmt: skip


def test_off003_each_county_paragraph_is_complete_and_unambiguous(seeded_db, tmp_path):
    """Each county's paragraph opens with its score, grade and rank; names every
    indicator that is 滞后, 预警 or 未报送 with its figure and target; sums up the rest
    (其余N项); in the PDF as in the model."""
    from presenters.bulletin import bulletin_pdf

    view, bulletin = _bulletin()
    paragraphs = dict(bulletin.paragraphs)
    flat = _flat("".join(_pages(bulletin_pdf(bulletin), tmp_path)))
    results = view.results
    checked = 0
    for row in bulletin.ranking:
        name = row["name"]
        text = paragraphs[name]
        assert text.startswith(
            f"{name}综合得分{row['total']:.2f}分，等次{row['grade']}"
        )
        assert f"排名第{row['rank']}位" in text.split("。")[0]  # the county's rank
        region = view.regions[view.regions.name_zh == name].code.iloc[0]
        mine = results[(results.region == region) & (results.status != "not_assessed")]
        named = mine[mine.status.isin(["lagging", "alert", "no_data"])]
        for indicator in named.name_zh:
            assert indicator in text, (name, indicator)
            checked += 1
        if len(named) and len(mine) > len(named):
            assert f"其余{len(mine) - len(named)}项指标均达到序时进度" in text
        # In the document: the paragraph under its heading, whole.
        start = flat.find(_flat(unicodedata.normalize("NFKC", text[:30])))
        assert start > 0, name
    assert checked >= 10  # the demo has lagging indicators in several counties
    dengkou = paragraphs["磴口县"]
    lagging = results[(results.region == "150822") & (results.status == "lagging")]
    for _, r in lagging.iterrows():
        assert f"{r.actual:,.{int(r.decimals)}f}" in dengkou, r.name_zh


def test_off004_numbers_stay_with_their_units(seeded_db, tmp_path):
    """No line of the PDF starts with a unit (%, 个百分点, 人, 万元, …) after a line
    that ends in a digit; the line breaker keeps such pieces whole and no line starts
    with closing punctuation."""
    from presenters.bulletin import bulletin_pdf
    from presenters.official import break_lines, tokens

    assert "9.1%，" in tokens("完成9.1%，高于")  # the comma held to what precedes it
    assert "3.3个百分点" in tokens("低于3.3个百分点")
    assert "7,981人。" in tokens("完成7,981人。")
    assert "（2026年" in tokens(
        "通报（2026年10月）"
    )  # opening bracket held to what follows
    lines = break_lines(
        "甲" * 10 + "完成1,234人，低于3.3个百分点。", lambda p: len(p), 12, 12
    )
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert any("1,234人" in line for line in lines) and any("3.3个百分点" in line
                                                           for line in lines)  # fmt: skip
    _view, bulletin = _bulletin()
    for page in _pages(bulletin_pdf(bulletin), tmp_path):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for before, after in zip(lines, lines[1:], strict=False):
            if before[-1].isdigit():
                assert not UNIT_START.match(after), (before, after)


def test_off005_red_list_holds_only_alerts_yellow_the_rest(seeded_db, tmp_path):
    """The red list (预警事项) holds 预警 items only; 滞后, 接近控制线 and 未报送 go to
    the yellow list; each names its lead department."""
    from presenters.bulletin import bulletin_pdf

    _view, bulletin = _bulletin()
    assert bulletin.red_list and {i.status for i in bulletin.red_list} == {"alert"}
    assert {i.status for i in bulletin.yellow_list} >= {"lagging", "near_cap"}
    assert all(
        i.lead and i.lead != "—" for i in bulletin.red_list + bulletin.yellow_list
    )
    flat = _flat("".join(_pages(bulletin_pdf(bulletin), tmp_path)))

    def nfkc(text: str) -> str:
        return unicodedata.normalize("NFKC", text)

    red = flat.split(nfkc("（一）预警事项（红色清单）"))[1].split(
        nfkc("（二）滞后及接近控制线")
    )[0]
    yellow = flat.split(nfkc("（二）滞后及接近控制线事项（黄色清单）"))[1].split(
        nfkc("五、工作要求")
    )[0]
    alert, lagging, near = nfkc("【预警】"), nfkc("【滞后】"), nfkc("【接近控制线】")
    assert alert in red and lagging not in red and near not in red
    assert lagging in yellow and near in yellow and alert not in yellow


def test_off006_the_english_bulletin_has_no_chinese(seeded_db, tmp_path, client):
    """lang=en: an English document throughout (names in English, the counties'
    explanations noted, not quoted)."""
    response = client.get(f"/export/bulletin.pdf?{OCT}&lang=en")
    assert response.status_code == 200
    text = "".join(_pages(response.data, tmp_path))
    han = re.findall(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]", text)
    assert han == [], "".join(han)[:80]
    for expected in ("1. Overview", "2. Overall ranking", "5. What is required",
                     "(1) Alerts (red list)", "Linhe District", "Copies:"):  # fmt: skip
        assert _flat(expected) in _flat(text), expected
    docx = client.get(f"/export/bulletin.docx?{OCT}&lang=en")
    assert docx.status_code == 200 and b"PK" == docx.data[:2]


def test_off007_the_docx_uses_named_styles_and_pages_as_the_pdf(
    seeded_db, tmp_path, client
):
    """Every paragraph of the Word bulletin (body, headers, tables) has one of the
    bulletin's named styles: none of Word's defaults shows through; LibreOffice lays
    it out on as many pages as the PDF."""
    from docx import Document

    docx = client.get(f"/export/bulletin.docx?{OCT}").data
    document = Document(io.BytesIO(docx))
    used = {p.style.name for p in document.paragraphs}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                used |= {p.style.name for p in cell.paragraphs}
    assert used and all(name.startswith("Bulletin ") for name in used), used
    assert {"Bulletin Organ", "Bulletin Title", "Bulletin Heading 1", "Bulletin Heading 2",
            "Bulletin Body", "Bulletin Signature", "Bulletin Date",
            "Bulletin Record"} <= used  # fmt: skip
    organ = document.styles["Bulletin Organ"]
    assert (
        str(organ.font.color.rgb) == "C8101E" and organ.font.name == "Noto Serif CJK SC"
    )
    assert document.styles["Bulletin Body"].font.name == "FandolFang"
    assert document.styles["Bulletin Heading 1"].font.name == "Noto Sans CJK SC"
    assert document.styles["Bulletin Heading 2"].font.name == "FandolKai"
    (tmp_path / "b.docx").write_bytes(docx)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
                    str(tmp_path / "b.docx")], check=True, capture_output=True,
                   timeout=180)  # fmt: skip
    converted = _pages((tmp_path / "out" / "b.pdf").read_bytes(), tmp_path, "c")
    original = _pages(client.get(f"/export/bulletin.pdf?{OCT}").data, tmp_path, "o")
    assert len(converted) == len(original)


def _save(client, dash_app, **changes):
    return post_callback(client, dash_app, "exports-issue-message.children",
                         {**EXPORTS, **FIELDS, **changes},
                         ["exports-issue-save.n_clicks"])  # fmt: skip


def _publish(client, dash_app):
    return post_callback(client, dash_app, "rankings-publish-message.children",
                         {"shell-year.value": "2026", "shell-month.value": "10",
                          "shell-lang.value": "zh", "rankings-refresh.data": 0},
                         ["rankings-publish.n_clicks"])  # fmt: skip


def test_off008_edited_before_issue_then_issued_as_kept(
    client, dash_app, fresh_db, tmp_path
):
    """The office fills the fields on 导出/通报; bad values are refused naming the
    field, nothing saved; the draft (草稿 on every page) carries them; publishing
    issues it without 草稿, with those fields, and keeps it byte for byte; the fields
    cannot change while it is published; a county cannot save them."""
    county = dash_app.server.test_client()
    login(county, "linhe")
    assert "只有督查室可以填写通报发文信息" in answer_text(_save(county, dash_app))
    login(client, "supervisor")
    refused = answer_text(
        _save(client, dash_app, **{"exports-issue-number.value": "abc"})
    )
    assert "期号须为1至999的整数" in refused
    refused = answer_text(
        _save(client, dash_app, **{"exports-issue-addressees.value": " "})
    )
    assert "“主送”不能为空" in refused
    refused = answer_text(
        _save(client, dash_app, **{"exports-issue-issued_on.value": "x"})
    )
    assert "成文日期无效" in refused
    from data_access import queries

    assert queries.bulletin_issue(2026, 10) is None  # nothing half-written
    saved = answer_text(_save(client, dash_app))
    assert "已保存2026年10月通报的发文信息（2026年第11期）" in saved
    preview = answer_text(post_callback(client, dash_app, "exports-preview.children",
                                        EXPORTS))  # fmt: skip
    assert "2026年第11期" in preview and "一是抓紧补齐短板。" in preview
    assert (
        "二〇二六年十一月五日" in preview and "抄送：市委办公室，市人社局。" in preview
    )
    draft = client.get(f"/export/bulletin.pdf?{OCT}").data
    pages = _pages(draft, tmp_path, "draft")
    assert all("草" in p and "稿" in p for p in pages)  # the watermark on every page
    assert "2026年第11期" in _flat(pages[0]) and "二〇二六年十一月五日" in _flat(
        "".join(pages)
    )
    assert "已发布" in answer_text(_publish(client, dash_app))
    issued = client.get(f"/export/bulletin.pdf?{OCT}").data
    assert client.get(f"/export/bulletin.pdf?{OCT}").data == issued  # byte for byte
    text = "".join(_pages(issued, tmp_path, "issued"))
    assert "草稿" not in _flat(text) and "稿" not in text
    assert "2026年第11期" in _flat(text) and "一是抓紧补齐短板。" in _flat(text)
    locked = answer_text(_save(client, dash_app, **{"exports-issue-number.value": 12}))
    assert "已发布，通报已印发，不能修改发文信息" in locked
    assert queries.bulletin_issue(2026, 10)["number"] == 11
    events = queries.publication_events(2026, 10)
    assert list(events.issue_number.dropna()) == [11]


def test_off009_past_issues_stay_downloadable_as_issued(client, dash_app, fresh_db):
    """Withdrawn and issued again under a new number: both issues are listed, each
    downloads as it was issued, the withdrawn one marked; a number another published
    month holds is refused."""
    from services.bulletin_issue import past_issues

    login(client, "supervisor")
    _save(client, dash_app)
    _publish(client, dash_app)
    first = client.get(f"/export/bulletin.pdf?{OCT}").data
    post_callback(client, dash_app, "rankings-publish-message.children",
                  {"shell-year.value": "2026", "shell-month.value": "10",
                   "shell-lang.value": "zh", "rankings-refresh.data": 0,
                   "rankings-withdraw-reason.value": "数据更正"},
                  ["rankings-withdraw.n_clicks"])  # fmt: skip
    assert "已保存" in answer_text(_save(client, dash_app,
                                         **{"exports-issue-number.value": 12}))  # fmt: skip
    _publish(client, dash_app)
    issues = past_issues()
    october = [i for i in issues if (i.year, i.month) == (2026, 10)]
    assert [i.number for i in october] == [12, 11]
    assert [i.current for i in october] == [True, False]
    old = client.get(f"/export/bulletin/issued/{october[1].event_id}.pdf")
    assert old.status_code == 200 and old.data == first
    assert client.get("/export/bulletin/issued/999999.pdf").status_code == 400
    listing = answer_text(post_callback(client, dash_app, "exports-past-issues.children",
                                        EXPORTS))  # fmt: skip
    assert "2026年第12期" in listing and "已撤回" in listing
    assert f"/export/bulletin/issued/{october[1].event_id}.pdf" in listing
    # The series goes on from the newest number: November after 第12期 is 第13期.
    from services.bulletin_issue import default_number

    assert default_number(2026, 11) == 13
    # November may not take October's number.
    november = {**EXPORTS, "shell-month.value": "11"}
    taken = answer_text(post_callback(client, dash_app, "exports-issue-message.children",
                                      {**november, **FIELDS,
                                       "exports-issue-number.value": 12},
                                      ["exports-issue-save.n_clicks"]))  # fmt: skip
    assert "第12期已用于本年10月的通报" in taken


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_off010_the_exports_page_shows_the_document_and_the_form(
    client, dash_app, lang
):
    """The preview reads as the document (red head, 期号, five sections, signature,
    抄送, 草稿 until published); the form is the office's only."""
    from tests.helpers import find_component, render_page

    values = {**EXPORTS, "shell-lang.value": lang}
    preview = answer_text(post_callback(client, dash_app, "exports-preview.children",
                                        values))  # fmt: skip
    if lang == "zh":
        for expected in ("巴彦淖尔市人民政府督查室", "一、总体情况", "五、工作要求", "抄送：",
                         "bulletin-draft", "草稿"):  # fmt: skip
            assert expected in preview, expected
    else:
        assert "1. Overview" in preview and "5. What is required" in preview
        assert "DRAFT" in preview
    page = render_page(client, "/exports", f"?{OCT}&lang={lang}").get_json()
    form = find_component(page, "exports-issue-card")
    assert form["props"]["style"] == {"display": "none"}  # anonymous: no form


def test_off011_the_default_number_follows_the_year_series(seeded_db):
    """The demo's published month carries its month's number (第8期 for August): the
    month after it defaults to the next number; a published month keeps its own."""
    from data_access import queries
    from services.bulletin_issue import default_number, issue_fields

    ((month, number),) = queries.issue_numbers(2026).items()
    assert number == month
    assert default_number(2026, month) == number
    assert default_number(2026, month + 1) == number + 1
    label = issue_fields(2026, month + 1).label(2026, "zh")
    assert label == f"2026年第{number + 1}期"
