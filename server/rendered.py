"""The cache of rendered answers: a main callback's answer (the JSON Dash sends) kept
under everything it depends on, and sent again without running the callback.

The key holds the callback's output and every input and state value it was sent
(the period, the language, the scope and page are in them), which input changed, who
is asking as far as it changes what they may see (role, county, department: a county
sees its own pending figures), the data stamp (every data-changing write, seed and
restore writes a new one, and so does a recomputation's swap: no answer outlives the
data or the results it was drawn from), the office's and departments' work beside the
data (progress, 督办 steps, the bulletin's issue fields: the bulletin shows them), the
settings and the day (lights and deadlines move with it). Only callbacks marked with
:func:`services.cache.rendered` take part; only whole answers (200, no side update)
are kept.

One computation per answer: when many readers ask for the same answer at once (a month
just reported, the first readers after a restart), the first claims it in the shared
cache and draws it; the others wait for it (up to WAIT_SECONDS, while the claim stands)
instead of drawing it again each, eight at a time per worker under the GIL."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from urllib.parse import parse_qs

from dash import Dash
from flask import Response, g, request
from sqlalchemy.exc import SQLAlchemyError

from data_access.engine import DatabaseUnavailable
from services.cache import (
    RENDERED_MARK,
    TIMEOUT_SECONDS,
    UP_TO_PERIOD,
    UP_TO_YEAR,
    await_claim,
    claim,
    degraded,
    keep,
    kept,
    period_stamp_key,
    release,
    remember_for_request,
    remembered,
)
from services.context import PageQuery, current_actor
from settings import current_settings

CALLBACK_PATH = "/_dash-update-component"
HEADER = "X-Rendered-Cache"  # hit or miss, for the benchmark and the tests
_KEY = "kaohe_rendered_key"
_CLAIM = "kaohe_rendered_claim"
CLAIM_SECONDS = 60  # a claim whose holder died lapses after this
WAIT_SECONDS = 20.0  # a reader waits this long at most for another's answer
POLL_SECONDS = 0.05


def viewer_key() -> tuple:
    """Who is asking, as far as it changes what a view shows."""
    actor = current_actor()
    if actor is None:
        return ("anonymous",)
    return (actor.role, actor.region, actor.department, actor.must_change_password)


def _query_of(body: dict) -> PageQuery | None:
    """The page's query store among the inputs and states, if it is sent."""
    for entry in [*(body.get("inputs") or []), *(body.get("state") or [])]:
        if isinstance(entry, dict) and str(entry.get("id", "")).endswith("-query"):
            return PageQuery.from_store(entry.get("value"))
    return None


def _stamps(body: dict, mark) -> tuple:
    """What the answer is drawn from: the data stamp, or for a callback marked by
    period (or year) the stamp of its period (or of its year's December) in its data
    mode; and the office's work beside the data (activity_stamp). A period's in one
    statement with the activity (most kept answers: one round trip); a reader page's
    with the activity and the active recomputation's id (last)."""
    from data_access.assessed import period_and_activity_stamp
    from data_access.queries import data_stamp
    from data_access.supervision import activity_stamp

    if mark == PAGE:
        from services.context import layout_stamp, page_stamp, page_stamps

        today = date.today()
        read = page_stamps(today)  # every stamp of a page in one statement
        found = layout_stamp(
            today, _parse_query_string(_router_value(body, "search")), read
        )
        shown = page_stamp(today, read) if found is None else found
        return shown, read.activity, read.running
    query = _query_of(body) if mark in (UP_TO_PERIOD, UP_TO_YEAR) else None
    if query is None:
        return data_stamp(), activity_stamp()
    year, month = query.year, 12 if mark == UP_TO_YEAR else query.month
    stamp, activity = period_and_activity_stamp(year, month, query.mode)
    # Left for the answer, which reads the same stamp first (one statement less).
    remembered({period_stamp_key(year, month, query.mode): stamp})
    return stamp, activity


def answer_key(body: dict, mark=True) -> str:
    asked = json.dumps(
        [body.get("output"), body.get("inputs"), body.get("state"),
         sorted(map(str, body.get("changedPropIds") or []))],
        sort_keys=True, ensure_ascii=False, default=str,
    )  # fmt: skip
    stamps = _stamps(body, mark)
    page = _page_parts(running=stamps[-1]) if mark == PAGE else None
    parts = repr((asked, viewer_key(), *stamps, current_settings(),
                  date.today().isoformat(), page))  # fmt: skip
    return "rendered:" + hashlib.sha256(parts.encode()).hexdigest()


# Dash Pages' router callback: a page's layout for its path and query.
ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."
PAGE = "page"
# The pages leaders open (path after the prefix): their layouts draw the page's
# context (its months, scope, catalogue) and the navbar alone, so their router answers
# are kept too, by everything the navbar shows besides the data.
READER_PAGES = ("", "rankings")
READER_PAGE_PREFIXES = ("county/", "indicator/")


def _page_parts(running: int | None) -> tuple:
    """What a kept page's layout shows beside the data and the query: who is signed
    in as the navbar shows them (name, role, the sign-out form's token, the count of
    their notices), a recomputation's progress (``running``: the active one's id, read
    with the stamps: its progress is read only while there is one), whether chart
    images can be drawn."""
    from presenters.exports import image_problem
    from services.context import signed_in
    from services.recompute import progress

    return signed_in(), None if running is None else progress(), image_problem()


def _router_value(body: dict, prop: str):
    """The router's ``pathname`` or ``search`` as sent."""
    return next((e.get("value") for e in body.get("inputs") or []
                 if isinstance(e, dict) and e.get("property") == prop), None)  # fmt: skip


def _parse_query_string(search) -> dict:
    """A page's query as Dash Pages passes it to the layout."""
    if not isinstance(search, str) or not search.startswith("?"):
        return {}
    parsed = parse_qs(search[1:], keep_blank_values=True)
    return {
        key: found[0] if len(found) == 1 else found for key, found in parsed.items()
    }


def _page_mark(app: Dash, body: dict):
    """PAGE for the router's answer of a reader's page, else False."""
    path = _router_value(body, "pathname")
    if not isinstance(path, str):
        return False
    path = app.strip_relative_path(path) or ""
    reader = path in READER_PAGES or path.startswith(READER_PAGE_PREFIXES)
    return PAGE if reader and "/" not in path.split("/", 1)[-1] else False


def _mark(app: Dash, body):
    """The callback's mark (True, UP_TO_PERIOD, PAGE) or False where it is not kept."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    if body["output"] == ROUTER_OUTPUT:
        return _page_mark(app, body)
    entry = app.callback_map.get(body["output"])
    return (
        False if entry is None else getattr(entry.get("callback"), RENDERED_MARK, False)
    )


def _sent(found: bytes, how: str) -> Response:
    response = Response(found, mimetype="application/json")
    response.headers[HEADER] = how
    return response


def _awaited(key: str) -> bytes | None:
    """The answer another request is drawing, once kept; None if its claim ends
    without one (it failed: this request draws it) or after WAIT_SECONDS."""
    return await_claim(key, WAIT_SECONDS, POLL_SECONDS, lambda: kept(key))


def register_rendered_cache(app: Dash) -> None:
    """Answer marked callbacks from the cache (after the sign-in and input checks,
    which run first: a refused request never reaches the cache)."""
    server = app.server

    @server.before_request
    def answer_from_cache():
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        if not current_settings().rendered_cache:
            return None
        body = request.get_json(silent=True)
        mark = _mark(app, body)
        if not mark:
            return None
        remember_for_request()  # a reader's answer: it writes nothing
        try:
            key = answer_key(body, mark)
        except (DatabaseUnavailable, SQLAlchemyError):  # the callback says so itself
            return None
        found = kept(key)
        if found is not None:
            return _sent(found, "hit")
        if claim(key, CLAIM_SECONDS):
            g.setdefault(_CLAIM, key)  # given up when the request ends, kept or not
        else:
            found = _awaited(key)
            if found is not None:
                return _sent(found, "waited")
        g.setdefault(_KEY, key)
        return None

    @server.teardown_request
    def give_claim_up(_error=None):
        key = g.pop(_CLAIM, None)
        if key is not None:
            release(key)

    @server.after_request
    def keep_answer(response: Response) -> Response:
        key = g.pop(_KEY, None)
        if key is None or response.status_code != 200 or response.direct_passthrough:
            return response
        data = response.get_data()
        if b'"sideUpdate"' not in data and not degraded():
            keep(key, data, TIMEOUT_SECONDS)
        response.headers[HEADER] = "miss"
        return response
