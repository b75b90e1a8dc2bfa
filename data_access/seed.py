"""Create the schema and fill an empty database with the city catalogue and demo data.

``python -m data_access.seed`` migrates to the newest schema and, when the database is
empty, loads the city (``CITY_DIR``) and the deterministic 示例数据 dataset.
"""

from __future__ import annotations

import argparse
import secrets
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, insert, select

from data_access.accounts import create_user
from data_access.catalogue import is_empty, load_catalogue, refresh_aliases, set_info
from data_access.demo import DEMO_PASSWORD, DEMO_USERS, build_demo, last_complete_month
from data_access.engine import make_engine
from data_access.models import (
    DatasetInfo,
    Indicator,
    Region,
    Report,
    Submission,
    Target,
)
from data_access.queries import DATA_STAMP
from i18n import t
from settings import ROOT, load_settings, secret_key_for


def migrate(engine: Engine, revision: str = "head", down: bool = False) -> None:
    """Bring the schema to the newest Alembic revision (or to ``revision``; ``down``
    to go back to it), in one transaction.

    On SQLite, batch migrations rebuild a table that others refer to (copy, drop,
    rename), which foreign-key enforcement refuses once the tables hold data: it is
    switched off around the migration (SQLite only changes it outside a transaction)
    and every reference is checked before the transaction commits."""
    config = Config()  # no file: installed copies have no alembic.ini
    config.set_main_option("script_location", str(ROOT / "data_access" / "migrations"))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                (command.downgrade if down else command.upgrade)(config, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke references: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _key_maps(conn: Connection) -> tuple[dict[str, int], dict[str, int]]:
    regions = dict(conn.execute(select(Region.code, Region.id)).all())
    indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
    return regions, indicators


def load_demo(conn: Connection, end: tuple[int, int] | None = None) -> None:
    """Insert the demo targets and reports and mark the dataset as 示例数据."""
    targets, reports = build_demo(end)
    regions, indicators = _key_maps(conn)
    conn.execute(
        insert(Target),
        [
            {
                "region_id": regions[r.region],
                "indicator_id": indicators[r.indicator],
                "year": int(r.year),
                "value": float(r.value),
            }
            for r in targets.itertuples()
        ],
    )
    conn.execute(
        insert(Report),
        [
            {
                "region_id": regions[r.region],
                "indicator_id": indicators[r.indicator],
                "year": int(r.year),
                "month": int(r.month),
                "value": float(r.value),
                "approved_value": float(r.value),
            }
            for r in reports.itertuples()
        ],
    )
    approved = datetime(*(end or last_complete_month()), 1)
    periods = reports[["region", "year", "month"]].drop_duplicates()
    conn.execute(
        insert(Submission),
        [
            {
                "region_id": regions[r.region],
                "year": int(r.year),
                "month": int(r.month),
                "status": "approved",
                "updated_by": "demo",
                "updated_at": approved,
                "submitted_at": approved,
                "approved_at": approved,
            }
            for r in periods.itertuples()
        ],
    )
    for username, role, region, name in DEMO_USERS:
        create_user(conn, username, DEMO_PASSWORD, role, region, name)
    set_info(conn, "is_demo", "1")


def initialise(
    engine: Engine,
    city_dir: Path,
    demo: bool = True,
    demo_end: tuple[int, int] | None = None,
) -> bool:
    """Migrate; load the catalogue (and demo data) if the database is empty.

    Returns True when it loaded data, False when the database already had some.
    """
    migrate(engine)
    with engine.begin() as conn:
        if not is_empty(conn):
            refresh_aliases(conn, city_dir)
            return False
        load_catalogue(conn, city_dir)
        if demo:
            load_demo(conn, demo_end or last_complete_month())
        # A database made anew at a path where another was: its version starts
        # again, its stamp never repeats (cached views are keyed by both).
        set_info(conn, DATA_STAMP, secrets.token_hex(8))
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-demo", action="store_true", help="catalogue only")
    parser.add_argument("--demo-end", help="last demo month, YYYY-MM")
    args = parser.parse_args(argv)
    end = tuple(int(p) for p in args.demo_end.split("-")) if args.demo_end else None
    settings = load_settings()
    secret_key_for(settings)  # made once here, before the workers start
    # The one place that may create the database file.
    engine = make_engine(settings.database_url, immediate=True, create=True)
    loaded = initialise(engine, settings.city_dir, not args.no_demo, end)
    print(t("seed_loaded" if loaded else "seed_untouched", None))
    with engine.connect() as conn:
        is_demo = conn.execute(
            select(DatasetInfo.value).where(DatasetInfo.key == "is_demo")
        ).scalar()
    if is_demo == "1":
        print(t("seed_accounts", None, password=DEMO_PASSWORD))
        for username, role, region, name in DEMO_USERS:
            print(f"  {username:<11} {role:<10} {region or '':<7} {name}")


if __name__ == "__main__":
    main()
