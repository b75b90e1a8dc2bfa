"""The year's assessment scheme on 目标与权重 (its callbacks; the page imports this
module): the office starts a year's scheme from the one it borrows, changes weights
and parameters with a reason once the year has begun, told which months a change
scores anew; everyone reads the scheme and its history."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback

from components import ids
from components import schemes as S
from components.panels import outcome_message
from i18n import fmt_number, pick, t
from pages._query import bumped, page_query
from services import lookups
from services.actions import save_scheme, start_year_scheme
from services.context import current_actor
from services.recompute import progress, recent
from services.schemes import PARAMETER_NAMES, scheme_view

QUERY = ids.query("nav_targets")  # the 目标与权重 page's query store
HIDDEN = {"display": "none"}


def _months(months: list[int], lang) -> str:
    """Months as runs: 1–7、9–10."""
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return t("list_separator", lang).join(
        f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs
    )


def _state(view, lang) -> str:
    if view.own:
        if view.updated_at is None:
            return ""
        when = view.updated_at.strftime("%Y-%m-%d")
        if view.updated_by in ("seed", "migration"):  # made when the data were loaded
            return t("scheme_seeded", lang, when=when)
        return t("scheme_own", lang, who=view.updated_by, when=when)
    if view.from_year is None:
        return t("scheme_default", lang, year=view.year)
    return t("scheme_borrowed", lang, year=view.year, **{"from": view.from_year})


@callback(
    output={"state": Output(S.STATE, "children"), "start": Output(S.START, "children"),
            "start_style": Output(S.START, "style"),
            "weight_columns": Output(S.WEIGHTS, "columnDefs"),
            "weight_rows": Output(S.WEIGHTS, "rowData"), "total": Output(S.WEIGHTS_TOTAL, "children"),
            "parameters": Output(S.PARAMETERS, "rowData"),
            "parameter_columns": Output(S.PARAMETERS, "columnDefs")},
    inputs={"stored": Input(QUERY, "data"), "_refresh": Input(S.REFRESH, "data")},
)  # fmt: skip
def show_scheme(stored, _refresh):
    """The year's weights and parameters, editable by the office."""
    query = page_query(stored)
    lang = query.lang
    actor = current_actor()
    editable = actor is not None and actor.is_supervisor
    view = scheme_view(query.year)
    kinds = dict(view.kinds)
    rows = [{"code": i.code, "name": pick(i, "name", lang), "kind": kinds.get(i.code, i.kind),
             "weight": view.weights.get(i.code)} for i in lookups.indicators()]  # fmt: skip
    weight_columns, weight_rows = S.weight_grid(rows, lang, editable)
    parameter_columns, parameter_rows = S.parameter_grid(
        view.parameters, lang, editable
    )
    start_from = view.from_year
    label = (t("scheme_start", lang, year=query.year, **{"from": start_from})
             if start_from is not None else t("scheme_start_default", lang, year=query.year))  # fmt: skip
    return {"state": [_state(view, lang), S.documents_line(view.documents, lang)],
            "start": label,
            "start_style": {} if editable and not view.own else HIDDEN,
            "weight_columns": weight_columns, "weight_rows": weight_rows,
            "total": t("weights_total", lang, total=fmt_number(sum(view.weights.values()), 1)),
            "parameters": parameter_rows, "parameter_columns": parameter_columns}  # fmt: skip


@callback(
    output={"warning": Output(S.WARNING, "children"), "locked": Output(S.SAVE, "disabled"),
            "history": Output(S.HISTORY, "children")},
    inputs={"stored": Input(QUERY, "data"), "_refresh": Input(S.REFRESH, "data")},
)  # fmt: skip
def show_scheme_history(stored, _refresh):
    """Which months a change scores anew (published ones stay frozen), and the
    scheme's history."""
    query = page_query(stored)
    lang = query.lang
    actor = current_actor()
    view = scheme_view(query.year)
    warning = []
    if view.rescored:
        warning.append(t("scheme_rescore", lang, year=query.year,
                         months=_months(view.rescored, lang)))  # fmt: skip
    if view.published:
        warning.append(" " + t("scheme_frozen", lang, year=query.year,
                               months=_months(view.published, lang)))  # fmt: skip
    names = {i.code: pick(i, "name", lang) for i in lookups.indicators()}
    return {"warning": warning, "locked": not (actor is not None and actor.is_supervisor),
            "history": S.history_table(view.history, names, lang)}  # fmt: skip


def _typed(rows, key: str, value: str, known) -> dict:
    return {str(r.get(key))[:64]: r.get(value)
            for r in (rows if isinstance(rows, list) else [])[:100]
            if isinstance(r, dict) and str(r.get(key)) in known}  # fmt: skip


@callback(
    output={"message": Output(S.MESSAGE, "children"), "refresh": Output(S.REFRESH, "data")},
    inputs={"_save": Input(S.SAVE, "n_clicks"), "_start": Input(S.START, "n_clicks")},
    state={"weights": State(S.WEIGHTS, "rowData"), "parameters": State(S.PARAMETERS, "rowData"),
           "reason": State(S.REASON, "value"), "stored": State(QUERY, "data"),
           "refresh": State(S.REFRESH, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_scheme_action(_save, _start, weights, parameters, reason, stored, refresh):
    """Start the year's scheme, or save its weights and parameters (with the reason);
    the data layer checks the role, the total of 100 and the reason."""
    query = page_query(stored)
    if dash.ctx.triggered_id == S.START:
        outcome = start_year_scheme(current_actor(), query.year)
    else:
        codes = {i.code for i in lookups.indicators()}
        outcome = save_scheme(current_actor(), query.year, weights=_typed(weights, "code", "weight", codes),
                              parameters=_typed(parameters, "name", "value", PARAMETER_NAMES),
                              reason=reason)  # fmt: skip
    bump = bumped(refresh)
    return {"message": outcome_message(outcome, query.lang),
            "refresh": bump if outcome.ok else dash.no_update}  # fmt: skip


@callback(
    output={"panel": Output(S.RECOMPUTE, "children"),
            "paused": Output(S.RECOMPUTE_POLL, "disabled")},
    inputs={"_tick": Input(S.RECOMPUTE_POLL, "n_intervals"), "_refresh": Input(S.REFRESH, "data")},
    state={"stored": State(QUERY, "data")},
)  # fmt: skip
def show_recompute(_tick, _refresh, stored):
    """While a recomputation runs: its progress, polled every two seconds (the poll
    stops when it is done)."""
    query = page_query(stored)
    running = progress()
    finished = next((r for r in recent() if r.state in ("done", "failed")), None)
    return {
        "panel": S.recompute_panel(running, finished, query.lang),
        "paused": running is None,
    }
