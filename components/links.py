"""Links to entity pages that keep the current period and language (the query)."""

from __future__ import annotations

import dash


def county_href(code: str, search: str | None = None) -> str:
    return dash.get_relative_path(f"/county/{code}") + (search or "")


def indicator_href(code: str, search: str | None = None) -> str:
    return dash.get_relative_path(f"/indicator/{code}") + (search or "")
