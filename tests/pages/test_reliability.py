"""Health check, security headers and the global callback error handler."""

from __future__ import annotations

import logging
import sys

from tests.helpers import post_callback


def test_rel001_health_reports_the_database(client, seeded_db, monkeypatch):
    """/health says ok with a database, 503 without one."""
    assert client.get("/health").get_json()["status"] == "ok"
    import server.auth as auth

    monkeypatch.setattr(auth, "database_problem", lambda: "unreachable")
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_rel002_security_headers_on_every_response(client, seeded_db):
    """nosniff and same-origin framing on pages, assets and exports."""
    for url in ("/", "/login", "/export/rankings.csv?year=2026&month=10"):
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "SAMEORIGIN", url


def test_rel003_callback_errors_are_logged_and_shown_briefly(
    client, dash_app, seeded_db, monkeypatch, caplog
):
    """A failing callback logs its traceback and opens the error notice; no
    traceback reaches the browser."""
    page = sys.modules["pages.rankings"]

    def explode(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(page, "period_view", explode)
    period = {"shell-year.value": "2026", "shell-month.value": "10",
              "shell-lang.value": "zh", "rankings-sort.value": "total"}  # fmt: skip
    with caplog.at_level(logging.ERROR, logger="kaohe"):
        response = post_callback(client, dash_app, "rankings-table.children", period)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "database went away" not in body
    assert "shell-error-toast" in body
    assert any(
        "database went away" in r.getMessage() and r.exc_info for r in caplog.records
    )
