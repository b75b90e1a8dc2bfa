"""Issue 22: the rankings page's fair comparisons through its callback, and the
population file's refusals."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import answer_text, post_callback

OCT = {"shell-year.value": "2026", "shell-month.value": "10"}


def _fair(client, app, basis, lang="zh"):
    values = OCT | {"rankings-fair-basis.value": basis, "shell-lang.value": lang}
    response = post_callback(client, app, "rankings-fair-table.children", values)
    assert response.status_code == 200
    return answer_text(response)


def test_fv001_per_capita_with_the_demo_populations(client, dash_app, fresh_db):
    """The index recomputed here from the city folder's populations and the month's
    figures ranks the counties as the page does; the line says how, and that the
    populations are 示例数据."""
    import csv
    from pathlib import Path

    from services.assessment import period_view
    from services.context import rules
    from services.fair import fair_ranking

    view = period_view(2026, 10, rules(2026))
    with open(Path("cities/bayannur/population.csv"), encoding="utf-8") as f:
        people = {r["code"]: float(r["population"]) for r in csv.DictReader(f)}
    flows = [r.code for r in view.indicator_rows() if r.kind == "flow"]
    index = {}
    for county in view.counties:
        ratios = []
        for code in flows:
            rows = {r.region: r.actual for r in view.result_rows(code=code)
                    if r.region in people and r.actual is not None}  # fmt: skip
            average = sum(rows.values()) / sum(people[r] for r in rows)
            ratios.append(rows[county] / people[county] / average)
        index[county] = sum(ratios) / len(ratios) * 100
    found = fair_ranking(view, "per_capita")
    assert [r.region for r in found.rows] == sorted(index, key=lambda c: -index[c])
    for row in found.rows:
        assert row.value == pytest.approx(index[row.region])
    text = _fair(client, dash_app, "per_capita")
    assert "人均指数" in text and "示例数据" in text and "每万常住人口" in text
    assert "2025年数据" in text


def test_fv002_improvement_and_rank_movement(client, dash_app, fresh_db):
    from services.assessment import period_view
    from services.context import rules
    from services.fair import fair_ranking

    now = period_view(2026, 10, rules(2026))
    before = {
        r.region: r.total for r in period_view(2025, 10, rules(2025)).score_rows()
    }
    january = {r.region: r.rank for r in period_view(2026, 1, rules(2026)).score_rows()}
    found = fair_ranking(now, "improvement")
    changes = {r.region: round(r.total - before[r.region], 2) for r in now.score_rows()}
    assert {r.region: r.value for r in found.rows} == pytest.approx(changes)
    assert [r.value for r in found.rows] == sorted(changes.values(), reverse=True)
    moved = fair_ranking(now, "moves")
    for row in moved.rows:
        assert row.since_january == january[row.region] - row.official
    best = max(r.since_january for r in moved.rows)
    assert {r.region for r in moved.rows if r.best} == (
        {r.region for r in moved.rows if r.since_january == best} if best > 0 else set()
    )
    text = _fair(client, dash_app, "moves")
    assert "争先进位" in text and "较上年同期" in text
    assert ("进步最大" in text) == (best > 0)
    assert (
        "较上年同月综合得分" in _fair(client, dash_app, "improvement")
        or "上年同月" in text
    )
    english = _fair(client, dash_app, "per_capita", "en")
    assert "Per capita: each year-to-date figure per 10,000 residents" in english


def test_fv003_a_bad_population_row_is_refused_naming_row_and_column(
    tmp_path, fresh_db
):
    from data_access.catalogue import CatalogueError, store_population
    from data_access.engine import get_write_engine
    from i18n import t

    city = tmp_path / "city"
    shutil.copytree("cities/bayannur", city)
    for bad, column in (
        ("150802,2025,-5,1", "population"),
        ("999999,2025,100,1", "code"),
        ("150802,20x5,100,1", "year"),
        ("150802,2025,abc,0", "population"),
    ):
        (city / "population.csv").write_text(f"code,year,population,is_demo\n150821,2025,1,0\n{bad}\n",
                                            encoding="utf-8")  # fmt: skip
        with (
            pytest.raises(CatalogueError) as refused,
            get_write_engine().begin() as conn,
        ):
            store_population(conn, city)
        text = t(refused.value.key, "zh", **refused.value.values)
        assert "第3行" in text and column in text
    from data_access import queries

    # Nothing was half-written: 五原县's figure from the file's first row rolled back.
    assert queries.populations(["150821"]).population.iloc[0] == 218000
