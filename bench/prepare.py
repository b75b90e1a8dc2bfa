"""A generated data set ready for the load test (not part of the tests):

    python -m bench.prepare --scale national --folder /tmp/kaohe-load [--backend postgres]

writes the city folder and a SQLite database into ``--folder`` (or, with ``--backend
postgres``, starts a throwaway PostgreSQL server on loopback and a Redis server beside
it, and loads that), stores the assessment of every month of the two years the load test
reads (as ``flask db assess`` does after a bulk load), and prints the environment for
gunicorn and locust (DATABASE_URL, CITY_DIR, LOAD_COUNTIES, and REDIS_URL with
PostgreSQL). ``python -m bench.prepare --stop --folder …`` stops the servers it started.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

import numpy as np


def _servers(folder: Path) -> tuple[str, str]:
    """Start PostgreSQL (with a ``load`` database) and Redis for the load test; their
    handles go to ``folder/servers.json`` for ``--stop``. Returns (database, redis)
    URLs."""
    from sqlalchemy import text

    from data_access.engine import make_engine
    from tests.postgres_server import PostgresServer
    from tests.redis_server import RedisServer

    postgres = PostgresServer().start()
    redis_server = RedisServer().start()
    (folder / "servers.json").write_text(json.dumps({
        "postgres": str(postgres.folder), "port": postgres.port,
        "redis_pid": redis_server.process.pid}))  # fmt: skip
    admin = make_engine(postgres.url("postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE load"))
    admin.dispose()
    return postgres.url("load"), redis_server.url


def _stop(folder: Path) -> None:
    import shutil
    import subprocess

    from tests.postgres_server import _bin

    handles = json.loads((folder / "servers.json").read_text())
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, _bin("pg_ctl"), "-D", f"{handles['postgres']}/data",
                    "-m", "fast", "-w", "stop"], check=False, timeout=120)  # fmt: skip
    shutil.rmtree(handles["postgres"], ignore_errors=True)
    try:
        os.kill(handles["redis_pid"], signal.SIGTERM)
    except ProcessLookupError:
        pass
    (folder / "servers.json").unlink()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["province", "national"])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--stop", action="store_true",
                        help="stop the servers a --backend postgres run started")  # fmt: skip
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if args.stop:
        _stop(folder)
        return
    if args.scale is None:
        parser.error("--scale is required")
    folder.mkdir(parents=True, exist_ok=True)
    redis_url = None
    if args.backend == "postgres":
        url, redis_url = _servers(folder)
    else:
        url = f"sqlite:///{folder / 'load.db'}"
        (folder / "load.db").unlink(missing_ok=True)
    os.environ.update({"DATABASE_URL": url, "CITY_DIR": str(folder / "city"),
                       "APP_ENV": "test", "SECRET_KEY": "load"})  # fmt: skip
    from bench.generate import build_figures, bulk_load, write_folder
    from data_access.engine import make_engine, refresh_statistics
    from data_access.seed import initialise

    regions = write_folder(args.scale, folder / "city")
    engine = make_engine(url, create=True)
    initialise(engine, folder / "city", demo=False)
    bulk_load(engine, *build_figures(regions))
    engine.dispose()
    import app as app_module
    from bench.periods import PERIODS
    from services.assessment import store_all
    from services.context import rules
    from services.projection import outlook_period

    with app_module.server.app_context():  # as `flask db assess --year` does
        # The years the load test reads, both data modes: its periods are of 2025 and
        # 2026, and each view compares with the same month a year before and the month
        # before that (2024-12 for 2025-01, 2024-05 and 2024-06 for 2025-06). Without
        # 2024 the first readers judged and stored national periods in their requests.
        for year in (2024, 2025, 2026):
            store_all(rules, year)
        # The year-end outlook of the months readers open (the daily job's work: a
        # country's takes seconds a month, no reader should wait for it).
        for year, month in PERIODS:
            outlook_period(year, month, rules(year), "approved")
    engine = make_engine(url)
    refresh_statistics(engine, force=True)  # as `flask db assess` does
    engine.dispose()
    counties = regions.loc[regions.level == "county", "code"].to_numpy()
    sample = np.random.default_rng(7).choice(counties, size=min(50, len(counties)))
    writers = _writers(sorted(set(sample))[:WRITERS])
    extra = f" REDIS_URL={redis_url}" if redis_url else ""
    print(f"DATABASE_URL={url} CITY_DIR={folder / 'city'}{extra} "
          f"LOAD_COUNTIES={','.join(sorted(set(sample)))} LOAD_WRITERS={writers} "
          f"LOAD_OFFICE=load_office LOAD_PASSWORD={PASSWORD}")  # fmt: skip


WRITERS = 10  # accounts for up to this many county writers
PASSWORD = "Load-test-2026"


def _writers(codes: list[str]) -> str:
    """County accounts for the load test's writers (load_w1 … for ``codes``) and the
    office's (load_office); ``user:code,…`` as the locustfile reads it."""
    from data_access.accounts import create_user
    from data_access.engine import write_transaction

    pairs = [(f"load_w{i}", code) for i, code in enumerate(codes, start=1)]
    with write_transaction() as conn:
        for user, code in pairs:
            create_user(conn, user, PASSWORD, "county", region=code)
        create_user(conn, "load_office", PASSWORD, "supervisor")
    return ",".join(f"{user}:{code}" for user, code in pairs)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
