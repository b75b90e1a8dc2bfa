"""Shown for any URL that no page claims."""

import dash
from dash import dcc, html

dash.register_page(__name__, title="404")


def layout(**_query):
    return html.Div(
        [
            html.H1("页面不存在 · Page not found", className="page-title"),
            dcc.Link(
                "返回总览 · Back to the overview", href=dash.get_relative_path("/")
            ),
        ],
        className="py-4",
    )
