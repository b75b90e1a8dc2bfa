"""Shown for any URL that no page claims."""

import dash
from dash import dcc, html

from i18n import DEFAULT_LANG, t

dash.register_page(__name__, title=lambda **_: t("page_not_found", DEFAULT_LANG))


def layout(lang=None, **_):
    return html.Div(
        [
            html.H1(t("page_not_found", lang), className="page-title"),
            dcc.Link(t("back_to_overview", lang), href=dash.get_relative_path("/")),
        ],
        className="py-4 container",
    )
