"""督查督办 follow-up items, URL ``/supervision`` (query: year, month, lang).

The office's list of every item (the overdue first, each with its light, state, due
date and, for an automatic item, the indicator's gap then and now) and its form to
assign a new one; a county or a department sees its own items, a leader all.
"""

from __future__ import annotations

from datetime import date, timedelta

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, page_header
from components.panels import card, outcome_message
from components.shell import frame, register_page
from components.supervision import field, item_list, item_summary
from i18n import pick, t
from pages._query import bumped, page_query
from services import lookups, supervision
from services.context import current_actor, page_context

SECTION = "nav_supervision"
QUERY = register_page(__name__, SECTION, path="/supervision", order=5,
                      role=("supervisor", "leader", "county", "department"))  # fmt: skip

CHANGED = "sup-changed"
FILTER = "sup-filter"
LIST = "sup-list"
SUMMARY = "sup-summary"
TITLE = "sup-new-title"
PARTY = "sup-new-party"
DUE = "sup-new-due"
EXPECTED = "sup-new-expected"
ASSIGN = "sup-assign"
MESSAGE = "sup-message"
RULE_ALERT = ids.SUP_RULE_ALERT
RULE_MONTHS = "sup-rule-months"
RULE_DAYS = "sup-rule-days"
RULE_SAVE = "sup-rule-save"
RULE_MESSAGE = "sup-rule-message"


def _new_item_form(lang: str) -> html.Details:
    """The office's form: the matter, the responsible county or department, the due
    date and what is expected."""
    parties = [{"label": t("sup_party_region", lang, name=pick(r, "name", lang)),
                "value": f"region:{r.code}"} for r in lookups.counties()] + [
               {"label": t("sup_party_department", lang, name=pick(d, "name", lang)),
                "value": f"department:{d.name_zh}"} for d in supervision.departments()]  # fmt: skip
    due = (date.today() + timedelta(days=15)).isoformat()
    form = card(
        dbc.Row([
            dbc.Col(field(t("sup_field_title", lang),
                          dbc.Input(id=TITLE, maxLength=200, size="sm")), md=6),
            dbc.Col(field(t("sup_field_party", lang),
                          dbc.Select(id=PARTY, options=parties, size="sm")), md=3),
            dbc.Col(field(t("sup_field_due", lang),
                          dbc.Input(id=DUE, type="date", value=due, size="sm")), md=3),
        ], className="g-2"),
        field(t("sup_field_expected", lang),
              dbc.Textarea(id=EXPECTED, maxLength=500, rows=2, className="form-control-sm")),
        dbc.Button(t("sup_assign", lang), id=ASSIGN, color="primary", size="sm",
                   className="mt-2"),
        dcc.Loading(html.Div(id=MESSAGE, className="mt-2"), delay_show=200),
        className="mb-3 new-item-form",
    )  # fmt: skip
    return html.Details([html.Summary(t("sup_new", lang),
                                      className="btn btn-sm btn-outline-primary mb-2"), form],
                        className="new-item")  # fmt: skip


def _rule_form(lang: str) -> html.Details:
    """The office's opening rule: on 预警, after N months 滞后, due in D days."""
    rule, days = supervision.opening_rule()
    form = card(
        dbc.Checkbox(id=RULE_ALERT, value=rule.on_alert, label=t("rule_on_alert", lang),
                     className="small mb-2"),
        dbc.Row([
            dbc.Col(field(t("rule_months", lang),
                          dbc.Input(id=RULE_MONTHS, type="number", min=0, max=12, step=1,
                                    value=rule.lagging_months, size="sm")), md=4),
            dbc.Col(field(t("rule_days", lang),
                          dbc.Input(id=RULE_DAYS, type="number", min=1, max=90, step=1,
                                    value=days, size="sm")), md=4),
        ], className="g-2"),
        dbc.Button(t("rule_save", lang), id=RULE_SAVE, size="sm", color="secondary",
                   className="mt-2"),
        html.Div(id=RULE_MESSAGE, className="mt-2"),
        className="mb-3 rule-form",
    )  # fmt: skip
    return html.Details([html.Summary(t("rule_title", lang),
                                      className="btn btn-sm btn-outline-secondary mb-2"), form],
                        className="rule")  # fmt: skip


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    actor = current_actor()
    filters = [{"label": t("sup_filter_open", lang), "value": "open"},
               {"label": t("sup_filter_all", lang), "value": "all"}]  # fmt: skip
    body = html.Div([
        dcc.Store(id=CHANGED, data=0),
        page_header(t("sup_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month),
        html.P(t("sup_intro", lang), className="small text-muted"),
        None if actor is not None else alert_message(t("login_needed", lang), "info"),
        # The office's tools; in every layout (Dash checks callbacks against it), shown
        # to the office only (the data layer refuses anyone else's writes anyway).
        html.Div([html.Div(dcc.Link(t("nav_delivery", lang) + " →",
                                    href="/supervision/delivery" + query.search,
                                    className="small delivery-link"), className="mb-2"),
                  _new_item_form(lang), _rule_form(lang)],
                 className="d-flex flex-column office-tools",
                 hidden=not (actor is not None and actor.is_supervisor)),
        card(
            html.Div([html.Span(id=SUMMARY, className="small fw-bold"),
                      dbc.RadioItems(id=FILTER, options=filters, value="open", inline=True,
                                     className="small")],
                     className="d-flex flex-wrap justify-content-between gap-2 mb-2"),
            html.Div(id=LIST),
        ),
    ])  # fmt: skip
    return frame(context, body, SECTION)


@callback(
    output={"items": Output(LIST, "children"), "summary": Output(SUMMARY, "children")},
    inputs={"stored": Input(QUERY, "data"), "which": Input(FILTER, "value"),
            "_changed": Input(CHANGED, "data")},
)  # fmt: skip
def show_items(stored, which, _changed):
    """The items the signed-in user may see (the data layer scopes them)."""
    query = page_query(stored)
    actor = current_actor()
    if actor is None:
        return {"items": None, "summary": None}
    items = supervision.items_of(
        actor, date.today(), query.period, open_only=which == "open"
    )
    return {
        "items": item_list(items, query.lang, query.search),
        "summary": item_summary(items, query.lang),  # it counts the open ones
    }


@callback(
    output={"message": Output(MESSAGE, "children"),
            "changed": Output(CHANGED, "data", allow_duplicate=True)},
    inputs={"_assign": Input(ASSIGN, "n_clicks")},
    state={"title": State(TITLE, "value"), "party": State(PARTY, "value"),
           "due": State(DUE, "value"), "expected": State(EXPECTED, "value"),
           "stored": State(QUERY, "data"), "changed": State(CHANGED, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_assign(_assign, title, party, due, expected, stored, changed):
    """交办: the data layer refuses anyone but the office."""
    query = page_query(stored)
    outcome = supervision.open_item(current_actor(), title, expected, due, party)
    bump = bumped(changed)
    return {
        "message": outcome_message(outcome, query.lang),
        "changed": bump if outcome.ok else dash.no_update,
    }


@callback(
    output={"message": Output(RULE_MESSAGE, "children")},
    inputs={"_save": Input(RULE_SAVE, "n_clicks")},
    state={"on_alert": State(RULE_ALERT, "value"), "months": State(RULE_MONTHS, "value"),
           "days": State(RULE_DAYS, "value"), "stored": State(QUERY, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_rule(_save, on_alert, months, days, stored):
    """Save the opening rule (the office only: the data layer checks)."""
    query = page_query(stored)
    outcome = supervision.save_rule(current_actor(), on_alert, months, days)
    return {"message": outcome_message(outcome, query.lang)}
