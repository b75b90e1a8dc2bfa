"""审核台 the office's review desk, URL ``/review`` (query: year, month, lang): the
submitted months, the longest waiting first; per indicator of one county the figure,
its increment, the month before, the same month last year, the flags and the
情况说明; approve or return it (per indicator), or approve every clean month at once;
and the month's data-quality overview with its export."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from components.cards import alert_message, page_header
from components.downloads import export_query, table_download_links
from components.panels import card, labelled, outcome_message
from components.quality import desk_table, overview_table, queue_options
from components.shell import frame, register_page
from i18n import period_label, pick, t
from pages._query import bumped, page_query
from services import actions, lookups, quality, reporting
from services.context import current_actor, page_context

SECTION = "nav_review"
QUERY = register_page(__name__, SECTION, path="/review", order=6, role="supervisor")

CHANGED = "review-changed"
QUEUE = "review-queue"
COUNTY = "review-county"
DESK = "review-desk"
REASON = "review-reason"
APPROVE = "review-approve"
RETURN = "review-return"
BULK = "review-bulk"
MESSAGE = "review-message"
OVERVIEW = "review-overview"
RETURN_ITEM = "review-return-item"


def return_item(code) -> dict:
    """One indicator's return reason on the desk (``code``, or ``dash.ALL``)."""
    return {"type": RETURN_ITEM, "code": code}


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    actor = current_actor()
    allowed = actor is not None and actor.is_supervisor
    export = export_query(*query.period, lang)
    body = html.Div([
        dcc.Store(id=CHANGED, data=0),
        page_header(t("review_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month),
        None if allowed else alert_message(t("review_office_only", lang), "info"),
        card(
            html.H2(t("review_queue_title", lang), className="section-title"),
            labelled(t("county", lang), dbc.Select(id=COUNTY, size="sm", className="mb-2")),
            html.Div(id=QUEUE),
            html.Div(id=DESK),
            dbc.Input(id=REASON, size="sm", maxLength=500, className="my-2",
                      placeholder=t("return_reason", lang)),
            html.Div([dbc.Button(t("approve", lang), id=APPROVE, color="success", size="sm"),
                      dbc.Button(t("return", lang), id=RETURN, color="danger", outline=True,
                                 size="sm"),
                      dbc.Button(t("bulk_approve", lang), id=BULK, color="success",
                                 outline=True, size="sm")], className="d-flex flex-wrap gap-2"),
            dcc.Loading(html.Div(id=MESSAGE), delay_show=200),
            className="mb-3",
        ),
        card(html.H2(t("review_overview_title", lang, period=period_label(*query.period, lang)),
                     className="section-title"),
             html.P(t("review_overview_hint", lang), className="small text-muted"),
             table_download_links("quality", export, lang),
             html.Div(id=OVERVIEW)),
    ])  # fmt: skip
    return frame(context, body, SECTION)


@callback(
    output={"options": Output(COUNTY, "options"), "value": Output(COUNTY, "value"),
            "queue": Output(QUEUE, "children"), "overview": Output(OVERVIEW, "children")},
    inputs={"stored": Input(QUERY, "data"), "_changed": Input(CHANGED, "data")},
    state={"chosen": State(COUNTY, "value")},
)  # fmt: skip
def show_queue(stored, _changed, chosen):
    """The months awaiting review, the longest waiting first (the desk opens on it),
    and the month's data-quality overview."""
    query = page_query(stored)
    lang = query.lang
    actor = current_actor()
    if actor is None or not actor.is_supervisor:  # the office's desk: nothing to others
        return {"options": [], "value": None, "queue": None, "overview": None}
    queue = quality.review_queue(*query.period)
    choices = queue_options(queue, lang)
    codes = [r.region for r in queue]
    value = chosen if chosen in codes else (codes[0] if codes else None)
    return {"options": choices, "value": value,
            "queue": None if queue else alert_message(t("review_none", lang), "success"),
            "overview": overview_table(quality.quality_overview(*query.period), lang)}  # fmt: skip


@callback(
    output={"desk": Output(DESK, "children")},
    inputs={"stored": Input(QUERY, "data"), "region": Input(COUNTY, "value"),
            "_changed": Input(CHANGED, "data")},
)  # fmt: skip
def show_desk(stored, region, _changed):
    """The chosen county's month, indicator by indicator."""
    query = page_query(stored)
    actor = current_actor()
    if not region or actor is None or not actor.is_supervisor:
        return {"desk": None}
    rows = quality.review_desk(region, *query.period)
    name = next((pick(r, "name", query.lang) for r in lookups.counties()
                 if r.code == region), region)  # fmt: skip
    title = t("review_desk_title", query.lang, name=name,
              period=period_label(*query.period, query.lang))  # fmt: skip
    return {"desk": html.Div([html.H3(title, className="h6 mt-2"),
                              desk_table(rows, query.lang, return_item)])}  # fmt: skip


@callback(
    output={"message": Output(MESSAGE, "children"),
            "changed": Output(CHANGED, "data", allow_duplicate=True)},
    inputs={"_approve": Input(APPROVE, "n_clicks"), "_return": Input(RETURN, "n_clicks"),
            "_bulk": Input(BULK, "n_clicks")},
    state={"region": State(COUNTY, "value"), "reason": State(REASON, "value"),
           "items": State(return_item(ALL), "value"), "item_ids": State(return_item(ALL), "id"),
           "stored": State(QUERY, "data"), "changed": State(CHANGED, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_review(
    _approve, _return, _bulk, region, reason, items, item_ids, stored, changed
):
    """Approve or return the chosen county's month (reasons per indicator), or approve
    every month without flags together."""
    query = page_query(stored)
    pressed, actor = dash.ctx.triggered_id, current_actor()
    if pressed == BULK:
        outcome = actions.approve_clean(actor, *query.period)
    else:
        action = "approve" if pressed == APPROVE else "return"
        typed = reporting.typed_items(item_ids, items) if action == "return" else None
        outcome = actions.change_month(
            actor, action, region, *query.period, reason, typed
        )
    bump = bumped(changed)
    return {
        "message": outcome_message(outcome, query.lang),
        "changed": bump if outcome.changed_data else dash.no_update,
    }
