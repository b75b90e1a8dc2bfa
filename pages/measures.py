"""政策任务 the policy's 27 measures, URL ``/measures`` (query: lang; ``dept`` filters).

Each measure with its lead and co-responsible departments and the indicators it drives,
filterable by department, and a department × measure matrix.
"""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.downloads import chart_download_menu, export_query, table_download_links
from components.figures import CHART_CONFIG
from components.links import indicator_href
from data_access import queries
from data_access.rows import records
from i18n import lang_or_default, pick, t
from services.charts import measures_matrix
from services.context import parse_period, stamp
from services.exports import chromium_path

dash.register_page(
    __name__, path="/measures", order=4, nav_label="nav_measures", title="政策任务"
)

TITLE = "measures-title"
INTRO = "measures-intro"
DEPARTMENT = "measures-department"
DEPARTMENT_LABEL = "measures-department-label"
COUNT = "measures-count"
LIST = "measures-list"
MATRIX_TITLE = "measures-matrix-title"
MATRIX_LEGEND = "measures-matrix-legend"
MATRIX = "measures-matrix"
STAMP = "measures-stamp"
MATRIX_DOWNLOAD = "measures-matrix-download"
TABLE_DOWNLOAD = "measures-table-download"
CN_NUMERALS = "一二三四五六七八九十"
ALL_DEPARTMENTS = "__all__"


def layout(**_query):
    return html.Div(
        [
            html.H1(id=TITLE, className="page-title"),
            html.Div(id=STAMP, className="as-of text-muted small"),
            html.P(id=INTRO, className="text-muted mt-2"),
            html.Div(
                [dbc.InputGroup([dbc.InputGroupText(id=DEPARTMENT_LABEL),
                                 dbc.Select(id=DEPARTMENT, value=ALL_DEPARTMENTS)],
                                size="sm", className="w-auto"),
                 html.Span(id=COUNT, className="small text-muted"),
                 html.Div(id=TABLE_DOWNLOAD)],
                className="d-flex flex-wrap gap-2 align-items-center mb-3",
            ),
            html.Div(id=LIST, className="mb-4"),
            dbc.Card(dbc.CardBody([
                html.Div([html.H2(id=MATRIX_TITLE, className="section-title me-auto"),
                          html.Div(id=MATRIX_DOWNLOAD)], className="d-flex gap-2"),
                html.P(id=MATRIX_LEGEND, className="small text-muted"),
                html.Div(dcc.Graph(id=MATRIX, config=CHART_CONFIG, style={"minWidth": "760px"}), className="scroll-x"),
            ])),
        ]
    )  # fmt: skip


def _badge(name: str, role: str, lang) -> dbc.Badge:
    return dbc.Badge(
        f"{t(role, lang)} · {name}",
        color="primary" if role == "lead" else "light",
        text_color=None if role == "lead" else "dark",
        className=f"dept-badge me-1 mb-1 role-{role}",
    )


def _measure_card(measure: dict, depts: list[dict], drives: list[dict], lang, search):
    links = [
        dcc.Link(pick(d, "name", lang), href=indicator_href(d["code"], search), className="me-2")
        for d in drives
    ]  # fmt: skip
    return html.Div(dbc.Card(
        dbc.CardBody([
            html.H3([html.Span(measure["label"], className="measure-label"), measure["title"]],
                    className="measure-title"),
            html.Div([_badge(pick(d, "department", lang), d["role"], lang) for d in depts]),
            html.Div([html.Span(f"{t('drives', lang)}：", className="small text-muted"), *links],
                     className="small mt-1") if links else None,
            html.Details([html.Summary(t("policy_basis", lang), className="small"),
                          html.P(measure["body"], className="measure-body small")]),
        ]),
        className="measure-card mb-2",
    ), **{"data-measure": str(measure["number"])})  # fmt: skip


@callback(
    Output(TITLE, "children"),
    Output(STAMP, "children"),
    Output(INTRO, "children"),
    Output(DEPARTMENT_LABEL, "children"),
    Output(DEPARTMENT, "options"),
    Output(COUNT, "children"),
    Output(LIST, "children"),
    Output(MATRIX_TITLE, "children"),
    Output(MATRIX_LEGEND, "children"),
    Output(MATRIX, "figure"),
    Output(MATRIX_DOWNLOAD, "children"),
    Output(TABLE_DOWNLOAD, "children"),
    Input(DEPARTMENT, "value"),
    Input(ids.LANG, "value"),
    State(ids.URL, "search"),
    State(ids.YEAR, "value"),
    State(ids.MONTH, "value"),
)
def update_measures(department, lang, search, year, month):
    """Measures grouped by section, filtered to one department's if one is chosen."""
    lang = lang_or_default(lang)
    measures = queries.measures()
    roles = queries.measure_departments()
    load = queries.department_load()
    catalogue = queries.indicators()
    links = queries.indicator_measures().merge(
        catalogue[["code", "name_zh", "name_en"]], left_on="indicator", right_on="code"
    )
    options = [{"label": t("all_departments", lang), "value": ALL_DEPARTMENTS}] + [
        {"label": f"{pick(d._asdict(), 'department', lang)} ({d.leads}/{d.measures})",
         "value": d.department_zh}
        for d in load.itertuples()
    ]  # fmt: skip
    chosen = department if department in set(load.department_zh) else ALL_DEPARTMENTS
    shown = measures
    if chosen != ALL_DEPARTMENTS:
        numbers = set(roles.loc[roles.department_zh == chosen, "number"])
        shown = measures[measures.number.isin(numbers)]
    children = []
    for (section, title), rows in shown.groupby(
        ["section", "section_title"], sort=True
    ):
        heading = t("section_numeral", lang, numeral=CN_NUMERALS[section - 1],
                    number=section, title=title)  # fmt: skip
        children.append(html.H2(heading, className="section-title mt-3"))
        cards = [
            dbc.Col(
                _measure_card(
                    m,
                    records(roles[roles.number == m["number"]]),
                    records(links[links.number == m["number"]]),
                    lang,
                    search or "",
                ),
                lg=6,
            )
            for m in records(rows)
        ]
        children.append(dbc.Row(cards, className="g-2"))
    matrix = measures_matrix(None, lang)
    info = stamp()
    period = parse_period(year, month) or (date.today().year, date.today().month)
    query = export_query(*period, lang)
    return (
        t("measures_title", lang),
        t("policy_as_of", lang, updated=info.updated or "—"),
        t("measures_intro", lang, count=len(measures)),
        t("department", lang),
        options,
        t("measures_shown", lang, shown=len(shown), count=len(measures)),
        children,
        t("matrix_title", lang),
        t("matrix_legend", lang),
        matrix,
        chart_download_menu(
            "measures-matrix", query, lang, can_render=chromium_path() is not None
        ),  # fmt: skip
        table_download_links("measures", query, lang),
    )
