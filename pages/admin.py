"""账号管理 accounts, URL ``/admin`` (role admin; query: lang).

Create accounts (role and county), reset a password (the temporary one is shown once;
its user must choose their own at the next sign-in), disable or enable an account
(disabling ends its sessions at once), and read the audit trail of who did what.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html

from components.cards import alert_message
from components.panels import card, labelled, options, outcome_message
from components.shell import frame, register_page
from components.tables import account_events, account_table
from i18n import pick, t
from pages._query import bumped, page_query
from services import admin, lookups, supervision
from services.context import current_actor, page_context

SECTION = "nav_admin"
QUERY = register_page(__name__, SECTION, path="/admin", order=8, role="admin")

REFRESH = "admin-refresh"
USERNAME = "admin-username"
DISPLAY_NAME = "admin-display-name"
ROLE = "admin-role"
COUNTY = "admin-county"
DEPARTMENT = "admin-department"
MAX_OPTIONS = 200
CREATE = "admin-create"
CREATE_MESSAGE = "admin-create-message"
ACCOUNTS = "admin-accounts"
CHOSEN = "admin-chosen"
RESET = "admin-reset"
DISABLE = "admin-disable"
ENABLE = "admin-enable"
ACTION_MESSAGE = "admin-action-message"
EVENTS = "admin-events"


def _field(label: str, control) -> html.Div:
    """A labelled control: the label wraps it (screen readers name it by the label)."""
    return html.Div(
        html.Label(
            [html.Span(label, className="small d-block mb-1"), control],
            className="d-block",
        ),
        className="mb-2",
    )


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    lang = context.query.lang
    allowed = context.user is not None and context.user.role == "admin"
    roles = [{"label": t(f"role_{r}", lang), "value": r} for r in admin.roles()]
    counties = options(lookups.counties(), lang)
    departments = [{"label": pick(d, "name", lang), "value": d.name_zh}
                   for d in supervision.departments()]  # fmt: skip
    # A select of a city's counties; beyond a few hundred (the country), the code typed,
    # which the account service checks like any other.
    county = (dbc.Select(id=COUNTY, options=counties, value=counties[0]["value"])
              if 0 < len(counties) <= MAX_OPTIONS else
              dbc.Input(id=COUNTY, maxLength=12, placeholder=t("admin_county_code", lang)))  # fmt: skip
    body = html.Div([
        dcc.Store(id=REFRESH, data=0),
        html.H1(t("admin_title", lang), className="page-title"),
        None if allowed else alert_message(t("err_admin_only", lang), "warning"),
        html.Div([dbc.Row([
            dbc.Col(card(
                html.H2(t("admin_new", lang), className="section-title"),
                _field(t("admin_username", lang), dbc.Input(id=USERNAME, maxLength=64)),
                _field(t("admin_display_name", lang), dbc.Input(id=DISPLAY_NAME, maxLength=64)),
                _field(t("admin_role", lang), dbc.Select(id=ROLE, options=roles, value="county")),
                _field(t("admin_county", lang), county),
                _field(t("admin_department", lang),
                       dbc.Select(id=DEPARTMENT, options=departments, value=departments[0]["value"]
                                  if departments else None)),
                dbc.Button(t("admin_create", lang), id=CREATE, color="primary"),
                html.Div(id=CREATE_MESSAGE, className="mt-2"),
            ), lg=4),
            dbc.Col(card(
                html.H2(t("admin_accounts", lang), className="section-title"),
                html.Div([labelled(t("admin_username", lang),
                                   dbc.Select(id=CHOSEN, size="sm", className="w-auto")),
                          dbc.Button(t("admin_reset", lang), id=RESET, size="sm",
                                     color="warning"),
                          dbc.Button(t("admin_disable", lang), id=DISABLE, size="sm",
                                     color="danger", outline=True),
                          dbc.Button(t("admin_enable", lang), id=ENABLE, size="sm",
                                     color="success", outline=True)],
                         className="d-flex flex-wrap gap-2 mb-2"),
                html.Div(id=ACTION_MESSAGE),
                html.Div(id=ACCOUNTS, className="table-responsive"),
            ), lg=8),
        ], className="g-3 mb-3"),
            card(html.H2(t("admin_events", lang), className="section-title"),
                 html.Div(id=EVENTS, className="table-responsive"))],
            style={} if allowed else {"display": "none"}),
    ])  # fmt: skip
    return frame(context, body, SECTION)


@callback(
    output={"accounts": Output(ACCOUNTS, "children"), "chosen": Output(CHOSEN, "options"),
            "events": Output(EVENTS, "children")},
    inputs={"stored": Input(QUERY, "data"), "_refresh": Input(REFRESH, "data")},
)  # fmt: skip
def show_accounts(stored, _refresh):
    """Every account and the audit trail (admins only)."""
    query = page_query(stored)
    actor = current_actor()
    if actor is None or not actor.is_admin:
        raise dash.exceptions.PreventUpdate
    rows = admin.accounts()
    # An option cannot mark its language: an English page names accounts by username.
    options = [{"label": a.username if query.lang == "en" else f"{a.username} · {a.display_name}",
                "value": a.username} for a in rows]  # fmt: skip
    return {"accounts": account_table(rows, query.lang), "chosen": options,
            "events": account_events(admin.events(), query.lang)}  # fmt: skip


@callback(
    output={"message": Output(CREATE_MESSAGE, "children"),
            "refresh": Output(REFRESH, "data", allow_duplicate=True)},
    inputs={"_clicks": Input(CREATE, "n_clicks")},
    state={"username": State(USERNAME, "value"), "name": State(DISPLAY_NAME, "value"),
           "role": State(ROLE, "value"), "county": State(COUNTY, "value"),
           "department": State(DEPARTMENT, "value"),
           "stored": State(QUERY, "data"), "refresh": State(REFRESH, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_create(_clicks, username, name, role, county, department, stored, refresh):
    """Create the account; its temporary password is shown here, once."""
    query = page_query(stored)
    region = county if role == "county" else None
    unit = department if role == "department" else None
    outcome = admin.create_account(current_actor(), username, role, region, name, unit)
    return {"message": outcome_message(outcome, query.lang),
            "refresh": bumped(refresh) if outcome.ok else dash.no_update}  # fmt: skip


@callback(
    output={"message": Output(ACTION_MESSAGE, "children"),
            "refresh": Output(REFRESH, "data", allow_duplicate=True)},
    inputs={"_reset": Input(RESET, "n_clicks"), "_disable": Input(DISABLE, "n_clicks"),
            "_enable": Input(ENABLE, "n_clicks")},
    state={"chosen": State(CHOSEN, "value"), "stored": State(QUERY, "data"),
           "refresh": State(REFRESH, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_account_action(_reset, _disable, _enable, chosen, stored, refresh):
    """Reset the chosen account's password, or disable or enable it."""
    query = page_query(stored)
    if ctx.triggered_id == RESET:
        outcome = admin.reset_password(current_actor(), chosen)
    else:
        outcome = admin.set_active(current_actor(), chosen, ctx.triggered_id == ENABLE)
    return {"message": outcome_message(outcome, query.lang),
            "refresh": bumped(refresh) if outcome.ok else dash.no_update}  # fmt: skip
