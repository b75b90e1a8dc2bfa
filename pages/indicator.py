"""指标 indicator detail, URL ``/indicator/<code>`` (query: year, month, lang, data).

One indicator for every county: a map, the list of figures with their status, a bar
chart against what is due, and the counties' monthly series.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from components.cards import alert_message, indicator_facts, page_header, status_badge
from components.downloads import chart_download_menu, export_query, table_download_links
from components.panels import card, chart_card, entity_choice
from components.shell import frame, register_page
from components.tables import indicator_status_table
from i18n import article_label, fmt_number, pick, t
from pages._query import page_query
from presenters.charts import chart_data
from presenters.exports import image_problem
from presenters.figures import BARS_HEIGHT, MAP_CONFIG, MULTI_TREND_HEIGHT
from services import targets
from services.assessment import period_view, shown_units
from services.cache import rendered_by_period
from services.context import page_context, rules

SECTION = "nav_indicator"
QUERY = register_page(
    __name__, SECTION, path_template="/indicator/<code>", order=3, nav_default="code"
)

CODE = "indicator-code"
MAP = "indicator-map"
STATUS_LIST = "indicator-status-list"
BAR = "indicator-bar"
TREND = "indicator-trend"


def _basis(spec, lang) -> html.Div:
    return html.Div(
        [html.Span(t("labelled", lang, label=t("policy_basis", lang), value=article_label(spec.article, lang)),
                   className="me-3"),
         html.Span(t("labelled", lang, label=t("lead_department", lang),
                     value=pick(spec, "lead", lang)),
                   className="me-3"),
         html.Span(t("labelled", lang, label=t("weight", lang), value=fmt_number(spec.weight)))],
        className="small text-muted",
    )  # fmt: skip


def layout(code: str | None = None, year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    catalogue = {r.code: r for r in context.indicators}
    top, known = entity_choice("/indicator/", list(catalogue.values()), code, lang,
                               "choose_indicator", "indicator_unknown")  # fmt: skip
    spec = catalogue[code] if known else next(iter(catalogue.values()))
    export = export_query(
        *query.period,
        lang,
        query.mode,
        indicator=code,
        scope=query.scope,
        units=query.units,
    )

    def menu(name):
        return chart_download_menu(name, export, lang, problem=image_problem())

    words = context.scope.words(lang)

    body = html.Div([
        dash.dcc.Store(id=CODE, data=code if known else None),
        top,
        html.Div([page_header(pick(spec, "name", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month, extra=_basis(spec, lang),
                    pending=query.submitted),
        dbc.Row([
            dbc.Col(chart_card(t("indicator_map", lang, **words), MAP, menu("indicator-map"),
                               config=MAP_CONFIG), lg=5),
            dbc.Col(card(html.Div([table_download_links("results", export, lang),
                                   html.A(t("download_zip", lang),
                                          href=f"/export/view.zip?page=indicator&{export}",
                                          className="small view-zip")],
                                  className="d-flex flex-wrap gap-3 mb-1"),
                         html.Div(id=STATUS_LIST)), lg=7),
        ], className="g-3 mb-3"),
        dbc.Row([
            dbc.Col(chart_card(t("indicator_bar", lang), BAR, menu("indicator-bar"),
                               height=BARS_HEIGHT), lg=6),
            dbc.Col(chart_card(t("indicator_trend", lang, **words), TREND, menu("indicator-trend"),
                               height=MULTI_TREND_HEIGHT), lg=6),
        ], className="g-3"),
        ], style={} if known else {"display": "none"}),
    ])  # fmt: skip
    return frame(context, body, SECTION)


def _city_summary(city, lang, words: dict[str, str], year: int) -> html.Div:
    if city is None:
        return html.Div("—", className="mb-2")
    facts = indicator_facts(city, lang, year)
    return html.Div([
        html.Div([html.Strong(t("labelled", lang, label=t("city_total", lang, **words), value="")),
                  fmt_number(city.actual, city.decimals), f" {pick(city, 'unit', lang)} ",
                  status_badge(city.status, lang)], className="mb-1"),
        html.Div(" · ".join(f"{label} {value}" for label, value in facts),
                 className="small text-muted mb-2"),
    ])  # fmt: skip


def _indicator_in(stored, code):
    """The page's query, the year's rules, the period's view, and whether the view
    shows indicator ``code`` (data in the period, the indicator in its scheme)."""
    query = page_query(stored)
    if not isinstance(code, str):
        raise dash.exceptions.PreventUpdate
    the_rules = rules(query.year)
    view = period_view(*query.period, the_rules, query.mode, query.view_scope)
    return query, the_rules, view, view.has_data and code in set(view.indicators.code)


@callback(
    output={
        "map": Output(MAP, "figure"),
        "status": Output(STATUS_LIST, "children"),
        "bars": Output(BAR, "figure"),
    },
    inputs={"stored": Input(QUERY, "data"), "code": Input(CODE, "data")},
)
@rendered_by_period
def show_indicator(stored, code):
    """One indicator for every county in the period (its trend up to the month is
    drawn by :func:`show_indicator_trend`)."""
    query, the_rules, view, shown = _indicator_in(stored, code)
    lang = query.lang
    if not shown:
        empty = t("no_data_period", lang, period=f"{query.year}-{query.month}")
        return {"map": {}, "status": alert_message(empty), "bars": {}}
    order = {c: i for i, c in enumerate(shown_units(view))}
    rows = [r for r in view.result_rows(code=code) if r.region in order]
    rows.sort(key=lambda r: order[r.region])
    city = next(iter(view.result_rows(region=view.city, code=code)), None)
    sources = {region: p for (region, _), p in
               targets.provenance(query.year, indicator=code,
                                  regions=[*order, view.city]).items()}  # fmt: skip
    status = html.Div([_city_summary(city, lang, view.words(lang), query.year),
                       indicator_status_table(rows, lang, query.search,
                                              view.words(lang)["Unit"], sources,
                                              *query.period)])  # fmt: skip
    charts = {name: chart_data(f"indicator-{name}", lang, *query.period, the_rules,
                               query.mode, query.view_scope, code, the_rules)
              for name in ("map", "bar")}  # fmt: skip
    return {"map": charts["map"], "status": status, "bars": charts["bar"]}


@callback(
    output={"trend": Output(TREND, "figure")},
    inputs={"stored": Input(QUERY, "data"), "code": Input(CODE, "data")},
)
@rendered_by_period
def show_indicator_trend(stored, code):
    """The counties' monthly series of the indicator up to the period's month."""
    query, the_rules, _view, shown = _indicator_in(stored, code)
    if not shown:
        return {"trend": {}}
    trend = chart_data("indicator-trend", query.lang, *query.period, the_rules,
                       query.mode, query.view_scope, code, the_rules)  # fmt: skip
    return {"trend": trend}
