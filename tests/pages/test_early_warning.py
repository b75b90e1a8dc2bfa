"""Issue 22 through the pages' callbacks (/_dash-update-component) and the export
routes: the overview's 预警清单, the county's outlook, move-up and what-if (which
writes nothing), the indicator page's pace, the warnings export and the bulletin."""

from __future__ import annotations

import csv
import io
import json

from tests.helpers import answer_text, login, post_callback, wildcard

JUNE = {"shell-year.value": "2026", "shell-month.value": "6"}
LINHE = "150802"


def _county(client, app, code=LINHE, period=JUNE, lang="zh"):
    values = period | {"county-code.data": code, "shell-lang.value": lang}
    response = post_callback(client, app, "county-summary.children", values)
    assert response.status_code == 200
    return response


def test_ew001_the_overview_lists_what_is_projected_to_miss(client, dash_app, fresh_db):
    from services.context import rules
    from services.projection import year_end_view

    warned = year_end_view(2026, 6, rules(2026)).warnings()
    response = post_callback(client, dash_app, "overview-warnings.children", JUNE)
    assert response.status_code == 200
    text = json.dumps(
        response.get_json()["response"]["overview-warnings"], ensure_ascii=False
    )
    assert "warning-table" in text
    from components.outlook import WARNINGS_SHOWN

    # A linked line each (the most urgent, where there are more than the page shows).
    assert text.count("/county/") == min(len(warned), WARNINGS_SHOWN)
    first = warned[0]
    assert first.result.region_zh in text and "难以完成" in text
    assert f"/county/{first.result.region}" in text  # linked to the county page
    assert "需月均完成" in text  # the pace of a flow


def test_ew002_the_county_page_says_where_it_is_heading(client, dash_app, fresh_db):
    """按当前进度，预计年终得分约…分（…），排名第… with its range, a line per
    indicator, what it takes to move up and the what-if's controls."""
    text = answer_text(_county(client, dash_app))
    assert "按当前进度，预计年终得分约" in text and "得分区间" in text
    assert "outlook-table" in text and "完成概率" in text
    assert "需月均完成" in text and "前6月月均" in text
    assert "升位所需" in text and ("可升至第" in text or "已排名第一" in text)
    assert "whatif-plan" in text
    english = answer_text(_county(client, dash_app, lang="en"))
    assert "At the current pace: a year-end score of about" in english
    assert "按当前进度" not in english


def test_ew003_what_if_moves_the_rank_and_writes_nothing(client, dash_app, fresh_db):
    """The last county plans its whole target's worth every month: it climbs; the
    data version is as before. A negative plan is refused in words."""
    from data_access import queries
    from services.assessment import period_view
    from services.context import rules
    from services.projection import year_end_view

    view = period_view(2026, 6, rules(2026))
    last = view.score_rows()[-1].region
    found = year_end_view(2026, 6, rules(2026))
    plans = {r.result.code: r.target for r in found.of_region(last)
             if r.result.pace_so_far is not None and r.target}  # fmt: skip
    before = queries.data_version()
    values = JUNE | {"county-code.data": last}
    values |= wildcard("whatif-plan", "value", plans) | wildcard(
        "whatif-plan", "id", plans
    )
    text = answer_text(post_callback(client, dash_app, "county-whatif-result.children",
                                     values, ["whatif-plan.value"]))  # fmt: skip
    assert "模拟结果" in text and "仅为测算，不保存任何数据" in text
    assert f"第{found.scores[last].rank}名" in text  # the projection's rank beside it
    assert queries.data_version() == before
    bad = {code: -5 for code in plans}
    values |= wildcard("whatif-plan", "value", bad)
    refused = answer_text(post_callback(client, dash_app, "county-whatif-result.children",
                                        values, ["whatif-plan.value"]))  # fmt: skip
    assert "请输入0及以上的数字" in refused


def test_ew004_weights_are_the_office_s_what_if_only(client, dash_app, fresh_db):
    """A reader's weights are ignored (and get no controls); the office's move the
    score without touching the scheme."""
    from services.context import rules
    from services.projection import scheme_weights

    weights = scheme_weights(rules(2026))
    heavy = dict.fromkeys(weights, 0.0) | {next(iter(weights)): 100.0}
    values = JUNE | {"county-code.data": LINHE}
    values |= wildcard("whatif-plan", "value", {}) | wildcard("whatif-plan", "id", {})
    values |= wildcard("whatif-weight", "value", heavy) | wildcard(
        "whatif-weight", "id", heavy
    )
    reader = answer_text(post_callback(client, dash_app, "county-whatif-result.children",
                                       values, ["whatif-weight.value"]))  # fmt: skip
    assert "whatif-weight" not in answer_text(_county(client, dash_app))
    login(client, "supervisor")
    assert "whatif-weight" in answer_text(_county(client, dash_app))
    office = answer_text(post_callback(client, dash_app, "county-whatif-result.children",
                                       values, ["whatif-weight.value"]))  # fmt: skip
    assert office != reader
    assert scheme_weights(rules(2026)) == weights


def test_ew005_the_indicator_page_gives_the_pace(client, dash_app, fresh_db):
    values = JUNE | {"indicator-code.data": "urban_new_jobs"}
    text = answer_text(
        post_callback(client, dash_app, "indicator-status-list.children", values)
    )
    assert "需月均完成" in text or "已完成全年目标" in text
    assert "前6月月均" in text


def test_ew006_the_warnings_export_lists_them_all(client, dash_app, fresh_db):
    from services.context import rules
    from services.projection import year_end_view

    warned = year_end_view(2026, 6, rules(2026)).warnings()
    response = client.get("/export/table/warnings.csv?year=2026&month=6&lang=zh")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    body = [r for r in rows if r and r[0] in {w.result.region_zh for w in warned}]
    assert len(body) == len(warned)
    assert any("牵头" in cell for cell in rows[0] + rows[1])
    assert "难以完成" in {r[2] for r in body}


def test_ew007_the_bulletin_names_what_is_projected_to_miss(client, dash_app, fresh_db):
    from presenters.bulletin import bulletin_for
    from services.assessment import period_view
    from services.context import rules

    view = period_view(2026, 6, rules(2026))
    bulletin = bulletin_for(view, rules(2026), with_charts=False)
    assert bulletin.outlook_list, "the demo's June has 难以完成 items"
    assert all(i.status == "unlikely" for i in bulletin.outlook_list)
    assert "预计年末" in bulletin.outlook_list[0].detail
    lagging = [i for i in bulletin.yellow_list if i.status == "lagging"]
    assert any("需月均完成" in i.detail for i in lagging)
    december = bulletin_for(period_view(2025, 12, rules(2025)), rules(2025),
                            with_charts=False)  # fmt: skip
    assert december.outlook_list is None
