"""The 数据报送 page's upload preview: what a file would change, its soft checks'
hints, and its unknown wordings' suggestions (read the file that way once; the office
saves the wording as an alias). Imported by ``pages.data_entry``."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, html

from components import data_ids as D
from components import ids
from components.panels import outcome_message
from components.quality import suggestion_actions
from components.reporting import import_plan
from i18n import pick
from pages._explain import hints_of
from services import actions, lookups
from services.context import PageQuery, current_actor

QUERY = ids.query("nav_data")  # the 数据报送 page's query store
SUGGESTED = ("imp_unknown_region_suggest", "imp_unknown_indicator_suggest")


def accepted_pairs(read_as, filename) -> list:
    """The suggestions accepted for the file ``filename`` (none for another file)."""
    if isinstance(read_as, dict) and read_as.get("filename") == filename:
        return read_as.get("pairs") or []
    return []


def suggestions_of(plan) -> list[dict]:
    """Each unknown wording of a refused plan that has a suggestion, once."""
    found: dict[tuple, dict] = {}
    for problem in plan.problems:
        if problem.key in SUGGESTED:
            values = dict(problem.values)
            field = "region" if "region" in problem.key else "indicator"
            found.setdefault((field, values["wording"]), {
                "field": field, "wording": values["wording"], "code": values["code"],
                "suggestion": values["suggestion"]})  # fmt: skip
    return list(found.values())


@callback(
    output={"preview": Output(D.PREVIEW, "children"), "locked": Output(D.CONFIRM, "disabled"),
            "suggestions": Output(D.SUGGESTIONS, "data")},
    inputs={"contents": Input(D.UPLOAD, "contents"), "read_as": Input(D.READ_AS, "data")},
    state={"filename": State(D.UPLOAD, "filename"), "stored": State(QUERY, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def show_preview(contents, read_as, filename, stored):
    """Check the chosen file (reading the wordings accepted for it as suggested) and
    show what it would change; nothing is written."""
    query = PageQuery.from_store(stored)
    if query is None or contents is None:
        return {"preview": None, "locked": True, "suggestions": []}
    actor = current_actor()
    pairs = accepted_pairs(read_as, filename)
    outcome = actions.preview_file(actor, contents, filename, pairs)
    if outcome.plan is None:
        return {"preview": outcome_message(outcome, query.lang), "locked": True,
                "suggestions": []}  # fmt: skip
    plan = outcome.plan
    found = suggestions_of(plan)
    office = actor is not None and actor.is_supervisor
    names = {r.code: r for r in [*lookups.counties(), *lookups.indicators()]}
    accepted = [(p[1], pick(names[p[2]], "name", query.lang)) for p in pairs
                if len(p) == 3 and p[2] in names]  # fmt: skip
    offered = suggestion_actions(found, query.lang, office, accepted)
    return {"preview": [import_plan(plan, query.lang), offered, hints_of(outcome, query.lang)],
            "locked": not (plan.ok and plan.changes), "suggestions": found}  # fmt: skip


@callback(
    output={"read_as": Output(D.READ_AS, "data")},
    inputs={"_clicks": Input(D.accept(ALL), "n_clicks")},
    state={"suggestions": State(D.SUGGESTIONS, "data"), "read_as": State(D.READ_AS, "data"),
           "filename": State(D.UPLOAD, "filename")},
    prevent_initial_call=True,
)  # fmt: skip
def on_accept(_clicks, suggestions, read_as, filename):
    """Read one wording of this file as suggested (this file only)."""
    pressed = dash.ctx.triggered_id
    if not isinstance(pressed, dict) or not any(_clicks or []):
        raise dash.exceptions.PreventUpdate
    index = pressed.get("index")
    if not isinstance(suggestions, list) or not isinstance(index, int) \
            or not 0 <= index < len(suggestions):  # fmt: skip
        raise dash.exceptions.PreventUpdate
    found = suggestions[index]
    pairs = accepted_pairs(read_as, filename)
    pair = [found["field"], found["wording"], found["code"]]
    return {"read_as": {"filename": filename, "pairs": [*pairs, pair][:50]}}


@callback(
    output={"message": Output(D.ALIAS_MESSAGE, "children")},
    inputs={"_clicks": Input(D.save_alias(ALL), "n_clicks")},
    state={"suggestions": State(D.SUGGESTIONS, "data"), "stored": State(QUERY, "data")},
    prevent_initial_call=True,
)  # fmt: skip
def on_save_alias(_clicks, suggestions, stored):
    """Save one wording as an alias of its suggestion for everyone (the office)."""
    pressed = dash.ctx.triggered_id
    query = PageQuery.from_store(stored)
    if query is None or not isinstance(pressed, dict) or not any(_clicks or []):
        raise dash.exceptions.PreventUpdate
    index = pressed.get("index")
    if not isinstance(suggestions, list) or not isinstance(index, int) \
            or not 0 <= index < len(suggestions):  # fmt: skip
        raise dash.exceptions.PreventUpdate
    found = suggestions[index]
    if not isinstance(found, dict):
        raise dash.exceptions.PreventUpdate
    outcome = actions.save_alias(current_actor(), found.get("field"), found.get("wording"),
                                 found.get("code"))  # fmt: skip
    return {"message": html.Div(outcome_message(outcome, query.lang))}
