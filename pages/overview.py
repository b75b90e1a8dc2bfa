"""总览 overview, URL ``/`` (query: year, month, lang).

A card per indicator for the city, a map of the counties coloured by total score (a click
opens the county), and the city's year-to-date trend against the target path.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, kpi_card, page_header, status_summary
from components.downloads import chart_download_menu, export_query, table_download_links
from components.figures import CHART_CONFIG, MAP_CONFIG
from components.links import county_href, indicator_href
from data_access.rows import records
from i18n import fmt_change, fmt_number, lang_or_default, pick, t
from services.assessment import period_view
from services.charts import score_map, trend_chart
from services.context import data_mode, parse_period, rules, stamp
from services.exports import chromium_path
from services.trends import city_code

dash.register_page(__name__, path="/", order=0, nav_label="nav_overview", title="总览")

HEADER = "overview-header"
CARDS = "overview-cards"
MAP = "overview-map"
MAP_TITLE = "overview-map-title"
MAP_LIST = "overview-map-list"
TREND_TITLE = "overview-trend-title"
TREND_INDICATOR = "overview-trend-indicator"
TREND = "overview-trend"
REDIRECT = "overview-redirect"
MAP_DOWNLOAD = "overview-map-download"
TREND_DOWNLOAD = "overview-trend-download"


def layout(**_query):
    return html.Div(
        [
            dcc.Location(id=REDIRECT, refresh="callback-nav"),
            html.Div(id=HEADER),
            dcc.Loading(dbc.Row(id=CARDS, className="g-3 mb-4"), delay_show=300),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(dbc.CardBody([
                            html.Div([html.H2(id=MAP_TITLE, className="section-title me-auto"),
                                      html.Div(id=MAP_DOWNLOAD)], className="d-flex gap-2"),
                            dcc.Graph(id=MAP, config=MAP_CONFIG, className="map-graph"),
                        ])),
                        lg=7,
                    ),
                    dbc.Col(dbc.Card(dbc.CardBody(html.Div(id=MAP_LIST))), lg=5),
                ],
                className="g-3 mb-4",
            ),
            dbc.Card(dbc.CardBody([
                html.Div(
                    [html.H2(id=TREND_TITLE, className="section-title me-auto"),
                     html.Div(id=TREND_DOWNLOAD),
                     dbc.Select(id=TREND_INDICATOR, size="sm", className="w-auto")],
                    className="d-flex flex-wrap gap-2 align-items-center",
                ),
                dcc.Graph(id=TREND, config=CHART_CONFIG),
            ])),
        ]
    )  # fmt: skip


def _score_list(view, lang, search):
    rows = []
    for row in records(view.scores):
        rank = "—" if row["rank"] is None else int(row["rank"])
        rows.append(
            html.Tr([
                html.Td(rank),
                html.Td(dcc.Link(pick(row, "name", lang),
                                 href=county_href(row["region"], search))),
                html.Td(fmt_number(row["total"], 1), className="text-end"),
                html.Td(t(f"grade_{row['grade']}", lang) if row["grade"] else "—"),
                html.Td(fmt_change(row["change"]), className="rank-change"),
            ])
        )  # fmt: skip
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("rank", "county", "total_score", "grade", "change")]))  # fmt: skip
    return html.Div(
        [html.P(t("map_hint", lang), className="text-muted small mb-2"),
         table_download_links("rankings", export_query(view.year, view.month, lang, view.mode), lang),
         dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, className="mb-0",
                   id="overview-score-table")],
    )  # fmt: skip


@callback(
    Output(HEADER, "children"),
    Output(CARDS, "children"),
    Output(MAP_TITLE, "children"),
    Output(MAP, "figure"),
    Output(MAP_LIST, "children"),
    Output(MAP_DOWNLOAD, "children"),
    Output(TREND_TITLE, "children"),
    Output(TREND_INDICATOR, "options"),
    Output(TREND_INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
    State(TREND_INDICATOR, "value"),
    State(ids.URL, "search"),
)
def update_overview(year, month, lang, submitted, chosen, search):
    """Cards, map and score list for the period in the URL."""
    lang = lang_or_default(lang)
    period = parse_period(year, month)
    if period is None:
        message = alert_message(t("bad_period", lang), "warning")
        return message, [], "", {}, None, None, "", [], None
    view = period_view(*period, rules(), data_mode(submitted))
    info = stamp()
    header = page_header(
        t("overview_title", lang),
        *period,
        lang,
        is_demo=info.is_demo,
        updated=info.updated,
        pending=view.includes_submitted,
    )
    options = [
        {"label": pick(r._asdict(), "name", lang), "value": r.code}
        for r in view.indicators.itertuples()
    ]
    chosen = (
        chosen if chosen in set(view.indicators.code) else view.indicators.code.iloc[0]
    )
    if not view.has_data:
        empty = alert_message(
            t("no_data_period", lang, period=f"{period[0]}-{period[1]}")
        )
        return (
            header,
            [empty],
            t("score_map", lang),
            {},
            None,
            None,
            t("city_trend", lang),
            options,
            chosen,
        )
    city = view.results[view.results.region == view.city]
    summary = dbc.Col(status_summary(city.status.tolist(), lang), xs=12)
    cards = [summary] + [
        dbc.Col(
            kpi_card(row, lang, indicator_href(row["code"], search)),
            xs=12, sm=6, lg=4, xxl=3,
        )
        for row in records(city)
    ]  # fmt: skip
    figure = score_map(view, lang)
    return (
        header,
        cards,
        t("score_map", lang),
        figure,
        _score_list(view, lang, search),
        chart_download_menu(
            "score-map",
            export_query(view.year, view.month, lang, view.mode),
            lang,
            can_render=chromium_path() is not None,
        ),  # fmt: skip
        t("city_trend", lang),
        options,
        chosen,
    )


@callback(
    Output(TREND, "figure"),
    Output(TREND_DOWNLOAD, "children"),
    Input(TREND_INDICATOR, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.DATA_MODE, "value"),
    State(ids.MONTH, "value"),
    State(ids.LANG, "value"),
    prevent_initial_call=True,
)
def update_city_trend(indicator, year, submitted, month, lang):
    """The city's monthly series of one indicator against its target path."""
    lang = lang_or_default(lang)
    period = parse_period(year, month)
    if period is None or not indicator:
        return dash.no_update, dash.no_update
    mode = data_mode(submitted)
    try:
        figure = trend_chart(indicator, period[0], rules(), city_code(), mode, lang)
    except KeyError:
        return dash.no_update, dash.no_update
    query = export_query(*period, lang, mode, indicator=indicator)
    menu = chart_download_menu("city-trend", query, lang,
                               can_render=chromium_path() is not None)  # fmt: skip
    return figure, menu


@callback(
    Output(REDIRECT, "href"),
    Input(MAP, "clickData"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def open_clicked_county(click, search):
    """A click on a county opens its page, keeping the period."""
    try:
        code = str(int(click["points"][0]["location"]))
    except (TypeError, KeyError, IndexError, ValueError):
        return dash.no_update
    return county_href(code, search)
