"""The rankings page's 公平比较 card: a switch between the official ranking, per
capita, improvement on the previous year and 争先进位, each saying in one line how it
is computed. Imported by ``pages.rankings`` (its callback lives here to keep that page
short)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from components import ids
from components.cards import alert_message
from components.links import county_href
from components.outlook import fair_table
from components.panels import card
from i18n import t
from pages._query import page_query
from services.assessment import period_view
from services.cache import rendered_by_period
from services.context import rules
from services.fair import BASES, OFFICIAL, fair_ranking

BASIS = "rankings-fair-basis"
TABLE = "rankings-fair-table"
LABEL = "rankings-fair-label"
SECTION = "nav_rankings"


def fair_card(lang: str | None, unit_word: str):
    """The switch and the view it picks."""
    return card(
        html.H2(t("fair_title", lang), className="section-title"),
        html.Div([
            html.Span(t("fair_basis", lang), id=LABEL, className="small me-2"),
            dbc.RadioItems(id=BASIS, value=OFFICIAL, inline=True, className="d-inline-block",
                           options=[{"label": t(f"fair_{b}", lang), "value": b} for b in BASES],
                           inputClassName="me-1"),
        ], className="mb-2", role="radiogroup", **{"aria-labelledby": LABEL}),
        dcc.Loading(html.Div(id=TABLE), delay_show=300),
        className="mb-3 fair-card",
    )  # fmt: skip


@callback(
    output={"table": Output(TABLE, "children")},
    inputs={
        "basis": Input(BASIS, "value"),
        "stored": Input(ids.query(SECTION), "data"),
    },
)
@rendered_by_period
def show_fair(basis, stored):
    """The units compared on the chosen basis."""
    query = page_query(stored)
    lang = query.lang
    if basis not in BASES:
        raise dash.exceptions.PreventUpdate
    view = period_view(*query.period, rules(query.year), query.mode, query.view_scope)
    if not view.has_data:
        return {"table": alert_message(t("no_data_period", lang,
                                         period=f"{query.year}-{query.month}"))}  # fmt: skip
    ranking = fair_ranking(view, basis)
    return {"table": fair_table(ranking, lang, view.words(lang)["Unit"],
                                lambda code: county_href(code, query.search))}  # fmt: skip
