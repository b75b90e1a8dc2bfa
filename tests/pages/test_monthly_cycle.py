"""The monthly cycle a leader can trust (what the probe found on 1 December: a
county's draft for December made December every reader's default view, with six
counties at 0.00 不合格). The default view is the newest closed month; a month still
being reported is provisional and ranks nobody without figures."""

from __future__ import annotations

import datetime as real
import json

import pytest

from tests.helpers import answer_text, explain_needs, login, post_callback, render_page

COUNTIES = ("150802", "150821", "150822", "150823", "150824", "150825", "150826")


class _Day(real.date):
    """``date.today()`` answering the test's day."""

    chosen = real.date(2026, 12, 1)

    @classmethod
    def today(cls):
        return cls.chosen


@pytest.fixture()
def on_day(monkeypatch):
    import services.actions
    import services.context
    import services.lookups
    import services.reporting

    def set_day(day: real.date) -> None:
        _Day.chosen = day
        for module in (services.actions, services.context, services.lookups):
            monkeypatch.setattr(module, "date", _Day)

    return set_day


def _report(client, app, month: str, value: int, submit: bool = False):
    values = {"shell-year.value": "2026", "shell-month.value": month,
              "shell-lang.value": "zh", "data-changed.data": 0}  # fmt: skip
    saved = post_callback(client, app, "data-save-message.children",
                          {**values, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                            "value": value}]},
                          ["data-save.n_clicks"])  # fmt: skip
    if submit:
        with app.server.app_context():
            explain_needs("150802", 2026, int(month), "linhe")
        post_callback(client, app, "data-save-message.children", values,
                      ["data-submit.n_clicks"])  # fmt: skip
    return answer_text(saved)


def _approve(app, region: str, month: str = "11") -> None:
    office = app.server.test_client()
    login(office, "supervisor")
    post_callback(office, app, "data-review-message.children",
                  {"shell-year.value": "2026", "shell-month.value": month,
                   "shell-lang.value": "zh", "data-review-region.value": region,
                   "data-changed.data": 0}, ["data-approve.n_clicks"])  # fmt: skip


def _default_period(client) -> str:
    page = answer_text(render_page(client, "/"))
    return "2026年11月" if "数据截至 2026年11月" in page else (
        "2026年10月" if "数据截至 2026年10月" in page else page[:300])  # fmt: skip


def test_cycle001_a_draft_on_the_first_changes_no_default_view(
    client, dash_app, fresh_db, on_day
):
    on_day(real.date(2026, 12, 1))
    county = dash_app.server.test_client()
    login(county, "linhe")
    assert "已保存" in _report(county, dash_app, "11", 3700)  # November opens today
    refused = _report(county, dash_app, "12", 100)  # December has not ended
    assert "2026年12月尚未结束，不能报送" in refused, refused
    assert _default_period(client) == "2026年10月"
    # The month selector says where each month stands.
    page = answer_text(render_page(client, "/rankings", "?year=2026&month=11"))
    assert "11月 · 报送中 0/7" in page and "10月 · 已审定" in page
    assert "12月 · 未开始" in page
    assert "临时数据：2026年11月仍在报送中（2026-12-05截止，已审定0/7）" in page


def test_cycle002_a_provisional_ranking_ranks_only_counties_with_figures(
    client, dash_app, fresh_db, on_day
):
    """One county approved for November on the 3rd: it is ranked first; the six
    others have no score, no grade and no rank (未报送, never 0.00 不合格), and no rank
    changes are shown."""
    on_day(real.date(2026, 12, 3))
    county = dash_app.server.test_client()
    login(county, "linhe")
    _report(county, dash_app, "11", 3700, submit=True)
    _approve(dash_app, "150802")
    answer = post_callback(client, dash_app, "rankings-table.children",
                           {"shell-year.value": "2026", "shell-month.value": "11",
                            "shell-lang.value": "zh", "rankings-sort.value": "total",
                            "rankings-refresh.data": 0})  # fmt: skip
    text = answer_text(answer)
    table = json.dumps(
        answer.get_json()["response"]["rankings-table"], ensure_ascii=False
    )
    bars = answer.get_json()["response"]["rankings-bars"]["figure"]["data"][0]
    # 临河区 reported one indicator (25 of 100 points, 不合格); nobody else is graded,
    # in the table or on the score bars.
    assert table.count("不合格") == 1, "a county without figures graded"
    assert [x for x in bars["text"] if x != "—"] == ["25.0 不合格"], bars["text"]
    assert text.count("未报送") >= 6
    assert "▲" not in text and "▼" not in text
    from services.assessment import period_view
    from services.context import rules

    with dash_app.server.app_context():
        view = period_view(2026, 11, rules())
    ranks = dict(zip(view.scores.region, view.scores["rank"], strict=True))
    assert ranks["150802"] == 1 and view.provisional
    assert all(ranks[c] is None or ranks[c] != ranks[c] for c in COUNTIES[1:]), ranks


@pytest.mark.parametrize(
    ("day", "approved", "expected"),
    [
        (real.date(2026, 12, 5), 1, "2026年10月"),  # November open: October stays
        (real.date(2026, 12, 6), 1, "2026年11月"),  # November past due: closed
        (real.date(2026, 12, 6), 0, "2026年10月"),  # closed, but nothing approved
        (real.date(2026, 12, 3), 7, "2026年11月"),  # every county approved early
    ],
)
def test_cycle003_the_default_is_the_newest_closed_month(
    client, dash_app, fresh_db, on_day, day, approved, expected
):
    on_day(real.date(2026, 12, 1))
    for region in COUNTIES[:approved] if approved < 7 else COUNTIES:
        office = dash_app.server.test_client()  # 代报: the office reports each county
        login(office, "supervisor")
        values = {"shell-year.value": "2026", "shell-month.value": "11",
                  "shell-lang.value": "zh", "data-changed.data": 0,
                  "data-review-region.value": region}  # fmt: skip
        post_callback(office, dash_app, "data-save-message.children",
                      {**values, "data-grid.rowData": [{"code": "urban_new_jobs",
                                                        "value": 5000}]},
                      ["data-save.n_clicks"])  # fmt: skip
        with dash_app.server.app_context():
            explain_needs(region, 2026, 11)
        post_callback(office, dash_app, "data-save-message.children", values,
                      ["data-submit.n_clicks"])  # fmt: skip
        _approve(dash_app, region)
    on_day(day)
    assert _default_period(client) == expected


def test_cycle004_the_overview_trend_follows_the_chosen_month(client, dash_app):
    """The trend ran to the newest month whatever month was chosen: for June it now
    stops at June, with June marked."""

    def actual(month: str) -> list:
        answer = post_callback(client, dash_app, "overview-trend.figure",
                               {"shell-year.value": "2026", "shell-month.value": month,
                                "shell-lang.value": "zh",
                                "overview-trend-indicator.value": "urban_new_jobs"},
                               ["overview-trend-indicator.value"])  # fmt: skip
        figure = answer.get_json()["response"]["overview-trend"]["figure"]
        shapes = figure["layout"].get("shapes", [])
        assert [s["x0"] for s in shapes] == [int(month)]
        values = figure["data"][-1]["y"]
        if isinstance(values, dict):  # plotly's typed array: base64 of a numpy dtype
            import base64

            import numpy as np

            values = np.frombuffer(base64.b64decode(values["bdata"]),
                                   dtype=values["dtype"]).tolist()  # fmt: skip
            values = [None if v != v else v for v in values]  # NaN: no figure
        return values

    june, october = actual("6"), actual("10")
    assert [v is not None for v in june[:6]] == [True] * 6
    assert all(v is None for v in june[6:])
    assert sum(v is not None for v in october) == 10


def test_cycle005_a_provisional_months_files_say_so(
    client, dash_app, fresh_db, on_day, tmp_path
):
    """November on the 3rd, one county approved: the table exports are titled 临时,
    the bulletin PDF carries the watermark and the note, the ranking CSV ranks the
    one county; October's files say nothing of it."""
    import subprocess

    on_day(real.date(2026, 12, 3))
    county = dash_app.server.test_client()
    login(county, "linhe")
    _report(county, dash_app, "11", 3700, submit=True)
    _approve(dash_app, "150802")
    from urllib.parse import unquote

    xlsx = client.get("/export/rankings.xlsx?year=2026&month=11")
    assert "（临时）.xlsx" in unquote(xlsx.headers["Content-Disposition"])
    csv = client.get("/export/rankings.csv?year=2026&month=11").get_data(as_text=True)
    first = [line.split(",") for line in csv.splitlines()[1:]]
    assert [row[0] for row in first][:2] == ["1", ""]  # one county ranked, the rest not
    pdf = client.get("/export/bulletin.pdf?year=2026&month=11")
    assert pdf.status_code == 200
    (tmp_path / "b.pdf").write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = "".join(text.split())
    assert "临时通报：本月报送尚未截止" in flat
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "b.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    # The watermark, rotated, on every page.
    assert "".join(raw.split()).count("临时·报送未截止") == text.count("\f") > 1
    october = client.get("/export/bulletin.pdf?year=2026&month=10")
    (tmp_path / "o.pdf").write_bytes(october.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "o.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "临时" not in text


def test_cycle006_each_figure_beside_the_same_month_last_year(client, dash_app):
    """同比: the indicator status table, the county breakdown, the results export and
    the bulletin show last year's October beside this October's figure."""
    from services.assessment import period_view
    from services.context import rules

    with dash_app.server.app_context():
        view = period_view(2026, 10, rules())
        last = period_view(2025, 10, rules())
    now = view.results.set_index(["region", "code"])
    then = last.results.set_index(["region", "code"])
    key = ("150802", "urban_new_jobs")
    assert now.loc[key, "last_year"] == then.loc[key, "actual"]
    change = now.loc[key, "actual"] - then.loc[key, "actual"]
    assert now.loc[key, "yoy_change"] == pytest.approx(change)
    assert now.loc[key, "yoy_pct"] == pytest.approx(
        change / then.loc[key, "actual"] * 100
    )
    status = answer_text(post_callback(client, dash_app, "indicator-status-list.children",
                                       {"shell-year.value": "2026", "shell-month.value": "10",
                                        "shell-lang.value": "zh",
                                        "indicator-code.data": "urban_new_jobs"}))  # fmt: skip
    assert f"上年同期{then.loc[key, 'actual']:,.0f}" in status
    csv = client.get("/export/table/results.csv?year=2026&month=10").get_data(
        as_text=True
    )
    assert "上年同期" in csv.splitlines()[0] and "同比增幅" in csv.splitlines()[0]
    from presenters.bulletin import bulletin_text

    with dash_app.server.app_context():
        text = bulletin_text(2026, 10, rules(), "approved")
    assert any("同比" in paragraph for _, paragraph in text.paragraphs)
