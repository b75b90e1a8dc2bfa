"""Load test: readers clicking through the main pages (not part of the test suite).

    make load                      # 50 readers, 60 s, against gunicorn (2 × 4) on loopback

Each simulated reader opens a page (the router callback renders it) and loads its panels
through ``/_dash-update-component``, as a browser does, pausing 1–3 s between clicks.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from datetime import date
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.periods import PERIODS  # noqa: E402

# The units readers open: the demo's counties, or (LOAD_COUNTIES, set by make load at
# province and national scale) a sample of the generated data set's counties.
COUNTIES = os.environ.get("LOAD_COUNTIES", "150802,150821,150822,150823,150824,150825,"
                          "150826").split(",")  # fmt: skip
INDICATORS = ["urban_new_jobs", "registered_unemployment_rate", "incubators"]


def _store(year: int, month: int) -> dict:
    return {"year": year, "month": month, "lang": "zh", "submitted": False,
            "scope": None, "units": None, "page": 0}  # fmt: skip


class Reader(HttpUser):
    weight = 1  # every user not a writer or the office
    wait_time = between(1, 3)

    def _page(self, path: str, search: str, name: str) -> None:
        self.client.post("/_dash-update-component", name=f"page {name}", json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]})  # fmt: skip

    def on_start(self):
        self.callbacks = Callbacks(self.client)

    def _panel(self, name: str, output: str, values: dict) -> None:
        """A page's panels callback (the one writing ``output``), its inputs and states
        as the app declares them now."""
        self.callbacks.post(output, values, [], name)

    @task(3)
    def rankings(self):
        year, month = random.choice(PERIODS)
        self._page("/rankings", f"?year={year}&month={month}", "rankings")
        self._panel("rankings table", "rankings-table.children",
                    {"nav_rankings-query.data": _store(year, month),
                     "rankings-sort.value": "total", "rankings-refresh.data": 0})  # fmt: skip

    @task(3)
    def overview(self):
        year, month = random.choice(PERIODS)
        self._page("/", f"?year={year}&month={month}", "overview")
        self._panel("overview panels", "overview-cards.children",
                    {"nav_overview-query.data": _store(year, month)})  # fmt: skip

    @task(2)
    def county(self):
        year, month = random.choice(PERIODS)
        code = random.choice(COUNTIES)
        self._page(f"/county/{code}", f"?year={year}&month={month}", "county")
        self._panel("county panels", "county-summary.children",
                    {"nav_county-query.data": _store(year, month),
                     "county-code.data": code})  # fmt: skip

    @task(1)
    def indicator(self):
        year, month = random.choice(PERIODS)
        code = random.choice(INDICATORS)
        self._page(f"/indicator/{code}", f"?year={year}&month={month}", "indicator")
        values = {
            "nav_indicator-query.data": _store(year, month),
            "indicator-code.data": code,
        }
        self._panel("indicator panels", "indicator-map.figure", values)
        self._panel("indicator trend", "indicator-trend.figure", values)


# Writers (make load WRITERS=n): county officials saving and submitting the month being
# reported, and the office approving it. Every write the server acknowledged is checked
# against the database when the test stops (a write acknowledged and then lost fails
# the run).
WRITER_ACCOUNTS = [pair.split(":") for pair in os.environ.get(
    "LOAD_WRITERS", "linhe:150802,dengkou:150822").split(",") if pair]  # fmt: skip
WRITERS = min(int(os.environ.get("WRITERS", "0") or 0), len(WRITER_ACCOUNTS))
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo12345")
OFFICE = os.environ.get("LOAD_OFFICE", "supervisor")
_today = date.today()
REPORTED = (
    (_today.year, _today.month - 1) if _today.month > 1 else (_today.year - 1, 12)
)
CONTROLS = {"shell-year.value": str(REPORTED[0]), "shell-month.value": str(REPORTED[1]),
            "shell-lang.value": "zh"}  # fmt: skip
# Request name → rendered-cache answers (X-Rendered-Cache: hit or miss), printed at the
# end: how many readers' answers were drawn again (after the writes that retired them).
RENDERED: dict[str, dict[str, int]] = {}


@events.request.add_listener
def count_rendered(name, response=None, exception=None, **_):
    headers = getattr(response, "headers", None) or {}
    found = headers.get("X-Rendered-Cache")
    if found and exception is None:
        counts = RENDERED.setdefault(name, {})
        counts[found] = counts.get(found, 0) + 1


@events.test_stop.add_listener
def report_rendered(environment, **_):
    for name, counts in sorted(RENDERED.items()):
        total = sum(counts.values())
        print(f"rendered cache {name}: {counts.get('hit', 0)}/{total} hits "
              f"({100 * counts.get('hit', 0) / total:.0f}%)")  # fmt: skip


# What the server acknowledged: county → values saved; county → values approved.
ACKED: dict[str, list[float]] = {}
APPROVED: dict[str, int] = {}
UNACKNOWLEDGED: list[str] = []
_accounts = itertools.count()


class Callbacks:
    """Callback requests built as the browser builds them, from the app's own
    dependency list (the inputs and states each callback is sent)."""

    def __init__(self, client) -> None:
        self.client = client
        self.specs = client.get("/_dash-dependencies", name="dependencies").json()

    def post(self, output: str, values: dict, triggered: list[str], name: str):
        spec = next(s for s in self.specs if output in s["output"])

        def entries(kind):
            found = []
            for item in spec[kind]:
                slot = f"{item['id']}.{item['property']}"
                value = values.get(slot)
                if slot.endswith("-query.data") and slot not in values:
                    value = {"year": REPORTED[0], "month": REPORTED[1], "lang": "zh",
                             "submitted": False}  # fmt: skip
                found.append({"id": item["id"], "property": item["property"],
                              "value": value})  # fmt: skip
            return found

        key = spec["output"]
        outputs = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
                   for o in key.strip(".").split("...")]  # fmt: skip
        return self.client.post("/_dash-update-component", name=name, json={
            "output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": entries("inputs"), "state": entries("state"),
            "changedPropIds": triggered})  # fmt: skip


def _words(response) -> str:
    """A callback's answer as text (Dash escapes Chinese in its JSON)."""
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return ""


def _sign_in(client, username: str) -> None:
    page = client.get("/login", name="login page").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/login", name="login", allow_redirects=False,
                data={"username": username, "password": PASSWORD, "csrf": token})  # fmt: skip


class Writer(HttpUser):
    """A county official: saves the month's urban new jobs (a figure that grows by
    one each time) and submits it, every few seconds."""

    fixed_count = WRITERS
    wait_time = between(2, 5)

    def on_start(self):
        self.user, self.county = WRITER_ACCOUNTS[next(_accounts) % len(WRITER_ACCOUNTS)]
        _sign_in(self.client, self.user)
        self.callbacks = Callbacks(self.client)
        # From the previous month's figure, as the grid shows it (a jump far from it
        # would need an explanation before submitting).
        grid = self.callbacks.post("data-grid.rowData", {**CONTROLS, "data-changed.data": 0},
                                   [], "write: open the month")  # fmt: skip
        rows = grid.json()["response"]["data-grid"]["rowData"] if grid.ok else []
        previous = next((r.get("previous") for r in rows
                         if r.get("code") == "urban_new_jobs"), None)  # fmt: skip
        # A whole number: urban new jobs are counted in persons (a fraction is refused).
        self.value = float(round(float(previous or 1000) * 1.08))

    @task
    def save_and_submit(self):
        self.value += 1
        # As the official does once the month is submitted or approved: ticks 确认撤回
        # 提交并修改 and gives the correction's reason.
        saved = self.callbacks.post("data-save-message.children", {
            **CONTROLS, "data-grid.rowData": [{"code": "urban_new_jobs", "value": self.value}],
            "data-changed.data": 0, "data-withdraw-ok.value": True,
            "data-correction-reason.value": "负载测试：补录当月新增就业"},
            ["data-save.n_clicks"], "write: save")  # fmt: skip
        words = _words(saved)
        if saved.status_code == 200 and "已保存" in words:
            ACKED.setdefault(self.county, []).append(self.value)
        elif (
            len(UNACKNOWLEDGED) < 3
        ):  # what a save not acknowledged said, for the report
            UNACKNOWLEDGED.append(f"{saved.status_code} {words[:300]}")
        self.callbacks.post("data-save-message.children", {**CONTROLS, "data-changed.data": 1},
                            ["data-submit.n_clicks"], "write: submit")  # fmt: skip


class Office(HttpUser):
    """The supervisory office: approves a writer county's submitted month now and
    then (refused, and not counted, when the county has saved again since)."""

    fixed_count = 1 if WRITERS else 0
    wait_time = between(3, 6)

    def on_start(self):
        _sign_in(self.client, OFFICE)
        self.callbacks = Callbacks(self.client)

    @task
    def approve(self):
        _, county = random.choice(WRITER_ACCOUNTS[:WRITERS])
        answer = self.callbacks.post("data-review-message.children", {
            **CONTROLS, "data-review-region.value": county, "data-changed.data": 0},
            ["data-approve.n_clicks"], "write: approve")  # fmt: skip
        if answer.status_code == 200 and "已审核通过" in _words(answer):
            APPROVED[county] = APPROVED.get(county, 0) + 1


if not WRITERS:  # a class of fixed_count 0 would be spawned by weight: readers only
    del Writer, Office


@events.test_stop.add_listener
def check_acknowledged_writes(environment, **_):
    """Every acknowledged save is in the database (the stored figure is the last one
    acknowledged or a later one sent), and every county with an acknowledged approval
    has an approved figure that one of its acknowledged saves wrote."""
    for answer in UNACKNOWLEDGED:
        print(f"a save not acknowledged: {answer}")
    if not ACKED:
        print("acknowledged writes: none (nothing to check)")
        return
    from sqlalchemy import create_engine, text

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from settings import load_settings

    engine = create_engine(load_settings().database_url)
    problems = []
    with engine.connect() as conn:
        for county, values in ACKED.items():
            row = conn.execute(text(
                "SELECT r.value, r.approved_value FROM reports r "
                "JOIN regions g ON g.id = r.region_id JOIN indicators i ON i.id = r.indicator_id "
                "WHERE g.code = :county AND i.code = 'urban_new_jobs' AND r.year = :y "
                "AND r.month = :m"), {"county": county, "y": REPORTED[0],
                                      "m": REPORTED[1]}).first()  # fmt: skip
            if row is None or row.value < max(values):
                problems.append(
                    f"{county}: saved {max(values)}, stored {row and row.value}"
                )
            elif APPROVED.get(county) and row.approved_value not in values:
                problems.append(f"{county}: approved {row.approved_value}, never saved")
    engine.dispose()
    saves, approvals = sum(map(len, ACKED.values())), sum(APPROVED.values())
    print(
        f"acknowledged writes: {saves} saves, {approvals} approvals; "
        f"{'all present' if not problems else 'LOST: ' + '; '.join(problems)}"
    )
    if problems:
        environment.process_exit_code = 1
