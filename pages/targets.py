"""目标与权重 targets and weights, URL ``/targets`` (query: year, lang).

The supervisory office edits each county's annual targets (and the city's) and the
indicator weights; everyone else reads them. Changes keep their history.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html

from components import ids
from components.cards import alert_message
from components.downloads import export_query, table_download_links
from data_access import queries
from data_access.accounts import AccessDenied
from data_access.engine import DatabaseUnavailable
from data_access.rows import plain, records
from data_access.writes import WriteRefused, set_targets, set_weights
from i18n import fmt_number, lang_or_default, pick, t
from server.auth import current_actor
from services.context import parse_period, stamp

dash.register_page(
    __name__, path="/targets", order=6, nav_label="nav_targets", title="目标与权重"
)

TITLE = "targets-title"
NOTE = "targets-note"
STAMP = "targets-stamp"
MESSAGE = "targets-message"
REFRESH = "targets-refresh"
GRID_TITLE = "targets-grid-title"
GRID_HINT = "targets-grid-hint"
GRID = "targets-grid"
SAVE_TARGETS = "targets-save"
WEIGHTS_TITLE = "targets-weights-title"
WEIGHTS = "targets-weights"
WEIGHTS_TOTAL = "targets-weights-total"
SAVE_WEIGHTS = "targets-weights-save"
HISTORY_TITLE = "targets-history-title"
HISTORY = "targets-history"


def layout(**_query):
    card = lambda *children, **kw: dbc.Card(dbc.CardBody(list(children)), **kw)  # noqa: E731
    grid_options = {"domLayout": "autoHeight", "singleClickEdit": True,
                    "stopEditingWhenCellsLoseFocus": True}  # fmt: skip
    return html.Div(
        [
            dcc.Store(id=REFRESH, data=0),
            html.H1(id=TITLE, className="page-title"),
            html.Div(id=STAMP, className="as-of text-muted small mb-2"),
            html.Div(id=NOTE),
            dcc.Loading(html.Div(id=MESSAGE), delay_show=200),
            card(html.H2(id=GRID_TITLE, className="section-title"),
                 html.Div(id=GRID_HINT, className="small text-muted mb-2"),
                 dag.AgGrid(id=GRID, columnDefs=[], rowData=[], className="ag-theme-alpine",
                            dashGridOptions=grid_options, style={"width": "100%"}),
                 dbc.Button(id=SAVE_TARGETS, color="primary", className="mt-2"),
                 className="mb-3"),
            dbc.Row([
                dbc.Col(card(html.H2(id=WEIGHTS_TITLE, className="section-title"),
                             dag.AgGrid(id=WEIGHTS, columnDefs=[], rowData=[],
                                        className="ag-theme-alpine",
                                        dashGridOptions=grid_options,
                                        style={"width": "100%"}),
                             html.Div(id=WEIGHTS_TOTAL, className="small mt-1"),
                             dbc.Button(id=SAVE_WEIGHTS, color="primary", className="mt-2")),
                        lg=5),
                dbc.Col(card(html.H2(id=HISTORY_TITLE, className="section-title"),
                             html.Div(id=HISTORY, className="table-responsive")), lg=7),
            ], className="g-3"),
        ]
    )  # fmt: skip


def _history_table(targets, weights, lang):
    rows = []
    for r in records(targets):
        rows.append((r["changed_at"], r["changed_by"],
                     f"{pick(r, 'region', lang)} · {pick(r, 'name', lang)} · {r['year']}",
                     r["old_value"], r["new_value"]))  # fmt: skip
    for r in records(weights):
        rows.append((r["changed_at"], r["changed_by"],
                     f"{t('weight', lang)} · {pick(r, 'name', lang)}",
                     r["old_value"], r["new_value"]))  # fmt: skip
    rows.sort(key=lambda r: r[0], reverse=True)
    if not rows:
        return html.P(t("no_history", lang), className="text-muted small mb-0")
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("changed_at", "changed_by", "indicator", "old_value",
                                "new_value")]))  # fmt: skip
    body = [html.Tr([html.Td(w.strftime("%Y-%m-%d %H:%M"), className="text-nowrap"),
                     html.Td(who), html.Td(what), html.Td(fmt_number(old, 2)),
                     html.Td(fmt_number(new, 2))]) for w, who, what, old, new in rows[:50]]  # fmt: skip
    return dbc.Table([head, html.Tbody(body)], size="sm", className="small mb-0")


@callback(
    Output(TITLE, "children"),
    Output(STAMP, "children"),
    Output(NOTE, "children"),
    Output(GRID_TITLE, "children"),
    Output(GRID_HINT, "children"),
    Output(GRID, "columnDefs"),
    Output(GRID, "rowData"),
    Output(SAVE_TARGETS, "children"),
    Output(SAVE_TARGETS, "disabled"),
    Output(WEIGHTS_TITLE, "children"),
    Output(WEIGHTS, "columnDefs"),
    Output(WEIGHTS, "rowData"),
    Output(WEIGHTS_TOTAL, "children"),
    Output(SAVE_WEIGHTS, "children"),
    Output(SAVE_WEIGHTS, "disabled"),
    Output(HISTORY_TITLE, "children"),
    Output(HISTORY, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.LANG, "value"),
    Input(REFRESH, "data"),
)
def update_targets(year, lang, _refresh):
    """The year's targets (indicators × regions) and the weights."""
    lang = lang_or_default(lang)
    period = parse_period(year, 1)
    year = period[0] if period else None
    actor = current_actor()
    editable = actor is not None and actor.is_supervisor
    note = None if editable else alert_message(t("supervisor_only", lang), "secondary")
    catalogue = queries.indicators()
    regions = queries.regions()
    values = queries.targets(year) if year else queries.targets(0)
    table = values.pivot(index="indicator", columns="region", values="value")
    county_codes = regions.loc[regions.level == "county", "code"].tolist()
    columns = [{"field": "name", "headerName": t("indicator", lang), "pinned": "left",
                "minWidth": 170, "flex": 1},
               {"field": "unit", "headerName": t("unit", lang), "width": 70}]  # fmt: skip
    for r in records(regions):
        columns.append({"field": r["code"], "headerName": pick(r, "name", lang),
                        "editable": editable, "width": 110, "type": "rightAligned",
                        "cellClass": "editable-cell ag-right-aligned-cell" if editable else ""})  # fmt: skip
    columns.append({"field": "county_sum", "headerName": t("county_sum", lang),
                    "width": 110, "type": "rightAligned"})  # fmt: skip
    rows = []
    for ind in records(catalogue):
        row = {"code": ind["code"], "name": pick(ind, "name", lang),
               "unit": pick(ind, "unit", lang)}  # fmt: skip
        for code in regions.code:
            value = (
                table.at[ind["code"], code]
                if ind["code"] in table.index and code in table.columns
                else None
            )
            value = plain(value)
            row[code] = None if value is None else float(value)
        row["county_sum"] = (
            sum(row[c] or 0 for c in county_codes)
            if ind["kind"] != "rate_cap"
            else None
        )
        rows.append(row)
    weight_columns = [
        {"field": "name", "headerName": t("indicator", lang), "flex": 1, "minWidth": 160},
        {"field": "weight", "headerName": t("weight", lang), "editable": editable,
         "width": 100, "type": "rightAligned",
         "cellClass": "editable-cell ag-right-aligned-cell" if editable else ""},
    ]  # fmt: skip
    weight_rows = [{"code": r["code"], "name": pick(r, "name", lang), "weight": r["weight"]}
                   for r in records(catalogue)]  # fmt: skip
    total = fmt_number(catalogue.weight.sum(), 1)
    info = stamp()
    return (
        t("targets_title", lang),
        t("targets_stamp", lang, year=year or "—", updated=info.updated or "—")
        + (f" · {t('demo_data', lang)}" if info.is_demo else ""),
        note,
        t("targets_grid", lang, year=year or "—"),
        html.Span(
            [
                t("targets_hint", lang),
                " ",
                table_download_links(
                    "targets", export_query(year or 0, 12, lang), lang
                ),
            ]
        ),
        columns,
        rows,
        t("save", lang),
        not editable,
        t("weights_grid", lang),
        weight_columns,
        weight_rows,
        t("weights_total", lang, total=total),
        t("save", lang),
        not editable,
        t("target_history", lang),
        _history_table(queries.target_changes(), queries.weight_changes(), lang)
        if actor is not None
        else alert_message(t("history_login_needed", lang), "info"),
    )


def _target_values(rows, region_codes) -> dict:
    """{(region, indicator): value} from the grid; only known region columns."""
    values = {}
    if not isinstance(rows, list):
        return values
    for row in rows[:100]:
        if not isinstance(row, dict):
            continue
        for code in region_codes:
            if row.get(code) not in (None, ""):
                values[(code, str(row.get("code", ""))[:64])] = row[code]
    return values


@callback(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Input(SAVE_TARGETS, "n_clicks"),
    Input(SAVE_WEIGHTS, "n_clicks"),
    State(GRID, "rowData"),
    State(WEIGHTS, "rowData"),
    State(ids.YEAR, "value"),
    State(ids.LANG, "value"),
    State(REFRESH, "data"),
    prevent_initial_call=True,
)
def on_targets_action(_targets, _weights, rows, weight_rows, year, lang, refresh):
    """Save targets or weights; the data layer checks the role and the rules."""
    lang = lang_or_default(lang)
    actor = current_actor()
    if actor is None:
        return alert_message(t("login_needed", lang), "warning"), dash.no_update
    bump = (refresh or 0) + 1 if isinstance(refresh, int) else 1
    try:
        if ctx.triggered_id == SAVE_TARGETS:
            period = parse_period(year, 1)
            if period is None:
                return alert_message(t("bad_period", lang), "warning"), dash.no_update
            codes = queries.regions().code.tolist()
            changed = set_targets(actor, period[0], _target_values(rows, codes))
            return alert_message(
                t("targets_saved", lang, changed=changed), "success"
            ), bump
        weights = {
            str(r.get("code", ""))[:64]: r.get("weight")
            for r in (weight_rows if isinstance(weight_rows, list) else [])[:100]
            if isinstance(r, dict)
        }
        changed = set_weights(actor, weights)
        return alert_message(t("weights_saved", lang, changed=changed), "success"), bump
    except (AccessDenied, WriteRefused, DatabaseUnavailable) as refused:
        return alert_message(
            t("error_prefix", lang) + str(refused), "danger"
        ), dash.no_update
