"""One 督办 item, URL ``/supervision/item/<item_id>`` (query: year, month, lang).

What was asked, of whom and by when (its light), the indicator's gap when the item
was opened and now (an automatic item), every step with who, when, the note and the
attachments, and the steps the reader may take next: the county or department signs
for it, works on it and reports back; the office reviews, returns, closes or urges.
"""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from components.cards import alert_message, status_badge
from components.panels import card, outcome_message
from components.shell import frame, register_page
from components.supervision import field, gap_text, light_badge, state_badge, step_list
from components.text import as_written
from domain.supervision import TRANSITIONS, ItemAction
from i18n import Refusal, t
from pages._query import bumped, page_query
from services import supervision
from services.actions import decode_upload
from services.context import current_actor, page_context

SECTION = "nav_supervision"
QUERY = register_page(__name__, SECTION, listed=False,
                      path_template="/supervision/item/<item_id>")  # fmt: skip
STORE = QUERY.removesuffix("-query")

ITEM = "item-id"
CHANGED = "item-changed"
DETAIL = "item-detail"
NOTE = "item-note"
FILES = "item-files"
FILE_NAMES = "item-file-names"
MESSAGE = "item-message"
ACTION = "item-action"


def action_id(action) -> dict:
    return {"type": ACTION, "action": action}


def layout(
    item_id: str | None = None, year=None, month=None, lang=None, data=None, **_
):
    context = page_context(year, month, lang, data, **_)
    lang = context.query.lang
    body = html.Div([
        dcc.Store(id=ITEM, data=str(item_id or "")[:12]),
        dcc.Store(id=CHANGED, data=0),
        dcc.Link(t("item_back", lang), href="/supervision" + context.query.search,
                 className="small"),
        html.Div(id=DETAIL, className="mt-2"),
        card(
            html.H2(t("item_next", lang), className="section-title"),
            field(t("item_note", lang),
                     dbc.Textarea(id=NOTE, maxLength=500, rows=3, className="form-control-sm")),
            dcc.Upload(html.Div(t("item_files", lang), className="upload-target small"),
                       id=FILES, multiple=True, max_size=2 * 1024 * 1024,
                       className="item-upload my-2"),
            html.Div(id=FILE_NAMES, className="small text-muted"),
            html.Div(id=f"{ACTION}-buttons", className="d-flex flex-wrap gap-2 mt-2"),
            dcc.Loading(html.Div(id=MESSAGE, className="mt-2"), delay_show=200),
            className="mt-3 item-actions",
        ),
    ])  # fmt: skip
    return frame(context, body, SECTION, store=STORE)


def _buttons(actor, item, lang: str) -> list:
    """The steps the reader may take on the item in its state (the data layer checks
    again: a forged button changes nothing)."""
    party = supervision.party_of(actor, item.region, item.department)
    allowed = [a for a, (who, starts, _) in TRANSITIONS.items()
               if who == party and item.state in starts]  # fmt: skip
    if not allowed:
        return [html.Span(t("item_no_action", lang), className="small text-muted")]
    colour = {ItemAction.RETURN: "danger", ItemAction.URGE: "warning",
              ItemAction.CLOSE: "success"}  # fmt: skip
    return [dbc.Button(t(f"iaction_{a.value}", lang), id=action_id(a.value), size="sm",
                       color=colour.get(a, "primary"), outline=a == ItemAction.URGE)
            for a in allowed]  # fmt: skip


def _detail(item, steps, lang: str) -> html.Div:
    opened = (t("item_opened_auto", lang, month=item.month) if item.trigger
              else t("item_opened_by", lang, by="", at=f"{item.opened_at:%Y-%m-%d}"))  # fmt: skip
    closed = item.closure and t("item_closed_as", lang,
                                closure=t(f"iclosure_{item.closure}", lang))  # fmt: skip
    change = item.gap_closed
    moved = None
    if change is not None and abs(change) >= 0.05:
        key = "item_gap_closed" if change > 0 else "item_gap_widened"
        moved = t(key, lang, value=f"{abs(change):.1f}")
    return card(
        html.Div([light_badge(item.light.value, lang), state_badge(item.state.value, lang)],
                 className="d-flex gap-1 mb-1"),
        html.H1(as_written(item.title_in(lang), lang), className="page-title item-title"),
        html.Div([t("item_title", lang, id=item.id), " · ", opened], className="small text-muted"),
        html.Dl([
            html.Dt(t("sup_field_party", lang)),
            html.Dd(item.party_en if lang == "en" else item.party_zh),
            html.Dt(t("sup_field_due", lang)), html.Dd(f"{item.due:%Y-%m-%d}"),
            html.Dt(t("item_expected", lang)),
            html.Dd(as_written(item.expected, lang), className="item-expected"),
            *([html.Dt(t("sup_col_gap", lang)),
               html.Dd([gap_text(item, lang), f" · {moved}" if moved else None,
                        html.Div([t("sup_status_now", lang, status=""),
                                  status_badge(item.status_now.value, lang)])
                        if item.status_now else None])] if item.trigger else []),
        ], className="item-facts mt-2 mb-0"),
        html.P(closed, className="small fw-bold") if closed else None,
        html.H2(t("item_steps", lang), className="section-title mt-3"),
        step_list(steps, lang),
    )  # fmt: skip


@callback(
    output={"detail": Output(DETAIL, "children"),
            "buttons": Output(f"{ACTION}-buttons", "children")},
    inputs={"stored": Input(QUERY, "data"), "item_id": Input(ITEM, "data"),
            "_changed": Input(CHANGED, "data")},
)  # fmt: skip
def show_item(stored, item_id, _changed):
    """The item, if the reader may see it (the data layer says)."""
    query = page_query(stored)
    lang = query.lang
    actor = current_actor()
    if actor is None:
        return {
            "detail": alert_message(t("login_needed", lang), "info"),
            "buttons": None,
        }
    try:
        item, steps = supervision.item_page(actor, item_id, date.today(), query.period)
    except Refusal as refused:
        return {"detail": alert_message(refused.text(lang), "warning"), "buttons": None}
    return {
        "detail": _detail(item, steps, lang),
        "buttons": _buttons(actor, item, lang),
    }


@callback(
    output={"names": Output(FILE_NAMES, "children")},
    inputs={"names": Input(FILES, "filename")},
    prevent_initial_call=True,
)
def show_files(names):
    return {"names": ", ".join(str(n) for n in (names or []))}


@callback(
    output={"message": Output(MESSAGE, "children"),
            "changed": Output(CHANGED, "data", allow_duplicate=True),
            "note": Output(NOTE, "value"), "files": Output(FILES, "contents")},
    inputs={"_clicks": Input(action_id(ALL), "n_clicks")},
    state={"item_id": State(ITEM, "data"), "note": State(NOTE, "value"),
           "contents": State(FILES, "contents"), "names": State(FILES, "filename"),
           "stored": State(QUERY, "data"), "changed": State(CHANGED, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_action(_clicks, item_id, note, contents, names, stored, changed):
    """Take the pressed step with the note and the attachments."""
    query = page_query(stored)
    pressed = dash.ctx.triggered_id
    if not isinstance(pressed, dict) or not any(c for c in (_clicks or []) if c):
        raise dash.exceptions.PreventUpdate
    files = []
    for content, name in zip(contents or [], names or [], strict=False):
        raw = decode_upload(content)
        files.append(supervision.NewAttachment(str(name or "")[:200], raw or b""))
    outcome = supervision.act_on_item(current_actor(), item_id, pressed.get("action"), note,
                                      files, date.today(), query.period)  # fmt: skip
    if outcome.ok:
        outcome = type(outcome)(
            True,
            outcome.key,
            {"state": t(f"istate_{outcome.values['state']}", query.lang)},
        )
    bump = bumped(changed)
    return {"message": outcome_message(outcome, query.lang),
            "changed": bump if outcome.ok else dash.no_update,
            "note": "" if outcome.ok else dash.no_update,
            "files": None if outcome.ok else dash.no_update}  # fmt: skip
