"""Shared fixtures: a seeded SQLite file per session, the Dash app built once.

Dash registers ``@callback``s in a process-wide map and ``register_page`` needs an app,
so the app is created once per test session (as Dash's own suite does).
"""

from __future__ import annotations

import os
import shutil
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
    from data_access.engine import get_engine, make_engine, reset_engines
    from data_access.seed import initialise
    from settings import load_settings

    reset_engines()
    url = load_settings().database_url
    creating = make_engine(url, immediate=True, create=True)
    initialise(creating, load_settings().city_dir, demo=True, demo_end=DEMO_END)
    creating.dispose()
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


@pytest.fixture(scope="session")
def template_db(seeded_db) -> Path:
    """The seeded session database file, checkpointed so that it can be copied."""
    from sqlalchemy import text

    with seeded_db.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return _TMP / "session.db"


@pytest.fixture()
def fresh_db(template_db, tmp_path, monkeypatch):
    """A private copy of the seeded database for a test that writes."""
    from data_access.engine import reset_engines

    target = tmp_path / "fresh.db"
    shutil.copy(template_db, target)
    from tests.helpers import override_setting

    override_setting(monkeypatch, "DATABASE_URL", f"sqlite:///{target}")
    reset_engines()
    yield target
    reset_engines()


@pytest.fixture()
def actors(fresh_db):
    """The demo accounts as the data layer sees them."""
    from sqlalchemy import select

    from data_access.accounts import get_actor
    from data_access.engine import get_engine
    from data_access.models import User

    with get_engine().connect() as conn:
        rows = conn.execute(select(User.username, User.id)).all()
    return {name: get_actor(user_id) for name, user_id in rows}


@pytest.fixture(scope="session", autouse=True)
def _stop_chart_browser():
    """Close kaleido's shared browser before pytest closes its log streams."""
    yield
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)
