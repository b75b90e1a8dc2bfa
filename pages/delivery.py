"""消息推送 delivery, URL ``/supervision/delivery`` (the office; query: year, month,
lang): where each county's, department's and the office's messages go (e-mail, WeCom
or DingTalk robots), "send now" for the month shown (a month not published only when
the office ticks so), and the delivery log with its failures."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, page_header
from components.panels import card, outcome_message
from components.shell import frame, register_page
from components.supervision import channel_list, delivery_log, field
from i18n import pick, t
from pages._query import bumped, page_query
from presenters.bulletin import delivery_pdf
from services import delivery as admin
from services import lookups, supervision
from services.context import current_actor, page_context

SECTION = "nav_supervision"
QUERY = register_page(__name__, SECTION, listed=False, path="/supervision/delivery")
STORE = QUERY.removesuffix("-query")

CHANGED = "dlv-changed"
AUDIENCE = "dlv-audience"
CHANNEL = "dlv-channel"
ADDRESS = "dlv-address"
SECRET = "dlv-secret"
ADD = "dlv-add"
SEND = "dlv-send"
FORCE = ids.DLV_FORCE
MESSAGE = "dlv-message"
CHANNELS = "dlv-channels"
LOG = "dlv-log"


def _audiences(lang: str) -> list[dict]:
    return ([{"label": t("dlv_office", lang), "value": "office:"}]
            + [{"label": t("sup_party_region", lang, name=pick(r, "name", lang)),
                "value": f"region:{r.code}"} for r in lookups.counties()]
            + [{"label": t("sup_party_department", lang, name=pick(d, "name", lang)),
                "value": f"department:{d.name_zh}"} for d in supervision.departments()])  # fmt: skip


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    actor = current_actor()
    office = actor is not None and actor.is_supervisor
    kinds = [{"label": t(f"channel_{c}", lang), "value": c}
             for c in ("email", "wecom", "dingtalk")]  # fmt: skip
    body = html.Div([
        dcc.Store(id=CHANGED, data=0),
        page_header(t("dlv_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month),
        dcc.Link(t("item_back", lang), href="/supervision" + query.search, className="small"),
        None if office else alert_message(t("dlv_office_only", lang), "info"),
        html.Div([
        html.P(t("dlv_intro", lang), className="small text-muted mt-2"),
        card(
            html.Div([dbc.Button(t("dlv_send_now", lang), id=SEND, color="primary", size="sm"),
                      dbc.Checkbox(id=FORCE, value=False, label=t("dlv_force", lang),
                                   className="small")],
                     className="d-flex flex-wrap align-items-center gap-3"),
            dcc.Loading(html.Div(id=MESSAGE, className="mt-2"), delay_show=200),
            className="mb-3",
        ),
        card(
            html.H2(t("dlv_channels", lang), className="section-title"),
            html.Div(id=CHANNELS),
            dbc.Row([
                dbc.Col(field(t("dlv_field_audience", lang),
                              dbc.Select(id=AUDIENCE, options=_audiences(lang), value="office:",
                                         size="sm")), md=3),
                dbc.Col(field(t("dlv_field_channel", lang),
                              dbc.Select(id=CHANNEL, options=kinds, value="email", size="sm")),
                        md=2),
                dbc.Col(field(t("dlv_field_address", lang),
                              dbc.Input(id=ADDRESS, maxLength=512, size="sm")), md=4),
                dbc.Col(field(t("dlv_field_secret", lang),
                              dbc.Input(id=SECRET, maxLength=256, size="sm", type="password")),
                        md=3),
            ], className="g-2 mt-2"),
            dbc.Button(t("dlv_add", lang), id=ADD, size="sm", color="secondary",
                       className="mt-2"),
            className="mb-3",
        ),
        card(html.H2(t("dlv_log", lang), className="section-title"), html.Div(id=LOG)),
        ], hidden=not office),  # in every layout (Dash checks callbacks against it)
    ])  # fmt: skip
    return frame(context, body, SECTION, store=STORE)


@callback(
    output={"channels": Output(CHANNELS, "children"), "log": Output(LOG, "children")},
    inputs={"stored": Input(QUERY, "data"), "_changed": Input(CHANGED, "data")},
)  # fmt: skip
def show_delivery(stored, _changed):
    """The channels and the log, to the office only."""
    query = page_query(stored)
    actor = current_actor()
    if actor is None or not actor.is_supervisor:
        return {"channels": None, "log": None}
    return {
        "channels": channel_list(admin.channels(), query.lang),
        "log": delivery_log(admin.log_rows(), query.lang),
    }


@callback(
    output={"message": Output(MESSAGE, "children"),
            "changed": Output(CHANGED, "data", allow_duplicate=True)},
    inputs={"_add": Input(ADD, "n_clicks"), "_send": Input(SEND, "n_clicks")},
    state={"audience": State(AUDIENCE, "value"), "channel": State(CHANNEL, "value"),
           "address": State(ADDRESS, "value"), "secret": State(SECRET, "value"),
           "force": State(FORCE, "value"), "stored": State(QUERY, "data"),
           "changed": State(CHANGED, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_delivery(
    _add, _send, audience, channel, address, secret, force, stored, changed
):
    """Add a channel, or send the month's messages now."""
    query = page_query(stored)
    actor = current_actor()
    if dash.ctx.triggered_id == ADD:
        outcome = admin.add_channel(actor, audience, channel, address, secret)
    else:
        outcome = admin.send_now(
            actor, *query.period, force is True, pdf_of=delivery_pdf
        )
    bump = bumped(changed)
    return {"message": outcome_message(outcome, query.lang), "changed": bump}
