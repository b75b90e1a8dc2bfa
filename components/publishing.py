"""The office's publishing controls on 排名: publish (asks first, a reason where
counties are missing) and withdraw (撤回发布, a reason required), and the record of
what happened to the month."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.text import names_marked
from i18n import t


def _confirm_modal(lang, *, modal, title, body, reason, placeholder, confirm, cancel,
                   confirm_label, color):  # fmt: skip
    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle(title)),
        dbc.ModalBody([html.P(body, className="small"),
                       dbc.Textarea(id=reason, placeholder=placeholder, maxLength=500,
                                    className="mb-1", rows=2)]),
        dbc.ModalFooter([dbc.Button(t("cancel", lang), id=cancel, color="secondary",
                                    outline=True),
                         dbc.Button(confirm_label, id=confirm, color=color)]),
    ], id=modal, is_open=False)  # fmt: skip


def publish_controls(lang: str, period: str, ids: dict) -> html.Div:
    """The status line, the buttons (shown to the office by a callback) and the two
    confirmations. ``ids``: status, open, withdraw_open, message, and the modals'
    publish_modal, publish_reason, publish, publish_cancel, withdraw_modal,
    withdraw_reason, withdraw, withdraw_cancel."""
    return html.Div([
        html.Div([html.Span(id=ids["status"], className="small me-2"),
                  dbc.Button(t("publish_open", lang), id=ids["open"], color="danger",
                             size="sm", outline=True, style={"display": "none"}),
                  dbc.Button(t("withdraw_open", lang), id=ids["withdraw_open"],
                             color="secondary", size="sm", outline=True,
                             style={"display": "none"})],
                 className="d-flex flex-wrap align-items-center gap-2 mb-2"),
        html.Div(id=ids["message"]),
        _confirm_modal(lang, modal=ids["publish_modal"],
                       title=t("publish_confirm_title", lang, period=period),
                       body=t("publish_confirm_body", lang), reason=ids["publish_reason"],
                       placeholder=t("publish_reason_hint", lang), confirm=ids["publish"],
                       cancel=ids["publish_cancel"], confirm_label=t("publish", lang),
                       color="danger"),
        _confirm_modal(lang, modal=ids["withdraw_modal"],
                       title=t("withdraw_confirm_title", lang, period=period),
                       body=t("withdraw_confirm_body", lang),
                       reason=ids["withdraw_reason"],
                       placeholder=t("withdraw_reason_hint", lang),
                       confirm=ids["withdraw"], cancel=ids["withdraw_cancel"],
                       confirm_label=t("withdraw", lang), color="secondary"),
    ])  # fmt: skip


def publication_record(published, events, lang: str) -> html.Div:
    """Whether the month is published, by which office, and every withdrawal with
    its reason."""
    if published is not None:
        head = t("published_on", lang, who=published.published_by,
                 when=published.published_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
        if published.reason:
            head += " " + t("published_reason", lang, reason=published.reason)
    else:
        head = t("not_published", lang)
    withdrawn = [
        html.Div(names_marked(t("withdrawn_on", lang, who=e.by,
                                when=e.at.strftime("%Y-%m-%d %H:%M"), reason=e.reason or ""),
                              lang), className="small text-muted withdrawn")
        for e in events if e.action == "withdraw"
    ]  # fmt: skip
    # The office's name and its reasons are quoted as written (marked Chinese in English).
    return html.Div([html.Span(names_marked(head, lang)), *withdrawn])
