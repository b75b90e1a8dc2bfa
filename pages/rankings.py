"""排名 rankings, URL ``/rankings`` (query: year, month, lang, data).

The ranking table (score, grade, rank, change ▲▼, per-indicator points) sortable by any
indicator, a score bar chart, and an indicator × county heatmap of completion against
time progress. The supervisory office publishes (freezes) a month's ranking here.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    dcc,
    html,
)

from components.cards import alert_message, page_header
from components.downloads import chart_download_menu, export_query, table_download_links
from components.links import county_href
from components.panels import card, chart_card, group_label, options, outcome_message
from components.publishing import publication_record, publish_controls
from components.shell import frame, register_page
from components.tables import ranking_pager, ranking_table
from domain.model import CITY, COUNTY, PROVINCE
from i18n import period_label, t
from pages._fair import fair_card
from pages._query import bumped, page_query
from presenters.bulletin import issue_files
from presenters.charts import gap_heatmap, score_bar
from presenters.exports import image_problem
from services.actions import publish_ranking, withdraw_ranking
from services.assessment import excerpt, period_view, sorted_scores
from services.cache import rendered_by_period
from services.context import current_actor, page_context, rules
from services.projection import projected_ranks
from services.publishing import publication, publication_events
from services.records import RegionRow

SECTION = "nav_rankings"
QUERY = register_page(__name__, SECTION, path="/rankings", order=2)

PUBLISH = "rankings-publish"  # the confirmation's 发布 button
PUBLISH_STATUS = "rankings-publish-status"
PUBLISH_MESSAGE = "rankings-publish-message"
PUBLISHING = {name: f"rankings-{name.replace('_', '-')}" for name in (
    "open", "withdraw_open", "publish_modal", "publish_reason", "publish_cancel",
    "withdraw_modal", "withdraw_reason", "withdraw", "withdraw_cancel")} | {
    "publish": PUBLISH, "status": PUBLISH_STATUS, "message": PUBLISH_MESSAGE}  # fmt: skip
REFRESH = "rankings-refresh"
SORT = "rankings-sort"
TABLE = "rankings-table"
BARS = "rankings-bars"
HEATMAP = "rankings-heatmap"
HEAT_LIST = "rankings-heat-list"
TOTAL = "total"


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    export = export_query(
        *query.period, lang, query.mode, scope=query.scope, units=query.units
    )
    sort_options = [{"label": t("total_score", lang), "value": TOTAL}]
    sort_options += options(context.indicators, lang)

    def menu(name):
        return chart_download_menu(name, export, lang, problem=image_problem())

    body = html.Div([
        dcc.Store(id=REFRESH, data=0),
        page_header(t(_unit_words(context.counties)[0], lang), *query.period, lang,
                    is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month, pending=query.submitted),
        publish_controls(lang, period_label(*query.period, lang), PUBLISHING),
        card(
            dbc.InputGroup([group_label(t("sort_by", lang), SORT),
                            dbc.Select(id=SORT, value=TOTAL, options=sort_options)],
                           size="sm", className="w-auto mb-2 sort-control"),
            html.Div([table_download_links("rankings", export, lang),
                      html.A(t("download_zip", lang), href=f"/export/view.zip?page=rankings&{export}",
                             className="small view-zip")],
                     className="d-flex flex-wrap gap-3 align-items-center mb-1"),
            dcc.Loading(html.Div(id=TABLE), delay_show=300),
            className="mb-3",
        ),
        fair_card(lang, context.scope.words(lang)["Unit"]),
        dbc.Row([
            dbc.Col(chart_card(t("score_bar", lang), BARS, menu("score-bar")), lg=4),
            dbc.Col(chart_card(t("heatmap_title", lang), HEATMAP, menu("gap-heatmap"),
                               note=t("heatmap_note", lang), min_width="680px",
                               phone=html.Div(id=HEAT_LIST, className="heat-list")), lg=8),
        ], className="g-3"),
    ])  # fmt: skip
    return frame(context, body, SECTION)


def _unit_words(units) -> tuple[str, str]:
    """(title key, column key) for ranking these units: counties, cities, provinces."""
    level = units[0].level if units else COUNTY
    if level in (CITY, PROVINCE):
        return f"rankings_title_{level}", f"unit_{level}"
    return "rankings_title", "county"


@callback(
    output={
        "table": Output(TABLE, "children"),
        "bars": Output(BARS, "figure"),
        "heatmap": Output(HEATMAP, "figure"),
    },
    inputs={
        "stored": Input(QUERY, "data"),
        "sort_key": Input(SORT, "value"),
        "_refresh": Input(REFRESH, "data"),
    },
)
@rendered_by_period
def show_rankings(stored, sort_key, _refresh):
    """Rank the counties for the period, ordered by the chosen column."""
    query = page_query(stored)
    lang = query.lang
    view = period_view(*query.period, rules(query.year), query.mode, query.view_scope)
    if not view.has_data:
        empty = t("no_data_period", lang, period=f"{query.year}-{query.month}")
        return {"table": alert_message(empty), "bars": {}, "heatmap": {}}
    published = publication(*query.period)
    part = excerpt(sorted_scores(view, sort_key), query.page)
    level = view.regions.level.iloc[-1] if len(view.regions) > 1 else COUNTY
    table = ranking_table(
        part.rows, view.indicator_rows(), view.county_cells([r.region for r in part.rows]),
        lang,
        lambda code: county_href(code, query.search), rules(query.year).near_tie_points,
        published.scores if published else None, (part.gap_at, part.left_out),
        _unit_words([RegionRow("", "", "", str(level))])[1],
        (projected_ranks(view, [r.region for r in part.rows])
         if query.month < 12 and not view.provisional else None),
    )  # fmt: skip
    shown = [row.region for row in excerpt(view.score_rows()).rows]
    return {
        "table": html.Div([table, ranking_pager(part, query.page_search, lang)]),
        "bars": score_bar(view, lang, shown),
        "heatmap": gap_heatmap(view, lang, shown),
    }


# On a phone the heatmap is a list per county, drawn in the browser from the figure
# (assets/heat.js): the answer carries the cells once; a wider screen draws it only if
# it narrows (the list's own id, to set it then).
clientside_callback(
    ClientsideFunction(namespace="kaohe", function_name="heatList"),
    Output(HEAT_LIST, "children"),
    Input(HEATMAP, "figure"),
    State(HEAT_LIST, "id"),
)

HIDDEN = {"display": "none"}


@callback(
    output={"status": Output(PUBLISH_STATUS, "children"),
            "publish": Output(PUBLISHING["open"], "style"),
            "withdraw": Output(PUBLISHING["withdraw_open"], "style")},
    inputs={"stored": Input(QUERY, "data"), "_refresh": Input(REFRESH, "data")},
)  # fmt: skip
def show_publication(stored, _refresh):
    """Whether the month's ranking is published, by which office, any withdrawals;
    the office may publish it or withdraw it."""
    query = page_query(stored)
    published = publication(*query.period)
    actor = current_actor()
    office = actor is not None and actor.is_supervisor
    return {"status": publication_record(published, publication_events(*query.period),
                                         query.lang),
            "publish": {} if office and published is None else HIDDEN,
            "withdraw": {} if office and published is not None else HIDDEN}  # fmt: skip


@callback(
    output={"publish": Output(PUBLISHING["publish_modal"], "is_open"),
            "withdraw": Output(PUBLISHING["withdraw_modal"], "is_open")},
    inputs={name: Input(PUBLISHING[name], "n_clicks") for name in (
        "open", "publish_cancel", "withdraw_open", "withdraw_cancel")},
    prevent_initial_call=True,
)  # fmt: skip
def ask_first(**_clicks):
    """Publishing and withdrawing ask first (a confirmation with its reason)."""
    pressed = dash.ctx.triggered_id
    return {
        "publish": pressed == PUBLISHING["open"],
        "withdraw": pressed == PUBLISHING["withdraw_open"],
    }


@callback(
    output={"message": Output(PUBLISH_MESSAGE, "children"),
            "refresh": Output(REFRESH, "data"),
            "closed": Output(PUBLISHING["publish_modal"], "is_open", allow_duplicate=True),
            "closed_too": Output(PUBLISHING["withdraw_modal"], "is_open",
                                 allow_duplicate=True)},
    inputs={"_publish": Input(PUBLISH, "n_clicks"),
            "_withdraw": Input(PUBLISHING["withdraw"], "n_clicks")},
    state={"stored": State(QUERY, "data"), "refresh": State(REFRESH, "data"),
           "reason": State(PUBLISHING["publish_reason"], "value"),
           "withdraw_reason": State(PUBLISHING["withdraw_reason"], "value")},
    prevent_initial_call=True,
)  # fmt: skip
def on_publish(_publish, _withdraw, stored, refresh, reason, withdraw_reason):
    """Freeze this month's ranking and issue its bulletin, or withdraw it (the
    office; the data layer checks)."""
    query = page_query(stored)
    if dash.ctx.triggered_id == PUBLISHING["withdraw"]:
        outcome = withdraw_ranking(current_actor(), *query.period, withdraw_reason)
    else:
        outcome = publish_ranking(current_actor(), *query.period, reason, issue_files)
    bump = bumped(refresh)
    return {"message": outcome_message(outcome, query.lang),
            "refresh": bump if outcome.ok else dash.no_update,
            "closed": False, "closed_too": False}  # fmt: skip
