"""Upgrading a database that holds data: the real path of every installed copy. The
0006 migration rebuilds the regions table (SQLite batch mode) while reports, targets,
users and submissions refer to it; nothing may be lost or left dangling."""

from __future__ import annotations

from sqlalchemy import text

from data_access.engine import get_engine, make_engine
from data_access.models import SCHEMA_REVISION
from data_access.seed import initialise, migrate
from settings import load_settings

COUNTS = ("regions", "reports", "targets", "users", "submissions", "report_history")


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(text(f"select count(*) from {name}")).scalar()  # noqa: S608
                for name in COUNTS}  # fmt: skip


def test_mig001_a_database_with_data_upgrades_from_0005(fresh_db, backend):
    settings = load_settings()
    engine = make_engine(settings.database_url, immediate=backend == "sqlite",
                         create=True)  # fmt: skip
    before = _counts(engine)
    migrate(engine, "0005", down=True)
    with engine.connect() as conn:
        assert (
            conn.execute(text("select version_num from alembic_version")).scalar()
            == "0005"
        )
    assert _counts(engine) == before
    assert initialise(engine, settings.city_dir) is False  # not empty: upgraded only
    assert _counts(engine) == before
    with engine.connect() as conn:
        assert (
            conn.execute(text("select version_num from alembic_version")).scalar()
            == SCHEMA_REVISION
        )
        columns = conn.execute(text("select * from assessment_invalidations")).keys()
        assert "region" in columns  # 0007
        tree = conn.execute(text("select count(*) from region_tree")).scalar()
        assert tree == 15  # 8 regions themselves + 7 counties under the city
        if backend == "sqlite":
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
    with get_engine().connect() as conn:  # the app's own engine still enforces them
        if backend == "sqlite":
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
