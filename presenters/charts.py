"""The dashboard's charts by name, built once for the pages and for the exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import plotly.graph_objects as go

from data_access import queries
from data_access.rows import records
from domain.kinds import kind_of
from i18n import fmt_number, period_label, pick, t
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
    trend_figure,
)
from services.assessment import PeriodView, period_view, shown_units
from services.cache import cached
from services.quality import explanation_notes
from services.records import ResultRow, ScoreRow
from services.schemes import documents_of, rules_for
from services.trends import trend

# Rates and zero targets have no "completion vs progress": their heatmap cell colour
# stands for their status, and the text shows the real figure.
STATUS_SCORE = {"on_track": 10.0, "near_cap": -5.0, "lagging": -5.0, "alert": -20.0}


def _heat_cell(row: ResultRow, lang) -> tuple[float | None, str]:
    status = row.status
    if status in ("no_data", "not_assessed"):
        return None, t(f"status_{status}", lang)
    gap = row.gap_points
    kind = kind_of(row.kind)
    if kind is None:
        return STATUS_SCORE.get(status), t(f"status_{status}", lang)
    if kind.against_time:
        if gap is None:
            return STATUS_SCORE.get(status), t(f"status_{status}", lang)
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
    return score_bar_figure([pick(r, "name", lang) for r in rows], [r.total for r in rows],
                            lang=lang, grades=[r.grade for r in rows], bands=bands)  # fmt: skip


def gap_heatmap(
    view: PeriodView, lang: str, codes: list[str] | None = None
) -> go.Figure:
    """Indicator × unit: points ahead of (or behind) time progress."""
    scores = _scores_of(view, codes)
    cells = view.county_cells([r.region for r in scores])
    names = [pick(r, "name", lang) for r in scores]
    columns = view.indicator_rows()
    z, text = [], []
    for ind in columns:
        pairs = [_heat_cell(cells[(r.region, ind.code)], lang) for r in scores]
        z.append([p[0] for p in pairs])
        text.append([p[1] for p in pairs])
    return heatmap_figure(
        z, text, names, [pick(c, "name", lang) for c in columns],
        colorbar_title=t("gap", lang),
    )  # fmt: skip


# A map draws each unit of its scope as its shape with its name, up to this many (a
# province's cities or counties, the nation's provinces); beyond (every county of the
# country) as a dot at its label point, coloured the same way.
MAP_UNITS = 400


@cache
def _label_points(path: str) -> dict[str, tuple[float, float]]:
    """Each region's label point, from the boundaries at ``path`` (once a process)."""
    return {str(f["properties"]["adcode"]): label_point(f["geometry"])
            for f in queries.boundaries(path)["features"]}  # fmt: skip


def _map_figure(codes, values, hover, labels, **style) -> go.Figure:
    """Shapes with names for a scope of up to MAP_UNITS units, dots beyond."""
    if len(codes) <= MAP_UNITS:
        return choropleth_figure(queries.boundaries(), codes, values, hover,
                                 labels=labels, **style)  # fmt: skip
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
    return _map_figure(
        [r.region for r in scores], [r.total for r in scores], hover, labels,
        colorbar_title=t("score", lang), zmin=60, zmax=100,
    )  # fmt: skip


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
    return trend_figure(found.for_region(region), kind=found.indicator["kind"],
                        year=year, lang=lang, unit=found.unit(lang), month=month,
                        notes=notes)  # fmt: skip


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
    """Counties coloured by completion (flows, stocks) or by the figure itself."""
    spec = _spec(view, code)
    rows = _indicator_rows(view, code, view.counties)
    unit = pick(spec, "unit", lang)
    if kind_of(spec["kind"]).against_time:
        values = [None if r.completion is None else r.completion * 100 for r in rows]
        scale = {"zmin": 50, "zmax": 120, "colorbar_title": t("completion", lang)}
    else:
        values = [r.actual for r in rows]
        scale = {"colorbar_title": unit}
    hover = [
        f"{pick(r, 'region', lang)}<br>{t('actual', lang)} "
        f"{fmt_number(r.actual, int(spec['decimals']))} {unit}<br>"
        + t(f"status_{r.status}", lang)
        for r in rows
    ]
    reverse = kind_of(spec["kind"]).lower_is_better
    colorscale = [[0, "#1a7f37"], [0.5, "#fff8c5"], [1, "#cf222e"]] if reverse else None
    return _map_figure(
        [r.region for r in rows], values, hover,
        [pick(r, "region", lang) for r in rows], colorscale=colorscale,
        height=380, **scale,
    )  # fmt: skip


def indicator_bar(view: PeriodView, lang: str, code: str, rules=None) -> go.Figure:
    """Each county's figure against what is due now and its target."""
    spec, rows = _spec(view, code), _indicator_rows(view, code)
    return bar_vs_target_figure(
        [pick(r, "region", lang) for r in rows], [r.actual for r in rows],
        [r.due for r in rows], [r.target for r in rows],
        lang=lang, unit=pick(spec, "unit", lang),
    )  # fmt: skip


def indicator_trend(view: PeriodView, lang: str, code: str, rules) -> go.Figure:
    """Each county's monthly series of one indicator."""
    rows = _indicator_rows(view, code)
    found = trend(code, view.year, rules, mode=view.mode,
                  regions=[r.region for r in rows])  # fmt: skip
    frame = found.frame
    names = {r.region: pick(r, "region", lang) for r in rows}
    return multi_trend_figure(frame, names, lang=lang, unit=found.unit(lang))


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
    return matrix_figure(departments, columns, role_frame, lang=lang)


@dataclass(frozen=True)
class Chart:
    title_key: str
    build: Callable[..., go.Figure]
    needs_indicator: bool = False
    needs_region: bool = False


CHARTS: dict[str, Chart] = {
    "score-bar": Chart("score_bar", score_bar),
    "gap-heatmap": Chart("heatmap_title", gap_heatmap),
    "score-map": Chart("score_map", score_map),
    "city-trend": Chart("city_trend", city_trend, needs_indicator=True),
    "indicator-map": Chart("indicator_map", indicator_map, needs_indicator=True),
    "indicator-bar": Chart("indicator_bar", indicator_bar, needs_indicator=True),
    "indicator-trend": Chart("indicator_trend", indicator_trend, needs_indicator=True),
    "measures-matrix": Chart("matrix_title", measures_matrix),
    "county-trend": Chart(
        "county_trend", county_trend, needs_indicator=True, needs_region=True
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

    def build() -> dict:
        view = period_view(year, month, rules, mode, scope)
        return CHARTS[name].build(view, lang, *args).to_plotly_json()

    return cached("chart", queries.data_stamp, build,
                  name, lang, year, month, rules, mode, scope, *args)  # fmt: skip
