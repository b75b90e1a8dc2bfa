"""数据报送 data reporting, URL ``/data``: counties upload (previewed) or type, then submit;
the office approves or returns. Writes go through ``services.actions`` as the actor."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from components import data_ids as D
from components.cards import alert_message, page_header
from components.downloads import export_query, table_download_links
from components.panels import card, labelled, options, outcome_message
from components.reporting import (
    access_notice,
    edit_terms,
    entry_grid,
    grid_columns,
    grid_rows,
    import_plan,
    notice_list,
    report_history,
    review_controls,
    status_table,
    upload_panel,
)
from components.shell import frame, register_page
from i18n import period_label, pick, t
from pages._explain import explain_card, hints_of
from pages._query import bumped, page_query
from pages._upload import accepted_pairs
from services import actions, lookups, reporting
from services.context import current_actor, page_context

SECTION = "nav_data"
QUERY = register_page(__name__, SECTION, path="/data", order=5)


def _reports(actor) -> bool:
    """Whether the reader reports figures (a county official or the office)."""
    return actor is not None and actor.role in ("county", "supervisor")


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    label = period_label(*query.period, lang)
    counties = lookups.counties()
    indicators = [{"label": t("all_indicators", lang), "value": D.ALL_INDICATORS}]
    indicators += options(context.indicators, lang)
    # On a phone the entry grid comes first (order-1); on a desktop the status and the
    # upload sit above it.
    body = html.Div([
        dcc.Store(id=D.CHANGED, data=0), dcc.Store(id=D.READ_AS), dcc.Store(id=D.SUGGESTIONS),
        page_header(t("data_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month),
        html.Div(id=D.ACCESS),
        html.Div(id=D.NOTICES),
        dbc.Row([
            dbc.Col(card(
                html.H2(t("sub_status_panel", lang, period=label), className="section-title"),
                html.Div(id=D.STATUS),
                review_controls(lang, options(reporting.review_choices(counties, *query.period),
                                              lang), options(context.indicators, lang)),
            ), lg=5),
            # Readers who cannot report (anonymous, leaders, admins) see the status, not
            # an upload box they cannot use.
            dbc.Col(upload_panel(lang, template=D.TEMPLATE, upload=D.UPLOAD, preview=D.PREVIEW,
                                 confirm=D.CONFIRM, message=D.IMPORT_MESSAGE), lg=7,
                    id=D.UPLOAD_COLUMN,
                    style=None if _reports(current_actor()) else {"display": "none"}),
        ], className="g-3 mb-3 order-2 order-lg-1"),
        card(
            html.H2(id=D.ENTRY_TITLE, className="section-title"),
            html.P(t("entry_hint", lang), className="small text-muted"),
            entry_grid(D.GRID),
            edit_terms(lang, reason=D.CORRECTION_REASON, withdraw=D.WITHDRAW_OK),
            html.Div([dbc.Button(t("save", lang), id=D.SAVE, color="primary", disabled=True),
                      dbc.Button(t("submit_month", lang), id=D.SUBMIT, color="success",
                                 outline=True, disabled=True)],
                     className="d-flex gap-2 mt-2"),
            dcc.Loading(html.Div(id=D.SAVE_MESSAGE), delay_show=200),
            className="mb-3 order-1 order-lg-2 entry-card",
        ),
        explain_card(lang),
        card(html.Div([html.H2(t("history_title", lang), className="section-title me-auto"),
                       labelled(t("indicator", lang),
                                dbc.Select(id=D.HISTORY_INDICATOR, value=D.ALL_INDICATORS,
                                           size="sm", options=indicators, className="w-auto"))],
                      className="d-flex flex-wrap gap-2 align-items-center"),
             html.Div(id=D.HISTORY, className="table-responsive"), className="order-3"),
    ], className="d-flex flex-column")  # fmt: skip
    return frame(context, body, SECTION)


def _page(stored, chosen):
    """The page's query, the signed-in actor and the county it works on."""
    query = page_query(stored)
    actor = current_actor()
    counties = {r.code: r for r in lookups.counties()}
    return query, actor, counties[reporting.scope_region(actor, chosen, list(counties))]


@callback(
    output={"access": Output(D.ACCESS, "children"), "status": Output(D.STATUS, "children"),
            "review": Output(D.REVIEW, "style"), "notices": Output(D.NOTICES, "children")},
    inputs={"stored": Input(QUERY, "data"), "_changed": Input(D.CHANGED, "data")},
)  # fmt: skip
def show_status(stored, _changed):
    """Who has reported the month; the office's review controls."""
    query, actor, _county = _page(stored, None)
    everyone = reporting.submission_overview(*query.period, date.today(), viewer=actor)
    rows, counts = reporting.status_excerpt(everyone)
    supervisor = actor is not None and actor.is_supervisor
    role = actor.role if actor is not None else None
    return {"access": access_notice(role, query.lang), "status": status_table(rows, query.lang, counts, len(everyone)),
            "review": {} if supervisor else {"display": "none"},
            "notices": notice_list(reporting.open_notices(actor), query.lang)}  # fmt: skip


@callback(
    output={"title": Output(D.ENTRY_TITLE, "children"),
            "template": Output(D.TEMPLATE, "children"), "href": Output(D.TEMPLATE, "href"),
            "columns": Output(D.GRID, "columnDefs"), "rows": Output(D.GRID, "rowData"),
            "save_locked": Output(D.SAVE, "disabled"), "submit_locked": Output(D.SUBMIT, "disabled")},
    inputs={"stored": Input(QUERY, "data"), "chosen": Input(D.REVIEW_REGION, "value"),
            "_changed": Input(D.CHANGED, "data")},
)  # fmt: skip
def show_entry(stored, chosen, _changed):
    """The county's figures for the month, editable by its own official."""
    query, actor, county = _page(stored, chosen)
    lang = query.lang
    name, label = pick(county, "name", lang), period_label(*query.period, lang)
    may_edit = actor is not None and actor.may_write_region(county.code)
    figures = reporting.month_figures(county.code, *query.period, viewer=actor)
    returned = any(f.returned for f in figures)
    return {
        "title": t("entry_title", lang, name=name, period=label),
        "template": t("template", lang, name=name, period=label),
        "href": f"/data/template.xlsx?region={county.code}&year={query.year}&month={query.month}",
        "columns": grid_columns(lang, may_edit, returned), "rows": grid_rows(figures, lang),
        "save_locked": not may_edit, "submit_locked": not may_edit,
    }  # fmt: skip


@callback(
    output={"history": Output(D.HISTORY, "children")},
    inputs={"stored": Input(QUERY, "data"), "chosen": Input(D.REVIEW_REGION, "value"),
            "indicator": Input(D.HISTORY_INDICATOR, "value"), "_changed": Input(D.CHANGED, "data")},
)  # fmt: skip
def show_history(stored, chosen, indicator, _changed):
    """Who changed which figure of the county, and how (signed-in users only)."""
    query, actor, county = _page(stored, chosen)
    lang = query.lang
    if actor is None:
        return {"history": alert_message(t("history_login_needed", lang), "info")}
    known = {i.code for i in lookups.indicators()}
    only = indicator if indicator in known else None
    export = export_query(*query.period, lang, region=county.code, indicator=only)
    changes = reporting.report_changes(county.code, only, limit=100)
    return {"history": html.Div([table_download_links("history", export, lang),
                                 report_history(changes, lang)])}  # fmt: skip


def _done(outcome, query, changed):
    bump = bumped(changed)
    message = [
        outcome_message(outcome, query.lang, import_plan),
        hints_of(outcome, query.lang),
    ]
    return message, bump if outcome.changed_data else dash.no_update


@callback(
    output={"message": Output(D.IMPORT_MESSAGE, "children"),
            "changed": Output(D.CHANGED, "data", allow_duplicate=True), "contents": Output(D.UPLOAD, "contents")},
    inputs={"_clicks": Input(D.CONFIRM, "n_clicks")},
    state={"contents": State(D.UPLOAD, "contents"), "filename": State(D.UPLOAD, "filename"),
           "stored": State(QUERY, "data"), "changed": State(D.CHANGED, "data"),
           "reason": State(D.CORRECTION_REASON, "value"), "withdraw": State(D.WITHDRAW_OK, "value"),
           "read_as": State(D.READ_AS, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_import(_clicks, contents, filename, stored, changed, reason, withdraw, read_as):
    """Write the previewed file, whole or not at all (a correction with its reason;
    a submitted month once its withdrawal is confirmed; the wordings accepted at its
    preview read as suggested)."""
    query = page_query(stored)
    outcome = actions.import_file(current_actor(), contents, filename, reason, withdraw,
                                  accepted_pairs(read_as, filename))  # fmt: skip
    message, bump = _done(outcome, query, changed)
    return {"message": message, "changed": bump,
            "contents": None if outcome.ok else dash.no_update}  # fmt: skip


@callback(
    output={"message": Output(D.SAVE_MESSAGE, "children"), "changed": Output(D.CHANGED, "data", allow_duplicate=True)},
    inputs={"_save": Input(D.SAVE, "n_clicks"), "_submit": Input(D.SUBMIT, "n_clicks")},
    state={"rows": State(D.GRID, "rowData"), "stored": State(QUERY, "data"),
           "changed": State(D.CHANGED, "data"), "chosen": State(D.REVIEW_REGION, "value"),
           "reason": State(D.CORRECTION_REASON, "value"), "withdraw": State(D.WITHDRAW_OK, "value")},
    prevent_initial_call=True,
)  # fmt: skip
def on_save_or_submit(_save, _submit, rows, stored, changed, chosen, reason, withdraw):
    """Save the typed figures, or submit the month: the county's own, or the
    office's for the county it has chosen (代报)."""
    query = page_query(stored)
    if dash.ctx.triggered_id == D.SUBMIT:
        outcome = actions.change_month(current_actor(), "submit", chosen, *query.period)
    else:
        outcome = actions.save_grid(current_actor(), rows, *query.period, chosen, reason, withdraw)  # fmt: skip
    message, bump = _done(outcome, query, changed)
    return {"message": message, "changed": bump}


@callback(
    output={"message": Output(D.REVIEW_MESSAGE, "children"),
            "changed": Output(D.CHANGED, "data", allow_duplicate=True)},
    inputs={"_approve": Input(D.APPROVE, "n_clicks"), "_return": Input(D.RETURN, "n_clicks"),
            "_remind": Input(D.REMIND, "n_clicks"), "_remind_all": Input(D.REMIND_ALL, "n_clicks")},
    state={"region": State(D.REVIEW_REGION, "value"), "reason": State(D.REASON, "value"),
           "items": State(D.return_item(ALL), "value"), "item_ids": State(D.return_item(ALL), "id"),
           "stored": State(QUERY, "data"), "changed": State(D.CHANGED, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_review(_approve, _return, _remind, _remind_all, region, reason, items, item_ids,
              stored, changed):  # fmt: skip
    """Approve the county's month, return it (a reason for the month and/or each
    indicator), or remind one county or every county not in yet (催报)."""
    query = page_query(stored)
    pressed, actor = dash.ctx.triggered_id, current_actor()
    if pressed in (D.REMIND, D.REMIND_ALL):
        outcome = actions.send_reminders(actor, *query.period, region if pressed == D.REMIND else None)  # fmt: skip
    else:
        action = "approve" if pressed == D.APPROVE else "return"
        typed = reporting.typed_items(item_ids, items) if action == "return" else None
        outcome = actions.change_month(
            actor, action, region, *query.period, reason, typed
        )
    message, bump = _done(outcome, query, changed)
    return {"message": message, "changed": bump}
