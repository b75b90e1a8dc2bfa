"""Shared fixtures: a seeded SQLite file per session, the Dash app built once.

Dash registers ``@callback``s in a process-wide map and ``register_page`` needs an app,
so the app is created once per test session (as Dash's own suite does).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

DEMO_END = (2026, 10)

_TMP = Path(tempfile.mkdtemp(prefix="kaohe-tests-"))
# Set before anything imports settings or the engine.
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'session.db'}"
os.environ.pop("CITY_DIR", None)
os.environ["SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["APP_ENV"] = "test"
os.environ["PUBLIC_READ"] = "1"


@pytest.fixture(scope="session")
def seeded_db():
    """The session database, migrated and loaded with the demo data to 2026-10."""
    from data_access.engine import get_engine
    from data_access.seed import initialise
    from settings import load_settings

    get_engine.cache_clear()
    initialise(get_engine(), load_settings().city_dir, demo=True, demo_end=DEMO_END)
    return get_engine()


@pytest.fixture(scope="session")
def dash_app(seeded_db):
    import app as app_module

    # Callbacks and the pages router register on the first request.
    app_module.app.server.test_client().get("/_dash-dependencies")
    return app_module.app


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()
