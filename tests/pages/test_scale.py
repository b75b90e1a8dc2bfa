"""Scopes at province scale (a generated province: 12 cities, 100 counties): the
province ranks its cities, on a switch all its counties, a city its counties; long
rankings show the top and bottom ten with the rest a click away, page by page; the
region search answers what is typed; no callback answers over 200 KB."""

from __future__ import annotations

import json

from tests.helpers import answer_text, find_component, post_callback, render_page

LIMIT = 200_000


def _query(section: str, **scope) -> dict:
    return {f"{section}-query.data": {"year": 2026, "month": 10, "lang": "zh",
                                      "submitted": False, "scope": None, "units": None,
                                      "page": 0} | scope}  # fmt: skip


def _rankings(client, app, **scope):
    values = {**_query("nav_rankings", **scope), "rankings-sort.value": "total",
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

    walk(answer.get_json()["response"]["rankings-table"])
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
                           {**_query("nav_rankings", scope="<script>"),
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
        checks = [
            ("overview-cards.children", _query("nav_overview", **scope)),
            ("indicator-map.figure", {**_query("nav_indicator", **scope),
                                      "indicator-code.data": "urban_new_jobs"}),
            ("exports-preview.children", _query("nav_exports", **scope)),
            ("county-breakdown.children", {**_query("nav_county", **scope),
                                           "county-code.data": "110101"}),
        ]  # fmt: skip
        for output, values in checks:
            answer = post_callback(client, dash_app, output, values)
            assert answer.status_code == 200, (output, answer.data[:300])
            assert len(answer.data) < LIMIT, (output, scope, len(answer.data))
        _rankings(client, dash_app, **scope)


def test_scale007_exports_follow_the_scope(client, dash_app, province):
    csv = client.get("/export/rankings.csv?year=2026&month=10&scope=110100")
    assert csv.status_code == 200 and "0101" in csv.get_data(as_text=True)
    bad = client.get("/export/rankings.csv?year=2026&month=10&scope=abc")
    assert bad.status_code == 400
    data = json.dumps(csv.get_data(as_text=True), ensure_ascii=False)
    assert "0201" not in data  # another city's counties are not in this scope
