"""The query a page's store holds, for the pages' callbacks (a helper module: Dash
Pages skips files whose names start with ``_``)."""

from __future__ import annotations

from dash.exceptions import PreventUpdate

from services.context import PageQuery


def page_query(stored) -> PageQuery:
    """The query a page's store holds; a forged store stops the callback (nothing to
    show)."""
    query = PageQuery.from_store(stored)
    if query is None:
        raise PreventUpdate
    return query


def bumped(counter) -> int:
    """A page's change counter one higher (its panels read again); a forged value
    counts as 0."""
    return (counter if isinstance(counter, int) else 0) + 1
