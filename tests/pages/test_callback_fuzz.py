"""Every callback, every input and state, with values a browser would never send.

Built from ``/_dash-dependencies`` so that a new callback is fuzzed without editing
this file. Each slot in turn gets a wrong JSON type, a huge string, odd unicode, SQL
or a path, the other slots a plausible value, and the call is triggered through that
slot. Nothing may raise (the global error handler would log "callback failed"),
answer 500, or write to the database.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access.engine import get_engine
from data_access.models import (
    Indicator,
    PublishedPeriod,
    Report,
    ReportHistory,
    Submission,
    Target,
    UploadLog,
    User,
)
from server.callback_inputs import clean_slots
from tests.helpers import answer_text, login, post_callback


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _tiny_png()
BAD_VALUES = [
    [],
    ["2026", "10"],
    {"year": 2026},
    {"props": {"children": "x"}},
    12345678901234567890,
    -1.5,
    True,
    "",
    "9" * 200_000,
    "𝕏\u202e\x00中文\ud7ff",
    "1; DROP TABLE reports;--",
    "../../../etc/passwd",
    None,
]
PLAUSIBLE = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
    "shell-url.search": "?year=2026&month=10",
    "_pages_location.pathname": "/rankings",
    "_pages_location.search": "?year=2026&month=10",
    "rankings-sort.value": "total",
    "indicator-code.data": "urban_new_jobs",
    "county-code.data": "150802",
    "data-history-indicator.value": "__all__",
} | {
    f"{section}-query.data": {"year": 2026, "month": 10, "lang": "zh", "submitted": False}
    for section in ("nav_overview", "nav_county", "nav_rankings", "nav_indicator",
                    "nav_measures", "nav_data", "nav_targets", "nav_exports", "nav_admin")
}  # fmt: skip


def _key(item: dict) -> str:
    spec = item["id"]
    spec = json.dumps(spec, sort_keys=True) if isinstance(spec, dict) else spec
    return f"{spec}.{item['property']}"


def _entry(item: dict, value):
    spec = item["id"]
    if isinstance(spec, str) and spec.startswith("{"):
        spec = json.loads(spec)
    if isinstance(spec, dict):  # a wildcard slot (ALL): a list of matches
        concrete = {k: ("nav_overview" if v == ["ALL"] else v) for k, v in spec.items()}
        return [{"id": concrete, "property": item["property"], "value": value}]
    return {"id": spec, "property": item["property"], "value": value}


def _outputs(output: str):
    parts = output.strip(".").split("...")
    outs = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        if ident.startswith("{"):
            ident = json.loads(ident)
        outs.append({"id": ident, "property": prop})
    return outs if output.startswith("..") else outs[0]


def _payload(dep: dict, fuzzed: str | None, value) -> dict:
    def values(kind):
        out = []
        for item in dep[kind]:
            key = _key(item)
            out.append(_entry(item, value if key == fuzzed else PLAUSIBLE.get(key)))
        return out

    trigger = fuzzed if fuzzed in {_key(i) for i in dep["inputs"]} else None
    trigger = trigger or _key(dep["inputs"][0])
    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": values("inputs"),
        "state": values("state"),
        "changedPropIds": [trigger] if not trigger.startswith("{") else [],
    }


def _state() -> tuple:
    with get_engine().connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(model)).scalar()
            for model in (
                Report, ReportHistory, Submission, Target, PublishedPeriod,
                UploadLog, User,
            )
        ) + (
            conn.execute(select(func.sum(Report.value))).scalar(),
            conn.execute(select(func.sum(Target.value))).scalar(),
            tuple(conn.execute(select(Indicator.weight).order_by(Indicator.id)).scalars()),
        )  # fmt: skip


def _server_callbacks(client) -> list[dict]:
    return [d for d in client.get("/_dash-dependencies").get_json()
            if not d.get("clientside_function")]  # fmt: skip


# Callbacks whose answer depends on who is signed in (they read the actor).
ACTOR_DEPENDENT = ("data-", "targets-", "rankings-", "admin-", "shell-", "{")


def _fuzz_calls(deps: list[dict]):
    """(callback, slot, value, payload) for every slot and bad value, skipping a call
    whose checked payload (what the callback would receive after the edge check) is
    the same as one already made for that callback: every wrong type becomes None."""
    for dep in deps:
        seen: set[str] = set()
        for item in dep["inputs"] + dep["state"]:
            slot = _key(item)
            for value in BAD_VALUES:
                payload = _payload(dep, slot, value)
                checked = {k: clean_slots(payload[k]) for k in ("inputs", "state")}
                fingerprint = json.dumps(
                    [checked, payload["changedPropIds"]], sort_keys=True, default=str
                )
                if fingerprint in seen:
                    continue
                seen.add(fingerprint)
                yield dep, slot, value, payload


@pytest.mark.parametrize("username", ["supervisor", "linhe", "admin", None])
def test_fuzz001_no_callback_raises_errors_or_writes(
    dash_app, fresh_db, actors, caplog, monkeypatch, username
):
    """Every slot of every server callback, each bad value: 200 or 204, no logged
    callback failure, no traceback in the answer, the database unchanged."""
    import presenters.charts
    from services.context import rules
    from services.publishing import publish

    # Input handling is under test, not drawing: a chart image costs ~0.5 s.
    monkeypatch.setattr(presenters.charts, "render_chart", lambda _figure, _fmt: PNG)
    # Published already, so that a fuzzed publish click is refused like a real one.
    publish(actors["supervisor"], 2026, 10, rules())
    client = dash_app.server.test_client()
    if username:
        assert login(client, username).status_code == 302
    deps = _server_callbacks(client)
    if username != "supervisor":
        deps = [d for d in deps if d["output"].strip(".").startswith(ACTOR_DEPENDENT)]
    before = _state()
    failures = []
    calls = 0
    for dep, slot, value, payload in _fuzz_calls(deps):
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            answer = client.post("/_dash-update-component", json=payload)
        calls += 1
        failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
        body = answer.get_data(as_text=True)
        if answer.status_code not in (200, 204) or failed or "Traceback" in body:
            failures.append(
                f"{dep['output'][:60]} {slot}={str(value)[:30]!r}: "
                f"{answer.status_code} "
                f"{failed[0].getMessage()[:120] if failed else ''}"
            )
    print(f"fuzzed {calls} calls as {username}")
    assert calls > (300 if username == "supervisor" else 200), calls
    assert not failures, f"{len(failures)} of {calls} calls failed:\n" + "\n".join(
        failures[:40]
    )
    assert _state() == before


@pytest.mark.parametrize("scope", ["150802", "999999", "110101"])
def test_fuzz002_a_forged_scope_in_the_page_store_is_a_bad_scope(
    client, dash_app, fresh_db, caplog, scope
):
    """A page store whose scope is a county (no units), an unknown code, or a region
    of another dataset crashed the indicator callback (pages/indicator.py →
    components/figures.py); it is answered as a forged store: nothing to show, no
    error logged."""
    stored = {"year": 2026, "month": 10, "lang": "zh", "submitted": False,
              "scope": scope}  # fmt: skip
    for output, values in (
        ("indicator-map.figure", {"indicator-code.data": "urban_new_jobs"}),
        ("rankings-table.children", {"rankings-sort.value": "total"}),
        ("overview-cards.children", {}),
    ):
        section = {"indicator": "nav_indicator", "rankings": "nav_rankings",
                   "overview": "nav_overview"}[output.split("-")[0]]  # fmt: skip
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            answer = post_callback(client, dash_app, output,
                                   {**values, f"{section}-query.data": stored})  # fmt: skip
        assert answer.status_code == 204, (output, answer.status_code)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # RecursionError in the parser
        '{"output": "x", "inputs": ' + "[" * 40 + "]" * 40 + "}",  # 40 deep
        '"a JSON string"',
        "[1, 2, 3]",
        "42",
        "null",
        '{"inputs": []}',
        '{"output": 5, "inputs": []}',
        '{"output": "rankings-table.children", "inputs": "x"}',
    ],
)
def test_fuzz003_malformed_callback_bodies_are_400_without_a_traceback(
    client, dash_app, caplog, body
):
    with caplog.at_level(logging.ERROR):
        answer = client.post("/_dash-update-component", data=body,
                             content_type="application/json")  # fmt: skip
    assert answer.status_code == 400, answer.status_code
    assert "Traceback" not in answer.get_data(as_text=True)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_fuzz004_a_damaged_database_file_gives_the_database_notice(
    dash_app, fresh_db, caplog
):
    """A database file overwritten past its header ("file is not a database",
    SQLAlchemy's DatabaseError) gave the generic notice on 11 of 17 callbacks: every
    callback that fails now names the database."""
    from data_access.engine import reset_engines

    client = dash_app.server.test_client()
    deps = _server_callbacks(client)
    reset_engines()
    with open(fresh_db, "r+b") as damaged:
        damaged.seek(0)
        damaged.write(b"\x00" * 100)  # the header: "SQLite format 3" is gone
        damaged.seek(4096)
        damaged.write(b"\xff" * 8192)
    for suffix in ("-wal", "-shm"):
        Path(f"{fresh_db}{suffix}").unlink(missing_ok=True)
    generic, named, calls = [], 0, 0
    for dep in deps:
        answer = client.post("/_dash-update-component", json=_payload(dep, None, None))
        calls += 1
        body = answer_text(answer) if answer.status_code == 200 else ""
        assert answer.status_code in (200, 204), (dep["output"], answer.status_code)
        if "这一部分暂时无法显示" in body:
            generic.append(dep["output"][:60])
        named += "数据库暂时不可用" in body or "数据库不可写" in body
    assert calls >= 17 and named >= 5, (calls, named)
    assert generic == [], generic
