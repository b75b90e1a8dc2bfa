"""Load test: readers clicking through the main pages (not part of the test suite).

    make load                      # 50 readers, 60 s, against gunicorn (2 × 4) on loopback

Each simulated reader opens a page (the router callback renders it) and loads its panels
through ``/_dash-update-component``, as a browser does, pausing 1–3 s between clicks.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

PERIODS = [(2026, m) for m in range(1, 11)] + [(2025, 12), (2025, 6)]
# The units readers open: the demo's counties, or (LOAD_COUNTIES, set by make load at
# province and national scale) a sample of the generated data set's counties.
COUNTIES = os.environ.get("LOAD_COUNTIES", "150802,150821,150822,150823,150824,150825,"
                          "150826").split(",")  # fmt: skip
INDICATORS = ["urban_new_jobs", "registered_unemployment_rate", "incubators"]


def _store(year: int, month: int) -> dict:
    return {"year": year, "month": month, "lang": "zh", "submitted": False,
            "scope": None, "units": None, "page": 0}  # fmt: skip


def _payload(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]]):
    output = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
    return {
        "output": output,
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [],
        "changedPropIds": [],
    }


class Reader(HttpUser):
    wait_time = between(1, 3)

    def _page(self, path: str, search: str, name: str) -> None:
        self.client.post("/_dash-update-component", name=f"page {name}", json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]})  # fmt: skip

    def _panel(self, name, outputs, inputs) -> None:
        self.client.post("/_dash-update-component", name=name,
                         json=_payload(outputs, inputs))  # fmt: skip

    @task(3)
    def rankings(self):
        year, month = random.choice(PERIODS)
        self._page("/rankings", f"?year={year}&month={month}", "rankings")
        self._panel("rankings table",
                    [("rankings-table", "children"), ("rankings-bars", "figure"),
                     ("rankings-heatmap", "figure")],
                    [("nav_rankings-query", "data", _store(year, month)),
                     ("rankings-sort", "value", "total"), ("rankings-refresh", "data", 0)])  # fmt: skip

    @task(3)
    def overview(self):
        year, month = random.choice(PERIODS)
        self._page("/", f"?year={year}&month={month}", "overview")
        self._panel("overview panels",
                    [("overview-cards", "children"), ("overview-map", "figure"),
                     ("overview-map-list", "children")],
                    [("nav_overview-query", "data", _store(year, month))])  # fmt: skip

    @task(2)
    def county(self):
        year, month = random.choice(PERIODS)
        code = random.choice(COUNTIES)
        self._page(f"/county/{code}", f"?year={year}&month={month}", "county")
        self._panel("county panels",
                    [("county-summary", "children"), ("county-breakdown", "children")],
                    [("nav_county-query", "data", _store(year, month)),
                     ("county-code", "data", code)])  # fmt: skip

    @task(1)
    def indicator(self):
        year, month = random.choice(PERIODS)
        code = random.choice(INDICATORS)
        self._page(f"/indicator/{code}", f"?year={year}&month={month}", "indicator")
        self._panel("indicator panels",
                    [("indicator-map", "figure"), ("indicator-status-list", "children"),
                     ("indicator-bar", "figure"), ("indicator-trend", "figure")],
                    [("nav_indicator-query", "data", _store(year, month)),
                     ("indicator-code", "data", code)])  # fmt: skip
