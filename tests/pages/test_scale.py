"""Scopes at province scale (a generated province: 12 cities, 100 counties): the
province ranks its cities, on a switch all its counties, a city its counties; long
rankings show the top and bottom ten with the rest a click away, page by page; the
region search answers what is typed; no callback answers over 200 KB."""

from __future__ import annotations

import json

from data_access import queries
from tests.helpers import (
    answer_json,
    answer_text,
    find_component,
    main_callbacks,
    post_callback,
    render_page,
    scoped_query,
)

LIMIT = 200_000


def _rankings(client, app, **scope):
    values = {**scoped_query("nav_rankings", **scope), "rankings-sort.value": "total",
              "rankings-refresh.data": 0}  # fmt: skip
    answer = post_callback(client, app, "rankings-table.children", values)
    assert answer.status_code == 200, answer.data[:300]
    assert len(answer.data) < LIMIT, len(answer.data)
    return answer


def _regions(answer) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            region = node.get("props", {}).get("data-region")
            if region:
                found.append(region)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(answer_json(answer)["response"]["rankings-table"])
    return found


def test_scale001_a_province_ranks_its_cities_by_default(client, dash_app, province):
    rows = _regions(_rankings(client, dash_app))
    assert len(rows) == 12 and all(code.endswith("00") for code in rows)
    page = render_page(client, "/rankings", "?year=2026&month=10")
    text = answer_text(page)
    assert "模拟省01" in text and "共 12 个单位" in text and "全部旗县区" in text


def test_scale002_all_counties_show_top_and_bottom_ten_then_pages(
    client, dash_app, province
):
    """units=county: 100 counties; the table shows the top and bottom ten with a row
    saying 80 are between, and a link to the full list; four pages of 25 hold them
    all."""
    answer = _rankings(client, dash_app, units="county")
    rows = _regions(answer)
    text = answer_text(answer)
    assert (
        len(rows) == 20 and "中间另有 80 个单位" in text and "查看全部（分页）" in text
    )
    assert "page=1" in text and "units=county" in text
    pages = [_regions(_rankings(client, dash_app, units="county", page=p))
             for p in range(1, 5)]  # fmt: skip
    assert [len(p) for p in pages] == [25] * 4
    assert len({code for p in pages for code in p}) == 100
    assert pages[0][:10] == rows[:10] and pages[-1][-10:] == rows[-10:]
    second = _rankings(client, dash_app, units="county", page=2)
    assert "第 2 / 4 页" in answer_text(second) and "page=3" in answer_text(second)


def test_scale003_a_city_scope_ranks_its_counties(client, dash_app, province):
    rows = _regions(_rankings(client, dash_app, scope="110100"))
    assert rows and all(code.startswith("1101") and code != "110100" for code in rows)
    page = render_page(client, "/rankings", "?year=2026&month=10&scope=110100")
    crumbs = answer_text(page)
    assert "模拟省01" in crumbs and "0101市" in crumbs


def test_scale004_an_unknown_scope_falls_back_with_a_notice(client, dash_app, province):
    page = render_page(client, "/rankings", "?year=2026&month=10&scope=999999")
    assert "链接中的范围无效" in answer_text(page)
    store = find_component(page.get_json(), "nav_rankings-query")
    assert store["props"]["data"]["scope"] is None
    forged = post_callback(client, dash_app, "rankings-table.children",
                           {**scoped_query("nav_rankings", scope="<script>"),
                            "rankings-sort.value": "total"})  # fmt: skip
    assert forged.status_code == 204


def test_scale005_the_region_search_answers_what_is_typed(client, dash_app, province):
    answer = post_callback(client, dash_app, "shell-region-search.options",
                           {"shell-region-search.search_value": "0103"})  # fmt: skip
    options = answer.get_json()["response"]["shell-region-search"]["options"]
    assert 1 < len(options) <= 30
    assert "scope:110300" in {o["value"] for o in options}
    assert any(o["value"].startswith("unit:/county/1103") for o in options)


def test_scale006_no_main_callback_answers_over_200_kb(client, dash_app, province):
    """Every main callback, for the province's cities and for all its counties."""
    for scope in ({}, {"units": "county"}):
        for output, values in main_callbacks(scope):
            answer = post_callback(client, dash_app, output, values)
            assert answer.status_code == 200, (output, answer.data[:300])
            assert len(answer.data) < LIMIT, (output, scope, len(answer.data))


def test_scale007_exports_follow_the_scope(client, dash_app, province):
    csv = client.get("/export/rankings.csv?year=2026&month=10&scope=110100")
    assert csv.status_code == 200 and "0101" in csv.get_data(as_text=True)
    bad = client.get("/export/rankings.csv?year=2026&month=10&scope=abc")
    assert bad.status_code == 400
    data = json.dumps(csv.get_data(as_text=True), ensure_ascii=False)
    assert "0201" not in data  # another city's counties are not in this scope
    page = render_page(client, "/exports", "?year=2026&month=10&units=county")
    href = find_component(page.get_json(), "exports-bulletin-button")["props"]["href"]
    assert href.startswith("/export/bulletin.pdf?") and "units=county" in href
    pdf = client.get(href)
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"


def test_scale008_targets_add_up_at_every_level(client, dash_app, province, tmp_path):
    """Each parent against its own units: lowering one county's target below what
    its city needs is refused, naming the city; a province's cities are checked
    against the province the same way. Nothing is written."""
    import shutil

    import pytest

    from data_access.accounts import Actor
    from data_access.engine import reset_engines
    from data_access.writes import WriteRefused, set_targets
    from tests.helpers import override_setting

    url, _folder = province
    copy = tmp_path / "province.db"
    shutil.copy(url.removeprefix("sqlite:///"), copy)
    monkeypatch = pytest.MonkeyPatch()
    try:
        override_setting(monkeypatch, "DATABASE_URL", f"sqlite:///{copy}")
        reset_engines()
        office = Actor(0, "office", "office", "supervisor")
        table = queries.targets(2026)
        jobs = table[table.indicator == "urban_new_jobs"].set_index("region").value
        with pytest.raises(WriteRefused) as refused:
            set_targets(
                office, 2026, {("110101", "urban_new_jobs"): jobs["110101"] - 10}
            )
        assert "0101市下级单位目标合计" in refused.value.text("zh")
        with pytest.raises(WriteRefused) as refused:
            set_targets(office, 2026, {("110100", "urban_new_jobs"): jobs["110100"] - 10,
                                       ("110101", "urban_new_jobs"): jobs["110101"] - 10})  # fmt: skip
        assert "模拟省01下级单位目标合计" in refused.value.text("zh")
        after = queries.targets(2026)
        assert after.equals(table)
        assert (
            set_targets(
                office,
                2026,
                {("110101", "urban_new_jobs"): jobs["110101"] + 10},
                reason="raise",
            )
            == 1
        )
    finally:
        monkeypatch.undo()
        reset_engines()


def test_scale009_the_targets_grid_holds_the_scope_not_the_country(
    client, dash_app, province
):
    """目标与权重 shows the scope's parent and its own units as columns (a country
    has 3,212 regions): the province and its 12 cities; a city and its counties."""
    for scope, expected in ((None, 13), ("110100", None)):
        values = scoped_query("nav_targets", scope=scope)
        answer = post_callback(client, dash_app, "targets-grid.columnDefs", values)
        assert answer.status_code == 200
        columns = answer.get_json()["response"]["targets-grid"]["columnDefs"]
        regions = [
            c["field"] for c in columns if c["field"] not in ("name", "county_sum")
        ]
        if expected:
            assert len(regions) == expected and regions[0] == "110000"
        else:
            assert regions[0] == "110100" and all(r.startswith("1101") for r in regions)
        assert len(answer.data) < LIMIT
    page = answer_text(render_page(client, "/targets", "?year=2026&month=10"))
    assert "模拟省01" in page and "全部旗县区" not in page  # the grid: children only


def test_scale010_the_data_page_lists_what_needs_the_office_first(
    client, dash_app, province, monkeypatch
):
    """100 counties: the status list counts them by status and shows 25, those
    needing action first; the review choice lists the counties awaiting approval
    (none here: every generated month is approved), not all 100."""
    values = scoped_query("nav_data")
    answer = post_callback(client, dash_app, "data-status.children",
                           {**values, "data-changed.data": 0})  # fmt: skip
    assert answer.status_code == 200 and len(answer.data) < LIMIT
    text = answer_text(answer)
    assert "共 100 个单位" in text
    rows = answer.get_json()["response"]["data-status"]["children"]
    assert json.dumps(rows).count("data-region") == 25
    page = render_page(client, "/data", "?year=2026&month=10")
    review = find_component(page.get_json(), "data-review-region")
    assert len(review["props"]["options"]) == 100  # up to 200: all of them
    from services import reporting

    monkeypatch.setattr(reporting, "REVIEW_CHOICES", 50)  # as for the country
    page = render_page(client, "/data", "?year=2026&month=10")
    review = find_component(page.get_json(), "data-review-region")
    assert review["props"]["options"] == []  # none awaits approval


def test_scale011_a_long_status_list_puts_what_needs_the_office_first():
    from datetime import date

    from services.reporting import SubmissionRow, status_excerpt

    def row(i, status, late=False):
        return SubmissionRow(region=f"{i:06d}", name_zh="", name_en="", status=status,
                             reason=None, submitted_at=None, due=date(2026, 11, 10),
                             late=late)  # fmt: skip

    rows = [row(i, "approved") for i in range(40)] + [row(40, None, late=True),
            row(41, "submitted"), row(42, "returned"), row(43, "draft")]  # fmt: skip
    shown, counts = status_excerpt(rows)
    assert [r.status for r in shown[:4]] == ["submitted", "returned", None, "draft"]
    assert len(shown) == 25 and counts == {"approved": 40, None: 1, "submitted": 1,
                                           "returned": 1, "draft": 1}  # fmt: skip
    assert status_excerpt(rows[:7])[0] == rows[:7]  # a city's list keeps its order


def test_scale012_texts_name_the_scope_not_the_city(client, dash_app, province):
    """A province's pages and bulletin speak of 全省 and its 市（盟）; on the switch,
    of its 旗县区; in English, of the province and its cities."""
    page = answer_text(render_page(client, "/", "?year=2026&month=10"))
    assert "各市（盟）综合得分" in page and "全省累计完成与目标进度" in page
    assert "全市" not in page and "各旗县区综合得分" not in page
    switched = answer_text(render_page(client, "/", "?year=2026&month=10&units=county"))
    assert "各旗县区综合得分" in switched
    english = answer_text(render_page(client, "/", "?year=2026&month=10&lang=en"))
    assert "Total score by city" in english and "Province year-to-date" in english
    cards = post_callback(client, dash_app, "overview-cards.children",
                          scoped_query("nav_overview"))  # fmt: skip
    cards = answer_json(cards)["response"]
    assert "全省10项指标" in json.dumps(cards, ensure_ascii=False)
    table = find_component(
        cards["overview-map-list"]["children"], "overview-score-table"
    )
    assert "市（盟）" in json.dumps(table["props"]["children"][0], ensure_ascii=False)
    csv = client.get("/export/rankings.csv?year=2026&month=10").get_data(as_text=True)
    assert csv.lstrip("\ufeff").splitlines()[0].split(",")[2] == "市（盟）"
    preview = answer_text(post_callback(client, dash_app, "exports-preview.children",
                                        scoped_query("nav_exports")))  # fmt: skip
    assert "全省就业目标责任考核情况通报（2026年10月）" in preview
    assert "三、各市（盟）完成情况" in preview and "全市" not in preview
    counties = answer_text(post_callback(client, dash_app, "exports-preview.children",
                                         scoped_query("nav_exports", units="county")))  # fmt: skip
    assert "三、各旗县区完成情况" in counties
    columns = post_callback(client, dash_app, "targets-grid.columnDefs",
                            scoped_query("nav_targets")).get_json()  # fmt: skip
    names = [c["headerName"] for c in columns["response"]["targets-grid"]["columnDefs"]]
    assert names[-1] == "市（盟）合计"
    docx = client.get("/export/bulletin.docx?year=2026&month=10")
    assert docx.status_code == 200
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(docx.data)).paragraphs)
    text = text.replace("\u2060", "")  # the word joiners that keep 12个 on one line
    assert "范围：全省12个市（盟）" in text and "全市" not in text
    table = Document(BytesIO(docx.data)).tables[0]
    assert table.rows[0].cells[1].text == "市（盟）"


def test_scale013_beyond_the_map_limit_every_unit_is_a_dot(
    client, dash_app, province, monkeypatch
):
    """A scope of more units than shapes can carry (every county of the country) is
    drawn whole, each unit a dot at its label point coloured by its score, with its
    code for the click; within the limit the units are shapes with names. Here the
    limit is lowered to 50, so that the province's 100 counties take the dots."""
    import presenters.charts as charts
    from data_access.assessed import scope_units
    from services.cache import cache

    monkeypatch.setattr(charts, "MAP_UNITS", 50)
    with dash_app.server.app_context():
        cache.clear()  # charts drawn before under the usual limit
    counties = set(scope_units("110000", "county").code)
    for output, extra in (
        ("overview-map.figure", {}),
        ("indicator-map.figure", {"indicator-code.data": "urban_new_jobs"}),
    ):
        section = "nav_overview" if output.startswith("overview") else "nav_indicator"
        answer = post_callback(client, dash_app, output,
                               {**scoped_query(section, units="county"), **extra})  # fmt: skip
        assert answer.status_code == 200 and len(answer.data) < LIMIT
        figure = answer.get_json()["response"][output.split(".")[0]]["figure"]
        # One trace of dots per status (or grade), named in the legend.
        dots = [trace for trace in figure["data"] if trace.get("customdata")]
        assert dots and all(trace["mode"] == "markers" for trace in dots)
        assert {c for trace in dots for c in trace["customdata"]} == counties
        assert "%{hovertext}" in dots[0]["hovertemplate"]
        shapes = post_callback(
            client, dash_app, output, {**scoped_query(section), **extra}
        )
        drawn = shapes.get_json()["response"][output.split(".")[0]]["figure"]["data"]
        assert sum(trace.get("fill") == "toself" for trace in drawn) == 12  # the cities


def test_scale014_a_region_names_itself_as_its_data_say(client, dash_app, province):
    """An autonomous region calls itself 全区, not 全省: an alias of 全 and one character
    in regions.csv gives the word its texts use (Bayannur's 全市 is one too)."""
    from sqlalchemy import text

    from data_access.engine import get_write_engine
    from services.cache import cache

    def aliases(value: str) -> None:
        with get_write_engine().begin() as conn:
            conn.execute(text("update regions set aliases = :a where code = '110000'"),
                         {"a": value})  # fmt: skip
        with dash_app.server.app_context():
            cache.clear()

    aliases("模拟区;全区")
    try:
        page = answer_text(render_page(client, "/", "?year=2026&month=10"))
        assert "全区累计完成与目标进度" in page and "全省" not in page
        preview = answer_text(post_callback(client, dash_app, "exports-preview.children",
                                            scoped_query("nav_exports")))  # fmt: skip
        assert "全区就业目标责任考核情况通报" in preview
    finally:
        aliases("")
