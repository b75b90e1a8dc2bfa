"""The dashboard's charts by name, built once for the pages and for the exports."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import plotly.graph_objects as go

from data_access import queries
from data_access.rows import records
from domain.kinds import kind_of
from i18n import fmt_number, fmt_percent, map_label, period_label, pick, t
from presenters.exports import InvalidExport, chart_for_print, render_chart
from presenters.figures import (
    bar_vs_target_figure,
    choropleth_figure,
    dot_map_figure,
    heatmap_figure,
    label_point,
    matrix_figure,
    multi_trend_figure,
    score_bar_figure,
    traces_of,
    trend_figure,
)
from presenters.theme import MAP_GRADE_COLOR, MAP_STATUS_COLOR, STATUS_STYLE
from services.assessment import PeriodView, period_view, shown_units
from services.cache import cached, period_stamp
from services.quality import explanation_notes
from services.records import ResultRow, ScoreRow
from services.schemes import documents_of, rules_for
from services.trends import monthly_figures, trend

# Rates and zero targets have no "completion vs progress": their heatmap cell colour
# stands for their status, and the text shows the real figure.
STATUS_SCORE = {"on_track": 10.0, "near_cap": -5.0, "lagging": -5.0, "alert": -20.0}


def described(figure: go.Figure | dict, summary: str) -> go.Figure | dict:
    """The chart's one-line summary, its text alternative: assets/a11y.js names the
    drawn chart by its panel's title and this (screen readers read no SVG); of a
    figure or its data (``to_plotly_json``, whose layout it sets)."""
    if isinstance(figure, dict):
        figure["layout"]["meta"] = {"summary": summary}
    else:
        figure.update_layout(meta={"summary": summary})
    return figure


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _shown(value: float) -> str:
    return fmt_number(value, 0 if float(value).is_integer() else 2)


def range_summary(names, values, lang: str, decimals: int = 2) -> str:
    """The highest and the lowest of a bar chart (最高：甲 100.00；最低：乙 71.77)."""
    known = [(v, n) for n, v in zip(names, values, strict=True) if _known(v)]
    if not known:
        return t("chart_sum_empty", lang)
    top, low = max(known, key=lambda p: p[0]), min(known, key=lambda p: p[0])
    return t("chart_sum_range", lang, top_name=top[1], top=fmt_number(top[0], decimals),
             low_name=low[1], low=fmt_number(low[0], decimals))  # fmt: skip


def count_summary(classes, words: dict[str, str], lang: str) -> str:
    """How many units (cells) fall in each class, in the legend's order."""
    counts = Counter(classes)
    parts = [t("chart_sum_count", lang, word=word, count=counts[key])
             for key, word in words.items() if counts.get(key)]  # fmt: skip
    return t("bl_list_sep", lang).join(parts) or t("chart_sum_empty", lang)


def latest_summary(figure: go.Figure | dict, lang: str) -> str:
    """A line chart's named series at their latest month (2026年累计10月为6,546); of
    a figure or its data (``to_plotly_json``)."""
    parts = []
    traces = figure["data"] if isinstance(figure, dict) else figure.data
    for found in traces:
        trace = found if isinstance(found, dict) else found.to_plotly_json()
        name, x, y = trace.get("name"), trace.get("x"), trace.get("y")
        if trace.get("type") != "scatter" or not name or y is None or x is None:
            continue
        points = [(m, v) for m, v in zip(x, y, strict=False) if _known(v)]
        if points and "lines" in (trace.get("mode") or "lines"):
            month, value = points[-1]
            parts.append(t("chart_sum_latest", lang, name=name, month=month,
                           value=_shown(value)))  # fmt: skip
    return t("bl_list_sep", lang).join(parts[:4]) or t("chart_sum_empty", lang)


def _heat_cell(row: ResultRow, lang) -> tuple[float | None, str]:
    status = row.status
    if status in ("no_data", "not_assessed"):
        return None, t(f"status_{status}", lang)
    gap = row.gap_points
    kind = kind_of(row.kind)
    if kind is None:
        return STATUS_SCORE.get(status), t(f"status_{status}", lang)
    if kind.against_time:
        if gap is None:  # a zero target asks nothing: neutral, and said so
            return 0.0, t("heat_zero_target", lang)
        return gap, f"{gap:+.1f}"
    if kind.percent:
        return STATUS_SCORE[status], f"{row.actual:.2f}%"
    return STATUS_SCORE[status], fmt_number(row.actual)


def _scores_of(view: PeriodView, codes: list[str] | None) -> list[ScoreRow]:
    """The units shown (a long ranking: some of them), in display order."""
    rows = {r.region: r for r in view.score_rows()}
    return [rows[c] for c in shown_units(view, codes)]


def score_bar(view: PeriodView, lang: str, codes: list[str] | None = None) -> go.Figure:
    """Totals of the units shown (a long ranking: its top and bottom ten)."""
    rows = _scores_of(view, codes)  # a unit without figures has neither total nor grade
    bands = rules_for(view.year).grade_bands  # the view's year's thresholds
    names, totals = [pick(r, "name", lang) for r in rows], [r.total for r in rows]
    return described(score_bar_figure(names, totals, lang=lang,
                                      grades=[r.grade for r in rows], bands=bands),
                     range_summary(names, totals, lang))  # fmt: skip


def gap_heatmap(
    view: PeriodView, lang: str, codes: list[str] | None = None
) -> go.Figure:
    """Indicator × unit: points ahead of (or behind) time progress. Each cell's status
    key rides along (customdata) with the status words (layout.meta): the phone's
    per-county list is drawn from the figure in the browser (assets/heat.js)."""
    scores = _scores_of(view, codes)
    cells = view.county_cells([r.region for r in scores])
    columns = view.indicator_rows()
    z, text, statuses = [], [], []
    for ind in columns:
        found = [cells[(r.region, ind.code)] for r in scores]
        pairs = [_heat_cell(row, lang) for row in found]
        z.append([p[0] for p in pairs])
        text.append([p[1] for p in pairs])
        statuses.append([str(row.status) for row in found])
    words = status_words(lang)
    figure = heatmap_figure(
        z, text, [pick(r, "name", lang) for r in scores],
        [pick(c, "name", lang) for c in columns], colorbar_title=t("gap", lang),
        customdata=statuses,
    )  # fmt: skip
    figure.update_layout(meta={
        "summary": count_summary([s for line in statuses for s in line], words, lang),
        "words": {s: f"{STATUS_STYLE[s]['icon']} {w}" for s, w in words.items()},
        "plain": words,
    })  # fmt: skip
    return figure


# A map draws each unit of its scope as its shape with its name, up to this many (a
# province's cities or counties, the nation's provinces); beyond (every county of the
# country) as a dot at its label point, coloured the same way.
MAP_UNITS = 400


@cache
def _label_points(path: str) -> dict[str, tuple[float, float]]:
    """Each region's label point, from the boundaries at ``path`` (once a process)."""
    return {str(f["properties"]["adcode"]): label_point(f["geometry"])
            for f in queries.boundaries(path)["features"]}  # fmt: skip


def _map_figure(codes, values, hover, labels, lang=None, **style) -> go.Figure:
    """Shapes with names (shortened by :func:`i18n.map_label`) for a scope of up to
    MAP_UNITS units, dots beyond."""
    if len(codes) <= MAP_UNITS:
        return choropleth_figure(queries.boundaries(), codes, values, hover,
                                 labels=[map_label(n, lang) for n in labels], **style)  # fmt: skip
    points = _label_points(queries.boundaries_file())
    drawn = [i for i, code in enumerate(codes) if code in points]
    return dot_map_figure(
        [points[codes[i]] for i in drawn], [codes[i] for i in drawn],
        [values[i] for i in drawn], [labels[i] for i in drawn],
        [hover[i] for i in drawn], **style,
    )  # fmt: skip


def score_map(view: PeriodView, lang: str) -> go.Figure:
    """Every unit of the scope coloured by its total score."""
    scores = view.score_rows()
    hover = [
        f"{pick(r, 'name', lang)}<br>{t('total_score', lang)} "
        f"{fmt_number(r.total, 1)}<br>{t('rank', lang)} {fmt_number(r.rank)}"
        for r in scores
    ]
    labels = [pick(r, "name", lang) for r in scores]
    grades = [r.grade or None for r in scores]
    hover = [
        f"{h}<br>{grade_words(g, lang)}" for h, g in zip(hover, grades, strict=True)
    ]
    legend = {
        g: (grade_words(g, lang), colour) for g, colour in MAP_GRADE_COLOR.items()
    }
    figure = _map_figure(
        [r.region for r in scores], [r.total for r in scores], hover, labels, lang,
        colorbar_title=t("score", lang), zmin=60, zmax=100, classes=grades, legend=legend,
    )  # fmt: skip
    return described(figure, count_summary(grades, {g: w for g, (w, _c) in legend.items()},
                                           lang))  # fmt: skip


def grade_words(grade: str | None, lang: str) -> str:
    """A grade as the map's legend and hover say it (未报送 for a unit without one)."""
    return t(f"grade_{grade}", lang) if grade else t("status_no_data", lang)


def status_words(lang: str) -> dict[str, str]:
    """Each status's word, in the legends' order (达标, 接近控制线, …)."""
    return {str(s): t(f"status_{s}", lang) for s in MAP_STATUS_COLOR}


def status_legend(lang: str) -> dict[str, tuple[str, str]]:
    """Each status's icon and word, and its map colour, in the legend's order."""
    return {str(s): (f"{STATUS_STYLE[s]['icon']} {t(f'status_{s}', lang)}", colour)
            for s, colour in MAP_STATUS_COLOR.items()}  # fmt: skip


def trend_chart(
    indicator: str,
    year: int,
    rules,
    region: str,
    mode: str,
    lang: str,
    month: int | None = None,
) -> go.Figure:
    """One region's series against its target path and the same month last year,
    the actual figures running to the chosen ``month`` (marked) and no further.

    Raises KeyError for an unknown indicator or region.
    """
    found = trend(indicator, year, rules, region, mode)
    notes = explanation_notes(year, region, indicator)
    figure = trend_figure(found.for_region(region), kind=found.indicator["kind"],
                          year=year, lang=lang, unit=found.unit(lang), month=month,
                          notes=notes)  # fmt: skip
    return described(figure, latest_summary(figure, lang))


def city_trend(view: PeriodView, lang: str, indicator: str, rules) -> go.Figure:
    """The scope's parent (the city) year to date against the target path and last
    year."""
    return trend_chart(
        indicator, view.year, rules, view.city, view.mode, lang, view.month
    )


def _indicator_rows(
    view: PeriodView, code: str, codes: list[str] | None = None
) -> list[ResultRow]:
    """One indicator's results for the units shown, in display order."""
    wanted = set(codes or shown_units(view))
    order = {c: i for i, c in enumerate(view.counties)}
    return sorted((r for r in view.result_rows(code=code) if r.region in wanted),
                  key=lambda r: order[r.region])  # fmt: skip


def _spec(view: PeriodView, code: str) -> dict:
    return view.indicators.set_index("code").loc[code].to_dict() | {"code": code}


def indicator_map(view: PeriodView, lang: str, code: str, rules=None) -> go.Figure:
    """Counties coloured by their status on the indicator, a legend naming each; the
    hover gives the figure (and the completion of a flow or stock) with the word."""
    spec = _spec(view, code)
    rows = _indicator_rows(view, code, view.counties)
    unit = pick(spec, "unit", lang)
    paced = kind_of(spec["kind"]).against_time
    hover = [
        f"{pick(r, 'region', lang)}<br>{t('actual', lang)} "
        f"{fmt_number(r.actual, int(spec['decimals']))} {unit}<br>"
        + (f"{t('completion', lang)} {fmt_percent(r.completion)}<br>"
           if paced and r.completion is not None else "")
        + f"{STATUS_STYLE[r.status]['icon']} {t(f'status_{r.status}', lang)}"
        for r in rows
    ]  # fmt: skip
    classes = [str(r.status) for r in rows]
    figure = _map_figure(
        [r.region for r in rows], [r.actual for r in rows], hover,
        [pick(r, "region", lang) for r in rows], lang, height=380, colorbar_title=unit,
        classes=classes, legend=status_legend(lang),
    )  # fmt: skip
    return described(figure, count_summary(classes, status_words(lang), lang))


def indicator_bar(view: PeriodView, lang: str, code: str, rules=None) -> go.Figure:
    """Each county's figure against what is due now and its target."""
    spec, rows = _spec(view, code), _indicator_rows(view, code)
    names, actual = [pick(r, "region", lang) for r in rows], [r.actual for r in rows]
    figure = bar_vs_target_figure(
        names, actual, [r.due for r in rows], [r.target for r in rows],
        lang=lang, unit=pick(spec, "unit", lang),
    )  # fmt: skip
    return described(figure, range_summary(names, actual, lang, int(spec["decimals"])))


# A scope of at most this many units keeps one trend figure of every unit for the month
# (the nation's provinces, a province's cities); a larger one (all 2,850 counties) draws
# the units its month shows alone.
EVERY_UNITS = 60


def _keeps_every(view: PeriodView) -> bool:
    return len(view.counties) <= EVERY_UNITS


def _trend_units(view: PeriodView, code: str) -> list[str]:
    if _keeps_every(view):
        return view.counties
    return [r.region for r in _indicator_rows(view, code)]


def units_trend(view: PeriodView, lang: str, code: str, rules) -> go.Figure:
    """The units' monthly series of one indicator up to the view's month, as the
    county's and city's trends run (a later month being reported, its sums partial,
    is not drawn): of every unit of a scope of up to EVERY_UNITS (:func:`indicator_trend`
    picks the units shown, which move with the month's ranks)."""
    regions = _trend_units(view, code)
    found = monthly_figures(code, view.year, rules, view.mode, regions, view.month)
    wanted = set(regions)
    names = {r.region: pick(r, "region", lang) for r in view.result_rows(code=code)
             if r.region in wanted}  # fmt: skip
    return multi_trend_figure(found.frame, names, lang=lang, unit=found.unit(lang))


def shown_trend(every: dict, view: PeriodView, lang: str, code: str, *_) -> dict:
    """The units shown in ``view`` (a long ranking's top and bottom ten, which move
    with the month's ranks) picked from :func:`units_trend`'s data, described."""
    figure = traces_of(every, [r.region for r in _indicator_rows(view, code)])
    return described(figure, latest_summary(figure, lang))


def indicator_trend(view: PeriodView, lang: str, code: str, rules) -> go.Figure:
    """Each county's monthly series of one indicator."""
    every = units_trend(view, lang, code, rules).to_plotly_json()
    return go.Figure(shown_trend(every, view, lang, code))


def county_trend(
    view: PeriodView, lang: str, code: str, rules, region: str
) -> go.Figure:
    """One county's series against its target path and the same month last year."""
    return trend_chart(code, view.year, rules, region, view.mode, lang, view.month)


def measures_matrix(view: PeriodView | None, lang: str, year: int | None = None
                    ) -> go.Figure:  # fmt: skip
    """Department × measure: who leads (■) and who shares (□) each measure of the
    year's documents (a later document's measures numbered with its year: 2021·3)."""
    year = year if year is not None else view.year if view is not None else None
    wanted = None if year is None else documents_of(year)
    measures = queries.measures(wanted)
    roles = queries.measure_departments(wanted)
    load = queries.department_load(wanted)
    departments = [pick(d, "department", lang) for d in records(load)]
    documents = queries.policy_documents()
    main = documents.code.iloc[0] if len(documents) else None
    issued = dict(zip(documents.code, documents.issued.str[:4], strict=True))

    def label(document, number) -> str:
        return str(number) if document == main else f"{issued[document]}·{number}"

    role_frame = roles.assign(
        department=[pick(r, "department", lang) for r in records(roles)],
        measure=[
            label(d, n) for d, n in zip(roles.document, roles.number, strict=True)
        ],
    )
    columns = [
        label(d, n) for d, n in zip(measures.document, measures.number, strict=True)
    ]
    return described(matrix_figure(departments, columns, role_frame, lang=lang),
                     t("chart_sum_matrix", lang, departments=len(departments),
                       measures=len(columns)))  # fmt: skip


@dataclass(frozen=True)
class Chart:
    title_key: str
    build: Callable[..., go.Figure]
    needs_indicator: bool = False
    needs_region: bool = False
    # Drawn through the period's year (a trend): kept by the stamp of the year's
    # December, which a later month's change moves, not by the period's own.
    through_year: bool = False
    # Of a trend: the figure of every unit of the scope (kept once for the month:
    # the month's ranks pick its lines) and how they are picked (``build`` does both).
    every: Callable[..., go.Figure] | None = None
    picked: Callable[..., dict] | None = None


CHARTS: dict[str, Chart] = {
    "score-bar": Chart("score_bar", score_bar),
    "gap-heatmap": Chart("heatmap_title", gap_heatmap),
    "score-map": Chart("score_map", score_map),
    "city-trend": Chart(
        "city_trend", city_trend, needs_indicator=True, through_year=True
    ),
    "indicator-map": Chart("indicator_map", indicator_map, needs_indicator=True),
    "indicator-bar": Chart("indicator_bar", indicator_bar, needs_indicator=True),
    "indicator-trend": Chart(
        "indicator_trend",
        indicator_trend,
        needs_indicator=True,
        every=units_trend,
        picked=shown_trend,
    ),
    "measures-matrix": Chart("matrix_title", measures_matrix),
    "county-trend": Chart(
        "county_trend",
        county_trend,
        needs_indicator=True,
        needs_region=True,
        through_year=True,
    ),
}


def chart_file(
    name: str,
    fmt: str,
    view: PeriodView,
    *,
    lang: str,
    rules,
    is_demo: bool,
    indicator: str | None = None,
    region: str | None = None,
) -> bytes:
    """A chart of the dashboard as a file, with its title, period, source and the
    示例数据 label printed on it. Raises InvalidExport or ExportUnavailable."""
    if name not in CHARTS:
        raise InvalidExport("exp_no_chart", name=name[:40])
    chart = CHARTS[name]
    args = []
    if chart.needs_indicator:
        indicator = indicator or view.indicators.code.iloc[0]
        if indicator not in set(view.indicators.code):
            raise InvalidExport("exp_bad_indicator")
        args = [indicator, rules]
    if chart.needs_region:
        if region not in set(view.counties):
            raise InvalidExport("exp_bad_region")
        args.append(region)
    printed = chart_for_print(
        chart.build(view, lang, *args),
        title=t(chart.title_key, lang, **view.words(lang)),
        period=period_label(view.year, view.month, lang),
        lang=lang,
        demo=is_demo,
        provisional=view.provisional,
    )
    return render_chart(printed, fmt)


def chart_data(
    name: str, lang: str, year: int, month: int, rules, mode: str, scope=None, *args
) -> dict:
    """A chart of a view (``CHARTS[name]``) as plain figure data, built once per data
    version and inputs: a figure is mostly plotly validating what it is given, and
    many readers open the same month."""

    chart = CHARTS[name]
    stamped = 12 if chart.through_year else month

    def build() -> dict:
        view = period_view(year, month, rules, mode, scope)
        return chart.build(view, lang, *args).to_plotly_json()

    view = period_view(year, month, rules, mode, scope) if chart.every else None
    if view is None or not _keeps_every(view):
        return cached("chart", lambda: period_stamp(year, stamped, mode),
                      build, name, lang, year, month, rules, mode, scope, *args)  # fmt: skip
    # A trend of many units: every unit's figure kept once for the month, the units
    # its ranks show picked from it.
    every = cached("chart_every", lambda: period_stamp(year, stamped, mode),
                   lambda: chart.every(view, lang, *args).to_plotly_json(),
                   name, lang, year, stamped, rules, mode, scope, *args)  # fmt: skip
    return chart.picked(every, view, lang, *args)
