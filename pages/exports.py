"""导出/通报 exports and the bulletin, URL ``/exports`` (query: year, month, lang, data).

The bulletin's text is shown here exactly as the PDF prints it. The PDF, the tables and
the view's ZIP are plain links with stable URLs: the file goes straight from the server
to the browser's downloads, never through a callback (a national bulletin is megabytes).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from components.cards import alert_message, page_header
from components.downloads import export_query, table_download_links
from components.panels import card
from components.shell import frame, register_page
from i18n import t
from pages._query import page_query
from presenters.bulletin import (
    NO_RED_ITEMS,
    bulletin_text,
    ranking_cells,
    red_cells,
)
from presenters.exports import cjk_fonts, image_problem
from services.assessment import excerpt
from services.context import page_context, rules

SECTION = "nav_exports"
QUERY = register_page(__name__, SECTION, path="/exports", order=7)

DOWNLOAD_BUTTON = "exports-bulletin-button"
DOWNLOAD_STATUS = "exports-bulletin-status"
PREVIEW = "exports-preview"


def _links(export: str, lang: str) -> html.Div:
    return html.Div([
        html.H2(t("other_exports", lang), className="section-title mt-2"),
        table_download_links("rankings", export, lang),
        table_download_links("results", export, lang),
        table_download_links("measures", export, lang),
        html.A(t("download_zip", lang), href=f"/export/view.zip?page=rankings&{export}",
               className="small view-zip"),
        html.Div([html.A(t("bulletin_docx", lang), href=f"/export/bulletin.docx?{export}",
                         className="small me-3 bulletin-docx"),
                  html.A("bulletin.pdf", href=f"/export/bulletin.pdf?{export}",
                         className="small text-muted bulletin-link")], className="mt-1"),
    ])  # fmt: skip


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    export = export_query(
        *query.period, lang, query.mode, scope=query.scope, units=query.units
    )
    name = t("bulletin_file", "zh", year=query.year, month=query.month, ext="pdf")
    # Without the Chinese fonts the server cannot print the PDF: the button is off and
    # the sentence says what to install (the Word file needs no fonts).
    fonts_missing = cjk_fonts() is None
    body = html.Div([
        page_header(t("exports_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month, pending=query.submitted),
        card(html.Div([dbc.Button(t("download_bulletin", lang), id=DOWNLOAD_BUTTON,
                                  color="danger", href=f"/export/bulletin.pdf?{export}",
                                  external_link=True, download=name,
                                  disabled=fonts_missing),
                       html.Span(t("exp_no_fonts", lang) if fonts_missing else None,
                                 id=DOWNLOAD_STATUS, className="small ms-2")],
                      className="d-flex align-items-center flex-wrap gap-2 mb-2"),
             html.Div(t(image_problem(), lang), className="small text-muted mb-2")
             if image_problem() and not fonts_missing else None,
             _links(export, lang), className="mb-3"),
        card(html.H2(t("bulletin_preview", lang), className="section-title"),
             html.Div(id=PREVIEW, className="bulletin-preview")),
    ])  # fmt: skip
    return frame(context, body, SECTION)


def _table(headers, rows, row_classes=None, **kwargs) -> dbc.Table:
    classes = row_classes or [None] * len(rows)
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in headers])),
         html.Tbody([html.Tr([html.Td(cell) for cell in row], className=cls)
                     for row, cls in zip(rows, classes, strict=True)])],
        size="sm", **kwargs,
    )  # fmt: skip


RED_PREVIEW = 40  # red-list items the preview shows; the files hold them all


def _preview(bulletin):
    """The bulletin as the PDF prints it (same sections, same cells); of a long
    ranking the top and bottom ten, of a long red list its first items, with notes
    saying the files hold the rest."""
    part = excerpt(bulletin.ranking)
    rows = [ranking_cells(r) for r in part.rows]
    if part.left_out:
        rows.insert(part.gap_at, ["⋯"] * len(bulletin.ranking_headers))
    ranking = _table(bulletin.ranking_headers, rows, className="mb-2")
    shown = {r["name"] for r in part.rows}
    red_items = bulletin.red_list[:RED_PREVIEW]
    red = (
        _table(bulletin.red_headers, [red_cells(i) for i in red_items],
               [f"red-{i.status}" for i in red_items], className="red-list small")
        if bulletin.red_list
        else html.P(NO_RED_ITEMS)
    )  # fmt: skip
    more = len(bulletin.red_list) - len(red_items)
    note = t("preview_in_files", "zh", count=part.left_out + more) if (
        part.left_out or more) else None  # fmt: skip
    return html.Div([
        html.Div(t("bulletin_heading", "zh"), className="bulletin-red-title"),
        html.H3(bulletin.title, className="bulletin-title"),
        html.P(bulletin.filters, className="small text-muted text-center"),
        html.P(bulletin.published, className="small text-center") if bulletin.published else None,
        html.H4(bulletin.sections[0], className="section-title"),
        html.Div(ranking, className="table-responsive"),
        html.H4(bulletin.sections[1], className="section-title"),
        *[html.P(text, className="bulletin-paragraph")
          for name, text in bulletin.paragraphs if name in shown],
        html.H4(bulletin.sections[2], className="section-title"),
        html.Div(red, className="table-responsive"),
        note and html.P(note, className="small text-muted"),
    ])  # fmt: skip


@callback(
    output={"preview": Output(PREVIEW, "children"),
            "no_file": Output(DOWNLOAD_BUTTON, "disabled")},
    inputs={"stored": Input(QUERY, "data")},
)  # fmt: skip
def show_bulletin(stored):
    """The bulletin's text for the period; a period without figures has no file."""
    query = page_query(stored)
    bulletin = bulletin_text(
        *query.period, rules(query.year), query.mode, query.view_scope
    )
    if bulletin is None:
        empty = t("no_data_period", query.lang, period=f"{query.year}-{query.month}")
        return {"preview": alert_message(empty), "no_file": True}
    return {"preview": _preview(bulletin), "no_file": cjk_fonts() is None}
