"""导出/通报 exports and the bulletin, URL ``/exports`` (query: year, month, lang, data).

The bulletin's text is shown here as its document prints it (red head, issue number,
the five sections, signature, 抄送), marked 草稿 until the month is published. The
office fills in the fields it is issued with (期号, 主送, 工作要求, 落款, date, 抄送)
here; publishing (on 排名) issues it with them, and every issued bulletin stays
downloadable as issued. The files are plain links with stable URLs: they go straight
from the server to the browser's downloads, never through a callback.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components.bulletin import bulletin_preview, issue_form, past_issues
from components.cards import alert_message, page_header
from components.downloads import export_query, table_download_links
from components.panels import card, outcome_message
from components.shell import frame, register_page
from i18n import t
from pages._query import page_query
from presenters.bulletin import bulletin_text, ranking_cells
from presenters.exports import cjk_fonts, image_problem
from presenters.official import official_fonts_note
from services import bulletin_issue
from services.assessment import excerpt
from services.cache import rendered
from services.context import current_actor, page_context, rules

HIDDEN = {"display": "none"}
SECTION = "nav_exports"
QUERY = register_page(__name__, SECTION, path="/exports", order=7)

DOWNLOAD_BUTTON = "exports-bulletin-button"
DOWNLOAD_STATUS = "exports-bulletin-status"
PREVIEW = "exports-preview"
ISSUE_CARD = "exports-issue-card"
PAST = "exports-past-issues"
SAVED = "exports-issue-saved"
ISSUE = {name: f"exports-issue-{name}" for name in (
    "number", "issued_on", "signature", "addressees", "requirements", "cc", "save",
    "saved_by", "message")}  # fmt: skip
FIELDS = ("number", "issued_on", "addressees", "requirements", "signature", "cc")


def _links(export: str, export_zh: str, export_en: str, lang: str) -> html.Div:
    return html.Div([
        html.Div([html.Span(t("bulletin_zh", lang), className="small me-2"),
                  html.A("PDF", href=f"/export/bulletin.pdf?{export_zh}",
                         className="small me-2 bulletin-pdf-zh"),
                  html.A("DOCX", href=f"/export/bulletin.docx?{export_zh}",
                         className="small me-3 bulletin-docx"),
                  html.Span(t("bulletin_en", lang), className="small me-2"),
                  html.A("PDF", href=f"/export/bulletin.pdf?{export_en}",
                         className="small me-2 bulletin-pdf-en"),
                  html.A("DOCX", href=f"/export/bulletin.docx?{export_en}",
                         className="small bulletin-docx-en")], className="mb-2"),
        html.H2(t("other_exports", lang), className="section-title mt-2"),
        table_download_links("rankings", export, lang),
        table_download_links("results", export, lang),
        table_download_links("measures", export, lang),
        html.A(t("download_zip", lang), href=f"/export/view.zip?page=rankings&{export}",
               className="small view-zip"),
    ])  # fmt: skip


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    extra = {"scope": query.scope, "units": query.units}
    export = export_query(*query.period, lang, query.mode, **extra)
    export_zh = export_query(*query.period, "zh", query.mode, **extra)
    export_en = export_query(*query.period, "en", query.mode, **extra)
    name = t("bulletin_file", lang, year=query.year, month=query.month, ext="pdf")
    actor = current_actor()
    office = actor is not None and actor.is_supervisor
    # Without the Chinese fonts the server cannot print the PDF: the button is off and
    # the sentence says what to install (the Word file needs no fonts).
    fonts_missing = cjk_fonts() is None
    note = official_fonts_note()
    body = html.Div([
        dcc.Store(id=SAVED, data=0),
        page_header(t("exports_title", lang), *query.period, lang, is_demo=context.is_demo,
                    updated=context.updated, month_info=context.month, pending=query.submitted),
        card(html.Div([dbc.Button(t("download_bulletin", lang), id=DOWNLOAD_BUTTON,
                                  color="danger", href=f"/export/bulletin.pdf?{export}",
                                  external_link=True, download=name,
                                  disabled=fonts_missing),
                       html.Span(t(note, lang) if note else None, id=DOWNLOAD_STATUS,
                                 className="small ms-2")],
                      className="d-flex align-items-center flex-wrap gap-2 mb-2"),
             html.Div(t(image_problem(), lang), className="small text-muted mb-2")
             if image_problem() and not fonts_missing else None,
             _links(export, export_zh, export_en, lang), className="mb-3 no-print"),
        card(issue_form(ISSUE, lang), id=ISSUE_CARD, className="mb-3 no-print",
             style=None if office else HIDDEN),
        card(html.H2(t("bulletin_preview", lang), className="section-title"),
             dcc.Loading(html.Div(id=PREVIEW, className="bulletin-preview"), delay_show=300),
             className="mb-3"),
        card(html.H2(t("issue_past", lang), className="section-title"), html.Div(id=PAST),
             className="no-print"),
    ])  # fmt: skip
    return frame(context, body, SECTION)


RED_PREVIEW = 40  # list items the preview shows; the files hold them all


def _parts(bulletin) -> dict:
    """What the preview shows of a long bulletin: the top and bottom ten of the
    ranking, their paragraphs, the first list items, and a note on the rest."""
    part = excerpt(bulletin.ranking)
    rows = [ranking_cells(r) for r in part.rows]
    if part.left_out:
        rows.insert(part.gap_at, ["⋯"] * len(bulletin.ranking_headers))
    red, yellow = bulletin.red_list[:RED_PREVIEW], bulletin.yellow_list[:RED_PREVIEW]
    outlook = (bulletin.outlook_list or [])[:RED_PREVIEW]
    more = (len(bulletin.red_list) + len(bulletin.yellow_list) + len(bulletin.outlook_list or [])
            - len(red) - len(yellow) - len(outlook))  # fmt: skip
    note = (t("preview_in_files", bulletin.lang, count=part.left_out + more)
            if part.left_out or more else None)  # fmt: skip
    return {"rows": rows, "shown": {r["name"] for r in part.rows}, "red": red,
            "yellow": yellow, "outlook": outlook, "note": note}  # fmt: skip


@callback(
    output={"preview": Output(PREVIEW, "children"),
            "no_file": Output(DOWNLOAD_BUTTON, "disabled"),
            "past": Output(PAST, "children")},
    inputs={"stored": Input(QUERY, "data"), "_saved": Input(SAVED, "data")},
)  # fmt: skip
@rendered
def show_bulletin(stored, _saved):
    """The bulletin for the period as its document reads, and the bulletins issued."""
    query = page_query(stored)
    lang = query.lang
    bulletin = bulletin_text(*query.period, rules(query.year), query.mode,
                             query.view_scope, "en" if lang == "en" else "zh")  # fmt: skip
    past = past_issues(bulletin_issue.past_issues(), lang)
    if bulletin is None:
        empty = t("no_data_period", lang, period=f"{query.year}-{query.month}")
        return {"preview": alert_message(empty), "no_file": True, "past": past}
    hint = (alert_message(t("bulletin_draft_hint", lang), "warning")
            if bulletin.draft else None)  # fmt: skip
    return {"preview": html.Div([hint, bulletin_preview(bulletin, _parts(bulletin), lang)]),
            "no_file": cjk_fonts() is None, "past": past}  # fmt: skip


@callback(
    output={"saved_by": Output(ISSUE["saved_by"], "children"),
            "locked": Output(ISSUE["save"], "disabled"),
            **{name: Output(ISSUE[name], "value") for name in FIELDS}},
    inputs={"stored": Input(QUERY, "data"), "_saved": Input(SAVED, "data")},
)  # fmt: skip
def show_issue_fields(stored, _saved):
    """The fields the month's 通报 is issued with: the office's saved ones, else the
    defaults with 工作要求 drafted from the month; locked once it is issued."""
    query = page_query(stored)
    lang = query.lang
    fields = bulletin_issue.issue_fields(*query.period)
    bulletin = bulletin_text(*query.period, rules(query.year), query.mode)
    issued = bulletin is not None and not bulletin.draft
    drafted = "\n".join(bulletin.drafted_requirements) if bulletin is not None else ""
    saved_by = (t("issue_saved_by", lang, who=fields.saved_by,
                  when=fields.saved_at.strftime("%Y-%m-%d %H:%M"))
                if fields.saved_by else t("issue_defaults", lang))  # fmt: skip
    return {"saved_by": t("issue_locked", lang) if issued else saved_by, "locked": issued,
            "number": fields.number, "issued_on": fields.issued_on.isoformat(),
            "addressees": fields.addressees, "signature": fields.signature,
            "cc": fields.cc, "requirements": fields.requirements or drafted}  # fmt: skip


@callback(
    output={"message": Output(ISSUE["message"], "children"),
            "saved": Output(SAVED, "data")},
    inputs={"_save": Input(ISSUE["save"], "n_clicks")},
    state={"stored": State(QUERY, "data"), "saved": State(SAVED, "data"),
           **{name: State(ISSUE[name], "value") for name in FIELDS}},
    prevent_initial_call=True,
)  # fmt: skip
def save_issue(_save, stored, saved, **fields):
    """Keep the office's fields; the preview reads them again."""
    query = page_query(stored)
    outcome = bulletin_issue.save_issue(current_actor(), *query.period, fields)
    return {
        "message": outcome_message(outcome, query.lang),
        "saved": (saved or 0) + 1 if outcome.ok else dash.no_update,
    }
