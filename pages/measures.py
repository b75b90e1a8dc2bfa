"""政策任务 policy measures, URL ``/measures`` (query: year, month, lang, data).

The policy's measures by section with their lead and supporting departments and the
indicators they drive, filtered by department, and the department × indicator matrix.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, dcc, html

from components.downloads import chart_download_menu, export_query, table_download_links
from components.links import indicator_href
from components.panels import card, chart_card, group_label, outcome_message
from components.shell import frame, register_page
from components.static import static
from components.supervision import (
    PROGRESS_BADGE,
    PROGRESS_MESSAGE,
    PROGRESS_NOTE,
    PROGRESS_SAVE,
    PROGRESS_STATUS,
    department_table,
    measure_key,
    progress_badge,
    progress_form,
    progress_history,
    progress_id,
    progress_line,
)
from components.text import names_marked
from i18n import article_label, pick, t
from pages._query import page_query
from presenters.charts import measures_matrix
from presenters.exports import image_problem
from services import supervision
from services.context import current_actor, page_context
from services.measures import ALL_DEPARTMENTS, departments, documents, sections

SECTION = "nav_measures"
QUERY = register_page(__name__, SECTION, path="/measures", order=4)

DEPARTMENT = "measures-department"
COUNT = "measures-count"
LIST = "measures-list"
INTRO = "measures-intro"
MATRIX = "measures-matrix"
PROGRESS = "measures-progress"
SUMMARY = "measures-progress-summary"


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    export = export_query(*query.period, lang)
    options = [{"label": t("all_departments", lang), "value": ALL_DEPARTMENTS}] + [
        {"label": f"{pick(d, 'department', lang)} ({d.leads}/{d.measures})",
         "value": d.department_zh}
        for d in departments(query.year)
    ]  # fmt: skip
    menu = chart_download_menu("measures-matrix", export, lang,
                               problem=image_problem())  # fmt: skip
    body = html.Div([
        html.H1(t("measures_title", lang), className="page-title"),
        html.Div(t("policy_as_of", lang, updated=context.updated or "—"),
                 className="as-of text-muted small"),
        html.P(id=INTRO, className="text-muted mt-2"),
        html.Div([dbc.InputGroup([group_label(t("department", lang), DEPARTMENT),
                                  dbc.Select(id=DEPARTMENT, value=ALL_DEPARTMENTS,
                                             options=options)],
                                 size="sm", className="w-auto"),
                  html.Span(id=COUNT, className="small text-muted"),
                  table_download_links("measures", export, lang)],
                 className="d-flex flex-wrap gap-2 align-items-center mb-3"),
        card(html.H2(t("progress_by_department", lang), className="section-title"),
             html.P(id=SUMMARY, className="small mb-2"), html.Div(id=PROGRESS),
             className="mb-3"),
        html.Div(id=LIST, className="mb-4"),
        chart_card(t("matrix_title", lang), MATRIX, menu, note=t("matrix_legend", lang),
                   min_width="760px"),
    ])  # fmt: skip
    return frame(context, body, SECTION)


def _badge(name: str, role: str, lang) -> dbc.Badge:
    return dbc.Badge(
        f"{t(role, lang)} · {name}",
        color="primary" if role == "lead" else "light",
        text_color=None if role == "lead" else "dark",
        className=f"dept-badge me-1 mb-1 role-{role}",
    )


def _title(item, lang):
    """A document's, section's or measure's title in English where the city folder
    gives one (the Chinese marked lang="zh" where it does not: screen readers read it
    as Chinese)."""
    if lang == "en" and item.title_en:
        return item.title_en
    return html.Span(item.title, lang="zh") if lang == "en" else item.title


def _measure_card(measure, lang, search, tracked):
    """A measure with its departments, the month's progress (a form where the reader
    leads it), its history and the indicators it drives."""
    links = [dcc.Link(pick(d, "name", lang), href=indicator_href(d.code, search),
                      className="me-2") for d in measure.drives]  # fmt: skip
    key, progress, history, editable, month, city = tracked
    # Fixed parts as markup (components/static.py), the badge and form as components; a
    # card nobody here reports on has neither: its section is markup whole.
    piece = static if editable else (lambda node: node)
    return html.Div(html.Div(
        html.Div([
            piece(html.Div([
                html.H3([html.Span(article_label(measure.label, lang),
                                   className="measure-label"), _title(measure, lang)],
                        className="measure-title"),
                html.Div([_badge(pick(d, "department", lang), d.role, lang)
                          for d in measure.departments])])),
            progress_line(key if editable else None, progress, month, lang, city,
                          measure.drives),
            progress_form(key, progress.status and progress.status.value, month, lang)
            if editable else None,
            piece(html.Div([
                progress_history(history, lang),
                html.Div([html.Span(t("labelled", lang, label=t("drives", lang), value=""),
                                    className="small text-muted"), *links],
                         className="small mt-1") if links else None,
                html.Details([html.Summary(t("policy_basis", lang), className="small"),
                              html.P(measure.body, className="measure-body small",
                                     lang="zh")])])),
        ], className="card-body"),
        className="card measure-card mb-2",
    ), **{"data-measure": str(measure.number), "data-key": key})  # fmt: skip


def _document_heading(document, lang):
    """A document's number and title, the years it governs, 示例数据 where it is."""
    years = (t("policy_document_span", lang, start=document.from_year, end=document.to_year)
             if document.to_year else t("policy_document_years", lang, start=document.from_year))  # fmt: skip
    return html.Div([
        html.H2(t("policy_document", lang, number=document.doc_number, title=document.title)
                if lang != "en"
                else [html.Span(document.doc_number, lang="zh"), ": ", _title(document, lang)],
                className="section-title document-title mb-0"),
        html.Div([years, dbc.Badge(t("demo_data", lang), color="warning", text_color="dark",
                                   className="ms-2") if document.is_demo else None],
                 className="small text-muted"),
    ], className="mt-4 document-heading", **{"data-document": document.code})  # fmt: skip


@callback(
    output={
        "intro": Output(INTRO, "children"),
        "count": Output(COUNT, "children"),
        "measures": Output(LIST, "children"),
        "progress": Output(PROGRESS, "children"),
        "summary": Output(SUMMARY, "children"),
    },
    inputs={"department": Input(DEPARTMENT, "value")},
    state={"stored": State(QUERY, "data")},
)
def show_measures(department, stored):
    """Measures grouped by section (one department's if one is chosen) with the
    month's progress, and each lead department's tally."""
    query = page_query(stored)
    lang = query.lang
    year, month = query.period
    found, total = sections(department if isinstance(department, str) else None, year)
    heads = {d.code: d for d in documents(year)}
    progress = supervision.progress_of(year, month)
    history = supervision.progress_history(year)
    city = supervision.city_statuses(year, month)
    actor = current_actor()

    def tracked(section, m):
        key = (section.document or None, m.number)
        mine = actor is not None and (actor.is_supervisor or (
            actor.is_department and m.led_by(actor.department)))  # fmt: skip
        return (measure_key(*key), progress.get(key, supervision.NEVER),
                history.get(key, []), mine, month, city)  # fmt: skip

    children, shown_document = [], None
    for section in found:
        if section.document != shown_document and len(heads) > 1:
            shown_document = section.document
            if section.document in heads:
                children.append(_document_heading(heads[section.document], lang))
        heading = t("section_numeral", lang, numeral=t("cn_numerals", lang)[section.number - 1],
                    number=section.number,
                    title=section.title_en if lang == "en" and section.title_en
                    else section.title)  # fmt: skip
        done = sum(progress.get((section.document or None, m.number), supervision.NEVER)
                   .status == supervision.ProgressStatus.DONE for m in section.measures)  # fmt: skip
        children.append(html.H2([heading, html.Span(t("progress_section_count", lang, done=done,
                                                      total=len(section.measures)),
                                                    className="small text-muted ms-2")],
                                className="section-title mt-3"))  # fmt: skip
        cards = [(m, tracked(section, m)) for m in section.measures]
        row = dbc.Row([dbc.Col(_measure_card(m, lang, query.search, c), lg=6)
                       for m, c in cards], className="g-2")  # fmt: skip
        # Markup whole where nobody here reports (a leader's page: 500 components → 78).
        children.append(row if any(c[3] for _, c in cards) else static(row))
    shown = sum(len(s.measures) for s in found)
    tally = supervision.by_department(found, progress)
    policy = t("list_separator", lang).join(d.doc_number for d in heads.values())
    return {
        "intro": names_marked(t("measures_intro", lang, count=total, year=year,
                                policy=policy), lang),
        "count": t("measures_shown", lang, shown=shown, count=total),
        "measures": children,
        "progress": department_table(tally, lang, actor.department if actor else None),
        "summary": t("progress_summary", lang, total=sum(r.leads for r in tally),
                     done=sum(r.done for r in tally), going=sum(r.in_progress for r in tally),
                     overdue=sum(r.overdue for r in tally)),
    }  # fmt: skip


@callback(
    output={"message": Output(progress_id(PROGRESS_MESSAGE, MATCH), "children"),
            "badge": Output(progress_id(PROGRESS_BADGE, MATCH), "children")},
    inputs={"_save": Input(progress_id(PROGRESS_SAVE, MATCH), "n_clicks")},
    state={"status": State(progress_id(PROGRESS_STATUS, MATCH), "value"),
           "note": State(progress_id(PROGRESS_NOTE, MATCH), "value"),
           "button": State(progress_id(PROGRESS_SAVE, MATCH), "id"),
           "stored": State(QUERY, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_save_progress(_save, status, note, button, stored):
    """Save a measure's word for the month (the data layer checks who may)."""
    query = page_query(stored)
    # the measure this card is (its button's key; a forged request may send anything)
    measure = button.get("measure") if isinstance(button, dict) else ""
    document, _, number = str(measure or "").rpartition(":")
    outcome = supervision.save_progress(current_actor(), document, number, *query.period,
                                        status, note)  # fmt: skip
    badge = progress_badge(status, query.lang) if outcome.ok else dash.no_update
    return {"message": outcome_message(outcome, query.lang), "badge": badge}


@callback(
    output={"matrix": Output(MATRIX, "figure")},
    inputs={"stored": Input(QUERY, "data")},
)
def show_matrix(stored):
    """Which department drives which indicator."""
    query = page_query(stored)
    return {"matrix": measures_matrix(None, query.lang, query.year)}
