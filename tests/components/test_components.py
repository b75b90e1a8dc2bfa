"""Component builders called directly: no server, no database."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from plotly.utils import PlotlyJSONEncoder

from components.cards import kpi_card, status_badge
from domain.model import Kind, Status
from i18n import STRINGS, fmt_change, fmt_number, fmt_percent, fmt_points, t
from presenters.figures import (
    choropleth_figure,
    multi_trend_figure,
    traces_of,
    trend_figure,
)
from services.context import PageQuery, build_search, resolve_query
from services.records import ResultRow

GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"adcode": 1, "name": "A"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
            },
        }
    ],
}


def test_comp001_status_badge_has_icon_word_and_colour():
    """Status is never colour alone."""
    text = json.dumps(
        status_badge("alert", "zh").to_plotly_json(), default=str, ensure_ascii=False
    )
    assert (
        "预警" in text and "✕" in text and "status-badge-alert" in text
    )  # colour: CSS
    assert "Alert" in json.dumps(
        status_badge("alert", "en").to_plotly_json(), default=str
    )


def test_comp002_every_string_has_both_languages():
    """No UI string is missing its English (or Chinese) version."""
    for key, (zh, en) in STRINGS.items():
        assert zh and en, key


def test_comp003_number_formats():
    """Thousands separators, percentages, signed points, rank arrows, dashes."""
    assert fmt_number(12345.6) == "12,346"
    assert fmt_number(None) == "—"
    assert fmt_percent(0.782) == "78.2%"
    assert fmt_points(3.21, "zh") == "+3.2个百分点"
    assert fmt_points(-5, "en") == "−5.0 pts"
    assert (fmt_change(2), fmt_change(-1), fmt_change(0), fmt_change(None)) == (
        "▲2", "▼1", "—", ""
    )  # fmt: skip
    assert t("period", "en", year=2026, month=10) == "Oct 2026"


def test_comp004_kpi_card_shows_target_completion_and_progress():
    """A flow card names its target, completion and time progress."""
    row = ResultRow(region="150800", region_zh="巴彦淖尔市", region_en="Bayannur",
                    code="jobs", name_zh="城镇新增就业人数", name_en="Jobs", unit_zh="人",
                    unit_en="persons", kind=Kind.FLOW, status=Status.LAGGING, decimals=0,
                    actual=7452.0, target=9000.0, completion=0.828, progress=0.85,
                    gap_points=-2.2, pace_needed=774.0)  # fmt: skip
    text = json.dumps(
        kpi_card(row, "zh", "/x").to_plotly_json(), default=str, ensure_ascii=False
    )
    for expected in (
        "7,452 人",
        "9,000 人",
        "82.8%",
        "85.0%",
        "−2.2个百分点",
        "滞后",
        "774 人",
    ):
        assert expected in text, expected


def test_comp005_choropleth_is_offline_safe():
    """Shapes and names on plain axes: no map tiles, no map fonts, no topojson; the
    shape's colour follows its value and its name sits inside it."""
    figure = choropleth_figure(GEOJSON, ["1"], [88.0], ["A"], labels=["甲"],
                               colorbar_title="分", zmin=60, zmax=100)  # fmt: skip
    shape, names, _scale = figure.data
    assert shape.type == "scatter" and shape.fill == "toself"
    assert list(shape.customdata)[0] == "1" and shape.fillcolor.startswith("rgb")
    assert list(names.text) == ["甲"] and list(names.customdata) == ["1"]
    assert 0 < names.x[0] < 1 and 0 < names.y[0] < 1
    assert not [t for t in figure.data if t.type in ("choropleth", "choroplethmap",
                                                     "scattermap", "scattergeo")]  # fmt: skip
    assert "map" not in figure.layout.to_plotly_json()


def test_comp006_trend_figure_has_actual_last_year_and_target_path():
    """Three series: target path, last year, this year."""
    frame = pd.DataFrame({"month": range(1, 13), "actual": [1.0] * 12,
                          "last_year": [2.0] * 12, "due": [3.0] * 12})  # fmt: skip
    figure = trend_figure(frame, kind="flow", year=2026, lang="zh", unit="人")
    assert [tr.name for tr in figure.data] == ["目标进度线", "2025年同期", "2026年累计"]


def test_comp007_query_string_round_trip():
    """The URL carries year, month, language and data mode; junk falls back to the
    latest period (with a notice) and to Chinese."""
    assert build_search(2025, 6, "en") == "?year=2025&month=6&lang=en"
    assert build_search(2025, 6, "zh", True) == "?year=2025&month=6&data=submitted"
    years, latest = (2026, 2025), (2026, 10)
    assert resolve_query("1999", "6", None, None, years, latest) == (
        PageQuery(2026, 10, "zh", False),
        "bad_period",
    )
    assert resolve_query("2025", "13", "xx", None, years, latest) == (
        PageQuery(2026, 10, "zh", False),
        "bad_period",
    )
    assert resolve_query(None, None, None, None, years, latest) == (
        PageQuery(2026, 10, "zh", False),
        None,
    )
    assert resolve_query("2025", "6", "en", "submitted", years, latest) == (
        PageQuery(2025, 6, "en", True),
        None,
    )
    query = PageQuery(2025, 6, "en", True)
    assert PageQuery.from_store(query.store()) == query
    assert PageQuery.from_store({"year": "x", "month": 6, "lang": "en"}) is None
    assert PageQuery.from_store({"year": 2025, "month": 6, "lang": "fr"}) is None
    assert PageQuery.from_store(["2025"]) is None


def test_comp020_status_colours_in_the_stylesheet_equal_the_theme():
    """Status badges take their colours from CSS classes: each class in app.css has
    the colour and background of STATUS_STYLE."""
    import re
    from pathlib import Path

    from presenters.theme import STATUS_STYLE

    css = (Path(__file__).resolve().parents[2] / "assets" / "app.css").read_text()
    for status, style in STATUS_STYLE.items():
        rule = re.search(rf"\.status-badge-{status} \{{([^}}]*)\}}", css)
        assert rule, status
        assert f"color: {style['color']};" in rule.group(1)
        assert f"background-color: {style['bg']};" in rule.group(1)


def test_comp021_a_dot_map_colours_the_known_and_greys_the_rest():
    """Units with a value are coloured dots showing name and value on hover; units
    without are grey dots whose hover text says why; every dot carries its code."""
    from presenters.figures import dot_map_figure

    figure = dot_map_figure(
        [(107.0, 40.0), (108.0, 41.0), (109.0, 42.0)], ["150802", "150821", "150822"],
        [88.5, None, 72.0], ["临河区", "五原县", "磴口县"],
        ["临河区<br>88.5", "五原县<br>未报送", "磴口县<br>72.0"],
        colorbar_title="得分", zmin=60, zmax=100,
    )  # fmt: skip
    coloured, grey = figure.data
    assert list(coloured.customdata) == ["150802", "150822"]
    assert list(coloured.marker.color) == [88.5, 72.0]
    assert list(coloured.hovertext) == ["临河区", "磴口县"]
    assert "%{marker.color:.1f}" in coloured.hovertemplate
    assert list(grey.customdata) == ["150821"] and grey.marker.color == "#b8c0c8"
    assert list(grey.hovertext) == ["五原县<br>未报送"]


def test_comp101_score_bars_show_the_spread_with_grades_in_words():
    """The axis starts at a round ten under the lowest score (50 at most); each bar
    says its grade
    in words; the thresholds above the start are marked; a unit without figures has a
    dash and no grade (None, never NaN's "grade_nan")."""
    from presenters.figures import score_axis_start, score_bar_figure

    figure = score_bar_figure(["甲", "乙", "丙", "丁"], [98.0, 84.5, 71.8, None], lang="zh",
                              grades=["excellent", "good", "pass", None])  # fmt: skip
    bar = figure.data[0]
    assert list(bar.text) == ["98.0 优秀", "84.5 良好", "71.8 合格", "—"]
    assert figure.layout.xaxis.range == (50, 100) and bar.base == 50
    assert [round(x, 1) if x is not None else None for x in bar.x] == [
        48.0,
        34.5,
        21.8,
        None,
    ]
    assert [a.text for a in figure.layout.annotations] == ["优秀", "良好", "合格"]
    low = score_bar_figure(["甲"], [86.0], lang="zh", grades=["good"])
    assert low.layout.xaxis.range == (50, 100)
    assert score_axis_start([12.0, 95.0]) == 0 and score_axis_start([]) == 0
    assert score_axis_start([99.0]) == 50  # never more than 50: the bars keep a length


@settings(max_examples=60, deadline=None)
@given(
    units=st.integers(min_value=1, max_value=31),
    picked=st.lists(st.integers(min_value=0, max_value=30), unique=True, max_size=25),
    lang=st.sampled_from(["zh", "en"]),
)
def test_comp022_a_trends_lines_picked_equal_the_trend_drawn_for_them(
    units, picked, lang
):
    """Picking some units' lines from the trend of every unit (a month's top and
    bottom ten from the year's figure) gives exactly the figure drawn for those
    units alone: the same lines, names, order and colours, layout and all."""
    codes = [f"{110000 + 10000 * i}" for i in range(units)]
    frame = pd.DataFrame(
        [(code, month, None if (i + month) % 7 == 0 else float(i * 100 + month))
         for i, code in enumerate(codes) for month in range(1, 13)],
        columns=["region", "month", "actual"],
    )  # fmt: skip
    names = {code: f"单位{i}" for i, code in enumerate(codes)}
    shown = [codes[i] for i in sorted(picked) if i < units]
    every = multi_trend_figure(frame, names, lang=lang, unit="人").to_plotly_json()
    alone = multi_trend_figure(frame[frame.region.isin(shown)], names, lang=lang,
                               unit="人").to_plotly_json()  # fmt: skip
    found = traces_of(every, shown)
    as_json = lambda figure: json.dumps(figure, cls=PlotlyJSONEncoder, sort_keys=True)  # noqa: E731
    assert as_json(found) == as_json(alone)
    assert [trace["uid"] for trace in found["data"]] == shown
    assert len(every["data"]) == units  # the figure picked from is left whole
