"""旗县区 county detail, URL ``/county/<adcode>`` (query: year, month, lang).

The county's scorecard with its score breakdown, its rank and rank change, and its monthly
trend per indicator against the target path and the same month last year.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, grade_badge, page_header
from components.downloads import chart_download_menu, export_query, table_download_links
from components.figures import CHART_CONFIG
from components.links import county_href, indicator_href
from components.tables import breakdown_table
from data_access import queries
from data_access.rows import record, records
from i18n import fmt_change, fmt_number, lang_or_default, pick, t
from services.assessment import period_view
from services.charts import trend_chart
from services.context import data_mode, parse_period, rules, stamp
from services.exports import chromium_path

dash.register_page(
    __name__,
    path_template="/county/<adcode>",
    order=1,
    nav_label="nav_county",
    nav_default="adcode",
    title="旗县区",
)

CODE = "county-code"
CHOOSER = "county-chooser"
REDIRECT = "county-redirect"
HEADER = "county-header"
SUMMARY = "county-summary"
BREAKDOWN_TITLE = "county-breakdown-title"
BREAKDOWN = "county-breakdown"
TREND_TITLE = "county-trend-title"
TREND_INDICATOR = "county-trend-indicator"
TREND = "county-trend"
TREND_DOWNLOAD = "county-trend-download"


def layout(adcode: str | None = None, **_query):
    counties = queries.regions("county")
    options = [{"label": r.name_zh, "value": r.code} for r in counties.itertuples()]
    return html.Div(
        [
            dcc.Store(id=CODE, data=adcode),
            dcc.Location(id=REDIRECT, refresh="callback-nav"),
            dbc.Select(id=CHOOSER, options=options, value=adcode, size="sm",
                       className="w-auto mb-2"),
            html.Div(id=HEADER),
            dcc.Loading(html.Div(id=SUMMARY, className="mb-3"), delay_show=300),
            dbc.Card(dbc.CardBody([html.H2(id=BREAKDOWN_TITLE, className="section-title"),
                                   html.Div(id=BREAKDOWN)]), className="mb-3"),
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


def _summary(view, code, lang):
    row = record(view.scores.set_index("region").loc[code])
    rank = row["rank"]
    stats = [
        (t("total_score", lang), html.Span(fmt_number(row["total"], 2), className="big-number")),
        (t("grade", lang), grade_badge(row["grade"], lang)),
        (t("rank", lang), t("rank_of", lang, rank=int(rank), count=len(view.scores))
         if rank is not None else "—"),
        (t("change", lang), fmt_change(row["change"]) or "—"),
    ]  # fmt: skip
    return dbc.Row(
        [dbc.Col(dbc.Card(dbc.CardBody([html.Div(label, className="stat-label"),
                                        html.Div(value, className="stat-value")])),
                 xs=6, md=3)
         for label, value in stats],
        className="g-2",
    )  # fmt: skip


@callback(
    Output(HEADER, "children"),
    Output(SUMMARY, "children"),
    Output(BREAKDOWN_TITLE, "children"),
    Output(BREAKDOWN, "children"),
    Output(TREND_TITLE, "children"),
    Output(TREND_INDICATOR, "options"),
    Output(TREND_INDICATOR, "value"),
    Output(CHOOSER, "options"),
    Input(CODE, "data"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
    State(TREND_INDICATOR, "value"),
    State(ids.URL, "search"),
)
def update_county(code, year, month, lang, submitted, chosen, search):
    """Scorecard, breakdown and rank of one county for the period."""
    lang = lang_or_default(lang)
    period = parse_period(year, month)
    counties = queries.regions("county")
    chooser = [{"label": pick(r._asdict(), "name", lang), "value": r.code}
               for r in counties.itertuples()]  # fmt: skip
    if code not in set(counties.code):
        message = alert_message(
            t("county_unknown", lang, code=str(code)[:20]), "warning"
        )
        return message, None, "", None, "", [], None, chooser
    if period is None:
        message = alert_message(t("bad_period", lang), "warning")
        return message, None, "", None, "", [], None, chooser
    view = period_view(*period, rules(), data_mode(submitted))
    info = stamp()
    name = pick(counties.set_index("code").loc[code].to_dict(), "name", lang)
    header = page_header(t("county_title", lang, name=name), *period, lang,
                         is_demo=info.is_demo, updated=info.updated,
                         pending=view.includes_submitted)  # fmt: skip
    options = [{"label": pick(r._asdict(), "name", lang), "value": r.code}
               for r in view.indicators.itertuples()]  # fmt: skip
    chosen = (
        chosen if chosen in set(view.indicators.code) else view.indicators.code.iloc[0]
    )
    if not view.has_data:
        empty = alert_message(
            t("no_data_period", lang, period=f"{period[0]}-{period[1]}")
        )
        return (
            header,
            empty,
            t("why_score", lang),
            None,
            t("county_trend", lang),
            options,
            chosen,
            chooser,
        )
    rows = records(view.results[view.results.region == code])
    suffix = search or ""
    query = export_query(*period, lang, view.mode, region=code)
    table = html.Div([
        html.Div([table_download_links("results", query, lang),
                  html.A(t("download_zip", lang), href=f"/export/view.zip?page=county&{query}",
                         className="small view-zip")],
                 className="d-flex flex-wrap gap-3 mb-1"),
        breakdown_table(rows, lang,
                        lambda c: indicator_href(c, suffix)),
    ])  # fmt: skip
    return (
        header,
        _summary(view, code, lang),
        t("why_score", lang),
        table,
        t("county_trend", lang),
        options,
        chosen,
        chooser,
    )


@callback(
    Output(TREND, "figure"),
    Output(TREND_DOWNLOAD, "children"),
    Input(TREND_INDICATOR, "value"),
    Input(CODE, "data"),
    Input(ids.YEAR, "value"),
    Input(ids.DATA_MODE, "value"),
    State(ids.MONTH, "value"),
    State(ids.LANG, "value"),
    prevent_initial_call=True,
)
def update_county_trend(indicator, code, year, submitted, month, lang):
    """The county's monthly series against its target path and last year."""
    lang = lang_or_default(lang)
    period = parse_period(year, month) or parse_period(year, 12)
    if period is None or not indicator:
        return dash.no_update, dash.no_update
    mode = data_mode(submitted)
    try:
        figure = trend_chart(indicator, period[0], rules(), str(code), mode, lang)
    except KeyError:
        return dash.no_update, dash.no_update
    query = export_query(*period, lang, mode, region=code, indicator=indicator)
    menu = chart_download_menu("county-trend", query, lang,
                               can_render=chromium_path() is not None)  # fmt: skip
    return figure, menu


@callback(
    Output(REDIRECT, "href"),
    Input(CHOOSER, "value"),
    State(CODE, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def switch_county(chosen, current, search):
    """Choosing another county opens its page, keeping the period."""
    if not chosen or chosen == current:
        return dash.no_update
    return county_href(chosen, search)
