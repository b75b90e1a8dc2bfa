"""Figures built with plotly.graph_objects from plain data (no plotly.express)."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from domain.kinds import kind_of
from i18n import t
from presenters.theme import GAP_SCALE, GRADE_COLOR, PRIMARY, SCORE_SCALE, SERIES

MAP_CONFIG = {"displaylogo": False, "scrollZoom": False, "responsive": True}
CHART_CONFIG = {"displaylogo": False, "responsive": True}


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _area_and_centroid(ring) -> tuple[float, float, float]:
    """Signed area and centroid of a ring (shoelace formula, in degrees)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-12:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def label_point(geometry: dict) -> tuple[float, float]:
    """Where a county's name goes: the centroid of its largest ring."""
    best = max((_area_and_centroid(r[:-1] if r[0] == r[-1] else r) for r in _rings(geometry)),
               key=lambda found: abs(found[0]))  # fmt: skip
    return best[1], best[2]


def label_positions(points: Sequence[tuple[float, float]]) -> list[str]:
    """Where each name sits around its point: centred, except where two points are
    close (less than a fifth of the names' spread across and a twelfth down), when
    the western name ends at its point and the eastern one sits above its own, so
    that they stay apart at any width."""
    if not points:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    near_x = (max(xs) - min(xs)) / 5 or 1.0
    near_y = (max(ys) - min(ys)) / 12 or 1.0
    positions = ["middle center"] * len(points)
    for i, (xi, yi) in enumerate(points):
        for j, (xj, yj) in enumerate(points):
            if i < j and abs(xi - xj) < near_x and abs(yi - yj) < near_y:
                west, east = (i, j) if xi <= xj else (j, i)
                positions[west], positions[east] = "middle left", "top center"
    return positions


def _ring_arrays(geometry: dict) -> tuple[np.ndarray, np.ndarray]:
    """A shape's rings as float32 x and y arrays, NaN between rings."""
    xs, ys = [], []
    for ring in _rings(geometry):
        xs += [p[0] for p in ring] + [math.nan]
        ys += [p[1] for p in ring] + [math.nan]
    return np.array(xs, dtype=np.float32), np.array(ys, dtype=np.float32)


def _fill(value, low: float, high: float, scale) -> str:
    if value is None or pd.isna(value):
        return "#eaeef2"  # no figure: grey (the hover text says why)
    share = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    return sample_colorscale(scale, [share])[0]


def _value_range(values, zmin, zmax) -> tuple[float, float]:
    """The colour scale's ends: those given, else the values' own."""
    known = [v for v in values if v is not None and not pd.isna(v)]
    low = zmin if zmin is not None else min(known, default=0.0)
    high = zmax if zmax is not None else max(known, default=1.0)
    return low, high


def _map_layout(
    figure: go.Figure, lats: Sequence[float], height: int, legend: bool = False
) -> go.Figure:
    """A map's frame: no axes, degrees of longitude shortened by the latitude, clicks
    on, zoom and drag off; a legend of the classes under it (clicks on it do nothing:
    the classes are named, not filters)."""
    mean_lat = sum(lats) / len(lats) if lats else 41.0
    axis = {"visible": False, "fixedrange": True}
    figure.update_layout(
        xaxis=axis,
        yaxis=axis | {"scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(mean_lat))},
        height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        plot_bgcolor="white", clickmode="event", dragmode=False, hovermode="closest",
    )  # fmt: skip
    if legend:
        figure.update_layout(
            showlegend=True, margin={"b": 40},
            legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top",
                    "itemclick": False, "itemdoubleclick": False, "font": {"size": 12}},
        )  # fmt: skip
    return figure


def choropleth_figure(
    geojson: dict,
    codes: Sequence[str],
    values: Sequence[float | None],
    hover: Sequence[str],
    *,
    labels: Sequence[str],
    colorbar_title: str,
    zmin: float | None = None,
    zmax: float | None = None,
    colorscale=None,
    height: int = 420,
    classes: Sequence[str] | None = None,
    legend: Mapping[str, tuple[str, str]] | None = None,
) -> go.Figure:
    """Counties drawn as filled shapes coloured by ``values``, each with its name on
    it. Plain SVG on cartesian axes: nothing comes from the internet (map tiles and
    map label fonts would), and exported images carry the names too.

    With ``classes`` (a status or grade per unit) and ``legend`` (class → its words and
    colour) the shapes take their class's colour and a legend names the classes."""
    scale = colorscale or SCORE_SCALE
    low, high = _value_range(values, zmin, zmax)
    fills = ([legend[c][1] for c in classes] if classes is not None and legend
             else [_fill(v, low, high, scale) for v in values])  # fmt: skip
    shapes = {
        str(f["properties"]["adcode"]): f["geometry"] for f in geojson["features"]
    }
    figure = go.Figure()
    lats = []
    for code, fill, text in zip(codes, fills, hover, strict=True):
        geometry = shapes.get(str(code))
        if geometry is None:
            continue
        # Arrays, not lists: plotly validates a list point by point (most of the
        # figure's cost), and sends an array as compact binary (float32 is ample for a
        # screen); NaN separates the rings. A click on a shape reads the code from the
        # trace's customdata (one value).
        xs, ys = _ring_arrays(geometry)
        lats += ys[~np.isnan(ys)].tolist()
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
            line={"color": "white", "width": 1.5}, hoveron="fills", text=text,
            hoverinfo="text", customdata=[str(code)], showlegend=False, name=str(code),
        ))  # fmt: skip
    drawn = [
        (str(c), name)
        for c, name in zip(codes, labels, strict=True)
        if str(c) in shapes
    ]
    points = [label_point(shapes[c]) for c, _ in drawn]
    figure.add_trace(go.Scatter(
        x=[p[0] for p in points], y=[p[1] for p in points], mode="markers+text",
        text=[name for _, name in drawn], textposition=label_positions(points),
        textfont={"size": 13, "color": "#1f2328", "weight": "bold",
                  "shadow": "0 0 3px #fff, 0 0 3px #fff"},
        marker={"size": 18, "opacity": 0}, customdata=[c for c, _ in drawn],
        hovertext=[h for c, h in zip(codes, hover, strict=True) if str(c) in shapes],
        hoverinfo="text", showlegend=False, name="labels",
    ))  # fmt: skip
    if classes is not None and legend:
        _legend_keys(figure, [k for k in legend if k in set(classes)], legend)
        return _map_layout(figure, lats, height, legend=True)
    figure.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
        marker={"colorscale": scale, "cmin": low, "cmax": high, "color": [low],
                "showscale": True,
                "colorbar": {"title": {"text": colorbar_title}, "thickness": 12,
                             "len": 0.8}},
    ))  # fmt: skip
    return _map_layout(figure, lats, height)


def _legend_keys(figure: go.Figure, keys: Sequence[str], legend: Mapping) -> None:
    """One legend entry a class: a square of its colour and its words."""
    for key in keys:
        words, colour = legend[key]
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", hoverinfo="skip", name=words,
            marker={"symbol": "square", "size": 14, "color": colour,
                    "line": {"color": "#8c959f", "width": 1}},
            showlegend=True, legendgroup=key,
        ))  # fmt: skip


def dot_map_figure(
    points: Sequence[tuple[float, float]],
    codes: Sequence[str],
    values: Sequence[float | None],
    labels: Sequence[str],
    hover: Sequence[str],
    *,
    colorbar_title: str,
    zmin: float | None = None,
    zmax: float | None = None,
    colorscale=None,
    height: int = 420,
    classes: Sequence[str] | None = None,
    legend: Mapping[str, tuple[str, str]] | None = None,
) -> go.Figure:
    """Too many units for shapes (every county of the country): each unit is a dot at
    its label point, coloured by ``values``; hovering shows its name (``labels``) and
    the value, or for a unit without a value (grey) its ``hover`` text. A click reads
    the code from the dot's customdata. The dots draw the country's outline
    themselves, and the answer stays small: float32 arrays, the codes and the names."""
    if classes is not None and legend:
        return _class_dots(points, codes, labels, classes, legend, height)
    scale = colorscale or SCORE_SCALE
    low, high = _value_range(values, zmin, zmax)
    has = [v is not None and not pd.isna(v) for v in values]
    figure = go.Figure()
    for present in (True, False):
        chosen = [i for i, h in enumerate(has) if h is present]
        if not chosen:
            continue
        marker = {"size": 6, "line": {"width": 0}}
        if present:
            marker |= {
                "color": np.array([values[i] for i in chosen], dtype=np.float32),
                "colorscale": scale, "cmin": low, "cmax": high, "showscale": True,
                "colorbar": {"title": {"text": colorbar_title}, "thickness": 12,
                             "len": 0.8},
            }  # fmt: skip
            text = [labels[i] for i in chosen]
            template = f"%{{hovertext}}<br>{colorbar_title} %{{marker.color:.1f}}<extra></extra>"
        else:
            marker["color"] = "#b8c0c8"  # no figure: grey (the hover text says why)
            text = [hover[i] for i in chosen]
            template = "%{hovertext}<extra></extra>"
        figure.add_trace(go.Scatter(
            x=np.array([points[i][0] for i in chosen], dtype=np.float32),
            y=np.array([points[i][1] for i in chosen], dtype=np.float32),
            mode="markers", marker=marker, customdata=[codes[i] for i in chosen],
            hovertext=text, hovertemplate=template, showlegend=False,
            name="units" if present else "no-data",
        ))  # fmt: skip
    lats = [p[1] for p in points]
    return _map_layout(figure, lats, height)


def _class_dots(points, codes, labels, classes, legend, height) -> go.Figure:
    """The dot map by class (status or grade): one trace a class, named in the legend;
    each dot's hover gives its name and its class's word (never colour alone). Only
    the names cross the wire per dot (2,850 counties)."""
    figure = go.Figure()
    for key, (words, colour) in legend.items():
        chosen = [i for i, c in enumerate(classes) if c == key]
        if not chosen:
            continue
        figure.add_trace(go.Scatter(
            x=np.array([points[i][0] for i in chosen], dtype=np.float32),
            y=np.array([points[i][1] for i in chosen], dtype=np.float32),
            mode="markers", marker={"size": 6, "color": colour,
                                    "line": {"width": 0.5, "color": "#57606a"}},
            customdata=[codes[i] for i in chosen], hovertext=[labels[i] for i in chosen],
            hovertemplate=f"%{{hovertext}}<br>{words}<extra></extra>", name=words,
            legendgroup=key,
        ))  # fmt: skip
    return _map_layout(figure, [p[1] for p in points], height, legend=True)


def unit_note(
    figure: go.Figure, unit: str, lang: str | None, right: bool = False
) -> None:
    """单位：人 above the plot's corner, as Chinese charts say it (an axis title of one
    character stood sideways, and on a phone ran into the legend)."""
    if not unit:
        return
    figure.add_annotation(
        text=t("labelled", lang, label=t("unit", lang), value=unit), showarrow=False,
        xref="paper", yref="paper", x=1 if right else 0, y=1, xanchor="right" if right
        else "left", yanchor="bottom", yshift=4, font={"size": 12, "color": "#57606a"},
    )  # fmt: skip


def month_axis(lang: str | None) -> dict:
    """An x axis of the twelve months, labelled 1…12 and upright (1月…12月 stood on
    end on a phone and lost their 月); the hover names the month."""
    return {
        "tickmode": "array",
        "tickvals": list(range(1, 13)),
        "ticktext": [str(m) for m in range(1, 13)],
        "tickangle": 0,
        "range": [0.5, 12.5],
    }


def _wrap(text: str, width: int = 24) -> str:
    """A hover text broken every ``width`` characters (plotly does not wrap), its
    pieces escaped (a county typed it: plotly would read tags in it)."""
    return "<br>".join(
        html.escape(text[i : i + width]) for i in range(0, len(text), width)
    )


# Heights of the charts that do not depend on their data; the pages give their graphs
# these heights before the figures come (components/panels.py says why).
TREND_HEIGHT = 340
MULTI_TREND_HEIGHT = 380
BARS_HEIGHT = 360


def trend_figure(
    frame: pd.DataFrame,
    *,
    kind: str,
    year: int,
    lang: str | None,
    unit: str,
    height: int = TREND_HEIGHT,
    month: int | None = None,
    notes: Mapping[int, str] | None = None,
) -> go.Figure:
    """Actual by month against the target path (or cap) and the same month last year.
    ``notes``: the county's 情况说明 by month, drawn as markers on its figures (the
    text shows on hover).

    ``frame`` columns: month, actual, last_year, due (the target path, the cap for a
    rate, the due level for a stock). With ``month`` (the period chosen) the actual
    figures stop there and that month is marked: the chart says what was known then.
    """
    months = frame["month"].tolist()
    if month is not None:
        frame = frame.assign(actual=[a if m <= month else None
                                     for m, a in zip(months, frame["actual"], strict=True)])  # fmt: skip
    figure = go.Figure()
    kind_ = kind_of(kind)
    due_name = t(kind_.trend_label if kind_ is not None else "target", lang)
    figure.add_trace(
        go.Scatter(
            x=months,
            y=frame["due"],
            name=due_name,
            mode="lines",
            line={"color": PRIMARY, "dash": "dash", "width": 2},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=frame["last_year"],
            name=t("trend_last_year", lang, year=year - 1),
            mode="lines+markers",
            line={"color": SERIES[1], "width": 1.5},
            marker={"size": 5},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=frame["actual"],
            name=t("trend_actual", lang, year=year),
            mode="lines+markers",
            line={"color": SERIES[0], "width": 3},
            marker={"size": 7},
        )
    )
    actual = dict(zip(months, frame["actual"], strict=True))
    marked = [m for m in sorted(notes or {}) if not pd.isna(actual.get(m))]
    if marked:
        figure.add_trace(go.Scatter(
            x=marked, y=[actual[m] for m in marked], name=t("explanation", lang),
            mode="markers", marker={"symbol": "star", "size": 16, "color": "#9a6700",
                                    "line": {"color": "#ffffff", "width": 1}},
            text=[_wrap(notes[m]) for m in marked],
            hovertemplate="%{text}<extra>" + t("explanation", lang) + "</extra>"))  # fmt: skip
    figure.update_layout(
        height=height,
        xaxis=month_axis(lang),
        yaxis={
            "rangemode": "tozero"
            if kind_ is None or kind_.axis_from_zero
            else "normal",
        },
        hovermode="x unified",
        margin={"l": 56, "r": 12, "t": 28, "b": 40},
    )
    unit_note(figure, unit, lang)
    if month is not None:
        figure.add_vline(x=month, line={"color": "#57606a", "width": 1, "dash": "dot"})
    return figure


def bar_vs_target_figure(
    names: Sequence[str],
    actual: Sequence[float | None],
    due: Sequence[float | None],
    target: Sequence[float | None],
    *,
    lang: str | None,
    unit: str,
    height: int = BARS_HEIGHT,
) -> go.Figure:
    """Horizontal bars of each county's actual, with its due level and target marked."""
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=list(names),
            x=list(actual),
            orientation="h",
            name=t("actual", lang),
            marker={"color": SERIES[0]},
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            y=list(names),
            x=list(due),
            mode="markers",
            name=t("trend_due", lang),
            marker={
                "symbol": "line-ns-open",
                "size": 22,
                "color": PRIMARY,
                "line": {"width": 3},
            },
        )
    )
    figure.add_trace(
        go.Scatter(
            y=list(names),
            x=list(target),
            mode="markers",
            name=t("target", lang),
            marker={"symbol": "diamond-open", "size": 10, "color": "#1f2328"},
        )
    )
    figure.update_layout(
        height=height,
        xaxis={"rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 8, "r": 12, "t": 28, "b": 40},
        barmode="overlay",
    )
    unit_note(figure, unit, lang, right=True)
    return figure


# The grade bands drawn behind the score bars (优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60).
DEFAULT_BANDS = ((90.0, "excellent"), (80.0, "good"), (60.0, "pass"))


def score_axis_start(scores: Sequence[float | None]) -> float:
    """Where the score axis starts: a round ten under the lowest score (at most 50),
    so that a spread of 72–98 fills the chart instead of the last quarter of it."""
    known = [s for s in scores if s is not None]
    if not known:
        return 0.0
    return float(max(0, min(50, math.floor((min(known) - 5) / 10) * 10)))


def score_bar_figure(
    names: Sequence[str],
    scores: Sequence[float | None],
    *,
    lang: str | None,
    grades: Sequence[str | None] | None = None,
    bands: Sequence[tuple[float, str]] = DEFAULT_BANDS,
) -> go.Figure:
    """Total scores, best first, each bar in its grade's colour with its value and
    grade in words (never colour alone); the axis starts near the lowest score and
    the grade thresholds are marked, so that the spread shows."""
    grades = list(grades) if grades is not None else [None] * len(scores)
    words = [t(f"grade_{g}", lang) if g else "" for g in grades]
    start = score_axis_start(scores)
    figure = go.Figure(
        go.Bar(
            y=list(names),
            x=[None if s is None else s - start for s in scores],
            base=start,
            orientation="h",
            text=[
                f"{s:.1f} {w}".strip() if s is not None else "—"
                for s, w in zip(scores, words, strict=True)
            ],  # fmt: skip
            textposition="auto",
            marker={"color": [GRADE_COLOR.get(g, SERIES[0]) for g in grades]},
            customdata=list(scores),
            hovertemplate="%{y}: %{customdata:.2f}<extra></extra>",
        )
    )
    # The grade thresholds as plain shapes and notes (add_vline validates each one
    # again: 10 ms a line in a ranking's answer).
    marks = [(minimum, grade) for minimum, grade in bands if minimum > start]
    figure.update_layout(
        shapes=[{"type": "line", "xref": "x", "yref": "y domain", "x0": m, "x1": m,
                 "y0": 0, "y1": 1, "line": {"dash": "dot", "width": 1, "color": "#8c959f"}}
                for m, _ in marks],
        annotations=[{"xref": "x", "yref": "y domain", "x": m, "y": 1, "showarrow": False,
                      "xanchor": "right", "yanchor": "bottom", "font": {"size": 10},
                      "text": t(f"grade_{grade}", lang)} for m, grade in marks],
        height=80 + 36 * len(names),
        xaxis={"range": [start, 100], "title": {"text": t("total_score", lang)}},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 8, "r": 12, "t": 24, "b": 40},
        showlegend=False,
    )  # fmt: skip
    return figure


def heatmap_figure(
    z: Sequence[Sequence[float | None]],
    text: Sequence[Sequence[str]],
    x: Sequence[str],
    y: Sequence[str],
    *,
    colorbar_title: str,
    limit: float = 20.0,
    customdata=None,
) -> go.Figure:
    """Indicator × county matrix, diverging around zero, values printed in each cell."""
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(x),
            y=list(y),
            text=text,
            texttemplate="%{text}",
            customdata=customdata,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorscale=GAP_SCALE,
            zmid=0,
            zmin=-limit,
            zmax=limit,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": colorbar_title}, "thickness": 10},
        )
    )
    figure.update_layout(
        height=90 + 40 * len(y),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "top", "automargin": True},
        margin={"l": 8, "r": 12, "t": 60, "b": 12},
    )
    return figure


def matrix_figure(
    departments: Sequence[str],
    measures: Sequence[str],
    roles: pd.DataFrame,
    *,
    lang: str | None,
) -> go.Figure:
    """Department × measure matrix: 2 = lead (■), 1 = co-responsible (□)."""
    index = {d: i for i, d in enumerate(departments)}
    columns = {m: j for j, m in enumerate(measures)}
    z = [[0] * len(measures) for _ in departments]
    text = [[""] * len(measures) for _ in departments]
    for row in roles.itertuples():
        if row.department in index and row.measure in columns:
            i, j = index[row.department], columns[row.measure]
            z[i][j] = 2 if row.role == "lead" else 1
            text[i][j] = "■" if row.role == "lead" else "□"
    role_names = {0: "", 1: t("co", lang), 2: t("lead", lang)}
    hover = [[role_names[v] for v in line] for line in z]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(measures),
            y=list(departments),
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{y} · (%{x}): %{customdata}<extra></extra>",
            colorscale=[[0, "#ffffff"], [0.5, "#b6d4fe"], [1, "#0a58ca"]],
            zmin=0,
            zmax=2,
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    figure.update_layout(
        height=80 + 22 * len(departments),
        yaxis={"autorange": "reversed", "tickfont": {"size": 11}, "automargin": True},
        xaxis={
            "side": "top",
            "tickfont": {"size": 11},
            "tickangle": 0,
            "type": "category",
        },
        margin={"l": 170, "r": 8, "t": 40, "b": 8},
    )
    return figure


def multi_trend_figure(
    frame: pd.DataFrame, names: dict[str, str], *, lang: str | None, unit: str
) -> go.Figure:
    """One line per region (columns region, month, actual; the trace's ``uid`` is the
    region's code), the city dashed."""
    figure = go.Figure()
    for i, (code, rows) in enumerate(frame.groupby("region", sort=False)):
        figure.add_trace(
            go.Scatter(
                # Plain lists, which its data keeps as they are (arrays become
                # base64 there, which traces_of's readers would have to decode).
                x=rows["month"].tolist(),
                y=rows["actual"].tolist(),
                name=names.get(code, code),
                uid=str(code),
                mode="lines+markers",
                line={"color": SERIES[i % len(SERIES)], "width": 2},
                marker={"size": 5},
            )
        )
    figure.update_layout(
        height=MULTI_TREND_HEIGHT,
        xaxis=month_axis(lang),
        hovermode="x unified",
        margin={"l": 56, "r": 12, "t": 28, "b": 40},
    )
    unit_note(figure, unit, lang)
    return figure


def traces_of(figure: dict, regions: Sequence[str]) -> dict:
    """A :func:`multi_trend_figure`'s data (``to_plotly_json``) with the lines of
    ``regions`` alone, in their order and coloured as that figure colours them: the
    figure of those regions without drawing it again (plotly checks every property
    it is given: 25 ms for twenty lines, against a copy of a few dictionaries)."""
    lines = {trace.get("uid"): trace for trace in figure["data"]}
    picked = [lines[code] for code in map(str, regions) if code in lines]
    data = [{**trace, "line": {**trace.get("line", {}),
                               "color": SERIES[i % len(SERIES)]}}
            for i, trace in enumerate(picked)]  # fmt: skip
    return {**figure, "data": data, "layout": dict(figure["layout"])}
