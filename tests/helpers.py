"""Test helpers that need no fixtures."""

from __future__ import annotations

import base64
import json
import math
import re


def _spec_id(spec_id):
    return json.dumps(spec_id, sort_keys=True) if isinstance(spec_id, dict) else spec_id


# What the tests' users say when they change a month that is not a plain draft: a
# correction's reason and the confirmation to withdraw a submitted month. A test of
# those refusals sends its own values.
EDIT_DEFAULTS = {"data-correction-reason.value": "测试更正：与台账核对",
                 "data-withdraw-ok.value": True}  # fmt: skip


def correct_form(actor, records, today, *args, **kwargs):
    """apply_form as a user who gives a correction's reason and confirms withdrawing
    a submitted month (the demo months are approved: most test edits are 更正)."""
    from data_access.writes import EditTerms, apply_form

    kwargs.setdefault("terms", EditTerms("测试更正：与台账核对", withdraw=True))
    return apply_form(actor, records, today, *args, **kwargs)


def correct_upload(actor, content, filename, today, max_bytes, *args, **kwargs):
    """apply_upload as a user who gives a correction's reason (see correct_form)."""
    from data_access.writes import EditTerms, apply_upload

    kwargs.setdefault("terms", EditTerms("测试更正：与台账核对", withdraw=True))
    return apply_upload(actor, content, filename, today, max_bytes, *args, **kwargs)


def xlsx_of(rows: list[list]) -> bytes:
    """An XLSX workbook whose first sheet holds ``rows``, as Excel would save it."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_callback(
    client, app, output: str, values: dict, triggered: list | None = None
):
    """POST one callback to /_dash-update-component, as the browser does.

    ``output`` is one "id.property" the callback writes; ``values`` maps
    "id.property" of its inputs and states to the values to send (missing: None).
    Returns the Flask response.
    """
    key = next(k for k in app.callback_map if f"{output}" in k)
    spec = app.callback_map[key]

    def entries(kind):
        out = []
        for item in spec[kind]:
            name = f"{_spec_id(item['id'])}.{item['property']}"
            if '"ALL"' in name:  # a pattern-matching input: the test gives its entries
                out.append(values.get(name, []))
                continue
            value = values.get(name, EDIT_DEFAULTS.get(name))
            if name.endswith("-query.data") and name not in values:
                value = query_from_controls(values)
            out.append({"id": item["id"], "property": item["property"],
                        "value": value})  # fmt: skip
        return out

    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in key.strip(".").split("...")
    ]
    payload = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": entries("inputs"),
        "state": entries("state"),
        "changedPropIds": triggered or [],
    }
    return client.post("/_dash-update-component", json=payload)


def wildcard(kind: str, prop: str, entries: dict) -> dict:
    """A pattern-matching state as post_callback takes it: ``entries`` maps each
    component's key (its "code") to its ``prop`` value, sent as Dash sends them."""
    name = f'{{"code":["ALL"],"type":"{kind}"}}.{prop}'
    return {name: [{"id": {"code": code, "type": kind}, "property": prop,
                    "value": {"code": code, "type": kind} if prop == "id" else value}
                   for code, value in entries.items()]}  # fmt: skip


def query_from_controls(values: dict) -> dict:
    """A page's query store as its layout writes it, from the period and language a
    test names the way the controls hold them ("shell-year.value": "2026", …)."""

    def number(raw):
        try:
            return int(raw)
        except (TypeError, ValueError):
            return raw

    return {
        "year": number(values.get("shell-year.value")),
        "month": number(values.get("shell-month.value")),
        "lang": values.get("shell-lang.value") or "zh",
        "submitted": values.get("shell-data-mode.value") is True,
    }


def render_page(client, path: str, search: str = "", headers: dict | None = None):
    """What Dash Pages renders for ``path`` + ``search`` (the router callback), as
    the browser asks for it on a navigation. Returns the Flask response."""
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }  # fmt: skip
    return client.post("/_dash-update-component", json=payload, headers=headers or {})


def find_component(node, component_id):
    """The first component with ``component_id`` in a serialised tree (or None)."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        for value in node.values():
            found = find_component(value, component_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = find_component(value, component_id)
            if found is not None:
                return found
    return None


_REACT_NAMES = {"classname": "className", "colspan": "colSpan", "rowspan": "rowSpan",
                "tabindex": "tabIndex"}  # fmt: skip


def _markup_tree(text: str) -> list:
    """The components a piece of static markup (components/static.py) draws, as a
    serialised tree: what the page shows, for assertions written against trees."""
    from html.parser import HTMLParser

    root: dict = {"props": {"children": []}}
    stack = [root]

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            link = tag == "dcclink"
            props = {
                _REACT_NAMES.get(k, k): (True if v is None else v) for k, v in attrs
            }
            node = {"type": "Link" if link else tag.capitalize(),
                    "namespace": "dash_core_components" if link else "dash_html_components",
                    "props": {**props, "children": []}}  # fmt: skip
            stack[-1]["props"]["children"].append(node)
            stack.append(node)

        def handle_endtag(self, tag):
            stack.pop()

        def handle_data(self, data):
            stack[-1]["props"]["children"].append(data)

    Reader(convert_charrefs=True).feed(re.sub(r" style=\{\{[^}]*\}\}", "", text))
    return root["props"]["children"]


def expand_markup(node):
    """``node`` (a callback's JSON answer or part of it) with every static-markup
    component replaced by the tree of components it draws."""
    if isinstance(node, list):
        return [expand_markup(n) for n in node]
    if not isinstance(node, dict):
        return node
    props = node.get("props")
    if (
        node.get("type") == "Markdown"
        and isinstance(props, dict)
        and ("static-markup" in (props.get("className") or ""))
    ):
        return {"type": "Div", "namespace": "dash_html_components",
                "props": {"className": props["className"],
                          "children": _markup_tree(props.get("children") or "")}}  # fmt: skip
    return {key: expand_markup(value) for key, value in node.items()}


def answer_json(response):
    """A callback's JSON answer with its static markup expanded (``expand_markup``)."""
    return expand_markup(response.get_json(silent=True))


def answer_text(response) -> str:
    """A callback's JSON answer as text with Chinese (and "/") unescaped, its static
    markup expanded into the components it draws."""
    return json.dumps(answer_json(response), ensure_ascii=False)


def login(client, username: str, password: str = "demo12345"):
    """Log a Flask test client in through the real /login form."""
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf": token}
    )


def override_setting(monkeypatch, env_name: str, raw: str) -> None:
    """Change one setting for this test: in the environment (code outside the app) and
    in the running app's settings, which it reads once at start."""
    import dataclasses
    import sys

    from settings import SETTINGS_KEY, load_settings

    monkeypatch.setenv(env_name, raw)
    app_module = sys.modules.get("app")
    if app_module is None:
        return
    config = app_module.server.config
    fresh = load_settings()
    changed = {
        f.name: getattr(fresh, f.name)
        for f in dataclasses.fields(fresh)
        if getattr(fresh, f.name) != getattr(config[SETTINGS_KEY], f.name)
    }
    monkeypatch.setitem(
        config, SETTINGS_KEY, dataclasses.replace(config[SETTINGS_KEY], **changed)
    )


def use_database(url: str) -> None:
    """Point the environment and the running app at another database (no undo; for
    code that manages its own clean-up)."""
    import dataclasses
    import os
    import sys

    from settings import SETTINGS_KEY

    os.environ["DATABASE_URL"] = url
    app_module = sys.modules.get("app")
    if app_module is not None:
        config = app_module.server.config
        config[SETTINGS_KEY] = dataclasses.replace(
            config[SETTINGS_KEY], database_url=url
        )


def linhe_corrects_october(app, values: dict, jobs: float = 3400) -> None:
    """临河区 (its own client, signed in) types a new October figure of urban new jobs,
    saves and submits; ``values`` carry the page's period controls."""
    county = app.server.test_client()
    login(county, "linhe")
    post_callback(county, app, "data-save-message.children",
                  {**values, "data-grid.rowData": [{"code": "urban_new_jobs", "value": jobs}],
                   "data-changed.data": 0}, ["data-save.n_clicks"])  # fmt: skip
    with app.server.app_context():
        explain_needs("150802", int(values["shell-year.value"]),
                      int(values["shell-month.value"]), "linhe")  # fmt: skip
    post_callback(county, app, "data-save-message.children",
                  {**values, "data-changed.data": 1}, ["data-submit.n_clicks"])  # fmt: skip


def demo_figure(
    region: str, indicator: str, year: int = 2026, month: int = 10
) -> float:
    """A figure of the suite's demo data (to 2026-10), as the seed writes it."""
    from data_access.demo import build_demo

    _, reports = build_demo((2026, 10))
    found = reports[(reports.region == region) & (reports.indicator == indicator)
                    & (reports.year == year) & (reports.month == month)]  # fmt: skip
    return float(found.value.iloc[0])


def jobs_points(app, region: str = "150802") -> str:
    """A county's points for urban new jobs in October's approved ranking, as the
    ranking table prints them (one decimal)."""
    from services.assessment import period_view
    from services.context import rules

    with app.server.app_context():
        view = period_view(2026, 10, rules())
    row = view.results[(view.results.region == region)
                       & (view.results.code == "urban_new_jobs")]  # fmt: skip
    return f"{float(row.points.iloc[0]):.1f}"


def office_approves(client, app, values: dict, region: str = "150802") -> None:
    """The supervisory office (``client``, signed in here) approves ``region``'s month."""
    login(client, "supervisor")
    post_callback(client, app, "data-review-message.children",
                  {**values, "data-review-region.value": region, "data-changed.data": 0},
                  ["data-approve.n_clicks"])  # fmt: skip


def _plain(frame) -> list[dict]:
    """Rows as dicts with NaN as None and columns in name order."""
    import math

    out = []
    for row in frame.to_dict("records"):
        out.append({k: None if isinstance(v, float) and math.isnan(v) else v
                    for k, v in sorted(row.items())})  # fmt: skip
    return out


def assert_stored_equals_computed(year: int, month: int, mode: str, rules) -> None:
    """The home scope's view of (year, month) read from the stored assessment (stored
    first, whole or in part, where stale) equals the view computed directly from the
    reports: results, scores, grades, ranks and changes."""
    from data_access import queries
    from services import assessment
    from services.assessment import Scope

    direct = assessment.compute_period_view(year, month, rules, mode)
    stored = assessment.stored_view(year, month, rules, mode,
                                    Scope(queries.home_region()))  # fmt: skip
    where = f"{year}-{month:02d} {mode}"
    assert stored.result_rows() == direct.result_rows(), where
    assert stored.score_rows() == direct.score_rows(), where
    assert _plain(stored.results) == _plain(direct.results), where
    assert _plain(stored.scores) == _plain(direct.scores), where
    assert list(stored.regions.code) == list(direct.regions.code), where
    assert (stored.has_data, stored.city) == (direct.has_data, direct.city), where


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def stored_and_computed_outlook(month: int, mode: str = "approved", rules=None):
    """The stored outlook of 2026-``month`` (the home city's counties; under the
    year's scheme unless ``rules`` are given) and the same computed afresh by the
    projection, nothing stored."""
    from services import projection
    from services.context import rules as year_rules

    rules = rules or year_rules(2026)
    stored = projection.year_end_view(2026, month, rules, mode)
    computed = projection._year_end(2026, month, rules, mode, None, ())
    return stored, computed


def assert_outlooks_equal(stored, computed) -> None:
    """Two ``YearEndView``s agree: totals, grades, rank ranges, every projection and
    the 预警清单's order."""
    assert stored.scores.keys() == computed.scores.keys()
    for region, mine in stored.scores.items():
        theirs = computed.scores[region]
        for name in ("total", "low", "high"):
            assert _same_number(getattr(mine, name), getattr(theirs, name)), (
                region,
                name,
            )
        assert (mine.grade, mine.rank, mine.best, mine.worst) == (
            theirs.grade, theirs.rank, theirs.best, theirs.worst)  # fmt: skip
    assert len(stored.rows) == len(computed.rows)
    for mine, theirs in zip(stored.rows, computed.rows, strict=True):
        assert (mine.result.region, mine.result.code) == (
            theirs.result.region, theirs.result.code)  # fmt: skip
        assert _same_number(mine.target, theirs.target), (
            mine.result.region,
            mine.result.code,
        )
        assert (mine.projection is None) == (theirs.projection is None)
        if mine.projection is not None:
            for name in ("value", "low", "high", "probability"):
                assert _same_number(getattr(mine.projection, name),
                             getattr(theirs.projection, name)), name  # fmt: skip
            assert mine.outlook == theirs.outlook
    assert [(r.result.region, r.result.code) for r in stored.warnings()] == [
        (r.result.region, r.result.code) for r in computed.warnings()
    ]


def scoped_query(section: str, **scope) -> dict:
    """A page's query store for October 2026 in Chinese, approved figures, with
    ``scope``, ``units`` or ``page`` where given (the scale tests' views)."""
    return {f"{section}-query.data": {"year": 2026, "month": 10, "lang": "zh",
                                      "submitted": False, "scope": None, "units": None,
                                      "page": 0} | scope}  # fmt: skip


def main_callbacks(scope: dict) -> list[tuple[str, dict]]:
    """The main callbacks of the scoped pages (overview, ranking, indicator, bulletin
    preview, county) as (output, values) for :func:`post_callback`, in ``scope``."""
    return [
        ("overview-cards.children", scoped_query("nav_overview", **scope)),
        ("rankings-table.children", {**scoped_query("nav_rankings", **scope),
                                     "rankings-sort.value": "total",
                                     "rankings-refresh.data": 0}),
        ("indicator-map.figure", {**scoped_query("nav_indicator", **scope),
                                  "indicator-code.data": "urban_new_jobs"}),
        ("exports-preview.children", scoped_query("nav_exports", **scope)),
        ("county-breakdown.children", {**scoped_query("nav_county", **scope),
                                       "county-code.data": "110101"}),
    ]  # fmt: skip


def explain_needs(
    region: str, year: int, month: int, username: str = "supervisor"
) -> int:
    """Write a 情况说明 on every figure of the county's month that needs one before it
    is submitted (as the county would on the page); returns how many."""
    from sqlalchemy import select

    from data_access.accounts import get_actor
    from data_access.engine import get_engine
    from data_access.models import User
    from data_access.quality import write_explanations
    from services.quality import unexplained

    missing = unexplained(region, year, month)
    if not missing:
        return 0
    with get_engine().connect() as conn:
        user_id = conn.execute(
            select(User.id).where(User.username == username)
        ).scalar()
    items = {
        code: ("测试情况说明：本月进度受季节影响", "下月加快推进") for code in missing
    }
    return write_explanations(get_actor(user_id), region, year, month, items)


def progress_post(client, measure: str, status: str, note: str, query: dict):
    """The measures page's save button of one measure (a MATCH callback)."""
    key = {"measure": measure}
    match = '{"measure":["MATCH"],"type":"%s"}'
    payload = {
        "output": f"..{match % 'progress-message'}.children...{match % 'progress-badge'}"
                  ".children..",
        "outputs": [{"id": {**key, "type": "progress-message"}, "property": "children"},
                    {"id": {**key, "type": "progress-badge"}, "property": "children"}],
        "inputs": [{"id": {**key, "type": "progress-save"}, "property": "n_clicks",
                    "value": 1}],
        "state": [{"id": {**key, "type": "progress-status"}, "property": "value",
                   "value": status},
                  {"id": {**key, "type": "progress-note"}, "property": "value", "value": note},
                  {"id": {**key, "type": "progress-save"}, "property": "id",
                   "value": {**key, "type": "progress-save"}},
                  {"id": "nav_measures-query", "property": "data", "value": query}],
        "changedPropIds": [json.dumps({**key, "type": "progress-save"}).replace(" ", "")
                           + ".n_clicks"],
    }  # fmt: skip
    return client.post("/_dash-update-component", json=payload)


def item_action(client, item_id: int, action: str, query: dict, note="", files=()):
    from app import app

    key = next(k for k in app.callback_map if "item-message.children" in k)
    contents = [f"data:application/pdf;base64,{base64.b64encode(b).decode()}"
                for _, b in files]  # fmt: skip
    payload = {
        "output": key,
        "outputs": [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
                    for o in key.strip(".").split("...")],
        "inputs": [[{"id": {"action": action, "type": "item-action"}, "property": "n_clicks",
                     "value": 1}]],
        "state": [{"id": "item-id", "property": "data", "value": str(item_id)},
                  {"id": "item-note", "property": "value", "value": note},
                  {"id": "item-files", "property": "contents", "value": contents or None},
                  {"id": "item-files", "property": "filename",
                   "value": [n for n, _ in files] or None},
                  {"id": "nav_supervision-supervision_item-query", "property": "data",
                   "value": query},
                  {"id": "item-changed", "property": "data", "value": 0}],
        "changedPropIds": [f'{{"action":"{action}","type":"item-action"}}.n_clicks'],
    }  # fmt: skip
    return client.post("/_dash-update-component", json=payload)
