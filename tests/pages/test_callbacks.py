"""Page callbacks through Flask's test client, posting to /_dash-update-component."""

from __future__ import annotations

import json

from tests.helpers import post_callback

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


def _ranking_order(client, dash_app, year, month, sort="total"):
    response = post_callback(
        client, dash_app, "rankings-table.children",
        {**PERIOD, "shell-year.value": year, "shell-month.value": month,
         "rankings-sort.value": sort},
    )  # fmt: skip
    assert response.status_code == 200
    table = response.get_json()["response"]["rankings-table"]["children"]
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
    """A forged year is answered with a clear message, status 200."""
    response = post_callback(
        client, dash_app, "rankings-table.children",
        {**PERIOD, "shell-year.value": "drop table", "rankings-sort.value": "total"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "链接中的年月无效" in json.dumps(response.get_json(), ensure_ascii=False)


def test_cb005_overview_cards_carry_status_icon_and_word(client, dash_app):
    """Ten indicator cards, each with a status word (never colour alone)."""
    response = post_callback(client, dash_app, "overview-cards.children", PERIOD)
    assert response.status_code == 200
    body = response.get_json()["response"]
    cards = body["overview-cards"]["children"]
    assert len(cards) == 11  # the status summary and ten indicator cards
    summary = " ".join(_texts(cards[0]))
    assert "全市10项指标" in summary
    texts = _texts(cards)
    assert any(t in texts for t in ("达标", "滞后", "预警"))
    assert any(t in texts for t in ("✓", "◔", "✕"))
    header = " ".join(_texts(body["overview-header"]["children"]))
    assert "示例数据" in header and "2026年10月" in header


def test_cb006_english_switch_translates_the_page(client, dash_app):
    """With lang=en the cards and header are in English."""
    response = post_callback(
        client,
        dash_app,
        "overview-cards.children",
        {**PERIOD, "shell-lang.value": "en"},
    )
    texts = " ".join(_texts(response.get_json()["response"]))
    assert "Urban new jobs" in texts and "Demo data" in texts
    assert "城镇新增就业人数" not in texts


def test_cb007_map_click_opens_the_county_keeping_the_period(client, dash_app):
    """Clicking 磴口县 on the map navigates to /county/150822 with the query."""
    response = post_callback(
        client, dash_app, "overview-redirect.href",
        {"overview-map.clickData": {"points": [{"location": 150822}]},
         "shell-url.search": "?year=2025&month=6"},
        triggered=["overview-map.clickData"],
    )  # fmt: skip
    assert response.get_json()["response"]["overview-redirect"]["href"] == (
        "/county/150822?year=2025&month=6"
    )


def test_cb008_county_page_shows_breakdown_rank_and_unknown_code(client, dash_app):
    """A county's scorecard lists its rank; an unknown code says so."""
    values = {**PERIOD, "county-code.data": "150822"}
    body = post_callback(
        client, dash_app, "county-breakdown.children", values
    ).get_json()
    texts = " ".join(_texts(body["response"]))
    assert "磴口县考核情况" in texts and "/ 共7个" in texts
    assert "得分构成" in texts
    bad = post_callback(
        client,
        dash_app,
        "county-breakdown.children",
        {**values, "county-code.data": "999"},
    )
    assert bad.status_code == 200
    assert "没有编码为 999 的旗县区" in json.dumps(bad.get_json(), ensure_ascii=False)


def test_cb009_indicator_page_map_uses_offline_choroplethmap(client, dash_app):
    """The map is a Choroplethmap on white-bg keyed by adcode, one location a county."""
    values = {**PERIOD, "indicator-code.data": "urban_new_jobs"}
    body = post_callback(client, dash_app, "indicator-map.figure", values).get_json()
    figure = body["response"]["indicator-map"]["figure"]
    trace = figure["data"][0]
    assert trace["type"] == "choroplethmap"
    assert trace["featureidkey"] == "properties.adcode"
    assert len(trace["locations"]) == 7
    assert figure["layout"]["map"]["style"] == "white-bg"


def test_cb010_measures_filter_by_department(client, dash_app):
    """Filtering by 扶贫办 keeps only the measures it leads or shares."""
    body = post_callback(
        client, dash_app, "measures-list.children",
        {"measures-department.value": "扶贫办", "shell-lang.value": "zh"},
    ).get_json()  # fmt: skip
    listed = json.dumps(body["response"]["measures-list"], ensure_ascii=False)
    numbers = sorted(
        int(n.split('"')[0]) for n in listed.split('"data-measure": "')[1:]
    )
    assert numbers == [11, 13, 14, 21]
    everything = post_callback(
        client, dash_app, "measures-list.children",
        {"measures-department.value": "__all__", "shell-lang.value": "zh"},
    ).get_json()  # fmt: skip
    assert json.dumps(everything).count('"data-measure"') == 27


def test_cb011_url_and_controls_stay_in_step(client, dash_app):
    """The URL sets the controls; a control change writes the URL."""
    default = {"year": "2026", "month": "10", "years": ["2026", "2025"]}
    from_url = post_callback(
        client, dash_app, "shell-url.search",
        {"shell-url.search": "?year=2025&month=3&lang=en", "shell-year.value": "2026",
         "shell-month.value": "10", "shell-lang.value": "zh",
         "shell-default-period.data": default},
        triggered=["shell-url.search"],
    ).get_json()["response"]  # fmt: skip
    assert from_url["shell-year"]["value"] == "2025"
    assert from_url["shell-month"]["value"] == "3"
    assert from_url["shell-lang"]["value"] == "en"
    to_url = post_callback(
        client, dash_app, "shell-url.search",
        {"shell-url.search": "?year=2026&month=10", "shell-year.value": "2025",
         "shell-month.value": "10", "shell-lang.value": "zh",
         "shell-default-period.data": default},
        triggered=["shell-year.value"],
    ).get_json()["response"]  # fmt: skip
    assert to_url["shell-url"]["search"] == "?year=2025&month=10"
    with_pending = post_callback(
        client, dash_app, "shell-url.search",
        {"shell-url.search": "?year=2026&month=10", "shell-year.value": "2026",
         "shell-month.value": "10", "shell-lang.value": "zh",
         "shell-data-mode.value": True, "shell-default-period.data": default},
        triggered=["shell-data-mode.value"],
    ).get_json()["response"]  # fmt: skip
    assert with_pending["shell-url"]["search"] == "?year=2026&month=10&data=submitted"
    from_link = post_callback(
        client, dash_app, "shell-url.search",
        {"shell-url.search": "?year=2026&month=10&data=submitted",
         "shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
         "shell-data-mode.value": False, "shell-default-period.data": default},
        triggered=["shell-url.search"],
    ).get_json()["response"]  # fmt: skip
    assert from_link["shell-data-mode"]["value"] is True
