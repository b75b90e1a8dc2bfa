"""JSON types of callback inputs, checked at the edge before Dash dispatches.

Every Dash callback is an HTTP endpoint: a forged request can put a list where a
dropdown sends a string, or null where a location sends a path. Rather than each
callback guarding each argument, the request body is checked here against the type
each component property really sends; a value of the wrong type becomes ``None``,
which every callback already answers as a missing or bad value (its normal path for
an empty control). Values of the right type still go through the callbacks' own
checks (known codes, valid periods, limits).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, request

from components import data_ids, ids

log = logging.getLogger(__name__)

TEXT = (str,)
WHOLE = (int,)
# What each property sends from the components this app uses. A property not listed
# here is passed through unchecked (a test fuzzes every slot, so a new one shows up).
BY_PROPERTY: dict[str, tuple[type, ...]] = {
    "n_clicks": WHOLE,
    "search": TEXT,
    "pathname": TEXT,
    "hash": TEXT,
    "href": TEXT,
    "contents": TEXT,
    "filename": TEXT,
    "value": (str, int, float),
    "rowData": (list,),
    "clickData": (dict,),
}
# Where one component's property differs from the rule for its property name.
BY_SLOT: dict[str, tuple[type, ...]] = {
    f"{ids.DATA_MODE}.value": (bool,),
    # Check boxes send true or false (a county's "withdraw and change", the office's
    # alert rule, a forced delivery): as None they could never be ticked.
    f"{data_ids.WITHDRAW_OK}.value": (bool,),
    f"{ids.SUP_RULE_ALERT}.value": (bool,),
    f"{ids.DLV_FORCE}.value": (bool,),
    "_pages_store.data": (dict,),
    f"{ids.MONTH_MENU}.data": (dict,),
    "rankings-refresh.data": WHOLE,
    "targets-refresh.data": WHOLE,
    "data-changed.data": WHOLE,
    "admin-refresh.data": WHOLE,
    "indicator-code.data": TEXT,
    "county-code.data": TEXT,
    "item-files.contents": (list,),  # several attachments at once
    "item-files.filename": (list,),
    "item-changed.data": WHOLE,
    "sup-changed.data": WHOLE,
    "dlv-changed.data": WHOLE,
    "item-id.data": TEXT,
}


# Slots whose callback (Dash's own pages router) cannot take None: a bad value there
# becomes this instead. A path must also start with "/".
FALLBACKS: dict[str, Any] = {"_pages_location.pathname": "/"}


def expected_types(component_id: Any, prop: str) -> tuple[type, ...] | None:
    if isinstance(component_id, str):
        found = BY_SLOT.get(f"{component_id}.{prop}")
        if found is not None:
            return found
    return BY_PROPERTY.get(prop)


def _fits(value: Any, types: tuple[type, ...]) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):  # JSON true is not a number or a string here
        return bool in types
    return isinstance(value, types)


def _clean_entry(entry: Any) -> dict | None:
    """One ``{id, property, value}`` entry with its value's type checked; None when
    the entry itself is malformed."""
    if not isinstance(entry, dict) or not isinstance(entry.get("property"), str):
        return None
    component_id = entry.get("id")
    if not isinstance(component_id, str | dict):
        return None
    if entry["property"] == "id":  # the server knows a component's id already
        return entry | {
            "value": component_id if isinstance(component_id, dict) else None
        }
    types = expected_types(component_id, entry["property"])
    value = entry.get("value")
    slot = (
        f"{component_id}.{entry['property']}" if isinstance(component_id, str) else ""
    )
    if slot in FALLBACKS and not (isinstance(value, str) and value.startswith("/")):
        return entry | {"value": FALLBACKS[slot]}
    if types is not None and not _fits(value, types):
        log.warning(
            "callback input %s of type %s replaced by None",
            slot or entry["property"], type(value).__name__,
        )  # fmt: skip
        return entry | {"value": None}
    return entry


def clean_slots(slots: Any) -> list:
    """The ``inputs`` or ``state`` list of a callback request, types checked.

    A wildcard slot (ALL) is a list of entries; a malformed entry in it is dropped.
    """
    if not isinstance(slots, list):
        return []
    cleaned: list = []
    for slot in slots:
        if isinstance(slot, list):
            cleaned.append([e for e in map(_clean_entry, slot) if e is not None])
        else:
            entry = _clean_entry(slot)
            cleaned.append(entry if entry is not None else {"value": None})
    return cleaned


def register_input_checks(server: Flask) -> None:
    """Check callback request bodies before Dash reads them."""

    @server.before_request
    def check_callback_inputs():
        if request.path != "/_dash-update-component" or request.method != "POST":
            return None
        try:
            body = request.get_json(silent=True)  # cached: Dash reads this same object
        except RecursionError:  # nested deeper than the parser goes
            body = None
        if not _callback_shaped(body):
            log.warning("malformed callback request refused (%s)", type(body).__name__)
            return Response("bad callback request", status=400,
                            mimetype="text/plain; charset=utf-8")  # fmt: skip
        for key in ("inputs", "state"):
            if key in body:
                body[key] = clean_slots(body[key])
        return None


MAX_DEPTH = 32  # the deepest a real callback body goes is about six


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (walked without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _callback_shaped(body: Any) -> bool:
    """A JSON object with an ``output`` text and lists of inputs, nested as real
    callback requests are: anything else (a string, a list, 100,000 brackets) is a
    400, not a traceback."""
    return (
        isinstance(body, dict)
        and isinstance(body.get("output"), str)
        and isinstance(body.get("inputs", []), list)
        and isinstance(body.get("state", []), list)
        and _depth(body) <= MAX_DEPTH
    )
