"""Page callbacks through Flask's test client, posting to /_dash-update-component."""

from __future__ import annotations

import json
import re

from tests.helpers import (
    answer_json,
    answer_text,
    find_component,
    post_callback,
    render_page,
)

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}


def _texts(node, found=None):
    """Every string in a serialised component tree."""
    found = [] if found is None else found
    if isinstance(node, str):
        found.append(node)
    elif isinstance(node, dict):
        for value in node.values():
            _texts(value, found)
    elif isinstance(node, list):
        for value in node:
            _texts(value, found)
    return found


def _nodes(node):
    """Every component in a serialised tree."""
    if isinstance(node, dict):
        if "props" in node and "type" in node:
            yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _ranking_order(client, dash_app, year, month, sort="total"):
    response = post_callback(
        client, dash_app, "rankings-table.children",
        {**PERIOD, "shell-year.value": year, "shell-month.value": month,
         "rankings-sort.value": sort},
    )  # fmt: skip
    assert response.status_code == 200
    table = answer_json(response)["response"]["rankings-table"]["children"]
    rows = [t for t in json.dumps(table).split('"data-region": "')[1:]]
    return [r[:6] for r in rows]


def test_cb001_ranking_lists_every_county_in_rank_order(client, dash_app):
    """All 7 counties appear, ranked; the top one holds rank 1."""
    order = _ranking_order(client, dash_app, "2026", "10")
    assert sorted(order) == [
        "150802", "150821", "150822", "150823", "150824", "150825", "150826"
    ]  # fmt: skip
    from services.assessment import period_view
    from services.context import rules

    view = period_view(2026, 10, rules())
    assert order == view.scores.region.tolist()
    assert view.scores["rank"].iloc[0] == 1


def test_cb002_changing_the_year_changes_the_ranking(client, dash_app):
    """Another year gives another order (the demo data differs by year)."""
    assert _ranking_order(client, dash_app, "2026", "10") != _ranking_order(
        client, dash_app, "2024", "6"
    )


def test_cb003_sorting_by_an_indicator_orders_by_its_points(client, dash_app):
    """Sorted by urban new jobs, the county with most of its points comes first."""
    from services.assessment import period_view
    from services.context import rules

    order = _ranking_order(client, dash_app, "2026", "10", sort="urban_new_jobs")
    results = period_view(2026, 10, rules()).results
    jobs = results[(results.code == "urban_new_jobs") & (results.region != "150800")]
    points = jobs.set_index("region").points
    assert [points[r] for r in order] == sorted(points, reverse=True)
    assert order != _ranking_order(client, dash_app, "2026", "10")


def test_cb004_bad_period_gets_a_message_not_an_error(client, dash_app):
    """A forged year in the URL shows the latest period with a clear notice
    (status 200); a forged store makes the panel callbacks do nothing."""
    response = render_page(client, "/rankings", "?year=drop+table&month=10")
    assert response.status_code == 200
    page = answer_text(response)
    assert "链接中的年月无效" in page
    year = find_component(response.get_json(), "shell-year")
    assert year["props"]["value"] == "2026"
    forged = post_callback(
        client, dash_app, "rankings-table.children",
        {"nav_rankings-query.data": {"year": "drop table", "month": 10, "lang": "zh"},
         "rankings-sort.value": "total"},
    )  # fmt: skip
    assert forged.status_code == 204


def test_cb005_overview_cards_carry_status_icon_and_word(client, dash_app):
    """Ten indicator cards, each with a status word (never colour alone)."""
    response = post_callback(client, dash_app, "overview-cards.children", PERIOD)
    assert response.status_code == 200
    # One piece of markup (a row of columns), read back as the components it draws.
    body = answer_json(response)["response"]
    row = next(n for n in _nodes(body["overview-cards"]["children"])
               if "row" in (n["props"].get("className") or "").split())  # fmt: skip
    cards = row["props"]["children"]
    assert len(cards) == 11  # the status summary and ten indicator cards
    assert sum("kpi-card" in (n["props"].get("className") or "")
               for n in _nodes(cards)) == 10  # fmt: skip
    summary = " ".join(_texts(cards[0]))
    assert "全市10项指标" in summary
    texts = _texts(cards)
    assert any(t in texts for t in ("达标", "滞后", "预警"))
    assert any(t in texts for t in ("✓", "◔", "✕"))
    page = render_page(client, "/", "?year=2026&month=10")
    header = find_component(page.get_json(), "nav_overview-query")
    assert header["props"]["data"] == {"year": 2026, "month": 10, "lang": "zh",
                                       "submitted": False, "scope": None,
                                       "units": None, "page": 0,
                                       "title": "总览 · 就业目标责任考核"}  # fmt: skip
    assert "示例数据" in answer_text(page) and "2026年10月" in answer_text(page)


def test_cb006_english_switch_translates_the_page(client, dash_app):
    """With lang=en the cards and header are in English."""
    response = post_callback(
        client,
        dash_app,
        "overview-cards.children",
        {**PERIOD, "shell-lang.value": "en"},
    )
    texts = " ".join(_texts(response.get_json()["response"]))
    assert "Urban new jobs" in texts and "On track" in texts
    assert "城镇新增就业人数" not in texts
    shown = render_page(client, "/", "?year=2026&month=10&lang=en").get_json()
    page = json.dumps(shown["response"]["_pages_content"], ensure_ascii=False)
    assert "Overview" in page and "Rankings" in page and "Unapproved too" in page
    assert "Demo data" in page
    assert "总览" not in page and "排名" not in page


def test_cb007_links_keep_the_query(client, dash_app):
    """Every link on a page (navbar, counties in the score list) keeps the period,
    language and data mode of the URL."""
    search = "?year=2025&month=6&lang=en&data=submitted"
    page = render_page(client, "/rankings", search).get_json()
    links = [n["props"]["href"] for n in _nodes(page) if n.get("type") == "NavLink"]
    assert len(links) >= 7 and all(link.endswith(search) for link in links)
    scores = post_callback(
        client, dash_app, "overview-map-list.children",
        {"shell-year.value": "2025", "shell-month.value": "6", "shell-lang.value": "en",
         "shell-data-mode.value": True},
    )  # fmt: skip
    assert f"/county/150822{search}" in answer_text(scores)


def test_cb008_county_page_shows_breakdown_rank_and_unknown_code(client, dash_app):
    """A county's page lists its rank and breakdown; an unknown code says so."""
    page = answer_text(render_page(client, "/county/150822", "?year=2026&month=10"))
    assert "磴口县考核情况" in page and "得分构成" in page
    values = {**PERIOD, "county-code.data": "150822"}
    body = post_callback(client, dash_app, "county-breakdown.children", values)
    texts = " ".join(_texts(body.get_json()["response"]))
    assert "/ 共7个" in texts and "城镇新增就业人数" in texts
    bad = render_page(client, "/county/999", "?year=2026&month=10")
    assert bad.status_code == 200
    assert "没有编码为 999 的旗县区" in answer_text(bad)


def test_cb009_indicator_map_is_offline_shapes_with_county_names(client, dash_app):
    """The map is plain SVG shapes (no tiles, no map fonts): a filled shape per county
    keyed by adcode, and a text layer with the seven names."""
    values = {**PERIOD, "indicator-code.data": "urban_new_jobs"}
    body = post_callback(client, dash_app, "indicator-map.figure", values).get_json()
    figure = body["response"]["indicator-map"]["figure"]
    shapes = [tr for tr in figure["data"] if tr.get("fill") == "toself"]
    assert sorted(tr["customdata"][0] for tr in shapes) == [
        "150802", "150821", "150822", "150823", "150824", "150825", "150826"
    ]  # fmt: skip
    (labels,) = [tr for tr in figure["data"] if tr.get("name") == "labels"]
    assert set(labels["text"]) == {"临河区", "五原县", "磴口县", "乌拉特前旗",
                                   "乌拉特中旗", "乌拉特后旗", "杭锦后旗"}  # fmt: skip
    assert all(tr["type"] == "scatter" for tr in figure["data"])
    assert "map" not in figure["layout"] and "mapbox" not in figure["layout"]


def test_cb010_measures_filter_by_department(client, dash_app):
    """Filtering by 扶贫办 keeps only the measures it leads or shares."""
    body = post_callback(
        client, dash_app, "measures-list.children",
        {**PERIOD, "measures-department.value": "扶贫办"},
    ).get_json()  # fmt: skip
    assert _measure_numbers(body["response"]["measures-list"]) == [11, 13, 14, 21]
    everything = post_callback(
        client, dash_app, "measures-list.children",
        {**PERIOD, "measures-department.value": "__all__"},
    ).get_json()  # fmt: skip
    # 2026 rests on two documents (the demo's second one from 2021): 27 + 8.
    assert len(_measure_numbers(everything["response"]["measures-list"])) == 35


def _measure_numbers(listed) -> list[int]:
    """The measures' numbers in a list, whether a card is components (a data-measure
    prop) or markup (a section nobody signed in reports on: data-measure="11")."""
    found = re.findall(r'data-measure(?:": "|=\\")(\d+)', json.dumps(listed))
    return sorted(int(n) for n in found)


def test_cb011_the_url_sets_the_controls_and_the_labels(client, dash_app):
    """The layout takes the query: the controls show the URL's period, language and
    data mode, and the labels are in that language (no sync callback)."""
    page = render_page(client, "/rankings", "?year=2025&month=3&lang=en&data=submitted")
    tree = page.get_json()
    assert find_component(tree, "shell-year")["props"]["value"] == "2025"
    assert find_component(tree, "shell-month")["props"]["value"] == "3"
    assert find_component(tree, "shell-lang")["props"]["value"] == "en"
    assert find_component(tree, "shell-data-mode")["props"]["value"] is True
    assert "Rankings" in answer_text(page) and "Mar 2025" in answer_text(page)
    plain = render_page(client, "/rankings", "").get_json()
    assert find_component(plain, "shell-year")["props"]["value"] == "2026"
    assert find_component(plain, "shell-month")["props"]["value"] == "10"
    assert find_component(plain, "shell-data-mode")["props"]["value"] is False
    # No server callback writes the controls or the URL: the controls navigate
    # (a clientside callback), the layout reads the URL.
    server_side = [k for k, v in dash_app.callback_map.items() if v.get("callback")]
    assert server_side and not any(
        "shell-year.value" in key or "shell-url.search" in key for key in server_side
    )


def test_cb012_the_header_names_the_city_the_database_holds(client, dash_app, fresh_db):
    """The subtitle comes from the loaded city (its name and policy number), not from
    a constant: another city's database shows that city."""
    from sqlalchemy import text

    from data_access.engine import get_write_engine
    from data_access.queries import write_new_stamp

    page = answer_text(render_page(client, "/rankings"))
    assert "巴彦淖尔市 · 巴政发〔2018〕49号" in page
    english = answer_text(render_page(client, "/rankings", "?lang=en"))
    # In English the number is the document's name, marked Chinese (lang="zh").
    assert (
        '"Bayannur", " · ", {"props": {"children": "巴政发〔2018〕49号", "lang": "zh"}'
        in english
    )
    with get_write_engine().begin() as conn:
        conn.execute(text("update dataset_info set value = '乌海市' "
                          "where key = 'city_name_zh'"))  # fmt: skip
        write_new_stamp(conn)  # as loading a city's data does: pages read it anew
    assert "乌海市 · 巴政发〔2018〕49号" in answer_text(
        render_page(client, "/rankings")
    )
