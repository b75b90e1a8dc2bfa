"""The county page's 模拟测算 (what-if) card: a planned monthly figure for the rest of
the year, or (for the office) an indicator's weight, and the projected score, grade
and rank they give, computed by the scoring code and never written. Imported by
``pages.county`` (its callback lives here to keep that page short)."""

from __future__ import annotations

import math

import dash
from dash import ALL, Input, Output, State, callback, html

from components import ids
from components.outlook import WHATIF_PLAN, WHATIF_WEIGHT, whatif_form, whatif_result
from components.panels import card
from i18n import t
from pages._query import page_query
from services.assessment import unit_scope
from services.cache import rendered_by_period
from services.context import current_actor, rules
from services.projection import scheme_weights, year_end_view

FORM = "county-whatif-form"
RESULT = "county-whatif-result"
SECTION = "nav_county"


def whatif_card(lang: str | None):
    """The card; its controls are drawn with the county's outlook."""
    return card(
        html.H2(t("whatif_title", lang), className="section-title"),
        html.Div(id=FORM),
        html.Div(id=RESULT, **{"aria-live": "polite"}),
        className="mb-3 whatif-card",
    )  # fmt: skip


def _office() -> bool:
    """The signed-in user may try weights (the supervisory office)."""
    actor = current_actor()
    return actor is not None and actor.is_supervisor


def draw_form(view, code: str, month: int, lang: str | None):
    """The controls for ``code``'s outlook (a ``YearEndView``): weights for the office."""
    office = _office()
    weights = scheme_weights(rules(view.year)) if office else {}
    return whatif_form(view.of_region(code), weights, month, lang, office)


def _number(value) -> float | None:
    """A control's value as a finite number of 0 or more, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


@callback(
    output={"result": Output(RESULT, "children")},
    inputs={
        "plans": Input({"type": WHATIF_PLAN, "code": ALL}, "value"),
        "weights": Input({"type": WHATIF_WEIGHT, "code": ALL}, "value"),
    },
    state={
        "plan_ids": State({"type": WHATIF_PLAN, "code": ALL}, "id"),
        "weight_ids": State({"type": WHATIF_WEIGHT, "code": ALL}, "id"),
        "stored": State(ids.query(SECTION), "data"),
        "code": State(ids.COUNTY_CODE, "data"),
    },
    prevent_initial_call=True,
)
@rendered_by_period
def try_plan(plans, weights, plan_ids, weight_ids, stored, code):
    """The projection again with the planned figures (and weights): nothing saved."""
    query = page_query(stored)
    lang = query.lang
    if not isinstance(code, str) or not isinstance(plans, list):
        raise dash.exceptions.PreventUpdate
    scope = unit_scope(code)  # ranked among its parent's units, as the page says
    if scope is None:
        raise dash.exceptions.PreventUpdate
    numbers = [_number(v) for v in plans]
    given = [_number(v) for v in weights or []] if _office() else []
    if any(n is None for n in numbers + given) or any(w > 100 for w in given):
        return {"result": html.P(t("whatif_bad", lang), className="text-danger small")}
    the_rules = rules(query.year)
    before = year_end_view(*query.period, the_rules, query.mode, scope)
    now = {r.result.code: r.result.actual for r in before.of_region(code)}
    left = 12 - query.month
    change = tuple(sorted((code, i["code"], now[i["code"]] + n * left)
                          for i, n in zip(plan_ids, numbers, strict=False)
                          if now.get(i["code"]) is not None))  # fmt: skip
    changed = tuple(sorted((i["code"], w) for i, w in zip(weight_ids or [], given,
                                                          strict=False)))  # fmt: skip
    after = year_end_view(*query.period, the_rules, query.mode, scope, change,
                          changed)  # fmt: skip
    return {
        "result": whatif_result(before.scores.get(code), after.scores.get(code), lang)
    }
