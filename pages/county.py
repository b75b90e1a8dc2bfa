"""旗县区 county detail, URL ``/county/<adcode>`` (query: year, month, lang, data).

The county's scorecard with its score breakdown, its rank and rank change, and its monthly
trend per indicator against the target path and the same month last year.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html

from components import ids
from components.cards import alert_message, grade_badge, page_header
from components.downloads import chart_download_menu, export_query, table_download_links
from components.links import indicator_href
from components.outlook import move_up_line, outlook_summary, outlook_table
from components.panels import card, entity_choice, options, stat_tiles, trend_card
from components.reporting import correction_notes
from components.scope import SCOPE_PREFIX, UNIT_PREFIX
from components.shell import frame, register_page
from components.tables import breakdown_table
from domain.model import COUNTY
from i18n import fmt_change, fmt_number, pick, t
from pages._query import page_query
from pages._whatif import FORM as WHATIF_FORM
from pages._whatif import draw_form, whatif_card
from presenters.charts import trend_chart
from presenters.exports import image_problem
from services import lookups, reporting, targets
from services.assessment import period_view, unit_scope
from services.cache import rendered_by_period, rendered_by_year
from services.context import page_context, rules
from services.projection import move_up_of, year_end_of

SECTION = "nav_county"
QUERY = register_page(
    __name__, SECTION, path_template="/county/<adcode>", order=1, nav_default="adcode"
)

CODE = ids.COUNTY_CODE
SUMMARY = "county-summary"
BREAKDOWN = "county-breakdown"
OUTLOOK = "county-outlook"
TREND_INDICATOR = "county-trend-indicator"
TREND = "county-trend"
TREND_DOWNLOAD = "county-trend-download"


def layout(adcode: str | None = None, year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    query = context.query
    lang = query.lang
    # The chooser lists the unit's siblings (its parent's units), or the view's units.
    scope = unit_scope(adcode) if isinstance(adcode, str) and adcode.isdigit() else None
    siblings = lookups.units(scope.parent) if scope else context.counties
    counties = {r.code: r for r in siblings}
    top, known = entity_choice("/county/", list(counties.values()), adcode, lang,
                               "choose_county", "county_unknown", limit=20)  # fmt: skip
    name = pick(counties[adcode], "name", lang) if known else ""
    export = export_query(*query.period, lang, query.mode, region=adcode)
    indicators = context.indicators
    body = html.Div([
        dcc.Store(id=CODE, data=adcode if known else None),
        top,
        html.Div([page_header(t("county_title", lang, name=name),
                    *query.period, lang, is_demo=context.is_demo, updated=context.updated, month_info=context.month,
                    pending=query.submitted),
        dcc.Loading(html.Div(id=SUMMARY, className="mb-3"), delay_show=300),
        card(html.H2(t("why_score", lang), className="section-title"),
             html.Div([table_download_links("results", export, lang),
                       html.A(t("download_zip", lang), href=f"/export/view.zip?page=county&{export}",
                              className="small view-zip")],
                      className="d-flex flex-wrap gap-3 mb-1"),
             html.Div(id=BREAKDOWN), className="mb-3"),
        card(html.H2(t("outlook_title", lang), className="section-title"),
             html.Div(id=OUTLOOK), className="mb-3"),
        whatif_card(lang),
        trend_card(t("county_trend", lang), TREND_INDICATOR, TREND, TREND_DOWNLOAD,
                   options(indicators, lang),
                   indicators[0].code if indicators else None),
        ], style={} if known else {"display": "none"}),
    ])  # fmt: skip
    return frame(context, body, SECTION)


@callback(
    output={
        "summary": Output(SUMMARY, "children"),
        "breakdown": Output(BREAKDOWN, "children"),
        "outlook": Output(OUTLOOK, "children"),
        "whatif": Output(WHATIF_FORM, "children"),
    },
    inputs={"stored": Input(QUERY, "data"), "code": Input(CODE, "data")},
)
@rendered_by_period
def show_county(stored, code):
    """The county's total, grade, rank and change, why it scored so, and where it is
    heading by the year's end."""
    query = page_query(stored)
    if not isinstance(code, str):
        raise dash.exceptions.PreventUpdate
    lang = query.lang
    scope = unit_scope(code)  # ranked among its parent's units
    if scope is None:
        raise dash.exceptions.PreventUpdate
    view = period_view(*query.period, rules(query.year), query.mode, scope)
    mine = [r for r in view.score_rows() if r.region == code]
    if not view.has_data or not mine:
        empty = t("no_data_period", lang, period=f"{query.year}-{query.month}")
        return {
            "summary": alert_message(empty),
            "breakdown": None,
            "outlook": None,
            "whatif": None,
        }
    row = mine[0]
    rank = t("rank_of", lang, rank=row.rank, count=len(view.counties))
    summary = stat_tiles([
        (t("total_score", lang), html.Span(fmt_number(row.total, 2), className="big-number")),
        (t("grade", lang), grade_badge(row.grade, lang)),
        (t("rank", lang), rank if row.rank is not None else "—"),
        (t("change", lang), fmt_change(row.change) or "—"),
    ])  # fmt: skip
    above = move_up_of(view, code)
    names = {r.region: pick(r, "name", lang) for r in view.score_rows()}
    summary = html.Div(
        [
            summary,
            move_up_line(
                above,
                names.get(above.above, "") if above else "",
                {i.code: i for i in view.indicator_rows()},
                lang,
            ),
        ]
    )
    rows = view.result_rows(region=code)
    sources = {ind: p for (_, ind), p in
               targets.provenance(query.year, region=code).items()}  # fmt: skip
    table = breakdown_table(rows, lang, lambda c: indicator_href(c, query.search),
                            sources, query.year)  # fmt: skip
    notes = correction_notes(reporting.month_corrections(code, *query.period), lang)
    ahead = year_end_of(view)
    outlook = html.Div([
        outlook_summary(ahead.scores.get(code), query.month, lang),
        outlook_table(ahead.of_region(code), query.month, lang,
                      lambda c: indicator_href(c, query.search)),
    ])  # fmt: skip
    return {
        "summary": summary,
        "breakdown": html.Div([table, notes]),
        "outlook": outlook,
        "whatif": draw_form(ahead, code, query.month, lang),
    }


@callback(
    output={"options": Output(ids.REGION_SEARCH, "options")},
    inputs={"text": Input(ids.REGION_SEARCH, "search_value")},
    prevent_initial_call=True,
)
def find_region(text):
    """Regions matching what is typed in the scope bar's search (at most 30): a
    region with units shows them, a county opens its page."""
    if not isinstance(text, str) or not text.strip():
        raise dash.exceptions.PreventUpdate
    page = dash.get_relative_path("/county/")
    return {"options": [
        {"label": f"{r.name_zh} · {r.name_en} ({r.code})",
         "value": f"{UNIT_PREFIX}{page}{r.code}" if r.level == COUNTY
         else f"{SCOPE_PREFIX}{r.code}"}
        for r in lookups.search_regions(text.strip()[:40])
    ]}  # fmt: skip


@callback(
    output={
        "figure": Output(TREND, "figure"),
        "menu": Output(TREND_DOWNLOAD, "children"),
    },
    inputs={"indicator": Input(TREND_INDICATOR, "value")},
    state={"stored": State(QUERY, "data"), "code": State(CODE, "data")},
)
@rendered_by_year
def show_county_trend(indicator, stored, code):
    """The county's monthly series against its target path and last year."""
    query = page_query(stored)
    if not isinstance(indicator, str) or not isinstance(code, str):
        raise dash.exceptions.PreventUpdate
    try:
        figure = trend_chart(
            indicator,
            query.year,
            rules(query.year),
            code,
            query.mode,
            query.lang,
            query.month,
        )
    except KeyError:
        raise dash.exceptions.PreventUpdate from None
    export = export_query(*query.period, query.lang, query.mode, region=code,
                          indicator=indicator)  # fmt: skip
    menu = chart_download_menu("county-trend", export, query.lang,
                               problem=image_problem())  # fmt: skip
    return {"figure": figure, "menu": menu}
