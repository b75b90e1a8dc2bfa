"""总览 overview, URL ``/`` (query: year, month, lang, data).

A card per indicator for the city, a map of the counties coloured by total score (a click
opens the county), and the city's year-to-date trend against the target path.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from components.cards import alert_message, kpi_card, page_header, status_summary
from components.downloads import chart_download_menu, export_query, table_download_links
from components.links import county_href, indicator_href
from components.outlook import WARNINGS_SHOWN, warning_table
from components.panels import card, chart_card, options, trend_card
from components.shell import frame, register_page
from components.static import static
from components.tables import score_list
from i18n import t
from pages._query import page_query
from presenters.charts import score_map, trend_chart
from presenters.exports import image_problem
from presenters.figures import MAP_CONFIG
from services.assessment import excerpt, period_view
from services.cache import rendered_by_period, rendered_by_year
from services.context import page_context, rules
from services.projection import warnings_of

SECTION = "nav_overview"
QUERY = register_page(__name__, SECTION, path="/", order=0)

CARDS = "overview-cards"
MAP = "overview-map"
MAP_LIST = "overview-map-list"
WARNINGS = "overview-warnings"
TREND_INDICATOR = "overview-trend-indicator"
TREND = "overview-trend"
TREND_DOWNLOAD = "overview-trend-download"
REDIRECT = "overview-redirect"


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    export = export_query(
        *query.period, lang, query.mode, scope=query.scope, units=query.units
    )
    indicators = context.indicators
    words = context.scope.words(lang)
    map_menu = chart_download_menu("score-map", export, lang, problem=image_problem())
    body = html.Div([
        dcc.Location(id=REDIRECT, refresh="callback-nav"),
        page_header(t("overview_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month, pending=query.submitted),
        dcc.Loading(html.Div(id=CARDS, className="mb-4"), delay_show=300),
        dbc.Row([
            dbc.Col(chart_card(t("score_map", lang, **words), MAP, map_menu, config=MAP_CONFIG), lg=7),
            dbc.Col(card(html.P(t("map_hint", lang, **words), className="text-muted small mb-2"),
                         table_download_links("rankings", export, lang),
                         html.Div(id=MAP_LIST)), lg=5),
        ], className="g-3 mb-4"),
        card(html.H2(t("warnings_title", lang), className="section-title"),
             table_download_links("warnings", export, lang),
             dcc.Loading(html.Div(id=WARNINGS), delay_show=300), className="mb-4"),
        trend_card(t("city_trend", lang, **words), TREND_INDICATOR, TREND, TREND_DOWNLOAD,
                   options(indicators, lang),
                   indicators[0].code if indicators else None),
    ])  # fmt: skip
    return frame(context, body, SECTION)


@callback(
    output={
        "cards": Output(CARDS, "children"),
        "map": Output(MAP, "figure"),
        "scores": Output(MAP_LIST, "children"),
    },
    inputs={"stored": Input(QUERY, "data")},
)
@rendered_by_period
def show_overview(stored):
    """The city's indicator cards, the score map and the score list."""
    query = page_query(stored)
    lang = query.lang
    view = period_view(*query.period, rules(query.year), query.mode, query.view_scope)
    if not view.has_data:
        empty = t("no_data_period", lang, period=f"{query.year}-{query.month}")
        return {
            "cards": [alert_message(empty)],
            "map": {},
            "scores": None,
        }
    city = view.result_rows(region=view.city)
    cards = [dbc.Col(status_summary([r.status for r in city], lang, view.words(lang)), xs=12)] + [
        dbc.Col(kpi_card(row, lang, indicator_href(row.code, query.search), query.year),
                xs=12, sm=6, lg=4, xxl=3)
        for row in city
    ]  # fmt: skip
    return {
        # One piece of markup (components/static.py): the cards were 200 components.
        "cards": static(dbc.Row(cards, className="g-3")),
        "map": score_map(view, lang),
        "scores": score_list(
            excerpt(view.score_rows()).rows,
            lang,
            query.search,
            view.words(lang)["Unit"],
        ),
    }


@callback(
    output={
        "figure": Output(TREND, "figure"),
        "menu": Output(TREND_DOWNLOAD, "children"),
    },
    inputs={"indicator": Input(TREND_INDICATOR, "value")},
    state={"stored": State(QUERY, "data")},
)
@rendered_by_year
def show_city_trend(indicator, stored):
    """The city's monthly series of one indicator against its target path."""
    query = page_query(stored)
    if not isinstance(indicator, str):
        raise dash.exceptions.PreventUpdate
    try:
        figure = trend_chart(indicator, query.year, rules(query.year), query.view_scope.parent,
                             query.mode, query.lang, query.month)  # fmt: skip
    except KeyError:
        raise dash.exceptions.PreventUpdate from None
    export = export_query(
        *query.period,
        query.lang,
        query.mode,
        indicator=indicator,
        scope=query.scope,
        units=query.units,
    )
    menu = chart_download_menu("city-trend", export, query.lang,
                               problem=image_problem())  # fmt: skip
    return {"figure": figure, "menu": menu}


@callback(
    output={"warnings": Output(WARNINGS, "children")},
    inputs={"stored": Input(QUERY, "data")},
)
@rendered_by_period
def show_warnings(stored):
    """预警清单: what is projected to miss (its own answer: the cards do not wait)."""
    query = page_query(stored)
    view = period_view(*query.period, rules(query.year), query.mode, query.view_scope)
    if not view.has_data:
        return {"warnings": None}
    return {"warnings": warning_table(warnings_of(view, WARNINGS_SHOWN), query.month, query.lang,
                                      view.words(query.lang)["Unit"],
                                      lambda code: county_href(code, query.search))}  # fmt: skip


# A click on a county opens its page, keeping the query.
clientside_callback(
    """
    function(click, figure) {
        const point = click && click.points && click.points[0];
        if (!point) { return dash_clientside.no_update; }
        let code = point.customdata;
        if (code === undefined && figure && figure.data[point.curveNumber]) {
            code = (figure.data[point.curveNumber].customdata || [])[0];  // a shape
        }
        code = String(code || '');
        if (!/^[0-9]{6}$/.test(code)) { return dash_clientside.no_update; }
        return '/county/' + code + window.location.search;
    }
    """,
    Output(REDIRECT, "href"),
    Input(MAP, "clickData"),
    State(MAP, "figure"),
    prevent_initial_call=True,
)
