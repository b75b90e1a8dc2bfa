"""数据报送 data reporting, URL ``/data`` (query: year, month, lang).

County officials upload a file (with a preview of what changes) or type figures into the
grid, then submit the month; the supervisory office approves or returns it. Every write
goes through ``data_access.writes``, which checks the logged-in actor itself.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html

from components import ids
from components.cards import alert_message, page_header
from components.downloads import export_query, table_download_links
from data_access import queries
from data_access.accounts import AccessDenied, Actor
from data_access.engine import DatabaseUnavailable
from data_access.imports import ImportPlan
from data_access.rows import records
from data_access.writes import (
    WriteRefused,
    apply_form,
    apply_upload,
    change_submission,
    preview_upload,
)
from i18n import fmt_number, lang_or_default, period_label, pick, t
from server.auth import current_actor
from services.context import parse_period, stamp
from services.reporting import submission_overview
from settings import load_settings

dash.register_page(
    __name__, path="/data", order=5, nav_label="nav_data", title="数据报送"
)

HEADER = "data-header"
ACCESS = "data-access"
MESSAGE = "data-message"
REFRESH = "data-refresh"
STATUS_TITLE = "data-status-title"
STATUS = "data-status"
REVIEW = "data-review"
REVIEW_REGION = "data-review-region"
REASON = "data-reason"
APPROVE = "data-approve"
RETURN = "data-return"
UPLOAD_TITLE = "data-upload-title"
TEMPLATE = "data-template"
UPLOAD = "data-upload"
UPLOAD_HINT = "data-upload-hint"
PREVIEW = "data-preview"
CONFIRM = "data-confirm"
ENTRY_TITLE = "data-entry-title"
ENTRY_HINT = "data-entry-hint"
GRID = "data-grid"
SAVE = "data-save"
SUBMIT = "data-submit"
HISTORY_TITLE = "data-history-title"
HISTORY = "data-history"
HISTORY_INDICATOR = "data-history-indicator"
ALL_INDICATORS = "__all__"

SUBMISSION_COLORS = {
    "approved": "success",
    "submitted": "primary",
    "draft": "secondary",
    "returned": "danger",
    None: "light",
}


def layout(**_query):
    card = lambda *children, **kw: dbc.Card(dbc.CardBody(list(children)), **kw)  # noqa: E731
    return html.Div(
        [
            dcc.Store(id=REFRESH, data=0),
            html.Div(id=HEADER),
            html.Div(id=ACCESS),
            dcc.Loading(html.Div(id=MESSAGE), delay_show=200),
            dbc.Row([
                dbc.Col(card(
                    html.H2(id=STATUS_TITLE, className="section-title"),
                    html.Div(id=STATUS),
                    html.Div([
                        dbc.Select(id=REVIEW_REGION, size="sm", className="mb-2"),
                        dbc.Input(id=REASON, size="sm", maxLength=500, className="mb-2"),
                        html.Div([dbc.Button(id=APPROVE, color="success", size="sm"),
                                  dbc.Button(id=RETURN, color="danger", outline=True,
                                             size="sm")], className="d-flex gap-2"),
                    ], id=REVIEW, className="mt-3"),
                ), lg=5),
                dbc.Col(card(
                    html.H2(id=UPLOAD_TITLE, className="section-title"),
                    html.A(id=TEMPLATE, className="d-inline-block mb-2 small"),
                    dcc.Upload(id=UPLOAD, children=html.Div(id=UPLOAD_HINT),
                               className="upload-zone", multiple=False,
                               accept=".csv,.xlsx"),
                    html.Div(id=PREVIEW, className="mt-2"),
                    dbc.Button(id=CONFIRM, color="primary", disabled=True, className="mt-2"),
                ), lg=7),
            ], className="g-3 mb-3"),
            card(
                html.H2(id=ENTRY_TITLE, className="section-title"),
                html.P(id=ENTRY_HINT, className="small text-muted"),
                dag.AgGrid(
                    id=GRID,
                    columnDefs=[],
                    rowData=[],
                    defaultColDef={"resizable": True, "sortable": False},
                    dashGridOptions={"domLayout": "autoHeight",
                                     "stopEditingWhenCellsLoseFocus": True,
                                     "singleClickEdit": True},
                    className="ag-theme-alpine",
                    style={"width": "100%"},
                ),
                html.Div([dbc.Button(id=SAVE, color="primary"),
                          dbc.Button(id=SUBMIT, color="success", outline=True)],
                         className="d-flex gap-2 mt-2"),
                className="mb-3",
            ),
            card(html.Div([html.H2(id=HISTORY_TITLE, className="section-title me-auto"),
                           dbc.Select(id=HISTORY_INDICATOR, value=ALL_INDICATORS,
                                      size="sm", className="w-auto")],
                          className="d-flex flex-wrap gap-2 align-items-center"),
                 html.Div(id=HISTORY, className="table-responsive")),
        ]
    )  # fmt: skip


def scope_region(actor: Actor | None, chosen: str | None, counties: list[str]) -> str:
    """The county the page works on: a county official's own, else the one chosen."""
    if actor is not None and actor.role == "county" and actor.region:
        return actor.region
    return chosen if chosen in counties else counties[0]


def _status_badge(status, lang):
    return dbc.Badge(t(f"sub_{status or 'none'}", lang),
                     color=SUBMISSION_COLORS.get(status, "light"),
                     text_color="dark" if status in (None, "draft") else None,
                     className="submission-badge")  # fmt: skip


def _status_table(frame, lang):
    rows = []
    for r in records(frame):
        late, due = r["late"], r["due"]
        when = r["submitted_at"]
        rows.append(html.Tr([
            html.Td(pick(r, "name", lang)),
            html.Td([_status_badge(r["status"], lang),
                     html.Div(t("late_since", lang, due=due.isoformat()),
                              className="late-mark small") if late else None,
                     html.Div(f"{t('reason', lang)}：{r['reason']}", className="small text-danger")
                     if r["status"] == "returned" and r["reason"] else None]),
            html.Td(when.strftime("%Y-%m-%d %H:%M") if when is not None
                    else "—", className="small text-nowrap"),
        ], **{"data-region": r["region"]}))  # fmt: skip
    head = html.Thead(html.Tr([html.Th(t("county", lang)), html.Th(t("status", lang)),
                               html.Th(t("submitted_at", lang))]))  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="mb-0 status-table")


def _grid(values, lang, editable):
    # The editable column comes right after the name, so that it shows on a phone.
    columns = [
        {"field": "name", "headerName": t("indicator", lang), "flex": 2, "minWidth": 140,
         "pinned": "left"},
        {"field": "value", "headerName": t("this_month", lang), "width": 120,
         "editable": editable, "type": "rightAligned",
         "cellClass": "editable-cell ag-right-aligned-cell" if editable else ""},
        {"field": "previous", "headerName": t("previous_month", lang), "width": 100,
         "type": "rightAligned"},
        {"field": "approved", "headerName": t("approved_value", lang), "width": 100,
         "type": "rightAligned"},
        {"field": "unit", "headerName": t("unit", lang), "width": 80},
    ]  # fmt: skip
    rows = []
    for r in records(values):
        clean = r
        rows.append({
            "code": clean["code"], "name": pick(clean, "name", lang),
            "unit": pick(clean, "unit", lang), "previous": clean["previous"],
            "value": clean["value"], "approved": clean["approved_value"],
        })  # fmt: skip
    return columns, rows


def _history(frame, lang):
    if frame.empty:
        return html.P(t("no_history", lang), className="text-muted small mb-0")
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "changed_at", "changed_by", "indicator", "period_col", "old_value", "new_value",
        "source")]))  # fmt: skip
    rows = [
        html.Tr([
            html.Td(r["changed_at"].strftime("%Y-%m-%d %H:%M"), className="text-nowrap"),
            html.Td(r["changed_by"]),
            html.Td(pick(r, "name", lang)),
            html.Td(period_label(r["year"], r["month"], lang), className="text-nowrap"),
            html.Td(fmt_number(r["old_value"], 2)),
            html.Td(fmt_number(r["new_value"], 2)),
            html.Td(t(f"source_{r['source']}", lang)
                    + (f" · {r['file_sha256'][:8]}" if r["file_sha256"] is not None else "")),
        ])
        for r in records(frame)
    ]  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="mb-0 small")


@callback(
    Output(HEADER, "children"),
    Output(ACCESS, "children"),
    Output(STATUS_TITLE, "children"),
    Output(STATUS, "children"),
    Output(REVIEW, "style"),
    Output(REVIEW_REGION, "options"),
    Output(REVIEW_REGION, "value"),
    Output(REASON, "placeholder"),
    Output(APPROVE, "children"),
    Output(RETURN, "children"),
    Output(UPLOAD_TITLE, "children"),
    Output(TEMPLATE, "children"),
    Output(TEMPLATE, "href"),
    Output(UPLOAD_HINT, "children"),
    Output(CONFIRM, "children"),
    Output(ENTRY_TITLE, "children"),
    Output(ENTRY_HINT, "children"),
    Output(GRID, "columnDefs"),
    Output(GRID, "rowData"),
    Output(SAVE, "children"),
    Output(SAVE, "disabled"),
    Output(SUBMIT, "children"),
    Output(SUBMIT, "disabled"),
    Output(HISTORY_TITLE, "children"),
    Output(HISTORY, "children"),
    Output(HISTORY_INDICATOR, "options"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(REFRESH, "data"),
    Input(REVIEW_REGION, "value"),
    Input(HISTORY_INDICATOR, "value"),
)
def update_data_page(year, month, lang, _refresh, chosen, history_indicator):
    """Submission status, the entry grid and the history for the period and county."""
    lang = lang_or_default(lang)
    period = parse_period(year, month) or (date.today().year, date.today().month)
    actor = current_actor()
    settings = load_settings()
    counties = queries.regions("county")
    codes = counties.code.tolist()
    region = scope_region(actor, chosen, codes)
    name = pick(counties.set_index("code").loc[region].to_dict(), "name", lang)
    label = period_label(*period, lang)
    info = stamp()
    header = page_header(t("data_title", lang), *period, lang, is_demo=info.is_demo,
                         updated=info.updated)  # fmt: skip
    if actor is None:
        access = alert_message(t("login_needed", lang), "info")
    elif actor.role in ("leader", "admin"):
        access = alert_message(t("reading_only", lang), "secondary")
    else:
        access = None
    may_edit = actor is not None and actor.may_write_region(region)
    options = [{"label": pick(r._asdict(), "name", lang), "value": r.code}
               for r in counties.itertuples()]  # fmt: skip
    review_style = (
        {} if actor is not None and actor.is_supervisor else {"display": "none"}
    )
    overview = submission_overview(*period, date.today(), settings.report_due_day)
    status = _status_table(overview, lang)
    columns, rows = _grid(queries.month_values(region, *period), lang, may_edit)
    catalogue = queries.indicators()
    only = history_indicator if history_indicator in set(catalogue.code) else None
    if actor is None:  # who changed what is for signed-in users only
        history = alert_message(t("history_login_needed", lang), "info")
    else:
        query = export_query(*period, lang, region=region, indicator=only)
        history = html.Div([
            table_download_links("history", query, lang),
            _history(queries.report_history(region, only, limit=100), lang),
        ])  # fmt: skip
    history_options = [
        {"label": t("all_indicators", lang), "value": ALL_INDICATORS}
    ] + [
        {"label": pick(r._asdict(), "name", lang), "value": r.code}
        for r in catalogue.itertuples()
    ]
    template_href = (
        f"/data/template.xlsx?region={region}&year={period[0]}&month={period[1]}"
    )
    return (
        header,
        access,
        t("sub_status_panel", lang, period=label),
        status,
        review_style,
        options,
        region,
        t("return_reason", lang),
        t("approve", lang),
        t("return", lang),
        t("upload_title", lang),
        t("template", lang, name=name, period=label),
        template_href,
        t("upload_hint", lang),
        t("confirm_import", lang),
        t("entry_title", lang, name=name, period=label),
        t("entry_hint", lang),
        columns,
        rows,
        t("save", lang),
        not may_edit,
        t("submit_month", lang),
        not may_edit,
        t("history_title", lang),
        history,
        history_options,
    )


def decode_upload(contents: str | None) -> bytes | None:
    """The bytes of a dcc.Upload ``contents`` data URL, or None if it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


def _plan_view(plan: ImportPlan, lang) -> html.Div:
    if not plan.ok:
        return dbc.Alert(
            [html.Div(t("problems_title", lang, count=len(plan.problems)), className="fw-bold"),
             html.Ul([html.Li(p.text()) for p in plan.problems[:200]], className="mb-0")],
            color="danger", className="import-problems",
        )  # fmt: skip
    counts = plan.counts()
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "county", "indicator", "period_col", "old_value", "new_value", "status")]))  # fmt: skip
    rows = [
        html.Tr([
            html.Td(r.region_name), html.Td(r.indicator_name),
            html.Td(period_label(r.year, r.month, lang), className="text-nowrap"),
            html.Td(fmt_number(r.old, 2)), html.Td(fmt_number(r.value, 2)),
            html.Td(t(f"change_{r.change}", lang), className=f"change-{r.change}"),
        ], className=f"preview-{r.change}")
        for r in plan.rows
    ]  # fmt: skip
    return html.Div(
        [html.Div(t("preview_title", lang, filename=plan.filename), className="fw-bold"),
         html.Div(t("preview_counts", lang, **counts), className="small mb-1 preview-counts"),
         html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", className="small mb-0"),
                  className="table-responsive preview-table")],
    )  # fmt: skip


@callback(
    Output(PREVIEW, "children"),
    Output(CONFIRM, "disabled"),
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(ids.LANG, "value"),
    prevent_initial_call=True,
)
def preview_file(contents, filename, lang):
    """Validate the chosen file and show what it would change; nothing is written."""
    lang = lang_or_default(lang)
    if contents is None:
        return None, True
    actor = current_actor()
    if actor is None:
        return alert_message(t("login_needed", lang), "warning"), True
    content = decode_upload(contents)
    if content is None:
        return alert_message("无法读取上传的文件", "danger"), True
    settings = load_settings()
    try:
        plan = preview_upload(actor, content, str(filename or "")[:256], date.today(),
                              settings.max_upload_bytes)  # fmt: skip
    except AccessDenied as denied:
        return alert_message(str(denied), "danger"), True
    return _plan_view(plan, lang), not (plan.ok and plan.changes)


def _grid_records(rows, region, year, month) -> list[dict]:
    """Grid rows as import records; the region is the page's, never the row's."""
    if not isinstance(rows, list):
        return []
    records = []
    for index, row in enumerate(rows[:200], start=1):
        if not isinstance(row, dict):
            continue
        value = row.get("value")
        records.append({
            "row": index, "region": region, "indicator": str(row.get("code", ""))[:64],
            "year": year, "month": month,
            "value": "" if value is None else str(value), "unit": "",
        })  # fmt: skip
    return records


@callback(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Output(UPLOAD, "contents"),
    Input(CONFIRM, "n_clicks"),
    Input(SAVE, "n_clicks"),
    Input(SUBMIT, "n_clicks"),
    Input(APPROVE, "n_clicks"),
    Input(RETURN, "n_clicks"),
    State(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(GRID, "rowData"),
    State(ids.YEAR, "value"),
    State(ids.MONTH, "value"),
    State(ids.LANG, "value"),
    State(REVIEW_REGION, "value"),
    State(REASON, "value"),
    State(REFRESH, "data"),
    prevent_initial_call=True,
)
def on_data_action(
    _confirm, _save, _submit, _approve, _return,
    contents, filename, rows, year, month, lang, review_region, reason, refresh,
):  # fmt: skip
    """Every write of the page: import, save, submit, approve, return."""
    lang = lang_or_default(lang)
    actor = current_actor()
    bump = (refresh or 0) + 1 if isinstance(refresh, int) else 1
    if actor is None:
        return alert_message(t("login_needed", lang), "warning"), dash.no_update, None
    period = parse_period(year, month)
    if period is None:
        return (
            alert_message(t("bad_period", lang), "warning"),
            dash.no_update,
            dash.no_update,
        )
    today = date.today()
    trigger = ctx.triggered_id
    try:
        if trigger == CONFIRM:
            content = decode_upload(contents)
            if content is None:
                return (
                    alert_message("无法读取上传的文件", "danger"),
                    dash.no_update,
                    None,
                )
            result = apply_upload(actor, content, str(filename or "")[:256], today,
                                  load_settings().max_upload_bytes)  # fmt: skip
            if not result.committed:
                return _plan_view(result.plan, lang), bump, dash.no_update
            key = "import_done" if result.changed else "import_noop"
            return (
                alert_message(t(key, lang, changed=result.changed), "success"),
                bump,
                None,
            )
        if trigger == SAVE:
            region = actor.region or ""
            result = apply_form(actor, _grid_records(rows, region, *period), today)
            if not result.committed:
                return _plan_view(result.plan, lang), dash.no_update, dash.no_update
            return (alert_message(t("saved", lang, changed=result.changed), "success"),
                    bump, dash.no_update)  # fmt: skip
        if trigger == SUBMIT:
            change_submission(actor, actor.region or "", *period, "submit")
            return (
                alert_message(t("submitted_ok", lang), "success"),
                bump,
                dash.no_update,
            )
        if trigger in (APPROVE, RETURN):
            action = "approve" if trigger == APPROVE else "return"
            reason_text = str(reason)[:500] if isinstance(reason, str) else None
            change_submission(
                actor, str(review_region)[:12], *period, action, reason_text
            )
            done = "approved_ok" if action == "approve" else "returned_ok"
            return alert_message(t(done, lang), "success"), bump, dash.no_update
    except (AccessDenied, WriteRefused, DatabaseUnavailable) as refused:
        return (alert_message(t("error_prefix", lang) + str(refused), "danger"),
                dash.no_update, dash.no_update)  # fmt: skip
    return dash.no_update, dash.no_update, dash.no_update
