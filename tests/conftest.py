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


# Test files whose writing tests run against PostgreSQL too (marker postgres): the data
# layer, the workflow and the page callbacks. Tests of SQLite's own file handling, the
# browser and the long exploratory tests stay on SQLite.
BOTH_BACKENDS = {
    "test_data_layer.py", "test_imports.py", "test_import_wordings.py",
    "test_import_bounds.py", "test_hostile_files.py", "test_workflow.py", "test_exports.py",
    "test_reporting_callbacks.py", "test_mixed_workflows.py", "test_auth_and_forgery.py",
    "test_admin.py", "test_concurrency.py", "test_health_probe.py", "test_page_layer.py", "test_sessions_and_access.py", "test_backup.py",
    "test_stored_assessment.py", "test_migrations.py", "test_schemes.py",
    "test_stored_outlook.py", "test_supervision_store.py", "test_recompute.py",
}  # fmt: skip


# The longest files, run first: `make test` spreads the files over two processes
# (pytest-xdist, --dist loadfile --no-loadscope-reorder: in this order, not largest
# file first), which then finish together rather than one waiting
# two minutes for the stateful workflow it picked up last.
LONG_FILES = ("test_stateful_workflow.py", "test_stored_assessment.py",
              "test_callback_fuzz.py", "test_national.py")  # fmt: skip


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONG_FILES.index(name) if name in LONG_FILES else len(LONG_FILES)

    items.sort(key=rank)  # stable: each file's tests keep their order


def pytest_generate_tests(metafunc):
    if (
        "fresh_db" in metafunc.fixturenames
        and metafunc.definition.path.name in BOTH_BACKENDS
    ):
        metafunc.parametrize(
            "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
            indirect=True,
        )  # fmt: skip


@pytest.fixture()
def backend(request):
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_template():
    """A throwaway PostgreSQL server with a template database seeded like the SQLite
    one (demo data to 2026-10); each test gets a copy of it."""
    from sqlalchemy import text

    from data_access.engine import make_engine
    from data_access.seed import initialise
    from settings import load_settings
    from tests.postgres_server import PostgresServer

    server = PostgresServer().start()
    admin = make_engine(server.url("postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE kaohe_template"))
    seeding = make_engine(server.url("kaohe_template"), create=True)
    initialise(seeding, load_settings().city_dir, demo=True, demo_end=DEMO_END)
    seeding.dispose()
    yield server, admin
    admin.dispose()
    server.stop()


@pytest.fixture()
def fresh_db(backend, request, template_db, tmp_path, monkeypatch):
    """A private copy of the seeded database for a test that writes: a copy of the
    SQLite file, or (backend postgres) a database made from the PostgreSQL template."""
    from data_access.engine import reset_engines
    from tests.helpers import override_setting

    if backend == "postgres":
        from sqlalchemy import text

        server, admin = request.getfixturevalue("postgres_template")
        name = f"t_{abs(hash(request.node.nodeid)) % 10**12}"
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE kaohe_template'))
        override_setting(monkeypatch, "DATABASE_URL", server.url(name))
        reset_engines()
        yield name
        reset_engines()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        return
    target = tmp_path / "fresh.db"
    shutil.copy(template_db, target)
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


def _generated(tmp_path_factory, scale: str, first_year: int | None = None):
    """A data set as the benchmark generates it, in a SQLite file, with its city
    folder (catalogue and boundaries): (database URL, folder)."""
    from bench.generate import build_figures, bulk_load, write_folder
    from data_access.engine import make_engine
    from data_access.seed import initialise

    folder = tmp_path_factory.mktemp(scale)
    regions = write_folder(scale, folder / "city")
    url = f"sqlite:///{folder / f'{scale}.db'}"
    engine = make_engine(url, create=True)
    initialise(engine, folder / "city", demo=False)
    years = {} if first_year is None else {"first_year": first_year}
    bulk_load(engine, *build_figures(regions, **years))
    engine.dispose()
    return url, folder / "city"


def _pointed_at(files, monkeypatch):
    """The app pointed at a generated data set for one test."""
    from data_access.engine import reset_engines
    from tests.helpers import override_setting

    url, folder = files
    override_setting(monkeypatch, "DATABASE_URL", url)
    override_setting(monkeypatch, "CITY_DIR", str(folder))
    reset_engines()
    yield files
    reset_engines()


@pytest.fixture(scope="session")
def province_files(tmp_path_factory):
    """A generated province (12 cities, 100 counties, 2017-01 to 2026-10, every figure
    approved)."""
    return _generated(tmp_path_factory, "province")


@pytest.fixture(scope="session")
def national_files(tmp_path_factory):
    """The country as the benchmark generates it (31 provinces, 330 cities, 2,850
    counties), with 2026's ten months only (288,620 reports, every figure approved):
    the suite's national scale."""
    return _generated(tmp_path_factory, "national", first_year=2026)


@pytest.fixture()
def national(dash_app, national_files, monkeypatch):
    yield from _pointed_at(national_files, monkeypatch)


@pytest.fixture()
def province(dash_app, province_files, monkeypatch):
    yield from _pointed_at(province_files, monkeypatch)
