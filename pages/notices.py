"""待办 what awaits the signed-in user, URL ``/notices`` (query: lang): a county's
returns, reminders and approvals; the 督办 items waiting for its step (to sign for,
start, report back; to review or close for the office) and recent 催办; the months
awaiting review; a department's measures without the month's progress. The navbar's
badge counts them and links here."""

from __future__ import annotations

from dash import Input, Output, callback, html

from components.cards import alert_message
from components.panels import card
from components.reporting import notice_list
from components.shell import frame, register_page
from components.supervision import awaiting_list
from i18n import period_label, t
from pages._query import page_query
from services import reporting, supervision
from services.context import current_actor, page_context

SECTION = "nav_notices"
QUERY = register_page(__name__, SECTION, listed=False, path="/notices")

LIST = "notices-list"
COUNTY = "notices-county"


def layout(year=None, month=None, lang=None, data=None, **_):
    context = page_context(year, month, lang, data, **_)
    lang = context.query.lang
    body = html.Div([
        html.H1(t("notices_title", lang), className="page-title"),
        card(html.Div(id=LIST), html.Div(id=COUNTY, className="mt-3")),
    ])  # fmt: skip
    return frame(context, body, SECTION, store=QUERY.removesuffix("-query"))


@callback(
    output={"lines": Output(LIST, "children"), "county": Output(COUNTY, "children")},
    inputs={"stored": Input(QUERY, "data")},
)  # fmt: skip
def show_notices(stored):
    """The signed-in user's lines, each with where to act; nothing to anyone else."""
    query = page_query(stored)
    lang = query.lang
    actor = current_actor()
    if actor is None:
        return {"lines": alert_message(t("login_needed", lang), "info"), "county": None}
    lines = supervision.awaiting(actor)
    county = reporting.open_notices(actor)
    shown = awaiting_list(lines, lang, query.search,
                          periods={line.key: period_label(*line.period, lang)
                                   for line in lines if line.period})  # fmt: skip
    return {
        "lines": shown if lines or not county else None,
        "county": notice_list(county, lang),
    }
