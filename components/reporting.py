"""The 数据报送 page's parts: submission status, the entry grid, the upload zone, an
import plan (its changes or its problems) and the change history. Built from typed
rows; no data access here."""

from __future__ import annotations

from collections.abc import Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import data_ids as D
from components.cards import alert_message
from components.panels import labelled
from i18n import fmt_number, period_label, pick, t

SUBMISSION_COLORS = {
    "approved": "success",
    "submitted": "primary",
    "draft": "secondary",
    "returned": "danger",
    None: "light",
}


def access_notice(role: str | None, lang: str | None):
    """What the reader may do here: sign in, or only read (leaders, admins)."""
    if role is None:
        return alert_message(t("login_needed", lang), "info")
    if role in ("leader", "admin"):
        return alert_message(t("reading_only", lang), "secondary")
    if role == "supervisor":
        return alert_message(t("office_may_report", lang), "info")
    return None


def submission_badge(status: str | None, lang: str | None) -> dbc.Badge:
    return dbc.Badge(t(f"sub_{status or 'none'}", lang),
                     color=SUBMISSION_COLORS.get(status, "light"),
                     text_color="dark" if status in (None, "draft") else None,
                     className="submission-badge")  # fmt: skip


def status_table(rows: Sequence, lang: str | None, counts: dict | None = None,
                 total: int | None = None):  # fmt: skip
    """Each county's submission: status, late mark, return reason, when. Where the
    list is cut (``total`` more than the rows), a line first counts them by status."""
    table = _status_rows(rows, lang)
    if total is None or total <= len(rows):
        return table
    summary = " · ".join(
        f"{t('sub_' + (status or 'none'), lang)} {count}"
        for status, count in sorted((counts or {}).items(), key=lambda i: str(i[0]))
    )
    note = t("status_excerpt", lang, total=total, shown=len(rows))
    return html.Div([html.P([summary, html.Br(), note], className="small text-muted mb-1"),
                     table])  # fmt: skip


def _status_rows(rows: Sequence, lang: str | None) -> dbc.Table:
    body = []
    for r in rows:
        returned = r.status == "returned" and r.reason
        body.append(html.Tr([
            html.Td(pick(r, "name", lang)),
            html.Td([submission_badge(r.status, lang),
                     dbc.Badge(t("correcting", lang), color="info", className="ms-1 correcting")
                     if r.correcting else None,
                     html.Div(t("late_since", lang, due=r.due.isoformat(), days=r.days_late),
                              className="late-mark small") if r.days_late else None,
                     html.Div(t("days_left", lang, due=r.due.isoformat(), days=r.days_left),
                              className="small text-muted days-left")
                     if r.days_left is not None else None,
                     html.Div(t("labelled", lang, label=t("reason", lang), value=r.reason),
                              className="small text-danger")
                     if returned else None]),
            html.Td(r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else "—",
                    className="small text-nowrap"),
        ], **{"data-region": r.region}))  # fmt: skip
    head = html.Thead(html.Tr([html.Th(t("county", lang)), html.Th(t("status", lang)),
                               html.Th(t("submitted_at", lang))]))  # fmt: skip
    return dbc.Table([head, html.Tbody(body)], size="sm", className="mb-0 status-table")


def upload_zone(upload_id: str, hint: str) -> html.Label:
    """The drop zone; its file input is named by the hint (a label around it)."""
    return html.Label(
        dcc.Upload(id=upload_id, children=html.Div(hint), className="upload-zone",
                   multiple=False, accept=".csv,.xlsx"),
        className="d-block",
    )  # fmt: skip


def review_controls(lang, options: list[dict], items: Sequence[dict] = ()):
    """The office's approve / return / 催报 controls (hidden until the page knows the
    reader is the office). A return gives a reason for the whole month, and may give
    one per indicator (``items``: the indicators as options, label and value)."""
    per_indicator = None
    if items:
        per_indicator = html.Details([
            html.Summary(t("return_items_title", lang), className="small"),
            html.Div([labelled(t("return_item_hint", lang, name=name),
                               dbc.Input(id=D.return_item(code), size="sm", maxLength=500,
                                         className="mt-1 return-item",
                                         placeholder=t("return_item_hint", lang, name=name)))
                      for code, name in ((i["value"], i["label"]) for i in items)]),
        ], className="mb-2 return-items")  # fmt: skip
    return html.Div([
        labelled(t("county", lang), dbc.Select(
            id=D.REVIEW_REGION, options=options, size="sm", className="mb-2",
            value=options[0]["value"] if options else None)),
        dbc.Input(id=D.REASON, size="sm", maxLength=500, className="mb-2",
                  placeholder=t("return_reason", lang)),
        per_indicator,
        html.Div([dbc.Button(t("approve", lang), id=D.APPROVE, color="success", size="sm"),
                  dbc.Button(t("return", lang), id=D.RETURN, color="danger", outline=True,
                             size="sm"),
                  dbc.Button(t("remind_one", lang), id=D.REMIND, color="dark",
                             outline=True, size="sm"),
                  dbc.Button(t("remind_all", lang), id=D.REMIND_ALL, color="warning",
                             size="sm")],
                 className="d-flex flex-wrap gap-2"),
        dcc.Loading(html.Div(id=D.REVIEW_MESSAGE), delay_show=200),
    ], id=D.REVIEW, className="mt-3", style={"display": "none"})  # fmt: skip


def upload_panel(
    lang, *, template: str, upload: str, preview: str, confirm: str, message: str
) -> dbc.Card:
    """Template link, drop zone, the preview of a chosen file and its confirm button."""
    return dbc.Card(dbc.CardBody([
        html.H2(t("upload_title", lang), className="section-title"),
        html.A(id=template, className="d-inline-block mb-2 small"),
        upload_zone(upload, t("upload_hint", lang)),
        html.Div(id=preview, className="mt-2"),
        html.Div(id=D.ALIAS_MESSAGE),
        dbc.Button(t("confirm_import", lang), id=confirm, color="primary", disabled=True,
                   className="mt-2"),
        dcc.Loading(html.Div(id=message), delay_show=200),
    ]))  # fmt: skip


def entry_grid(grid_id: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id, columnDefs=[], rowData=[],
        # Headers wrap (This month, Last month whole at a phone's column widths).
        defaultColDef={"resizable": True, "sortable": False, "wrapHeaderText": True,
                       "autoHeaderHeight": True},
        dashGridOptions={"domLayout": "autoHeight", "stopEditingWhenCellsLoseFocus": True,
                         "singleClickEdit": True},
        className="ag-theme-alpine", style={"width": "100%"},
    )  # fmt: skip


def grid_columns(
    lang: str | None, editable: bool, returned: bool = False
) -> list[dict]:
    """The entry grid's columns; ``returned``: the office returned indicators with
    reasons, which the name cell shows under the name (on a phone too, where the
    columns past the figure are out of view)."""
    # Names wrap (a phone shows them whole, in English too), with their unit: on a phone
    # the name, this month and 上月 fit the screen (a county sees why a figure under last
    # month's is refused).
    # Not pinned: a pinned column keeps its width, and took 200 px of a phone's 315.
    name = {"field": "name", "headerName": t("indicator", lang), "flex": 2, "minWidth": 120,
            "wrapText": True, "autoHeight": True,
            "cellStyle": {"whiteSpace": "pre-line", "lineHeight": "1.45",
                          "paddingTop": "6px", "paddingBottom": "6px"}}  # fmt: skip
    if returned:
        name |= {"cellClass": "returned-reason"}
    # The editable column comes right after the name, then 上月.
    return [
        name,
        {"field": "value", "headerName": t("this_month", lang), "width": 96,
         "editable": editable, "type": "rightAligned",
         "cellClass": "editable-cell ag-right-aligned-cell" if editable else ""},
        {"field": "previous", "headerName": t("previous_month", lang), "width": 84,
         "type": "rightAligned"},
        {"field": "approved", "headerName": t("approved_value", lang), "width": 96,
         "type": "rightAligned"},
    ]  # fmt: skip


def grid_rows(figures: Sequence, lang: str | None) -> list[dict]:
    """One row an indicator, its name with its unit; a returned one's reason on a
    second line of its name."""
    return [{"code": f.code,
             "name": t("name_with_unit", lang, name=pick(f, "name", lang),
                       unit=pick(f, "unit", lang)) + (
                 "\n" + t("labelled", lang, label=t("returned_because", lang), value=f.returned)
                 if f.returned else ""),
             "unit": pick(f, "unit", lang), "previous": f.previous, "value": f.value,
             "approved": f.approved_value}
            for f in figures]  # fmt: skip


def report_history(changes: Sequence, lang: str | None):
    if not changes:
        return html.P(t("no_history", lang), className="text-muted small mb-0")
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "changed_at", "changed_by", "indicator", "period_col", "old_value", "new_value",
        "source", "history_reason")]))  # fmt: skip
    rows = [
        html.Tr([
            html.Td(c.changed_at.strftime("%Y-%m-%d %H:%M"), className="text-nowrap"),
            html.Td(c.changed_by),
            html.Td(pick(c, "name", lang)),
            html.Td(period_label(c.year, c.month, lang), className="text-nowrap"),
            html.Td(fmt_number(c.old_value, c.decimals)),
            html.Td(fmt_number(c.new_value, c.decimals)),
            html.Td([t(f"source_{c.source}", lang)
                     + (f" · {c.file_sha256[:8]}" if c.file_sha256 is not None else ""),
                     *([" ", dbc.Badge(t("on_behalf", lang), color="secondary",
                                       className="on-behalf")] if c.on_behalf else [])]),
            html.Td(c.reason or "", className="small history-reason"),
        ])
        for c in changes
    ]  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm",
                     className="mb-0 small card-rows history-table")  # fmt: skip


def import_plan(plan, lang: str | None) -> html.Div:
    """What a file or the grid would change, or the problems that stop it."""
    if not plan.ok:
        return dbc.Alert(
            [html.Div(t("problems_title", lang, count=len(plan.problems)), className="fw-bold"),
             html.Ul([html.Li(p.text(lang)) for p in plan.problems[:200]], className="mb-0")],
            color="danger", className="import-problems",
        )  # fmt: skip
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "county", "indicator", "period_col", "old_value", "new_value", "status")]))  # fmt: skip
    rows = [
        html.Tr([
            html.Td(r.region_name), html.Td(r.indicator_name),
            html.Td(period_label(r.year, r.month, lang), className="text-nowrap"),
            html.Td(fmt_number(r.old, r.decimals)), html.Td(fmt_number(r.value, r.decimals)),
            html.Td(t(f"change_{r.change}", lang), className=f"change-{r.change}"),
        ], className=f"preview-{r.change}")
        for r in plan.rows
    ]  # fmt: skip
    return html.Div(
        [html.Div(t("preview_title", lang, filename=plan.filename), className="fw-bold"),
         html.Div(t("preview_counts", lang, **plan.counts()), className="small mb-1 preview-counts"),
         html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", className="small mb-0"),
                  className="table-responsive preview-table")],
    )  # fmt: skip


def edit_terms(lang, *, reason: str, withdraw: str) -> html.Div:
    """What a correction needs: its reason (approved figures), and the confirmation
    that a submitted month is withdrawn to be changed."""
    return html.Div([
        dbc.Input(id=reason, size="sm", maxLength=500, className="mt-2",
                  placeholder=t("correction_reason", lang)),
        dbc.Checkbox(id=withdraw, value=False, label=t("withdraw_ok", lang),
                     className="small mt-1"),
    ], className="edit-terms")  # fmt: skip


NOTICE_COLORS = {"return": "danger", "reminder": "warning", "approval": "success"}


def notice_list(notices: Sequence, lang: str | None):
    """The county's open notices (returns, reminders, approvals), newest first."""
    if not notices:
        return None
    return html.Div([
        dbc.Alert(t(f"notice_{n.kind}", lang, period=period_label(n.year, n.month, lang),
                    by=n.by, at=n.at.strftime("%Y-%m-%d %H:%M"), text=n.text or "",
                    due=n.due.isoformat() if n.due else ""),
                  color=NOTICE_COLORS.get(n.kind, "info"),
                  className=f"py-2 small mb-2 notice-{n.kind}")
        for n in notices
    ], className="county-notices")  # fmt: skip


def _figure(value) -> str:
    """A figure as typed: whole numbers without decimals (621, not 621.00)."""
    if value is None:
        return "—"
    return fmt_number(value, 0 if float(value).is_integer() else 2)


def correction_notes(changes: Sequence, lang: str | None):
    """A county month's corrections (更正) with their reasons, under its figures."""
    if not changes:
        return None
    return html.Div([
        html.Div(t("corrections_title", lang), className="fw-bold small mt-2"),
        html.Ul([html.Li(t("correction_line", lang, indicator=pick(c, "name", lang),
                           old=_figure(c.old_value), new=_figure(c.new_value),
                           when=c.changed_at.strftime("%Y-%m-%d"), reason=c.reason),
                         className="correction-note")
                 for c in changes], className="small mb-0"),
    ], className="month-corrections")  # fmt: skip
