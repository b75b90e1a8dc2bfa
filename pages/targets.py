"""目标与权重 targets and weights, URL ``/targets`` (query: year, lang).

The supervisory office edits each county's annual targets (and the city's) and the
indicator weights; everyone else reads them. Changes keep their history.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components.cards import alert_message
from components.downloads import export_query, table_download_links
from components.panels import card, edit_grid, editable_column, outcome_message
from components.schemes import scheme_card
from components.shell import frame, register_page
from components.tables import change_history
from domain.kinds import kind_of
from i18n import pick, t
from pages import scheme_editor  # noqa: F401  (the scheme's callbacks)
from pages._query import bumped, page_query
from services import targets
from services.actions import save_targets
from services.context import current_actor, page_context

SECTION = "nav_targets"
QUERY = register_page(__name__, SECTION, path="/targets", order=6)

NOTE = "targets-note"
MESSAGE = "targets-message"
REFRESH = "targets-refresh"
GRID = "targets-grid"
SAVE_TARGETS = "targets-save"
SOURCE = "targets-source"
REASON = "targets-reason"
HISTORY = "targets-history"


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, planning=True, **_)
    query = context.query
    lang = query.lang
    demo = f" · {t('demo_data', lang)}" if context.is_demo else ""
    body = html.Div([
        dcc.Store(id=REFRESH, data=0),
        html.H1(t("targets_title", lang), className="page-title"),
        html.Div(t("targets_stamp", lang, year=query.year, updated=context.updated or "—")
                 + demo, className="as-of text-muted small mb-2"),
        html.Div(id=NOTE),
        dcc.Loading(html.Div(id=MESSAGE), delay_show=200),
        card(html.H2(t("targets_grid", lang, year=query.year), className="section-title"),
             html.Div([t("targets_hint", lang, **context.scope.words(lang)), " ",
                       table_download_links("targets", export_query(query.year, 12, lang), lang)],
                      className="small text-muted mb-2"),
             edit_grid(GRID),
             dbc.Row([
                 dbc.Col([dbc.Label(t("target_source", lang), html_for=SOURCE, className="small mb-0"),
                          dbc.Select(id=SOURCE, value=targets.SOURCES[0],
                                     options=[{"label": t(f"target_source_{s}", lang), "value": s}
                                              for s in targets.SOURCES])], md=3),
                 dbc.Col([dbc.Label(t("target_reason", lang), html_for=REASON, className="small mb-0"),
                          dbc.Input(id=REASON, maxLength=500, placeholder=t("target_reason_hint", lang))],
                         md=6),
                 dbc.Col(dbc.Button(t("save", lang), id=SAVE_TARGETS, color="primary",
                                    disabled=True), md=3, className="d-flex align-items-end"),
             ], className="g-2 mt-1 align-items-end"),
             className="mb-3"),
        dbc.Row([
            dbc.Col(card(scheme_card(lang, query.year)), lg=5),
            dbc.Col(card(html.H2(t("target_history", lang), className="section-title"),
                         html.Div(id=HISTORY, className="table-responsive")), lg=7),
        ], className="g-3"),
    ])  # fmt: skip
    return frame(context, body, SECTION)


def _target_grid(table, lang, editable) -> tuple[list, list]:
    # The indicator (with its unit) is pinned and wraps, so that on a phone two
    # regions' columns still show beside it.
    columns = [{"field": "name", "headerName": t("indicator", lang), "pinned": "left",
                "width": 132, "wrapText": True, "autoHeight": True,
                "cellClass": "indicator-cell"}]  # fmt: skip
    columns += [editable_column({"field": r.code, "headerName": pick(r, "name", lang), "width": 104},
                          editable) for r in table.regions]  # fmt: skip
    columns.append({"field": "county_sum",
                    "headerName": t("county_sum", lang, **table.words(lang)),
                    "width": 110, "type": "rightAligned"})  # fmt: skip
    rows = [
        {"code": ind.code,
         "name": t("header_with_unit", lang, header=pick(ind, "name", lang),
                   unit=pick(ind, "unit", lang)),
         "county_sum": _missing_as_word(table.county_sum(ind), ind, lang)}
        | {r.code: table.value(r.code, ind.code) for r in table.regions}
        for ind in table.indicators
    ]  # fmt: skip
    return columns, rows


def _missing_as_word(total, indicator, lang):
    """The sum column: a rate has none (blank), a sum of no targets says 未设定."""
    if total is None and kind_of(indicator.kind).summable:
        return t("target_not_set", lang)
    return total


@callback(
    output={
        "note": Output(NOTE, "children"),
        "columns": Output(GRID, "columnDefs"),
        "rows": Output(GRID, "rowData"),
        "locked": Output(SAVE_TARGETS, "disabled"),
    },
    inputs={"stored": Input(QUERY, "data"), "_refresh": Input(REFRESH, "data")},
)
def show_targets(stored, _refresh):
    """The year's targets (indicators × regions)."""
    query = page_query(stored)
    lang = query.lang
    actor = current_actor()
    editable = actor is not None and actor.is_supervisor
    table = targets.target_table(query.year, query.view_scope)
    columns, rows = _target_grid(table, lang, editable)
    return {
        "note": None if editable else alert_message(t("supervisor_only", lang), "secondary"),
        "columns": columns, "rows": rows, "locked": not editable,
    }  # fmt: skip


@callback(
    output={"history": Output(HISTORY, "children")},
    inputs={"stored": Input(QUERY, "data"), "_refresh": Input(REFRESH, "data")},
)
def show_history(stored, _refresh):
    """Who changed which target or weight (signed-in users only)."""
    query = page_query(stored)
    if current_actor() is None:
        return {"history": alert_message(t("history_login_needed", query.lang), "info")}
    return {"history": change_history(targets.changes(), query.lang)}


def _target_values(rows, region_codes) -> dict:
    """{(region, indicator): value} from the grid; only known region columns."""
    values = {}
    for row in (rows if isinstance(rows, list) else [])[:100]:
        if not isinstance(row, dict):
            continue
        for code in region_codes:
            if row.get(code) not in (None, ""):
                values[(code, str(row.get("code", ""))[:64])] = row[code]
    return values


@callback(
    output={"message": Output(MESSAGE, "children"), "refresh": Output(REFRESH, "data")},
    inputs={"_targets": Input(SAVE_TARGETS, "n_clicks")},
    state={"rows": State(GRID, "rowData"), "stored": State(QUERY, "data"),
           "refresh": State(REFRESH, "data"), "source": State(SOURCE, "value"),
           "reason": State(REASON, "value")},
    prevent_initial_call=True,
)  # fmt: skip
def on_targets_action(_targets, rows, stored, refresh, source, reason):
    """Save targets with their source and reason; the data layer checks the role
    and the rules."""
    query = page_query(stored)
    values = _target_values(rows, targets.region_codes())
    source = source if source in targets.SOURCES else targets.SOURCES[0]
    outcome = save_targets(current_actor(), query.year, values, source, reason)
    bump = bumped(refresh)
    return {"message": outcome_message(outcome, query.lang),
            "refresh": bump if outcome.ok else dash.no_update}  # fmt: skip
