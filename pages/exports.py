"""导出/通报 exports and the bulletin, URL ``/exports`` (query: year, month, lang).

The bulletin's text is shown here exactly as the PDF prints it; the PDF downloads with a
loading indicator. Tables and the view's ZIP are plain links with stable URLs.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, page_header
from components.downloads import export_query, table_download_links
from i18n import lang_or_default, t
from services.assessment import period_view
from services.bulletin import (
    NO_RED_ITEMS,
    RANKING_HEADERS,
    RED_HEADERS,
    SECTIONS,
    bulletin_for,
    bulletin_pdf,
    ranking_cells,
    red_cells,
)
from services.context import data_mode, parse_period, rules, stamp

dash.register_page(
    __name__, path="/exports", order=7, nav_label="nav_exports", title="导出/通报"
)

HEADER = "exports-header"
DOWNLOAD_BUTTON = "exports-bulletin-button"
DOWNLOAD = "exports-bulletin-download"
DOWNLOAD_STATUS = "exports-bulletin-status"
LINKS = "exports-links"
PREVIEW_TITLE = "exports-preview-title"
PREVIEW = "exports-preview"


def layout(**_query):
    return html.Div(
        [
            html.Div(id=HEADER),
            dbc.Card(dbc.CardBody([
                html.Div([
                    dbc.Button(id=DOWNLOAD_BUTTON, color="danger"),
                    dcc.Loading(html.Span(id=DOWNLOAD_STATUS, className="small ms-2"),
                                type="circle", delay_show=100),
                ], className="d-flex align-items-center flex-wrap gap-2 mb-2"),
                dcc.Download(id=DOWNLOAD),
                html.Div(id=LINKS),
            ]), className="mb-3"),
            dbc.Card(dbc.CardBody([
                html.H2(id=PREVIEW_TITLE, className="section-title"),
                html.Div(id=PREVIEW, className="bulletin-preview"),
            ])),
        ]
    )  # fmt: skip


def _table(headers, rows, row_classes=None, **kwargs) -> dbc.Table:
    classes = row_classes or [None] * len(rows)
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in headers])),
         html.Tbody([html.Tr([html.Td(cell) for cell in row], className=cls)
                     for row, cls in zip(rows, classes, strict=True)])],
        size="sm", **kwargs,
    )  # fmt: skip


def _preview(bulletin):
    """The bulletin as the PDF prints it (same sections, same cells)."""
    ranking = _table(RANKING_HEADERS, [ranking_cells(r) for r in bulletin.ranking],
                     className="mb-2")  # fmt: skip
    red = (
        _table(RED_HEADERS, [red_cells(i) for i in bulletin.red_list],
               [f"red-{i.status}" for i in bulletin.red_list], className="red-list small")
        if bulletin.red_list
        else html.P(NO_RED_ITEMS)
    )  # fmt: skip
    return html.Div([
        html.Div("就业目标责任考核通报", className="bulletin-red-title"),
        html.H3(bulletin.title, className="bulletin-title"),
        html.P(bulletin.filters, className="small text-muted text-center"),
        html.P(bulletin.published, className="small text-center") if bulletin.published else None,
        html.H4(SECTIONS[0], className="section-title"),
        html.Div(ranking, className="table-responsive"),
        html.H4(SECTIONS[1], className="section-title"),
        *[html.P(text, className="bulletin-paragraph") for _name, text in bulletin.paragraphs],
        html.H4(SECTIONS[2], className="section-title"),
        html.Div(red, className="table-responsive"),
    ])  # fmt: skip


@callback(
    Output(HEADER, "children"),
    Output(DOWNLOAD_BUTTON, "children"),
    Output(LINKS, "children"),
    Output(PREVIEW_TITLE, "children"),
    Output(PREVIEW, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.MONTH, "value"),
    Input(ids.LANG, "value"),
    Input(ids.DATA_MODE, "value"),
)
def update_exports(year, month, lang, submitted):
    """The bulletin's text for the period, and links to every export."""
    lang = lang_or_default(lang)
    period = parse_period(year, month)
    if period is None:
        return alert_message(t("bad_period", lang), "warning"), "", None, "", None
    info = stamp()
    view = period_view(*period, rules(), data_mode(submitted))
    header = page_header(t("exports_title", lang), *period, lang, is_demo=info.is_demo,
                         updated=info.updated, pending=view.includes_submitted)  # fmt: skip
    if not view.has_data:
        empty = alert_message(
            t("no_data_period", lang, period=f"{period[0]}-{period[1]}")
        )
        return header, t("download_bulletin", lang), None, "", empty
    query = export_query(*period, lang, view.mode)
    links = html.Div([
        html.H2(t("other_exports", lang), className="section-title mt-2"),
        table_download_links("rankings", query, lang),
        table_download_links("results", query, lang),
        table_download_links("measures", query, lang),
        html.A(t("download_zip", lang), href=f"/export/view.zip?page=rankings&{query}",
               className="small view-zip"),
        html.Div([html.A(t("bulletin_docx", lang), href=f"/export/bulletin.docx?{query}",
                         className="small me-3 bulletin-docx"),
                  html.A("bulletin.pdf", href=f"/export/bulletin.pdf?{query}",
                         className="small text-muted bulletin-link")], className="mt-1"),
    ])  # fmt: skip
    bulletin = bulletin_for(view, rules(), with_charts=False)
    return (
        header,
        t("download_bulletin", lang),
        links,
        t("bulletin_preview", lang),
        _preview(bulletin),
    )


@callback(
    Output(DOWNLOAD, "data"),
    Output(DOWNLOAD_STATUS, "children"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.YEAR, "value"),
    State(ids.MONTH, "value"),
    State(ids.LANG, "value"),
    State(ids.DATA_MODE, "value"),
    prevent_initial_call=True,
)
def download_bulletin(_clicks, year, month, lang, submitted):
    """Render the bulletin PDF (charts included) and hand it to the browser."""
    lang = lang_or_default(lang)
    period = parse_period(year, month)
    if period is None:
        return dash.no_update, t("bad_period", lang)
    view = period_view(*period, rules(), data_mode(submitted))
    if not view.has_data:
        return dash.no_update, t(
            "no_data_period", lang, period=f"{period[0]}-{period[1]}"
        )
    name = f"考核通报-{period[0]}年{period[1]}月.pdf"
    body = bulletin_pdf(bulletin_for(view, rules()))
    return dcc.send_bytes(body, name), t("bulletin_ready", lang, name=name)
