"""排名 rankings, URL ``/rankings`` (query: year, month, lang).

The ranking table (score, grade, rank, change ▲▼, per-indicator points) sortable by any
indicator, a score bar chart, and an indicator × county heatmap of completion against
time progress.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, page_header
from components.downloads import chart_download_menu, export_query, table_download_links
from components.figures import CHART_CONFIG
from components.links import county_href
from components.tables import ranking_table
from data_access.accounts import AccessDenied
from data_access.engine import DatabaseUnavailable
from data_access.rows import records
from data_access.writes import WriteRefused
from i18n import lang_or_default, period_label, pick, t
from server.auth import current_actor
from services.assessment import period_view
from services.charts import gap_heatmap, score_bar
from services.context import data_mode, parse_period, rules, stamp
from services.exports import chromium_path
from services.publishing import publication, publish

dash.register_page(
    __name__, path="/rankings", order=2, nav_label="nav_rankings", title="排名"
)

HEADER = "rankings-header"
PUBLISH = "rankings-publish"
PUBLISH_STATUS = "rankings-publish-status"
PUBLISH_MESSAGE = "rankings-publish-message"
REFRESH = "rankings-refresh"
SORT = "rankings-sort"
SORT_LABEL = "rankings-sort-label"
TABLE = "rankings-table"
BARS_TITLE = "rankings-bars-title"
BARS = "rankings-bars"
HEATMAP_TITLE = "rankings-heatmap-title"
HEATMAP_NOTE = "rankings-heatmap-note"
HEATMAP = "rankings-heatmap"
BARS_DOWNLOAD = "rankings-bars-download"
HEATMAP_DOWNLOAD = "rankings-heatmap-download"
TABLE_DOWNLOAD = "rankings-table-download"
TOTAL = "total"


def layout(**_query):
    return html.Div(
        [
            dcc.Store(id=REFRESH, data=0),
            html.Div(id=HEADER),
            html.Div(
                [html.Span(id=PUBLISH_STATUS, className="small me-2"),
                 dbc.Button(id=PUBLISH, color="danger", size="sm", outline=True)],
                className="d-flex flex-wrap align-items-center gap-2 mb-2",
            ),
            html.Div(id=PUBLISH_MESSAGE),
            dbc.Card(dbc.CardBody([
                dbc.InputGroup([dbc.InputGroupText(id=SORT_LABEL),
                                dbc.Select(id=SORT, value=TOTAL)],
                               size="sm", className="w-auto mb-2 sort-control"),
                html.Div(id=TABLE_DOWNLOAD, className="mb-1"),
                dcc.Loading(html.Div(id=TABLE), delay_show=300),
            ]), className="mb-3"),
            dbc.Row([
                dbc.Col(dbc.Card(dbc.CardBody([
                    html.Div([html.H2(id=BARS_TITLE, className="section-title me-auto"),
                              html.Div(id=BARS_DOWNLOAD)], className="d-flex gap-2"),
                    dcc.Graph(id=BARS, config=CHART_CONFIG)])), lg=4),
                dbc.Col(dbc.Card(dbc.CardBody([
                    html.Div([html.H2(id=HEATMAP_TITLE, className="section-title me-auto"),
                              html.Div(id=HEATMAP_DOWNLOAD)], className="d-flex gap-2"),
                    html.P(id=HEATMAP_NOTE, className="text-muted small"),
                    html.Div(dcc.Graph(id=HEATMAP, config=CHART_CONFIG, style={"minWidth": "680px"}),
                             className="scroll-x")])), lg=8),
            ], className="g-3"),
        ]
    )  # fmt: skip


def sort_scores(view, key: str):
    """Counties ordered by total score or by one indicator's points (best first)."""
    scores = view.scores
    if key == TOTAL or key not in set(view.indicators.code):
        return scores
    points = view.results[view.results.code == key].set_index("region")["points"]
    ordered = scores.assign(_key=scores.region.map(points).fillna(-1))
    return ordered.sort_values(["_key", "total"], ascending=False).drop(columns="_key")


@callback(
    Output(HEADER, "children"),
    Output(SORT_LABEL, "children"),
    Output(SORT, "options"),
    Output(TABLE, "children"),
    Output(BARS_TITLE, "children"),
    Output(BARS, "figure"),
    Output(HEATMAP_TITLE, "children"),
    Output(HEATMAP_NOTE, "children"),
    Output(HEATMAP, "figure"),
    Output(PUBLISH_STATUS, "children"),
    Output(PUBLISH, "children"),
    Output(PUBLISH, "style"),
    Output(BARS_DOWNLOAD, "children"),
    Output(HEATMAP_DOWNLOAD, "children"),
    Output(TABLE_DOWNLOAD, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
    Input(SORT, "value"),
    Input(REFRESH, "data"),
    State(ids.URL, "search"),
)
def update_rankings(year, month, lang, submitted, sort_key, _refresh, search):
    """Rank the counties for the period, ordered by the chosen column."""
    lang = lang_or_default(lang)
    period = parse_period(year, month)
    if period is None:
        message = alert_message(t("bad_period", lang), "warning")
        hidden = {"display": "none"}
        return (
            message,
            "",
            [],
            None,
            "",
            {},
            "",
            "",
            {},
            "",
            "",
            hidden,
            None,
            None,
            None,
        )
    the_rules = rules()
    view = period_view(*period, the_rules, data_mode(submitted))
    info = stamp()
    header = page_header(t("rankings_title", lang), *period, lang,
                         is_demo=info.is_demo, updated=info.updated,
                         pending=view.includes_submitted)  # fmt: skip
    sort_options = [{"label": t("total_score", lang), "value": TOTAL}] + [
        {"label": pick(r._asdict(), "name", lang), "value": r.code}
        for r in view.indicators.itertuples()
    ]
    if not view.has_data:
        empty = alert_message(
            t("no_data_period", lang, period=f"{period[0]}-{period[1]}")
        )
        hidden = {"display": "none"}
        return (header, t("sort_by", lang), sort_options, empty, "", {}, "", "", {}, "", "",
                hidden, None, None, None)  # fmt: skip
    suffix = search or ""
    published = publication(*period)
    actor = current_actor()
    can_publish = actor is not None and actor.is_supervisor and published is None
    if published:
        status = t("published_on", lang, who=published.published_by,
                   when=published.published_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    else:
        status = t("not_published", lang)
    ordered = sort_scores(view, sort_key or TOTAL)
    query = export_query(*period, lang, view.mode)
    can_render = chromium_path() is not None
    results = view.results[view.results.region.isin(view.counties)]
    cells = {(r["region"], r["code"]): r for r in records(results)}
    columns = records(view.indicators)
    table = ranking_table(
        records(ordered), columns, cells, lang,
        lambda code: county_href(code, suffix),
        the_rules.near_tie_points,
        published.scores if published else None,
    )  # fmt: skip
    bars = score_bar(view, lang)
    heatmap = gap_heatmap(view, lang)
    return (
        header,
        t("sort_by", lang),
        sort_options,
        table,
        t("score_bar", lang),
        bars,
        t("heatmap_title", lang),
        t("heatmap_note", lang),
        heatmap,
        status,
        t("publish", lang),
        {} if can_publish else {"display": "none"},
        chart_download_menu("score-bar", query, lang, can_render=can_render),
        chart_download_menu("gap-heatmap", query, lang, can_render=can_render),
        html.Div(
            [
                table_download_links("rankings", query, lang),
                html.A(
                    t("download_zip", lang),
                    href=f"/export/view.zip?page=rankings&{query}",
                    className="small view-zip",
                ),
            ],
            className="d-flex flex-wrap gap-3 align-items-center",
        ),
    )


@callback(
    Output(PUBLISH_MESSAGE, "children"),
    Output(REFRESH, "data"),
    Input(PUBLISH, "n_clicks"),
    State(ids.YEAR, "value"),
    State(ids.MONTH, "value"),
    State(ids.LANG, "value"),
    State(REFRESH, "data"),
    prevent_initial_call=True,
)
def on_publish(_clicks, year, month, lang, refresh):
    """Freeze this month's ranking (supervisory office; the data layer checks)."""
    lang = lang_or_default(lang)
    actor = current_actor()
    period = parse_period(year, month)
    if actor is None:
        return alert_message(t("login_needed", lang), "warning"), dash.no_update
    if period is None:
        return alert_message(t("bad_period", lang), "warning"), dash.no_update
    try:
        publish(actor, *period, rules())
    except (AccessDenied, WriteRefused, DatabaseUnavailable) as refused:
        return alert_message(
            t("error_prefix", lang) + str(refused), "danger"
        ), dash.no_update
    bump = (refresh or 0) + 1 if isinstance(refresh, int) else 1
    done = t("published_ok", lang, period=period_label(*period, lang))
    return alert_message(done, "success"), bump
