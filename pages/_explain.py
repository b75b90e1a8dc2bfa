"""The 数据报送 page's 情况说明 card: what the county's month needs explained, and its
save. Imported by ``pages.data_entry`` (its callbacks live here to keep that page
short)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from components import data_ids as D
from components import ids
from components.panels import card, outcome_message
from components.quality import explanation_form, quality_hints
from i18n import t
from pages._query import bumped, page_query
from services import lookups, quality, reporting
from services.actions import explain
from services.context import current_actor


def explain_card(lang: str | None):
    """The card; its form is drawn by the callback (it follows the chosen county)."""
    return card(
        html.H2(t("explanation_form_title", lang), className="section-title"),
        html.Div(id=D.EXPLAIN),
        html.Div(
            dbc.Button(t("explanation_save", lang), id=D.EXPLAIN_SAVE, size="sm",
                       color="primary", outline=True),
            className="mt-2"),
        dcc.Loading(html.Div(id=D.EXPLAIN_MESSAGE), delay_show=200),
        className="mb-3 order-2 explain-card",
    )  # fmt: skip


def hints_of(outcome, lang: str | None):
    """The soft checks' hints an outcome carries (a preview, a save), or None."""
    found = outcome.values.get("flags") if outcome is not None else None
    if not found:
        return None
    names = {i.code: i for i in lookups.indicators()}
    regions = {r.code: r for r in lookups.counties()}
    return quality_hints(found, names, lang, regions=regions)


QUERY = ids.query("nav_data")  # the 数据报送 page's query store


def _county(actor, chosen) -> str:
    """The county whose month the card explains: an official's own, else the one the
    office chose."""
    return reporting.scope_region(actor, chosen, [c.code for c in lookups.counties()])


@callback(
    output={"form": Output(D.EXPLAIN, "children")},
    inputs={"stored": Input(QUERY, "data"), "chosen": Input(D.REVIEW_REGION, "value"),
            "_changed": Input(D.CHANGED, "data")},
)  # fmt: skip
def show_explanations(stored, chosen, _changed):
    """What the county's month needs explained, with the explanations it has."""
    query = page_query(stored)
    actor = current_actor()
    if actor is None:
        return {"form": None}
    region = _county(actor, chosen)
    rows = quality.explanation_panel(region, *query.period)
    return {"form": explanation_form(rows, query.lang, actor.may_write_region(region))}


@callback(
    output={"message": Output(D.EXPLAIN_MESSAGE, "children"),
            "changed": Output(D.CHANGED, "data", allow_duplicate=True)},
    inputs={"_save": Input(D.EXPLAIN_SAVE, "n_clicks")},
    state={"texts": State(D.explain_text(ALL), "value"), "text_ids": State(D.explain_text(ALL), "id"),
           "measures": State(D.explain_measures(ALL), "value"),
           "measure_ids": State(D.explain_measures(ALL), "id"),
           "stored": State(QUERY, "data"), "chosen": State(D.REVIEW_REGION, "value"),
           "changed": State(D.CHANGED, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_explain(_save, texts, text_ids, measures, measure_ids, stored, chosen, changed):
    """Save every explanation typed or changed on the form."""
    query = page_query(stored)
    actor = current_actor()
    typed = reporting.typed_items(text_ids, texts)
    more = reporting.typed_items(measure_ids, measures)
    shown = {} if actor is None else {
        code: (row.text, row.measures or "") for (_, code, _, _), row in
        quality.current_explanations(*query.period, _county(actor, chosen)).items()}  # fmt: skip
    items = {code: (text_, more.get(code)) for code, text_ in typed.items()
             if shown.get(code) != (text_, more.get(code, ""))}  # fmt: skip
    outcome = explain(actor, chosen, *query.period, items)
    bump = bumped(changed)
    return {
        "message": outcome_message(outcome, query.lang),
        "changed": bump if outcome.ok else dash.no_update,
    }
