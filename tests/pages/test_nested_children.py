"""React cannot draw a list of components nested in a list of children (Dash converts
only the outer list): an English page whose names are marked (a list of runs) put
inside another list crashed the measures page into a loop of redraws. Every list in
these answers holds components or text, never another list of components."""

from __future__ import annotations

from tests.helpers import login, post_callback

QUERY = {"year": 2026, "month": 10, "lang": "en", "submitted": False, "scope": None,
         "units": None, "page": 0}  # fmt: skip


def _nested(node, path=()) -> list:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _nested(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, list) and any(
                isinstance(x, dict) and "namespace" in x for x in item
            ):
                found.append(path)
            found += _nested(item, (*path, i))
    return found


def test_nest001_no_list_of_components_inside_a_list(dash_app):
    office = dash_app.server.test_client()
    login(office, "renshe")  # a department: its own measures' forms too
    for output, values in (
        ("measures-list.children", {"nav_measures-query.data": QUERY}),
        ("rankings-table.children", {"nav_rankings-query.data": QUERY,
                                     "rankings-sort.value": "total",
                                     "rankings-refresh.data": 0}),
        ("county-summary.children", {"nav_county-query.data": QUERY,
                                     "county-code.data": "150802"}),
    ):  # fmt: skip
        answer = post_callback(office, dash_app, output, values)
        assert answer.status_code == 200
        assert _nested(answer.get_json()) == [], output
