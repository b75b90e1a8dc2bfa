"""Responses are compressed for browsers that ask, and stay small uncompressed."""

from __future__ import annotations

import gzip

from tests.helpers import post_callback, render_page

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
# The main page callbacks (output that names each) with the values a page sends.
MAIN = [
    ("overview-cards.children", {}),
    (
        "rankings-table.children",
        {"rankings-sort.value": "total", "rankings-refresh.data": 0},
    ),
    ("indicator-map.figure", {"indicator-code.data": "urban_new_jobs"}),
    ("county-breakdown.children", {"county-code.data": "150802"}),
    ("exports-preview.children", {}),
]


def test_cmp001_callbacks_and_pages_are_gzipped_when_asked(client, dash_app):
    page = render_page(client, "/rankings", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    body = gzip.decompress(page.data)
    assert b"shell-year" in body and len(page.data) < len(body) / 3
    plain = render_page(client, "/rankings")
    assert "Content-Encoding" not in plain.headers  # not asked: not compressed


def test_cmp002_no_main_callback_answers_more_than_200_kb(client, dash_app):
    """At city scale every main callback's answer is far under 200 KB uncompressed."""
    for output, extra in MAIN:
        answer = post_callback(client, dash_app, output, {**PERIOD, **extra})
        assert answer.status_code == 200, output
        assert len(answer.data) < 200 * 1024, (output, len(answer.data))
