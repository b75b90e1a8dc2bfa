"""The scope bar: where a view stands in the hierarchy (全国 › 省 › 市), a switch to
every county below a province or the nation, and a search that finds any region by
name or code (no list of thousands of options: the server answers what is typed).

Hidden for a data set of one city and its counties, which has nothing to choose."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, clientside_callback, dcc, html

from components import ids
from i18n import pick, t

# Search answers are "scope:<code>" (a region with units: show them) or
# "unit:<path>" (a county: open its page at that path).
SCOPE_PREFIX, UNIT_PREFIX = "scope:", "unit:"


def _href(query, **changes) -> str:
    """This page's URL with the query changed (a relative link keeps the path)."""
    return query.search_with(**changes)


def scope_bar(context, switch: bool = True) -> html.Nav:
    """The bar; hidden (its search still wired) for one city and its counties.
    ``switch`` False leaves out the all-counties switch (a page of the parent's own
    units, such as the targets grid)."""
    scope, query = context.scope, context.query
    hidden = scope.parent is None or (scope.is_flat and query.scope is None)
    lang = query.lang
    crumbs = []
    for index, row in enumerate(scope.path):
        name = pick(row, "name", lang)
        last = index == len(scope.path) - 1
        crumbs.append(dbc.Badge(name, color="primary", className="scope-current")
                      if last and not scope.all_counties
                      else dcc.Link(name, href=_href(query, scope=row.code, units=None),
                                    className="scope-crumb"))  # fmt: skip
        if not last:
            crumbs.append(
                html.Span("›", className="scope-sep", **{"aria-hidden": "true"})
            )
    toggle = None
    if switch and scope.can_expand:
        toggle = dcc.Link(
            ("☑ " if scope.all_counties else "☐ ") + t("scope_all_counties", lang),
            href=_href(query, units=None if scope.all_counties else "county"),
            className="scope-switch btn btn-sm btn-outline-secondary",
        )  # fmt: skip
    count = t("scope_units", lang, count=len(scope.units))
    search = dcc.Dropdown(
        id=ids.REGION_SEARCH, options=[], placeholder=t("scope_search", lang),
        searchable=True, clearable=True, className="scope-search",
        search_value="", optionHeight=32, search_order="original",
        labels={"search": t("scope_search_input", lang),
                "no_options_found": t("scope_search_none", lang),
                "clear_search": t("clear", lang), "clear_selection": t("clear", lang)},
    )  # fmt: skip
    return html.Nav(
        [html.Span(t("scope_label", lang), className="scope-label"), *crumbs,
         html.Span(count, className="scope-count text-muted"), toggle,
         html.Div(search, className="scope-search-box"),
         dcc.Location(id=ids.REGION_GO, refresh="callback-nav")],
        # Not the hidden attribute: Bootstrap's d-flex (display: flex !important) wins.
        className="scope-bar flex-wrap align-items-center gap-2 mb-2 "
        + ("d-none" if hidden else "d-flex"),
        **{"aria-label": t("scope_label", lang)},
    )  # fmt: skip


clientside_callback(
    """
    function(chosen) {
        if (!chosen) { return dash_clientside.no_update; }
        const params = new URLSearchParams(window.location.search);
        params.delete('units'); params.delete('page');
        if (chosen.startsWith('scope:')) {
            params.set('scope', chosen.slice(6));
            return window.location.pathname + '?' + params.toString();
        }
        return chosen.slice(5) + '?' + params.toString();
    }
    """,
    Output(ids.REGION_GO, "href"),
    Input(ids.REGION_SEARCH, "value"),
    prevent_initial_call=True,
)
