"""指标 one indicator across the counties, URL ``/indicator/<code>`` (query: year, month,
lang): a map, bars of actual against the due level and target, and each county's trend.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, indicator_facts, page_header, status_badge
from components.downloads import chart_download_menu, export_query, table_download_links
from components.figures import (
    CHART_CONFIG,
    MAP_CONFIG,
)
from components.links import county_href, indicator_href
from data_access import queries
from data_access.rows import records
from i18n import fmt_number, fmt_percent, lang_or_default, pick, t
from services.assessment import period_view
from services.charts import indicator_bar, indicator_map, indicator_trend
from services.context import data_mode, parse_period, rules, stamp
from services.exports import chromium_path

dash.register_page(
    __name__,
    path_template="/indicator/<code>",
    order=3,
    nav_label="nav_indicator",
    nav_default="code",
    title="指标",
)

CODE = "indicator-code"
CHOOSER = "indicator-chooser"
REDIRECT = "indicator-redirect"
HEADER = "indicator-header"
MAP_TITLE = "indicator-map-title"
MAP = "indicator-map"
STATUS_LIST = "indicator-status-list"
BAR_TITLE = "indicator-bar-title"
BAR = "indicator-bar"
TREND_TITLE = "indicator-trend-title"
TREND = "indicator-trend"
MAP_DOWNLOAD = "indicator-map-download"
BAR_DOWNLOAD = "indicator-bar-download"
TREND_DOWNLOAD = "indicator-trend-download"


def layout(code: str | None = None, **_query):
    catalogue = queries.indicators()
    options = [{"label": r.name_zh, "value": r.code} for r in catalogue.itertuples()]
    card = lambda *children, **kw: dbc.Card(dbc.CardBody(list(children)), **kw)  # noqa: E731
    return html.Div(
        [
            dcc.Store(id=CODE, data=code),
            dcc.Location(id=REDIRECT, refresh="callback-nav"),
            dbc.Select(id=CHOOSER, options=options, value=code, size="sm",
                       className="w-auto mb-2"),
            html.Div(id=HEADER),
            dbc.Row([
                dbc.Col(card(html.Div([html.H2(id=MAP_TITLE, className="section-title me-auto"),
                                       html.Div(id=MAP_DOWNLOAD)], className="d-flex gap-2"),
                             dcc.Graph(id=MAP, config=MAP_CONFIG)), lg=6),
                dbc.Col(card(html.Div(id=STATUS_LIST)), lg=6),
            ], className="g-3 mb-3"),
            dbc.Row([
                dbc.Col(card(html.Div([html.H2(id=BAR_TITLE, className="section-title me-auto"),
                                       html.Div(id=BAR_DOWNLOAD)], className="d-flex gap-2"),
                             dcc.Graph(id=BAR, config=CHART_CONFIG)), lg=6),
                dbc.Col(card(html.Div([html.H2(id=TREND_TITLE, className="section-title me-auto"),
                                       html.Div(id=TREND_DOWNLOAD)], className="d-flex gap-2"),
                             dcc.Graph(id=TREND, config=CHART_CONFIG)), lg=6),
            ], className="g-3"),
        ]
    )  # fmt: skip


def _status_table(rows, lang, search):
    head = html.Thead(
        html.Tr(
            [
                html.Th(t("county", lang)),
                html.Th(t("actual", lang)),
                html.Th(t("completion", lang)),
                html.Th(t("status", lang)),
            ]
        )
    )
    body = [
        html.Tr(
            [
                html.Td(
                    dcc.Link(
                        pick(r, "region", lang),
                        href=county_href(r["region"], search),
                    )
                ),
                html.Td(fmt_number(r.get("actual"), int(r.get("decimals") or 0))),
                html.Td(fmt_percent(r.get("completion"))),
                html.Td(status_badge(r["status"], lang)),
            ]
        )
        for r in rows
    ]
    return html.Div(dbc.Table([head, html.Tbody(body)], size="sm", className="mb-0"),
                    className="table-responsive")  # fmt: skip


@callback(
    Output(HEADER, "children"),
    Output(MAP_TITLE, "children"),
    Output(MAP, "figure"),
    Output(STATUS_LIST, "children"),
    Output(BAR_TITLE, "children"),
    Output(BAR, "figure"),
    Output(TREND_TITLE, "children"),
    Output(TREND, "figure"),
    Output(CHOOSER, "options"),
    Output(MAP_DOWNLOAD, "children"),
    Output(BAR_DOWNLOAD, "children"),
    Output(TREND_DOWNLOAD, "children"),
    Input(CODE, "data"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
    State(ids.URL, "search"),
)
def update_indicator(code, year, month, lang, submitted, search):
    """One indicator for every county in the period."""
    lang = lang_or_default(lang)
    catalogue = queries.indicators()
    chooser = [{"label": pick(r._asdict(), "name", lang), "value": r.code}
               for r in catalogue.itertuples()]  # fmt: skip
    blank = ("", {}, None, "", {}, "", {}, chooser, None, None, None)
    if code not in set(catalogue.code):
        return (alert_message(t("indicator_unknown", lang, code=str(code)[:40]), "warning"),
                *blank)  # fmt: skip
    period = parse_period(year, month)
    if period is None:
        return (alert_message(t("bad_period", lang), "warning"), *blank)
    the_rules = rules()
    view = period_view(*period, the_rules, data_mode(submitted))
    info = stamp()
    spec = catalogue.set_index("code").loc[code].to_dict() | {"code": code}
    unit = pick(spec, "unit", lang)
    basis = html.Div(
        [html.Span(f"{t('policy_basis', lang)}：{spec['article']}", className="me-3"),
         html.Span(f"{t('lead_department', lang)}：{pick(spec, 'lead', lang)}",
                   className="me-3"),
         html.Span(f"{t('weight', lang)}：{fmt_number(spec['weight'])}")],
        className="small text-muted",
    )  # fmt: skip
    header = page_header(pick(spec, "name", lang), *period, lang, is_demo=info.is_demo,
                         updated=info.updated, extra=basis,
                         pending=view.includes_submitted)  # fmt: skip
    if not view.has_data:
        empty = alert_message(
            t("no_data_period", lang, period=f"{period[0]}-{period[1]}")
        )
        return (header, "", {}, empty, "", {}, "", {}, chooser, None, None, None)
    results = view.results[view.results.code == code]
    counties = results[results.region.isin(view.counties)]
    order = {c: i for i, c in enumerate(view.counties)}
    rows = sorted(records(counties), key=lambda r: order[r["region"]])
    city = records(results[results.region == view.city])
    query = export_query(*period, lang, view.mode, indicator=code)
    can_render = chromium_path() is not None
    menus = [chart_download_menu(name, query, lang, can_render=can_render)
             for name in ("indicator-map", "indicator-bar", "indicator-trend")]  # fmt: skip
    the_map = indicator_map(view, lang, code)
    bars = indicator_bar(view, lang, code)
    trend_fig = indicator_trend(view, lang, code, the_rules)
    city_facts = indicator_facts(city[0], lang) if city else []
    summary = html.Div(
        [html.Div([html.Strong(f"{t('city_total', lang)}："),
                   fmt_number(city[0]["actual"], int(spec["decimals"])) if city else "—",
                   f" {unit} ", status_badge(city[0]["status"], lang) if city else None],
                  className="mb-1"),
         html.Div(" · ".join(f"{label} {value}" for label, value in city_facts),
                  className="small text-muted mb-2"),
         html.Div([table_download_links("results", query, lang),
                   html.A(t("download_zip", lang),
                          href=f"/export/view.zip?page=indicator&{query}",
                          className="small view-zip")],
                  className="d-flex flex-wrap gap-3 mb-1"),
         _status_table(rows, lang, search or "")],
    )  # fmt: skip
    return (
        header,
        t("indicator_map", lang),
        the_map,
        summary,
        t("indicator_bar", lang),
        bars,
        t("indicator_trend", lang),
        trend_fig,
        chooser,
        *menus,
    )


@callback(
    Output(REDIRECT, "href"),
    Input(CHOOSER, "value"),
    State(CODE, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def switch_indicator(chosen, current, search):
    """Choosing another indicator opens its page, keeping the period."""
    if not chosen or chosen == current:
        return dash.no_update
    return indicator_href(chosen, search)
