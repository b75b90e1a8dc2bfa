"""Page parts that several pages repeat: a chart card with its download menu, a
trend card with its indicator picker, a chooser that opens another entity's page,
and the outcome of a write shown as a message."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, clientside_callback, dcc, html

from components.cards import alert_message
from i18n import LANGS, lang_or_default, period_label, pick, t
from presenters.figures import CHART_CONFIG, TREND_HEIGHT

CHOOSER = "entity-chooser"
CHOOSER_GO = "entity-chooser-go"


def card(*children, **kwargs) -> dbc.Card:
    return dbc.Card(dbc.CardBody(list(children)), **kwargs)


def labelled(text: str, control) -> html.Label:
    """A control with its label for screen readers (dbc inputs take no aria-label)."""
    return html.Label([html.Span(text, className="visually-hidden"), control],
                      className="d-block")  # fmt: skip


def group_label(text: str, for_id: str) -> html.Label:
    """An input group's label, tied to its control (screen readers name the select by
    it; dbc.InputGroupText is not a label)."""
    return html.Label(text, htmlFor=for_id, className="input-group-text")


def panel_title(title: str, *tools) -> html.Div:
    return html.Div([html.H2(title, className="section-title me-auto"), *tools],
                    className="d-flex flex-wrap gap-2 align-items-center")  # fmt: skip


def chart_card(
    title: str,
    graph_id: str,
    menu,
    *,
    note: str | None = None,
    min_width: str | None = None,
    config=CHART_CONFIG,
    phone=None,
    height: int | None = None,
) -> dbc.Card:
    """A titled chart with its download menu (and a note under the title); ``phone``
    stands in for the chart on a phone (a list where a wide chart would not fit);
    ``height``, the figure's where it does not depend on the data (``drawn_at``)."""
    graph = dcc.Graph(
        id=graph_id, config=config, style={"minWidth": min_width} if min_width else {},
        **drawn_at(height),
    )  # fmt: skip
    shown = html.Div(graph, className="scroll-x") if min_width else graph
    return card(
        panel_title(title, menu),
        html.P(note, className="text-muted small") if note else None,
        html.Div(shown, className="d-none d-sm-block") if phone is not None else shown,
        html.Div(phone, className="d-sm-none") if phone is not None else None,
    )  # fmt: skip


def trend_card(
    title: str,
    picker_id: str,
    graph_id: str,
    menu_id: str,
    options: list[dict],
    value: str | None,
) -> dbc.Card:
    """A monthly trend with an indicator picker; its menu follows the picker."""
    picker = labelled(
        title,
        dbc.Select(
            id=picker_id, options=options, value=value, size="sm", className="w-auto"
        ),
    )
    return card(panel_title(title, html.Div(id=menu_id), picker),
                dcc.Graph(id=graph_id, config=CHART_CONFIG, **drawn_at(TREND_HEIGHT)))  # fmt: skip


def drawn_at(height: int | None) -> dict:
    """A graph's first figure, empty, at the height its answer's figure will have: dcc
    draws the empty one first, then the answer's, and its size watcher draws that again
    whenever the graph's height changed (0.1 s a chart, on every load). Nothing where
    the height depends on the data."""
    return {"figure": {"data": [], "layout": {"height": height}}} if height else {}


def chooser(
    base: str,
    options: list[dict],
    value: str | None,
    placeholder: str = "",
    label: str = "",
):
    """A select that opens ``base + chosen`` (keeping the query) when changed; an
    unknown ``value`` shows the placeholder, so that every option can be chosen."""
    known = value in {o["value"] for o in options}
    return html.Div([
        labelled(label or placeholder, dbc.Select(
            id={"type": CHOOSER, "base": base}, options=options,
            value=value if known else "", placeholder=placeholder, size="sm",
            className="w-auto mb-2 entity-chooser")),
        dcc.Location(id={"type": CHOOSER_GO, "base": base}, refresh="callback-nav"),
    ])  # fmt: skip


def entity_choice(
    base: str, rows, value, lang, choose_key: str, unknown_key: str, limit: int = 40
) -> tuple[html.Div, bool]:
    """The chooser of an entity page (a county, an indicator) and, for a code that is
    not one, a notice saying so; and whether the code is known (the page then hides its
    panels rather than leave them out, so that its callbacks stay wired)."""
    known = value in {r.code for r in rows}
    picker = chooser(base, options(rows, lang), value, t(choose_key, lang))
    notice = None if known else alert_message(
        t(unknown_key, lang, code=str(value)[:limit]), "warning")  # fmt: skip
    return html.Div([picker, notice]), known


def options(rows, lang) -> list[dict]:
    """Select options of typed rows: the name in the reader's language, the code."""
    return [{"label": pick(r, "name", lang), "value": r.code} for r in rows]


clientside_callback(
    """
    function(chosen, id) {
        if (!chosen || window.location.pathname.endsWith('/' + chosen)) {
            return dash_clientside.no_update;
        }
        return id.base + encodeURIComponent(chosen) + window.location.search;
    }
    """,
    Output({"type": CHOOSER_GO, "base": MATCH}, "href"),
    Input({"type": CHOOSER, "base": MATCH}, "value"),
    State({"type": CHOOSER, "base": MATCH}, "id"),
    prevent_initial_call=True,
)


def outcome_message(outcome, lang: str | None, plan_view=None):
    """A write's outcome in the reader's language; a refused import lists its
    problems (``plan_view`` draws the plan)."""
    values = dict(outcome.values)
    for name, value in values.items():  # a value given in each language
        if isinstance(value, dict) and set(value) == set(LANGS):
            values[name] = value[lang_or_default(lang)]
    if "year" in values and "month" in values:
        values.setdefault("period", period_label(values["year"], values["month"], lang))
    text = t(outcome.key, lang, **values)
    if outcome.ok:
        return alert_message(text, "success")
    if outcome.plan is not None and plan_view is not None:
        return html.Div([alert_message(text, "danger"), plan_view(outcome.plan, lang)])
    prefix = "" if outcome.key == "login_needed" else t("error_prefix", lang)
    color = "warning" if outcome.key == "login_needed" else "danger"
    return alert_message(prefix + text, color)


def stat_tiles(stats: list[tuple[str, object]]) -> dbc.Row:
    """Label/value tiles in a row (two a line on a phone)."""
    return dbc.Row(
        [dbc.Col(card(html.Div(label, className="stat-label"),
                      html.Div(value, className="stat-value")), xs=6, md=3)
         for label, value in stats],
        className="g-2",
    )  # fmt: skip


# An editable ag-grid that grows with its rows; one click edits a cell.
EDIT_GRID_OPTIONS = {"domLayout": "autoHeight", "singleClickEdit": True,
                     "stopEditingWhenCellsLoseFocus": True}  # fmt: skip


def edit_grid(grid_id) -> dag.AgGrid:
    """An empty grid whose columns and rows a callback fills."""
    return dag.AgGrid(id=grid_id, columnDefs=[], rowData=[], className="ag-theme-alpine",
                      dashGridOptions=EDIT_GRID_OPTIONS, style={"width": "100%"})  # fmt: skip


def editable_column(column: dict, editable: bool) -> dict:
    """A right-aligned figure column, marked editable for the office."""
    return column | {"editable": editable, "type": "rightAligned",
                     "cellClass": "editable-cell ag-right-aligned-cell" if editable else ""}  # fmt: skip
