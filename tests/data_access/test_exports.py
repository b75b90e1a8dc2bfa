"""Exports: tables, charts, the bulletin and the ZIP, read back and checked."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageStat

from presenters.exports import Column, neutralise, table_csv, table_xlsx
from tests.helpers import correct_form, demo_figure, login, override_setting

ROOT = Path(__file__).resolve().parents[2]
OCT = "year=2026&month=10"


def _pdf_text(body: bytes, tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "out.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    pages = int(
        next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
    )
    # Chromium's PDFs map some CJK glyphs to Kangxi radicals (⽬ for 目); NFKC folds them.
    return unicodedata.normalize("NFKC", text), pages


def test_exp001_formula_triggers_are_neutralised_numbers_stay_numbers():
    """=, +, -, @, tab, CR, LF at the start of text become plain text."""
    for text in (
        '=HYPERLINK("http://x","y")',
        "+1",
        "-cmd",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "\nx",
    ):
        assert neutralise(text) == "'" + text
    assert neutralise("临河区") == "临河区"
    assert neutralise(-0.17) == -0.17
    columns = [Column("name", "名称"), Column("value", "数值", "人", "0.00")]
    rows = [{"name": '=HYPERLINK("http://x","y")', "value": -0.17}]
    sheet = load_workbook(io.BytesIO(table_xlsx(rows, columns, title="t"))).active
    cells = {c.value: c for c in sheet[3]}
    formula = next(c for v, c in cells.items() if isinstance(v, str))
    assert formula.data_type == "s" and formula.value.startswith("'=")
    number = next(c for v, c in cells.items() if not isinstance(v, str))
    assert number.data_type == "n" and number.value == -0.17
    csv_text = table_csv(rows, columns).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "-0.17" in csv_text


def test_exp002_rankings_xlsx_and_csv_by_stable_url(client, seeded_db):
    """The ranking table as a formatted workbook and a BOM'd CSV, both parseable."""
    response = client.get(f"/export/rankings.xlsx?{OCT}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert "旗县区排名" in sheet["A1"].value
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "排名")
    assert header[:5] == ("排名", "并列", "旗县区", "行政区划代码", "综合得分（分）")
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows) and len(rows) == 7
    assert all(isinstance(r[4], int | float) for r in rows)
    assert (
        sheet.freeze_panes.startswith("A") and sheet.column_dimensions["C"].width == 12
    )
    total_cell = next(c for c in sheet["E"] if isinstance(c.value, int | float))
    assert total_cell.number_format == "0.00"
    csv = client.get(f"/export/rankings.csv?{OCT}")
    assert csv.data.startswith(b"\xef\xbb\xbf")
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("排名,并列,旗县区") and len(lines) == 8


@pytest.mark.parametrize(
    ("query", "message"),
    [("year=abc&month=10", "年份或月份无效"), ("year=2026&month=13", "年份或月份无效"),
     ("year=2026", "年份或月份无效"), ("year=2019&month=1&x=1", None),
     ("year=2030&month=1", "暂无数据")],
)  # fmt: skip
def test_exp003_bad_year_or_month_is_a_clear_400(client, seeded_db, query, message):
    """A bad or empty period answers 400 with a message, never a stack trace."""
    response = client.get(f"/export/rankings.xlsx?{query}")
    if message is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get(f"/export/bulletin.pdf?{query}").status_code == 400


def test_exp004_exports_follow_the_read_rules(dash_app, seeded_db, monkeypatch):
    """With reading closed, anonymous exports get 401 and a logged-in county gets the file."""
    override_setting(monkeypatch, "PUBLIC_READ", "0")
    client = dash_app.server.test_client()
    assert client.get(f"/export/rankings.csv?{OCT}").status_code == 401
    assert client.get(f"/export/bulletin.pdf?{OCT}").status_code == 401
    login(client, "dengkou")
    assert client.get(f"/export/rankings.csv?{OCT}").status_code == 200


def test_exp005_bulletin_text_reads_like_a_bulletin(seeded_db):
    """A paragraph per county in the plain style, and a red list with lead departments."""
    from domain import Rules
    from presenters.bulletin import build_bulletin
    from services.assessment import period_view

    view = period_view(2026, 10, Rules())
    bulletin = build_bulletin(view, is_demo=True)
    assert len(bulletin.paragraphs) == 7
    first_county, text = bulletin.paragraphs[0]
    # The county's score, grade and rank open its paragraph (not an indicator's).
    assert text.startswith(f"{first_county}综合得分") and "排名第1位" in text
    jobs = view.results[
        (view.results.region == "150802") & (view.results.code == "urban_new_jobs")
    ]
    expected = f"{jobs.completion.iloc[0] * 100:.1f}%"
    assert expected in dict(bulletin.paragraphs)["临河区"]
    assert bulletin.red_list and all(item.lead for item in bulletin.red_list)
    assert {i.status for i in bulletin.red_list} == {"alert"}
    assert {i.status for i in bulletin.yellow_list} <= {
        "lagging",
        "near_cap",
        "no_data",
    }


def test_exp006_bulletin_pdf_pages_text_and_long_tables(seeded_db, tmp_path):
    """The PDF holds title, ranking, paragraphs, red list, page numbers and timestamp;
    a red list longer than a page continues with its header repeated."""
    from dataclasses import replace

    from domain import Rules
    from presenters.bulletin import RedItem, build_bulletin, bulletin_pdf
    from services.assessment import period_view

    bulletin = build_bulletin(period_view(2026, 10, Rules()), is_demo=True)
    text, pages = _pdf_text(bulletin_pdf(bulletin), tmp_path)
    flat = "".join(text.split())
    for expected in ("巴彦淖尔市人民政府督查室", "全市就业目标责任考核情况通报",
                     "一、总体情况", "二、综合排名", "三、各旗县区完成情况",
                     "四、预警与滞后事项", "五、工作要求", "示例数据", "—1—",
                     f"—{pages}—", "人社局"):  # fmt: skip
        assert unicodedata.normalize("NFKC", expected) in flat, expected
    long = replace(bulletin, red_list=[RedItem("临河区", f"指标{i}", "完成年度目标的50.0%",
                                                "人社局", "alert") for i in range(300)])  # fmt: skip
    long_text, long_pages = _pdf_text(bulletin_pdf(long), tmp_path)
    assert long_pages > pages + 5
    listed = [p for p in _pdf_pages(bulletin_pdf(long), tmp_path, "long")
              if re.search(r"指标\d+", p)]  # fmt: skip
    assert len(listed) > 5 and all("牵头单位" in page for page in listed)
    assert "指标299" in long_text


def test_exp007_no_diskcache_manager_anywhere():
    """Background work never uses Dash's DiskcacheManager (unfixed vulnerability)."""
    sources = [p for folder in ("app.py", "pages", "components", "services", "server",
                                "data_access") for p in (ROOT / folder).rglob("*.py")]  # fmt: skip
    sources.append(ROOT / "app.py")
    assert sources
    for path in sources:
        assert "DiskcacheManager" not in path.read_text(encoding="utf-8"), path


def test_exp008_without_a_browser_the_chart_control_says_so(
    client, seeded_db, monkeypatch
):
    """No Chromium: chart downloads answer 503 with a message; the menu says so too."""
    import json

    import presenters.exports as exports
    from components.downloads import chart_download_menu

    monkeypatch.setattr(exports, "chromium_path", lambda: None)
    response = client.get(f"/export/chart/score-bar.png?{OCT}")
    assert response.status_code == 503
    assert "sudo apt-get install chromium" in response.get_data(as_text=True)
    menu = json.dumps(chart_download_menu("score-bar", OCT, "zh", problem="exp_no_browser")
                      .to_plotly_json(), default=str, ensure_ascii=False)  # fmt: skip
    assert "服务器未安装浏览器" in menu and "/export/chart" not in menu


class TestCharts:
    """Server-side images through kaleido and Debian's Chromium."""

    def test_exp101_png_is_print_sized_and_not_blank(self, client, seeded_db):
        response = client.get(f"/export/chart/score-bar.png?{OCT}")
        assert response.status_code == 200
        image = Image.open(io.BytesIO(response.data)).convert("L")
        assert image.size == (3600, 2100)
        assert ImageStat.Stat(image).stddev[0] > 10  # not a blank page

    def test_exp102_svg_and_pdf_carry_title_period_and_demo_label(
        self, client, seeded_db, tmp_path
    ):
        svg = client.get(f"/export/chart/gap-heatmap.svg?{OCT}").get_data(as_text=True)
        assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
        for text in ("完成率与序时进度之差", "2026年10月", "示例数据", "数据来源"):
            assert text in svg, text
        pdf = client.get(f"/export/chart/city-trend.pdf?{OCT}&indicator=urban_new_jobs")
        assert pdf.data.startswith(b"%PDF")
        text, _ = _pdf_text(pdf.data, tmp_path)
        assert "全市累计完成与目标进度" in text

    def test_exp103_one_browser_serves_every_image(self, client, seeded_db):
        import kaleido

        client.get(f"/export/chart/score-map.png?{OCT}")
        assert kaleido._global_server.is_running()
        thread = kaleido._global_server._thread
        client.get(f"/export/chart/score-bar.svg?{OCT}")
        assert kaleido._global_server._thread is thread

    def test_exp104_view_zip_holds_charts_and_tables(self, client, seeded_db):
        response = client.get(f"/export/view.zip?page=rankings&{OCT}")
        names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
        assert {"score-bar.png", "gap-heatmap.png"} <= set(names)
        assert sum(n.endswith(".xlsx") for n in names) == 2
        assert sum(n.endswith(".csv") for n in names) == 2

    def test_exp105_bulletin_by_url_includes_the_key_charts(
        self, client, seeded_db, tmp_path
    ):
        response = client.get(f"/export/bulletin.pdf?{OCT}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text, pages = _pdf_text(response.data, tmp_path)
        flat = "".join(text.split())
        assert "附件1" in flat and "附件2" in flat and "附件:1.综合得分" in flat
        assert pages >= 3


@pytest.mark.parametrize(
    ("chart", "extra", "title"),
    [("indicator-map", "&indicator=registered_unemployment_rate", "各旗县区完成情况"),
     ("indicator-bar", "&indicator=urban_new_jobs", "实际与目标"),
     ("indicator-trend", "&indicator=incubators", "各旗县区月度走势"),
     ("county-trend", "&indicator=urban_new_jobs&region=150822", "月度走势"),
     ("measures-matrix", "", "部门 × 任务分工矩阵")],
)  # fmt: skip
def test_exp106_every_page_chart_exports(client, seeded_db, chart, extra, title):
    """Each chart of the county, indicator and measures pages renders by URL."""
    response = client.get(f"/export/chart/{chart}.svg?{OCT}{extra}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert title in response.get_data(as_text=True)


def test_exp107_filtered_tables_and_view_zips(client, seeded_db):
    """Results by county or indicator; ZIPs of the county and indicator views;
    unknown names and bad filters are 400s."""
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                f"/export/table/results.xlsx?{OCT}&indicator=urban_new_jobs"
            ).data
        )
    ).active
    assert "城镇新增就业人数" in sheet["A1"].value
    data_rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(data_rows) == 8  # seven counties and the city
    county = client.get(f"/export/table/results.csv?{OCT}&region=150822").data
    assert county.decode("utf-8-sig").count("磴口县") == 10
    names = zipfile.ZipFile(
        io.BytesIO(
            client.get(
                f"/export/view.zip?page=indicator&{OCT}&indicator=urban_new_jobs"
            ).data
        )
    ).namelist()
    assert {"indicator-map.png", "indicator-bar.png", "indicator-trend.png"} <= set(
        names
    )
    assert client.get(f"/export/table/nothing.xlsx?{OCT}").status_code == 400
    assert client.get(f"/export/table/results.xlsx?{OCT}&region=999").status_code == 400
    assert (
        client.get(f"/export/chart/county-trend.png?{OCT}&region=1").status_code == 400
    )
    assert client.get(f"/export/view.zip?page=nope&{OCT}").status_code == 400


def test_exp108_a_running_export_does_not_block_the_dashboards(
    client, dash_app, seeded_db
):
    """While the chart browser is busy (its lock held), dashboard callbacks and table
    exports still answer at once: only chart images queue for the browser."""
    import time

    import presenters.exports as exports
    from tests.helpers import post_callback

    period = {"shell-year.value": "2026", "shell-month.value": "10",
              "shell-lang.value": "zh", "rankings-sort.value": "total"}  # fmt: skip
    with exports._RENDER_LOCK:
        started = time.perf_counter()
        response = post_callback(client, dash_app, "rankings-table.children", period)
        table = client.get(f"/export/rankings.xlsx?{OCT}")
        elapsed = time.perf_counter() - started
    assert response.status_code == 200 and table.status_code == 200
    assert elapsed < 5


def test_exp109_targets_and_history_tables(client, fresh_db, actors):
    """The year's targets and a county's change history export too."""
    from datetime import date

    sheet = load_workbook(io.BytesIO(client.get(
        f"/export/table/targets.xlsx?{OCT}").data)).active  # fmt: skip
    assert sheet["A1"].value == "2026年度目标"
    rows = list(sheet.iter_rows(values_only=True))
    jobs = [r for r in rows if r[0] == "城镇新增就业人数"]
    # One row a region, the city first, each with where its target comes from.
    assert [r[2:5] for r in jobs[:2]] == [("巴彦淖尔市", 9000, "市级分解"),
                                         ("临河区", 3490, "旗县区承诺")]  # fmt: skip
    assert jobs[1][5] == "市政府督查室" and jobs[1][6].startswith("2026-01-15")
    assert "承诺目标高于市级分解数" in jobs[1][7]
    cap = next(r for r in rows if r[0] == "城镇登记失业率" and r[2] == "巴彦淖尔市")
    assert cap[3:5] == (4.5, "政策文件")
    record = [{"row": 1, "region": "150822", "indicator": "urban_new_jobs", "year": 2026,
               "month": 10, "value": "700", "unit": ""}]  # fmt: skip
    assert correct_form(actors["dengkou"], record, date(2026, 11, 26)).committed
    login(client, "supervisor")  # the change history names people: login only
    csv = client.get(f"/export/table/history.csv?{OCT}&region=150822").data.decode(
        "utf-8-sig"
    )
    assert (
        "dengkou" in csv
        and f"{demo_figure('150822', 'urban_new_jobs'):.0f}" in csv
        and "700" in csv
        and "在线填报" in csv
    )


def test_exp110_bulletin_docx_holds_the_same_text(client, seeded_db):
    """The Word version carries the title, ranking, paragraphs, red list and page fields."""
    from docx import Document

    response = client.get(f"/export/bulletin.docx?{OCT}")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u2060", "")
    assert "全市就业目标责任考核情况通报" in text and "（2026年10月）" in text
    assert "城镇新增就业人数累计完成" in text.replace("\u2060", "")
    ranking, red = document.tables[0], document.tables[1]
    assert [c.text for c in ranking.rows[0].cells] == [
        "排名",
        "旗县区",
        "综合得分",
        "等次",
        "较上月",
    ]
    assert len(ranking.rows) == 8 and len(red.rows) > 1
    section = document.sections[0]
    assert (
        "PAGE" in section.footer.paragraphs[0]._p.xml
    )  # odd pages: — 1 — at the right
    assert "PAGE" in section.even_page_footer.paragraphs[0]._p.xml
    assert client.get(f"/export/bulletin.doc?{OCT}").status_code == 400


def test_exp120_csv_numbers_are_rounded_as_the_xlsx_shows_them(client, seeded_db):
    """Every table's CSV: no binary noise (7.000000000000001), no more decimal places
    than the column's XLSX number format shows; the XLSX keeps full numbers."""
    import csv as csv_module
    import re

    from presenters.exports import csv_number

    login(client, "supervisor")  # the history table needs a login
    noise = re.compile(r"^-?\d+\.\d{5,}$")
    for name in ("rankings", "results", "measures", "targets", "history"):
        body = client.get(f"/export/table/{name}.csv?{OCT}").data.decode("utf-8-sig")
        rows = list(csv_module.reader(io.StringIO(body)))
        assert len(rows) > 1 or name == "history", name
        for row in rows[1:]:
            assert not [c for c in row if noise.match(c)], (name, row)
    results = list(csv_module.reader(io.StringIO(
        client.get(f"/export/table/results.csv?{OCT}").data.decode("utf-8-sig"))))  # fmt: skip
    header = results[0]
    for column in ("得分（分）", "满分（分）"):
        index = header.index(column)
        assert all(
            re.fullmatch(r"\d+\.\d\d", r[index]) for r in results[1:] if r[index]
        )
    assert csv_number(7.000000000000001, None) == "7"
    assert csv_number(24.687365674543848, "0.00") == "24.69"
    assert csv_number(0.125, "0.00") == "0.13"
    assert csv_number(1234.0, "#,##0.##") == "1234"


def test_exp121_whole_weights_give_whole_maximum_points():
    """A 7-point weight out of 100 is worth 7 points, not 7.000000000000001."""
    from domain.model import IndicatorResult, IndicatorSpec, Kind, Status
    from domain.rules import Rules
    from domain.scoring import score_card

    specs = [IndicatorSpec(f"i{w}", Kind.FLOW, float(w)) for w in (7, 13, 30, 50)]
    results = {s.code: IndicatorResult(s.code, Kind.FLOW, Status.ON_TRACK, 1.0)
               for s in specs}  # fmt: skip
    card = score_card("x", specs, results, Rules())
    assert [i.max_points for i in card.items] == [7.0, 13.0, 30.0, 50.0]
    assert card.total == 100.0


def test_exp130_without_chinese_fonts_exports_answer_503_saying_what_to_install(
    client, seeded_db, monkeypatch, tmp_path
):
    """A machine without fonts-noto-cjk (simulated): the PDF bulletin and every chart
    answer 503 naming the package, never 500; the Word bulletin and tables download."""
    import presenters.exports as exports

    missing = (tmp_path / "none-regular.ttc", tmp_path / "none-bold.ttc")
    monkeypatch.setattr(exports, "CJK_FONTS", missing)
    for url in ("/export/bulletin.pdf", "/export/chart/score-bar.png",
                "/export/chart/gap-heatmap.svg"):  # fmt: skip
        response = client.get(f"{url}?{OCT}")
        assert response.status_code == 503, url
        assert "fonts-noto-cjk" in response.get_data(as_text=True), url
    english = client.get(f"/export/bulletin.pdf?{OCT}&lang=en").get_data(as_text=True)
    assert "install Debian's fonts-noto-cjk" in english
    assert client.get(f"/export/bulletin.docx?{OCT}").status_code == 200
    assert client.get(f"/export/rankings.xlsx?{OCT}").status_code == 200


def test_exp131_without_a_browser_the_bulletin_still_downloads_without_charts(
    client, seeded_db, monkeypatch
):
    """Only Chromium missing: the PDF bulletin downloads, without its chart section;
    the view ZIP says which images are missing and why."""
    import io
    import zipfile

    import presenters.exports as exports

    monkeypatch.setattr(exports, "chromium_path", lambda: None)
    response = client.get(f"/export/bulletin.pdf?{OCT}")
    assert response.status_code == 200 and response.data[:5] == b"%PDF-"
    assert "四、主要图表".encode("utf-16-be") not in response.data
    zipped = client.get(f"/export/view.zip?page=rankings&{OCT}")
    assert zipped.status_code == 200, zipped.get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(zipped.data))
    note = archive.read("图表未生成.txt").decode("utf-8")
    assert "chromium" in note


def test_exp132_a_browser_that_fails_is_a_503_not_a_500(client, seeded_db, monkeypatch):
    """Chromium present but broken: the chart answers 503 with the reason, logged."""
    import kaleido

    def broken(*_args, **_kwargs):
        raise RuntimeError("browser crashed")

    monkeypatch.setattr(kaleido, "calc_fig_sync", broken)
    response = client.get(f"/export/chart/score-bar.png?{OCT}")
    assert response.status_code == 503
    assert "chromium" in response.get_data(as_text=True)


def test_exp133_the_exports_page_says_what_is_missing(
    client, dash_app, seeded_db, monkeypatch, tmp_path
):
    """Without the Chinese fonts the bulletin button is off and says what to install;
    the file's URL answers 503 with the same sentence, not an error page."""
    import presenters.exports as exports
    from tests.helpers import find_component, post_callback, render_page

    monkeypatch.setattr(exports, "CJK_FONTS", (tmp_path / "a.ttc", tmp_path / "b.ttc"))
    page = render_page(client, "/exports", "?year=2026&month=10").get_json()
    button = find_component(page, "exports-bulletin-button")["props"]
    assert button["disabled"] is True
    status = find_component(page, "exports-bulletin-status")["props"]["children"]
    assert "fonts-noto-cjk" in status
    answer = post_callback(
        client, dash_app, "exports-bulletin-button.disabled",
        {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh"},
    )  # fmt: skip
    assert answer.get_json()["response"]["exports-bulletin-button"]["disabled"] is True
    file = client.get(f"/export/bulletin.pdf?{OCT}")
    assert file.status_code == 503
    assert "fonts-noto-cjk" in file.get_data(as_text=True)


def test_exp135_the_bulletin_button_is_a_link_to_the_file(client, dash_app, seeded_db):
    """The button links to the PDF of the page's period and data mode, so the file
    never travels inside a callback; a period without figures turns it off."""
    from urllib.parse import parse_qs, urlsplit

    from tests.helpers import find_component, post_callback, render_page

    search = "?year=2026&month=10&data=submitted"
    page = render_page(client, "/exports", search).get_json()
    button = find_component(page, "exports-bulletin-button")["props"]
    assert button["disabled"] is False
    assert button["download"] == "考核通报-2026年10月.pdf"
    url = urlsplit(button["href"])
    assert url.path == "/export/bulletin.pdf"
    assert parse_qs(url.query) == {
        "year": ["2026"], "month": ["10"], "lang": ["zh"], "data": ["submitted"],
    }  # fmt: skip
    file = client.get(button["href"])
    assert file.status_code == 200
    assert file.data[:5] == b"%PDF-"
    callbacks = [k for k in dash_app.callback_map if "exports-bulletin" in k]
    assert all("bulletin-download" not in k for k in callbacks)
    empty = post_callback(
        client, dash_app, "exports-bulletin-button.disabled",
        {"shell-year.value": "2026", "shell-month.value": "12", "shell-lang.value": "zh"},
    )  # fmt: skip
    assert empty.get_json()["response"]["exports-bulletin-button"]["disabled"] is True


def test_exp134_exported_maps_carry_the_county_names(client, seeded_db):
    """The map images name every county (SVG text, drawn with the CJK fonts)."""
    svg = client.get(f"/export/chart/score-map.svg?{OCT}").get_data(as_text=True)
    for name in (
        "临河区",
        "五原县",
        "磴口县",
        "乌拉特前旗",
        "乌拉特中旗",
        "乌拉特后旗",
        "杭锦后旗",
    ):
        assert name in svg, name


def _pdf_pages(pdf: bytes, tmp_path, name: str) -> list[str]:
    """The text of each page of a PDF (pdftotext -layout)."""
    import subprocess

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout  # fmt: skip
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_exp140_the_word_bulletin_lays_out_in_libreoffice_as_the_pdf(
    client, seeded_db, tmp_path
):
    """The DOCX bulletin converted headless by LibreOffice runs to the PDF's page count,
    its tables keep their widths (no cell of the ranking, nor a list's unit, indicator
    or status, wraps before five characters) and their header rows repeat."""
    import subprocess
    import zipfile

    from domain import Rules
    from presenters.bulletin import build_bulletin, ranking_cells, red_cells
    from services.assessment import period_view

    docx = client.get(f"/export/bulletin.docx?{OCT}").data
    pdf = client.get(f"/export/bulletin.pdf?{OCT}").data
    (tmp_path / "bulletin.docx").write_bytes(docx)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
         str(tmp_path / "bulletin.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = _pdf_pages(
        (tmp_path / "out" / "bulletin.pdf").read_bytes(), tmp_path, "c"
    )
    original = _pdf_pages(pdf, tmp_path, "o")
    assert len(converted) == len(original), (len(converted), len(original))
    text = "\n".join(converted)
    bulletin = build_bulletin(period_view(2026, 10, Rules()), is_demo=True)
    cells = [c for r in bulletin.ranking for c in ranking_cells(r)]
    cells += [c for i in bulletin.red_list for c in red_cells(i)[:3]]
    assert bulletin.red_list
    for cell in cells:
        start = cell.replace(" ", "")[:5]
        flat = "\n".join(line.replace(" ", "") for line in text.splitlines())
        assert start in flat, f"「{cell}」 wraps before its sixth character"
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    # The ranking, the red and yellow lists and the 难以完成 list: a header row each.
    from presenters.bulletin import bulletin_for

    issued = bulletin_for(period_view(2026, 10, Rules()), Rules(), with_charts=False)
    assert issued.outlook_list
    cells += [c for i in issued.outlook_list for c in red_cells(i)[:3]]
    for cell in cells:
        assert cell.replace(" ", "")[:5] in flat, (
            f"「{cell}」 wraps before its sixth character"
        )
    assert xml.count("<w:tblHeader") == 4 and 'w:type="fixed"' in xml
    # The charts are attachments, each on a page of its own after the signature.
    (first_chart,) = [page for page in original if "附件1" in "".join(page.split())]
    assert "综合得分" in first_chart


def test_exp141_xlsx_exports_print_on_a_landscape_page_width(client, seeded_db):
    """Landscape A4, one page wide, the title and header rows repeated, and a header
    row tall enough for its wrapped text."""
    from openpyxl import load_workbook

    for url in ("/export/rankings.xlsx", "/export/table/results.xlsx"):
        sheet = load_workbook(io.BytesIO(client.get(f"{url}?{OCT}").data)).active
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.fitToWidth) == 1
        assert int(setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        header_row = int(sheet.print_title_rows.split(":")[-1].lstrip("$"))
        assert sheet.cell(header_row, 1).fill.fgColor.rgb.endswith("7A1D22")
        assert sheet.row_dimensions[header_row].height >= 30, url
